"""The usage log's embedded back end: one SQLite file, readable by this user only.

Everything SQLite does differently from PostgreSQL for the log is here: its placeholder, its id
column, its per-connection pragmas and where it keeps the schema's version. The SQL itself is
search/usage/log.py's, the same for both.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass
from pathlib import Path

from search.errors import UsageLogError


@dataclass(frozen=True)
class SQLiteFile:
    """The log's rows in the SQLite file at `path`."""

    path: Path

    placeholder = "?"
    # Exactly this type, so that the column is the row id and numbers itself.
    id_column = "INTEGER PRIMARY KEY"
    # None: a write locks the whole file, so two connections never make the tables at once.
    schema_lock = None

    def stamp_version(self, version: int) -> str:
        return f"PRAGMA user_version = {int(version)}"

    @contextmanager
    def connect(self, making: bool, busy_seconds: float) -> Iterator[sqlite3.Connection]:
        """A connection for one call, committed on success, rolled back on error, always closed.

        With `making`, the folder and file are made first if missing. A write waits at most
        `busy_seconds` for another connection's. Raises UsageLogError for anything the file
        system or SQLite refuses.
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
            with closing(sqlite3.connect(self.path, timeout=busy_seconds)) as connection:
                # Both are per connection: the first makes a click go with its question, the
                # second overwrites deleted rows rather than leaving their text in the file.
                connection.execute("PRAGMA foreign_keys = ON")
                connection.execute("PRAGMA secure_delete = ON")
                with connection:
                    yield connection
        except (sqlite3.Error, OSError) as error:
            raise UsageLogError(f"the usage log {self.path} cannot be used: {error}") from None
