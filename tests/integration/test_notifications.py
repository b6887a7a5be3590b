"""Notifications through the real broker, a real SMTP server (aiosmtpd) and a real
webhook receiver on loopback: a referral issued at the hub reaches the target's facility
address and each of its staff who chose e-mail or the webhook, with one key per (event,
recipient, channel), even when the notifier dies at each step of a delivery and
restarts; a decline reaches the companion (a failed webhook is shown and retried); an
overdue referral reaches the supervisor on the escalation day inside their quiet hours,
while the companion's notice waits for the end of theirs. No message carries the
child's name, though the target holds it."""

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from email import message_from_bytes
from pathlib import Path
from typing import Any
from uuid import uuid4
from zoneinfo import ZoneInfo

import httpx
import pytest
from sqlalchemy import RowMapping, select

from ops.broker import LocalBroker, free_port
from ops.mail_catcher import MailCatcher
from rujukan.runtime.notify import webhooks
from rujukan.runtime.notify.tables import FACILITY, deliveries
from services.health import SERVICE as HEALTH
from services.intake import SERVICE as HUB
from services.intake.usecases import IntakeHub
from tests.support.hub_api import Api
from tests.support.services import RunningService, eventually, running_together
from tests.support.webhook_receiver import WebhookReceiver, webhook_receiver

pytestmark = [pytest.mark.broker, pytest.mark.asyncio(loop_scope="function")]

HUB_ID, RSUD = "kh-hub", "kh-rsud"
PREFS = "/notifications/preferences"
CANARY = f"Kenanga Kanari {uuid4().hex[:8]}"
"""The child's name: it reaches the RSUD, and must appear in no message."""
KAPUAS_HULU = ZoneInfo("Asia/Jakarta")


class Killed(BaseException):
    """The notifier's process dies here: nothing after this line of it runs."""


def kill_at(name: str) -> Callable[[str, str], None]:
    def step(step: str, _key: str) -> None:
        if step == name:
            raise Killed(step)

    return step


def rows(service: RunningService, notice: str) -> list[RowMapping]:
    with service.runtime.sessions() as session:
        query = select(deliveries).where(deliveries.c.notice == notice)
        return list(session.execute(query).mappings())


def pairs(found: list[RowMapping]) -> set[tuple[str, str]]:
    return {(r["recipient_id"], r["channel"]) for r in found}


async def choose(client: httpx.AsyncClient, path: str, body: dict[str, Any]) -> dict[str, Any]:
    response = await client.put(path, json=body)
    assert response.status_code == 200, response.text
    return dict(response.json())


def mail_keys(catcher: MailCatcher) -> list[str]:
    """The key of every e-mail received (its Message-ID's left-hand side), in order."""
    ids = [message_from_bytes(m.raw)["Message-ID"] for m in catcher.caught]
    return [str(i).strip("<>").split("@")[0] for i in ids]


def mails_to(catcher: MailCatcher, address: str) -> list[str]:
    return [m.raw.decode() for m in catcher.caught if address in m.recipients]


def hook_keys(hooks: WebhookReceiver, path: str) -> list[str]:
    return [r.headers["webhook-id"] for r in hooks.received if r.path == path]


def at(moment: datetime) -> Callable[[], datetime]:
    return lambda: moment


def clock_of(moment: datetime) -> str:
    return moment.astimezone(KAPUAS_HULU).strftime("%H:%M")


async def test_referrals_declines_and_escalations_reach_those_who_must_act(
    own_broker: LocalBroker, tmp_path: Path
) -> None:
    # a broker of its own: the test counts every notice the RSUD stages, and on the
    # session's broker its inbox topic may still hold referrals earlier tests issued
    catcher = MailCatcher(port=free_port())
    catcher.start()
    services = {
        a: (d, f"sqlite:///{tmp_path / f'{a}.db'}") for a, d in ((HUB_ID, HUB), (RSUD, HEALTH))
    }
    settings: dict[str, Any] = {
        "smtp_host": "127.0.0.1",
        "smtp_port": catcher.port,
        "smtp_starttls": False,
        "notify_interval_s": 3600.0,  # the test drives the dispatcher itself
        "monitor_interval_s": 0.2,
    }
    try:
        with webhook_receiver() as hooks:
            async with running_together(
                services, bootstrap=own_broker.bootstrap_servers, **settings
            ) as up:
                await _scenario(up[HUB_ID], up[RSUD], catcher, hooks)
    finally:
        catcher.stop()
    # the byte scan: every e-mail and webhook the network sent
    sent = [m.raw for m in catcher.caught] + [
        r.body + repr(r.headers).encode() for r in hooks.received
    ]
    assert len(sent) >= 9
    for part in (CANARY, CANARY.split()[-1]):
        assert not [s for s in sent if part.encode() in s]


async def _scenario(
    hub: RunningService, rsud: RunningService, catcher: MailCatcher, hooks: WebhookReceiver
) -> None:
    # who wants to be told, and how
    await choose(rsud.http, "/notifications/facility", {"email": "igd@rsud.test"})
    await choose(rsud.client_for("desk-ayu", "desk_staff"), PREFS, {"email": "ayu@rsud.test"})
    bayu = await choose(
        rsud.client_for("desk-bayu", "desk_head"), PREFS, {"webhook_url": f"{hooks.url}/bayu"}
    )
    rsud.token_for("desk-citra", "desk_staff")  # chose nothing: told nothing
    siti = hub.client_for("comp-siti", "companion")
    siti_hooks = {"email": "siti@hub.test", "webhook_url": f"{hooks.url}/siti"}
    siti_secret = (await choose(siti, PREFS, siti_hooks))["webhook_secret"]
    ani = hub.client_for("sup-ani", "supervisor", "companion")
    await choose(ani, PREFS, {"email": "ani@hub.test"})

    api = Api(hub.http)
    child = {"name": CANARY, "date_of_birth": "2012-05-01", "sex": "female"}
    case_id = await api.open_case(CANARY, child=child)
    await api.to_contract(case_id, "trafficking")
    await api.assess(case_id, ["health", "identification"])
    await api.plan(
        case_id,
        HUB_ID,
        [
            ("REHABILITASI_KESEHATAN", "health", RSUD),
            ("IDENTIFIKASI", "identification", "kh-imigrasi"),
        ],
    )
    health = (await api.refer(case_id, "REHABILITASI_KESEHATAN", RSUD))["referral"]["referral_id"]
    await api.status_becomes(case_id, health, "received")
    detail = await Api(rsud.http).get(f"/referrals/{health}")
    assert CANARY in str(detail)  # the target holds the name the messages must not carry

    # a new referral: the facility and the staff who chose a channel, one key each
    staged = rows(rsud, "new_referral")
    assert pairs(staged) == {(FACILITY, "email"), ("desk-ayu", "email"), ("desk-bayu", "webhook")}
    keys = {r["key"] for r in staged}
    assert len(keys) == 3
    notifier = rsud.runtime.notifier
    for step in ("due", "sent", "marked"):  # dies at each step, then restarts
        dispatcher = notifier.new_dispatcher()
        dispatcher.step = kill_at(step)
        with pytest.raises(Killed):
            await dispatcher.deliver_due()
    await notifier.new_dispatcher().deliver_due()
    sent = mail_keys(catcher) + hook_keys(hooks, "/bayu")
    assert set(sent) == keys
    assert len(sent) == 4  # killed between sending and marking: sent again, same key
    assert all(r["delivered_at"] is not None for r in rows(rsud, "new_referral"))
    assert len(mails_to(catcher, "igd@rsud.test")) >= 1
    assert "A new referral (health" in mails_to(catcher, "ayu@rsud.test")[0]
    bayu_hook = next(r for r in hooks.received if r.path == "/bayu")
    now = int(datetime.now(UTC).timestamp())
    assert webhooks.verify(bayu["webhook_secret"], bayu_hook.headers, bayu_hook.body, now)
    assert not webhooks.verify(siti_secret, bayu_hook.headers, bayu_hook.body, now)
    assert f"/desk/referrals/{health}" in bayu_hook.body.decode()

    # declined: the companion is told on both channels; a failed webhook shows and retries
    decline = {"reason": "other", "detail": f"{CANARY} is treated elsewhere"}
    await Api(rsud.http).post(f"/referrals/{health}/decline", decline)
    await api.status_becomes(case_id, health, "declined")
    assert pairs(rows(hub, "declined")) == {("comp-siti", "email"), ("comp-siti", "webhook")}
    hooks.fail_once.add("/siti")
    hub_notifier = hub.runtime.notifier
    await hub_notifier.dispatcher.deliver_due()
    assert hooks.refused == ["/siti"]
    status = await api.get("/status")
    assert status["notifications"]["failing"] == 1
    assert status["notifications"]["last_error"] == "webhook: HTTP 503"
    metrics = (await hub.http.get("/metrics")).text
    assert 'rujukan_notifications_total{channel="webhook",result="failed"} 1.0' in metrics
    hub_notifier.clock = at(datetime.now(UTC) + timedelta(seconds=3))  # past the back-off
    await hub_notifier.dispatcher.deliver_due()
    assert (await api.get("/status"))["notifications"]["failing"] == 0
    assert "was declined by kh-rsud" in mails_to(catcher, "siti@hub.test")[0]
    assert len(hook_keys(hooks, "/siti")) == 1

    # overdue: on the escalation day, inside both people's quiet hours
    silent = (await api.refer(case_id, "IDENTIFIKASI", "kh-imigrasi"))["referral"]["referral_id"]
    later = datetime.now(UTC) + timedelta(days=6)
    quiet = {"quiet_from": clock_of(later - timedelta(hours=1))}
    quiet["quiet_until"] = clock_of(later + timedelta(hours=1))
    await choose(siti, PREFS, siti_hooks | quiet)
    await choose(ani, PREFS, {"email": "ani@hub.test"} | quiet)
    hub_notifier.clock = at(later)
    hub_of(hub).clock = at(later)
    await api.status_becomes(case_id, silent, "expired")
    await eventually(lambda: rows(hub, "escalation"))
    assert pairs(rows(hub, "escalation")) == {("sup-ani", "email")}
    assert pairs(rows(hub, "overdue")) == {("comp-siti", "email"), ("comp-siti", "webhook")}
    await hub_notifier.dispatcher.deliver_due()
    escalated = mails_to(catcher, "ani@hub.test")
    assert len(escalated) == 1
    assert "URGENT" in escalated[0]
    assert len(mails_to(catcher, "siti@hub.test")) == 1  # the decline only: she is quiet
    hub_notifier.clock = at(later + timedelta(hours=2))
    await hub_notifier.dispatcher.deliver_due()
    assert "is overdue at kh-imigrasi" in mails_to(catcher, "siti@hub.test")[1]
    assert len(hook_keys(hooks, "/siti")) == 2


def hub_of(service: RunningService) -> IntakeHub:
    hub = service.runtime.handle(IntakeHub)
    assert isinstance(hub, IntakeHub)
    return hub
