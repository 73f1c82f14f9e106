"""What the page keeps about its use: one row per question asked, and the helpful / not helpful clicks.

The questions are about mental health, so the log keeps as little as the figures for content
editors need, and the rules are applied here, not left to the caller:
- the time only to the hour, in UTC;
- no question text unless the clinic turns it on, and then only scrubbed (search/usage/scrub.py);
- for a crisis question, only the hour and the outcome: never its text, audience, results or
  score, whatever the setting, so no one reading the log can tie a crisis to a person;
- rows older than the retention period are deleted each time the log is opened, clicks with them.

The rows live in a SQLite file by default (search/usage/sqlite_file.py), or, when
IOP_SEARCH_USAGE_URL names one, in a PostgreSQL database that several server processes share
(search/usage/postgres.py). One connection per call either way: Streamlit runs each session in its
own thread, and short connections need no lock. In the SQLite file deleted rows are overwritten
(secure_delete), not left in free pages.

One schema and one code path for both: the SQL below is written once, and each back end adapts the
few words that differ (its placeholder, its id column, its per-connection settings) through the
small Store protocol. SQLAlchemy Core would do that adapting too, but for six statements it would
add a large dependency and a second way of writing SQL; here the statements the database runs are
the ones written in this file.

Every failure (a full disk, a read-only or locked database, a deleted folder, a server that is
down or refuses the password) is raised as UsageLogError, one type the page catches, and quickly:
the log is never a reason to withhold an answer or crisis help.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, Protocol

from search.config import MAX_QUESTION_CHARS, Settings
from search.usage.postgres import PostgresDatabase
from search.usage.scrub import scrub
from search.usage.sqlite_file import SQLiteFile
from search.vocab import AUDIENCES, OUTCOMES, Outcome

USAGE_FILE = "usage.sqlite3"
_HOUR_FORMAT = "%Y-%m-%dT%H:00Z"  # fixed width, so comparing the text compares the times
_SCHEMA_VERSION = 1
# How long a call waits for another connection's write: rows are written in milliseconds, so a
# longer wait means the database is held by something else, and the visitor should not wait on it.
BUSY_SECONDS = 2.0

# {id} is each back end's self-numbering id column. DOUBLE PRECISION, not REAL: PostgreSQL's REAL
# would keep a score as 0.7099999785; in SQLite both names mean the same.
_SCHEMA = (
    """CREATE TABLE IF NOT EXISTS events (
    id {id},
    hour TEXT NOT NULL,
    audience TEXT,
    outcome TEXT NOT NULL,
    result_ids TEXT NOT NULL,
    top_score DOUBLE PRECISION,
    query TEXT
)""",
    "CREATE INDEX IF NOT EXISTS events_hour ON events (hour)",
    """CREATE TABLE IF NOT EXISTS feedback (
    id {id},
    event_id BIGINT NOT NULL REFERENCES events (id) ON DELETE CASCADE,
    result_id TEXT NOT NULL,
    helpful INTEGER NOT NULL CHECK (helpful IN (0, 1)),
    hour TEXT NOT NULL,
    UNIQUE (event_id, result_id)
)""",
)


class Store(Protocol):
    """Where the rows live, and the few words of SQL its database spells its own way."""

    placeholder: str  # what stands for a value in a statement: "?" or "%s"
    id_column: str  # the type of a self-numbering id column
    schema_lock: str | None  # a statement that keeps other processes from making the tables at once

    def stamp_version(self, version: int) -> str:
        """A statement that records the schema's version where this database keeps such things."""
        ...

    def connect(self, making: bool, busy_seconds: float) -> AbstractContextManager[Any]:
        """A DB-API connection for one call (committed on success), raising UsageLogError on any failure."""
        ...


@dataclass(frozen=True)
class Event:
    """One question asked. `hour` is like "2026-11-27T04:00Z"; `query` is scrubbed text or None.

    For a crisis question `audience`, `query` and `top_score` are None and `result_ids` is empty.
    """

    id: int
    hour: str
    audience: str | None
    outcome: str
    result_ids: tuple[str, ...]
    top_score: float | None
    query: str | None


def hour_of(now: datetime | None = None) -> str:
    """The time rounded down to the hour, in UTC, as ISO text: "2026-11-27T04:00Z"."""
    if now is None:
        now = datetime.now(UTC)
    elif now.tzinfo is None:
        raise ValueError(f"now must say its time zone (datetime.now(UTC)), got {now.isoformat()}")
    return now.astimezone(UTC).strftime(_HOUR_FORMAT)


@dataclass(frozen=True)
class UsageLog:
    """The log in `store`; make one with `open_log(settings)`, or `UsageLog.open(folder, retention_days)`
    for a SQLite file and `UsageLog.open_database(url, retention_days)` for a PostgreSQL database."""

    store: Store

    @classmethod
    def open(cls, folder: Path, retention_days: int, now: datetime | None = None) -> UsageLog:
        """The log in folder/usage.sqlite3, made if missing, with rows older than `retention_days` deleted.

        The folder and file are made readable by this user only.
        """
        _check_retention(retention_days)
        return cls._opened(SQLiteFile(folder / USAGE_FILE), retention_days, now)

    @classmethod
    def open_database(cls, url: str, retention_days: int, now: datetime | None = None) -> UsageLog:
        """The log in the PostgreSQL database at `url`, its tables made if missing, with rows older
        than `retention_days` deleted. The database itself must exist."""
        _check_retention(retention_days)
        return cls._opened(PostgresDatabase(url), retention_days, now)

    @classmethod
    def _opened(cls, store: Store, retention_days: int, now: datetime | None) -> UsageLog:
        cutoff = hour_of((now or datetime.now(UTC)) - timedelta(days=retention_days))
        log = cls(store)
        with log._connect(making=True) as connection:
            if store.schema_lock:
                connection.execute(store.schema_lock)
            for statement in _SCHEMA:
                connection.execute(statement.format(id=store.id_column))
            connection.execute(store.stamp_version(_SCHEMA_VERSION))
            log._execute(connection, "DELETE FROM events WHERE hour < ?", (cutoff,))
        return log

    def _connect(self, making: bool = False) -> AbstractContextManager[Any]:
        # BUSY_SECONDS is read at each call, so a test can shorten the wait.
        return self.store.connect(making, BUSY_SECONDS)

    def _execute(self, connection: Any, statement: str, values: Sequence[object]) -> Any:
        """Run one statement written with "?" for each value, in the store's own placeholder."""
        return connection.execute(statement.replace("?", self.store.placeholder), tuple(values))

    def record(
        self,
        *,
        audience: str,
        outcome: str,
        result_ids: Sequence[str],
        top_score: float | None,
        query: str | None,
        store_query: bool,
        now: datetime | None = None,
    ) -> int:
        """Keep one question asked, by the rules in this module's docstring; returns its event id.

        `query` is the question as typed; it is stored, scrubbed, only when `store_query` is on
        and the outcome is not a crisis. It may be at most MAX_QUESTION_CHARS long, the length
        the crisis check reads whole, so no stored text went unchecked.
        """
        if audience not in AUDIENCES:
            raise ValueError(f"audience must be {' or '.join(AUDIENCES)}, got {audience!r}")
        if outcome not in OUTCOMES:
            raise ValueError(f"outcome must be one of {', '.join(OUTCOMES)}, got {outcome!r}")
        if isinstance(result_ids, str):
            raise ValueError(f"result_ids must be a list of ids, got the text {result_ids!r}")
        if query is not None and len(query) > MAX_QUESTION_CHARS:
            raise ValueError(f"query must be at most {MAX_QUESTION_CHARS} characters, the length checked for crisis")
        if outcome == Outcome.CRISIS:
            row = (hour_of(now), None, outcome, "[]", None, None)
        else:
            stored = scrub(query) if store_query and query else None
            score = None if top_score is None else float(top_score)
            row = (hour_of(now), audience, outcome, json.dumps(list(result_ids)), score, stored)
        with self._connect() as connection:
            cursor = self._execute(
                connection,
                "INSERT INTO events (hour, audience, outcome, result_ids, top_score, query)"
                " VALUES (?, ?, ?, ?, ?, ?) RETURNING id",
                row,
            )
            return int(cursor.fetchone()[0])

    def record_feedback(self, event_id: int, result_id: str, helpful: bool, now: datetime | None = None) -> None:
        """Keep a helpful / not helpful click on one result; a second click on it replaces the first.

        A click on a question already deleted (the page was open past the retention period) is
        dropped, as it would have been deleted with the question.
        """
        with self._connect() as connection:
            found = self._execute(connection, "SELECT outcome FROM events WHERE id = ?", (event_id,)).fetchone()
            if found is None:
                return
            if found[0] == Outcome.CRISIS:
                raise ValueError(f"event {event_id} is a crisis question; the log keeps no results for it")
            self._execute(
                connection,
                "INSERT INTO feedback (event_id, result_id, helpful, hour) VALUES (?, ?, ?, ?)"
                " ON CONFLICT (event_id, result_id) DO UPDATE SET helpful = excluded.helpful, hour = excluded.hour",
                (event_id, result_id, int(bool(helpful)), hour_of(now)),
            )

    def events(self) -> list[Event]:
        """Every question kept, oldest first."""
        with self._connect() as connection:
            rows = connection.execute(
                "SELECT id, hour, audience, outcome, result_ids, top_score, query FROM events ORDER BY id"
            ).fetchall()
        return [
            Event(event_id, hour, audience, outcome, tuple(json.loads(ids)), score, query)
            for event_id, hour, audience, outcome, ids, score, query in rows
        ]

    def feedback(self) -> list[tuple[int, str, bool]]:
        """Every click kept, as (event id, result id, helpful), in the order of the questions."""
        with self._connect() as connection:
            rows = connection.execute(
                "SELECT event_id, result_id, helpful FROM feedback ORDER BY event_id, id"
            ).fetchall()
        return [(event_id, result_id, bool(helpful)) for event_id, result_id, helpful in rows]


def open_log(settings: Settings, now: datetime | None = None) -> UsageLog:
    """The usage log the settings name: in the PostgreSQL database at `usage_url` when it is set, so
    that several server processes share one log; otherwise in the SQLite file in `usage_folder`."""
    if settings.usage_url:
        return UsageLog.open_database(settings.usage_url, settings.retention_days, now)
    return UsageLog.open(settings.usage_folder, settings.retention_days, now)


def _check_retention(retention_days: int) -> None:
    if isinstance(retention_days, bool) or not isinstance(retention_days, int) or retention_days < 1:
        raise ValueError(f"retention_days must be a whole number of days, at least 1, got {retention_days!r}")
