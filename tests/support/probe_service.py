"""A minimal service used to test the shared runtime alone: it records the
referrals it receives and answers each with ReferralReceived, and its handler for
ReferralAccepted fails on purpose when the note says so."""

from datetime import UTC, datetime
from pathlib import Path

import sqlalchemy as sa
from fastapi import APIRouter

from rujukan.directory import AgencyDirectory, load_directory
from rujukan.runtime.db import new_metadata
from rujukan.runtime.inbox import Inbound
from rujukan.runtime.service import AgencyRuntime, ServiceDefinition
from rujukan.runtime.uow import UnitOfWork
from schemas.events import ReferralAccepted, ReferralIssued, ReferralReceived
from schemas.vocabulary import AgencyKind

metadata = new_metadata()
received = sa.Table(
    "probe_received",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("event_id", sa.String(36), nullable=False),
    sa.Column("event_type", sa.String(128), nullable=False),
    sa.Column("case_id", sa.String(64), nullable=False),
    sa.Column("referral_id", sa.String(64), nullable=False),
    sa.Column("note", sa.String(200), nullable=True),
)

DIRECTORY_CSV = """id,name,kind,category,district,runs_software
t-hub,Test hub,intake,intake-hub,testland,yes
t-alpha,Test agency alpha,health,puskesmas,testland,yes
t-beta,Test agency beta,health,puskesmas,testland,yes
"""


def probe_directory(tmp_path: Path) -> AgencyDirectory:
    path = tmp_path / "directory.csv"
    path.write_text(DIRECTORY_CSV)
    return load_directory(path)


class AlwaysFails(RuntimeError):
    pass


def _setup(runtime: AgencyRuntime) -> list[APIRouter]:
    metadata.create_all(runtime.engine)

    def record(uow: UnitOfWork, inbound: Inbound, note: str | None) -> None:
        event = inbound.event
        uow.session.execute(
            received.insert().values(
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

    return []


PROBE = ServiceDefinition(
    kinds=frozenset({AgencyKind.INTAKE, AgencyKind.HEALTH}),
    components=(),
    setup=_setup,
    title="Runtime probe service",
)


def issued(case_id: str, referral_id: str, *, target: str = "t-alpha", note: str | None = None):
    return ReferralIssued(
        case_id=case_id,
        referral_id=referral_id,
        district="testland",
        stage="TEST",
        service="health",
        referrer_id="t-hub",
        target_id=target,
        note=note,
    )


def rows(runtime: AgencyRuntime) -> list[dict[str, object]]:
    with runtime.engine.connect() as connection:
        return [
            dict(r)
            for r in connection.execute(sa.select(received).order_by(received.c.id)).mappings()
        ]


_ = datetime, UTC
