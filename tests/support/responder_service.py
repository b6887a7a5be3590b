"""A stand-in for the agency services (health, social, legal) while the real ones are
built: it runs under a real directory id, records every event it receives, and answers
each referral to its hub (``ReferralIssued.outcome_hub``) as the referral's note says:

- ``respond:decline``     received, then declined (no capacity);
- ``respond:accept-only`` received and accepted, and nothing more (the referral stays open);
- anything else           received, accepted and a final completed service report.
"""

import json
from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
from fastapi import APIRouter

from rujukan.runtime.db import new_metadata
from rujukan.runtime.inbox import Inbound
from rujukan.runtime.service import AgencyRuntime, ServiceDefinition
from rujukan.runtime.uow import UnitOfWork
from schemas.events import (
    ReferralAccepted,
    ReferralCancelled,
    ReferralDeclined,
    ReferralIssued,
    ReferralReceived,
    ServiceReported,
)
from schemas.facts import ServiceNote
from schemas.vocabulary import AgencyKind, DeclineReason, OutcomeStatus

DECLINE = "respond:decline"
ACCEPT_ONLY = "respond:accept-only"

metadata = new_metadata()
received = sa.Table(
    "responder_received",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("event_type", sa.String(128), nullable=False),
    sa.Column("case_id", sa.String(64), nullable=False),
    sa.Column("referral_id", sa.String(64), nullable=False),
    sa.Column("data", sa.Text, nullable=False),
)


def _setup(runtime: AgencyRuntime) -> list[APIRouter]:
    metadata.create_all(runtime.engine)
    me = runtime.agency.id

    def record(uow: UnitOfWork, inbound: Inbound) -> None:
        event = inbound.event
        uow.session.execute(
            received.insert().values(
                event_type=event.event_type,
                case_id=inbound.envelope.subject,
                referral_id=getattr(event, "referral_id", ""),
                data=event.model_dump_json(),
            )
        )

    @runtime.dispatcher.on(ReferralIssued)
    def on_issued(uow: UnitOfWork, inbound: Inbound) -> None:
        event = inbound.event
        assert isinstance(event, ReferralIssued)
        record(uow, inbound)
        hub = runtime.directory.get(event.outcome_hub).inbox_topic
        now = datetime.now(UTC)
        ids = {"case_id": event.case_id, "referral_id": event.referral_id, "agency_id": me}
        answers: list[ReferralReceived | ReferralAccepted | ReferralDeclined | ServiceReported] = [
            ReferralReceived(**ids)
        ]
        if event.note == DECLINE:
            answers.append(
                ReferralDeclined(**ids, reason=DeclineReason.NO_CAPACITY, declined_at=now)
            )
        else:
            answers.append(ReferralAccepted(**ids, accepted_at=now))
            if event.note != ACCEPT_ONLY:
                answers.append(
                    ServiceReported(
                        **ids,
                        report_id=f"rep-{event.referral_id}",
                        status=OutcomeStatus.COMPLETED,
                        final=True,
                        facts=[ServiceNote(summary=f"{event.service} given by {me}")],
                        reported_at=now,
                    )
                )
        for answer in answers:
            uow.publish(answer, topic=hub, causation_id=inbound.envelope.id)

    @runtime.dispatcher.on(ReferralCancelled)
    def on_cancelled(uow: UnitOfWork, inbound: Inbound) -> None:
        record(uow, inbound)

    return []


RESPONDER = ServiceDefinition(
    kinds=frozenset({AgencyKind.HEALTH, AgencyKind.SOCIAL, AgencyKind.LEGAL}),
    components=(),
    setup=_setup,
    consumes=(ReferralIssued, ReferralCancelled),
    title="Stand-in agency responder (tests)",
)


def received_events(runtime: AgencyRuntime, case_id: str) -> list[dict[str, Any]]:
    """What the responder received for one case, oldest first, data decoded."""
    with runtime.engine.connect() as connection:
        rows = connection.execute(
            sa.select(received).where(received.c.case_id == case_id).order_by(received.c.id)
        ).mappings()
        return [{**row, "data": json.loads(row["data"])} for row in rows]


def report_final(
    agency: AgencyRuntime,
    case_id: str,
    referral_id: str,
    hub_topic: str,
    summary: str = "Service delivered",
) -> None:
    """The agency's own system reports the final result to the case's hub."""
    with agency.unit_of_work() as uow:
        uow.publish(
            ServiceReported(
                case_id=case_id,
                referral_id=referral_id,
                agency_id=agency.agency.id,
                report_id=f"rep-{referral_id}",
                status=OutcomeStatus.COMPLETED,
                final=True,
                facts=[ServiceNote(summary=summary)],
                reported_at=datetime.now(UTC),
            ),
            topic=hub_topic,
        )
        uow.commit()
