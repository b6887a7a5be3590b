"""The chaos run: referrals through the whole network under injected faults.

1. Start the broker, the hub and automated agencies (each answers and reports every
   referral at once), each with its own SQLite file.
2. Issue the referrals through the hub's API at a steady pace, while a random agency
   process (the hub included) is killed with SIGKILL every few seconds and restarted,
   and 5 % of the records of every inbox are delivered a second time.
3. A third of the way in, stop the broker for the outage period and start it again: it
   comes back empty (memory storage), and the agencies must notice, re-create the topics
   and re-publish. Half the poison events go before the outage (the run waits until they
   are dead-lettered: a raw record the broker lost was never the network's to lose) and
   half after.
4. Stop the faults, wait until every referral's final outcome reached the companion, and
   count from the databases.

With ``database="postgres"`` each agency has its own database on a PostgreSQL server the
run starts for itself (``chaos/postgres.py``); that server is killed with ``SIGKILL`` and
started again ``database_kills`` times, then refuses connections for a while, spread over
the driving phase, on top of the other faults.
"""

import asyncio
import logging
import random
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path

from ops.chaos.faults import DatabaseFaults, Duplicator, Killer, Poisoner
from ops.chaos.postgres import OwnPostgres, server_programs
from ops.chaos.recovery import Timeline
from ops.chaos.soak import Recorder, Sample, closed_times
from ops.chaos.verify import Tally, dead_lettered, explained, tally
from ops.cli import account_cmds
from ops.driver import Driver
from ops.network import Member, Network
from ops.progress import Steps
from rujukan.directory import load_directory
from rujukan.runtime.keys import KeyRing

log = logging.getLogger("ops.chaos")

HUB = "kh-hub"
TARGETS = ("kh-rsud", "kh-dinsos", "kh-polres")
PORTS = {HUB: 8300, "kh-rsud": 8301, "kh-dinsos": 8302, "kh-polres": 8303}
FAST_RECOVERY = {
    # the local broker has a restarted consumer wait about twice this before its
    # partitions are assigned (while its dead predecessor's session runs out)
    "RUJUKAN_CONSUMER_SESSION_TIMEOUT_MS": "2000",
    "RUJUKAN_CONSUMER_HEARTBEAT_INTERVAL_MS": "400",
    "RUJUKAN_RELAY_MAX_BACKOFF_S": "1.0",
    "RUJUKAN_LOG_LEVEL": "WARNING",
}
EARLY_POISON_LEAD_S = 150.0
"""The first half of the poison goes this long before the broker outage (or at the
start, in a shorter run): when the broker loses their dead letters, these must be within
the dead letters' retention, so the agencies send them again."""


@dataclass
class ChaosResult:
    referrals: int
    tally: Tally
    poison: int
    poison_dead_lettered: int
    poison_missing: list[str]
    recovered_s: float | None
    """The longest recovery after a fault (``chaos/recovery.py``); None if one never
    recovered."""
    kills: int
    duplicated_deliveries: int
    database_kills: int = 0
    database_refusals: int = 0
    samples: list[Sample] = field(default_factory=list)
    timeline: Timeline = field(default_factory=Timeline)
    notes: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return (
            not self.tally.lost
            and not self.tally.duplicated
            and self.poison_dead_lettered == self.poison
        )

    def line(self) -> str:
        recovered = "never" if self.recovered_s is None else f"{self.recovered_s:.1f} s"
        return (
            f"chaos: {self.referrals} referrals, lost {len(self.tally.lost)}, "
            f"duplicated {len(self.tally.duplicated)}, dead-lettered "
            f"{self.poison_dead_lettered} of {self.poison} poison, "
            f"recovered in {recovered}"
        )


async def run(
    referrals: int,
    seed: int,
    state_dir: Path,
    *,
    outage_s: float = 30.0,
    rate: float = 20.0,
    settle_timeout_s: float = 600.0,
    database: str = "sqlite",
    database_kills: int = 2,
    sample_every_s: float | None = None,
    agency_env: dict[str, str] | None = None,
    kill_every_s: tuple[float, float] = (3.0, 6.0),
    fault_spacing_s: float = 0.0,
    drive_s: float | None = None,
    early_poison_lead_s: float = EARLY_POISON_LEAD_S,
) -> ChaosResult:
    """Raises ``ServerProgramsMissing`` before starting anything when ``database`` is
    ``postgres`` and the server programs are not installed."""
    rng = random.Random(seed)
    members = [Member(agency, port) for agency, port in PORTS.items()]
    server = OwnPostgres(server_programs()) if database == "postgres" else None
    member_env = {target: {"RUJUKAN_AUTO_RESPOND": "true"} for target in TARGETS}
    network = Network(
        data_dir=state_dir,
        members=members,
        extra_env={**FAST_RECOVERY, **(agency_env or {})},
        member_env=member_env,
        fork=True,  # restarts fork from a launcher that imported the runtime once, as `up`
    )
    urls = {m.agency_id: f"sqlite:///{network.database_path(m.agency_id)}" for m in members}
    directory = load_directory()
    poison_count = max(2, round(referrals * 0.01))
    progress = Steps("chaos: starting the network", referrals).start()
    try:
        network.start_launcher()
        if server is not None:
            urls = await asyncio.to_thread(_own_databases, server, state_dir, urls)
            for agency_id, url in urls.items():
                member_env.setdefault(agency_id, {})["RUJUKAN_DATABASE_URL"] = url
        for member in members:  # the demo accounts the driver signs in as, like `rujukan up`
            database_url = urls[member.agency_id] if server is not None else None
            account_cmds.seed_demo(member.agency_id, state_dir, database_url)
        network.start()
        network.wait_ready(timeout=120)
        bootstrap = network.kafka
        inboxes = [directory.get(t).inbox_topic for t in TARGETS]
        stop_faults = asyncio.Event()
        timeline = Timeline(spacing_s=fault_spacing_s)
        killer = Killer(
            network, [m.agency_id for m in members], rng, timeline, every_s=kill_every_s
        )
        duplicator = Duplicator(bootstrap, [*inboxes, directory.get(HUB).inbox_topic], rng)
        hub_keys = KeyRing(HUB, network.key_file(HUB), network.public_keys_file)
        poisoner = Poisoner(bootstrap, inboxes, rng, hub_keys)
        faults = [
            asyncio.create_task(killer.run(stop_faults)),
            asyncio.create_task(duplicator.run(stop_faults)),
        ]
        database_faults = None
        if server is not None:
            database_faults = DatabaseFaults(
                server, _names(urls), database_kills, referrals / rate + outage_s, timeline
            )
            faults.append(asyncio.create_task(database_faults.run()))
        issued_at: dict[str, float] = {}
        recorder = Recorder(
            urls, network.pid, HUB, issued_at, server.url() if server else None,
            every_s=sample_every_s or 60.0,
        )  # fmt: skip
        stop_recording = asyncio.Event()
        recording = asyncio.create_task(
            recorder.run(stop_recording) if sample_every_s else asyncio.sleep(0)
        )
        async with Driver(network.member(HUB).url) as driver:
            progress.show("chaos: referrals issued while faults run")
            counting = asyncio.create_task(_count(progress, driver))
            await _drive(
                driver, network, referrals, rate, outage_s, poisoner, poison_count, bootstrap,
                issued_at, timeline, None if drive_s is None else time.monotonic() + drive_s,
                early_poison_lead_s,
            )  # fmt: skip
            counting.cancel()
            progress.done_so_far(len(driver.issued))
            progress.show("chaos: faults stopped; waiting for every loop to close")
            stop_faults.set()
            await asyncio.gather(*faults, return_exceptions=True)
            for agency in network.members:  # whatever the killer left down
                if network.pid(agency.agency_id) is None:
                    network.start_member(agency.agency_id)
            result = await _settle(urls, driver.issued, settle_timeout_s)
            if result.lost:  # while the databases are there to tell
                result = await asyncio.to_thread(explained, result, urls[HUB], driver.issued)
            closed = await asyncio.to_thread(closed_times, urls[HUB])
            timeline.measure(issued_at, closed)
            stop_recording.set()
            await recording
            if sample_every_s:
                await recorder.sample(settled=True)
        progress.show("chaos: counting the dead-lettered poison")
        dlq_topics = [directory.get(t).dead_letter_topic for t in TARGETS]
        found, missing = await _all_dead_lettered(bootstrap, dlq_topics, poisoner)
        return ChaosResult(
            referrals=len(driver.issued),
            tally=result,
            poison=len(poisoner.injected),
            poison_dead_lettered=found,
            poison_missing=missing,
            recovered_s=timeline.worst(),
            kills=killer.kills,
            duplicated_deliveries=duplicator.duplicated,
            database_kills=server.kills if server else 0,
            database_refusals=database_faults.refusals if database_faults else 0,
            samples=recorder.samples,
            timeline=timeline,
        )
    finally:
        progress.stop()
        network.stop()
        if server is not None:
            server.remove()


async def _count(progress: Steps, driver: Driver) -> None:
    """Keep the progress line's count of issued referrals current."""
    while True:
        progress.done_so_far(len(driver.issued))
        await asyncio.sleep(0.5)


async def _all_dead_lettered(
    bootstrap: str, dlq_topics: list[str], poisoner: Poisoner, every_s: float = 1.0
) -> tuple[int, list[str]]:
    """Count the dead-lettered poison, waiting up to a minute for the last of it: the
    outcomes can settle before an always-failing event has used its attempts (more so
    while the database refused it a moment ago)."""
    deadline = time.monotonic() + 60.0
    while True:
        found, missing = await dead_lettered(bootstrap, dlq_topics, poisoner.injected)
        if not missing or time.monotonic() > deadline:
            return found, missing
        await asyncio.sleep(every_s)


def _own_databases(server: OwnPostgres, state_dir: Path, urls: dict[str, str]) -> dict[str, str]:
    """Start the run's own server and give every agency a database on it."""
    server.log_file = state_dir / "logs" / "postgres.log"
    server.log_file.parent.mkdir(parents=True, exist_ok=True)
    server.init()
    server.start()
    return {agency_id: server.create_database(agency_id.replace("-", "_")) for agency_id in urls}


def _names(urls: dict[str, str]) -> list[str]:
    return [url.rsplit("/", 1)[1] for url in urls.values()]


async def _drive(
    driver: Driver,
    network: Network,
    referrals: int,
    rate: float,
    outage_s: float,
    poisoner: Poisoner,
    poison_count: int,
    bootstrap: str,
    issued_at: dict[str, float],
    timeline: Timeline,
    stop_at: float | None = None,
    early_poison_lead_s: float = EARLY_POISON_LEAD_S,
) -> None:
    """Issue the referrals at a fixed rate: referral n is due ``n / rate`` seconds after
    the start, whether the ones before it were answered yet or not (a case's referrals
    go in order, after its opening). So a fault delays the referrals it holds up, and
    does not slow the pace of those after it. The broker outage a third of the way in."""
    run = uuid.uuid4().hex[:6]
    outage_at = referrals // 3
    early_poison_at = max(0, outage_at - round(rate * early_poison_lead_s))
    outage: asyncio.Task[None] | None = None
    last_of_case: dict[int, asyncio.Task[None]] = {}
    started = time.monotonic()
    for n in range(referrals):
        due = started + n / rate
        if stop_at is not None and due > stop_at:
            break  # a soak's time is up
        await asyncio.sleep(max(0.0, due - time.monotonic()))
        if n == early_poison_at:
            await poisoner.inject(poison_count // 2)
        if n == outage_at:  # the referrals go on during the outage: the outbox holds them
            outage = asyncio.create_task(
                _outage(
                    network, poisoner, bootstrap, poison_count - poison_count // 2, outage_s,
                    timeline,
                )
            )  # fmt: skip
        number = n // len(TARGETS)
        case_id = f"c-chaos-{run}-{number:04d}"
        before = last_of_case.pop(number, None)
        if before is None:
            before = asyncio.create_task(driver.open_case(case_id))
        last_of_case[number] = asyncio.create_task(
            _refer(driver, before, case_id, f"r-chaos-{run}-{n:05d}", TARGETS[n % 3], issued_at)
        )
    await asyncio.gather(*last_of_case.values())
    if outage is not None:
        await outage


async def _refer(
    driver: Driver,
    before: "asyncio.Task[None]",
    case_id: str,
    referral_id: str,
    target: str,
    issued_at: dict[str, float],
) -> None:
    """One referral, once its case is open and the case's referral before it issued."""
    await before
    issued_at[referral_id] = time.time()
    await driver.refer(case_id, referral_id, target)


async def _outage(
    network: Network,
    poisoner: Poisoner,
    bootstrap: str,
    later_poison: int,
    outage_s: float,
    timeline: Timeline,
) -> None:
    """Stop the broker for ``outage_s`` and start it again, empty; then the second half of
    the poison."""
    directory = load_directory()
    dlq = [directory.get(t).dead_letter_topic for t in TARGETS]
    # the poison sent so far must be dead-lettered
    await _all_dead_lettered(bootstrap, dlq, poisoner, every_s=0.5)
    assert network.broker is not None
    log.warning("chaos: stopping the broker for %.0f s", outage_s)
    async with timeline.turn():
        fault = timeline.begin("broker outage", "broker")
        network.broker.stop()
    await asyncio.sleep(outage_s)
    network.broker.start()
    timeline.end(fault)
    log.warning("chaos: the broker is back, empty")
    await asyncio.sleep(5.0)  # let the agencies re-create the topics before raw writes
    await poisoner.inject(later_poison)


async def _settle(
    urls: dict[str, str], issued: list[tuple[str, str, str]], timeout_s: float
) -> Tally:
    """Wait until every referral's outcome reached the companion (or the timeout)."""
    deadline = time.monotonic() + timeout_s
    targets = {t: urls[t] for t in TARGETS}
    while True:
        result = await asyncio.to_thread(tally, urls[HUB], targets, issued)
        if result.done or time.monotonic() > deadline:
            return result
        await asyncio.sleep(1.0)
