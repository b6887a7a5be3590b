"""Emergencies before the plan and the consent to return (LT Pasal 10; BLU Pasal 1 angka 8).

LT Pasal 10 lets emergency handling go before registration, assignment, initial contact
and the service contract "untuk memastikan keselamatan dan kesehatan mental Anak": an
emergency referral is for the child's safety or health (health, shelter, psychology);
every other service waits for the plan.

Perbup Belu 25/2020 Pasal 1 angka 8 repatriates and reintegrates a victim or witness
only "atas keinginan dan persetujuan saksi dan/atau korban". Where a district's data
adopts that rule (``rule_sets.csv``, rule set ``return_consent``: the hub's
:attr:`Network.return_consent`), a repatriation or reintegration referral waits for the
recorded consent, and a withdrawal cancels every open one, each target told by the
ReferralCancelled it receives. Kapuas Hulu's data says it did not adopt it.
"""

from __future__ import annotations

from datetime import datetime

from schemas.events.case import ReturnConsentRecorded, ReturnConsentWithdrawn
from services.intake.domain.commands import (
    CancelReferral,
    RecordReturnConsent,
    WithdrawReturnConsent,
)
from services.intake.domain.decide_referrals import decide_cancel_referral
from services.intake.domain.guards import open_case, same_district, valid_fields
from services.intake.domain.journal import Decision
from services.intake.domain.model import Case
from services.intake.domain.network import Network
from services.intake.domain.return_checks import RETURN_SERVICES
from services.intake.domain.rules import CONSENT_ONLY_WHERE_ADOPTED, WITHDRAW_ONLY_GIVEN_CONSENT


def decide_record_return_consent(
    case: Case | None, command: RecordReturnConsent, now: datetime, network: Network
) -> Decision:
    """Record the consent of the victim or witness, where the district adopts it."""
    case = open_case(case)
    same_district(case, network)
    article = _adopted(network)
    with valid_fields():
        recorded = ReturnConsentRecorded(
            case_id=case.case_id,
            consent_of=command.consent_of,
            parent_or_guardian_present=command.parent_or_guardian_present,
            article=article,
            recorded_at=now,
        )
    return Decision.at(now, recorded)


def decide_withdraw_return_consent(
    case: Case | None, command: WithdrawReturnConsent, now: datetime, network: Network
) -> Decision:
    """Withdraw a given consent: every open return referral is cancelled with it, so
    the withdrawal reaches each target (a ReferralCancelled in its inbox)."""
    case = open_case(case)
    same_district(case, network)
    article = _adopted(network)
    WITHDRAW_ONLY_GIVEN_CONSENT.check(
        command.consent_of in case.return_consents,
        f"case {case.case_id}: no consent of the {command.consent_of} to withdraw",
        article=article,
    )
    with valid_fields():
        withdrawn = ReturnConsentWithdrawn(
            case_id=case.case_id, consent_of=command.consent_of, article=article, withdrawn_at=now
        )
    journal = list(Decision.at(now, withdrawn).journal)
    if case.return_consents == {command.consent_of}:
        reason = f"the {command.consent_of} withdrew the consent to return ({article})"
        for referral in case.open_referrals():
            if referral.service in RETURN_SERVICES:
                cancel = CancelReferral(referral_id=referral.referral_id, reason=reason)
                journal += decide_cancel_referral(case, cancel, now, network).journal
    return Decision(tuple(journal))


def _adopted(network: Network) -> str:
    article = network.return_consent
    if article is None:
        CONSENT_ONLY_WHERE_ADOPTED.refuse(
            f"district {network.district} has not adopted the consent to return "
            "(rule_sets.csv: return_consent)"
        )
    return article
