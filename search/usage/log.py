"""What the page keeps about its use: one row per question asked, and the helpful / not helpful clicks.

The questions are about mental health, so the log keeps as little as the figures for content
editors need, and the rules are applied here, not left to the caller:
- the time only to the hour, in UTC;
- no question text unless the clinic turns it on, and then only scrubbed (search/usage/scrub.py);
- for a crisis question, only the hour and the outcome: never its text, audience, results or
  score, whatever the setting, so no one reading the log can tie a crisis to a person;
- rows older than the retention period are deleted each time the log is opened, clicks with them.

SQLite, with one connection per call: Streamlit runs each session in its own thread, and short
connections need no lock. Deleted rows are overwritten (secure_delete), not left in free pages.

Every failure of the file (a full disk, a read-only or locked database, a deleted folder) is
raised as UsageLogError, one type the page catches: the log is never a reason to withhold an
answer or crisis help.
"""

from __future__ import annotations

import json
import os
import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import closing, contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from search.config import MAX_QUESTION_CHARS
from search.errors import UsageLogError
from search.usage.scrub import scrub
from search.vocab import AUDIENCES, OUTCOMES, Outcome

USAGE_FILE = "usage.sqlite3"
_HOUR_FORMAT = "%Y-%m-%dT%H:00Z"  # fixed width, so comparing the text compares the times
_SCHEMA_VERSION = 1
# How long a call waits for another connection's write: rows are written in milliseconds, so a
# longer wait means the file is held by something else, and the visitor should not wait on it.
BUSY_SECONDS = 2.0

_SCHEMA = f"""
CREATE TABLE IF NOT EXISTS events (
    id INTEGER PRIMARY KEY,
    hour TEXT NOT NULL,
    audience TEXT,
    outcome TEXT NOT NULL,
    result_ids TEXT NOT NULL,
    top_score REAL,
    query TEXT
);
CREATE INDEX IF NOT EXISTS events_hour ON events (hour);
CREATE TABLE IF NOT EXISTS feedback (
    id INTEGER PRIMARY KEY,
    event_id INTEGER NOT NULL REFERENCES events (id) ON DELETE CASCADE,
    result_id TEXT NOT NULL,
    helpful INTEGER NOT NULL CHECK (helpful IN (0, 1)),
    hour TEXT NOT NULL,
    UNIQUE (event_id, result_id)
);
PRAGMA user_version = {_SCHEMA_VERSION};
"""


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
    """The log in `path`; make one with `UsageLog.open(folder, retention_days)`."""

    path: Path

    @classmethod
    def open(cls, folder: Path, retention_days: int, now: datetime | None = None) -> UsageLog:
        """The log in folder/usage.sqlite3, made if missing, with rows older than `retention_days` deleted.

        The folder and file are made readable by this user only.
        """
        if isinstance(retention_days, bool) or not isinstance(retention_days, int) or retention_days < 1:
            raise ValueError(f"retention_days must be a whole number of days, at least 1, got {retention_days!r}")
        cutoff = hour_of((now or datetime.now(UTC)) - timedelta(days=retention_days))
        log = cls(folder / USAGE_FILE)
        with log._connect(making=True) as connection:
            connection.executescript(_SCHEMA)
            connection.execute("DELETE FROM events WHERE hour < ?", (cutoff,))
        return log

    @contextmanager
    def _connect(self, making: bool = False) -> Iterator[sqlite3.Connection]:
        """A connection for one call, committed on success, rolled back on error, always closed.

        With `making`, the folder and file are made first if missing. Raises UsageLogError for
        anything the file system or SQLite refuses.
        """
        try:
            if making:
                self.path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
                if not self.path.exists():
                    # Made here so that it is never readable by others, whatever the umask;
                    # SQLite gives its journal file the same permissions.
                    os.close(os.open(self.path, os.O_CREAT | os.O_WRONLY, 0o600))
            elif not self.path.is_file():
                # sqlite3.connect would make an empty database, and without the schema.
                raise UsageLogError(f"the usage log {self.path} is gone")
            with closing(sqlite3.connect(self.path, timeout=BUSY_SECONDS)) as connection:
                # Both are per connection: the first makes a click go with its question, the
                # second overwrites deleted rows rather than leaving their text in the file.
                connection.execute("PRAGMA foreign_keys = ON")
                connection.execute("PRAGMA secure_delete = ON")
                with connection:
                    yield connection
        except (sqlite3.Error, OSError) as error:
            raise UsageLogError(f"the usage log {self.path} cannot be used: {error}") from None

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
            cursor = connection.execute(
                "INSERT INTO events (hour, audience, outcome, result_ids, top_score, query) VALUES (?, ?, ?, ?, ?, ?)",
                row,
            )
            return int(cursor.lastrowid)

    def record_feedback(self, event_id: int, result_id: str, helpful: bool, now: datetime | None = None) -> None:
        """Keep a helpful / not helpful click on one result; a second click on it replaces the first.

        A click on a question already deleted (the page was open past the retention period) is
        dropped, as it would have been deleted with the question.
        """
        with self._connect() as connection:
            found = connection.execute("SELECT outcome FROM events WHERE id = ?", (event_id,)).fetchone()
            if found is None:
                return
            if found[0] == Outcome.CRISIS:
                raise ValueError(f"event {event_id} is a crisis question; the log keeps no results for it")
            connection.execute(
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
