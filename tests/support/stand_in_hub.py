"""A stand-in intake hub for the agency services' tests: it records every event its
inbox receives, in arrival order, and answers each service report with the proof of
delivery to the companion (LT Pasal 17(3)) that the real hub sends."""

from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
from fastapi import APIRouter

from rujukan.runtime.db import new_metadata
from rujukan.runtime.inbox import Inbound
from rujukan.runtime.service import AgencyRuntime, ServiceDefinition
from rujukan.runtime.uow import UnitOfWork
from schemas.base import Event
from schemas.events import (
    CapacityNotice,
    OutcomeDeliveredToCompanion,
    ReferralAccepted,
    ReferralDeclined,
    ReferralIssued,
    ReferralOnHold,
    ReferralReceived,
    ReferralResumed,
    ServiceReported,
)
from schemas.vocabulary import AgencyKind

COMPANION = "comp-test"

metadata = new_metadata()
arrivals = sa.Table(
    "hub_arrivals",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("event_id", sa.String(36), nullable=False),
    sa.Column("event_type", sa.String(128), nullable=False),
    sa.Column("source", sa.String(64), nullable=False),
    sa.Column("case_id", sa.String(64), nullable=False),
    sa.Column("referral_id", sa.String(64), nullable=True),
    sa.Column("detail", sa.String(200), nullable=True),
    sa.Column("causation_id", sa.String(36), nullable=True),
)


def _detail(event: Event) -> str | None:
    if isinstance(event, ServiceReported):
        facts = ",".join(f.kind for f in event.facts)
        return f"{event.status}{' final' if event.final else ''} [{facts}]"
    if isinstance(event, ReferralIssued):
        return f"{event.referrer_id}->{event.target_id} parent={event.parent_referral_id}"
    if isinstance(event, CapacityNotice):
        return f"{event.service}:{event.available}/{event.capacity}"
    if isinstance(event, ReferralDeclined):
        return str(event.reason)
    return None


def _setup(runtime: AgencyRuntime) -> list[APIRouter]:
    metadata.create_all(runtime.engine)

    def record(uow: UnitOfWork, inbound: Inbound) -> None:
        event, envelope = inbound.event, inbound.envelope
        uow.session.execute(
            arrivals.insert().values(
                event_id=str(envelope.id),
                event_type=event.event_type.split(".")[2] + "." + event.event_type.split(".")[3],
                source=envelope.source,
                case_id=envelope.subject,
                referral_id=getattr(event, "referral_id", None),
                detail=_detail(event),
                causation_id=str(envelope.causation_id) if envelope.causation_id else None,
            )
        )

    for event_class in (
        ReferralReceived,
        ReferralAccepted,
        ReferralDeclined,
        ReferralOnHold,
        ReferralResumed,
        ReferralIssued,
        CapacityNotice,
    ):
        runtime.dispatcher.on(event_class)(record)

    @runtime.dispatcher.on(ServiceReported)
    def on_reported(uow: UnitOfWork, inbound: Inbound) -> None:
        record(uow, inbound)
        event = inbound.event
        assert isinstance(event, ServiceReported)
        delivered = OutcomeDeliveredToCompanion(
            case_id=event.case_id,
            referral_id=event.referral_id,
            outcome_event_id=inbound.envelope.id,
            companion_id=COMPANION,
            delivered_at=datetime.now(UTC),
        )
        agency = runtime.directory.get(event.agency_id)
        uow.publish(delivered, topic=agency.inbox_topic, causation_id=inbound.envelope.id)

    return []


STAND_IN_HUB = ServiceDefinition(
    kinds=frozenset({AgencyKind.INTAKE}),
    components=(),
    setup=_setup,
    title="Stand-in intake hub (tests)",
)


def hub_arrivals(runtime: AgencyRuntime, case_id: str | None = None) -> list[dict[str, Any]]:
    """What the hub received, in arrival order."""
    statement = sa.select(arrivals).order_by(arrivals.c.id)
    if case_id is not None:
        statement = statement.where(arrivals.c.case_id == case_id)
    with runtime.engine.connect() as connection:
        return [dict(r) for r in connection.execute(statement).mappings()]


def refer(hub: AgencyRuntime, events: Sequence[ReferralIssued]) -> None:
    """The hub issues referrals: one unit of work, each to its target's inbox."""
    with hub.unit_of_work() as uow:
        for event in events:
            uow.publish(event, topic=hub.directory.get(event.target_id).inbox_topic)
        uow.commit()
