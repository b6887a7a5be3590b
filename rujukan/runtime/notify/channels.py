"""The two ways a notice leaves: e-mail over SMTP (aiosmtplib) and a signed webhook
(httpx), which a district points at its SMS or WhatsApp gateway.

Both send what the delivery row holds, unchanged, with its stable key: the e-mail's
``Message-ID`` and the webhook's ``webhook-id``, so a receiver drops a repeat of an
at-least-once delivery. A channel raises on any failure; the dispatcher retries.

A channel keeps its connection from one send to the next until the dispatcher closes it
at the end of its round: a round's mails share one SMTP session (one connect, greeting,
STARTTLS and login) instead of one each, which cost the agency and the mail server more
than the mail itself. A failed send drops the connection, so the next one starts afresh.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from email.header import Header
from email.message import Message
from email.mime.text import MIMEText
from email.utils import format_datetime
from typing import Protocol

import aiosmtplib
import httpx

from rujukan.runtime.notify import webhooks


@dataclass(frozen=True, slots=True)
class Delivery:
    """One row of ``notify_deliveries`` as a channel sends it."""

    key: str
    notice: str
    recipient_id: str
    channel: str
    address: str
    urgent: bool
    subject: str
    body: str
    payload: str
    attempts: int


class Channel(Protocol):
    async def send(self, delivery: Delivery, now: datetime) -> None: ...

    async def close(self) -> None:
        """Let go of the connection the sends since the last close kept open."""


class ChannelError(Exception):
    """A channel could not deliver; the text names no address and no content."""


@dataclass
class EmailChannel:
    """Plain-text mail through one SMTP server."""

    host: str
    port: int
    sender: str
    domain: str
    """The right-hand side of Message-IDs (the agency's id)."""
    start_tls: bool = True
    username: str | None = None
    password: str | None = None
    timeout_s: float = 15.0
    _client: aiosmtplib.SMTP | None = field(default=None, init=False, repr=False)

    def message(self, delivery: Delivery, now: datetime) -> Message:
        """The mail, built with the ``compat32`` classes: the ``EmailMessage`` API parses
        every header it is given through its header registry, which cost an agency more
        CPU than the referral the notice is about. The text stays readable on the wire
        (7bit or 8bit, never base64), as ``EmailMessage`` sent it."""
        message = _plain_text(delivery.body)
        message["From"] = self.sender
        message["To"] = delivery.address
        subject = delivery.subject
        message["Subject"] = subject if subject.isascii() else Header(subject, "utf-8").encode()
        message["Date"] = format_datetime(now)
        message["Message-ID"] = f"<{delivery.key}@{self.domain}>"
        message["X-Rujukan-Notice"] = delivery.notice
        if delivery.urgent:
            message["Importance"] = "high"
        return message

    async def send(self, delivery: Delivery, now: datetime) -> None:
        message = self.message(delivery, now)
        client = self._client or await self._connect()
        try:
            await client.send_message(message)
        except BaseException:
            self._client = None  # its state after a failure is unknown: the next send reconnects
            client.close()  # without QUIT, which a broken or cancelled session may never answer
            raise

    async def close(self) -> None:
        client, self._client = self._client, None
        if client is None or not client.is_connected:
            return
        try:
            await client.quit()
        except (aiosmtplib.SMTPException, OSError):
            client.close()

    async def _connect(self) -> aiosmtplib.SMTP:
        client = aiosmtplib.SMTP(
            hostname=self.host,
            port=self.port,
            start_tls=self.start_tls,
            username=self.username,
            password=self.password,
            timeout=self.timeout_s,
        )
        await client.connect()
        self._client = client
        return client


def _plain_text(body: str) -> MIMEText:
    """ASCII as 7bit; other text as UTF-8 in 8bit, not the base64 ``MIMEText`` picks."""
    if body.isascii():
        return MIMEText(body, "plain", "us-ascii")
    text = MIMEText(body, "plain", "utf-8")
    text.replace_header("Content-Transfer-Encoding", "8bit")
    text.set_payload(body.encode().decode("ascii", "surrogateescape"))
    return text


class WebhookChannel:
    """A JSON POST signed with the endpoint's own secret (Standard Webhooks)."""

    def __init__(self, secret_for: Callable[[str], str | None], timeout_s: float = 15.0) -> None:
        self._secret_for = secret_for
        self._timeout_s = timeout_s
        self._client: httpx.AsyncClient | None = None

    async def send(self, delivery: Delivery, now: datetime) -> None:
        secret = await asyncio.to_thread(self._secret_for, delivery.recipient_id)
        if not secret:
            raise ChannelError("the endpoint has no secret")
        body = delivery.payload.encode()
        headers = webhooks.headers(secret, delivery.key, int(now.timestamp()), body)
        if self._client is None:
            self._client = httpx.AsyncClient(timeout=self._timeout_s, follow_redirects=False)
        response = await self._client.post(delivery.address, content=body, headers=headers)
        if not response.is_success:
            raise ChannelError(f"HTTP {response.status_code}")

    async def close(self) -> None:
        client, self._client = self._client, None
        if client is not None:
            await client.aclose()
