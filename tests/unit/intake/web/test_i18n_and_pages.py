"""The companion app speaks Bahasa Indonesia by default and English on request: both
catalogues have the same keys and placeholders, every value the pages show has its
words, and every template renders in both languages without a missing key, a child's
identity or an external resource."""

import re
import string
from datetime import UTC, datetime, timedelta
from importlib import resources
from typing import Any, get_args
from zoneinfo import ZoneInfo

import pytest

from rujukan.runtime.accounts import Account, WebSession
from rujukan.runtime.notify import rules as notify_rules
from rujukan.runtime.notify.store import Choice
from schemas.events import ReferralAccepted
from schemas.events.referral import ReferralOverdue
from schemas.referral_status import ReferralStatus
from schemas.vocabulary import (
    CaseCategory,
    DeclineReason,
    NotDeliveredReason,
    OutcomeStatus,
    ServiceType,
)
from services.intake.domain import (
    CasePhase,
    IssueReferral,
    rules,
)
from services.intake.domain.loop import MILESTONES
from services.intake.routes.requests import OfflineAnswerRequest, OfflineReportRequest
from services.intake.web import i18n
from services.intake.web.overview import (
    OutcomeKind,
    Overview,
    StepName,
    StepState,
    detail_of,
    overview_of,
)
from services.intake.web.pages import Renderer, static_file
from tests.unit.intake.support import COMPANION, directory, story
from tests.unit.intake.web.test_overview import item, summary

WEB = resources.files("services.intake.web")
T0 = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
SESSION = WebSession(
    account=Account(
        COMPANION, "kh-hub", "Siti Rahmawati", frozenset({"companion"}), None, "sup-ani", True
    ),
    csrf_token="form-token",
    created_at=T0,
    expires_at=T0 + timedelta(hours=8),
)


def placeholders(message: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(message) if name}


def test_both_catalogues_have_the_same_keys_and_placeholders() -> None:
    indonesian, english = i18n.catalogue("id"), i18n.catalogue("en")
    assert set(indonesian) == set(english)
    for key, message in indonesian.items():
        assert placeholders(message) == placeholders(english[key]), key
        assert message.strip(), key
        assert english[key].strip(), key


VOCABULARIES: list[tuple[str, list[str]]] = [
    ("status", [s.value for s in ReferralStatus]),
    ("category", [c.value for c in CaseCategory]),
    ("phase", [p.value for p in CasePhase]),
    ("service", [s.value for s in ServiceType]),
    ("decline", [r.value for r in DeclineReason]),
    ("not_delivered", [r.value for r in NotDeliveredReason]),
    ("result", [s.value for s in OutcomeStatus]),
    ("result", ["accepted", "declined", "received", "on_hold", "expired", "cancelled", "failed"]),
    ("milestone", list(MILESTONES)),
    ("step", list(get_args(StepName))),
    ("state", list(get_args(StepState))),
    ("outcome", list(get_args(OutcomeKind))),
]


@pytest.mark.parametrize(("prefix", "values"), VOCABULARIES, ids=[v[0] for v in VOCABULARIES])
def test_every_value_the_pages_show_has_its_words(prefix: str, values: list[str]) -> None:
    for language in i18n.LANGUAGES:
        messages = i18n.catalogue(language)
        missing = [v for v in values if f"{prefix}.{v}" not in messages]
        assert not missing, (language, prefix, missing)


def test_every_key_the_templates_and_pages_use_exists() -> None:
    sources = [p.read_text() for p in WEB.joinpath("templates").iterdir()]
    sources.append(WEB.joinpath("pages.py").read_text())
    literal = re.compile(r"""\bt\(\s*["']([a-z_]+(?:\.[a-z_]+)+)["']""")
    used = {key for text in sources for key in literal.findall(text)}
    used |= {"login.failed", "login.form_expired"}  # passed to the login page as error keys
    assert used
    assert used <= set(i18n.catalogue("id")), used - set(i18n.catalogue("id"))


def test_every_form_field_has_a_name_for_its_error_messages() -> None:
    fields = set(OfflineAnswerRequest.model_fields) | set(OfflineReportRequest.model_fields)
    offered = fields - {"note", "report_id", "facts"} | {"note"}  # a note becomes a fact
    for language in i18n.LANGUAGES:
        missing = {f for f in offered if f"field.{f}" not in i18n.catalogue(language)}
        assert not missing, (language, missing)


def test_translated_refusals_name_real_rules() -> None:
    names = {r.name for r in vars(rules).values() if isinstance(r, rules.Rule)}
    names |= {r.name for r in notify_rules.RULES}  # the notification page's
    translated = {k.removeprefix("rule.") for k in i18n.catalogue("id") if k.startswith("rule.")}
    assert translated <= names, translated - names


def test_indonesian_unless_english_is_asked_for_or_remembered() -> None:
    assert i18n.choose(None, None) == "id"
    assert i18n.choose("en", None) == "en"
    assert i18n.choose(None, "en") == "en"
    assert i18n.choose("id", "en") == "id"
    assert i18n.choose("fr", "xx") == "id"
    t = i18n.Translator("en")
    assert t("outcome.accepted", agency="RSUD") == "Accepted by RSUD"
    assert t("no.such.key") == "no.such.key"
    with pytest.raises(KeyError):
        i18n.Translator("en", strict=True)("no.such.key")


# --- the templates, in both languages ----------------------------------------------------------


@pytest.fixture(scope="module")
def renderer() -> Renderer:
    return Renderer(ZoneInfo("Asia/Pontianak"), strict=True)


def a_case_page_context() -> dict[str, Any]:
    tale = story(until=CasePhase.PLAN_AGREED)
    tale.do(IssueReferral(referral_id="r-1", stage="REHABILITASI_KESEHATAN", target_id="kh-rsud"))
    tale.serve("r-1", "kh-rsud")
    tale.do(IssueReferral(referral_id="r-2", stage="REHABILITASI_SOSIAL", target_id="kh-merangat"))
    detail = detail_of(tale.current, [], COMPANION, directory())
    assert any(r.record_answer for r in detail.referrals)
    return {
        "session": SESSION,
        "detail": detail,
        "errors": {"r-2": ["Jawaban: wajib diisi"]},
        "values": {"r-2": {"decision": "declined", "detail": "<b>penuh</b>"}},
        "open_form": "answer-r-2",
    }


def an_overview() -> Overview:
    inbox = [
        item("o-1", "c-1", ReferralAccepted.event_type),
        item("o-2", "c-9", ReferralOverdue.event_type, recipient=COMPANION),
    ]
    mine = [summary("c-1", "KH/2026/0001", 1)]
    numbers = {"c-1": "KH/2026/0001", "c-9": "KH/2026/0009"}
    return overview_of(COMPANION, mine, inbox, [], numbers, {}, directory(), T0)


LOGIN = {"session": None, "login_token": "t", "error": "login.failed", "expired": True}
PREFERENCES = {
    "session": SESSION,
    "who": COMPANION,
    "choice": Choice(COMPANION, email="<b>penuh</b>@hub.test", quiet_from="22:00"),
    "secret": "whsec_abc",
    "error": "ditolak",
    "csrf_token": "form-token",
    "action": "/companion/notifications",
}
PAGES: list[tuple[str, Any]] = [
    ("login.html", lambda: LOGIN),
    ("home.html", lambda: {"session": SESSION, "view": an_overview(), "error": "ditolak"}),
    ("case.html", a_case_page_context),
    ("not_found.html", lambda: {"session": SESSION}),
    ("form_expired.html", lambda: {"session": SESSION}),
    ("preferences.html", lambda: PREFERENCES),
]


@pytest.mark.parametrize("language", i18n.LANGUAGES)
@pytest.mark.parametrize(("template", "context"), PAGES, ids=[p[0] for p in PAGES])
def test_every_page_renders_in_both_languages_for_a_phone(
    renderer: Renderer, template: str, context: Any, language: str
) -> None:
    html = renderer.render(template, language, **context())
    assert f'<html lang="{language}">' in html
    assert '<meta name="viewport" content="width=device-width, initial-scale=1">' in html
    assert "http://" not in html
    assert "https://" not in html
    assert "(name)" not in html  # the child's name in the unit-test cases
    assert "<b>penuh</b>" not in html  # values are escaped
    other = "English" if language == "id" else "Bahasa Indonesia"
    assert f'data-lang="{"en" if language == "id" else "id"}">{other}</a>' in html


def test_the_case_page_shows_the_timeline_and_the_open_form(renderer: Renderer) -> None:
    html = renderer.render("case.html", "en", **a_case_page_context())
    assert html.count('data-step="') == 10
    assert "Acknowledge" in html
    assert "Answered: accepted" in html
    assert "Record the institution&#39;s answer" in html
    assert re.search(r"<details class=\"record\" open>", html)
    assert "Jawaban: wajib diisi" in html
    indonesian = renderer.render("case.html", "id", **a_case_page_context())
    assert "Dijawab: disetujui" in indonesian
    assert "Konfirmasi sudah dibaca" in indonesian


def test_the_notification_page_names_the_channels_in_the_pages_language(
    renderer: Renderer,
) -> None:
    both = {**PREFERENCES, "choice": Choice(COMPANION, "a@hub.test", "https://sms.example/h")}
    english = renderer.render("preferences.html", "en", **both)
    assert re.search(
        r'id="channels" data-channels="email webhook">Channels now: email, webhook<', english
    )
    assert 'id="secret"' in english
    assert "shown once" in english
    none = renderer.render("preferences.html", "id", **{**PREFERENCES, "choice": Choice(COMPANION)})
    assert 'data-channels="">Saluran saat ini: tidak ada<' in none
    assert 'name="csrf_token" value="form-token"' in none


def test_times_are_shown_in_the_districts_zone(renderer: Renderer) -> None:
    assert renderer.when(T0) == "23-11-2026 16:00 WIB"
    assert Renderer(ZoneInfo("Asia/Makassar")).when(T0) == "23-11-2026 17:00 WITA"


def test_style_and_script_are_local_and_small() -> None:
    css, js = static_file("app.css").decode(), static_file("app.js").decode()
    for text in (css, js):
        assert "http" not in text
        assert "@import" not in text
    assert len(js.splitlines()) < 25
    assert "width=device-width" not in css  # the viewport is the template's
