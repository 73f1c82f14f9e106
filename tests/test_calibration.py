"""The outcome decision: thresholds on the top scores, and how calibration chooses them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from search.config import CALIBRATION_FILE, Thresholds, read_calibration, write_calibration
from search.evaluation.calibration import Sample, calibrate, figures
from search.vocab import Stage

FIRST_STAGE, RESCORED = Stage.FIRST_STAGE, Stage.RESCORED

THRESHOLDS = Thresholds(answer=0.6, margin=0.05, suggest=0.4)


@pytest.mark.parametrize(
    ("top", "second", "outcome"),
    [
        (0.8, 0.5, "answer"),
        (0.8, None, "answer"),  # a single result leads by its whole score
        (0.8, 0.78, "uncertain"),  # two results too close to choose between
        (0.5, 0.1, "uncertain"),  # close, not sure enough
        (0.39, 0.1, "no_answer"),
    ],
)
def test_outcome_from_the_top_two_scores(top: float, second: float | None, outcome: str) -> None:
    assert THRESHOLDS.outcome(top, second) == outcome


def _tuning_set() -> list[Sample]:
    """Right answers score high, wrong ones middling, unanswerable questions low, with overlap."""
    right = [Sample(0.55 + i * 0.01, 0.3, True, True) for i in range(40)]
    wrong = [Sample(0.45 + i * 0.01, 0.4, True, False) for i in range(10)]
    unanswerable = [Sample(0.20 + i * 0.01, 0.15, False, False) for i in range(30)]
    return right + wrong + unanswerable


def test_calibration_meets_its_targets_on_the_tuning_set() -> None:
    samples = _tuning_set()
    thresholds = calibrate(samples)
    result = figures(samples, thresholds)
    assert result["answer_precision"] >= 0.90
    assert result["unanswerable_not_answered"] >= 0.95
    assert result["answerable_refused"] <= 0.03
    # It answers as much as those targets allow: every right answer above the wrong ones.
    assert result["answerable_answered"] >= 0.7
    assert thresholds.suggest <= thresholds.answer


def test_calibration_that_cannot_reach_the_precision_only_suggests() -> None:
    coin_flips = [Sample(0.5, 0.4, True, i % 2 == 0) for i in range(20)] + [Sample(0.5, 0.4, False, False)] * 5
    thresholds = calibrate(coin_flips)
    assert thresholds.outcome(0.99, 0.0) == "uncertain"


def test_calibration_needs_both_kinds_of_question() -> None:
    with pytest.raises(ValueError, match="answerable and unanswerable"):
        calibrate([Sample(0.5, 0.4, True, True)])


def test_calibration_file_round_trip(tmp_path: Path) -> None:
    path = tmp_path / "calibration.json"
    chosen = {RESCORED: (THRESHOLDS, {"answer_precision": 0.9}), FIRST_STAGE: (Thresholds(0.5, 0.0, 0.3), {})}
    write_calibration(chosen, "tuning.jsonl", path)
    assert read_calibration(path) == {RESCORED: THRESHOLDS, FIRST_STAGE: Thresholds(0.5, 0.0, 0.3)}
    assert json.loads(path.read_text(encoding="utf-8"))["tuned_on"] == "tuning.jsonl"


def test_shipped_calibration_was_tuned_on_the_tuning_set() -> None:
    data = json.loads(CALIBRATION_FILE.read_text(encoding="utf-8"))
    assert data["tuned_on"] == "tests/eval/tuning.jsonl"
    assert set(read_calibration()) == {RESCORED, FIRST_STAGE}
