"""The desk's use cases: one unit of work each, shared by the inbox handlers and the
staff routes. Each loads the referral (locked), asks the domain, stores the result
and stages the events for the case's hub in the outbox, then commits once.
"""

import logging
import uuid
from collections.abc import Callable, Sequence
from datetime import date, datetime
from typing import Protocol

from sqlalchemy.orm import Session, sessionmaker

from rujukan.desk import domain
from rujukan.desk.domain import Decision, DeskReferral
from rujukan.desk.rules import (
    OUTCOME_HUB_ONLINE,
    REFERRAL_KNOWN,
    DeskReport,
    ReportDraft,
    ReportPolicy,
)
from rujukan.desk.store import DeskRepository, QueueQuery
from rujukan.desk.views import (
    CapacityView,
    Delivery,
    OnwardResult,
    OnwardView,
    Queue,
    ReferralDetail,
    ReferralSummary,
    ReportView,
    SentEvent,
)
from rujukan.directory import Agency, AgencyDirectory, UnknownAgency
from rujukan.errors import NotFound
from rujukan.matrix import DistrictMatrix, UnknownDistrict, load_matrix
from rujukan.rules import REFERRAL_MATRIX
from rujukan.runtime.audit import IdentityAudit
from rujukan.runtime.inbox import Inbound
from rujukan.runtime.uow import UnitOfWork
from rujukan.stamps import new_id, utcnow
from schemas.base import CaseEvent
from schemas.envelope import Envelope
from schemas.events import (
    OutcomeAcknowledged,
    OutcomeDeliveredToCompanion,
    ReferralCancelled,
    ReferralExpired,
    ReferralIssued,
)
from schemas.vocabulary import DeclineReason, ServiceType

log = logging.getLogger("rujukan.desk")

IDENTITY_READ = "desk.referral.identity.read"
IDENTITY_PURPOSE = "service to the referred child (LT Pasal 5; UU 27/2022)"
"""Why an agency's staff are shown the identity a referral carried: to serve the child."""


class Responder(Protocol):
    """Answers a referral in the unit of work that receives it. Production desks have
    none; a benchmark's or a drill's automated agency has one (``ops/bench/autorespond.py``)."""

    def prefetch(self, uow: UnitOfWork, case_ids: set[str]) -> None:
        """Look up, for a whole batch, what :meth:`respond` needs."""

    def respond(self, uow: UnitOfWork, referral: DeskReferral, now: datetime) -> list[Decision]:
        """The decisions to make on a referral just received (stored with its receipt)."""
        ...


class Desk:
    """The referral desk of one agency process, given the ports it uses: its agency and
    the directory, a unit-of-work factory, read sessions, the audit of identity reads,
    the service's report policy, a clock and (automated agencies only) a responder."""

    def __init__(
        self,
        *,
        agency: Agency,
        directory: AgencyDirectory,
        unit_of_work: Callable[[], UnitOfWork],
        read_sessions: sessionmaker[Session],
        audit: IdentityAudit,
        policy: ReportPolicy,
        clock: Callable[[], datetime] = utcnow,
        referrals: Callable[[Session, UnitOfWork | None], DeskRepository] = DeskRepository,
    ) -> None:
        self.agency = agency
        self.directory = directory
        self.unit_of_work = unit_of_work
        self.read_sessions = read_sessions
        self.audit = audit
        self.policy = policy
        self.clock = clock
        self.referrals = referrals
        """The repository port: the desk's tables through a session (and, for a command,
        its unit of work)."""
        self.responder: Responder | None = None
        self._matrices: dict[str, DistrictMatrix] = {}

    def referrals_in(self, uow: UnitOfWork) -> DeskRepository:
        """The repository of a command's unit of work."""
        return self.referrals(uow.session, uow)

    # --- wiring helpers --------------------------------------------------------------

    def matrix(self, district: str) -> DistrictMatrix:
        if district not in self._matrices:
            try:
                self._matrices[district] = load_matrix(district, self.directory)
            except UnknownDistrict as exc:
                raise REFERRAL_MATRIX.error(str(exc)) from exc
        return self._matrices[district]

    def hub_topic(self, referral: DeskReferral) -> str:
        """The case hub's inbox: every answer and report goes there (LT Pasal 17(3))."""
        try:
            hub = self.directory.get(referral.hub_id)
        except UnknownAgency as exc:
            raise OUTCOME_HUB_ONLINE.error(str(exc)) from exc
        if not hub.runs_software:
            OUTCOME_HUB_ONLINE.refuse(
                f"the case's hub {hub.id} runs no software: its outcomes cannot be sent"
            )
        return hub.inbox_topic

    def referrer_topic(self, referral: DeskReferral) -> str | None:
        """The inbox of a referrer that is not the case's hub (a school referring at once
        under BTG 18(4)c, a puskesmas referring on): it follows the answers and reports
        on its own referral. None when the hub referred, or the referrer runs no software."""
        if referral.referrer_id == referral.hub_id:
            return None
        try:
            referrer = self.directory.get(referral.referrer_id)
        except UnknownAgency:
            return None
        return referrer.inbox_topic if referrer.runs_software else None

    def _apply(self, uow: UnitOfWork, before: DeskReferral, decision: Decision) -> list[Envelope]:
        """Store a decision and stage its events for the hub, caused by the referral."""
        if decision.referral != before:
            self.referrals_in(uow).save(decision.referral)
        return self._stage(uow, decision)

    def _stage(self, uow: UnitOfWork, decision: Decision) -> list[Envelope]:
        """Stage a decision's events for the hub and, for a report, the report under the
        ce_id of its ServiceReported (a report decision's one event)."""
        envelopes = self._send(uow, decision.referral, decision.events)
        if decision.report is not None:
            self.referrals_in(uow).add_report(decision.report, envelopes[-1].id)
        return envelopes

    def _send(
        self, uow: UnitOfWork, referral: DeskReferral, events: Sequence[CaseEvent]
    ) -> list[Envelope]:
        envelopes: list[Envelope] = []
        if not events:
            return envelopes
        hub_topic = self.hub_topic(referral)
        copy_topic = self.referrer_topic(referral)
        for event in events:
            copies = [] if copy_topic is None or isinstance(event, ReferralIssued) else [copy_topic]
            for topic in (hub_topic, *copies):
                envelope = uow.publish(event, topic=topic, causation_id=referral.issued_event_id)
                self.referrals_in(uow).add_sent(
                    referral_id=referral.referral_id,
                    event_id=envelope.id,
                    event_type=event.event_type,
                    topic=topic,
                    at=envelope.time,
                )
                if topic == hub_topic:
                    envelopes.append(envelope)
        return envelopes

    # --- the inbox -------------------------------------------------------------------

    def known_referrals(self, uow: UnitOfWork, inbounds: Sequence[Inbound]) -> None:
        """Prefetch for a batch of ReferralIssued: which of them this agency holds and
        what a responder needs."""
        issued = [i.event for i in inbounds if isinstance(i.event, ReferralIssued)]
        self.referrals_in(uow).remember_known([event.referral_id for event in issued])
        if self.responder is not None:
            self.responder.prefetch(uow, {event.case_id for event in issued})

    def on_issued(self, uow: UnitOfWork, inbound: Inbound) -> None:
        issued = inbound.event
        assert isinstance(issued, ReferralIssued)
        extra = {"case_id": issued.case_id, "referral_id": issued.referral_id}
        referrals = self.referrals_in(uow)
        if referrals.exists(issued.referral_id):
            log.info("referral already received; no second answer", extra=extra)
            return
        now = self.clock()
        received = domain.receive(
            issued, agency_id=self.agency.id, event_id=inbound.envelope.id, now=now
        )
        decisions = [received]
        if self.responder is not None:
            decisions += self.responder.respond(uow, received.referral, now)
        referrals.add(decisions[-1].referral, issued.child)
        for decision in decisions:
            self._stage(uow, decision)
        log.info("referral received", extra=extra)

    def on_closed_by_referrer(self, uow: UnitOfWork, inbound: Inbound) -> None:
        """The referrer cancelled the referral, or its monitor expired it."""
        event = inbound.event
        assert isinstance(event, ReferralCancelled | ReferralExpired)
        referral = self._addressed(uow, event.referral_id)
        if isinstance(event, ReferralCancelled):
            changed = domain.cancel(referral, event, now=self.clock())
        else:
            changed = domain.expire(referral, event, now=self.clock())
        if changed != referral:
            self.referrals_in(uow).save(changed)

    def on_delivery(self, uow: UnitOfWork, inbound: Inbound) -> None:
        """The hub's proof that an outcome reached the companion, or that they
        acknowledged it (LT Pasal 17(3))."""
        event = inbound.event
        assert isinstance(event, OutcomeDeliveredToCompanion | OutcomeAcknowledged)
        self._addressed(uow, event.referral_id)
        delivered = event if isinstance(event, OutcomeDeliveredToCompanion) else None
        acknowledged = event if isinstance(event, OutcomeAcknowledged) else None
        self.referrals_in(uow).record_delivery(
            outcome_event_id=event.outcome_event_id,
            referral_id=event.referral_id,
            companion_id=event.companion_id,
            delivered_at=delivered.delivered_at if delivered else None,
            acknowledged_at=acknowledged.acknowledged_at if acknowledged else None,
        )

    def _addressed(self, uow: UnitOfWork, referral_id: str) -> DeskReferral:
        """The referral an inbound event is about, locked. An event about a referral this
        agency never received breaks a rule: it is dead-lettered with the reason."""
        try:
            return self.referrals_in(uow).get(referral_id, for_update=True)
        except NotFound as exc:
            raise REFERRAL_KNOWN.error(
                f"no referral {referral_id} was received by this agency"
            ) from exc

    # --- staff ----------------------------------------------------------------------

    def _decide(
        self, referral_id: str, decide: Callable[[DeskReferral, DeskRepository], Decision]
    ) -> ReferralDetail:
        with self.unit_of_work() as uow:
            referrals = self.referrals_in(uow)
            referral = referrals.get(referral_id, for_update=True)
            self._apply(uow, referral, decide(referral, referrals))
            uow.commit()
        return self.detail(referral_id)

    def accept(self, referral_id: str, note: str | None = None) -> ReferralDetail:
        return self._decide(
            referral_id, lambda r, _s: domain.accept(r, now=self.clock(), note=note)
        )

    def decline(
        self, referral_id: str, reason: DeclineReason, detail: str | None = None
    ) -> ReferralDetail:
        return self._decide(
            referral_id,
            lambda r, _s: domain.decline(r, reason=reason, detail=detail, now=self.clock()),
        )

    def hold(self, referral_id: str, reason: str) -> ReferralDetail:
        return self._decide(
            referral_id, lambda r, _s: domain.hold(r, reason=reason, now=self.clock())
        )

    def resume(self, referral_id: str) -> ReferralDetail:
        return self._decide(referral_id, lambda r, _s: domain.resume(r, now=self.clock()))

    def report(self, referral_id: str, draft: ReportDraft) -> ReportView:
        report_id = new_id("rep")

        def decide(referral: DeskReferral, referrals: DeskRepository) -> Decision:
            return domain.report(
                referral,
                draft,
                report_id=report_id,
                history=referrals.case_reports(referral.case_id),
                policy=self.policy,
                now=self.clock(),
            )

        detail = self._decide(referral_id, decide)
        return next(r for r in detail.reports if r.report_id == report_id)

    def refer_on(
        self,
        referral_id: str,
        *,
        target_id: str,
        note: str | None = None,
        outcome_due_on: date | None = None,
        final: bool = False,
    ) -> OnwardResult:
        """Issue an onward referral: a copy to the case's hub first, then the referral
        to the target (if it runs software; an offline institution is referred to by
        letter through the hub), and the origin's referred_on report."""
        onward_id = new_id("r")
        with self.unit_of_work() as uow:
            referrals = self.referrals_in(uow)
            origin = referrals.get(referral_id, for_update=True)
            now = self.clock()
            decision = domain.refer_on(
                origin,
                target_id=target_id,
                matrix=self.matrix(origin.district),
                directory=self.directory,
                onward_referral_id=onward_id,
                report_id=new_id("rep"),
                history=referrals.case_reports(origin.case_id),
                policy=self.policy,
                now=now,
                note=note,
                outcome_due_on=outcome_due_on,
                final=final,
            )
            issued = decision.issued
            uow.publish(issued, topic=self.hub_topic(origin), causation_id=origin.issued_event_id)
            target = self.directory.get(target_id)
            if target.runs_software:
                uow.publish(issued, topic=target.inbox_topic, causation_id=origin.issued_event_id)
            referrals.add_onward(
                onward_referral_id=onward_id,
                origin_referral_id=origin.referral_id,
                target_id=target_id,
                stage=issued.stage,
                service=str(issued.service),
                issued_at=now,
            )
            self._apply(uow, origin, decision.origin)
            uow.commit()
        detail = self.detail(referral_id)
        return OnwardResult(
            onward=next(o for o in detail.onward if o.onward_referral_id == onward_id),
            origin=detail,
        )

    def publish_capacity(
        self, service: ServiceType, available: int, capacity: int | None
    ) -> CapacityView:
        """A capacity notice to every intake hub of this agency's district that runs
        software (shown when a companion chooses a referral target)."""
        now = self.clock()
        notice = domain.capacity_notice(
            self.agency,
            service=service,
            available=available,
            capacity=capacity,
            matrix=self.matrix(self.agency.district),
            now=now,
        )
        hubs = [h for h in self.directory.hubs(self.agency.district) if h.runs_software]
        with self.unit_of_work() as uow:
            envelopes = [uow.publish(notice, topic=hub.inbox_topic) for hub in hubs]
            self.referrals_in(uow).add_capacity(
                service=str(service),
                available=available,
                capacity=capacity,
                as_of=now,
                event_id=envelopes[0].id if envelopes else uuid.uuid4(),
                sent_to=[h.id for h in hubs],
            )
            uow.commit()
        return CapacityView(
            service=service,
            available=available,
            capacity=capacity,
            as_of=now,
            sent_to=[h.id for h in hubs],
        )

    # --- reads ----------------------------------------------------------------------

    def queue(self, query: QueueQuery) -> Queue:
        with self.read_sessions() as session:
            reading = self.referrals(session, None)
            referrals = reading.queue(query)
            counts = reading.count_by_status()
        return Queue(
            referrals=[ReferralSummary.model_validate(r.model_dump()) for r in referrals],
            counts=counts,
        )

    def detail(self, referral_id: str) -> ReferralDetail:
        """The referral as its staff see it; the child's identity, when it carries one,
        is recorded in the audit trail before it is returned."""
        with self.read_sessions() as session:
            reading = self.referrals(session, None)
            referral = reading.get(referral_id)
            child = reading.child_of(referral_id) if referral.has_child_identity else None
            deliveries = reading.deliveries_of(referral_id)
            reports = reading.reports_of(referral_id)
            sent = reading.sent_of(referral_id)
            onward = reading.onward_of(referral_id)

        def reached(event_id: str) -> Delivery | None:
            found = deliveries.get(event_id)
            return None if found is None else Delivery.model_validate(found)

        if child is not None:
            self.audit.identity_read(
                IDENTITY_READ, IDENTITY_PURPOSE, case_id=referral.case_id, referral_id=referral_id
            )
        return ReferralDetail.model_validate(
            referral.model_dump()
            | {
                "child": child,
                "reports": [_report_view(r, e, reached(e)) for r, e in reports],
                "sent": [
                    SentEvent.model_validate(s | {"reached_companion": reached(s["event_id"])})
                    for s in sent
                ],
                "onward": [OnwardView.model_validate(o) for o in onward],
            }
        )

    def capacity(self) -> list[CapacityView]:
        with self.read_sessions() as session:
            rows = self.referrals(session, None).latest_capacity()
        return [CapacityView.model_validate(row) for row in rows]


def _report_view(report: DeskReport, event_id: str, reached: Delivery | None) -> ReportView:
    return ReportView.model_validate(
        report.model_dump(exclude={"referral_id", "case_id"})
        | {"event_id": event_id, "reached_companion": reached, "facts": list(report.facts)}
    )
