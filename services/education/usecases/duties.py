"""What BTG Pasal 18 makes a school do by itself, in the unit of work of the report that
triggers it: the parents' notices, the report to the Dinas or Gugus Tugas, the immediate
referrals with the intake hub's case opened for each child (18(4)c, 18(6)) and the report
to the police (18(2)j). If the report is refused, none of them leaves; if it is stored,
all of them do. A referral owed at once that no institution online can take is stored and
announced (SchoolReferralUnroutable) instead of sent."""

import logging
from collections.abc import Mapping
from datetime import datetime

from rujukan.runtime.uow import UnitOfWork
from rujukan.stamps import new_id
from services.education.domain import PartyIdentity, SchoolReport
from services.education.domain import events as e
from services.education.domain.outbound import PlannedNotice, UnroutableReferral, plan_outbound
from services.education.domain.procedure import IMMEDIATE_DUTIES
from services.education.usecases import referring
from services.education.usecases.referring import PURPOSE_AT_ONCE, PURPOSE_POLICE
from services.education.usecases.school import School

log = logging.getLogger("rujukan.education")


def act_at_once(
    school: School,
    uow: UnitOfWork,
    before: SchoolReport | None,
    report: SchoolReport,
    identities: Mapping[str, PartyIdentity],
    now: datetime,
    request_letter_ref: str | None,
) -> None:
    """Send what BTG 18 owes for ``report`` and did not yet owe for ``before``, where
    the district's procedure has these duties (Batang's)."""
    if not school.school_procedure.has(IMMEDIATE_DUTIES):
        return
    needs = (school.matrix, school.directory, school.identity_needs)
    done = plan_outbound(before, *needs) if before is not None else None
    plan = plan_outbound(report, *needs).since(done)
    referred: dict[str | None, list[str]] = {}
    for planned in plan.referrals:
        purpose = PURPOSE_POLICE if planned.police_report else PURPOSE_AT_ONCE
        referral_id = referring.refer(
            school, uow, report, planned, identities, now, request_letter_ref, purpose
        )
        referred.setdefault(planned.party_id, []).append(referral_id)
    for notice in plan.notices:
        _notify(school, uow, report, notice, referred.get(notice.party_id, []), now)
    for missing in plan.unroutable:
        _announce_unroutable(school, uow, report, missing, now)


def _announce_unroutable(
    school: School,
    uow: UnitOfWork,
    report: SchoolReport,
    missing: UnroutableReferral,
    now: datetime,
) -> None:
    """BTG 18(4)c, 18(2)j: a referral owed at once that the district's matrix cannot
    route is stored with the report and announced on the journal topic for the Satgas
    and the Dinas, with the pupil's roles only (SKW 33, 44(2))."""
    event = e.unroutable(report.reference, school.agency.id, missing, now)
    envelope = uow.publish(event, topic=school.journal_topic)
    purpose = PURPOSE_POLICE if missing.police_report else PURPOSE_AT_ONCE
    school.in_unit(uow).add_unroutable(event, missing.party_id, purpose, str(envelope.id))
    log.info("referral unroutable", extra={"case_id": report.reference})


def _notify(
    school: School,
    uow: UnitOfWork,
    report: SchoolReport,
    notice: PlannedNotice,
    referral_ids: list[str],
    now: datetime,
) -> None:
    notice_id = new_id("n")
    event = e.notice_issued(
        report.reference, school.agency.id, notice_id, notice, referral_ids, now
    )
    envelope = uow.publish(event, topic=school.journal_topic)
    school.in_unit(uow).add_notice(event, notice.party_id, str(envelope.id))
