"""The outcome decision: thresholds on the top scores, per stage and audience, and how calibration chooses them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from search.config import CALIBRATION_FILE, Thresholds, read_calibration, write_calibration
from search.evaluation.calibration import ANSWER_PRECISION, Sample, calibrate, figures
from search.vocab import Audience, Stage

FIRST_STAGE, RESCORED = Stage.FIRST_STAGE, Stage.RESCORED
PUBLIC, STAFF = Audience.PUBLIC, Audience.STAFF

THRESHOLDS = Thresholds(answer=0.6, margin=0.05, likely=0.5, suggest=0.4)


@pytest.mark.parametrize(
    ("top", "second", "unknown_words", "outcome"),
    [
        (0.8, 0.5, False, "answer"),
        (0.8, None, False, "answer"),  # a single result leads by its whole score
        (0.8, 0.78, False, "likely"),  # two results close together: the best open, the other beside it
        (0.8, 0.5, True, "likely"),  # a word the content never uses: never a confident answer
        (0.55, 0.1, False, "likely"),
        (0.45, 0.1, False, "uncertain"),  # not sure enough to open one: "did you mean"
        (0.39, 0.1, False, "no_answer"),
    ],
)
def test_outcome_from_the_top_two_scores(top: float, second: float | None, unknown_words: bool, outcome: str) -> None:
    assert THRESHOLDS.outcome(top, second, unknown_words) == outcome


def _development_set() -> list[Sample]:
    """Right answers score high, wrong ones middling, unanswerable questions low, with overlap."""
    right = [Sample(0.55 + i * 0.01, 0.3, True, True) for i in range(40)]
    wrong = [Sample(0.45 + i * 0.01, 0.4, True, False) for i in range(10)]
    unanswerable = [Sample(0.20 + i * 0.01, 0.15, False, False) for i in range(30)]
    return right + wrong + unanswerable


@pytest.mark.parametrize("audience", [PUBLIC, STAFF])
def test_calibration_meets_its_targets_on_the_development_set(audience: Audience) -> None:
    samples = _development_set()
    thresholds = calibrate(samples, audience)
    result = figures(samples, thresholds)
    assert result["answer_precision"] >= ANSWER_PRECISION[audience]
    assert result["unanswerable_not_answered"] >= 0.97
    assert result["answerable_refused"] <= 0.03
    # It answers as much as those targets allow: every right answer above the wrong ones.
    assert result["answerable_answered"] >= 0.7
    # Every right answer is shown open, and few of the unanswerable questions, which score below.
    assert result["answerable_right_shown_open"] == 0.8
    assert result["unanswerable_not_shown_open"] >= 0.8
    assert thresholds.suggest <= thresholds.likely <= thresholds.answer


def test_staff_answers_need_a_stricter_bar_than_public_ones() -> None:
    # One wrong answer in 25 among the high scores: enough for the public target, not for staff.
    samples = [Sample(0.6 + i * 0.01, 0.3, True, i != 12) for i in range(25)]
    samples += [Sample(0.2 + i * 0.01, 0.1, False, False) for i in range(20)]
    public, staff = calibrate(samples, PUBLIC), calibrate(samples, STAFF)
    assert figures(samples, public)["answer_precision"] >= ANSWER_PRECISION[PUBLIC]
    assert figures(samples, staff)["answer_precision"] >= ANSWER_PRECISION[STAFF]
    assert staff.answer > public.answer


def test_calibration_that_cannot_reach_the_precision_never_answers_outright() -> None:
    coin_flips = [Sample(0.5, 0.4, True, i % 2 == 0) for i in range(20)] + [Sample(0.5, 0.4, False, False)] * 5
    thresholds = calibrate(coin_flips)
    assert thresholds.outcome(0.99, 0.0) != "answer"


def test_calibration_needs_both_kinds_of_question() -> None:
    with pytest.raises(ValueError, match="answerable and unanswerable"):
        calibrate([Sample(0.5, 0.4, True, True)])


def test_calibration_file_round_trip(tmp_path: Path) -> None:
    path = tmp_path / "calibration.json"
    other = Thresholds(0.5, 0.0, 0.4, 0.3)
    chosen = {
        RESCORED: {PUBLIC: (THRESHOLDS, {"answer_precision": 0.9}), STAFF: (other, {})},
        FIRST_STAGE: {PUBLIC: (other, {}), STAFF: (THRESHOLDS, {})},
        Stage.SPANISH: {PUBLIC: (other, {}), STAFF: (other, {})},
    }
    write_calibration(chosen, "tuning.jsonl", path)
    assert read_calibration(path) == {
        RESCORED: {PUBLIC: THRESHOLDS, STAFF: other},
        FIRST_STAGE: {PUBLIC: other, STAFF: THRESHOLDS},
        Stage.SPANISH: {PUBLIC: other, STAFF: other},
    }
    assert json.loads(path.read_text(encoding="utf-8"))["tuned_on"] == "tuning.jsonl"


def test_shipped_calibration_was_tuned_on_the_development_sets_only() -> None:
    data = json.loads(CALIBRATION_FILE.read_text(encoding="utf-8"))
    assert data["tuned_on"] == "tests/eval/tuning.jsonl, tests/eval/heldout.jsonl, tests/eval/spanish_tuning.jsonl"
    # The held-out sets measure; they never tune.
    assert "fresh" not in data["tuned_on"] and "spanish_heldout" not in data["tuned_on"]
    calibration = read_calibration()
    assert set(calibration) == {RESCORED, FIRST_STAGE, Stage.SPANISH}
    assert all(set(each) == {PUBLIC, STAFF} for each in calibration.values())
