"""Read-only views of a case: referral chains, the monitoring view, open loops."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from rujukan.errors import NotFound
from schemas.referral_status import ReferralStatus
from schemas.vocabulary import OutcomeStatus, ServiceType
from services.intake.domain.model import Case, Referral


def referral_chain(case: Case, referral_id: str) -> list[Referral]:
    """Every attempt of the chain ``referral_id`` belongs to, first to latest: the
    original referral and its re-routes (each names its predecessor).

    Raises `NotFound` for an id the case does not have.
    """
    if referral_id not in case.referrals:
        raise NotFound(f"case {case.case_id} has no referral {referral_id!r}")
    root = case.referrals[referral_id]
    while root.predecessor_id is not None:
        root = case.referrals[root.predecessor_id]
    successors = {
        r.predecessor_id: r for r in case.referrals.values() if r.predecessor_id is not None
    }
    chain = [root]
    while chain[-1].referral_id in successors:
        chain.append(successors[chain[-1].referral_id])
    return chain


def onward_referrals(case: Case, referral_id: str) -> list[Referral]:
    """The onward referrals made by the target of ``referral_id`` (a puskesmas sending the
    child on to the RSUD), in issue order.

    Raises `NotFound` for an id the case does not have.
    """
    if referral_id not in case.referrals:
        raise NotFound(f"case {case.case_id} has no referral {referral_id!r}")
    return [r for r in case.referrals.values() if r.parent_referral_id == referral_id]


@dataclass(frozen=True, slots=True)
class PlanLine:
    """One planned service compared with its delivery (LT Pasal 18(2)a-b).

    ``referral_id``, ``target_id`` and ``status`` are those of the latest attempt of the
    latest referral chain that started with the planned stage and target (None when
    nothing was referred yet).
    """

    stage: str
    service: ServiceType
    planned_target_id: str
    due_on: date
    referral_id: str | None
    target_id: str | None
    status: ReferralStatus | None
    attempts: int
    outcome: OutcomeStatus | None
    due_passed: bool

    @property
    def delivered(self) -> bool:
        """The service was completed (a final report said so)."""
        return self.status is ReferralStatus.COMPLETED

    @property
    def overdue(self) -> bool:
        """The due date passed and the service is not delivered."""
        return self.due_passed and not self.delivered


def monitoring(case: Case, today: date) -> list[PlanLine]:
    """Pemantauan (LT Pasal 18): every line of the current plan with the referral issued
    for it, its status, and whether its due date passed on ``today``.

    A referral is issued for a line when its chain starts with the line's stage and
    target (an emergency referral to the same target counts); re-routes follow the chain.
    Empty before the first plan.
    """
    if case.plan is None:
        return []
    lines: list[PlanLine] = []
    for planned in case.plan.services:
        roots = [
            r
            for r in case.referrals.values()
            if r.predecessor_id is None
            and r.stage == planned.stage
            and r.target_id == planned.target_id
        ]
        chain = referral_chain(case, roots[-1].referral_id) if roots else []
        latest = chain[-1] if chain else None
        lines.append(
            PlanLine(
                stage=planned.stage,
                service=planned.service,
                planned_target_id=planned.target_id,
                due_on=planned.due_on,
                referral_id=latest.referral_id if latest else None,
                target_id=latest.target_id if latest else None,
                status=latest.status if latest else None,
                attempts=len(chain),
                outcome=latest.final_outcome if latest else None,
                due_passed=today > planned.due_on,
            )
        )
    return lines
