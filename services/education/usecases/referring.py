"""Referring a pupil: one referral issued through the intake hub (the referrals BTG 18
owes at once, :mod:`.duties`), and a recovery service asked for by the handler (SKW
Pasal 65), which starts the pupil's recovery."""

import logging
from collections.abc import Mapping
from dataclasses import replace
from datetime import datetime

from rujukan.directory import Agency
from rujukan.matrix import check_referral_target
from rujukan.referrer import referral_issued
from rujukan.rules import REFERRAL_MATRIX
from rujukan.runtime.uow import UnitOfWork
from rujukan.stamps import new_id
from schemas.referral_status import ReferralStatus as S
from schemas.school import PartyRole
from schemas.vocabulary import ServiceType
from services.education.domain import (
    Party,
    PartyIdentity,
    SchoolReport,
    decide,
    referral_payload,
    rules,
)
from services.education.domain import events as e
from services.education.domain.commands import StartRecovery
from services.education.domain.outbound import (
    Destination,
    PlannedReferral,
    case_category,
    service_destination,
)
from services.education.domain.procedure import RECOVERY_REFERRAL
from services.education.repository import HubCase, ReferralRow
from services.education.usecases import deadlines, queries
from services.education.usecases.school import ReportGuard, School, anyone
from services.education.views import ReferralView

log = logging.getLogger("rujukan.education")

PURPOSE_AT_ONCE = "btg_18_4c"
PURPOSE_POLICE = "police_report"
PURPOSE_RECOVERY = "recovery"

_NOTES = {
    PURPOSE_AT_ONCE: "Immediate referral by the school head",
    PURPOSE_POLICE: "Report to the local police",
    PURPOSE_RECOVERY: "Recovery service",
}


def refer_for_recovery(
    school: School,
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
    now = school.clock()
    with school.locked(reference, guard) as (uow, repo, report):
        school.school_procedure.require(RECOVERY_REFERRAL)
        if not any(r.party_id == party_id for r in report.recoveries):
            started = decide(
                report, StartRecovery(party_id=party_id), school.today(), school.calendar
            )
            repo.save(started.report, now)
            repo.append_records(reference, started.records, now)
            report = started.report
        destination = _recovery_destination(school, service, stage, target_id)
        planned = PlannedReferral(
            party_id=party_id,
            destination=destination,
            article=school.school_procedure.steps[RECOVERY_REFERRAL],
            identity=school.identity_needs.needed(destination.service),
        )
        known = repo.identities(reference)
        referral_id = refer(school, uow, report, planned, known, now, None, PURPOSE_RECOVERY)
        deadlines.sync(school, repo, report)
        view = queries.referral_views(repo, [repo.referral(referral_id)])[0]
        uow.commit()
    return view


def _recovery_destination(
    school: School, service: ServiceType, stage: str | None, target_id: str | None
) -> Destination:
    matrix = school.matrix
    if stage is not None and target_id is not None:
        row = check_referral_target(matrix, school.directory, stage, target_id)
        return Destination(stage=stage, target_id=target_id, service=row.service, duty=row.duty)
    found = service_destination(matrix, school.directory, service)
    if found is None:
        REFERRAL_MATRIX.refuse(
            f"service: the {matrix.district} matrix lists no institution online for {service}",
            article=matrix.rows[0].source if matrix.rows else None,
        )
    return found


def refer(
    school: School,
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
    if party is not None and party.child and school.hub is not None:
        hub = school.hub
        case_id = _hub_case(school, uow, hub, report, party, identity, now, request_letter_ref)
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
    row = ReferralRow(
        referral_id=new_id("r"),
        reference=report.reference,
        case_id=case_id,
        party_id=planned.party_id,
        purpose=purpose,
        article=planned.article,
        stage=destination.stage,
        service=destination.service,
        target_id=destination.target_id,
        hub_id=hub.id if hub is not None else None,
        identity_included=child is not None,
        status=S.ISSUED.value,
        issued_at=now,
        event_id="",
    )
    issued = referral_issued(
        destination,
        case_id=case_id,
        referral_id=row.referral_id,
        district=school.matrix.district,
        referrer_id=school.agency.id,
        target_id=destination.target_id,
        hub_id=row.hub_id,
        identity=child,
        with_identity=child is not None,
        category=case_category(report),
        note=_NOTES.get(purpose, purpose) + f" ({planned.article})",
    )
    if hub is not None:
        uow.publish(issued, topic=hub.inbox_topic)
    envelope = uow.publish(issued, topic=school.directory.get(destination.target_id).inbox_topic)
    school.in_unit(uow).add_referral(replace(row, event_id=str(envelope.id)))
    log.info("referral issued", extra={"case_id": case_id, "referral_id": row.referral_id})
    return row.referral_id


def _hub_case(
    school: School,
    uow: UnitOfWork,
    hub: Agency,
    report: SchoolReport,
    party: Party,
    identity: PartyIdentity | None,
    now: datetime,
    request_letter_ref: str | None,
) -> str:
    """The intake hub's case for this child, opened with a ComplaintSubmitted the first
    time (LT Pasal 9(2), BTG 18(6)c)."""
    repo = school.in_unit(uow)
    existing = repo.hub_case(report.reference, party.party_id)
    if existing is not None:
        return existing
    rules.IDENTITY_WHEN_NEEDED.check(
        identity is not None,
        f"party {party.party_id}: the intake hub opens the child's case with the identity",
    )
    assert identity is not None
    rules.CHILD_AGE_KNOWN.check(
        identity.date_of_birth is not None or identity.estimated_age is not None,
        f"identities: party {party.party_id} has neither",
    )
    case_id = f"{report.reference}-{len(repo.hub_cases(report.reference)) + 1}"
    complaint = e.hub_complaint(report, case_id, identity, request_letter_ref)
    envelope = uow.publish(complaint, topic=hub.inbox_topic)
    repo.add_hub_case(
        HubCase(
            case_id=case_id,
            reference=report.reference,
            party_id=party.party_id,
            hub_id=hub.id,
            submitted_at=now,
            event_id=str(envelope.id),
        )
    )
    return case_id
