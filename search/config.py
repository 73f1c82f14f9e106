"""Settings: defaults, then IOP_SEARCH_* environment variables, then command-line flags."""

from __future__ import annotations

import os
from dataclasses import dataclass, field, replace
from pathlib import Path

from .decision import FIRST_STAGE, RESCORED, Thresholds, read_calibration

# The project root, so that defaults work from any working directory.
PROJECT_ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Settings:
    """Where the corpus and index live, how many answers to show, and how to rank them.

    A search takes the `candidates` best chunks by the search model's similarity plus
    `lexical_weight` times the keyword score (scaled so the best keyword match scores 1);
    with `rescore`, those candidates are ranked again by the re-scoring model's similarity
    plus the same keyword term. One setting for every corpus: these values were chosen on the
    program tuning set, covidfaq_jhu and covid_q together; docs/quality.md shows them on every
    set. With `merge_repeats`, a result whose text repeats a better one's word for word is not
    shown twice. `thresholds` turn the top scores into an outcome, one set per stage,
    calibrated by `python -m search calibrate`.
    """

    corpus: Path = PROJECT_ROOT / "corpus"
    index: Path = PROJECT_ROOT / "index"
    k: int = 5
    candidates: int = 30
    lexical_weight: float = 0.1
    rescore: bool = True
    merge_repeats: bool = True
    thresholds: dict[str, Thresholds] = field(default_factory=read_calibration)

    def __post_init__(self) -> None:
        if self.k < 1:
            raise ValueError(f"k must be at least 1, got {self.k}")
        if self.candidates < self.k:
            raise ValueError(f"candidates must be at least k ({self.k}), got {self.candidates}")
        if self.lexical_weight < 0:
            raise ValueError(f"lexical_weight must not be negative, got {self.lexical_weight}")
        if set(self.thresholds) != {RESCORED, FIRST_STAGE}:
            raise ValueError(f"thresholds must be given for {RESCORED} and {FIRST_STAGE}")

    def with_overrides(self, **values: object) -> Settings:
        """A copy with the given fields replaced; None values are ignored (flags not given)."""
        return replace(self, **{key: value for key, value in values.items() if value is not None})


def load_settings(environ: dict[str, str] | None = None) -> Settings:
    """Defaults overridden by IOP_SEARCH_CORPUS, IOP_SEARCH_INDEX, IOP_SEARCH_K and IOP_SEARCH_RESCORE (0 or 1)."""
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
    if env.get("IOP_SEARCH_RESCORE"):
        if env["IOP_SEARCH_RESCORE"] not in ("0", "1"):
            raise ValueError(f"IOP_SEARCH_RESCORE must be 0 or 1, got {env['IOP_SEARCH_RESCORE']!r}")
        values["rescore"] = env["IOP_SEARCH_RESCORE"] == "1"
    return Settings().with_overrides(**values)
