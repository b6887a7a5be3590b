"""A notification choice is refused before anything is stored, naming its rule
(`rujukan/runtime/notify/rules.py`): an address that is not one, a webhook that is not
http(s) or points at a host the agency does not allow, half of the quiet hours."""

from datetime import UTC, datetime
from typing import Any

import pytest
from sqlalchemy.orm import Session, sessionmaker

from rujukan.errors import RuleViolation
from rujukan.rules import Rule
from rujukan.runtime.notify.rules import EMAIL_ADDRESS, QUIET_HOURS, WEBHOOK_HOST, WEBHOOK_URL
from rujukan.runtime.notify.store import RecipientBook

GATEWAYS = frozenset({"sms.example.org"})


def unused_sessions() -> sessionmaker[Session]:
    def refuse() -> Session:
        raise AssertionError("a refused choice reached the database")

    return refuse  # type: ignore[return-value]


@pytest.mark.parametrize(
    ("choice", "rule"),
    [
        ({"email": "not-an-address", "webhook_url": None}, EMAIL_ADDRESS),
        ({"email": None, "webhook_url": "ftp://sms.example.org/"}, WEBHOOK_URL),
        ({"email": None, "webhook_url": "http://10.0.0.5/internal"}, WEBHOOK_HOST),
        ({"email": None, "webhook_url": None, "quiet_from": "22:00"}, QUIET_HOURS),
        (
            {"email": None, "webhook_url": None, "quiet_from": "25:00", "quiet_until": "06:00"},
            QUIET_HOURS,
        ),
    ],
)
def test_a_choice_that_breaks_a_rule_is_refused_naming_it(
    choice: dict[str, Any], rule: Rule
) -> None:
    book = RecipientBook(
        unused_sessions(), lambda: datetime(2026, 12, 7, tzinfo=UTC), webhook_hosts=GATEWAYS
    )

    with pytest.raises(RuleViolation) as refused:
        book.choose("desk-ani", **choice)

    assert (refused.value.rule, refused.value.status) == (rule.name, 422)
    assert str(refused.value).startswith(rule.says)
