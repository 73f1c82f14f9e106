"""Settings: defaults, then IOP_SEARCH_* environment variables, then command-line flags."""

from __future__ import annotations

import os
from dataclasses import dataclass, replace
from pathlib import Path

# The project root, so that defaults work from any working directory.
PROJECT_ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Settings:
    """Where the corpus and index live, and how many answers to show.

    answer_threshold is the cosine similarity below which the best match is not
    trusted as an answer (the query gets outcome `no_answer`); strong_threshold
    marks a match as "strong" in plain-language confidence. Both were set by looking
    at paraphrased and off-topic questions against the seed FAQ; calibrating them on
    an evaluation set is planned work.
    """

    corpus: Path = PROJECT_ROOT / "corpus"
    index: Path = PROJECT_ROOT / "index"
    k: int = 5
    answer_threshold: float = 0.35
    strong_threshold: float = 0.60

    def __post_init__(self) -> None:
        if self.k < 1:
            raise ValueError(f"k must be at least 1, got {self.k}")
        if not 0.0 <= self.answer_threshold <= self.strong_threshold <= 1.0:
            raise ValueError(
                "thresholds must satisfy 0 <= answer_threshold <= strong_threshold <= 1, got "
                f"{self.answer_threshold} and {self.strong_threshold}"
            )

    def with_overrides(self, **values: object) -> Settings:
        """A copy with the given fields replaced; None values are ignored (flags not given)."""
        return replace(self, **{key: value for key, value in values.items() if value is not None})


def load_settings(environ: dict[str, str] | None = None) -> Settings:
    """Defaults overridden by IOP_SEARCH_CORPUS, IOP_SEARCH_INDEX and IOP_SEARCH_K."""
    env = os.environ if environ is None else environ
    values: dict[str, object] = {}
    if env.get("IOP_SEARCH_CORPUS"):
        values["corpus"] = Path(env["IOP_SEARCH_CORPUS"])
    if env.get("IOP_SEARCH_INDEX"):
        values["index"] = Path(env["IOP_SEARCH_INDEX"])
    if env.get("IOP_SEARCH_K"):
        try:
            values["k"] = int(env["IOP_SEARCH_K"])
        except ValueError:
            raise ValueError(f"IOP_SEARCH_K must be a whole number, got {env['IOP_SEARCH_K']!r}") from None
    return Settings().with_overrides(**values)
