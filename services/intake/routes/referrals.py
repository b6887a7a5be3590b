"""Referrals (LT Pasal 17; KH Lampiran I): issuing, re-routing, cancelling, recording an
offline institution's answer and report, and a referral's chain."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from rujukan.runtime.routing import api_router
from services.intake.routes.common import REFUSALS, answered, referred
from services.intake.routes.requests import (
    CancelRequest,
    OfflineAnswerRequest,
    OfflineReportRequest,
    ReferralRequest,
    RerouteRequest,
)
from services.intake.usecases import IntakeHub, just
from services.intake.views import CaseView, ChainView, ReferralOut, chain_view


def router(hub: IntakeHub, guard: Any) -> APIRouter:
    """The routes, each behind ``guard`` (the case guard)."""
    api = api_router(tags=["referrals"], responses=REFUSALS, dependencies=[guard])
    directory = hub.directory
    one = "/cases/{case_id}/referrals/{referral_id}"

    @api.post("/cases/{case_id}/referrals", summary="Issue a referral")
    def issue(case_id: str, body: ReferralRequest) -> ReferralOut:
        command = body.to_command()
        outcome = hub.issue_referral(case_id, command, body.include_identity)
        return referred(outcome, command.referral_id, directory)

    @api.post(f"{one}/reroute", summary="Re-route a declined or expired referral within its stage")
    def reroute(case_id: str, referral_id: str, body: RerouteRequest) -> ReferralOut:
        command = body.to_command(predecessor_id=referral_id)
        outcome = hub.reroute_referral(case_id, command, body.include_identity)
        return referred(outcome, command.referral_id, directory)

    @api.post(f"{one}/cancel", summary="Cancel an open referral (its target is told)")
    def cancel(case_id: str, referral_id: str, body: CancelRequest) -> CaseView:
        return answered(hub.act(case_id, just(body.to_command(referral_id))), directory)

    @api.post(f"{one}/offline-answer", summary="Record an offline institution's answer")
    def offline_answer(case_id: str, referral_id: str, body: OfflineAnswerRequest) -> CaseView:
        return answered(hub.act(case_id, just(body.to_command(referral_id))), directory)

    @api.post(f"{one}/offline-report", summary="Record an offline institution's service report")
    def offline_report(case_id: str, referral_id: str, body: OfflineReportRequest) -> CaseView:
        return answered(hub.act(case_id, just(body.to_command(referral_id))), directory)

    @api.get(f"{one}/chain", summary="A referral's chain of attempts and onward referrals")
    def chain(case_id: str, referral_id: str) -> ChainView:
        return chain_view(hub.read(case_id), referral_id, directory)

    return api
