"""One agency process: the wiring point of the shared runtime.

An :class:`AgencyRuntime` owns the database engine, the unit-of-work factory, the
dispatcher of inbound events, the outbox relay, the inbox subscriber and the broker
watcher. A :class:`ServiceDefinition` adds what one kind of agency does: its tables
(migration components), its event handlers and its HTTP routes. Nothing connects
at import time; :meth:`AgencyRuntime.start` does.
"""

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import partial
from typing import TypeVar

import anyio.to_thread
from fastapi import APIRouter
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from rujukan.directory import Agency, AgencyDirectory, load_directory
from rujukan.runtime import db, migrate, retention, tables
from rujukan.runtime.accounts import ACCOUNTS, Accounts
from rujukan.runtime.admission import Admission
from rujukan.runtime.audit import AUDIT, AuditTrail
from rujukan.runtime.audit.anchors import AnchorFile
from rujukan.runtime.inbox import Dispatcher, InboxProcessor
from rujukan.runtime.kafka import (
    BrokerAdmin,
    FastStreamTransport,
    InboxConsumer,
    build_broker,
)
from rujukan.runtime.keys import KeyRing
from rujukan.runtime.marker import MarkerSeal
from rujukan.runtime.metrics import LagCollector, OutboxCollector, RuntimeMetrics
from rujukan.runtime.monitor import every
from rujukan.runtime.notify.notifier import Notifier
from rujukan.runtime.notify.routes import notification_routes
from rujukan.runtime.notify.tables import NOTIFY
from rujukan.runtime.positions import InboxPositions, load_positions
from rujukan.runtime.relay import OutboxRelay
from rujukan.runtime.sealing import Sealing
from rujukan.runtime.settings import AgencySettings
from rujukan.runtime.uow import UnitOfWork
from rujukan.senders import load_sender_policy
from rujukan.topology import INCARNATION_TOPIC, consumer_group, district_topics
from schemas.base import Event
from schemas.vocabulary import AgencyKind

log = logging.getLogger("rujukan.runtime")

BackgroundTask = Callable[[], Awaitable[None]]
S = TypeVar("S")
UnitsOfWork = Callable[["AgencyRuntime"], UnitOfWork]
"""Builds one unit of work from a runtime's parts; a benchmark passes its own (timed, or
neither signing nor sealing) when it builds the runtime."""


def signed_unit_of_work(runtime: "AgencyRuntime") -> UnitOfWork:
    """The unit of work of every agency process: events sealed and signed, the audit
    record of the request's command written in the same transaction."""
    return UnitOfWork(
        runtime.sessions,
        runtime.agency.id,
        runtime.relay.notify,
        signer=runtime.keys.sign,
        sealing=runtime.sealing,
        before_commit=runtime.audit.in_transaction,
        observer=runtime.notifier.observe,
    )


RETRY_CAP_S = 1.0
"""The longest pause between two attempts to reach a database server or a broker that
is not up yet: an attempt costs one refused connection, and every second more that a
restarted process waits is a second more of recovery."""


@dataclass(frozen=True)
class ServiceDefinition:
    """What one kind of agency adds to the shared runtime."""

    kinds: frozenset[AgencyKind]
    components: tuple[migrate.Component, ...]
    setup: Callable[["AgencyRuntime"], Sequence[APIRouter]]
    """Registers handlers on ``runtime.dispatcher`` and background tasks; returns routes."""
    title: str = "Rujukan agency service"
    consumes: tuple[type[Event], ...] = ()
    """The event types its inbox handles (documented in the AsyncAPI document)."""

    @property
    def migration_components(self) -> tuple[migrate.Component, ...]:
        """Every component of its databases: the runtime's (outbox and inbox, audit
        trail, accounts) and its own."""
        return (migrate.RUNTIME, AUDIT, ACCOUNTS, NOTIFY, *self.components)


@dataclass
class RuntimeState:
    migrated: bool = False
    connected: bool = False
    database_reachable: bool = True
    broker_reachable: bool = False
    incarnation: str | None = None
    republished: int = 0
    last_error: str | None = None


class AgencyRuntime:
    def __init__(
        self,
        settings: AgencySettings,
        definition: ServiceDefinition,
        directory: AgencyDirectory | None = None,
        *,
        units: UnitsOfWork = signed_unit_of_work,
    ) -> None:
        self.settings = settings
        self._units = units
        self.definition = definition
        self.directory = directory or load_directory()
        self.agency: Agency = self.directory.get(settings.agency_id)
        if self.agency.kind not in definition.kinds:
            raise ValueError(
                f"{self.agency.id} is a {self.agency.kind} agency; this service runs "
                f"{', '.join(sorted(definition.kinds))}"
            )
        self.keys = KeyRing(
            self.agency.id, settings.resolved_key_file(), settings.resolved_public_keys_file()
        )
        """This agency's private keys and every agency's public keys; a missing key file
        raises KeyRingError (one line) before anything else starts."""
        self.sealing = Sealing(self.keys)
        """Seals what an event must not show in clear to the agency its topic belongs
        to, and opens what was sealed to this agency."""
        self.database_url = settings.resolved_database_url()
        self.engine = db.create_db_engine(self.database_url)
        self.sessions: sessionmaker[Session] = db.session_factory(self.engine)
        self.read_sessions: sessionmaker[Session] = db.read_session_factory(self.engine)
        self.audit = AuditTrail(
            self.sessions,
            self.read_sessions,
            self.agency.id,
            AnchorFile(settings.resolved_audit_anchor_path(), signer=self.keys),
            anchor_every=settings.audit_anchor_every,
        )
        self.dispatcher = Dispatcher()
        self.transport = FastStreamTransport()
        self.relay = OutboxRelay(
            self.engine,
            self.transport,
            sweep_interval_s=settings.relay_sweep_interval_s,
            max_backoff_s=settings.relay_max_backoff_s,
            retention=settings.outbox_retention(),
            dead_letter_retention=settings.inbox_retention(),
            on_send_failure=self._hold_until_broker_known,
        )
        self.consumer_group = consumer_group(self.agency)
        self.metrics = RuntimeMetrics()
        self.metrics.watch(OutboxCollector(self.engine))
        self.metrics.watch(LagCollector(self.agency.inbox_topic, self._inbox_lag))
        self.processor = self.inbox_processor(
            Admission(
                agency=self.agency,
                directory=self.directory,
                keys=self.keys,
                policy=load_sender_policy(),
                max_age=settings.event_max_age(),
                max_ahead=timedelta(seconds=settings.event_max_ahead_s),
            )
        )
        self.admin = BrokerAdmin(
            settings, self.agency.id, MarkerSeal(self.agency.id, self.keys, self.directory)
        )
        self.state = RuntimeState()
        self.inbox: InboxConsumer | None = None
        self._background: list[BackgroundTask] = []
        self._tasks: list[asyncio.Task[None]] = []
        self._check_now = asyncio.Event()
        self._relay_started = False
        self.accounts = Accounts(
            self.sessions,
            self.agency,
            session_lifetime=timedelta(hours=settings.companion_session_hours),
            metrics=self.metrics,
            read_sessions=self.read_sessions,
        )
        """The agency's accounts; a service's setup may give them its own clock."""
        self.notifier = Notifier(
            self.agency,
            self.engine,
            self.sessions,
            settings,
            self.metrics,
            link_base=settings.public_url or f"http://{settings.http_host}:{settings.http_port}",
        )
        """Turns what the agency records into e-mail and webhook notices (its clock is
        settable, like the services')."""
        self._services: list[object] = []
        self.routers = [*definition.setup(self), notification_routes()]
        missing = set(definition.consumes) - set(self.dispatcher.handled_types())
        if missing:
            names = ", ".join(sorted(c.__name__ for c in missing))
            raise ValueError(f"{definition.title} declares but does not handle: {names}")

    # --- for service code ----------------------------------------------------------

    def unit_of_work(self) -> UnitOfWork:
        """A new unit of work; its outbox rows go to the relay when it commits."""
        return self._units(self)

    def inbox_processor(self, admission: Admission) -> InboxProcessor:
        """The processor of this agency's inbox, which admits records as ``admission``
        checks them (the benchmark's run without trust admits every record)."""
        return InboxProcessor(
            unit_of_work=self.unit_of_work,
            dispatcher=self.dispatcher,
            agency_id=self.agency.id,
            dead_letter_topic=self.agency.dead_letter_topic,
            consumer_group=self.consumer_group,
            admission=admission,
            keys=self.keys,
            max_attempts=self.settings.max_attempts,
            sealing=self.sealing,
            metrics=self.metrics,
        )

    def provide(self, service: object) -> None:
        """Offer what the service's setup built for its routes and handlers (the intake
        hub's use cases, the desk) to operators' tools and tests (:meth:`handle`)."""
        self._services.append(service)

    def handle(self, kind: type[S]) -> S:
        """The object of type ``kind`` the service's setup provided, typed; LookupError
        if it provided none."""
        for service in self._services:
            if isinstance(service, kind):
                return service
        raise LookupError(f"{self.definition.title} provides no {kind.__name__}")

    def add_background(self, task: BackgroundTask) -> None:
        """Run ``task`` for the life of the process (e.g. a deadline monitor)."""
        self._background.append(task)

    def add_monitor(self, work: Callable[[], object], name: str) -> None:
        """Run the blocking ``work`` every ``monitor_interval_s`` for the life of the
        process: a deadline monitor, whose due work is stored, not held in timers."""
        self.add_background(every(self.settings.monitor_interval_s, work, name))

    def check_broker_soon(self) -> None:
        self._check_now.set()

    def _hold_until_broker_known(self) -> None:
        """A send failed, or the consumer met another cluster id: hold the relay until the
        watcher knows which broker answers. A broker that came back empty has no topics;
        writing to one while another process creates it can leave records the local
        broker acknowledged at offsets its consumers never read, so nothing is sent
        before this process created its topics on the new broker and they settled."""
        self.relay.hold()
        self.check_broker_soon()

    def _inbox_lag(self) -> dict[int, int]:
        return self.inbox.lag() if self.inbox is not None else {}

    @property
    def ready(self) -> bool:
        return (
            self.state.migrated
            and self.state.connected
            and self.state.database_reachable
            and bool(self.inbox and self.inbox.assigned())
        )

    # --- lifecycle -----------------------------------------------------------------

    def migrate(self) -> None:
        """Bring the schema to this release's heads, or, where a step before the service
        did (``migrate_on_start`` off), check that one did: either raises what an
        unavailable database raises, so the caller waits for its server."""
        if self.settings.migrate_on_start:
            migrate.upgrade(self.engine, self.definition.migration_components)
        else:
            migrate.require_migrated(db.reading(self.engine))
        self.state.migrated = True

    async def start(self) -> None:
        # A request's route runs on a worker thread and needs a database connection: more
        # threads than a pool's connections (anyio's default is 40) only wait for one,
        # and each keeps its own memory (a stack, a malloc arena) for the process's life.
        anyio.to_thread.current_default_thread_limiter().total_tokens = db.MAX_CONNECTIONS
        await self._migrate_when_reachable()
        self._tasks += [
            asyncio.create_task(self._supervise_kafka(), name="kafka"),
            asyncio.create_task(self._watch_database(), name="database"),
            asyncio.create_task(self._forever(self._prune), name="retention"),
            asyncio.create_task(self._forever(self._anchor_audit), name="audit anchors"),
            asyncio.create_task(self._forever(self.notifier.deliver_forever), name="notifier"),
        ]
        for task in self._background:
            self._tasks.append(asyncio.create_task(self._forever(task), name=task.__name__))

    async def _migrate_when_reachable(self) -> None:
        """Migrate, waiting for a database server that is not up yet (a process restarted
        while its server is down starts when the server returns). SQLite is a local file:
        its errors are never a server's absence and are raised at once."""
        backoff = 0.5
        while True:
            try:
                await asyncio.to_thread(self.migrate)
                return
            except db.UNAVAILABLE_ERRORS as exc:
                if db.is_sqlite(self.database_url):
                    raise
                log.warning("database unavailable (%s); waiting to migrate", type(exc).__name__)
                await asyncio.sleep(backoff)
                backoff = min(backoff * 2, RETRY_CAP_S)

    async def stop(self) -> None:
        for task in self._tasks:
            task.cancel()
        await _bounded(asyncio.gather(*self._tasks, return_exceptions=True), "background tasks")
        self._tasks.clear()
        if self._relay_started:
            await _bounded(self.relay.stop(), "relay")
        if self.inbox is not None:
            await _bounded(self.inbox.stop(), "inbox consumer")
        broker, self.transport.broker = self.transport.broker, None
        if broker is not None:
            await _bounded(broker.stop(), "producer")
        await _bounded(self.admin.reset(), "admin client")
        if self.state.migrated:
            await _bounded(asyncio.to_thread(self.audit.anchor_now), "audit anchor")
        self.engine.dispose()

    async def wait_ready(self, timeout: float = 30.0) -> None:
        deadline = asyncio.get_running_loop().time() + timeout
        while not self.ready:
            if asyncio.get_running_loop().time() > deadline:
                raise TimeoutError(f"{self.agency.id} not ready: {self.state}")
            await asyncio.sleep(0.05)

    async def _anchor_audit(self) -> None:
        """Anchor the audit chain's head every ``audit_anchor_interval_s`` when it moved
        (and every ``audit_anchor_every`` records, as they are appended)."""
        while True:
            await asyncio.sleep(self.settings.audit_anchor_interval_s)
            await asyncio.to_thread(self.audit.anchor_now)

    # --- database supervision ------------------------------------------------------

    async def _watch_database(self) -> None:
        """Probe the database every ``database_check_interval_s`` so that readiness turns
        not-ready while it is gone, and back when it returns; keep the pool filled."""
        while True:
            reachable = await asyncio.to_thread(db.answers, self.engine)
            if reachable != self.state.database_reachable:
                log.warning("database %s", "reachable again" if reachable else "unavailable")
                self.state.database_reachable = reachable
            if reachable:
                with contextlib.suppress(*db.UNAVAILABLE_ERRORS):
                    await asyncio.to_thread(db.fill_pool, self.engine)
            await asyncio.sleep(self.settings.database_check_interval_s)

    async def _prune(self) -> None:
        """Delete published outbox rows and inbox rows past their retention."""
        settings = self.settings
        kept = retention.Retention(
            outbox=settings.outbox_retention(),
            inbox=settings.inbox_retention(),
            batch=settings.retention_batch,
            interval_s=settings.retention_interval_s,
        )
        await every(kept.interval_s, partial(retention.prune, self.engine, kept), "prune")()

    async def _database_back(self) -> None:
        """Wait until the watcher has seen the database answer again."""
        await asyncio.sleep(self.settings.database_check_interval_s)
        while not self.state.database_reachable:
            await asyncio.sleep(self.settings.database_check_interval_s)

    async def _forever(self, task: BackgroundTask) -> None:
        """Keep a background task (a deadline monitor) alive across errors. While the
        database is unavailable it skips its beats, with one line in the log, and starts
        again when the database returns: its work is stored, so nothing is lost."""
        while True:
            try:
                await task()
                return
            except asyncio.CancelledError:
                raise
            except db.UNAVAILABLE_ERRORS as exc:
                log.warning(
                    "%s paused: database unavailable (%s)", task.__name__, type(exc).__name__
                )
                await self._database_back()
            except Exception:
                log.exception("background task %s failed; restarting", task.__name__)
                await asyncio.sleep(1.0)

    # --- Kafka supervision ---------------------------------------------------------

    def district_topics(self) -> dict[str, int]:
        """The topics of this agency's district, which hold all it reads and writes: a
        publisher must never write to a topic that does not exist yet (see
        `rujukan.topology.district_topics`)."""
        return district_topics(self.directory, self.agency.district, self.settings.topic_partitions)

    async def _supervise_kafka(self) -> None:
        backoff = 0.2
        while not self.state.connected:
            try:
                await self._connect()
            except asyncio.CancelledError:
                raise
            except Exception as exc:
                self.state.last_error = f"{type(exc).__name__}: {exc}"
                log.warning("cannot reach Kafka yet (%s); retrying", type(exc).__name__)
                await self.admin.reset()
                await asyncio.sleep(backoff)
                backoff = min(backoff * 2, RETRY_CAP_S)
        await self._watch_incarnation()

    async def _connect(self) -> None:
        incarnation = await self.admin.incarnation()
        await self.admin.ensure_topics(self.district_topics(), compacted=[INCARNATION_TOPIC])
        broker = build_broker(self.settings, self.agency.id)
        inbox = InboxConsumer(
            kafka=self.settings,
            topic=self.agency.inbox_topic,
            group_id=self.consumer_group,
            client_id=self.agency.id,
            processor=self.processor,
            max_records=self.settings.consumer_max_records,
            session_timeout_ms=self.settings.consumer_session_timeout_ms,
            heartbeat_interval_ms=self.settings.consumer_heartbeat_interval_ms,
            fetch_max_wait_ms=self.settings.consumer_fetch_max_wait_ms,
            fetch_min_wait_ms=self.settings.consumer_fetch_min_wait_ms,
            verify_broker=self._same_broker,
            positions=InboxPositions(
                partial(load_positions, self.engine, self.agency.inbox_topic),
                incarnation=lambda: self.state.incarnation,
            ),
            metrics=self.metrics,
        )
        try:
            await broker.start()
            await inbox.start()
        except Exception:
            with contextlib.suppress(Exception):
                await broker.stop()
            with contextlib.suppress(Exception):
                await inbox.stop()
            raise
        self.inbox = inbox
        self.transport.broker = broker
        if not self._relay_started:
            await self.relay.start()
            self._relay_started = True
        await self._adopt_incarnation(incarnation)
        self.state.connected = self.state.broker_reachable = True
        log.info("connected to Kafka", extra={"topic": self.agency.inbox_topic})

    async def _same_broker(self) -> bool | None:
        """Whether the broker still has the cluster id of the adopted incarnation (the
        local broker gets a new cluster id at every start); if not, handle the change
        now rather than at the next periodic check. None while this process has not
        adopted one yet (its consumer starts a moment before): the batch waits, and is
        not taken for a change of broker, which would read the inbox topic again from
        its beginning at every start."""
        known = self.state.incarnation
        if known is None:
            return None
        same = known.split("/", 1)[0] == await self.admin.cluster_id()
        if not same:
            self._hold_until_broker_known()
        return same

    async def _watch_incarnation(self) -> None:
        interval = self.settings.incarnation_check_interval_s
        while True:
            # asyncio.timeout, not wait_for: on Python 3.11 wait_for can swallow a
            # cancellation that arrives as the event is set, and stop() then never ends
            with contextlib.suppress(TimeoutError):
                async with asyncio.timeout(interval):
                    await self._check_now.wait()
            self._check_now.clear()
            try:
                incarnation = await self.admin.incarnation()
            except asyncio.CancelledError:
                raise
            except Exception as exc:
                self.state.broker_reachable = False
                self.state.last_error = f"{type(exc).__name__}: {exc}"
                await self.admin.reset()
                continue
            came_back = not self.state.broker_reachable
            self.state.broker_reachable = True
            if incarnation != self.state.incarnation:
                log.warning("the broker has a new incarnation: re-creating topics")
                await self.admin.ensure_topics(
                    self.district_topics(), compacted=[INCARNATION_TOPIC]
                )
                await asyncio.sleep(TOPICS_SETTLE_S)
                await self._adopt_incarnation(incarnation)
            # the broker answers and has this process's topics: a broker that was gone
            # gets its backlog at once; otherwise the backoff a failing send earned stays
            if came_back:
                self.relay.resume()
            else:
                self.relay.release()

    async def _adopt_incarnation(self, incarnation: str) -> None:
        """Remember ``incarnation``; if this database last saw another one, the broker
        may have lost what we published: send the retained outbox again and read the
        inbox topic from its beginning (the inbox drops duplicates)."""
        stored = await asyncio.to_thread(self._stored_incarnation)
        if stored is not None and stored != incarnation:
            self.state.republished += await self.relay.republish_retained()
            if self.inbox is not None:
                await self.inbox.rewind()
        if stored != incarnation:
            await asyncio.to_thread(self._store_incarnation, incarnation)
        self.state.incarnation = incarnation

    def _stored_incarnation(self) -> str | None:
        with self.engine.connect() as connection:
            row = connection.execute(
                select(tables.broker_incarnation.c.incarnation).where(
                    tables.broker_incarnation.c.id == 1
                )
            ).first()
            return None if row is None else str(row[0])

    def _store_incarnation(self, incarnation: str) -> None:
        table = tables.broker_incarnation
        with self.engine.begin() as connection:
            connection.execute(table.delete().where(table.c.id == 1))
            connection.execute(
                table.insert().values(id=1, incarnation=incarnation, seen_at=datetime.now(UTC))
            )


TOPICS_SETTLE_S = 1.0
"""How long a process waits after creating its topics on a new broker before it writes
to them: another process may be creating the same topics, and the local broker resets a
new topic's partitions a moment after the topic appears."""


async def _bounded(step: Awaitable[object], what: str, timeout: float = 15.0) -> None:
    """Run one shutdown step; a step that fails or hangs must not stop the others."""
    try:
        await asyncio.wait_for(step, timeout)
    except TimeoutError:
        log.warning("stopping the %s took longer than %.0fs; moving on", what, timeout)
    except Exception:
        log.exception("stopping the %s failed", what)
