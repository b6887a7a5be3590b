"""The use cases of violence in schools on in-memory tables (no database, no broker):
each command is one unit of work that stores the report, its records and what it owes
and stages its events together, or nothing at all."""

from datetime import date

import pytest

from rujukan.errors import RuleViolation
from rujukan.runtime.inbox import Inbound, InboundRecord
from schemas.envelope import envelope_for
from schemas.events import (
    ComplaintSubmitted,
    ReferralIssued,
    ReferralReceived,
    SchoolNoticeIssued,
    SchoolReportReceived,
)
from schemas.school import (
    ConclusionFinding,
    Impact,
    PartyRole,
    PupilSanction,
    ReportChannel,
    SanctionTier,
    ViolenceForm,
)
from schemas.vocabulary import ServiceType, Sex
from services.education.domain import Party, PartyIdentity, SchoolReport
from services.education.domain import rules as r
from services.education.domain.commands import AddParty
from services.education.usecases import SchoolService
from services.education.usecases.opening import Opening
from tests.unit.education.builders import REPORTED, VICTIM, decided, pupil
from tests.unit.education.fakes import SchoolState, school_on

CHILD = PartyIdentity(party_id="v1", name="(name)", sex=Sex.FEMALE, estimated_age=12)


def opened(
    school: SchoolService,
    *parties: Party,
    identities: tuple[PartyIdentity, ...] = (),
    impacts: tuple[Impact, ...] = (),
) -> SchoolReport:
    return school.open_report(
        Opening(
            ReportChannel.LETTER,
            ["sd-1"],
            parties,
            identities,
            forms=[ViolenceForm.PHYSICAL],
            impacts=impacts,
            on=date(2026, 3, 9),
        )
    )


def test_a_report_is_stored_with_its_records_and_announced_on_the_journal_skw_41() -> None:
    state = SchoolState()

    report = opened(school_on(state, "skw-disdik"), VICTIM, REPORTED)

    assert state.reports[report.reference] == report
    assert [type(x).__name__ for x in state.records[report.reference]] == [
        "ReportReceived",
        "HandlerAssigned",
    ]
    assert state.published() == [(SchoolReportReceived, "rujukan.journal.skw-disdik")]


def test_an_identity_given_with_an_added_party_is_that_partys_or_nothing_is_stored() -> None:
    """SKW Pasal 44(2): who a party is stays next to the party it names."""
    state = SchoolState()
    school = school_on(state, "skw-disdik")
    report = opened(school, VICTIM, REPORTED)
    witness = pupil("w1", PartyRole.WITNESS)

    with pytest.raises(RuleViolation) as refused:
        school.run(report.reference, AddParty(party=witness), CHILD)

    assert refused.value.rule == r.IDENTITY_OF_THE_ADDED_PARTY.name
    assert state.reports[report.reference] == report
    assert state.identities.get(report.reference, {}) == {}
    assert len(state.outbox) == 1  # the report's own announcement only


def test_a_child_victim_in_batang_opens_the_hub_case_and_is_referred_at_once_btg_18_4c() -> None:
    state = SchoolState()

    report = opened(
        school_on(state, "btg-disdik"),
        VICTIM,
        REPORTED,
        identities=(CHILD,),
        impacts=(Impact.FAIRLY_SERIOUS_INJURY,),
    )

    (hub_case,) = state.hub_cases
    assert (hub_case.party_id, hub_case.hub_id) == ("v1", "btg-hub")
    referrals = list(state.referrals.values())
    assert referrals
    assert all(row.case_id == hub_case.case_id for row in referrals)
    kinds = {kind for kind, _ in state.published()}
    assert {ComplaintSubmitted, ReferralIssued, SchoolNoticeIssued} <= kinds
    assert "rujukan.inbox.btg-hub" in {topic for _, topic in state.published()}
    assert state.reports[report.reference] == report


def test_a_child_victim_referred_at_once_without_an_identity_stores_and_sends_nothing() -> None:
    """BTG 18(6): the intake hub opens the child's case with the identity; a report that
    cannot owe what it must leaves nothing half done."""
    state = SchoolState()

    with pytest.raises(RuleViolation) as refused:
        opened(school_on(state, "btg-disdik"), VICTIM, impacts=(Impact.FAIRLY_SERIOUS_INJURY,))

    assert refused.value.rule == r.IDENTITY_WHEN_NEEDED.name
    assert (state.reports, state.referrals, state.outbox) == ({}, {}, [])


def test_a_child_victim_of_unknown_age_is_not_sent_to_the_hub_lt_1_5() -> None:
    """LT Pasal 1 angka 5: the hub's cases are children's, so the hub must learn the
    child's age (a date of birth or an estimate) with the identity."""
    state = SchoolState()
    ageless = CHILD.model_copy(update={"estimated_age": None})

    with pytest.raises(RuleViolation) as refused:
        opened(
            school_on(state, "btg-disdik"),
            VICTIM,
            identities=(ageless,),
            impacts=(Impact.FAIRLY_SERIOUS_INJURY,),
        )

    assert (refused.value.rule, refused.value.article, refused.value.status) == (
        r.CHILD_AGE_KNOWN.name,
        "LT Pasal 1 angka 5",
        422,
    )
    assert (state.reports, state.referrals, state.outbox) == ({}, {}, [])


def answer(school: SchoolService, state: SchoolState, event: ReferralReceived, source: str) -> None:
    """What the inbox does with one answer: the handler in a unit of work, committed."""
    envelope = envelope_for(event, source=source)
    record = InboundRecord("rujukan.inbox.btg-disdik", 0, 0, None, (), None)
    with school.unit_of_work() as uow:
        school.on_answer(uow, Inbound(envelope, event, record))
        uow.commit()


def test_an_answer_is_recorded_only_from_the_agency_the_referral_went_to() -> None:
    state = SchoolState()
    school = school_on(state, "btg-disdik")
    opened(school, VICTIM, identities=(CHILD,), impacts=(Impact.FAIRLY_SERIOUS_INJURY,))
    row = next(iter(state.referrals.values()))
    received = ReferralReceived(
        case_id=row.case_id, referral_id=row.referral_id, agency_id=row.target_id
    )

    with pytest.raises(RuleViolation) as refused:
        answer(school, state, received, source="btg-hub")
    assert refused.value.rule == "answer_sent_by_its_agency"
    assert state.outcomes == []

    answer(school, state, received, source=row.target_id)
    assert state.referrals[row.referral_id].status == "received"
    assert state.outcomes == [received]


def test_a_recovery_referral_starts_the_pupils_recovery_on_the_hub_case_skw_65() -> None:
    state = SchoolState()
    school = school_on(state, "btg-disdik")
    report = opened(school, VICTIM, identities=(CHILD,), impacts=(Impact.FAIRLY_SERIOUS_INJURY,))
    (hub_case,) = state.hub_cases

    recovery = school.refer_for_recovery(
        report.reference, party_id="v1", service=ServiceType.SHELTER
    )

    assert (recovery.purpose, recovery.case_id) == ("recovery", hub_case.case_id)
    assert recovery.target_id == "btg-dinsos"  # PENAMPUNGAN in Batang's matrix
    assert recovery.outcomes == []
    assert [r.party_id for r in state.reports[report.reference].recoveries] == ["v1"]
    assert state.referrals[recovery.referral_id].status == "issued"


def test_a_victim_learns_the_decision_and_its_sanctions_but_no_one_elses_identity_skw_66_1a() -> (
    None
):
    state = SchoolState()
    report = decided()
    state.reports[report.reference] = report

    process = school_on(state, "skw-disdik").process(report.reference, "v1")

    assert process.decision is not None
    assert process.decision.finding is ConclusionFinding.PROVEN
    assert [(s.tier, s.pupil_sanction) for s in process.decision.sanctions] == [
        (SanctionTier.LIGHT, PupilSanction.WRITTEN_REPRIMAND)
    ]
    assert "p1" not in process.model_dump_json()
