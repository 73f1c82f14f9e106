"""The usage log: what is kept about each question, what is never kept, and how long it is kept.

Every behaviour is tried on both back ends, the SQLite file and a PostgreSQL database (a real
server the tests start, tests/postgres.py); what is about the file itself is tried on the file.
"""

from __future__ import annotations

import os
import re
import socket
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import psycopg
import pytest

from search.config import Settings, load_settings
from search.errors import UsageLogError
from search.retrieval.searcher import MAX_QUESTION_CHARS
from search.usage.log import USAGE_FILE, Event, UsageLog, hour_of, open_log
from search.usage.postgres import CONNECT_SECONDS
from tests.conftest import PROJECT_ROOT
from tests.disks import fill, make_read_only, small_disk
from tests.postgres import PostgresServer, free_port

NOW = datetime(2026, 11, 27, 4, 37, 12, tzinfo=UTC)
QUESTION = "Can my therapist call me at (541) 555-0142 or email jane.doe85@example.org about my relapse?"

Reopen = Callable[..., UsageLog]


@pytest.fixture(params=["sqlite", "postgresql"])
def settings(request: pytest.FixtureRequest, tmp_path: Path) -> Settings:
    """Where a test's log lives: the SQLite file in tmp_path, then a new PostgreSQL database."""
    url = request.getfixturevalue("postgres_url") if request.param == "postgresql" else None
    return Settings(usage_folder=tmp_path, usage_url=url, retention_days=30)


@pytest.fixture
def reopen(settings: Settings) -> Reopen:
    """Opens the test's log through the settings, as each server process and each page does."""

    def open_again(retention_days: int = 30, now: datetime = NOW) -> UsageLog:
        return open_log(replace(settings, retention_days=retention_days), now=now)

    return open_again


def _open_file(folder: Path, retention_days: int = 30, now: datetime = NOW) -> UsageLog:
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


def test_time_is_kept_only_to_the_hour_in_utc(reopen: Reopen) -> None:
    log = reopen()
    pacific = timezone(timedelta(hours=-8))
    _answer(log, now=datetime(2026, 11, 26, 20, 59, 59, tzinfo=pacific))
    assert [event.hour for event in log.events()] == ["2026-11-27T04:00Z"]
    assert hour_of(NOW) == "2026-11-27T04:00Z"


def test_a_time_without_a_time_zone_is_refused(reopen: Reopen) -> None:
    with pytest.raises(ValueError, match="time zone"):
        _answer(reopen(), now=datetime(2026, 11, 27, 4, 37))


def test_question_text_is_not_kept_by_default(reopen: Reopen) -> None:
    log = reopen()
    event_id = _answer(log)
    assert log.events() == [
        Event(event_id, "2026-11-27T04:00Z", "public", "answer", ("relapse-plan", "contact-therapist"), 0.71, None)
    ]


def test_question_text_is_kept_scrubbed_when_turned_on(reopen: Reopen) -> None:
    log = reopen()
    _answer(log, store_query=True)
    assert [event.query for event in log.events()] == [
        "Can my therapist call me at [phone] or email [email] about my relapse?"
    ]


def test_a_crisis_question_keeps_only_its_hour_and_outcome_even_when_text_is_turned_on(reopen: Reopen) -> None:
    log = reopen()
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
def test_unknown_audience_or_outcome_is_refused(reopen: Reopen, field: str, value: str, message: str) -> None:
    values = {"audience": "public", "outcome": "answer", field: value}
    with pytest.raises(ValueError, match=f"{message}.*{value}"):
        reopen().record(**values, result_ids=[], top_score=None, query=None, store_query=False)


def test_a_second_click_on_a_result_replaces_the_first(reopen: Reopen) -> None:
    log = reopen()
    event_id = _answer(log)
    log.record_feedback(event_id, "relapse-plan", helpful=True, now=NOW)
    log.record_feedback(event_id, "contact-therapist", helpful=True, now=NOW)
    log.record_feedback(event_id, "relapse-plan", helpful=False, now=NOW)
    assert log.feedback() == [(event_id, "relapse-plan", False), (event_id, "contact-therapist", True)]


def test_opening_deletes_questions_older_than_the_retention_period_with_their_clicks(reopen: Reopen) -> None:
    log = reopen()
    old = _answer(log, "Is parking free on weekends?", store_query=True, now=NOW - timedelta(days=31))
    recent = _answer(log, now=NOW - timedelta(days=29))
    log.record_feedback(old, "relapse-plan", helpful=False, now=NOW - timedelta(days=31))
    log.record_feedback(recent, "relapse-plan", helpful=True, now=NOW - timedelta(days=29))

    reopened = reopen(retention_days=30, now=NOW)

    assert [event.id for event in reopened.events()] == [recent]
    assert reopened.feedback() == [(recent, "relapse-plan", True)]
    # A click on a question already deleted is dropped, not an error.
    reopened.record_feedback(old, "relapse-plan", helpful=True, now=NOW)
    assert reopened.feedback() == [(recent, "relapse-plan", True)]


def test_deleted_questions_are_overwritten_in_the_file_not_left_in_its_free_space(tmp_path: Path) -> None:
    _answer(_open_file(tmp_path), "Is parking free on weekends?", store_query=True, now=NOW - timedelta(days=31))
    assert b"parking free" in (tmp_path / USAGE_FILE).read_bytes()  # the check below reads the right file
    _open_file(tmp_path, retention_days=30, now=NOW)
    assert b"parking free" not in (tmp_path / USAGE_FILE).read_bytes()


def _record_one_of_each(log: UsageLog) -> None:
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


SECRETS = (QUESTION, "541", "555-0142", "jane.doe85", "example.org", "hurt myself")


def test_the_file_never_holds_the_question_or_its_personal_details(tmp_path: Path) -> None:
    _record_one_of_each(_open_file(tmp_path))
    data = (tmp_path / USAGE_FILE).read_bytes()
    assert data.startswith(b"SQLite format 3")
    for secret in SECRETS:
        assert secret.encode() not in data
    # The scrubbed text is there: the check above is reading the right file.
    assert b"about my relapse?" in data


def test_the_database_never_holds_the_question_or_its_personal_details(postgres_url: str) -> None:
    _record_one_of_each(UsageLog.open_database(postgres_url, retention_days=30, now=NOW))
    with psycopg.connect(postgres_url) as connection:
        # Every column of every row, as the database itself writes them out.
        rows = [
            row for table in ("events", "feedback") for (row,) in connection.execute(f"SELECT t::text FROM {table} t")
        ]
    stored = "\n".join(rows)
    for secret in SECRETS:
        assert secret not in stored
    assert "about my relapse?" in stored


def test_the_log_is_readable_by_this_user_only(tmp_path: Path) -> None:
    _open_file(tmp_path / "usage")
    assert (tmp_path / "usage").stat().st_mode & 0o077 == 0
    assert (tmp_path / "usage" / USAGE_FILE).stat().st_mode & 0o077 == 0


def test_sessions_in_several_threads_can_open_and_record_at_once(reopen: Reopen) -> None:
    errors: list[BaseException] = []

    def session() -> None:
        try:
            log = reopen()
            for _ in range(20):
                _answer(log)
        except (UsageLogError, sqlite3.Error, psycopg.Error, ValueError) as error:
            errors.append(error)

    threads = [threading.Thread(target=session) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert len(reopen().events()) == 160


def test_two_server_processes_share_one_log_in_postgresql(postgres_url: str, tmp_path: Path) -> None:
    here = UsageLog.open_database(postgres_url, retention_days=30)
    mine = _answer(here, now=datetime.now(UTC))
    # Another process, configured as a second server would be: by IOP_SEARCH_USAGE_URL alone.
    other_process = (
        "import sys\n"
        "from search.config import load_settings\n"
        "from search.usage.log import open_log\n"
        "log = open_log(load_settings())\n"
        "log.record_feedback(int(sys.argv[1]), 'relapse-plan', helpful=False)\n"
        "print(log.record(audience='staff', outcome='no_answer', result_ids=[], top_score=0.2, query=None,"
        " store_query=False))\n"
        "print(log.events()[0].id)\n"
    )
    environment = {**os.environ, "IOP_SEARCH_USAGE_URL": postgres_url, "IOP_SEARCH_USAGE_DIR": str(tmp_path / "usage")}
    done = subprocess.run(
        [sys.executable, "-c", other_process, str(mine)],
        env=environment,
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    theirs, first_they_saw = (int(line) for line in done.stdout.split())
    assert first_they_saw == mine  # they see this process's question
    assert [event.id for event in here.events()] == [mine, theirs]  # and this process sees theirs
    assert here.feedback() == [(mine, "relapse-plan", False)]
    assert not (tmp_path / "usage").exists()  # no SQLite file was made beside the database


@pytest.mark.parametrize("days", [0, -1, 1.5])
def test_retention_must_be_at_least_one_whole_day(tmp_path: Path, days: object) -> None:
    with pytest.raises(ValueError, match=f"retention_days .* got {days}"):
        UsageLog.open(tmp_path, retention_days=days)  # type: ignore[arg-type]
    assert not (tmp_path / USAGE_FILE).exists()
    # Checked before any connection: nothing listens on this port.
    with pytest.raises(ValueError, match=f"retention_days .* got {days}"):
        UsageLog.open_database(f"postgresql://clinic@127.0.0.1:{free_port()}/usage", retention_days=days)  # type: ignore[arg-type]


def test_the_settings_choose_the_back_end(tmp_path: Path, postgres_url: str) -> None:
    # Without IOP_SEARCH_USAGE_URL the log is the SQLite file in IOP_SEARCH_USAGE_DIR, as it always was.
    _answer(open_log(load_settings({"IOP_SEARCH_USAGE_DIR": str(tmp_path / "usage")}), now=NOW))
    assert len(_open_file(tmp_path / "usage").events()) == 1
    # With it, the database, and no file.
    environment = {"IOP_SEARCH_USAGE_DIR": str(tmp_path / "other"), "IOP_SEARCH_USAGE_URL": postgres_url}
    _answer(open_log(load_settings(environment), now=NOW))
    assert len(UsageLog.open_database(postgres_url, retention_days=30).events()) == 1
    assert not (tmp_path / "other").exists()


@pytest.mark.parametrize(
    ("url", "named"),
    [
        ("mysql://clinic:s3cret@db/usage", "a mysql:// URL"),
        ("sqlite:///usage.sqlite3", "a sqlite:// URL"),
        ("clinic:s3cret@db", "text that is not a URL"),
        ("s3cret:clinic@db", "text that is not a URL"),
    ],
)
def test_a_usage_url_that_is_not_postgresql_is_refused_by_name_without_its_password(url: str, named: str) -> None:
    with pytest.raises(ValueError, match=f"IOP_SEARCH_USAGE_URL must be a postgresql:// URL.*got {named}") as refused:
        load_settings({"IOP_SEARCH_USAGE_URL": url})
    assert "s3cret" not in str(refused.value)
    assert "s3cret" not in repr(Settings(usage_url="postgresql://clinic:s3cret@db/usage"))


def _every_call(log: UsageLog, event_id: int, reopen: Reopen) -> dict[str, object]:
    """Each thing the page asks of the log, to be tried against a broken database."""
    return {
        "record": lambda: _answer(log),
        "record_feedback": lambda: log.record_feedback(event_id, "relapse-plan", helpful=True, now=NOW),
        "events": log.events,
        "feedback": log.feedback,
        "open": reopen,
    }


def _assert_each_call_fails_as_usage_log_error(log: UsageLog, event_id: int, reopen: Reopen, reason: str) -> None:
    for name, call in _every_call(log, event_id, reopen).items():
        with pytest.raises(UsageLogError, match=reason):
            call()  # a sqlite3, psycopg or OS error here is what used to take the page down
        assert name  # which call failed is in the traceback's frame


def test_a_full_disk_is_a_usage_log_error(tmp_path: Path) -> None:
    with small_disk(tmp_path / "usage") as folder:
        log = _open_file(folder)
        event_id = _answer(log)
        fill(folder)
        with pytest.raises(UsageLogError, match="full"):
            for _ in range(200):  # SQLite fills a page it already has first
                _answer(log, query="x" * 2000, store_query=True)
        with pytest.raises(UsageLogError, match="full"):
            log.record_feedback(event_id, "relapse-plan", helpful=True, now=NOW)


def test_a_read_only_database_is_a_usage_log_error(tmp_path: Path) -> None:
    with small_disk(tmp_path / "usage") as folder:
        log = _open_file(folder)
        event_id = _answer(log)
        make_read_only(folder)
        for call in (lambda: _answer(log), lambda: log.record_feedback(event_id, "relapse-plan", True, NOW)):
            with pytest.raises(UsageLogError, match="readonly"):
                call()
        assert len(log.events()) == 1  # reading still works


def _hold_the_lock(settings: Settings) -> Callable[[], None]:
    """Hold the log as another process would, until the returned function lets it go."""
    if settings.usage_url:
        holder = psycopg.connect(settings.usage_url)
        holder.execute("LOCK TABLE events, feedback IN ACCESS EXCLUSIVE MODE")  # until its transaction ends
    else:
        holder = sqlite3.connect(settings.usage_folder / USAGE_FILE)
        holder.execute("BEGIN EXCLUSIVE")
    return holder.close


def test_a_locked_database_is_a_usage_log_error(settings: Settings, reopen: Reopen, monkeypatch) -> None:
    monkeypatch.setattr("search.usage.log.BUSY_SECONDS", 0.2)  # each call waits this long for the lock
    log = reopen()
    event_id = _answer(log)
    release = _hold_the_lock(settings)
    try:
        # SQLite: "database is locked"; PostgreSQL: "canceling statement due to lock timeout".
        _assert_each_call_fails_as_usage_log_error(log, event_id, reopen, "lock")
    finally:
        release()
    assert len(reopen().events()) == 1  # and it works again once the lock is gone


def test_a_deleted_folder_is_a_usage_log_error_and_is_not_made_again_empty(tmp_path: Path) -> None:
    log = _open_file(tmp_path / "usage")
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
        _open_file(tmp_path / "not-a-folder" / "usage")


PASSWORD = "Correct-Horse-7Battery"


def _assert_fails_quickly_without_the_password(url: str, reason: str) -> None:
    started = time.monotonic()
    with pytest.raises(UsageLogError, match=reason) as failed:
        UsageLog.open_database(url, retention_days=30)
    # libpq would wait minutes for a server that does not answer; the page waits CONNECT_SECONDS.
    assert time.monotonic() - started < CONNECT_SECONDS + 3
    assert PASSWORD not in str(failed.value)
    # Which database, without the password.
    assert re.match(r"the usage log postgresql://\w+@127\.0\.0\.1:\d+/\w+ cannot be used: ", str(failed.value))


def test_a_postgresql_server_that_is_down_is_a_usage_log_error() -> None:
    url = f"postgresql://clinic:{PASSWORD}@127.0.0.1:{free_port()}/usage"  # nothing listens there
    _assert_fails_quickly_without_the_password(url, "refused")


def test_a_postgresql_server_that_does_not_answer_is_a_usage_log_error_within_seconds() -> None:
    with socket.socket() as silent:
        silent.bind(("127.0.0.1", 0))
        silent.listen()  # the connection is made, and never answered
        url = f"postgresql://clinic:{PASSWORD}@127.0.0.1:{silent.getsockname()[1]}/usage"
        _assert_fails_quickly_without_the_password(url, "timeout")


def test_a_wrong_postgresql_password_is_a_usage_log_error_that_does_not_show_it(
    postgres_server: PostgresServer,
) -> None:
    url = postgres_server.url("postgres").replace(f":{postgres_server.password}@", f":{PASSWORD}@")
    _assert_fails_quickly_without_the_password(url, "password authentication failed")


def test_a_question_longer_than_the_crisis_check_reads_is_never_stored(reopen: Reopen) -> None:
    log = reopen()
    with pytest.raises(ValueError, match=f"at most {MAX_QUESTION_CHARS} characters"):
        _answer(log, query="a" * MAX_QUESTION_CHARS + " I will kill myself", store_query=True)
    assert log.events() == []
