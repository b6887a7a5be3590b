"""The closed vocabularies of violence in schools (schemas.school) match the regulations."""

from __future__ import annotations

from schemas.school import (
    BTG_FORMS,
    SKW_FORMS,
    AccompanimentType,
    AggravatingFactor,
    HandlingStep,
    MitigatingFactor,
    ObjectionOutcome,
    ReportChannel,
    SatgasReason,
    ViolenceForm,
)


def test_skw_forms_are_pasal_6_a_to_g_and_btg_forms_pasal_10_a_to_e() -> None:
    assert len(SKW_FORMS) == 7
    assert len(BTG_FORMS) == 5
    assert set(ViolenceForm) == SKW_FORMS | BTG_FORMS
    assert {
        ViolenceForm.PHYSICAL,
        ViolenceForm.PSYCHOLOGICAL,
        ViolenceForm.SEXUAL,
    } == SKW_FORMS & BTG_FORMS


def test_report_channels_are_those_of_pasal_41() -> None:
    assert [c.value for c in ReportChannel] == [
        "in_person",
        "letter",
        "phone",
        "electronic_message",
        "email",
        "other",
    ]


def test_satgas_reasons_and_steps_follow_pasal_38_and_36() -> None:
    assert len(SatgasReason) == 4
    assert len(HandlingStep) == 5
    assert len(AccompanimentType) == 6
    assert len(MitigatingFactor) == 5
    assert len(AggravatingFactor) == 5
    assert len(ObjectionOutcome) == 4
