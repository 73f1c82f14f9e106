"""Settings: defaults, then IOP_SEARCH_* environment variables, then command-line flags."""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from urllib.parse import urlsplit

from search.vocab import Audience, Outcome, Stage

# The project root, so that defaults work from any working directory.
PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_INDEX = PROJECT_ROOT / "index"
# The longest question taken: anything past it is cut before any other step, so the crisis check
# reads every character that is kept (danger mentioned at the end of a pasted story is still
# seen), and the usage log never stores text the check did not read. 20,000 characters take the
# crisis patterns about a tenth of a second; the page's question box stops at this length too.
MAX_QUESTION_CHARS = 20_000
# The thresholds behind each answer's outcome, chosen by `python -m search calibrate`.
CALIBRATION_FILE = Path(__file__).with_name("calibration.json")
# The URLs the usage log can live at instead of its SQLite file: a PostgreSQL database (libpq's two spellings).
USAGE_URL_SCHEMES = ("postgresql", "postgres")


@dataclass(frozen=True)
class Thresholds:
    """How sure a search is of its first result, from the top two scores.

    `answer` when the top score reaches `answer`, leads the next by `margin`, and the question
    has no word the content never uses; `likely` (shown open, with the others as other answers
    that may fit) when it reaches `likely`; `uncertain` ("did you mean") when it reaches
    `suggest`; otherwise `no_answer`.
    """

    answer: float
    margin: float
    likely: float
    suggest: float

    def outcome(self, top: float, second: float | None, unknown_words: bool = False) -> Outcome:
        lead = top - second if second is not None else top
        if top >= self.answer and lead >= self.margin and not unknown_words:
            return Outcome.ANSWER
        if top >= self.likely:
            return Outcome.LIKELY
        return Outcome.UNCERTAIN if top >= self.suggest else Outcome.NO_ANSWER


# Thresholds by stage, then by audience: staff answers have a stricter bar (a wrong policy is
# worse than "no policy found"), and staff scores include the staff-policy term.
Calibration = dict[str, dict[str, Thresholds]]


def read_calibration(path: Path = CALIBRATION_FILE) -> Calibration:
    data = json.loads(path.read_text(encoding="utf-8"))
    return {
        stage: {audience: Thresholds(**data[stage][audience]["thresholds"]) for audience in Audience} for stage in Stage
    }


def write_calibration(
    chosen: dict[str, dict[str, tuple[Thresholds, dict[str, float]]]], source: str, path: Path
) -> None:
    """Save thresholds, with the tuning figures they gave and the files they came from."""
    data = {
        stage: {
            audience: {"thresholds": asdict(thresholds), "tuning": figures}
            for audience, (thresholds, figures) in by_audience.items()
        }
        for stage, by_audience in chosen.items()
    }
    path.write_text(json.dumps({"tuned_on": source, **data}, indent=2) + "\n", encoding="utf-8")


@dataclass(frozen=True)
class Settings:
    """Where the corpus and index live, how many answers to show, and how to rank them.

    A search takes the `candidates` best chunks by the search model's similarity plus
    `lexical_weight` times the keyword score (scaled so the best keyword match scores 1),
    plus `staff_policy_boost` for a staff document when staff ask: the policy comes before
    what clients are told on the same topic when both answer. With `rescore`, those candidates
    are ranked again by the re-scoring model's similarity plus the same terms, unless the first
    stage is already sure: its best leads the next by `sure_lead` or more. A question's typos
    are corrected against the content's words with `correct_typos`, and the synonyms of
    corpus/synonyms.txt widen its keyword search with `use_synonyms`. One setting for
    every corpus: these values were chosen on the program's development sets, covidfaq_jhu and
    covid_q together; docs/quality.md shows them on every set. With `merge_repeats`, a result
    whose text repeats a better one's word for word is not shown twice. `thresholds` turn the
    top scores into an outcome, one set per stage and audience, calibrated by
    `python -m search calibrate`.

    A build of the corpus named in `gate_floor` is published only if it reaches the floor recorded
    there (search/publishing/gate.py).

    The page keeps usage figures in `usage_folder` (no question text unless `store_queries`,
    and then scrubbed; never for a crisis), and purges what is older than `retention_days`;
    with `usage_url` (postgresql://...) it keeps them in that PostgreSQL database instead, so
    several server processes share one log.
    Staff are signed out of the page after `staff_idle_minutes` without use.
    """

    corpus: Path = PROJECT_ROOT / "corpus"
    index: Path = DEFAULT_INDEX
    k: int = 5
    candidates: int = 30
    lexical_weight: float = 0.1
    staff_policy_boost: float = 0.1
    rescore: bool = True
    sure_lead: float = 0.15
    correct_typos: bool = True
    use_synonyms: bool = True
    merge_repeats: bool = True
    thresholds: Calibration = field(default_factory=read_calibration)
    usage_folder: Path = PROJECT_ROOT / "usage"
    usage_url: str | None = field(default=None, repr=False)  # holds a password: never shown
    store_queries: bool = False
    retention_days: int = 90
    staff_idle_minutes: int = 15
    gate_floor: Path = PROJECT_ROOT / "tests" / "eval" / "floor.json"

    def __post_init__(self) -> None:
        if self.k < 1:
            raise ValueError(f"k must be at least 1, got {self.k}")
        if self.candidates < self.k:
            raise ValueError(f"candidates must be at least k ({self.k}), got {self.candidates}")
        if self.lexical_weight < 0:
            raise ValueError(f"lexical_weight must not be negative, got {self.lexical_weight}")
        if self.retention_days < 1:
            raise ValueError(f"retention_days must be at least 1, got {self.retention_days}")
        if self.staff_idle_minutes < 1:
            raise ValueError(f"staff_idle_minutes must be at least 1, got {self.staff_idle_minutes}")
        if self.usage_url is not None and urlsplit(self.usage_url).scheme not in USAGE_URL_SCHEMES:
            # Only a URL's scheme is named, never the rest, which may hold a password.
            scheme = urlsplit(self.usage_url).scheme
            given = f"a {scheme}:// URL" if self.usage_url.startswith(f"{scheme}://") else "text that is not a URL"
            raise ValueError(
                "IOP_SEARCH_USAGE_URL must be a postgresql:// URL, or unset for the SQLite file in"
                f" IOP_SEARCH_USAGE_DIR; got {given}"
            )
        if set(self.thresholds) != set(Stage) or any(set(each) != set(Audience) for each in self.thresholds.values()):
            raise ValueError(f"thresholds must be given for {' and '.join(Stage)}, each for {' and '.join(Audience)}")

    def with_overrides(self, **values: object) -> Settings:
        """A copy with the given fields replaced; None values are ignored (flags not given)."""
        return replace(self, **{key: value for key, value in values.items() if value is not None})


def load_settings(environ: dict[str, str] | None = None) -> Settings:
    """Defaults overridden by IOP_SEARCH_CORPUS, IOP_SEARCH_INDEX, IOP_SEARCH_K, IOP_SEARCH_RESCORE
    (0 or 1), IOP_SEARCH_USAGE_DIR, IOP_SEARCH_USAGE_URL (postgresql://...), IOP_SEARCH_STORE_QUERIES
    (0 or 1), IOP_SEARCH_RETENTION_DAYS, IOP_SEARCH_STAFF_IDLE_MINUTES and IOP_SEARCH_GATE_FLOOR."""
    env = os.environ if environ is None else environ
    values: dict[str, object] = {}
    if env.get("IOP_SEARCH_USAGE_URL"):
        values["usage_url"] = env["IOP_SEARCH_USAGE_URL"]
    for name, field_name in (
        ("CORPUS", "corpus"),
        ("INDEX", "index"),
        ("USAGE_DIR", "usage_folder"),
        ("GATE_FLOOR", "gate_floor"),
    ):
        if env.get(f"IOP_SEARCH_{name}"):
            values[field_name] = Path(env[f"IOP_SEARCH_{name}"])
    for name, field_name in (
        ("K", "k"),
        ("RETENTION_DAYS", "retention_days"),
        ("STAFF_IDLE_MINUTES", "staff_idle_minutes"),
    ):
        if env.get(f"IOP_SEARCH_{name}"):
            try:
                values[field_name] = int(env[f"IOP_SEARCH_{name}"])
            except ValueError:
                raise ValueError(
                    f"IOP_SEARCH_{name} must be a whole number, got {env[f'IOP_SEARCH_{name}']!r}"
                ) from None
    for name, field_name in (("RESCORE", "rescore"), ("STORE_QUERIES", "store_queries")):
        if env.get(f"IOP_SEARCH_{name}"):
            if env[f"IOP_SEARCH_{name}"] not in ("0", "1"):
                raise ValueError(f"IOP_SEARCH_{name} must be 0 or 1, got {env[f'IOP_SEARCH_{name}']!r}")
            values[field_name] = env[f"IOP_SEARCH_{name}"] == "1"
    return Settings().with_overrides(**values)
