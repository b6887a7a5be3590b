"""The desk's web app without a network: both catalogues have the same keys, every page
renders in both languages for a phone without a missing word or an external resource,
the inbox puts each referral in one section (overdue counted in working days), and the
forms become the JSON API's request models."""

import re
from datetime import UTC, datetime, timedelta
from importlib import resources
from typing import Any

import pytest
from pydantic import ValidationError

from rujukan.desk.views import ReferralDetail, ReportView
from rujukan.desk.web import PACKAGE, renderer
from rujukan.desk.web.forms import all_fact_forms, fact_forms, report_draft
from rujukan.desk.web.inbox import inbox, lateness
from rujukan.runtime.accounts import Account, WebSession
from rujukan.runtime.notify.store import Choice
from rujukan.runtime.web import i18n
from schemas.events import ChildIdentity
from schemas.facts import MedicalExamination, VisumIssued
from schemas.referral_status import ReferralStatus
from schemas.vocabulary import CaseCategory, OutcomeStatus, ServiceType
from tests.support.referrals import NOW, accepted, received

T0 = datetime(2026, 11, 24, 3, 0, tzinfo=UTC)
SESSION = WebSession(
    account=Account(
        "perawat", "kh-rsud", "Perawat Desi", frozenset({"desk_staff"}), None, None, True
    ),
    csrf_token="form-token",
    created_at=T0,
    expires_at=T0 + timedelta(hours=8),
)


def placeholders(message: str) -> set[str]:
    return set(re.findall(r"{(\w+)}", message))


def test_both_catalogues_have_the_same_keys_and_placeholders() -> None:
    indonesian, english = i18n.catalogue(PACKAGE, "id"), i18n.catalogue(PACKAGE, "en")
    assert set(indonesian) == set(english)
    for key, message in indonesian.items():
        assert placeholders(message) == placeholders(english[key]), key


def test_every_fact_field_and_option_of_the_report_form_has_its_words() -> None:
    for language in i18n.LANGUAGES:
        messages = i18n.catalogue(PACKAGE, language)
        for form in all_fact_forms():
            assert f"fact.{form.kind}" in messages, (language, form.kind)
            for field in form.fields:
                assert f"field.{field.name}" in messages, (language, field.name)
                for option in field.options:
                    assert f"option.{option}" in messages, (language, option)


def test_the_report_form_offers_the_facts_of_the_referrals_service_only() -> None:
    kinds = {form.kind for form in fact_forms(ServiceType.HEALTH)}
    assert {"medical_examination", "visum_issued", "treatment", "did_not_attend"} <= kinds
    assert "shelter_admitted" not in kinds
    assert "referred_on" not in kinds  # the onward form makes it


def test_a_report_form_becomes_the_apis_report_with_its_facts_and_note() -> None:
    fields = {
        "status": "completed",
        "final": "on",
        "medical_examination.examined_on": "2026-11-24",
        "visum_issued.document_ref": "VER/1",
        "visum_issued.issued_on": "2026-11-24",
        "shelter_admitted.admitted_on": "2026-11-20",  # not ticked: ignored
        "note": "Kontrol ulang satu minggu",
    }
    draft = report_draft(fields, ["medical_examination", "visum_issued"])
    assert draft.final is True
    assert draft.status is OutcomeStatus.COMPLETED
    assert [f.kind for f in draft.facts] == ["medical_examination", "visum_issued", "service_note"]
    with pytest.raises(ValidationError):
        report_draft({"status": "completed"}, ["visum_issued"])  # its fields are required


def test_a_referral_past_its_answer_deadline_is_overdue_in_working_days() -> None:
    waiting = received(answer_due_at=NOW - timedelta(days=3))
    late = lateness(summary(waiting), NOW)
    assert late is not None
    assert late.milestone == "answer"
    assert late.working_days >= 1
    fresh = summary(received(answer_due_at=NOW + timedelta(days=1)))
    assert lateness(fresh, NOW) is None
    sections = inbox([summary(waiting), fresh, summary(accepted())], NOW).sections
    assert [line.referral.referral_id for line in sections["overdue"]] == [waiting.referral_id]
    assert len(sections["new"]) == 1
    assert len(sections["under_way"]) == 1


def summary(referral: Any) -> ReferralDetail:
    return ReferralDetail.model_validate(referral.model_dump())


def a_detail() -> ReferralDetail:
    referral = accepted()
    report = ReportView(
        report_id="rep-1",
        seq=1,
        status=OutcomeStatus.COMPLETED,
        final=False,
        facts=[
            MedicalExamination(examined_on=NOW.date()),
            VisumIssued(document_ref="VER/<b>1</b>", issued_on=NOW.date()),
        ],
        reported_at=NOW,
        event_id="00000000-0000-0000-0000-000000000001",  # type: ignore[arg-type]
    )
    child = ChildIdentity(name="(name)", sex="female", estimated_age=12)  # type: ignore[arg-type]
    return ReferralDetail.model_validate(
        summary(referral).model_dump()
        | {"child": child, "reports": [report], "category": CaseCategory.TRAFFICKING}
    )


PAGES: list[tuple[str, Any]] = [
    (
        "login.html",
        lambda: {"session": None, "login_token": "t", "error": "login.failed", "expired": True},
    ),
    (
        "inbox.html",
        lambda: {
            "session": SESSION,
            "agency": type("A", (), {"name": "RSUD dr. Achmad Diponegoro"})(),
            "inbox": inbox([summary(received()), summary(accepted())], NOW),
            "sections": ("overdue", "new", "under_way", "on_hold", "closed"),
            "capacity": [],
            "capacity_services": ["health"],
            "errors": ["ditolak"],
            "values": {},
        },
    ),
    (
        "referral.html",
        lambda: {
            "session": SESSION,
            "r": a_detail(),
            "late": [],
            "actions": ("report", "hold", "onward"),
            "fact_forms": fact_forms(ServiceType.HEALTH),
            "targets": [type("A", (), {"id": "kh-puskesmas-badau", "name": "Puskesmas Badau"})()],
            "errors": ["Visum: wajib diisi"],
            "values": {"fact:visum_issued": "on"},
            "open_form": "report",
        },
    ),
    ("not_found.html", lambda: {"session": SESSION}),
    ("form_expired.html", lambda: {"session": SESSION}),
    (
        "preferences.html",
        lambda: {
            "session": SESSION,
            "who": "perawat",
            "choice": Choice("perawat", email="<b>1</b>@rsud.test", quiet_from="22:00"),
            "secret": None,
            "error": "ditolak",
            "csrf_token": "form-token",
            "action": "/desk/notifications",
        },
    ),
]


@pytest.mark.parametrize("language", i18n.LANGUAGES)
@pytest.mark.parametrize(("template", "context"), PAGES, ids=[p[0] for p in PAGES])
def test_every_page_renders_in_both_languages_for_a_phone(
    template: str, context: Any, language: str
) -> None:
    html = renderer("kapuas-hulu", strict=True).render(template, language, **context())
    assert f'<html lang="{language}">' in html
    assert '<meta name="viewport" content="width=device-width, initial-scale=1">' in html
    assert "http://" not in html
    assert "https://" not in html
    assert "<b>1</b>" not in html  # values are escaped
    assert 'href="/desk/static/app.css"' in html


def test_the_referral_page_shows_the_open_report_form_with_its_refusal() -> None:
    html = renderer("kapuas-hulu", strict=True).render("referral.html", "en", **PAGES[2][1]())
    assert '<details class="record" data-form="report" open>' in html
    assert "Visum: wajib diisi" in html
    assert 'id="fact-visum_issued" checked' in html
    assert "The child&#39;s identity" in html
    assert ReferralStatus.ACCEPTED.value in html


def test_the_style_sheet_is_the_shared_one() -> None:
    assert not resources.files(PACKAGE).joinpath("static", "app.css").is_file()
