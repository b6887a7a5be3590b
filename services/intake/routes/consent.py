"""The consent to return on the hub's staff API (BLU Pasal 1 angka 8): recorded and
withdrawn by the case's companion, where the district's data adopts the rule.

``POST /cases/{case_id}/return-consent`` records the consent of the victim or witness;
``POST /cases/{case_id}/return-consent/withdrawal`` withdraws it, which cancels every
open repatriation and reintegration referral of the case (each target receives the
ReferralCancelled). Who may call them is the staff API's rule (the case guard).
"""

from __future__ import annotations

from fastapi import APIRouter, params
from pydantic import BaseModel, ConfigDict, Field

from rujukan.runtime.routing import api_router
from schemas.events.case import ConsentOf
from services.intake.domain.commands import RecordReturnConsent, WithdrawReturnConsent
from services.intake.routes.common import REFUSALS, answered
from services.intake.usecases import IntakeHub, just
from services.intake.views import CaseView


class ReturnConsentRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    consent_of: ConsentOf = Field(description="Who consents: the victim or the witness.")
    parent_or_guardian_present: bool = Field(
        default=False, description="For a child: whether a parent or guardian was present."
    )


class ReturnConsentWithdrawal(BaseModel):
    model_config = ConfigDict(extra="forbid")

    consent_of: ConsentOf = Field(description="Whose consent is withdrawn.")


def router(hub: IntakeHub, guard: params.Depends) -> APIRouter:
    """The two consent routes, bound to the hub's use cases."""
    api = api_router(responses=REFUSALS, dependencies=[guard], tags=["cases"])

    @api.post(
        "/cases/{case_id}/return-consent",
        summary="Record the consent to return (BLU Pasal 1 angka 8)",
    )
    def record(case_id: str, body: ReturnConsentRequest) -> CaseView:
        command = RecordReturnConsent(
            consent_of=body.consent_of,
            parent_or_guardian_present=body.parent_or_guardian_present,
        )
        return answered(hub.act(case_id, just(command)), hub.directory)

    @api.post(
        "/cases/{case_id}/return-consent/withdrawal",
        summary="Withdraw the consent to return; open return referrals are cancelled",
    )
    def withdraw(case_id: str, body: ReturnConsentWithdrawal) -> CaseView:
        command = WithdrawReturnConsent(consent_of=body.consent_of)
        return answered(hub.act(case_id, just(command)), hub.directory)

    return api
