"""Who handles a report: TPPK or Satgas (SKW Pasal 37–38), and consent (37(5), 40(7))."""

from __future__ import annotations

import pytest

from rujukan.errors import RuleViolation
from schemas.school import (
    ConsentGiver,
    ConsentPurpose,
    DecisionAuthority,
    Handler,
    PartyRole,
    SatgasReason,
)
from services.education.domain import decide, who_handles
from services.education.domain import rules as r
from services.education.domain.commands import (
    AddParty,
    AddSchool,
    ConsultSatgas,
    EscalateToSatgas,
    RecordConsent,
    WarnTppk,
)
from tests.unit.education.builders import (
    CALENDAR,
    MONDAY,
    REPORTED,
    VICTIM,
    WITNESS,
    concluded,
    new_report,
    pupil,
    refused_by,
    run,
    school_head,
    staff,
)


def test_report_about_pupils_of_one_school_stays_with_tppk() -> None:
    assert who_handles(new_report()) == (Handler.TPPK, ())


def test_report_about_school_head_goes_to_satgas_with_reason() -> None:
    report = new_report(VICTIM, school_head("h1", PartyRole.REPORTED))

    assert who_handles(report) == (Handler.SATGAS, (SatgasReason.REPORTED_IS_SCHOOL_HEAD,))
    assert report.handler is Handler.SATGAS
    assert report.satgas_reasons == (SatgasReason.REPORTED_IS_SCHOOL_HEAD,)


def test_school_head_as_witness_does_not_move_the_report() -> None:
    report = new_report(VICTIM, REPORTED, school_head("h1", PartyRole.WITNESS))

    assert report.handler is Handler.TPPK


def test_violence_across_two_schools_goes_to_satgas() -> None:
    report = new_report(schools=("sch-1", "sch-2"))

    assert who_handles(report) == (Handler.SATGAS, (SatgasReason.MORE_THAN_ONE_SCHOOL,))


def test_involved_tppk_member_sends_report_to_satgas_but_a_reporting_member_does_not() -> None:
    involved = staff("t1", PartyRole.REPORTED, tppk_member=True)
    reporting = staff("t2", PartyRole.REPORTER, tppk_member=True)

    assert new_report(VICTIM, involved).satgas_reasons == (SatgasReason.TPPK_MEMBER_INVOLVED,)
    assert new_report(VICTIM, REPORTED, reporting).handler is Handler.TPPK


def test_party_added_later_reroutes_to_satgas() -> None:
    report = run(new_report(), AddParty(party=pupil("p2", PartyRole.REPORTED, school_id="sch-9")))

    assert report.schools == ("sch-1", "sch-9")
    assert report.handler is Handler.SATGAS
    assert report.satgas_reasons == (SatgasReason.MORE_THAN_ONE_SCHOOL,)


def test_a_second_school_added_reroutes_and_the_same_school_twice_changes_nothing() -> None:
    report = new_report()
    assert decide(report, AddSchool(school_id="sch-1"), MONDAY, CALENDAR).records == ()

    assert run(report, AddSchool(school_id="sch-2")).handler is Handler.SATGAS


def test_a_person_is_in_a_report_once() -> None:
    refused_by(r.PARTY_ALREADY_IN_REPORT, new_report(), AddParty(party=REPORTED))


def test_parties_are_not_added_after_the_conclusion() -> None:
    refused = refused_by(
        r.PARTIES_BEFORE_CONCLUSION, concluded(), AddParty(party=pupil("p2", PartyRole.REPORTED))
    )
    assert refused.article == "SKW Pasal 49(3)a"


def test_escalation_without_a_warning_is_refused() -> None:
    refused = refused_by(r.ESCALATION_NEEDS_WARNING, new_report(), EscalateToSatgas())
    assert refused.article == "SKW Pasal 37(3)"


def test_tppk_that_did_not_act_after_warning_is_replaced_by_satgas() -> None:
    report = run(new_report(), WarnTppk(), EscalateToSatgas())

    assert report.handler is Handler.SATGAS
    assert report.satgas_reasons == (SatgasReason.TPPK_DID_NOT_ACT,)
    assert report.warned_on == MONDAY


def test_satgas_is_not_warned_as_if_it_were_the_tppk() -> None:
    report = new_report(VICTIM, school_head("h1", PartyRole.REPORTED))

    refused_by(r.WARNING_ONLY_TO_HANDLING_TPPK, report, WarnTppk())


def test_satgas_handled_report_is_decided_by_the_kepala_dinas() -> None:
    report = concluded(run(new_report(), WarnTppk(), EscalateToSatgas()))

    assert report.conclusion is not None
    assert report.conclusion.report_to is DecisionAuthority.KEPALA_DINAS


def _consent(party_id: str, giver: ConsentGiver = ConsentGiver.SELF) -> RecordConsent:
    return RecordConsent(
        party_id=party_id, purpose=ConsentPurpose.SATGAS_CONSULTATION, given_by=giver
    )


def test_consulting_satgas_needs_consent_of_reporter_victim_witness_and_reported_person() -> None:
    report = run(new_report(), _consent("v1"), _consent("p1"))

    refused = refused_by(r.CONSULT_NEEDS_CONSENT, report, ConsultSatgas())
    assert refused.status == 422
    assert refused.article == "SKW Pasal 37(5)"
    assert "w1" in str(refused)


def test_consulting_satgas_with_everyone_s_consent_is_recorded() -> None:
    report = run(new_report(), _consent("v1"), _consent("p1"), _consent("w1"), ConsultSatgas())

    assert report.satgas_consulted_on == MONDAY
    assert report.handler is Handler.TPPK


def test_only_a_handling_tppk_consults_the_satgas() -> None:
    report = new_report(schools=("sch-1", "sch-2"))

    refused_by(r.CONSULT_ONLY_WHILE_TPPK_HANDLES, report, ConsultSatgas())


def test_parent_consents_for_a_child_but_not_for_an_adult() -> None:
    adult = staff("t1", PartyRole.WITNESS)
    report = run(
        new_report(VICTIM, REPORTED, adult), _consent("v1", ConsentGiver.PARENT_OR_GUARDIAN)
    )
    assert report.has_consent("v1", ConsentPurpose.SATGAS_CONSULTATION)

    refused = refused_by(
        r.CONSENT_GIVER_FITS_PARTY, report, _consent("t1", ConsentGiver.PARENT_OR_GUARDIAN)
    )
    assert refused.article == "SKW Pasal 40(7)"


def test_pendamping_consents_to_accompaniment_only() -> None:
    accompaniment = RecordConsent(
        party_id="v1", purpose=ConsentPurpose.ACCOMPANIMENT, given_by=ConsentGiver.PENDAMPING
    )
    assert run(new_report(), accompaniment).has_consent("v1", ConsentPurpose.ACCOMPANIMENT)

    with pytest.raises(RuleViolation):
        run(new_report(), _consent("v1", ConsentGiver.PENDAMPING))


def test_witness_pupil_remains_in_report_parties() -> None:
    assert new_report().with_role(PartyRole.WITNESS) == (WITNESS,)
