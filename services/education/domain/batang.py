"""What a Batang school must do on its own when violence involves a pupil (BTG Pasal 18).

:func:`automatic_actions` derives the duties from the report alone:

* every incident with a pupil as victim or perpetrator → tell that pupil's parents
  (18(2)b), by letter from the school head (18(4)h), at once (13(2)d: as soon as violence
  is suspected);
* physical injury or complaint, psychological harm, severe neglect, sexual violence and/or
  exploitation needing urgent handling → the school head refers the pupil at once to the
  service needed, telling the parents (18(4)c);
* fairly serious injury, physical disability or death → report at once to the Dinas or
  the Gugus Tugas (18(2)i) and report to the local police (18(2)j).

:class:`BatangReferral` follows a referral through the steps of 18(6) a–k.
"""

from __future__ import annotations

from datetime import date
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field

from schemas.school import CostBearer, Impact, PartyRole
from schemas.vocabulary import ServiceType
from services.education.domain import rules
from services.education.domain.parties import LocalId
from services.education.domain.report import SchoolReport

SERVICES_FOR_IMPACT: dict[Impact, tuple[ServiceType, ...]] = {
    Impact.PHYSICAL_INJURY_OR_COMPLAINT: (ServiceType.HEALTH,),
    Impact.PSYCHOLOGICAL_HARM: (ServiceType.PSYCHOLOGY,),
    Impact.SEVERE_NEGLECT: (ServiceType.SHELTER,),
    Impact.SEXUAL_VIOLENCE: (ServiceType.HEALTH, ServiceType.PSYCHOLOGY),
    Impact.EXPLOITATION: (ServiceType.SHELTER, ServiceType.PSYCHOLOGY),
    Impact.FAIRLY_SERIOUS_INJURY: (ServiceType.HEALTH,),
    Impact.SEVERE_PHYSICAL_INJURY: (ServiceType.HEALTH,),
    Impact.PHYSICAL_DISABILITY: (ServiceType.HEALTH,),
    Impact.PERMANENT_PHYSICAL_DAMAGE: (ServiceType.HEALTH,),
    Impact.SEVERE_PSYCHOLOGICAL_TRAUMA: (ServiceType.PSYCHOLOGY,),
}
"""The service each impact needs (BTG 18(4)c names "lembaga layanan yang dibutuhkan"
without a list: this mapping is the project's). Serious injuries are physical injuries
too. Death and light impacts (SKW 59(5)a) trigger no referral for the victim."""

SERIOUS_IMPACTS: frozenset[Impact] = frozenset(
    {
        Impact.FAIRLY_SERIOUS_INJURY,
        Impact.PHYSICAL_DISABILITY,
        Impact.DEATH,
        Impact.SEVERE_PHYSICAL_INJURY,
        Impact.PERMANENT_PHYSICAL_DAMAGE,
    }
)
"""Luka fisik yang cukup berat / cacat fisik / kematian (BTG 18(2)i–j); a severe injury
and permanent damage (SKW's grave harms) are at least as serious."""


class ActionKind(StrEnum):
    NOTIFY_PARENTS = "notify_parents"
    """Tell the parents or guardian of the pupil (18(2)b), by letter (18(4)h), at once
    (13(2)d)."""
    REFER_TO_SERVICE = "refer_to_service"
    """Refer the pupil at once to the service needed, telling the parents (18(4)c)."""
    REPORT_TO_DINAS_OR_GUGUS_TUGAS = "report_to_dinas_or_gugus_tugas"
    """Report at once to the Dinas or the Gugus Tugas (18(2)i)."""
    REPORT_TO_POLICE = "report_to_police"
    """Report to the local law enforcement (aparat penegak hukum setempat, 18(2)j)."""


class Action(BaseModel):
    """One duty of the school, with the article it comes from."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    kind: ActionKind
    article: str
    party_id: LocalId | None = None
    service: ServiceType | None = None
    immediate: bool = False
    by_letter: bool = False
    inform_parents: bool = False


def automatic_actions(report: SchoolReport) -> list[Action]:
    """The actions BTG Pasal 18 requires of the school for this report, in a stable order:
    parent notices, referrals, then reports to the Dinas or Gugus Tugas and the police."""
    actions: list[Action] = []
    involved = [
        party
        for party in report.parties
        if party.is_pupil and (party.has(PartyRole.VICTIM) or party.has(PartyRole.REPORTED))
    ]
    actions += [
        Action(
            kind=ActionKind.NOTIFY_PARENTS,
            article="BTG Pasal 18(2)b, 18(4)h, 13(2)d",
            party_id=party.party_id,
            immediate=True,
            by_letter=True,
        )
        for party in involved
    ]
    services = services_needed(report)
    actions += [
        Action(
            kind=ActionKind.REFER_TO_SERVICE,
            article="BTG Pasal 18(4)c",
            party_id=party.party_id,
            service=service,
            immediate=True,
            inform_parents=True,
        )
        for party in report.with_role(PartyRole.VICTIM)
        if party.is_pupil
        for service in services
    ]
    if report.impacts & SERIOUS_IMPACTS:
        actions.append(
            Action(
                kind=ActionKind.REPORT_TO_DINAS_OR_GUGUS_TUGAS,
                article="BTG Pasal 18(2)i",
                immediate=True,
            )
        )
        actions.append(Action(kind=ActionKind.REPORT_TO_POLICE, article="BTG Pasal 18(2)j"))
    return actions


def services_needed(report: SchoolReport) -> tuple[ServiceType, ...]:
    """The services the report's impacts need (BTG 18(4)c), each once, in a stable order."""
    found = {
        service for impact in report.impacts for service in SERVICES_FOR_IMPACT.get(impact, ())
    }
    return tuple(service for service in ServiceType if service in found)


# --- the referral steps of BTG 18(6) ------------------------------------------------------------


class ReferralStep(StrEnum):
    """Where a Batang school referral stands (BTG 18(6))."""

    PLANNED = "planned"
    """a–b. alternatives sought with the parents; the plan, its cost and payer submitted."""
    REQUESTED = "requested"
    """c. the school head reviewed the plan and issued the referral request letter."""
    CARRIED_OUT = "carried_out"
    """d. the homeroom teacher and parents carried out the referral."""
    RESULT_REPORTED = "result_reported"
    """e–f. the result report was handed in and checked; monitoring ordered."""
    MONITORED = "monitored"
    """g–i. monitoring report(s) handed in and checked."""
    CLOSED = "closed"
    """j. the pupil received the service: the case is closed."""
    HANDED_TO_SOCIAL_WORKER = "handed_to_social_worker"
    """k. the pupil did not receive it: the local government social worker follows up."""


class ReferralPlan(BaseModel):
    """Rencana rujukan (18(6)b): the service, the institution, the cost and who pays."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    service: ServiceType
    institution: str = Field(min_length=1, max_length=200)
    cost_rupiah: int | None = Field(default=None, ge=0, le=10**15)
    paid_by: CostBearer | None = None


class BatangReferral(BaseModel):
    """One referral of a pupil by a Batang school, step by step (BTG 18(6) a–k)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    party_id: LocalId
    plan: ReferralPlan
    step: ReferralStep = ReferralStep.PLANNED
    planned_on: date
    request_letter_ref: str | None = None
    carried_out_on: date | None = None
    result_report_ref: str | None = None
    monitoring_report_refs: tuple[str, ...] = ()
    closed_on: date | None = None

    @classmethod
    def plan_referral(cls, party_id: str, plan: ReferralPlan, on: date) -> BatangReferral:
        """18(6)a–b: the plan must state its cost and who pays."""
        rules.BATANG_REFERRAL_PLAN.check(
            plan.cost_rupiah is not None and plan.paid_by is not None,
            f"cost {plan.cost_rupiah}, paid by {plan.paid_by}",
        )
        return cls(party_id=party_id, plan=plan, planned_on=on)

    def _at(self, *steps: ReferralStep, doing: str) -> None:
        rules.BATANG_REFERRAL_IN_ORDER.check(
            self.step in steps, f"cannot {doing} when the referral is {self.step}"
        )

    def issue_request_letter(self, letter_ref: str) -> BatangReferral:
        """18(6)c: the school head's referral request letter."""
        self._at(ReferralStep.PLANNED, doing="issue the request letter")
        return self.model_copy(
            update={"step": ReferralStep.REQUESTED, "request_letter_ref": letter_ref}
        )

    def carry_out(self, on: date) -> BatangReferral:
        """18(6)d: the homeroom teacher and parents take the pupil to the service."""
        self._at(ReferralStep.REQUESTED, doing="carry out the referral")
        return self.model_copy(update={"step": ReferralStep.CARRIED_OUT, "carried_out_on": on})

    def report_result(self, report_ref: str) -> BatangReferral:
        """18(6)e–f: the result report, checked by the head, who orders monitoring."""
        self._at(ReferralStep.CARRIED_OUT, doing="report the result")
        return self.model_copy(
            update={"step": ReferralStep.RESULT_REPORTED, "result_report_ref": report_ref}
        )

    def report_monitoring(self, report_ref: str) -> BatangReferral:
        """18(6)g–i: a monitoring report, checked by the head (may repeat)."""
        self._at(ReferralStep.RESULT_REPORTED, ReferralStep.MONITORED, doing="report monitoring")
        return self.model_copy(
            update={
                "step": ReferralStep.MONITORED,
                "monitoring_report_refs": (*self.monitoring_report_refs, report_ref),
            }
        )

    def close(self, *, service_received: bool, on: date) -> BatangReferral:
        """18(6)j–k: closed when the pupil received the service; otherwise the local
        government social worker is contacted to follow up."""
        self._at(ReferralStep.MONITORED, doing="close the referral")
        step = ReferralStep.CLOSED if service_received else ReferralStep.HANDED_TO_SOCIAL_WORKER
        return self.model_copy(update={"step": step, "closed_on": on})
