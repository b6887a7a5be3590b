"""What every router of the hub's staff API shares: the refusals it documents and the
answer of a command, the case as the command's own unit of work left it."""

from __future__ import annotations

from rujukan.directory import AgencyDirectory
from rujukan.runtime.problems import refusals
from services.intake.usecases import IntakeHub, Outcome
from services.intake.views import CaseView, ReferralOut, case_view, referral_view

REFUSALS = refusals(
    {
        404: "No such case or referral.",
        409: "The case's state forbids it (rule, article).",
        422: "Invalid input: a field, or a rule with its article.",
    }
)


def answered(outcome: Outcome, directory: AgencyDirectory) -> CaseView:
    """The case after a command, from the command's outcome (no second read)."""
    return case_view(outcome.case, outcome.refused, directory)


def read_view(hub: IntakeHub, case_id: str) -> CaseView:
    """The case as it is now (a read)."""
    case = hub.read(case_id)
    with hub.reading() as repository:
        refused = repository.refused(case_id)
    return case_view(case, refused, hub.directory)


def referred(outcome: Outcome, referral_id: str, directory: AgencyDirectory) -> ReferralOut:
    """The referral a command issued, where it went and whether the identity went too."""
    referral = outcome.case.referrals[referral_id]
    return ReferralOut(
        case_id=outcome.case.case_id,
        referral=referral_view(outcome.case, referral, directory),
        identity_sent=referral.identity_included,
        published_to=outcome.topics.get(referral_id),
    )
