"""Builders for the intake lifecycle specifications: real district data, a `Story` that
plays commands through `decide` and `apply`, and ready-made commands."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, timedelta
from functools import cache
from typing import Any

import pytest

from rujukan.directory import AgencyDirectory, load_directory
from rujukan.errors import RuleViolation
from rujukan.matrix import load_matrix
from schemas.events.case import ChildIdentity, PlannedService
from schemas.facts import ServiceFact
from schemas.referral_status import ReferralStatus
from schemas.vocabulary import (
    CaseCategory,
    CompanionRole,
    ComplainantType,
    ComplaintChannel,
    ContractParty,
    OutcomeStatus,
    ServiceType,
    Sex,
)
from services.intake.domain import (
    AcceptReferral,
    AgreeInterventionPlan,
    AgreeServiceContract,
    AssignCompanion,
    Case,
    CasePhase,
    Command,
    CompleteAssessment,
    ConferenceParticipant,
    Decision,
    MakeInitialContact,
    MarkReferralReceived,
    Network,
    ReceiveComplaint,
    Recorded,
    RegisterCase,
    ReportService,
    apply,
    decide,
)
from services.intake.domain.rules import Rule

T0 = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
KH = "kapuas-hulu"
LT = "luwu-timur"
COMPANION = "comp-siti"


@cache
def directory() -> AgencyDirectory:
    return load_directory()


@cache
def network(district: str) -> Network:
    """The real matrix and directory of a district (KH Lampiran I, LT Pasal 17(2))."""
    return Network.of(load_matrix(district, directory()), directory())


def child(
    *,
    date_of_birth: date | None = date(2013, 5, 1),
    estimated_age: int | None = None,
    name: str = "(name)",
) -> ChildIdentity:
    return ChildIdentity(
        name=name, date_of_birth=date_of_birth, estimated_age=estimated_age, sex=Sex.FEMALE
    )


def complaint(case_id: str = "c-kh-0001", **overrides: Any) -> ReceiveComplaint:
    base = ReceiveComplaint(
        case_id=case_id,
        channel=ComplaintChannel.HOTLINE_129,
        complainant=ComplainantType.FAMILY,
        child=child(),
        suspected_category=CaseCategory.TRAFFICKING,
    )
    return replace(base, **overrides)


def assignment(
    companion_id: str = COMPANION,
    *,
    letter: str | None = "800/112/DINSOS/2026",
    supervisor_id: str | None = None,
) -> AssignCompanion:
    """A social worker assigned to the case with their institution's letter (LT Pasal 12)."""
    return AssignCompanion(
        companion_id=companion_id,
        role=CompanionRole.SOCIAL_WORKER,
        assignment_letter_ref=letter,
        supervisor_id=supervisor_id,
    )


def assessment(
    services: tuple[ServiceType, ...] = (ServiceType.HEALTH, ServiceType.LEGAL),
) -> CompleteAssessment:
    return CompleteAssessment(
        physical_condition="bruises, needs examination",
        psychological_condition="anxious",
        social_condition="living with aunt",
        spiritual_condition="attends church",
        legal_status="police report not yet made",
        analysis="needs medical examination and legal aid",
        conclusion="refer to health and legal aid",
        recommended_services=services,
    )


PARTICIPANTS = (
    ConferenceParticipant(name="Siti", profession="social worker", agency_id="kh-hub"),
    ConferenceParticipant(name="dr. Budi", profession="physician", agency_id="kh-rsud"),
    ConferenceParticipant(name="Ipda Rina", profession="police officer", agency_id="kh-polres"),
)


def line(stage: str, service: ServiceType, target_id: str, due_on: date) -> PlannedService:
    return PlannedService(stage=stage, service=service, target_id=target_id, due_on=due_on)


KH_PLAN = (
    line("REHABILITASI_KESEHATAN", ServiceType.HEALTH, "kh-rsud", date(2026, 12, 1)),
    line(
        "REHABILITASI_SOSIAL", ServiceType.SOCIAL_REHABILITATION, "kh-merangat", date(2026, 12, 10)
    ),
    line("BANTUAN_HUKUM", ServiceType.LEGAL, "kh-bagian-hukum", date(2026, 12, 15)),
)


def plan(
    services: tuple[PlannedService, ...] = KH_PLAN,
    participants: tuple[ConferenceParticipant, ...] = PARTICIPANTS,
) -> AgreeInterventionPlan:
    return AgreeInterventionPlan(participants=participants, services=services)


@dataclass
class Story:
    """A case told command by command; each accepted command's entries are applied, and
    the clock moves on by a minute."""

    network: Network
    case: Case | None = None
    now: datetime = T0
    journal: list[Recorded] = field(default_factory=list)

    def do(self, command: Command) -> Decision:
        decision = decide(self.case, command, self.now, self.network)
        self.case = apply(self.case, decision)
        self.journal.extend(decision.journal)
        self.now += timedelta(minutes=1)
        return decision

    def refused(self, command: Command, rule: Rule) -> RuleViolation:
        """Assert ``command`` is refused under ``rule`` (its name, article and status)
        and that the case is unchanged."""
        before = self.case
        with pytest.raises(RuleViolation) as excinfo:
            decide(self.case, command, self.now, self.network)
        error = excinfo.value
        assert error.rule == rule.name, str(error)
        if rule.article is not None:
            assert error.article == rule.article
        assert error.status == rule.status
        assert self.case is before
        return error

    @property
    def current(self) -> Case:
        assert self.case is not None
        return self.case

    def phase(self) -> CasePhase:
        """The current phase (a method, so type checkers do not narrow it across steps)."""
        return self.current.phase

    def status(self, referral_id: str) -> ReferralStatus:
        """The current status of a referral of the case."""
        return self.current.referrals[referral_id].status

    def serve(self, referral_id: str, target: str, facts: tuple[ServiceFact, ...] = ()) -> Decision:
        """The target receives and accepts the referral and reports the service completed
        (a final report); the decision on the report."""
        self.do(MarkReferralReceived(referral_id=referral_id, agency_id=target))
        self.do(AcceptReferral(referral_id=referral_id, agency_id=target))
        return self.complete(referral_id, target, facts=facts)

    def complete(
        self,
        referral_id: str,
        target: str,
        *,
        report_id: str | None = None,
        facts: tuple[ServiceFact, ...] = (),
    ) -> Decision:
        """The target reports the service completed (a final report); the decision."""
        return self.do(
            ReportService(
                referral_id=referral_id,
                agency_id=target,
                report_id=report_id or f"rep-{referral_id}",
                status=OutcomeStatus.COMPLETED,
                final=True,
                facts=facts,
            )
        )


def story(district: str = KH, until: CasePhase = CasePhase.COMPLAINT_RECEIVED) -> Story:
    """A case of the district brought to ``until`` along the regular path."""
    tale = Story(network(district))
    hub = tale.network.hub_id
    case_id = f"c-{hub}-0001"
    participants = PARTICIPANTS if district == KH else LT_PARTICIPANTS
    services = KH_PLAN if district == KH else LT_PLAN
    steps: list[tuple[CasePhase, Command]] = [
        (CasePhase.COMPLAINT_RECEIVED, complaint(case_id)),
        (
            CasePhase.REGISTERED,
            RegisterCase(case_number=f"{hub.upper()}/2026/0001", category=CaseCategory.TRAFFICKING),
        ),
        (CasePhase.COMPANION_ASSIGNED, assignment(supervisor_id="sup-ani")),
        (CasePhase.INITIAL_CONTACT_MADE, MakeInitialContact()),
        (
            CasePhase.CONTRACT_AGREED,
            AgreeServiceContract(agreed_by=ContractParty.CHILD_AND_GUARDIAN),
        ),
        (CasePhase.ASSESSED, assessment()),
        (CasePhase.PLAN_AGREED, plan(services, participants)),
    ]
    for phase, command in steps:
        tale.do(command)
        if phase is until:
            return tale
    raise AssertionError(f"no regular path to {until}")


LT_PARTICIPANTS = (
    ConferenceParticipant(name="Andi", profession="social worker", agency_id="lt-hub"),
    ConferenceParticipant(name="dr. Sari", profession="physician", agency_id="lt-rsud"),
)

LT_PLAN = (
    line("LAYANAN_KESEHATAN", ServiceType.HEALTH, "lt-rsud", date(2026, 12, 1)),
    line("LAYANAN_PENDIDIKAN", ServiceType.EDUCATION, "lt-disdik", date(2027, 1, 5)),
    line("LAYANAN_HUKUM", ServiceType.LEGAL, "lt-bantuan-hukum", date(2026, 12, 20)),
)
