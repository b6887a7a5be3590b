"""A minimal service used to test the shared runtime alone: it records the
referrals it receives and answers each with ReferralReceived, and its handler for
ReferralAccepted fails on purpose when the note says so. ``GET /probe/received`` reads
what it recorded (a route that needs the database)."""

import uuid
from collections.abc import AsyncIterator
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from fastapi import APIRouter
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from rujukan.directory import AgencyDirectory, load_directory
from rujukan.runtime.accounts.http import requires
from rujukan.runtime.db import new_metadata
from rujukan.runtime.inbox import Inbound
from rujukan.runtime.service import AgencyRuntime, ServiceDefinition
from rujukan.runtime.uow import UnitOfWork
from schemas.base import Event
from schemas.events import ReferralAccepted, ReferralIssued, ReferralReceived
from schemas.vocabulary import AgencyKind
from tests.support.keys import KeysFolder, shared_keys
from tests.support.services import RunningService, running


class Base(DeclarativeBase):
    """The probe's own table registry."""

    metadata = new_metadata()


class Received(Base):
    """One event the probe handled, in the order it handled them."""

    __tablename__ = "probe_received"
    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=True)
    event_id: Mapped[str] = mapped_column(sa.String(36))
    event_type: Mapped[str] = mapped_column(sa.String(128))
    case_id: Mapped[str] = mapped_column(sa.String(64))
    referral_id: Mapped[str] = mapped_column(sa.String(64))
    note: Mapped[str | None] = mapped_column(sa.String(200))


metadata = Base.metadata
received = Received.__table__


@dataclass(frozen=True)
class ProbeNetwork:
    """A directory of three test agencies with ids unique to one test, so that every
    test has its own topics and consumer groups on the shared broker."""

    directory: AgencyDirectory
    hub: str
    alpha: str
    beta: str

    def inbox(self, agency_id: str) -> str:
        return self.directory.get(agency_id).inbox_topic


def probe_network(tmp_path: Path) -> ProbeNetwork:
    suffix = uuid.uuid4().hex[:8]
    hub, alpha, beta = (f"t-{name}-{suffix}" for name in ("hub", "alpha", "beta"))
    path = tmp_path / "directory.csv"
    path.write_text(
        "id,name,kind,category,district,runs_software\n"
        f"{hub},Test hub,intake,intake-hub,testland,yes\n"
        f"{alpha},Test agency alpha,health,puskesmas,testland,yes\n"
        f"{beta},Test agency beta,health,puskesmas,testland,yes\n"
    )
    shared_keys().ensure(hub, alpha, beta)  # each seals to the others from the start
    return ProbeNetwork(load_directory(path), hub, alpha, beta)


class AlwaysFails(RuntimeError):
    pass


def _setup(runtime: AgencyRuntime) -> list[APIRouter]:
    metadata.create_all(runtime.engine)

    def record(uow: UnitOfWork, inbound: Inbound, note: str | None) -> None:
        event = inbound.event
        uow.session.add(
            Received(
                event_id=str(inbound.envelope.id),
                event_type=event.event_type,
                case_id=inbound.envelope.subject,
                referral_id=getattr(event, "referral_id", ""),
                note=note,
            )
        )

    @runtime.dispatcher.on(ReferralIssued)
    def on_issued(uow: UnitOfWork, inbound: Inbound) -> None:
        event = inbound.event
        assert isinstance(event, ReferralIssued)
        record(uow, inbound, event.note)
        referrer = runtime.directory.get(event.referrer_id)
        uow.publish(
            ReferralReceived(
                case_id=event.case_id, referral_id=event.referral_id, agency_id=runtime.agency.id
            ),
            topic=referrer.inbox_topic,
            causation_id=inbound.envelope.id,
        )

    @runtime.dispatcher.on(ReferralReceived)
    def on_received(uow: UnitOfWork, inbound: Inbound) -> None:
        record(uow, inbound, None)

    @runtime.dispatcher.on(ReferralAccepted)
    def on_accepted(uow: UnitOfWork, inbound: Inbound) -> None:
        event = inbound.event
        assert isinstance(event, ReferralAccepted)
        if event.note == "always-fail":
            raise AlwaysFails("this handler always fails")
        record(uow, inbound, event.note)

    router = APIRouter()

    @router.get("/probe/received", dependencies=[requires("operator")])
    def received_ids() -> list[str]:
        """The referral ids the probe handled: a route that reads the database."""
        with runtime.read_sessions() as session:
            return list(session.scalars(sa.select(Received.referral_id).order_by(Received.id)))

    return [router]


PROBE = ServiceDefinition(
    kinds=frozenset({AgencyKind.INTAKE, AgencyKind.HEALTH}),
    components=(),
    setup=_setup,
    title="Runtime probe service",
)


def issued(
    case_id: str, referral_id: str, *, hub: str, target: str, note: str | None = None
) -> ReferralIssued:
    return ReferralIssued(
        case_id=case_id,
        referral_id=referral_id,
        district="testland",
        stage="TEST",
        service="health",
        referrer_id=hub,
        target_id=target,
        note=note,
    )


def rows(runtime: AgencyRuntime) -> list[dict[str, object]]:
    with runtime.engine.connect() as connection:
        return [
            dict(r)
            for r in connection.execute(sa.select(received).order_by(received.c.id)).mappings()
        ]


def referral(
    net: ProbeNetwork, case_id: str, referral_id: str, note: str | None = None
) -> ReferralIssued:
    """A referral from the network's hub to alpha."""
    return issued(case_id, referral_id, hub=net.hub, target=net.alpha, note=note)


def publish(service: RunningService, event: Event, topic: str) -> None:
    """``event`` committed to ``service``'s outbox for ``topic``, in a unit of work."""
    with service.runtime.unit_of_work() as uow:
        uow.publish(event, topic=topic)
        uow.commit()


def probe_as(
    net: ProbeNetwork, agency_id: str, bootstrap: str, database_url: str, **settings: Any
) -> AbstractAsyncContextManager[RunningService]:
    """The probe running as ``agency_id`` of the probe network, on ``database_url``."""
    return running(
        PROBE,
        agency_id=agency_id,
        database_url=database_url,
        bootstrap=bootstrap,
        directory=net.directory,
        **settings,
    )


def kh_hub_for_examples(
    bootstrap: str, keys: KeysFolder, tmp_path: Path
) -> AbstractAsyncContextManager[RunningService]:
    """The probe as the Kapuas Hulu hub on a SQLite file, with its key and the RSUD's: the
    hub the RSUD's own system publishes to in the examples of docs/security.md."""
    keys.ensure("kh-hub", "kh-rsud")
    database_url = f"sqlite:///{tmp_path}/hub.db"
    return running(
        PROBE, agency_id="kh-hub", database_url=database_url, bootstrap=bootstrap, keys=keys
    )


@asynccontextmanager
async def hub_and_alpha(
    bootstrap: str, net: ProbeNetwork, databases: tuple[str, str], **settings: Any
) -> AsyncIterator[tuple[RunningService, RunningService]]:
    """The probe running as the network's hub and as alpha, each on its own database."""
    hub_db, alpha_db = databases
    async with (
        probe_as(net, net.hub, bootstrap, hub_db, **settings) as hub,
        probe_as(net, net.alpha, bootstrap, alpha_db, **settings) as alpha,
    ):
        yield hub, alpha
