"""``rujukan bench``: every figure next to a baseline measured in the same run.

- hop: one referral from the outbox commit at the hub to the inbox commit at the RSUD,
  through the relay, the broker and the consumer; the baseline is a raw aiokafka produce
  and consume of the same bytes plus two plain database commits, on the same broker and
  database, with the same fetch settings.
- service throughput: a health agency drains referrals preloaded into its inbox
  (consume, validate, de-duplicate, apply, write its outbox, commit, publish), on SQLite
  and on PostgreSQL; the baseline is a bare aiokafka consumer reading the same records.
- closed loop: ``rujukan up`` with automated agencies; referrals issued at a steady rate
  through the hub's API; from ReferralIssued committed at the hub to the final outcome's
  OutcomeDeliveredToCompanion committed at the hub (both times in the hub's journal).
- ``up`` readiness and the largest resident memory of one agency process after the loop.
"""

import asyncio
import json
import os
import signal
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import AsyncIterator, Callable, Iterator, Sequence
from contextlib import asynccontextmanager, contextmanager, suppress
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import httpx
import psutil  # the `local` extra: not in production
import sqlalchemy as sa

from ops.bench.baseline import hop_baseline_ms, python_loop_ms, raw_consume_eps
from ops.bench.cpu import CpuMark, cpu_mark, listening_on, ms_per_item
from ops.bench.stats import percentile
from ops.bench.trust import (
    UNTRUSTED,
    PlainUnitOfWork,
    distrust_nothing,
    operation_costs_us,
    pass_through,
    plain_unit_of_work,
)
from ops.broker import LocalBroker
from ops.children import dies_with_parent
from ops.driver import Driver
from ops.network import Member, load_members
from ops.progress import steps
from ops.serve import collect_rarely
from ops.services import definition_for
from rujukan.directory import load_directory
from rujukan.runtime import tables as runtime_tables
from rujukan.runtime.db import reachable, scratch_database
from rujukan.runtime.http import create_app
from rujukan.runtime.kafka import BrokerAdmin
from rujukan.runtime.kafka_clients import new_producer, operator_kafka
from rujukan.runtime.keyfiles import ensure_keys
from rujukan.runtime.keys import KeyRing
from rujukan.runtime.service import (
    AgencyRuntime,
    ServiceDefinition,
    UnitsOfWork,
    signed_unit_of_work,
)
from rujukan.runtime.settings import AgencySettings, default_key_file, default_public_keys_file
from rujukan.runtime.uow import OutboxMessage, UnitOfWork
from schemas.envelope import encode, envelope_for
from schemas.events import ChildIdentity, OutcomeDeliveredToCompanion, ReferralIssued
from schemas.vocabulary import CaseCategory, CompanionRole, ComplainantType, ComplaintChannel
from services.intake.domain import AssignCompanion, IssueReferral, ReceiveComplaint, RegisterCase
from services.intake.usecases import IntakeHub, just

HUB = "kh-hub"
HOP_TARGET = "kh-rsud"
UP_PORT_OFFSET = 400
"""The benchmark's network listens on 8500+, beside a network a person runs on 8100+."""
EPS_AGENCIES = {
    ("sqlite", True): "kh-puskesmas-badau",
    ("postgres", True): "kh-puskesmas-kalis",
    ("sqlite", False): "kh-puskesmas-embaloh-hulu",
    ("postgres", False): "kh-puskesmas-putussibau-utara",
}
"""The health agency that drains the referrals of each throughput run."""
DEFAULT_POSTGRES = "postgresql+psycopg://postgres@127.0.0.1:5432/test"


@dataclass(frozen=True)
class Sizes:
    hop_samples: int
    eps_events: int
    eps_cases: int
    loop_rate: float
    loop_seconds: float
    cost_samples: int

    @classmethod
    def of(cls, quick: bool) -> "Sizes":
        if quick:
            return cls(
                hop_samples=30,
                eps_events=2000,
                eps_cases=20,
                loop_rate=10,
                loop_seconds=4,
                cost_samples=200,
            )
        return cls(
            hop_samples=300,
            eps_events=20000,
            eps_cases=200,
            loop_rate=50,
            loop_seconds=60,
            cost_samples=2000,
        )


@dataclass
class Results:
    values: dict[str, float]
    distributions: dict[str, list[float]]
    notes: list[str]


BENCH_STEPS = 8
"""Two hops, the operation costs, the service path on two databases with and without
trust, the closed loop: what the progress line counts."""


async def run(quick: bool) -> Results:
    sizes = Sizes.of(quick)
    values: dict[str, float] = {}
    distributions: dict[str, list[float]] = {}
    notes: list[str] = []
    with (
        _broker() as bootstrap,
        tempfile.TemporaryDirectory(prefix="rujukan-bench-") as tmp,
        steps("bench", BENCH_STEPS) as progress,
    ):
        work = Path(tmp)
        values["python_loop_ms"] = python_loop_ms()
        collect_rarely()  # as an agency process does: its runtimes are measured in this one
        progress.step("hop, signed and sealed")
        (baseline, floor), hops = await measure_hops(bootstrap, work, sizes.hop_samples)
        progress.step("hop, without signing and sealing")
        _, plain_hops = await measure_hops(bootstrap, work, sizes.hop_samples, trusted=False)
        values["hop_baseline_p50_ms"] = percentile(baseline, 50)
        values["hop_floor_p50_ms"] = percentile(floor, 50)
        values["hop_p50_ms"] = percentile(hops, 50)
        values["hop_p50_ms" + UNTRUSTED] = percentile(plain_hops, 50)
        values["hop_trust_ratio"] = values["hop_p50_ms"] / values["hop_p50_ms" + UNTRUSTED]
        values["hop_p99_ms"] = percentile(hops, 99)
        values["hop_p99_ms" + UNTRUSTED] = percentile(plain_hops, 99)
        distributions["hop baseline (raw produce/consume + 2 commits)"] = baseline
        distributions["hop floor (the baseline with a 1 ms fetch wait)"] = floor
        distributions["hop (outbox commit -> inbox commit)"] = hops
        progress.step("cost of each operation")
        values.update(_operation_costs(work, sizes.cost_samples))

        postgres = _postgres_url()
        for name, url in (("sqlite", "sqlite"), ("postgres", postgres)):
            if url is None:
                notes.append(f"service_eps_{name}: no PostgreSQL server reachable; not measured")
                continue
            for trusted in (True, False):
                suffix = "" if trusted else UNTRUSTED
                progress.step(f"service path on {name}" + ("" if trusted else ", untrusted"))
                sqlite = f"sqlite:///{work / f'eps{suffix}.db'}"  # a file per run
                with _database(sqlite if name == "sqlite" else url) as database_url:
                    eps, raw = await measure_service_eps(
                        bootstrap,
                        database_url,
                        sizes.eps_events,
                        sizes.eps_cases,
                        name,
                        work,
                        trusted=trusted,
                    )
                values[f"service_eps_{name}" + ("" if trusted else UNTRUSTED)] = eps
                values.setdefault("raw_consume_eps", raw)
            plain = values[f"service_eps_{name}{UNTRUSTED}"]
            values[f"service_eps_{name}_trust_ratio"] = values[f"service_eps_{name}"] / plain
        progress.step("closed loops of a local network")
        # on an embedded broker of its own (an external Kafka is shared): the throughput
        # runs left 20,000 referrals on the inbox topics of two puskesmas that `rujukan up`
        # starts, which they would read again
        with _broker() as loop_bootstrap:
            loop = await measure_loop_and_up(loop_bootstrap, work, sizes)
        values["up_ready_s"] = loop.ready_s
        values["loop_p50_ms"] = percentile(loop.latencies, 50)
        values["loop_p99_ms"] = percentile(loop.latencies, 99)
        values["loop_offered_per_s"] = sizes.loop_rate
        values["loop_taken_per_s"] = loop.taken_per_s
        values["loops_closed_share"] = loop.closed_share
        values["hub_cpu_ms_per_referral"] = loop.hub_cpu_ms_per_referral
        values["max_service_rss_mb"] = loop.max_rss_mb
        distributions["closed loop (issued -> outcome delivered)"] = loop.latencies
    return Results(values, distributions, notes)


# --- infrastructure ------------------------------------------------------------------------


@contextmanager
def _broker() -> Iterator[str]:
    external = os.environ.get("KAFKA_BOOTSTRAP_SERVERS")
    if external:
        yield external
        return
    with LocalBroker() as broker:
        yield broker.bootstrap_servers


def _postgres_url() -> str | None:
    url = os.environ.get("DATABASE_URL") or DEFAULT_POSTGRES
    return url if url.startswith("postgresql") and reachable(url) else None


@contextmanager
def _database(url: str) -> Iterator[str]:
    """A fresh database of its own on a PostgreSQL server; SQLite URLs as they are."""
    if not url.startswith("postgresql"):
        yield url
        return
    with scratch_database(url, "rj_bench") as fresh:
        yield fresh


@asynccontextmanager
async def _running(
    definition: ServiceDefinition,
    agency_id: str,
    bootstrap: str,
    database_url: str,
    work: Path,
    *,
    trusted: bool = True,
    units: UnitsOfWork | None = None,
) -> AsyncIterator[AgencyRuntime]:
    """An agency runtime in this process; ``trusted=False``: one that neither signs,
    seals nor checks what it receives (:mod:`ops.bench.trust`); ``units``: its own
    units of work (timed)."""
    _key_ring(agency_id, work)
    settings = AgencySettings(
        agency_id=agency_id,
        database_url=database_url,
        state_dir=work,
        kafka_bootstrap_servers=bootstrap,
        log_json=False,
        monitor_interval_s=3600,
    )
    units = units or (signed_unit_of_work if trusted else plain_unit_of_work)
    app = create_app(definition, settings, manage_runtime=False, units=units)
    runtime: AgencyRuntime = app.state.runtime
    if not trusted:
        distrust_nothing(runtime)
    await runtime.start()
    try:
        yield runtime
    finally:
        await runtime.stop()


def _key_ring(agency_id: str, work: Path) -> KeyRing:
    """The key ring of ``agency_id`` among the benchmark's keys (made if missing), to
    sign what the benchmark publishes in its name."""
    key_file, public = default_key_file(work, agency_id), default_public_keys_file(work)
    ensure_keys(agency_id, key_file, public)
    return KeyRing(agency_id, key_file, public)


def _definition(agency_id: str) -> ServiceDefinition:
    return definition_for(load_directory().get(agency_id).kind)


# --- the hop ------------------------------------------------------------------------------

FLOOR_FETCH_WAIT_MS = 1
"""The fetch wait of the hop's floor: the raw produce → consume plus two commits with
the broker holding an empty fetch for at most a millisecond."""


async def measure_hops(
    bootstrap: str, work: Path, samples: int, *, trusted: bool = True
) -> tuple[tuple[list[float], list[float]], list[float]]:
    """The baselines (at the idle fetch wait `rujukan up` uses, and the floor: at a 1 ms
    fetch wait) and the hops, in milliseconds; ``trusted=False``: the hops of runtimes
    that neither sign, seal nor check, and no baselines (the trusted run's serve both)."""
    run = "" if trusted else UNTRUSTED
    issued_at: dict[str, float] = {}
    async with (
        _running(
            _definition(HUB),
            HUB,
            bootstrap,
            f"sqlite:///{work / f'hop-hub{run}.db'}",
            work,
            trusted=trusted,
            units=_timed_units_of_work(issued_at, trusted=trusted),
        ) as hub_rt,
        _running(
            _definition(HOP_TARGET),
            HOP_TARGET,
            bootstrap,
            f"sqlite:///{work / f'hop-rsud{run}.db'}",
            work,
            trusted=trusted,
        ) as target,
    ):
        await asyncio.gather(hub_rt.wait_ready(60), target.wait_ready(60))
        hub = hub_rt.handle(IntakeHub)
        committed: dict[str, float] = {}
        target.processor.observers.append(
            lambda ids: committed.update(dict.fromkeys(ids, time.perf_counter()))
        )
        # a case per sample: closing a referral sends a cancellation, whose reason the run
        # without trust cannot carry (free text travels sealed or not at all)
        cases = [await asyncio.to_thread(_open_case, hub, n) for n in range(samples)]
        hops: list[float] = []
        for n, case_id in enumerate(cases):
            referral_id = f"r-bench-{n}"
            command = IssueReferral(
                referral_id=referral_id,
                stage="REHABILITASI_KESEHATAN",
                target_id=HOP_TARGET,
                emergency=True,
            )
            issued_at.clear()
            await asyncio.to_thread(hub.issue_referral, case_id, command, False)
            (event_id,) = issued_at
            deadline = time.perf_counter() + 10
            while event_id not in committed and time.perf_counter() < deadline:
                await asyncio.sleep(0.0005)
            if event_id in committed:
                hops.append((committed[event_id] - issued_at[event_id]) * 1000)
            await asyncio.sleep(0.02)
        if not trusted:
            return ([], []), hops
        payload, headers = _sample_record()
        baselines = [
            await hop_baseline_ms(
                bootstrap,
                f"sqlite:///{work / f'hop-baseline-{wait_ms}.db'}",
                payload,
                headers,
                samples=samples,
                fetch_max_wait_ms=wait_ms,
            )
            for wait_ms in (hub_rt.settings.consumer_fetch_max_wait_ms, FLOOR_FETCH_WAIT_MS)
        ]
    return (baselines[0], baselines[1]), hops


class _TimedUnitOfWork(UnitOfWork):
    """A unit of work that notes when its commit began."""

    commit_started = 0.0

    def commit(self) -> None:
        self.commit_started = time.perf_counter()
        super().commit()


class _TimedPlainUnitOfWork(_TimedUnitOfWork, PlainUnitOfWork):
    """A timed unit of work that seals nothing."""


def _timed_units_of_work(started: dict[str, float], *, trusted: bool = True) -> UnitsOfWork:
    """Units of work that note in ``started``, per ReferralIssued they publish, when the
    commit that wrote its outbox row began: where a hop starts."""

    def unit_of_work(runtime: AgencyRuntime) -> UnitOfWork:
        def committed(messages: Sequence[OutboxMessage]) -> None:
            for message in messages:
                if message.event_type == ReferralIssued.event_type:
                    started[message.event_id] = uow.commit_started
            runtime.relay.notify(messages)

        kind = _TimedUnitOfWork if trusted else _TimedPlainUnitOfWork
        uow = kind(
            runtime.sessions,
            runtime.agency.id,
            committed,
            signer=runtime.keys.sign if trusted else pass_through,
            sealing=runtime.sealing,
            before_commit=runtime.audit.in_transaction,
        )
        return uow

    return unit_of_work


def _operation_costs(work: Path, samples: int) -> dict[str, float]:
    """Per event, what the hop's ReferralIssued (with a child's identity) costs to sign,
    verify, seal and open."""
    event = _referral("c-bench-cost", "r-bench-cost", HOP_TARGET).model_copy(
        update={"child": ChildIdentity(name="Bench", sex="female", estimated_age=12)}
    )
    topic = load_directory().get(HOP_TARGET).inbox_topic
    return operation_costs_us(
        event, _key_ring(HUB, work), _key_ring(HOP_TARGET, work), topic, samples
    )


def _open_case(hub: IntakeHub, n: int) -> str:
    """A new case with its companion, ready for a referral."""
    case_id = f"c-bench-{uuid.uuid4().hex[:8]}"
    complaint = ReceiveComplaint(
        case_id=case_id,
        channel=ComplaintChannel.HOTLINE_129,
        complainant=ComplainantType.COMMUNITY,
        child=ChildIdentity(name="Bench", sex="female", estimated_age=12),
    )
    registration = RegisterCase(case_number=f"KH/BENCH/{n}", category=CaseCategory.TRAFFICKING)
    companion = AssignCompanion(
        companion_id="comp-bench",
        role=CompanionRole.SOCIAL_WORKER,
        assignment_letter_ref="800/BENCH",
    )
    for command in (complaint, registration, companion):
        hub.act(case_id, just(command))
    return case_id


def _sample_record() -> tuple[bytes, list[tuple[str, bytes]]]:
    event = _referral("c-bench-sample", "r-bench-sample", HOP_TARGET)
    encoded = encode(event, envelope_for(event, source=HUB))
    return encoded.value, encoded.headers


def _referral(case_id: str, referral_id: str, target: str) -> ReferralIssued:
    return ReferralIssued(
        case_id=case_id,
        referral_id=referral_id,
        district="kapuas-hulu",
        stage="REHABILITASI_KESEHATAN",
        service="health",
        referrer_id=HUB,
        target_id=target,
    )


# --- one service's throughput ----------------------------------------------------------------


async def measure_service_eps(
    bootstrap: str,
    database_url: str,
    events: int,
    cases: int,
    label: str,
    work: Path,
    *,
    trusted: bool = True,
) -> tuple[float, float]:
    """Preload ``events`` referrals over ``cases`` cases into a health agency's inbox, then
    time the agency draining them: from ready to the last outbox row published. Without
    trust, the referrals are not signed and the agency checks, signs and seals nothing."""
    target = EPS_AGENCIES[label, trusted]
    topic = load_directory().get(target).inbox_topic
    kafka = operator_kafka(bootstrap)
    admin = BrokerAdmin(kafka, "bench")
    await admin.ensure_topics({topic: 3})
    await admin.close()
    run = uuid.uuid4().hex[:6]
    hub_keys = _key_ring(HUB, work)
    producer = new_producer(kafka, acks="all", linger_ms=5, max_batch_size=256 * 1024)
    await producer.start()
    try:
        sends = []
        for n in range(events):
            event = _referral(f"c-{run}-{n % cases:04d}", f"r-{run}-{n}", target)
            encoded = encode(event, envelope_for(event, source=HUB))
            encoded = hub_keys.sign(encoded, topic) if trusted else encoded
            sends.append(
                await producer.send(topic, encoded.value, key=encoded.key, headers=encoded.headers)
            )
        await asyncio.gather(*sends)
    finally:
        await producer.stop()
    raw = await raw_consume_eps(bootstrap, topic, events)
    async with _running(
        _definition(target), target, bootstrap, database_url, work, trusted=trusted
    ) as runtime:
        await runtime.wait_ready(120)
        started = time.perf_counter()
        while await asyncio.to_thread(_published, runtime) < events:
            await asyncio.sleep(0.05)
        elapsed = time.perf_counter() - started
    return events / elapsed, raw


def _published(runtime: AgencyRuntime) -> int:
    outbox = runtime_tables.outbox
    with runtime.engine.connect() as connection:
        return int(
            connection.execute(
                sa.select(sa.func.count())
                .select_from(outbox)
                .where(outbox.c.published_at.is_not(None))
            ).scalar_one()
        )


# --- the closed loop on the network a newcomer starts ---------------------------------------


@dataclass(frozen=True)
class LoopFigures:
    ready_s: float
    latencies: list[float]
    """Per closed loop, milliseconds from ReferralIssued to the final outcome delivered."""
    max_rss_mb: float
    taken_per_s: float
    closed_share: float
    hub_cpu_ms_per_referral: float
    """The hub process's CPU time (user + system) from the first referral to the last
    loop closed, per loop closed; the cases they went on were opened before."""


async def measure_loop_and_up(bootstrap: str, work: Path, sizes: Sizes) -> LoopFigures:
    """Start ``rujukan up`` (automated agencies), time readiness, drive referrals at a
    steady rate, and read each loop's latency from the hub's journal."""
    state = work / "network"
    env = {
        **os.environ,
        "RUJUKAN_AUTO_RESPOND": "true",
        "RUJUKAN_LOG_LEVEL": "WARNING",
        "KAFKA_BOOTSTRAP_SERVERS": bootstrap,
    }
    env.pop("DATABASE_URL", None)
    members = load_members(port_offset=UP_PORT_OFFSET)
    started = time.monotonic()
    command = ["up", "--state-dir", str(state), "--port-offset", str(UP_PORT_OFFSET)]
    up = subprocess.Popen(
        [sys.executable, "-m", "ops.cli.main", *command],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
        preexec_fn=dies_with_parent(),  # an interrupted benchmark leaves no network behind
    )
    try:
        await _all_ready([m.url for m in members], timeout=180)
        ready_s = time.monotonic() - started
        hub = next(m for m in members if m.agency_id == HUB)
        hub_pid = listening_on(up.pid, hub.http_port)
        marks: list[CpuMark] = []

        def mark() -> None:
            if hub_pid is not None:
                marks.append(cpu_mark(hub_pid))

        issued, taken = await _drive(hub.url, sizes, before_referrals=mark)
        await _settle(state / f"{HUB}.db", issued, timeout=300)
        mark()
        latencies = _loop_latencies(state / f"{HUB}.db", issued)
        rss = _max_rss_mb(up.pid, members)
    finally:
        up.send_signal(signal.SIGINT)
        try:
            up.wait(60)
        except subprocess.TimeoutExpired:
            os.killpg(up.pid, signal.SIGKILL)
    return LoopFigures(
        ready_s=ready_s,
        latencies=latencies,
        max_rss_mb=rss,
        taken_per_s=taken,
        closed_share=len(latencies) / max(len(issued), 1),
        hub_cpu_ms_per_referral=ms_per_item(marks, len(latencies)),
    )


async def _all_ready(urls: list[str], timeout: float) -> None:
    deadline = time.monotonic() + timeout
    async with httpx.AsyncClient(timeout=1.0) as client:
        pending = set(urls)
        while pending:
            for url in list(pending):
                try:
                    if (await client.get(f"{url}/readyz")).status_code == 200:
                        pending.discard(url)
                except httpx.HTTPError:
                    pass
            if pending:
                if time.monotonic() > deadline:
                    raise TimeoutError(f"not ready: {sorted(pending)}")
                await asyncio.sleep(0.05)


LOOP_TARGETS = ("kh-rsud", "kh-dinsos", "kh-polres", "kh-puskesmas-putussibau-utara")


async def _drive(
    hub_url: str, sizes: Sizes, before_referrals: Callable[[], None]
) -> tuple[list[str], float]:
    """Open the cases, call ``before_referrals``, then offer referrals at ``loop_rate``
    per second for ``loop_seconds`` seconds; return the referrals issued and the rate
    the hub took them at. A request is not cut short and retried while the hub is busy:
    that would add load, not measure it."""
    total = int(sizes.loop_rate * sizes.loop_seconds)
    # each case goes to each target once: a case may hold one open referral per stage
    # and target, and a loop slowed by load must not turn into a refusal
    cases = -(-total // len(LOOP_TARGETS))
    run = uuid.uuid4().hex[:6]
    async with Driver(hub_url, timeout_s=120.0) as driver:
        case_ids = [f"c-loop-{run}-{n:04d}" for n in range(cases)]
        await asyncio.gather(*(driver.open_case(c) for c in case_ids))  # 32 requests at once
        pairs = [(c, t) for c in case_ids for t in LOOP_TARGETS]
        before_referrals()
        interval = 1.0 / sizes.loop_rate
        tasks = []
        began = time.monotonic()
        for n in range(total):
            case_id, target = pairs[n % len(pairs)]
            tasks.append(asyncio.create_task(driver.refer(case_id, f"r-loop-{run}-{n}", target)))
            await asyncio.sleep(max(0.0, began + (n + 1) * interval - time.monotonic()))
        await asyncio.gather(*tasks)
        taken = len(driver.issued) / (time.monotonic() - began)
        return [referral_id for _case, referral_id, _target in driver.issued], taken


async def _settle(hub_db: Path, issued: list[str], timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if len(_loop_latencies(hub_db, issued)) >= len(issued):
            return
        await asyncio.sleep(0.5)


def _loop_latencies(hub_db: Path, issued: list[str]) -> list[float]:
    """Per referral: ReferralIssued recorded → final outcome delivered, from the journal."""
    engine = sa.create_engine(f"sqlite:///{hub_db}")
    wanted = set(issued)
    issued_at: dict[str, float] = {}
    delivered_at: dict[str, float] = {}
    with engine.connect() as connection:
        rows = connection.execute(
            sa.text(
                "select kind, at, payload from intake_journal where kind in (:issued, :delivered)"
            ),
            {
                "issued": ReferralIssued.event_type,
                "delivered": OutcomeDeliveredToCompanion.event_type,
            },
        )
        for kind, at, payload in rows:
            data = json.loads(payload) if isinstance(payload, str) else payload
            referral_id = data.get("referral_id")
            if referral_id not in wanted:
                continue
            moment = _timestamp(at)
            if kind == ReferralIssued.event_type:
                issued_at[referral_id] = moment
            elif data.get("final"):
                delivered_at.setdefault(referral_id, moment)
    engine.dispose()
    return [(delivered_at[r] - issued_at[r]) * 1000 for r in issued_at if r in delivered_at]


def _timestamp(value: object) -> float:
    moment = value if isinstance(value, datetime) else datetime.fromisoformat(str(value))
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.timestamp()


def _max_rss_mb(up_pid: int, members: list[Member]) -> float:
    """The largest resident memory of one agency process of the network: the processes
    under ``rujukan up`` that serve a member's port (not the broker, nor the launcher
    they were forked from)."""
    pids = {listening_on(up_pid, m.http_port) for m in members} - {None}
    sizes = []
    for pid in pids:
        with suppress(psutil.NoSuchProcess):
            sizes.append(psutil.Process(pid).memory_info().rss)
    return max(sizes) / (1024 * 1024) if sizes else float("nan")
