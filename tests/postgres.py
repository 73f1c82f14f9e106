"""A real PostgreSQL server for the tests, started in a temporary folder and deleted after them.

Debian's server (`make test` installs the `postgresql` package when it is missing). PostgreSQL will
not run as root, and the tests do, so as root it runs as the `postgres` user the package makes.
It listens on a free port of 127.0.0.1, with its unix socket in the temporary folder, and asks for
a password over TCP, so that the tests connect as the page would: with a URL holding a password.
"""

from __future__ import annotations

import os
import pwd
import re
import secrets
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import psycopg

BINARIES = Path("/usr/lib/postgresql")
HOW_TO_INSTALL = "make test installs it (apt-get install postgresql)"


class PostgresUnavailable(RuntimeError):
    """PostgreSQL could not be found or started; says why and how to fix it."""


@dataclass(frozen=True)
class PostgresServer:
    """A running server: `url(name)` is a database's URL, with the superuser's password in it."""

    port: int
    password: str = field(repr=False)

    def url(self, database: str) -> str:
        return f"postgresql://postgres:{self.password}@127.0.0.1:{self.port}/{database}"

    def admin(self) -> psycopg.Connection:
        """A connection to the server's own database, each statement committed, for making databases."""
        return psycopg.connect(self.url("postgres"), autocommit=True, connect_timeout=5)

    @contextmanager
    def database(self, name: str) -> Iterator[str]:
        """A new empty database for one test; its URL. Dropped after, with whatever is connected to it."""
        with self.admin() as admin:
            admin.execute(f'CREATE DATABASE "{name}"')
        try:
            yield self.url(name)
        finally:
            with self.admin() as admin:
                admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def find_binaries() -> Path:
    """The newest installed server's bin folder, such as /usr/lib/postgresql/15/bin."""
    found = sorted(
        (path.parent for path in BINARIES.glob("*/bin/pg_ctl")),
        key=lambda folder: [int(part) for part in re.findall(r"\d+", folder.parent.name)],
    )
    if not found:
        raise PostgresUnavailable(f"its server is not installed (no {BINARIES}/*/bin/pg_ctl): {HOW_TO_INSTALL}")
    return found[-1]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def running_postgres() -> Iterator[PostgresServer]:
    """Start a server in a new temporary folder; stop it and delete the folder after.

    Raises PostgresUnavailable, with the server's own words, when it cannot be started.
    """
    binaries = find_binaries()
    folder = Path(tempfile.mkdtemp(prefix="iop-search-postgres-"))
    as_user: list[str] = []
    if os.geteuid() == 0:
        try:
            owner = pwd.getpwnam("postgres")
        except KeyError:
            shutil.rmtree(folder)
            raise PostgresUnavailable(
                f"no 'postgres' user to run PostgreSQL as (it refuses root): {HOW_TO_INSTALL}"
            ) from None
        os.chown(folder, owner.pw_uid, owner.pw_gid)
        as_user = ["runuser", "-u", "postgres", "--"]
    data, log = folder / "data", folder / "server.log"
    password = secrets.token_urlsafe(16)
    password_file = folder / "password"
    password_file.write_text(password + "\n", encoding="utf-8")
    if as_user:
        os.chown(password_file, owner.pw_uid, owner.pw_gid)

    def run(*command: str) -> None:
        done = subprocess.run([*as_user, *command], cwd=folder, capture_output=True, text=True, timeout=120)
        if done.returncode != 0:
            server_log = log.read_text(encoding="utf-8", errors="replace")[-2000:] if log.exists() else ""
            raise PostgresUnavailable(
                f"{Path(command[0]).name} failed ({done.returncode}): {done.stderr.strip() or done.stdout.strip()}"
                f"\n{server_log}".rstrip()
            )

    started = False
    try:
        run(
            str(binaries / "initdb"),
            *("--pgdata", str(data), "--username", "postgres", "--pwfile", str(password_file)),
            *("--auth-local", "trust", "--auth-host", "scram-sha-256", "--encoding", "UTF8", "--no-locale"),
            "--no-sync",
        )
        port = free_port()
        # Durability is not what is tested: without fsync the server starts and writes faster.
        options = (
            f"-c port={port} -c listen_addresses=127.0.0.1 -c unix_socket_directories={folder}"
            " -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
        )
        run(str(binaries / "pg_ctl"), "start", "--pgdata", str(data), "--log", str(log), "--wait", "-o", options)
        started = True
        yield PostgresServer(port, password)
    finally:
        if started:
            subprocess.run(
                [*as_user, str(binaries / "pg_ctl"), "stop", "--pgdata", str(data), "--mode", "fast", "--wait"],
                cwd=folder,
                capture_output=True,
                timeout=60,
            )
        shutil.rmtree(folder, ignore_errors=True)
