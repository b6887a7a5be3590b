"""The notifier's tables on SQLite and PostgreSQL: deliveries are staged in the unit of
work of the event and vanish with it; they reach active accounts of the right roles who
chose a channel (a webhook only to the agency's gateways), and the facility; a quiet
recipient's notice is not due before the end of their quiet hours; a delivered row goes
after its retention; an e-mail without a configured server waits and shows as failing."""

import asyncio
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlalchemy.orm import Session, sessionmaker

from rujukan.directory import load_directory
from rujukan.errors import RuleViolation
from rujukan.runtime import db, migrate
from rujukan.runtime.accounts import ACCOUNTS, Accounts
from rujukan.runtime.metrics import RuntimeMetrics
from rujukan.runtime.notify.notifier import Notifier
from rujukan.runtime.notify.settings import NotifySettings
from rujukan.runtime.notify.tables import FACILITY, NOTIFY, deliveries
from rujukan.runtime.sealing import Sealing
from rujukan.runtime.uow import UnitOfWork
from schemas.events import ReferralIssued
from tests.support import referrals
from tests.support.databases import migrated_engine
from tests.support.keys import shared_keys
from tests.support.webhook_receiver import WebhookReceiver, webhook_receiver

NOON_WIB = datetime(2026, 12, 7, 5, 0, tzinfo=UTC)


@pytest.fixture
def sessions(db_kind: str, tmp_path: Path) -> Iterator[sessionmaker[Session]]:
    with migrated_engine(db_kind, tmp_path, [migrate.RUNTIME, ACCOUNTS, NOTIFY]) as engine:
        yield db.session_factory(engine)


@pytest.fixture
def hooks() -> Iterator[WebhookReceiver]:
    with webhook_receiver() as receiver:
        yield receiver


def issued(referral_id: str) -> ReferralIssued:
    return referrals.issued(
        case_id="c-1", referral_id=referral_id, outcome_due_on=date(2026, 12, 20)
    )


def failing_step(uow: UnitOfWork) -> None:
    with uow.savepoint():
        uow.handled(issued("r-failed"), "e-failed")
        raise RuntimeError("the handler failed")


def staged(sessions: sessionmaker[Session]) -> list[sa.RowMapping]:
    with sessions() as session:
        return list(session.execute(sa.select(deliveries).order_by(deliveries.c.key)).mappings())


def test_deliveries_commit_with_their_event_to_those_who_chose_a_channel(
    sessions: sessionmaker[Session], hooks: WebhookReceiver
) -> None:
    rsud = load_directory().get("kh-rsud")
    accounts = Accounts(sessions, rsud)
    for account_id, role in (("ayu", "desk_staff"), ("old", "desk_staff"), ("ops", "operator")):
        accounts.add(account_id, account_id, [role])
    accounts.deactivate("old")
    engine = sessions.kw["bind"]
    notifier = Notifier(
        rsud, engine, sessions, NotifySettings(), RuntimeMetrics(), link_base="http://x"
    )
    notifier.clock = lambda: NOON_WIB
    for owner in ("ayu", "old", "ops", FACILITY):
        notifier.book.choose(owner, email=f"{owner.strip('@')}@rsud.test", webhook_url=None)
    notifier.book.choose("ayu", email=None, webhook_url=f"{hooks.url}/ayu", quiet_from="11:00",
                         quiet_until="13:00")  # fmt: skip
    with pytest.raises(RuleViolation, match="webhook"):  # not one of the agency's gateways
        notifier.book.choose("ops", email=None, webhook_url="http://10.0.0.5/admin")
    ring = shared_keys().ring("kh-rsud")

    def unit() -> UnitOfWork:
        return UnitOfWork(
            sessions, "kh-rsud", lambda _m: None, signer=ring.sign, sealing=Sealing(ring),
            observer=notifier.observe,
        )  # fmt: skip

    with unit() as uow:
        with pytest.raises(RuntimeError):
            failing_step(uow)
        uow.handled(issued("r-1"), "e-1")
        uow.commit()
    with unit() as uow:
        uow.handled(issued("r-2"), "e-2")  # never committed
    rows = staged(sessions)
    assert {(r["recipient_id"], r["event_id"]) for r in rows} == {(FACILITY, "e-1"), ("ayu", "e-1")}

    assert (
        asyncio.run(notifier.new_dispatcher().deliver_due()) == 1
    )  # the facility; Ayu is quiet until 13:00
    failing = staged(sessions)
    facility = next(r for r in failing if r["recipient_id"] == FACILITY)
    assert facility["attempts"] == 1
    assert facility["last_error"] == "no email channel is configured"
    assert notifier.backlog() == {"waiting": 2, "failing": 1}
    notifier.clock = lambda: NOON_WIB + timedelta(hours=1, minutes=1)
    due = asyncio.run(notifier.new_dispatcher().deliver_due())
    assert due == 2  # the facility's retry, and Ayu's after 13:00 WIB
    assert [r.path for r in hooks.received] == ["/ayu"]
    assert notifier.prune(NOON_WIB + timedelta(days=31)) == 1  # Ayu's; the facility's waits
    assert [r["recipient_id"] for r in staged(sessions)] == [FACILITY]


def test_a_batch_of_events_for_one_audience_asks_for_it_in_one_query_and_notifies_everyone(
    sessions: sessionmaker[Session],
) -> None:
    rsud = load_directory().get("kh-rsud")
    Accounts(sessions, rsud).add("ayu", "Ayu", ["desk_staff"])
    engine = sessions.kw["bind"]
    notifier = Notifier(
        rsud, engine, sessions, NotifySettings(), RuntimeMetrics(), link_base="http://x"
    )
    notifier.clock = lambda: NOON_WIB
    notifier.book.choose("ayu", email="ayu@rsud.test", webhook_url=None)
    ring = shared_keys().ring("kh-rsud")
    asked: list[str] = []

    def count(_conn: object, _cursor: object, statement: str, *_: object) -> None:
        if "notify_recipients" in statement or " accounts" in statement:
            asked.append(statement)

    sa.event.listen(engine, "before_cursor_execute", count)
    try:
        with UnitOfWork(
            sessions, "kh-rsud", lambda _m: None, signer=ring.sign, sealing=Sealing(ring),
            observer=notifier.observe,
        ) as uow:  # fmt: skip
            for n in range(20):
                uow.handled(issued(f"r-{n}"), f"e-{n}")
            uow.commit()
    finally:
        sa.event.remove(engine, "before_cursor_execute", count)
    assert len(asked) == 1
    assert len([r for r in staged(sessions) if r["recipient_id"] == "ayu"]) == 20
