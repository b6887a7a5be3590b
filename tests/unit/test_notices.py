"""What a notice says and when it leaves (pure): who is told of what, that a message
carries ids and a link and never the child's identity, quiet hours over midnight that
urgent notices ignore, stable keys, and the Standard Webhooks signature."""

import json
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from rujukan.runtime.notify import webhooks
from rujukan.runtime.notify.messages import delivery_key, render
from rujukan.runtime.notify.notices import notice_for
from rujukan.runtime.notify.quiet import release_at
from schemas.events import ChildIdentity, ReferralIssued
from schemas.events.outcome import OutcomeDeliveredToCompanion
from schemas.events.referral import ReferralDeclined, ReferralOverdue
from schemas.events.school import SchoolDeadlineMissed
from tests.support import referrals

WIB = ZoneInfo("Asia/Jakarta")
NOW = datetime(2026, 12, 7, 16, 30, tzinfo=UTC)  # 23:30 in Kapuas Hulu
CHILD = "Kenanga Kanari"


def issued() -> ReferralIssued:
    return referrals.issued(
        case_id="c-1",
        referral_id="r-1",
        answer_due_at=datetime(2026, 12, 12, 9, tzinfo=UTC),
        child=ChildIdentity(name=CHILD, date_of_birth=date(2012, 5, 1), sex="female"),
    )


def test_a_referral_received_at_its_target_tells_the_desk_and_the_facility() -> None:
    notice = notice_for(issued(), "e-1", agency_id="kh-rsud", inbound=True)
    assert notice is not None
    assert notice.text == "A new referral (health, answer due 12 Dec 2026) is waiting"
    assert notice.facility
    assert notice.roles == {"desk_staff", "desk_head"}
    assert not notice.urgent
    assert notice_for(issued(), "e-1", agency_id="kh-hub", inbound=True) is None  # a copy


def test_a_message_carries_the_link_and_ids_never_the_childs_name() -> None:
    notice = notice_for(issued(), "e-1", agency_id="kh-rsud", inbound=True)
    assert notice is not None
    assert notice.path == "/desk/referrals/r-1"  # the desk app's page, not the JSON API
    link = "https://rsud.example/desk/referrals/r-1"
    rendered = render(notice, key="msg_1", agency_id="kh-rsud", link=link, now=NOW)
    assert f"is waiting: {link}" in rendered.body
    assert json.loads(rendered.payload)["data"]["link"] == link
    for text in (rendered.subject, rendered.body, rendered.payload):
        assert CHILD not in text
        assert "2012" not in text


def test_an_escalation_to_the_supervisor_is_urgent_and_names_only_them() -> None:
    delivered = OutcomeDeliveredToCompanion(
        case_id="c-1",
        referral_id="r-1",
        outcome_event_id="5b0b7f4e-2a39-4a55-9d7f-0d3f1b3c9a10",
        companion_id="sup-ani",
        delivered_at=NOW,
        agency_id="kh-rsud",
        outcome_type=ReferralOverdue.event_type,
        recipient="supervisor",
    )
    notice = notice_for(delivered, "e-2", agency_id="kh-hub", inbound=False)
    assert notice is not None
    assert (notice.kind, notice.urgent) == ("escalation", True)
    assert notice.accounts == {"sup-ani"}
    declined = delivered.model_copy(
        update={"outcome_type": ReferralDeclined.event_type, "recipient": "companion"}
    )
    notice = notice_for(declined, "e-3", agency_id="kh-hub", inbound=False)
    assert notice is not None
    assert (notice.kind, notice.urgent) == ("declined", False)


def test_a_missed_school_deadline_tells_the_satgas_and_the_dinas_with_its_article() -> None:
    missed = SchoolDeadlineMissed(
        case_id="sch-kh-disdikbud-0001",
        agency_id="kh-disdikbud",
        deadline="examination",
        article="SKW Pasal 46",
        unit="working_days",
        starts_on=date(2026, 10, 1),
        due_on=date(2026, 11, 12),
        handler="tppk",
        detected_at=NOW,
    )
    notice = notice_for(missed, "e-4", agency_id="kh-disdikbud", inbound=False)
    assert notice is not None
    assert notice.roles == {"satgas", "dinas"}
    assert "SKW Pasal 46" in notice.text


def test_quiet_hours_over_midnight_hold_a_notice_until_they_end() -> None:
    held = release_at(NOW, "22:00", "06:00", WIB)
    assert held == datetime(2026, 12, 8, 6, tzinfo=WIB)
    assert held.tzinfo is UTC
    assert release_at(NOW, "08:00", "17:00", WIB) == NOW
    assert release_at(NOW, None, None, WIB) == NOW


def test_a_delivery_key_is_the_same_for_the_same_event_recipient_and_channel() -> None:
    key = delivery_key("e-1", "desk-ayu", "email")
    assert key == delivery_key("e-1", "desk-ayu", "email")
    others = {delivery_key("e-1", "desk-ayu", "webhook"), delivery_key("e-2", "desk-ayu", "email")}
    assert key not in others


def test_a_webhook_signature_verifies_only_with_its_secret_body_and_time() -> None:
    secret, body, now = webhooks.new_secret(), b'{"type":"rujukan.notice.declined"}', 1_800_000_000
    headers = webhooks.headers(secret, "msg_1", now, body)
    assert webhooks.verify(secret, headers, body, now + 10)
    assert not webhooks.verify(secret, headers, body + b" ", now)
    assert not webhooks.verify(webhooks.new_secret(), headers, body, now)
    assert not webhooks.verify(secret, headers, body, now + webhooks.TOLERANCE_S + 1)
