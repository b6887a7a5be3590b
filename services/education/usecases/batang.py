"""The steps of BTG Pasal 18(6) a–k on a referral the service issued: the plan with its
cost and who pays (a–b), then each step in order; a close with the service not received
(k) hands the pupil over to the hub case's companion in the same unit of work."""

import logging
from collections.abc import Callable
from datetime import date

from rujukan.runtime.uow import UnitOfWork
from services.education.domain import BatangReferral, ReferralPlan, hand_over, rules
from services.education.domain.procedure import REFERRAL_STEPS
from services.education.repository import ReferralRow
from services.education.usecases import queries
from services.education.usecases.school import ReportGuard, School, anyone
from services.education.views import ReferralView

log = logging.getLogger("rujukan.education")

BatangStep = Callable[[BatangReferral, date], BatangReferral]
"""One step of BTG 18(6) on a planned referral, given today's local date."""


def plan_referral(
    school: School, referral_id: str, plan: ReferralPlan, guard: ReportGuard = anyone
) -> ReferralView:
    """BTG 18(6)a–b: the referral plan with its cost and who pays."""
    with school.unit_of_work() as uow:
        repo = school.in_unit(uow)
        row = repo.referral(referral_id, for_update=True)
        guard(repo.load(row.reference))
        school.school_procedure.require(REFERRAL_STEPS)
        rules.BATANG_REFERRAL_IN_ORDER.check(
            row.steps is None, f"referral {referral_id} already has its plan"
        )
        rules.BATANG_REFERRAL_PLAN.check(
            row.party_id is not None, f"referral {referral_id} is for no pupil"
        )
        rules.BATANG_REFERRAL_PLAN.check(
            plan.service == row.service,
            f"service: the plan is for {plan.service}, the referral for {row.service}",
        )
        assert row.party_id is not None
        planned = BatangReferral.plan_referral(row.party_id, plan, school.today())
        repo.update_referral(referral_id, steps=planned)
        view = queries.referral_views(repo, [repo.referral(referral_id)])[0]
        uow.commit()
    return view


def batang_step(
    school: School, referral_id: str, step: BatangStep, guard: ReportGuard = anyone
) -> ReferralView:
    """One step of BTG 18(6) a–k on a referral the service issued; every step after the
    plan needs the plan (``batang_referral_steps_in_order``, 409). A refused step sends
    nothing."""
    with school.unit_of_work() as uow:
        repo = school.in_unit(uow)
        row = repo.referral(referral_id, for_update=True)
        guard(repo.load(row.reference))
        school.school_procedure.require(REFERRAL_STEPS)
        if row.steps is None:
            rules.BATANG_REFERRAL_IN_ORDER.refuse(f"referral {referral_id} has no plan yet")
        changed = step(row.steps, school.today())
        repo.update_referral(referral_id, steps=changed)
        _hand_over(school, uow, row, row.steps, changed)
        view = queries.referral_views(repo, [repo.referral(referral_id)])[0]
        uow.commit()
    return view


def _hand_over(
    school: School, uow: UnitOfWork, row: ReferralRow, before: BatangReferral, after: BatangReferral
) -> None:
    """BTG 18(6)k: the pupil did not receive the service, so the local government's
    social worker follows up: the companion of the child's case at the intake hub the
    referral was copied to (its inbox), and the Satgas PPK and the Dinas (the journal
    topic). Without a hub case, the journal alone."""
    handed = hand_over(row, before, after, agency_id=school.agency.id)
    if handed is None:
        return
    if handed.hub_id is not None:
        uow.publish(handed, topic=school.directory.get(handed.hub_id).inbox_topic)
    uow.publish(handed, topic=school.journal_topic)
    ids = {"case_id": handed.case_id, "referral_id": handed.referral_id}
    log.info("referral handed over (BTG 18(6)k)", extra=ids)
