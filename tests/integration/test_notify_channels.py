"""The e-mail channel against a real SMTP server (aiosmtpd) on loopback: the mails of
one round share one SMTP session, and a send that fails leaves no broken session
behind for the next one."""

import asyncio
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from aiosmtplib import SMTPDataError

from ops.broker import free_port
from rujukan.runtime.notify.channels import Delivery, EmailChannel

NOW = datetime(2026, 12, 7, 9, 0, tzinfo=UTC)


@dataclass
class CountingServer:
    """Counts the SMTP sessions (greetings) and the mails accepted; refuses the mails
    whose subject it is told to."""

    sessions: int = 0
    subjects: list[str] = field(default_factory=list)
    refuse: str | None = None

    async def handle_EHLO(
        self, _server: Any, session: Any, _envelope: Any, hostname: str, responses: list[str]
    ) -> list[str]:
        self.sessions += 1
        session.host_name = hostname
        return responses

    async def handle_DATA(self, _server: Any, _session: Any, envelope: Any) -> str:
        subject = next(
            line.split(":", 1)[1].strip()
            for line in envelope.content.decode().splitlines()
            if line.startswith("Subject:")
        )
        if subject == self.refuse:
            return "554 refused"
        self.subjects.append(subject)
        return "250 OK"


@pytest.fixture
def server() -> Iterator[tuple[CountingServer, int]]:
    handler, port = CountingServer(), free_port()
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield handler, port
    finally:
        controller.stop()


def delivery(subject: str) -> Delivery:
    return Delivery(
        key=f"key-{subject}",
        notice="referral_received",
        recipient_id="ayu",
        channel="email",
        address="ayu@rsud.test",
        urgent=False,
        subject=subject,
        body="A new referral.",
        payload="{}",
        attempts=0,
    )


def channel(port: int) -> EmailChannel:
    return EmailChannel(
        host="127.0.0.1", port=port, sender="rujukan@test", domain="kh-rsud", start_tls=False
    )


def test_the_mails_of_one_round_share_one_smtp_session(
    server: tuple[CountingServer, int],
) -> None:
    handler, port = server
    email = channel(port)

    async def two_rounds() -> None:
        for subject in ("one", "two", "three"):
            await email.send(delivery(subject), NOW)
        await email.close()
        await email.send(delivery("four"), NOW)
        await email.close()

    asyncio.run(two_rounds())

    assert handler.subjects == ["one", "two", "three", "four"]
    assert handler.sessions == 2


def test_a_refused_mail_drops_its_session_and_the_next_mail_opens_a_new_one(
    server: tuple[CountingServer, int],
) -> None:
    handler, port = server
    handler.refuse = "two"
    email = channel(port)

    async def round_with_a_refusal() -> None:
        await email.send(delivery("one"), NOW)
        with pytest.raises(SMTPDataError):
            await email.send(delivery("two"), NOW)
        await email.send(delivery("three"), NOW)
        await email.close()

    asyncio.run(round_with_a_refusal())

    assert handler.subjects == ["one", "three"]
    assert handler.sessions == 2
