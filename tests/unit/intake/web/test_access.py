"""The companion app's authorization rule (one place: `services.intake.web.access`): a
companion reaches a case only while they are its current companion; anyone else gets the
404 of an unknown case; a supervisor may acknowledge the escalated notice delivered to
them, and nothing else of the case."""

from dataclasses import dataclass, field

import pytest

from rujukan.errors import NotFound, RuleViolation
from schemas.vocabulary import CompanionRole, Escalation
from services.intake.access import is_current_companion
from services.intake.domain import (
    AcceptReferral,
    Case,
    CasePhase,
    Command,
    IssueReferral,
    MarkReferralReceived,
    ReassignCompanion,
    RecordOfflineAnswer,
    RecordOverdue,
    apply,
    decide,
)
from services.intake.repository import Loaded
from services.intake.usecases import Builder
from services.intake.usecases import Outcome as Done
from services.intake.web.access import CompanionAccess, may_acknowledge
from tests.unit.intake.support import COMPANION, Story, story

SUPERVISOR, OTHER = "sup-ani", "comp-budi"
RSUD, HEALTH = "kh-rsud", "REHABILITASI_KESEHATAN"


def escalated() -> Story:
    """Siti's case (supervisor Ani): the RSUD accepted one referral; another went unanswered
    and its overdue notice reached Siti, then Ani."""
    tale = story(until=CasePhase.PLAN_AGREED)
    tale.do(IssueReferral(referral_id="r-1", stage=HEALTH, target_id=RSUD))
    tale.do(MarkReferralReceived(referral_id="r-1", agency_id=RSUD))
    tale.do(AcceptReferral(referral_id="r-1", agency_id=RSUD))
    tale.do(IssueReferral(referral_id="r-2", stage="BANTUAN_HUKUM", target_id="kh-bagian-hukum"))
    for escalation in (Escalation.COMPANION, Escalation.SUPERVISOR):
        tale.do(
            RecordOverdue(
                referral_id="r-2", milestone="answer", escalation=escalation, due_at=tale.now
            )
        )
    return tale


def outcome_to(case: Case, recipient: str) -> str:
    return next(o.outcome_id for o in case.outcomes.values() if o.recipient_id == recipient)


def test_only_the_current_companion_reaches_the_case() -> None:
    case = escalated().current
    assert is_current_companion(case, COMPANION)
    assert not is_current_companion(case, OTHER)
    assert not is_current_companion(case, SUPERVISOR)
    assert not is_current_companion(None, COMPANION)


def test_a_reassignment_takes_the_case_away_from_the_former_companion() -> None:
    tale = escalated()
    tale.do(
        ReassignCompanion(
            companion_id=OTHER,
            role=CompanionRole.SOCIAL_WELFARE_WORKER,
            assignment_letter_ref="800/140/DINSOS/2026",
            replaces_companion_id=COMPANION,
        )
    )
    assert is_current_companion(tale.current, OTHER)
    assert not is_current_companion(tale.current, COMPANION)


def test_a_supervisor_may_acknowledge_only_the_notice_delivered_to_them() -> None:
    case = escalated().current
    to_ani, to_siti = outcome_to(case, SUPERVISOR), outcome_to(case, COMPANION)
    assert may_acknowledge(case, to_ani, SUPERVISOR)
    assert not may_acknowledge(case, to_siti, SUPERVISOR)
    assert not may_acknowledge(case, "no-such-outcome", SUPERVISOR)
    assert not may_acknowledge(case, to_ani, OTHER)
    assert may_acknowledge(case, to_siti, COMPANION)
    assert may_acknowledge(case, to_ani, COMPANION)  # the domain then refuses: not hers
    assert not may_acknowledge(None, to_ani, SUPERVISOR)


@dataclass
class FakeHub:
    """The two hub use cases `CompanionAccess` calls, over one in-memory case."""

    tale: Story
    acted: list[Command] = field(default_factory=list)

    def read(self, case_id: str) -> Case:
        if case_id != self.tale.current.case_id:
            raise NotFound(f"no case {case_id!r}")
        return self.tale.current

    def act(self, case_id: str, build: Builder) -> Done:
        case = self.read(case_id)
        command = build(Loaded(case, 0), None)  # type: ignore[arg-type]
        decision = decide(case, command, self.tale.now, self.tale.network)
        self.acted.append(command)
        return Done(apply(case, decision), decision)


@pytest.fixture
def hub() -> FakeHub:
    return FakeHub(escalated())


def access(hub: FakeHub) -> CompanionAccess:
    return CompanionAccess(hub)  # type: ignore[arg-type]


def test_another_companions_case_is_not_found_like_an_unknown_one(hub: FakeHub) -> None:
    case_id = hub.tale.current.case_id
    assert access(hub).case(COMPANION, case_id) is hub.tale.current
    for who, which in [(OTHER, case_id), (SUPERVISOR, case_id), (COMPANION, "c-unknown")]:
        with pytest.raises(NotFound) as excinfo:
            access(hub).case(who, which)
        assert str(excinfo.value) == f"no case {which!r}"


def test_commands_check_the_rule_on_the_case_they_act_on(hub: FakeHub) -> None:
    case_id = hub.tale.current.case_id
    answer = RecordOfflineAnswer(referral_id="r-2", accepted=True)
    with pytest.raises(NotFound):
        access(hub).record_offline(OTHER, case_id, answer)
    with pytest.raises(NotFound):
        access(hub).acknowledge(OTHER, case_id, outcome_to(hub.tale.current, COMPANION))
    assert hub.acted == []


def test_a_supervisor_acknowledges_as_themselves(hub: FakeHub) -> None:
    case = hub.tale.current
    done = access(hub).acknowledge(SUPERVISOR, case.case_id, outcome_to(case, SUPERVISOR))
    outcome = done.case.outcomes[outcome_to(case, SUPERVISOR)]
    assert outcome.acknowledged_by == SUPERVISOR
    with pytest.raises(NotFound):
        access(hub).acknowledge(SUPERVISOR, case.case_id, outcome_to(case, COMPANION))
    with pytest.raises(RuleViolation):  # hers to reach, but delivered to Ani
        access(hub).acknowledge(COMPANION, case.case_id, outcome_to(case, SUPERVISOR))
