"""The usage log: what is kept about each question, what is never kept, and how long it is kept."""

from __future__ import annotations

import sqlite3
import threading
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest

from search.errors import UsageLogError
from search.retrieval.searcher import MAX_QUESTION_CHARS
from search.usage.log import USAGE_FILE, Event, UsageLog, hour_of
from tests.disks import fill, make_read_only, small_disk

NOW = datetime(2026, 11, 27, 4, 37, 12, tzinfo=UTC)
QUESTION = "Can my therapist call me at (541) 555-0142 or email jane.doe85@example.org about my relapse?"


def _open(folder: Path, retention_days: int = 30, now: datetime = NOW) -> UsageLog:
    return UsageLog.open(folder, retention_days=retention_days, now=now)


def _answer(log: UsageLog, query: str | None = QUESTION, store_query: bool = False, now: datetime = NOW) -> int:
    return log.record(
        audience="public",
        outcome="answer",
        result_ids=["relapse-plan", "contact-therapist"],
        top_score=0.71,
        query=query,
        store_query=store_query,
        now=now,
    )


def test_time_is_kept_only_to_the_hour_in_utc(tmp_path: Path) -> None:
    log = _open(tmp_path)
    pacific = timezone(timedelta(hours=-8))
    _answer(log, now=datetime(2026, 11, 26, 20, 59, 59, tzinfo=pacific))
    assert [event.hour for event in log.events()] == ["2026-11-27T04:00Z"]
    assert hour_of(NOW) == "2026-11-27T04:00Z"


def test_a_time_without_a_time_zone_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="time zone"):
        _answer(_open(tmp_path), now=datetime(2026, 11, 27, 4, 37))


def test_question_text_is_not_kept_by_default(tmp_path: Path) -> None:
    log = _open(tmp_path)
    event_id = _answer(log)
    assert log.events() == [
        Event(event_id, "2026-11-27T04:00Z", "public", "answer", ("relapse-plan", "contact-therapist"), 0.71, None)
    ]


def test_question_text_is_kept_scrubbed_when_turned_on(tmp_path: Path) -> None:
    log = _open(tmp_path)
    _answer(log, store_query=True)
    assert [event.query for event in log.events()] == [
        "Can my therapist call me at [phone] or email [email] about my relapse?"
    ]


def test_a_crisis_question_keeps_only_its_hour_and_outcome_even_when_text_is_turned_on(tmp_path: Path) -> None:
    log = _open(tmp_path)
    event_id = log.record(
        audience="staff",
        outcome="crisis",
        result_ids=["crisis-line"],
        top_score=0.9,
        query="I want to end my life, call me at 541-555-0142",
        store_query=True,
        now=NOW,
    )
    assert log.events() == [Event(event_id, "2026-11-27T04:00Z", None, "crisis", (), None, None)]
    with pytest.raises(ValueError, match="crisis"):
        log.record_feedback(event_id, "crisis-line", helpful=True, now=NOW)
    assert log.feedback() == []


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [("audience", "patients", "audience must be"), ("outcome", "answered", "outcome must be")],
)
def test_unknown_audience_or_outcome_is_refused(tmp_path: Path, field: str, value: str, message: str) -> None:
    values = {"audience": "public", "outcome": "answer", field: value}
    with pytest.raises(ValueError, match=f"{message}.*{value}"):
        _open(tmp_path).record(**values, result_ids=[], top_score=None, query=None, store_query=False)


def test_a_second_click_on_a_result_replaces_the_first(tmp_path: Path) -> None:
    log = _open(tmp_path)
    event_id = _answer(log)
    log.record_feedback(event_id, "relapse-plan", helpful=True, now=NOW)
    log.record_feedback(event_id, "contact-therapist", helpful=True, now=NOW)
    log.record_feedback(event_id, "relapse-plan", helpful=False, now=NOW)
    assert log.feedback() == [(event_id, "relapse-plan", False), (event_id, "contact-therapist", True)]


def test_opening_deletes_questions_older_than_the_retention_period_with_their_clicks(tmp_path: Path) -> None:
    log = _open(tmp_path)
    old = _answer(log, "Is parking free on weekends?", store_query=True, now=NOW - timedelta(days=31))
    recent = _answer(log, now=NOW - timedelta(days=29))
    log.record_feedback(old, "relapse-plan", helpful=False, now=NOW - timedelta(days=31))
    log.record_feedback(recent, "relapse-plan", helpful=True, now=NOW - timedelta(days=29))

    reopened = _open(tmp_path, retention_days=30, now=NOW)

    assert [event.id for event in reopened.events()] == [recent]
    assert reopened.feedback() == [(recent, "relapse-plan", True)]
    # Overwritten, not left in the file's free space.
    assert b"parking free" not in (tmp_path / USAGE_FILE).read_bytes()
    # A click on a question already deleted is dropped, not an error.
    reopened.record_feedback(old, "relapse-plan", helpful=True, now=NOW)
    assert reopened.feedback() == [(recent, "relapse-plan", True)]


def test_the_file_never_holds_the_question_or_its_personal_details(tmp_path: Path) -> None:
    log = _open(tmp_path)
    _answer(log, store_query=False)
    _answer(log, store_query=True)
    log.record(
        audience="public",
        outcome="crisis",
        result_ids=[],
        top_score=None,
        query="I am going to hurt myself tonight",
        store_query=True,
        now=NOW,
    )
    data = (tmp_path / USAGE_FILE).read_bytes()
    assert data.startswith(b"SQLite format 3")
    for secret in (QUESTION, "541", "555-0142", "jane.doe85", "example.org", "hurt myself"):
        assert secret.encode() not in data
    # The scrubbed text is there: the check above is reading the right file.
    assert b"about my relapse?" in data


def test_the_log_is_readable_by_this_user_only(tmp_path: Path) -> None:
    _open(tmp_path / "usage")
    assert (tmp_path / "usage").stat().st_mode & 0o077 == 0
    assert (tmp_path / "usage" / USAGE_FILE).stat().st_mode & 0o077 == 0


def test_sessions_in_several_threads_can_open_and_record_at_once(tmp_path: Path) -> None:
    errors: list[BaseException] = []

    def session() -> None:
        try:
            log = _open(tmp_path)
            for _ in range(20):
                _answer(log)
        except (UsageLogError, sqlite3.Error, ValueError) as error:
            errors.append(error)

    threads = [threading.Thread(target=session) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert len(_open(tmp_path).events()) == 160


@pytest.mark.parametrize("days", [0, -1, 1.5])
def test_retention_must_be_at_least_one_whole_day(tmp_path: Path, days: object) -> None:
    with pytest.raises(ValueError, match=f"retention_days .* got {days}"):
        UsageLog.open(tmp_path, retention_days=days)  # type: ignore[arg-type]
    assert not (tmp_path / USAGE_FILE).exists()


def _every_call(log: UsageLog, event_id: int) -> dict[str, object]:
    """Each thing the page asks of the log, to be tried against a broken file."""
    return {
        "record": lambda: _answer(log),
        "record_feedback": lambda: log.record_feedback(event_id, "relapse-plan", helpful=True, now=NOW),
        "events": log.events,
        "feedback": log.feedback,
        "open": lambda: _open(log.path.parent),
    }


def _assert_each_call_fails_as_usage_log_error(log: UsageLog, event_id: int, reason: str) -> None:
    for name, call in _every_call(log, event_id).items():
        with pytest.raises(UsageLogError, match=reason):
            call()  # a sqlite3 or OS error here is what used to take the page down
        assert name  # which call failed is in the traceback's frame


def test_a_full_disk_is_a_usage_log_error(tmp_path: Path) -> None:
    with small_disk(tmp_path / "usage") as folder:
        log = _open(folder)
        event_id = _answer(log)
        fill(folder)
        with pytest.raises(UsageLogError, match="full"):
            for _ in range(200):  # SQLite fills a page it already has first
                _answer(log, query="x" * 2000, store_query=True)
        with pytest.raises(UsageLogError, match="full"):
            log.record_feedback(event_id, "relapse-plan", helpful=True, now=NOW)


def test_a_read_only_database_is_a_usage_log_error(tmp_path: Path) -> None:
    with small_disk(tmp_path / "usage") as folder:
        log = _open(folder)
        event_id = _answer(log)
        make_read_only(folder)
        for call in (lambda: _answer(log), lambda: log.record_feedback(event_id, "relapse-plan", True, NOW)):
            with pytest.raises(UsageLogError, match="readonly"):
                call()
        assert len(log.events()) == 1  # reading still works


def test_a_locked_database_is_a_usage_log_error(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr("search.usage.log.BUSY_SECONDS", 0.2)  # each call waits this long for the lock
    log = _open(tmp_path)
    event_id = _answer(log)
    holder = sqlite3.connect(tmp_path / USAGE_FILE)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        _assert_each_call_fails_as_usage_log_error(log, event_id, "locked")
    finally:
        holder.close()
    assert len(_open(tmp_path).events()) == 1  # and it works again once the lock is gone


def test_a_deleted_folder_is_a_usage_log_error_and_is_not_made_again_empty(tmp_path: Path) -> None:
    log = _open(tmp_path / "usage")
    event_id = _answer(log)
    (tmp_path / "usage" / USAGE_FILE).unlink()
    (tmp_path / "usage").rmdir()
    for call in (lambda: _answer(log), lambda: log.record_feedback(event_id, "relapse-plan", True, NOW), log.events):
        with pytest.raises(UsageLogError, match="gone"):
            call()
    assert not (tmp_path / "usage").exists()


def test_a_folder_that_cannot_be_made_is_a_usage_log_error(tmp_path: Path) -> None:
    (tmp_path / "not-a-folder").write_text("a file where the folder should be", encoding="utf-8")
    with pytest.raises(UsageLogError, match="not-a-folder"):
        _open(tmp_path / "not-a-folder" / "usage")


def test_a_question_longer_than_the_crisis_check_reads_is_never_stored(tmp_path: Path) -> None:
    log = _open(tmp_path)
    with pytest.raises(ValueError, match=f"at most {MAX_QUESTION_CHARS} characters"):
        _answer(log, query="a" * MAX_QUESTION_CHARS + " I will kill myself", store_query=True)
    assert log.events() == []
