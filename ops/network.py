"""A local network of agency processes: the broker plus one process per agency
instance, each with its SQLite file under a data directory.

Used by ``rujukan up`` and by the demo, benchmark and fault harnesses, which also
kill and restart processes (``kill -9`` is what a crash looks like).
"""

import csv
import os
import signal
import subprocess
import sys
import time
from collections.abc import Collection
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import httpx

from ops.broker import LocalBroker
from ops.children import dies_with_parent
from ops.zygote import Zygote, ZygoteChild
from rujukan.calendar import national_holidays
from rujukan.directory import load_directory
from rujukan.runtime.keyfiles import ensure_keys
from rujukan.runtime.settings import default_key_file, default_public_keys_file
from schemas.sealing import learn_sealed_properties

LOCAL_NETWORK_FILE = Path(__file__).resolve().parent / "data" / "local_network.csv"
"""The members of the local network: a demo's choice, not reference data of the network."""


@dataclass(frozen=True)
class Member:
    """One agency instance of the local network."""

    agency_id: str
    http_port: int

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.http_port}"


def load_members(
    path: Path | None = None,
    port_offset: int = 0,
    districts: Collection[str] | None = None,
) -> list[Member]:
    """The agencies ``rujukan up`` starts (``ops/data/local_network.csv``), their
    ports moved by ``port_offset`` so a second network can run beside the first: those
    marked ``by_default`` (the districts ``rujukan demo`` drives), or every listed agency
    of ``districts``."""
    path = path or LOCAL_NETWORK_FILE
    with path.open(newline="") as handle:
        rows = list(csv.DictReader(line for line in handle if not line.startswith("#")))
    if districts is None:
        chosen = [r for r in rows if r["by_default"] == "yes"]
    else:
        directory = load_directory()
        chosen = [r for r in rows if directory.get(r["agency_id"]).district in districts]
    return [Member(r["agency_id"], int(r["http_port"]) + port_offset) for r in chosen]


def every_member(path: Path | None = None) -> list[Member]:
    """Every agency the local network lists, whatever its district."""
    return load_members(path, districts=load_directory().districts())


@dataclass
class Network:
    data_dir: Path
    members: list[Member]
    bootstrap_servers: str | None = None
    """An external Kafka; None starts the local broker."""
    database_url: str | None = None
    """An external database server for every agency (one database each is the
    operator's job); None gives each agency its own SQLite file."""
    extra_env: dict[str, str] = field(default_factory=dict)
    """Settings for every agency process (``RUJUKAN_*``)."""
    member_env: dict[str, dict[str, str]] = field(default_factory=dict)
    """Settings for one agency process, by agency id."""
    keys_home: Path | None = None
    """The folder whose ``keys/`` holds the members' key files and the public keys file
    (default: ``data_dir``)."""
    broker: LocalBroker | None = None
    fork: bool = False
    """Fork the agencies from a launcher process that imported the runtime once
    (:class:`ops.zygote.Zygote`) instead of starting a new interpreter for each. Not
    from this process: it may run threads (the mail catcher, an event loop), and its
    image (the command line, an open listening socket) is not the agencies' to carry."""
    migrated: bool = False
    """Every member's database was migrated with this release before the network
    starts: the agencies do not migrate at start, and the launcher does not load the
    migration tool, which each of them would otherwise carry."""
    zygote: Zygote | None = None
    processes: dict[str, "subprocess.Popen[bytes] | ZygoteChild"] = field(default_factory=dict)

    @property
    def kafka(self) -> str:
        if self.bootstrap_servers:
            return self.bootstrap_servers
        assert self.broker is not None
        return self.broker.bootstrap_servers

    def start_broker(self) -> None:
        if self.bootstrap_servers is None:
            if self.broker is None:
                self.broker = LocalBroker(log_file=self.data_dir / "logs" / "broker.log")
            self.broker.start()

    def start_launcher(self) -> Zygote:
        """The launcher the members are forked from, started now if it is not yet: it
        imports the runtime while this process goes on (seeding, the broker)."""
        if self.zygote is None:
            members = [m.agency_id for m in self.members]
            self.zygote = Zygote(members, migrations=not self.migrated)
        return self.zygote

    def start(self) -> None:
        self.data_dir.mkdir(parents=True, exist_ok=True)
        self.ensure_demo_keys()
        self.start_broker()
        for member in self.members:
            self.start_member(member.agency_id)

    def ensure_demo_keys(self, *agency_ids: str) -> None:
        """Demo keys for the members (all by default), in the run folder (never the
        repository): one key file each and one public keys file they all read; kept
        across restarts."""
        for agency_id in agency_ids or [m.agency_id for m in self.members]:
            ensure_keys(agency_id, self.key_file(agency_id), self.public_keys_file)

    def key_file(self, agency_id: str) -> Path:
        return default_key_file(self.keys_home or self.data_dir, agency_id)

    @property
    def public_keys_file(self) -> Path:
        return default_public_keys_file(self.keys_home or self.data_dir)

    def member(self, agency_id: str) -> Member:
        return next(m for m in self.members if m.agency_id == agency_id)

    def start_member(self, agency_id: str) -> None:
        member = self.member(agency_id)
        self.ensure_demo_keys(agency_id)
        logs = self.data_dir / "logs"
        logs.mkdir(parents=True, exist_ok=True)
        env = {
            **os.environ,
            "KAFKA_BOOTSTRAP_SERVERS": self.kafka,
            "RUJUKAN_AGENCY_ID": agency_id,
            "RUJUKAN_HTTP_PORT": str(member.http_port),
            "RUJUKAN_STATE_DIR": str(self.data_dir),
            "RUJUKAN_KEY_FILE": str(self.key_file(agency_id)),
            "RUJUKAN_PUBLIC_KEYS_FILE": str(self.public_keys_file),
            **self.extra_env,
            **self.member_env.get(agency_id, {}),
        }
        env.pop("DATABASE_URL", None)
        if self.database_url:
            env["DATABASE_URL"] = self.database_url
        if self.migrated:
            env["RUJUKAN_MIGRATE_ON_START"] = "false"
        if self.fork:
            launcher = self.start_launcher()
            self.processes[agency_id] = launcher.start(agency_id, env, logs / f"{agency_id}.log")
            return
        log = (logs / f"{agency_id}.log").open("ab")
        self.processes[agency_id] = subprocess.Popen(
            [sys.executable, "-m", "ops.serve", agency_id],
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            start_new_session=True,
            preexec_fn=dies_with_parent(),
        )

    def wait_ready(self, timeout: float = 60.0, agency_ids: list[str] | None = None) -> None:
        deadline = time.monotonic() + timeout
        pending = set(agency_ids or [m.agency_id for m in self.members])
        with httpx.Client(timeout=1.0) as client:
            while pending:
                for agency_id in sorted(pending):
                    process = self.processes.get(agency_id)
                    if process is not None and process.poll() is not None:
                        raise RuntimeError(
                            f"{agency_id} exited with {process.returncode}; see "
                            f"{self.data_dir / 'logs' / (agency_id + '.log')}"
                        )
                    try:
                        response = client.get(self.member(agency_id).url + "/readyz")
                        if response.status_code == 200:
                            pending.discard(agency_id)
                    except httpx.HTTPError:
                        pass
                if pending and time.monotonic() > deadline:
                    raise TimeoutError(f"not ready after {timeout}s: {', '.join(sorted(pending))}")
                if pending:
                    time.sleep(0.1)

    def kill(self, agency_id: str) -> None:
        """kill -9 one agency process."""
        process = self.processes.pop(agency_id, None)
        if process is not None and process.poll() is None:
            process.kill()
            process.wait()

    def stop_member(self, agency_id: str, timeout: float = 15.0) -> None:
        process = self.processes.pop(agency_id, None)
        if process is None or process.poll() is not None:
            return
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()

    def stop(self) -> None:
        for process in self.processes.values():
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)
        for agency_id in list(self.processes):
            self.stop_member(agency_id)
        if self.zygote is not None:
            self.zygote.stop()
            self.zygote = None
        if self.broker is not None:
            self.broker.stop()

    def pid(self, agency_id: str) -> int | None:
        process = self.processes.get(agency_id)
        return process.pid if process is not None and process.poll() is None else None

    def database_path(self, agency_id: str) -> Path:
        """The SQLite file of an agency of this network (no DATABASE_URL given)."""
        return self.data_dir / f"{agency_id}.db"


def preload(agency_ids: list[str], *, migrations: bool = True) -> None:
    """Import what the agency processes of ``agency_ids`` run (the migration tool only
    if they migrate at start), so that processes forked from here start without
    importing it again."""
    import uvicorn  # noqa: F401

    import rujukan.runtime.http  # noqa: F401
    from ops.services import definition_for

    if migrations:
        import alembic.command  # noqa: F401

    directory = load_directory()
    for agency_id in agency_ids:
        definition_for(directory.get(agency_id).kind)
    learn_sealed_properties()
    this_year = date.today().year
    for year in (this_year, this_year + 1):  # a deadline late in the year falls in the next
        national_holidays(year)  # about 0.3 s each, paid once here instead of per agency
