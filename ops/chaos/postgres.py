"""A PostgreSQL server of the chaos run's own, which it may kill.

The harness starts the operating system's server programs (Debian keeps them in
``/usr/lib/postgresql/<version>/bin``) with ``initdb`` into a new temporary folder, on a
free loopback port and a socket folder of its own, so that killing it with ``SIGKILL``
or refusing connections never touches another PostgreSQL server on the machine.
PostgreSQL refuses to run as root: as root the programs run as the unprivileged user
``postgres`` (through ``runuser``) in folders that user owns.

``fsync`` is off: the run kills the server, never the machine, and what the server
wrote survives a ``SIGKILL`` in the kernel's page cache.
"""

import os
import pwd
import shutil
import signal
import subprocess
import tempfile
import time
from contextlib import suppress
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import create_engine

from ops.broker import free_port
from ops.children import dies_with_parent
from rujukan.runtime.db import reachable

SERVER_PROGRAMS = Path("/usr/lib/postgresql")
SERVER_USER = "postgres"


class ServerProgramsMissing(RuntimeError):
    """No ``initdb`` and ``postgres`` programs where the operating system keeps them."""


def server_programs(root: Path = SERVER_PROGRAMS) -> Path:
    """The ``bin`` folder of the newest PostgreSQL version installed."""
    found = [
        path
        for path in root.glob("*/bin")
        if (path / "initdb").exists() and (path / "postgres").exists()
    ]
    if not found:
        raise ServerProgramsMissing(
            f"the PostgreSQL server programs (initdb, postgres) are not in {root}/<version>/bin"
        )
    return max(found, key=lambda p: _version(p.parent.name))


def _version(name: str) -> tuple[int, ...]:
    return tuple(int(part) for part in name.split(".") if part.isdigit())


@dataclass
class OwnPostgres:
    """One PostgreSQL server in a temporary folder, killed and started by the harness."""

    programs: Path
    port: int = field(default_factory=free_port)
    folder: Path = field(default_factory=lambda: Path(tempfile.mkdtemp(prefix="rujukan-pg-")))
    log_file: Path | None = None
    kills: int = 0
    _process: "subprocess.Popen[bytes] | None" = None

    @property
    def data(self) -> Path:
        return self.folder / "data"

    def url(self, database: str = "postgres") -> str:
        return f"postgresql+psycopg://{SERVER_USER}@127.0.0.1:{self.port}/{database}"

    def init(self) -> None:
        """``initdb`` into the folder (owned by the server's user)."""
        self._give_to_server_user(self.folder)
        self._run(
            "initdb", "-D", str(self.data), "-U", SERVER_USER, "-A", "trust", "-E", "UTF8",
            "--no-sync",
        )  # fmt: skip

    def start(self, timeout: float = 30.0) -> None:
        """Start the server and wait until it answers."""
        log = (self.log_file or self.folder / "server.log").open("ab")
        self._process = subprocess.Popen(
            [
                *self._as_server_user(),
                str(self.programs / "postgres"),
                "-D", str(self.data),
                "-p", str(self.port),
                "-k", str(self.folder),
                "-c", "listen_addresses=127.0.0.1",
                "-c", "fsync=off",
                "-c", "max_connections=200",
            ],
            stdout=log,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            start_new_session=True,
            preexec_fn=dies_with_parent(signal.SIGKILL),
        )  # fmt: skip
        deadline = time.monotonic() + timeout
        while not reachable(self.url()):
            if self._process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"the chaos run's PostgreSQL did not start; see {log.name}")
            time.sleep(0.2)

    def kill(self) -> None:
        """``SIGKILL`` to the server and every one of its processes at once: a crash."""
        process, self._process = self._process, None
        if process is None:
            return
        with suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait()
        self._wait_gone()
        self.kills += 1

    def create_database(self, name: str) -> str:
        """A new database on this server; its URL."""
        admin = create_engine(self.url(), isolation_level="AUTOCOMMIT")
        try:
            with admin.connect() as connection:
                connection.exec_driver_sql(f'CREATE DATABASE "{name}"')
        finally:
            admin.dispose()
        return self.url(name)

    def refuse_connections(self, databases: list[str], refuse: bool) -> None:
        """While ``refuse``, the server turns away every connection to ``databases``
        and ends the open ones; then it accepts them again."""
        admin = create_engine(self.url(), isolation_level="AUTOCOMMIT")
        try:
            with admin.connect() as connection:
                for name in databases:
                    allowed = "false" if refuse else "true"
                    connection.exec_driver_sql(
                        f'ALTER DATABASE "{name}" WITH ALLOW_CONNECTIONS {allowed}'
                    )
                    if refuse:
                        connection.exec_driver_sql(
                            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                            f"WHERE datname = '{name}'"
                        )
        finally:
            admin.dispose()

    def remove(self) -> None:
        """Kill the server if it runs, and delete its folder."""
        self.kill()
        shutil.rmtree(self.folder, ignore_errors=True)

    def _wait_gone(self, timeout: float = 10.0) -> None:
        """Until no process of the killed server holds its shared memory (a new server
        refuses to start beside one), at most ``timeout``."""
        deadline = time.monotonic() + timeout
        pid_file = self.data / "postmaster.pid"
        while pid_file.exists() and time.monotonic() < deadline:
            try:
                os.kill(int(pid_file.read_text().split()[0]), 0)
            except (ProcessLookupError, ValueError, IndexError, FileNotFoundError):
                return
            time.sleep(0.05)

    def _run(self, program: str, *args: str) -> None:
        subprocess.run(
            [*self._as_server_user(), str(self.programs / program), *args],
            check=True,
            capture_output=True,
        )

    @staticmethod
    def _as_server_user() -> list[str]:
        return ["runuser", "-u", SERVER_USER, "--"] if os.geteuid() == 0 else []

    @staticmethod
    def _give_to_server_user(folder: Path) -> None:
        if os.geteuid() == 0:
            user = pwd.getpwnam(SERVER_USER)
            os.chown(folder, user.pw_uid, user.pw_gid)
