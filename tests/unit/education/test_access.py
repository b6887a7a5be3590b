"""Who sees and does what with a report of violence in a school (SKW Pasal 33, 37–38,
41(1), 44(2)): the pure access rule, without HTTP or a database."""

from __future__ import annotations

import pytest

from rujukan.errors import Forbidden, NotFound, RuleViolation
from schemas.school import ConsentGiver, ConsentPurpose, PartyRole
from services.education.domain import SchoolReport
from services.education.domain import rules as r
from services.education.domain.access import (
    DETAIL_NEEDS_CONSENT,
    IDENTITIES_WITH_THE_EXAMINERS,
    ONLY_THE_HANDLER_ACTS,
    Reach,
    Staff,
    StaffRole,
    may_receive,
    may_run,
    process_party,
    reach,
    require_reach,
    require_run,
)
from services.education.domain.commands import (
    ConsultSatgas,
    EscalateToSatgas,
    RecordConsent,
    RequestStatement,
    WarnTppk,
)
from tests.unit.education.builders import REPORTED, VICTIM, WITNESS, new_report, run, school_head

TPPK = Staff("tppk-1", StaffRole.TPPK, "sch-1")
OTHER_TPPK = Staff("tppk-2", StaffRole.TPPK, "sch-2")
SATGAS = Staff("satgas", StaffRole.SATGAS)
DINAS = Staff("dinas", StaffRole.DINAS)


def _consulted() -> SchoolReport:
    consents = [
        RecordConsent(
            party_id=party, purpose=ConsentPurpose.SATGAS_CONSULTATION, given_by=ConsentGiver.SELF
        )
        for party in ("v1", "p1", "w1")
    ]
    return run(new_report(), *consents, ConsultSatgas())


def test_a_tppk_receives_reports_that_involve_its_own_school_skw_41_1() -> None:
    assert may_receive(TPPK, ["sch-1"])
    assert may_receive(TPPK, ["sch-2", "sch-1"])
    assert not may_receive(TPPK, ["sch-2"])
    assert may_receive(SATGAS, ["sch-9"])
    assert may_receive(DINAS, ["sch-9"])


def test_the_tppk_of_the_school_handles_its_report_and_another_school_s_tppk_sees_nothing() -> None:
    report = new_report()

    assert reach(TPPK, report) is Reach.HANDLING
    assert reach(OTHER_TPPK, report) is Reach.NONE
    with pytest.raises(NotFound):
        require_reach(OTHER_TPPK, report, Reach.OVERSIGHT)


def test_a_report_about_the_school_head_leaves_the_tppk_s_sight_for_the_satgas_skw_38() -> None:
    report = new_report(VICTIM, school_head("h1", PartyRole.REPORTED))

    assert reach(TPPK, report) is Reach.NONE
    assert reach(SATGAS, report) is Reach.HANDLING
    assert may_run(SATGAS, report, RequestStatement(party_id="v1"))


def test_the_satgas_oversees_a_tppk_report_without_its_content_until_consulted_skw_37_5() -> None:
    report = new_report()

    assert reach(SATGAS, report) is Reach.OVERSIGHT
    with pytest.raises(Forbidden) as refused:
        require_reach(SATGAS, report, Reach.SUPERVISION)
    assert refused.value.status == 403
    assert (refused.value.rule, refused.value.article) == (
        DETAIL_NEEDS_CONSENT.name,
        "SKW Pasal 37(5)",
    )
    consulted = _consulted()
    assert reach(SATGAS, consulted) is Reach.CONSULTED
    require_reach(SATGAS, consulted, Reach.CONSULTED)


def test_the_satgas_may_warn_a_tppk_and_take_over_but_not_examine_its_report_skw_37_2_3() -> None:
    report = new_report()

    assert may_run(SATGAS, report, WarnTppk())
    assert may_run(SATGAS, report, EscalateToSatgas())
    assert not may_run(SATGAS, report, RequestStatement(party_id="v1"))
    with pytest.raises(Forbidden) as refused:
        require_run(SATGAS, report, RequestStatement(party_id="v1"))
    assert refused.value.rule == ONLY_THE_HANDLER_ACTS.name


def test_the_dinas_sees_every_handling_but_never_the_identities_skw_44_2() -> None:
    report = new_report()

    assert reach(DINAS, report) is Reach.SUPERVISION
    require_reach(DINAS, report, Reach.SUPERVISION)
    with pytest.raises(Forbidden) as refused:
        require_reach(DINAS, report, Reach.CONSULTED)
    assert (refused.value.rule, refused.value.article) == (
        IDENTITIES_WITH_THE_EXAMINERS.name,
        "SKW Pasal 33, 44(2)",
    )
    assert not may_run(DINAS, report, WarnTppk())


def test_a_tppk_cannot_act_on_a_report_of_another_school_and_learns_nothing_of_it() -> None:
    with pytest.raises(NotFound):
        require_run(OTHER_TPPK, new_report(), RequestStatement(party_id="v1"))


def test_only_a_victim_or_reporter_gets_a_process_code_skw_66_1_a() -> None:
    report = new_report()

    assert process_party(report, "v1") == VICTIM
    for party in (REPORTED, WITNESS):
        with pytest.raises(RuleViolation) as refused:
            process_party(report, party.party_id)
        assert refused.value.rule == r.PROCESS_FOR_VICTIM_OR_REPORTER.name
        assert refused.value.status == 422
    with pytest.raises(NotFound):
        process_party(report, "nobody")
