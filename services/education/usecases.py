"""The education service's use cases for violence in schools: one unit of work per
command, inbound answer or deadline check. Each loads the report (locked), asks the pure
domain, stores the report and its records, stages the events in the outbox and commits
once.

What BTG Pasal 18 makes a school do by itself happens in the same unit of work as the
report that triggers it: the parents' notices, the report to the Dinas or Gugus Tugas,
the immediate referrals with the intake hub's case opened for each child (BTG 18(4)c,
18(6)), and the report to the police (18(2)j). If the report is refused, none of them
leaves; if it is stored, all of them do. A referral owed at once that no institution
online can take is stored and announced (SchoolReferralUnroutable) instead of sent.

The documents a command issues to named recipients (the stop of an examination, SKW
47(2); the decision, 52(2)–(3)) are stored and announced (SchoolCopiesSent) in the same
unit of work as the command.
"""

import logging
from collections.abc import Callable, Iterable, Mapping
from datetime import date, datetime
from typing import Any

from pydantic import ValidationError
from sqlalchemy.orm import Session

from rujukan.calendar import WorkingDayCalendar
from rujukan.desk.rules import REFERRAL_KNOWN
from rujukan.directory import Agency
from rujukan.errors import NotFound, RuleViolation
from rujukan.identity_needs import load_identity_needs
from rujukan.matrix import check_referral_target, load_matrix
from rujukan.referral_deadlines import district_timezone
from rujukan.referrer import referral_issued
from rujukan.rule_sets import RuleSet, load_rule_sets
from rujukan.rules import ANSWER_SENT_BY_ITS_AGENCY, REFERRAL_MATRIX
from rujukan.runtime.inbox import Inbound
from rujukan.runtime.service import AgencyRuntime
from rujukan.runtime.uow import UnitOfWork
from rujukan.stamps import new_id, utcnow
from rujukan.tokens import digest, new_token
from schemas.events import (
    ComplaintSubmitted,
    ReferralAccepted,
    ReferralDeclined,
    ReferralOnHold,
    ReferralReceived,
    ReferralResumed,
    SchoolCopiesSent,
    SchoolDeadlineMissed,
    SchoolNoticeIssued,
    SchoolReferralUnroutable,
    SchoolReportReceived,
    SchoolReportRouted,
    ServiceReported,
)
from schemas.referral_status import ReferralStatus as S
from schemas.referral_status import report_goal
from schemas.school import Handler, Impact, PartyRole, ReportChannel, SchoolNoticeKind, ViolenceForm
from schemas.vocabulary import ComplainantType, ComplaintChannel, ServiceType
from services.education import repository as repo
from services.education.domain import (
    AddParty,
    BatangReferral,
    Command,
    IssuedReferral,
    Party,
    PartyIdentity,
    RecordSchooling,
    ReferralPlan,
    SchoolReport,
    StartRecovery,
    deadlines,
    decide,
    hand_over,
    receive_report,
    record_finding,
    referral_payload,
    rules,
)
from services.education.domain.access import process_party
from services.education.domain.copies import DocumentCopies, copies_to_send
from services.education.domain.dates import not_after_today
from services.education.domain.outbound import (
    Destination,
    PlannedNotice,
    PlannedReferral,
    UnroutableReferral,
    case_category,
    plan_outbound,
    service_destination,
)
from services.education.domain.procedure import (
    IMMEDIATE_DUTIES,
    RECEIVE_REPORT,
    RECORD_FINDING,
    RECOVERY_REFERRAL,
    REFERRAL_STEPS,
    SchoolProcedure,
    district_procedure,
)
from services.education.domain.records import HandlerAssigned
from services.education.domain.schooling import schooling_outcome, schooling_rules
from services.education.views import (
    CopiesView,
    DeadlineView,
    DecisionOutcome,
    HubCaseView,
    IdentityList,
    NoticeView,
    OutcomeView,
    ProcessView,
    RecordView,
    ReferralView,
    ReportDetail,
    ReportSummary,
    SanctionOutcome,
    UnroutableView,
)

log = logging.getLogger("rujukan.education")

IDENTITIES_READ = "education.report.identities.read"
IDENTITIES_PURPOSE = "examination of a school report (SKW 33, 44(2); UU 27/2022)"
"""Why the TPPK or Satgas that examines is shown who the parties are."""

Answer = (
    ReferralReceived
    | ReferralAccepted
    | ReferralDeclined
    | ReferralOnHold
    | ReferralResumed
    | ServiceReported
)
ANSWERS: tuple[type[Answer], ...] = (
    ReferralReceived,
    ReferralAccepted,
    ReferralDeclined,
    ReferralOnHold,
    ReferralResumed,
    ServiceReported,
)
"""What the targets of this service's referrals send back (the desk copies its answers
to a referrer that is not the case's hub)."""

BatangStep = Callable[[BatangReferral, date], BatangReferral]
"""One step of BTG 18(6) on a planned referral, given today's local date."""

PURPOSE_AT_ONCE = "btg_18_4c"
PURPOSE_POLICE = "police_report"
PURPOSE_RECOVERY = "recovery"


ReportGuard = Callable[[SchoolReport], None]
"""Raises unless the caller may make this move on the report as loaded (and locked) for
it: :class:`services.education.access.SchoolAccess` passes the access rule in."""


ReportFilter = Callable[[SchoolReport], bool]
"""Whether a report is listed for the caller (its summary and deadlines)."""


def anyone(_report: SchoolReport) -> None:
    """The guard of a caller the service trusts (tests of the use cases, the monitor)."""


def everything(_report: SchoolReport) -> bool:
    return True


def summary(report: SchoolReport) -> ReportSummary:
    """A report as a list shows it: no parties, no school, no records."""
    return ReportSummary(
        reference=report.reference,
        handler=report.handler,
        satgas_reasons=list(report.satgas_reasons),
        status=report.status,
        received_on=report.received_on,
    )


class SchoolService:
    """Violence in schools at one Dinas Pendidikan (SKW Pasal 36–68, BTG Pasal 13–23)."""

    def __init__(
        self,
        runtime: AgencyRuntime,
        *,
        procedure: SchoolProcedure | None = None,
        clock: Callable[[], datetime] = utcnow,
    ) -> None:
        self.runtime = runtime
        self.procedure = procedure if procedure is not None else district_procedure(runtime.agency)
        self.agency: Agency = runtime.agency
        self.directory = runtime.directory
        self.clock = clock
        district = self.agency.district
        self.calendar = WorkingDayCalendar.for_district(district)
        self.zone = district_timezone(district)
        self.matrix = load_matrix(district, self.directory)
        self.schooling = schooling_rules(load_rule_sets(district).applied(RuleSet.SCHOOLING))
        """The district's schooling rules (LT 23, SKW 39, BTG 18(2)f), or None."""
        self.identity_needs = load_identity_needs()
        hubs = [hub for hub in self.directory.hubs(district) if hub.runs_software]
        self.hub: Agency | None = hubs[0] if hubs else None

    @property
    def school_procedure(self) -> SchoolProcedure:
        """The school-violence procedure of the district; a district that adopted none
        handles no school report (404, as for a route it does not serve)."""
        if self.procedure is None:
            raise NotFound(f"{self.agency.district} applies no school-violence procedure")
        return self.procedure

    @property
    def journal_topic(self) -> str:
        """Where the Satgas PPK, the Dinas and auditors read this service's events."""
        return self.agency.journal_topic

    def today(self) -> date:
        """Today in the district's own time zone: a deadline is a local day."""
        return self.clock().astimezone(self.zone).date()

    # --- opening ---------------------------------------------------------------------

    def open_report(
        self,
        *,
        channel: ReportChannel | None,
        schools: Iterable[str],
        parties: Iterable[Party],
        identities: Iterable[PartyIdentity],
        forms: Iterable[ViolenceForm],
        impacts: Iterable[Impact],
        on: date | None,
        request_letter_ref: str | None,
    ) -> SchoolReport:
        """A report through a channel of SKW Pasal 41 (``channel`` set), or a TPPK or
        Satgas finding without a report, which starts at the examination (36(3))."""
        self.school_procedure.require(RECEIVE_REPORT if channel is not None else RECORD_FINDING)
        reference = new_id(f"sch-{self.agency.id}")
        received_on = not_after_today(on, self.today())
        known = {i.party_id: i for i in identities}
        try:
            if channel is not None:
                result = receive_report(
                    reference=reference,
                    channel=channel,
                    received_on=received_on,
                    schools=schools,
                    parties=parties,
                    forms=forms,
                    impacts=impacts,
                )
            else:
                result = record_finding(
                    reference=reference,
                    found_on=received_on,
                    schools=schools,
                    parties=parties,
                    forms=forms,
                    impacts=impacts,
                )
        except ValidationError as exc:
            raise rules.SCHOOL_REPORT_CONSISTENT.error(
                f"the report is inconsistent: {exc.errors()[0]['msg']}"
            ) from exc
        report = result.report
        for party_id in known:
            report.party(party_id)  # an identity of nobody in the report: 404
        now = self.clock()
        with self.runtime.unit_of_work() as uow:
            session = uow.session
            repo.add_report(session, report, now)
            repo.append_records(session, reference, result.records, now)
            repo.add_identities(session, reference, known.values())
            uow.publish(
                SchoolReportReceived(
                    case_id=reference,
                    agency_id=self.agency.id,
                    origin=report.origin,
                    channel=report.channel,
                    received_on=report.received_on,
                    handler=report.handler,
                    satgas_reasons=list(report.satgas_reasons),
                    forms=[f for f in ViolenceForm if f in report.forms],
                    impacts=[i for i in Impact if i in report.impacts],
                ),
                topic=self.journal_topic,
            )
            self._act_at_once(uow, None, report, known, now, request_letter_ref)
            self._sync_deadlines(session, report)
            uow.commit()
        log.info("school report received", extra={"case_id": reference})
        return report

    # --- commands --------------------------------------------------------------------

    def run(
        self,
        reference: str,
        command: Command,
        identity: PartyIdentity | None = None,
        guard: ReportGuard = anyone,
    ) -> SchoolReport:
        """Any command of the handling (SKW 36–65): the domain decides; a change of
        handler is announced on the journal (SKW 37(3), 38(1)); a party added later gets
        the notices and referrals BTG 18 owes for them."""
        now = self.clock()
        with self.runtime.unit_of_work() as uow:
            session = uow.session
            before = repo.load(session, reference, for_update=True)
            guard(before)
            self.school_procedure.require_command(command)
            if isinstance(command, RecordSchooling):
                outcome = schooling_outcome(command.outcome, self.schooling)
                command = command.model_copy(update={"outcome": outcome})
            result = decide(before, command, self.today(), self.calendar)
            repo.save(session, result.report, now)
            repo.append_records(session, reference, result.records, now)
            if isinstance(command, AddParty) and identity is not None:
                if identity.party_id != command.party.party_id:
                    raise RuleViolation(
                        "identity.party_id: the identity is not the added party's",
                        rule="identity_of_the_added_party",
                        article="SKW Pasal 44(2)",
                    )
                repo.add_identities(session, reference, [identity])
            for routed in result.records:
                if isinstance(routed, HandlerAssigned):
                    uow.publish(
                        SchoolReportRouted(
                            case_id=reference,
                            agency_id=self.agency.id,
                            handler=routed.handler,
                            satgas_reasons=list(routed.reasons),
                            routed_on=routed.on,
                        ),
                        topic=self.journal_topic,
                    )
            if _owes_more_under_btg_18(before, result.report):
                known = repo.identities(session, reference)
                self._act_at_once(uow, before, result.report, known, now, None)
            for document in copies_to_send(result.records):
                self._send_copies(uow, reference, document, now)
            self._sync_deadlines(session, result.report)
            uow.commit()
        return result.report

    def _send_copies(
        self, uow: UnitOfWork, reference: str, document: DocumentCopies, now: datetime
    ) -> None:
        """SKW 47(2), 52(2)–(3): the document leaves for its recipients; the journal
        names them by kind, the report detail by party too."""
        copies_id = new_id("c")
        envelope = uow.publish(
            SchoolCopiesSent(
                case_id=reference,
                agency_id=self.agency.id,
                copies_id=copies_id,
                document=document.document,
                recipients=list(document.recipients),
                copies=len(document.copies),
                article=document.article,
                issued_on=document.issued_on,
                sent_at=now,
            ),
            topic=self.journal_topic,
        )
        repo.add_copies(
            uow.session,
            copies_id=copies_id,
            reference=reference,
            document=document.document.value,
            article=document.article,
            recipients=[copy.model_dump(mode="json") for copy in document.copies],
            issued_on=document.issued_on,
            sent_at=now,
            event_id=str(envelope.id),
        )

    def refer_for_recovery(
        self,
        reference: str,
        *,
        party_id: str,
        service: ServiceType,
        stage: str | None = None,
        target_id: str | None = None,
        guard: ReportGuard = anyone,
    ) -> ReferralView:
        """A recovery service for a victim, witness or pupil who acted (SKW Pasal 65),
        through the intake hub like any other referral; recovery starts with it."""
        now = self.clock()
        with self.runtime.unit_of_work() as uow:
            session = uow.session
            report = repo.load(session, reference, for_update=True)
            guard(report)
            self.school_procedure.require(RECOVERY_REFERRAL)
            if not any(r.party_id == party_id for r in report.recoveries):
                started = decide(
                    report, StartRecovery(party_id=party_id), self.today(), self.calendar
                )
                repo.save(session, started.report, now)
                repo.append_records(session, reference, started.records, now)
                report = started.report
            destination = self._recovery_destination(service, stage, target_id)
            planned = PlannedReferral(
                party_id=party_id,
                destination=destination,
                article=self.school_procedure.steps[RECOVERY_REFERRAL],
                identity=self.identity_needs.needed(destination.service),
            )
            known = repo.identities(session, reference)
            referral_id = self._refer(uow, report, planned, known, now, None, PURPOSE_RECOVERY)
            self._sync_deadlines(session, report)
            view = self._referral_view(session, referral_id)
            uow.commit()
        return view

    def _recovery_destination(
        self, service: ServiceType, stage: str | None, target_id: str | None
    ) -> Destination:
        if stage is not None and target_id is not None:
            row = check_referral_target(self.matrix, self.directory, stage, target_id)
            return Destination(stage=stage, target_id=target_id, service=row.service, duty=row.duty)
        found = service_destination(self.matrix, self.directory, service)
        if found is None:
            REFERRAL_MATRIX.refuse(
                f"service: the {self.matrix.district} matrix lists no institution online "
                f"for {service}",
                article=self.matrix.rows[0].source if self.matrix.rows else None,
            )
        return found

    def batang_step(
        self, referral_id: str, step: BatangStep, guard: ReportGuard = anyone
    ) -> ReferralView:
        """One step of BTG 18(6) a–k on a referral the service issued; every step after
        the plan needs the plan (``batang_referral_steps_in_order``, 409). A close with
        the service not received (k) hands the pupil over in the same unit of work: a
        refused step sends nothing."""
        with self.runtime.unit_of_work() as uow:
            row = repo.referral(uow.session, referral_id, for_update=True)
            guard(repo.load(uow.session, row["reference"]))
            self.school_procedure.require(REFERRAL_STEPS)
            if row["steps"] is None:
                rules.BATANG_REFERRAL_IN_ORDER.refuse(f"referral {referral_id} has no plan yet")
            before = BatangReferral.model_validate(row["steps"])
            changed = step(before, self.today())
            repo.update_referral(uow.session, referral_id, steps=changed.model_dump(mode="json"))
            self._hand_over(uow, row, before, changed)
            view = self._referral_view(uow.session, referral_id)
            uow.commit()
        return view

    def _hand_over(
        self,
        uow: UnitOfWork,
        row: Mapping[str, Any],
        before: BatangReferral,
        after: BatangReferral,
    ) -> None:
        """BTG 18(6)k: the pupil did not receive the service, so the local government's
        social worker follows up: the companion of the child's case at the intake hub
        the referral was copied to (its inbox), and the Satgas PPK and the Dinas (the
        journal topic). Without a hub case, the journal alone."""
        issued = IssuedReferral(
            referral_id=row["referral_id"],
            reference=row["reference"],
            case_id=row["case_id"],
            hub_id=row["hub_id"],
            target_id=row["target_id"],
            service=ServiceType(row["service"]),
        )
        handed = hand_over(issued, before, after, agency_id=self.agency.id)
        if handed is None:
            return
        if handed.hub_id is not None:
            uow.publish(handed, topic=self.directory.get(handed.hub_id).inbox_topic)
        uow.publish(handed, topic=self.journal_topic)
        ids = {"case_id": handed.case_id, "referral_id": handed.referral_id}
        log.info("referral handed over (BTG 18(6)k)", extra=ids)

    def plan_referral(
        self, referral_id: str, plan: ReferralPlan, guard: ReportGuard = anyone
    ) -> ReferralView:
        """BTG 18(6)a–b: the referral plan with its cost and who pays."""
        with self.runtime.unit_of_work() as uow:
            row = repo.referral(uow.session, referral_id, for_update=True)
            guard(repo.load(uow.session, row["reference"]))
            self.school_procedure.require(REFERRAL_STEPS)
            rules.BATANG_REFERRAL_IN_ORDER.check(
                row["steps"] is None, f"referral {referral_id} already has its plan"
            )
            rules.BATANG_REFERRAL_PLAN.check(
                row["party_id"] is not None, f"referral {referral_id} is for no pupil"
            )
            rules.BATANG_REFERRAL_PLAN.check(
                plan.service.value == row["service"],
                f"service: the plan is for {plan.service}, the referral for {row['service']}",
            )
            planned = BatangReferral.plan_referral(row["party_id"], plan, self.today())
            repo.update_referral(uow.session, referral_id, steps=planned.model_dump(mode="json"))
            view = self._referral_view(uow.session, referral_id)
            uow.commit()
        return view

    # --- what BTG 18 makes the school do by itself ------------------------------------

    def _act_at_once(
        self,
        uow: UnitOfWork,
        before: SchoolReport | None,
        report: SchoolReport,
        identities: Mapping[str, PartyIdentity],
        now: datetime,
        request_letter_ref: str | None,
    ) -> None:
        """Send what BTG 18 owes for ``report`` and did not yet owe for ``before``, where
        the district's procedure has these duties (Batang's)."""
        if not self.school_procedure.has(IMMEDIATE_DUTIES):
            return
        done = (
            plan_outbound(before, self.matrix, self.directory, self.identity_needs)
            if before is not None
            else None
        )
        plan = plan_outbound(report, self.matrix, self.directory, self.identity_needs).since(done)
        referred: dict[str | None, list[str]] = {}
        for planned in plan.referrals:
            purpose = PURPOSE_POLICE if planned.police_report else PURPOSE_AT_ONCE
            referral_id = self._refer(
                uow, report, planned, identities, now, request_letter_ref, purpose
            )
            referred.setdefault(planned.party_id, []).append(referral_id)
        for notice in plan.notices:
            self._notify(uow, report, notice, referred.get(notice.party_id, []), now)
        for missing in plan.unroutable:
            self._announce_unroutable(uow, report, missing, now)

    def _announce_unroutable(
        self, uow: UnitOfWork, report: SchoolReport, missing: UnroutableReferral, now: datetime
    ) -> None:
        """BTG 18(4)c, 18(2)j: a referral owed at once that the district's matrix cannot
        route is stored with the report and announced on the journal topic for the Satgas
        and the Dinas, with the pupil's roles only (SKW 33, 44(2))."""
        envelope = uow.publish(
            SchoolReferralUnroutable(
                case_id=report.reference,
                agency_id=self.agency.id,
                service=missing.service,
                article=missing.article,
                about=list(missing.about),
                police_report=missing.police_report,
                detected_at=now,
            ),
            topic=self.journal_topic,
        )
        repo.add_unroutable(
            uow.session,
            reference=report.reference,
            party_id=missing.party_id or "",
            purpose=PURPOSE_POLICE if missing.police_report else PURPOSE_AT_ONCE,
            service=missing.service.value,
            article=missing.article,
            about=[role.value for role in missing.about],
            detected_at=now,
            event_id=str(envelope.id),
        )
        log.info("referral unroutable", extra={"case_id": report.reference})

    def _notify(
        self,
        uow: UnitOfWork,
        report: SchoolReport,
        notice: PlannedNotice,
        referral_ids: list[str],
        now: datetime,
    ) -> None:
        notice_id = new_id("n")
        envelope = uow.publish(
            SchoolNoticeIssued(
                case_id=report.reference,
                agency_id=self.agency.id,
                notice_id=notice_id,
                kind=notice.kind,
                about=list(notice.about),
                article=notice.article,
                by_letter=notice.by_letter,
                services=list(notice.services),
                referral_ids=referral_ids if notice.kind is SchoolNoticeKind.PARENTS else [],
                issued_at=now,
            ),
            topic=self.journal_topic,
        )
        repo.add_notice(
            uow.session,
            notice_id=notice_id,
            reference=report.reference,
            kind=notice.kind.value,
            party_id=notice.party_id,
            article=notice.article,
            by_letter=notice.by_letter,
            services=[s.value for s in notice.services],
            issued_at=now,
            event_id=str(envelope.id),
        )

    def _refer(
        self,
        uow: UnitOfWork,
        report: SchoolReport,
        planned: PlannedReferral,
        identities: Mapping[str, PartyIdentity],
        now: datetime,
        request_letter_ref: str | None,
        purpose: str,
    ) -> str:
        """Issue one referral. For a child, the district's intake hub gets the case first
        (ComplaintSubmitted, once per child) and a copy of the referral naming it as the
        case's hub, so the answers and reports reach the companion (LT Pasal 17(3)) and
        come back here too. The child's identity travels only when the service needs it
        and only for the child victim it is for (SKW 33, 44(2))."""
        destination = planned.destination
        party = report.party(planned.party_id) if planned.party_id is not None else None
        identity = identities.get(planned.party_id) if planned.party_id is not None else None
        hub: Agency | None = None
        case_id = report.reference
        if party is not None and party.child and self.hub is not None:
            hub = self.hub
            case_id = self._hub_case(uow, report, party, identity, now, request_letter_ref)
        child = None
        if planned.identity and party is not None and party.has(PartyRole.VICTIM) and party.child:
            rules.IDENTITY_WHEN_NEEDED.check(
                identity is not None,
                f"party {party.party_id}: a {destination.service} referral needs the identity",
            )
            payload = referral_payload(
                report, [destination.service], identity_needed=True, victim=identity
            )
            child = payload.child
        referral_id = new_id("r")
        hub_id = hub.id if hub is not None else None
        issued = referral_issued(
            destination,
            case_id=case_id,
            referral_id=referral_id,
            district=self.matrix.district,
            referrer_id=self.agency.id,
            target_id=destination.target_id,
            hub_id=hub_id,
            identity=child,
            with_identity=child is not None,
            category=case_category(report),
            note=_NOTES.get(purpose, purpose) + f" ({planned.article})",
        )
        if hub is not None:
            uow.publish(issued, topic=hub.inbox_topic)
        envelope = uow.publish(issued, topic=self.directory.get(destination.target_id).inbox_topic)
        repo.add_referral(
            uow.session,
            referral_id=referral_id,
            reference=report.reference,
            case_id=case_id,
            party_id=planned.party_id,
            purpose=purpose,
            article=planned.article,
            stage=destination.stage,
            service=destination.service.value,
            target_id=destination.target_id,
            hub_id=hub_id,
            identity_included=child is not None,
            status=S.ISSUED.value,
            issued_at=now,
            event_id=str(envelope.id),
            steps=None,
        )
        log.info("referral issued", extra={"case_id": case_id, "referral_id": referral_id})
        return referral_id

    def _hub_case(
        self,
        uow: UnitOfWork,
        report: SchoolReport,
        party: Party,
        identity: PartyIdentity | None,
        now: datetime,
        request_letter_ref: str | None,
    ) -> str:
        """The intake hub's case for this child, opened with a ComplaintSubmitted the
        first time (LT Pasal 9(2): an agency's report with its request letter and the
        case information; BTG 18(6)c: the school head's referral request letter)."""
        assert self.hub is not None
        existing = repo.hub_case(uow.session, report.reference, party.party_id)
        if existing is not None:
            return existing
        rules.IDENTITY_WHEN_NEEDED.check(
            identity is not None,
            f"party {party.party_id}: the intake hub opens the child's case with the identity",
        )
        assert identity is not None
        if identity.date_of_birth is None and identity.estimated_age is None:
            raise RuleViolation(
                f"identities: party {party.party_id} needs a date of birth or an estimated "
                "age for the hub to know it is a child",
                rule="child_age_known",
                article="LT Pasal 1 angka 5",
            )
        number = len(repo.hub_cases(uow.session, report.reference)) + 1
        case_id = f"{report.reference}-{number}"
        forms = ", ".join(sorted(f.value for f in report.forms)) or "unstated"
        impacts = ", ".join(sorted(i.value for i in report.impacts)) or "unstated"
        envelope = uow.publish(
            ComplaintSubmitted(
                case_id=case_id,
                channel=ComplaintChannel.SCHOOL,
                complainant=ComplainantType.AGENCY,
                request_letter_ref=request_letter_ref or f"{report.reference}/BTG-18-6c",
                suspected_category=case_category(report),
                child=identity.as_child_identity(),
                summary=(
                    f"School report {report.reference} ({report.handler.value}): "
                    f"forms {forms}; impacts {impacts}"
                )[:500],
            ),
            topic=self.hub.inbox_topic,
        )
        repo.add_hub_case(
            uow.session,
            case_id=case_id,
            reference=report.reference,
            party_id=party.party_id,
            hub_id=self.hub.id,
            submitted_at=now,
            event_id=str(envelope.id),
        )
        return case_id

    # --- answers from the targets -----------------------------------------------------

    def on_answer(self, uow: UnitOfWork, inbound: Inbound) -> None:
        """Record an answer or report about a referral this service issued, so the school
        (and a victim or reporter, SKW 66(1)a) sees the outcome."""
        event = inbound.event
        assert isinstance(event, ANSWERS)
        try:
            row = repo.referral(uow.session, event.referral_id, for_update=True)
        except NotFound as exc:
            raise REFERRAL_KNOWN.error(
                f"no referral {event.referral_id} was issued by this service"
            ) from exc
        if inbound.envelope.source != event.agency_id or event.agency_id != row["target_id"]:
            ANSWER_SENT_BY_ITS_AGENCY.refuse(
                f"{inbound.envelope.source} answered in the name of {event.agency_id} on a "
                f"referral to {row['target_id']}"
            )
        status = _status_after(event, row["status"])
        repo.add_outcome(
            uow.session,
            event_id=str(inbound.envelope.id),
            referral_id=event.referral_id,
            event_type=event.event_type,
            agency_id=event.agency_id,
            status=event.status.value if isinstance(event, ServiceReported) else None,
            final=isinstance(event, ServiceReported) and event.final,
            body=event.model_dump(mode="json"),
            received_at=self.clock(),
        )
        repo.update_referral(uow.session, event.referral_id, status=S(status).value)

    # --- deadlines ------------------------------------------------------------------

    def _sync_deadlines(self, session: Session, report: SchoolReport) -> None:
        """The deadlines of the district's procedure (SKW's; the Batang draft sets none)."""
        rules_of_procedure = self.school_procedure.deadlines
        if not rules_of_procedure:
            return
        found = deadlines(report, self.calendar, today=self.today(), rules=rules_of_procedure)
        repo.sync_deadlines(session, report.reference, found, report.handler.value)

    def announce_missed_deadlines(self) -> int:
        """Announce each missed deadline once (SchoolDeadlineMissed on the journal topic,
        for the Satgas and the Dinas); the stored rows make it survive restarts."""
        now = self.clock()
        announced = 0
        with self.runtime.unit_of_work() as uow:
            session = uow.session
            for reference in repo.references_to_check(session, self.today()):
                report = repo.load(session, reference, for_update=True)
                self._sync_deadlines(session, report)
                for row in repo.unannounced_misses(session, reference):
                    envelope = uow.publish(
                        SchoolDeadlineMissed(
                            case_id=reference,
                            agency_id=self.agency.id,
                            deadline=row["rule"],
                            article=row["article"],
                            unit=row["unit"],
                            starts_on=row["starts_on"],
                            due_on=row["due_on"],
                            done_on=row["done_on"],
                            handler=report.handler,
                            detected_at=now,
                        ),
                        topic=self.journal_topic,
                    )
                    repo.mark_announced(session, row["id"], str(envelope.id), now)
                    announced += 1
            uow.commit()
        if announced:
            log.info("missed deadlines announced: %d", announced)
        return announced

    # --- reads ----------------------------------------------------------------------

    def reports(
        self, handler: Handler | None = None, visible: ReportFilter = everything
    ) -> list[ReportSummary]:
        with self.runtime.read_sessions() as session:
            found = repo.reports(session, handler.value if handler else None)
        return [summary(r) for r in found if visible(r)]

    def detail(self, reference: str, guard: ReportGuard = anyone) -> ReportDetail:
        with self.runtime.read_sessions() as session:
            report = repo.load(session, reference)
            guard(report)
            referrals = self._referral_views(session, repo.referrals_of(session, reference))
            return ReportDetail(
                report=report,
                steps_reached=list(report.steps_reached),
                hub_cases=[
                    HubCaseView.model_validate(r) for r in repo.hub_cases(session, reference)
                ],
                referrals=referrals,
                notices=[NoticeView.model_validate(r) for r in repo.notices_of(session, reference)],
                deadlines=[
                    _deadline_view(r) for r in repo.deadline_rows(session, reference=reference)
                ],
                records=[RecordView.model_validate(r) for r in repo.records_of(session, reference)],
                unroutable=[
                    UnroutableView.model_validate(r | {"party_id": r["party_id"] or None})
                    for r in repo.unroutable_of(session, reference)
                ],
                copies=[CopiesView.model_validate(r) for r in repo.copies_of(session, reference)],
            )

    def identities(self, reference: str, guard: ReportGuard = anyone) -> IdentityList:
        """Who the parties are, recorded in the audit trail before it is returned."""
        with self.runtime.read_sessions() as session:
            guard(repo.load(session, reference))
            found = repo.identities(session, reference)
        if found:
            self.runtime.audit.identity_read(
                IDENTITIES_READ, IDENTITIES_PURPOSE, report_ref=reference
            )
        return IdentityList(reference=reference, identities=list(found.values()))

    def referral_view(self, referral_id: str, guard: ReportGuard = anyone) -> ReferralView:
        with self.runtime.read_sessions() as session:
            row = repo.referral(session, referral_id)
            guard(repo.load(session, row["reference"]))
            return self._referral_views(session, [row])[0]

    def deadlines(
        self, *, missed_only: bool = False, visible: ReportFilter = everything
    ) -> list[DeadlineView]:
        with self.runtime.read_sessions() as session:
            rows = repo.deadline_rows(session, missed_only=missed_only)
            seen = {r.reference for r in repo.reports(session) if visible(r)}
        return [_deadline_view(r) for r in rows if r["reference"] in seen]

    def process(self, reference: str, party_id: str, guard: ReportGuard = anyone) -> ProcessView:
        """SKW Pasal 66(1)a for a victim or reporter of the report; anyone else learns
        nothing, not even that the report exists (404)."""
        with self.runtime.read_sessions() as session:
            try:
                report = repo.load(session, reference)
                guard(report)
                party = report.party(party_id)
            except NotFound:
                raise NotFound(f"no school report {reference!r} for {party_id!r}") from None
            if not (party.has(PartyRole.VICTIM) or party.has(PartyRole.REPORTER)):
                raise NotFound(f"no school report {reference!r} for {party_id!r}")
            own = [r for r in repo.referrals_of(session, reference) if r["party_id"] == party_id]
            referrals = self._referral_views(session, own)
            rows = repo.deadline_rows(session, reference=reference)
        decision = report.decision
        recovery = next((r.on for r in report.recoveries if r.party_id == party_id), None)
        return ProcessView(
            reference=reference,
            handler=report.handler,
            satgas_reasons=list(report.satgas_reasons),
            status=report.status,
            steps_reached=list(report.steps_reached),
            stops=[stop.reason for stop in report.stops],
            conclusion=report.conclusion.finding if report.conclusion else None,
            decision=None
            if decision is None
            else DecisionOutcome(
                finding=decision.finding,
                signed_by=decision.signed_by,
                on=decision.on,
                restore_good_name=decision.restore_good_name,
                sanctions=[
                    SanctionOutcome(
                        tier=s.tier,
                        pupil_sanction=s.pupil_sanction,
                        staff_sanction=s.staff_sanction,
                        civil_service_law=s.civil_service_law,
                    )
                    for s in report.effective_sanctions
                ],
            ),
            objection_outcome=report.objection_ruling.outcome if report.objection_ruling else None,
            recovery_started_on=recovery,
            referrals=referrals,
            deadlines=[
                _deadline_view(r | {"party_id": None})
                for r in rows
                if r["party_id"] in ("", party_id)
            ],
        )

    def issue_process_code(self, reference: str, party_id: str, guard: ReportGuard = anyone) -> str:
        """A code a victim or reporter follows the process with, themselves (SKW Pasal
        66(1)a): shown this once, the service keeps its digest; 422 for anyone else."""
        code = new_token(18)
        with self.runtime.unit_of_work() as uow:
            report = repo.load(uow.session, reference)
            guard(report)
            process_party(report, party_id)
            repo.add_process_code(uow.session, digest(code), reference, party_id, self.clock())
            uow.commit()
        return code

    def process_by_code(self, code: str) -> ProcessView:
        """The process view of the victim or reporter a code was issued to (404 else)."""
        with self.runtime.read_sessions() as session:
            reference, party_id = repo.process_code(session, digest(code))
        return self.process(reference, party_id)

    def _referral_view(self, session: Session, referral_id: str) -> ReferralView:
        """A referral as it stands in ``session`` (a command's answer: the report it is
        for was loaded and checked by the command already)."""
        return self._referral_views(session, [repo.referral(session, referral_id)])[0]

    def _referral_views(self, session: Session, rows: list[dict[str, Any]]) -> list[ReferralView]:
        outcomes = repo.outcomes_of(session, [r["referral_id"] for r in rows])
        return [
            ReferralView.model_validate(
                row
                | {
                    "outcomes": [
                        OutcomeView.model_validate(o)
                        for o in outcomes
                        if o["referral_id"] == row["referral_id"]
                    ]
                }
            )
            for row in rows
        ]


_NOTES = {
    PURPOSE_AT_ONCE: "Immediate referral by the school head",
    PURPOSE_POLICE: "Report to the local police",
    PURPOSE_RECOVERY: "Recovery service",
}


def _owes_more_under_btg_18(before: SchoolReport, after: SchoolReport) -> bool:
    """Whether a command may have changed what BTG 18 makes the school send: its duties
    follow from the parties and the impacts alone (``automatic_actions``), so a command
    that changed neither owes nothing new and nothing need be planned."""
    return (before.parties, before.impacts) != (after.parties, after.impacts)


def _status_after(event: Answer, current: str) -> str:
    """The referral's status as the target's answer or report leaves it: a projection of
    what the target already decided by the network's state machine
    (``schemas/referral_status.py``), so nothing is refused here."""
    match event:
        case ReferralReceived():
            return S.RECEIVED if current == S.ISSUED else current
        case ReferralAccepted():
            return S.ACCEPTED
        case ReferralDeclined():
            return S.DECLINED
        case ReferralOnHold():
            return S.ON_HOLD
        case ReferralResumed():
            return S.IN_PROGRESS
        case ServiceReported():
            return report_goal(event.status) if event.final else S.IN_PROGRESS
    return current


def _deadline_view(row: dict[str, Any]) -> DeadlineView:
    return DeadlineView.model_validate(
        row
        | {
            "party_id": row["party_id"] or None,
            "missed_announced_at": row.get("missed_notified_at"),
        }
    )
