"""Properties of the case lifecycle for any sequence of commands, on the real Kapuas Hulu
and Luwu Timur matrices:

(a) a command either yields public events or is refused with `RuleViolation` /
    `IllegalState` naming a rule — never any other exception;
(b) a refused command leaves the case unchanged;
(c) after every step: at most one active companion; the phase moves only as LT Pasal 7(1)
    and 19 allow (backwards only in the evaluation loops); every referral's history is a
    walk of the schemas' state machine; nothing is accepted after termination except
    acknowledging an outcome (reading what arrived); every unacknowledged outcome sits with
    the current companion (LT Pasal 17(3)); a closed loop is a final referral; folding the
    journal from scratch gives the case built step by step.

Commands are built from small integer choices (`Pick`), the regular option first, so
hypothesis shrinks a failure towards the regular path. Most steps take the next regular
step of the lifecycle (so plans, referrals, evaluations and terminations are reached);
the others are any command with plausible but often wrong arguments.
"""

from __future__ import annotations

import copy
import uuid
from collections.abc import Sequence
from datetime import UTC, date, datetime, timedelta
from functools import cache
from itertools import pairwise
from typing import TypeVar

import pytest
from hypothesis import given, note, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, rule

from rujukan.errors import IllegalState, RuleViolation
from schemas.events.case import ChildIdentity, PlannedService
from schemas.facts import ServiceNote, VisumIssued
from schemas.referral_status import TRANSITIONS, ReferralStatus
from schemas.vocabulary import (
    CaseCategory,
    CompanionRole,
    ComplainantType,
    ComplaintChannel,
    ContractParty,
    DeclineReason,
    Escalation,
    NotDeliveredReason,
    OutcomeStatus,
    ServiceType,
    Sex,
    TerminationReason,
)
from services.intake.domain import (
    AcceptReferral,
    AcknowledgeOutcome,
    AgreeInterventionPlan,
    AgreeServiceContract,
    AssignCompanion,
    CancelReferral,
    Case,
    CasePhase,
    Command,
    CompleteAssessment,
    ConferenceParticipant,
    Decision,
    DeclineReferral,
    EvaluateCase,
    ExpireReferral,
    IssueReferral,
    MakeInitialContact,
    MarkReferralReceived,
    Network,
    PutReferralOnHold,
    ReassignCompanion,
    ReceiveComplaint,
    Recorded,
    RecordEmergencyHandling,
    RecordOfflineAnswer,
    RecordOfflineReport,
    RecordOnwardReferral,
    RecordOverdue,
    Referral,
    RegisterCase,
    ReportService,
    RerouteReferral,
    ResumeReferral,
    TerminateCase,
    apply,
    decide,
    evolve,
    fold,
    is_child_on,
    loop_closed,
    may_move,
    rules,
)
from services.intake.domain.phases import LOOPS_BACK, RANK
from tests.unit.intake.support import KH, LT, T0, network

S = ReferralStatus
T = TypeVar("T")
CASE_ID = "c-prop-0001"
COMPANIONS = ("comp-a", "comp-b", "comp-c")


@cache
def targets(net: Network) -> tuple[tuple[str, str, ServiceType], ...]:
    """Every (stage, target, service) the district's matrix allows."""
    return tuple(
        (stage, agency.id, net.matrix.service_for(stage, agency.id, net.directory))
        for stage in net.matrix.stages()
        for agency in net.matrix.targets_for(stage, net.directory)
    )


@cache
def agency_ids(net: Network) -> tuple[str, ...]:
    return tuple(sorted({target for _, target, _ in targets(net)}))


class Pick:
    """Choices drawn as small integers: the first option is the one shrinking goes to."""

    def __init__(self, data: st.DataObject) -> None:
        self.data = data

    def one(self, options: Sequence[T]) -> T:
        return options[self.data.draw(st.integers(0, len(options) - 1))]

    def some(self, options: Sequence[T], low: int, high: int) -> list[T]:
        return [self.one(options) for _ in range(self.one(range(low, high + 1)))]


# --- commands ---------------------------------------------------------------------------


def complaint(pick: Pick, valid: bool) -> Command:
    letter = "421/045/2026" if valid else pick.one([None, "  ", "421/045/2026"])
    information = "TPPK report" if valid else pick.one([None, "TPPK report"])
    known_birth = pick.one([True, False]) if valid else pick.one([True, False, False])
    child = ChildIdentity(
        name="(name)",
        date_of_birth=pick.one([date(2012, 4, 1), date(2008, 11, 24), date(2027, 2, 1)])
        if known_birth
        else None,
        estimated_age=pick.one([14, 17, 3]) if valid or pick.one([True, False]) else None,
        sex=pick.one(list(Sex)),
    )
    if not valid and pick.one([False, True]):
        child = child.model_copy(update={"date_of_birth": date(2000, 1, 1)})
    return ReceiveComplaint(
        case_id=CASE_ID,
        channel=pick.one(list(ComplaintChannel)),
        complainant=pick.one(list(ComplainantType)),
        child=child,
        request_letter_ref=letter,
        case_information=information,
        suspected_category=pick.one([None, *CaseCategory]),
    )


def assessment(pick: Pick, valid: bool) -> Command:
    def word() -> str:
        return "noted" if valid else pick.one(["noted", "", " "])

    services = pick.some(list(ServiceType), 1 if valid else 0, 3)
    return CompleteAssessment(
        physical_condition=word(),
        psychological_condition=word(),
        social_condition=word(),
        spiritual_condition=word(),
        legal_status=word(),
        analysis=word(),
        conclusion=word(),
        recommended_services=tuple(services),
    )


def intervention_plan(pick: Pick, net: Network, valid: bool) -> Command:
    lines: dict[tuple[str, str], PlannedService] = {}
    for stage, target, service in pick.some(targets(net), 1 if valid else 0, 3):
        if not valid and pick.one([False, True]):
            service = pick.one(list(ServiceType))
        due = T0.date() + timedelta(days=pick.one([10, 30, -3]))
        lines.setdefault(
            (stage, target),
            PlannedService(stage=stage, service=service, target_id=target, due_on=due),
        )
    participant = ConferenceParticipant(name="Siti", profession="social worker", agency_id=None)
    people = pick.one([2, 3]) if valid else pick.one([2, 0, 1])
    return AgreeInterventionPlan(
        participants=(participant,) * people, services=tuple(lines.values())
    )


def fresh_id(case: Case | None) -> str:
    return f"r-{len(case.referrals) + 1:04d}" if case is not None else "r-0001"


def known_id(pick: Pick, case: Case | None) -> str:
    return pick.one([*(sorted(case.referrals) if case else []), "r-unknown"])


def issue(pick: Pick, net: Network, case: Case | None) -> Command:
    planned = [(p.stage, p.target_id) for p in case.plan.services] if case and case.plan else []
    has_plan = bool(planned)
    stage, target = pick.one(planned or [(s, t) for s, t, _ in targets(net)])
    if pick.one([False, True]):
        stage, target = pick.one([(s, t) for s, t, _ in targets(net)])
    return IssueReferral(
        referral_id=pick.one([fresh_id(case), "r-0001"]),
        stage=stage,
        target_id=target if pick.one([True, True, False]) else pick.one(agency_ids(net)),
        emergency=pick.one([not has_plan, has_plan]),
        include_identity=pick.one([False, True]),
    )


def reroute(pick: Pick, net: Network, case: Case | None, referral: Referral | None) -> Command:
    predecessor = referral.referral_id if referral else known_id(pick, case)
    stage = referral.stage if referral else pick.one(targets(net))[0]
    in_stage = [t for s, t, _ in targets(net) if s == stage]
    return RerouteReferral(
        referral_id=fresh_id(case),
        predecessor_id=predecessor,
        target_id=pick.one([*in_stage, *agency_ids(net)]),
    )


def report(pick: Pick, referral_id: str, agency_id: str, final: bool, count: int) -> Command:
    status = pick.one(list(OutcomeStatus))
    return ReportService(
        referral_id=referral_id,
        agency_id=agency_id,
        report_id=f"rep-{count}",
        status=status,
        final=final,
        not_delivered_reason=NotDeliveredReason.COULD_NOT_CONTACT
        if status is OutcomeStatus.NOT_DELIVERED
        else None,
        facts=pick.one(
            [
                (),
                (ServiceNote(summary="done"),),
                (VisumIssued(document_ref="V/1", issued_on=T0.date()),),
            ]
        ),
    )


def answer(pick: Pick, case: Case | None, referral: Referral | None) -> Command:
    """The next plausible answer for ``referral`` (by its status), or any answer at all."""
    rid = referral.referral_id if referral else known_id(pick, case)
    known = case.referrals.get(rid) if case else None
    agency = known.target_id if known and pick.one([True, True, True, False]) else "kh-polres"
    count = len(known.report_ids) if known else 0
    moves: dict[ReferralStatus, list[Command]] = {
        S.ISSUED: [
            MarkReferralReceived(referral_id=rid, agency_id=agency),
            ExpireReferral(referral_id=rid),
        ],
        S.RECEIVED: [
            AcceptReferral(referral_id=rid, agency_id=agency),
            DeclineReferral(referral_id=rid, agency_id=agency, reason=DeclineReason.NO_CAPACITY),
            ExpireReferral(referral_id=rid),
        ],
        S.ACCEPTED: [
            report(pick, rid, agency, True, count),
            report(pick, rid, agency, False, count),
            PutReferralOnHold(referral_id=rid, agency_id=agency, reason="paused"),
        ],
        S.IN_PROGRESS: [
            report(pick, rid, agency, True, count),
            PutReferralOnHold(referral_id=rid, agency_id=agency, reason="paused"),
        ],
        S.ON_HOLD: [
            ResumeReferral(referral_id=rid, agency_id=agency),
            report(pick, rid, agency, True, count),
        ],
    }
    anything: list[Command] = [
        MarkReferralReceived(referral_id=rid, agency_id=agency),
        AcceptReferral(referral_id=rid, agency_id=agency),
        ResumeReferral(referral_id=rid, agency_id=agency),
        report(pick, rid, agency, pick.one([True, False]), pick.one([count, 0])),
        CancelReferral(referral_id=rid, reason="plan changed"),
        ExpireReferral(referral_id=rid),
    ]
    if referral is not None and referral.status in moves:
        return pick.one(moves[referral.status])
    return pick.one(anything)


def by_hand(pick: Pick, net: Network, case: Case | None) -> Command:
    """An offline answer or report recorded by the companion, or an onward referral's copy."""
    rid = known_id(pick, case)
    known = case.referrals.get(rid) if case else None
    count = len(known.report_ids) if known else 0
    kind = pick.one(["answer", "report", "onward"])
    if kind == "answer":
        accepted = pick.one([True, False])
        return RecordOfflineAnswer(
            referral_id=rid,
            accepted=accepted,
            reason=pick.one([DeclineReason.NO_CAPACITY, None]) if not accepted else None,
        )
    if kind == "report":
        status = pick.one(list(OutcomeStatus))
        return RecordOfflineReport(
            referral_id=rid,
            report_id=f"rep-{count}",
            status=status,
            final=pick.one([True, False]),
            not_delivered_reason=NotDeliveredReason.OTHER
            if status is OutcomeStatus.NOT_DELIVERED
            else None,
        )
    stage, target, _ = pick.one(targets(net))
    referrer = known.target_id if known and pick.one([True, True, False]) else "kh-polres"
    return RecordOnwardReferral(
        referral_id=fresh_id(case),
        parent_referral_id=pick.one([rid, None]),
        referrer_id=referrer,
        hub_id=pick.one([net.hub_id, None]),
        stage=stage,
        target_id=target,
        identity_included=pick.one([False, True]),
    )


def offline_step(pick: Pick, referral: Referral) -> Command:
    """The companion's next plausible entry for an offline referral."""
    if referral.status in {S.ISSUED, S.RECEIVED}:
        return RecordOfflineAnswer(
            referral_id=referral.referral_id,
            accepted=pick.one([True, False]),
            reason=DeclineReason.NOT_OUR_DUTY,
        )
    return RecordOfflineReport(
        referral_id=referral.referral_id,
        report_id=f"rep-{len(referral.report_ids)}",
        status=OutcomeStatus.COMPLETED,
        final=pick.one([True, False]),
    )


def companion(pick: Pick, case: Case | None) -> Command:
    current = case.companion.companion_id if case and case.companion else "comp-a"
    letter = pick.one(["800/1/2026", None, " "])
    if pick.one([True, False]):
        return AssignCompanion(
            companion_id=pick.one(COMPANIONS),
            role=pick.one(list(CompanionRole)),
            assignment_letter_ref=letter,
            supervisor_id=pick.one([None, "sup-1"]),
        )
    return ReassignCompanion(
        companion_id=pick.one(COMPANIONS),
        role=pick.one(list(CompanionRole)),
        assignment_letter_ref=letter,
        replaces_companion_id=pick.one([current, *COMPANIONS]),
    )


def evaluation(pick: Pick, case: Case | None) -> Command:
    current = case.companion.companion_id if case and case.companion else "comp-a"
    return EvaluateCase(
        companion_id=pick.one([current, current, "comp-x"]),
        physically_and_mentally_well=pick.one([True, False]),
        more_services_needed=pick.one([False, True]),
    )


def termination(pick: Pick, prepared: bool = False) -> Command:
    completed = [TerminationReason.SERVICES_COMPLETED] * (3 if prepared else 0)
    return TerminateCase(
        reason=pick.one([*completed, *TerminationReason]),
        referred_to=pick.one(["UPTD PPA Provinsi", None]),
    )


def any_command(pick: Pick, net: Network, case: Case | None) -> Command:
    """Any command, with plausible but often wrong arguments."""
    kind = pick.one(range(16))
    match kind:
        case 0:
            return complaint(pick, valid=False)
        case 1:
            return RecordEmergencyHandling(
                action=pick.one(["Moved to a safe place", "", "x" * 600]),
                handled_by=pick.one(["comp-a", ""]),
                handler_role=pick.one(list(CompanionRole)),
            )
        case 2:
            return RegisterCase(
                case_number=pick.one(["KH/2026/0001", ""]), category=pick.one(list(CaseCategory))
            )
        case 3:
            return companion(pick, case)
        case 4:
            return MakeInitialContact()
        case 5:
            return AgreeServiceContract(agreed_by=pick.one(list(ContractParty)))
        case 6:
            return assessment(pick, valid=False)
        case 7:
            return intervention_plan(pick, net, valid=False)
        case 8:
            return issue(pick, net, case)
        case 9:
            return reroute(pick, net, case, None)
        case 10:
            return answer(pick, case, None)
        case 11:
            return evaluation(pick, case)
        case 12:
            return by_hand(pick, net, case)
        case 13:
            return acknowledgement(pick, case)
        case 14:
            return overdue_notice(pick, case)
        case _:
            return termination(pick)


def acknowledgement(pick: Pick, case: Case | None) -> Command:
    """Acknowledge an outcome, mostly by its recipient."""
    outcomes = list(case.outcomes.values()) if case else []
    if not outcomes:
        return AcknowledgeOutcome(outcome_id=str(uuid.uuid4()), companion_id="comp-a")
    outcome = pick.one(outcomes)
    who = pick.one([outcome.recipient_id or "comp-a", outcome.recipient_id or "comp-a", "comp-x"])
    return AcknowledgeOutcome(outcome_id=outcome.outcome_id, companion_id=who)


def overdue_notice(pick: Pick, case: Case | None) -> Command:
    """An overdue notice on a referral, for any milestone and escalation."""
    referral_id = known_id(pick, case)
    return RecordOverdue(
        referral_id=referral_id,
        milestone=pick.one(["answer", "first_report", "outcome"]),
        escalation=pick.one(list(Escalation)),
        due_at=datetime(2026, 11, 24, 9, 0, tzinfo=UTC),
    )


def next_step(pick: Pick, net: Network, case: Case | None) -> Command:
    """The command that moves a case along the regular path."""
    if case is None:
        return complaint(pick, valid=True)
    match case.phase:
        case CasePhase.COMPLAINT_RECEIVED:
            return RegisterCase(case_number="KH/2026/0001", category=CaseCategory.TRAFFICKING)
        case CasePhase.REGISTERED:
            return AssignCompanion(
                companion_id="comp-a",
                role=CompanionRole.SOCIAL_WORKER,
                assignment_letter_ref="800/1/2026",
            )
        case CasePhase.COMPANION_ASSIGNED:
            return MakeInitialContact()
        case CasePhase.INITIAL_CONTACT_MADE:
            return AgreeServiceContract(agreed_by=pick.one(list(ContractParty)))
        case CasePhase.CONTRACT_AGREED | CasePhase.REASSESSMENT_NEEDED:
            return assessment(pick, valid=True)
        case CasePhase.ASSESSED | CasePhase.CASE_CONFERENCE_NEEDED:
            return intervention_plan(pick, net, valid=True)
    referrals = list(case.referrals.values())
    rerouted = {r.predecessor_id for r in referrals}
    open_or_reroutable = [
        r
        for r in referrals
        if r.open or (r.status in {S.DECLINED, S.EXPIRED} and r.referral_id not in rerouted)
    ]
    activity = pick.one(
        ["answer", "answer", "issue", "evaluate", "answer", "terminate", "acknowledge", "overdue"]
    )
    if activity == "acknowledge" and case.outcomes:
        return acknowledgement(pick, case)
    if activity == "overdue" and case.referrals:
        return overdue_notice(pick, case)
    if activity == "answer" and open_or_reroutable:
        referral = pick.one(open_or_reroutable)
        if referral.open and referral.offline and pick.one([False, True]):
            return offline_step(pick, referral)
        if referral.open:
            return answer(pick, case, referral)
        return reroute(pick, net, case, referral)
    if activity in {"answer", "issue"}:
        return issue(pick, net, case)
    if activity == "evaluate":
        return evaluation(pick, case)
    return termination(pick, prepared=case.phase is CasePhase.TERMINATION_PREPARED)


# --- the state machine ------------------------------------------------------------------


def attempt(
    case: Case | None, command: Command, now: datetime, net: Network
) -> Decision | RuleViolation:
    """The decision, or the refusal; any other exception escapes and fails property (a)."""
    try:
        return decide(case, command, now, net)
    except RuleViolation as refused:
        return refused


class CaseLifecycle(RuleBasedStateMachine):
    """Plays commands against one case, checking (a)–(c) after every step."""

    def __init__(self) -> None:
        super().__init__()
        self.network = network(KH)
        self.case: Case | None = None
        self.journal: list[Recorded] = []
        self.now = T0

    @initialize(district=st.sampled_from([KH, LT]))
    def choose_district(self, district: str) -> None:
        self.network = network(district)

    @rule(data=st.data())
    def step(self, data: st.DataObject) -> None:
        pick = Pick(data)
        regular = pick.one([True, True, True, False])
        command = (
            next_step(pick, self.network, self.case)
            if regular
            else any_command(pick, self.network, self.case)
        )
        note(repr(command))
        before = copy.deepcopy(self.case)
        reading = isinstance(command, AcknowledgeOutcome)
        decision = attempt(self.case, command, self.now, self.network)
        if isinstance(decision, RuleViolation):  # (a): IllegalState is a RuleViolation
            note(f"refused: {decision.rule} ({decision.article}): {decision}")
            assert decision.rule, "a refusal names its rule"
            assert decision.status == (409 if isinstance(decision, IllegalState) else 422)
            assert self.case == before  # (b)
            if before is not None and before.terminated and not reading:
                assert decision.rule == rules.NOTHING_AFTER_TERMINATION.name
            return
        assert before is None or not before.terminated or reading, "accepted after termination"
        assert decision.events, "an accepted command emits public events"
        case = self.case
        for entry in decision.journal:
            old_phase = case.phase if case is not None else None
            case = evolve(case, entry)
            if old_phase is not None:
                assert may_move(old_phase, case.phase), (old_phase, case.phase)
                if RANK[case.phase] < RANK[old_phase]:
                    assert (old_phase, case.phase) in LOOPS_BACK
        assert case == apply(self.case, decision)
        assert self.case == before, "deciding and applying never mutate the case"
        self.case = case
        self.journal.extend(decision.journal)
        self.now += timedelta(minutes=pick.one([5, 60, 1440]))

    @invariant()
    def at_most_one_active_companion(self) -> None:
        if self.case is None:
            return
        people = [c for c in (self.case.companion, *self.case.companion_history) if c]
        assert sum(c.active for c in people) <= 1
        assert all(not c.active for c in self.case.companion_history)
        assigned = RANK[CasePhase.COMPANION_ASSIGNED] <= RANK[self.case.phase]
        if assigned and self.case.phase is not CasePhase.TERMINATED:
            assert self.case.companion is not None

    @invariant()
    def referrals_follow_the_state_machine(self) -> None:
        if self.case is None:
            return
        for referral in self.case.referrals.values():
            statuses = [change.status for change in referral.history]
            assert statuses[0] is S.ISSUED
            assert statuses[-1] is referral.status
            for old, new in pairwise(statuses):
                assert (old, new) in TRANSITIONS, (referral.referral_id, old, new)
            if self.case.phase is CasePhase.TERMINATED:
                assert not referral.open

    @invariant()
    def every_outcome_reaches_the_current_companion(self) -> None:
        """LT Pasal 17(3): once the case has a companion, nothing unacknowledged for the
        companion sits with anyone else."""
        if self.case is None or self.case.companion is None:
            return
        for outcome in self.case.outcomes.values():
            if outcome.escalation is Escalation.COMPANION and not outcome.acknowledged:
                assert outcome.recipient_id == self.case.companion.companion_id

    @invariant()
    def a_closed_loop_is_a_final_referral(self) -> None:
        if self.case is None:
            return
        for referral in self.case.referrals.values():
            if loop_closed(self.case, referral):
                assert not referral.open

    @invariant()
    def folding_the_journal_rebuilds_the_case(self) -> None:
        assert fold(self.journal) == self.case


TestCaseLifecycle = CaseLifecycle.TestCase
TestCaseLifecycle.settings = settings(max_examples=80, stateful_step_count=50, deadline=None)


# --- the age rule alone ------------------------------------------------------------------


@settings(max_examples=200, deadline=None)
@given(
    date_of_birth=st.dates(date(1990, 1, 1), date(2030, 12, 31)),
    on=st.dates(date(2020, 1, 1), date(2030, 12, 31)),
)
def test_a_complaint_is_received_exactly_when_the_person_is_under_18(
    date_of_birth: date, on: date
) -> None:
    person = ChildIdentity(name="(name)", date_of_birth=date_of_birth, sex=Sex.MALE)
    now = T0.replace(year=on.year, month=on.month, day=on.day)
    command = ReceiveComplaint(
        case_id=CASE_ID,
        channel=ComplaintChannel.WALK_IN,
        complainant=ComplainantType.FAMILY,
        child=person,
    )
    leap_day = (date_of_birth.month, date_of_birth.day) == (2, 29)
    year = date_of_birth.year + 18
    eighteenth = date(year, 3, 1) if leap_day else date_of_birth.replace(year=year)
    if on < eighteenth:
        decide(None, command, now, network(KH))
        assert is_child_on(person, on)
    else:
        with pytest.raises(RuleViolation) as refused:
            decide(None, command, now, network(KH))
        assert refused.value.rule == rules.CHILD_UNDER_18.name
        assert is_child_on(person, on) is False
