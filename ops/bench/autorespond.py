"""The automated agency of ``rujukan bench`` and ``rujukan chaos``: a desk that accepts
every referral it receives and closes it with a completed final report at once, in the
unit of work that receives it (one row in its final state).

It is a plugin, not a mode of the production desk: an agency process started with
``RUJUKAN_AUTO_RESPOND=true`` gets it through :func:`auto_responding`, which wraps the
service's setup and hands its desk an :class:`AutoRespond`.
"""

from collections.abc import Sequence
from dataclasses import replace
from datetime import datetime

from fastapi import APIRouter

from rujukan.desk import Desk, domain
from rujukan.desk.domain import Decision, DeskReferral
from rujukan.desk.rules import ReportDraft
from rujukan.runtime.service import AgencyRuntime, ServiceDefinition
from rujukan.runtime.uow import UnitOfWork
from rujukan.stamps import new_id
from schemas.facts import ServiceNote
from schemas.vocabulary import OutcomeStatus

AUTO_NOTE = "Answered automatically (auto-respond mode)"


class AutoRespond:
    """Accept, then report the service completed (the same decisions staff make, under
    the same report rules)."""

    def __init__(self, desk: Desk) -> None:
        self.desk = desk

    def prefetch(self, uow: UnitOfWork, case_ids: set[str]) -> None:
        """This agency's reports on the batch's cases: the report rules' history."""
        self.desk.referrals_in(uow).remember_case_reports(case_ids)

    def respond(self, uow: UnitOfWork, referral: DeskReferral, now: datetime) -> list[Decision]:
        accepted = domain.accept(referral, now=now, note=AUTO_NOTE)
        draft = ReportDraft(
            status=OutcomeStatus.COMPLETED, final=True, facts=[ServiceNote(summary=AUTO_NOTE)]
        )
        reported = domain.report(
            accepted.referral,
            draft,
            report_id=new_id("rep"),
            history=self.desk.referrals_in(uow).case_history(referral.case_id),
            policy=self.desk.policy,
            now=now,
        )
        return [accepted, reported]


def auto_responding(definition: ServiceDefinition) -> ServiceDefinition:
    """``definition`` whose desk answers every referral with :class:`AutoRespond`; a
    service without a desk (the intake hub) is left as it is. The process decides
    whether to wrap (``ops/serve.py``, by the ``auto_respond`` setting)."""

    def setup(runtime: AgencyRuntime) -> Sequence[APIRouter]:
        routers = definition.setup(runtime)
        try:
            desk = runtime.handle(Desk)
        except LookupError:
            return routers
        desk.responder = AutoRespond(desk)
        return routers

    return replace(definition, setup=setup)
