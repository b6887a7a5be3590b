"""A local SMTP server that catches the network's e-mail (aiosmtpd, the ``local`` extra).

``rujukan up`` points every agency at it and prints one line per message, so a newcomer
sees which notices the demo causes; the tests use it as a real SMTP server on loopback.
Nothing leaves the machine.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from email import message_from_bytes
from email.message import Message
from typing import Any

from aiosmtpd.controller import Controller


@dataclass(frozen=True)
class CaughtMail:
    """One message as the server received it: the envelope's recipients and the bytes."""

    recipients: tuple[str, ...]
    raw: bytes

    @property
    def message(self) -> Message:
        return message_from_bytes(self.raw)


@dataclass
class _Handler:
    on_mail: Callable[[CaughtMail], None]

    async def handle_DATA(self, _server: Any, _session: Any, envelope: Any) -> str:
        content = envelope.content
        raw = content if isinstance(content, bytes) else str(content).encode()
        self.on_mail(CaughtMail(tuple(envelope.rcpt_tos), raw))
        return "250 OK"


@dataclass
class MailCatcher:
    """Listens on ``host:port`` (in a thread of its own) until :meth:`stop`."""

    host: str = "127.0.0.1"
    port: int = 2525
    on_mail: Callable[[CaughtMail], None] | None = None
    caught: list[CaughtMail] = field(default_factory=list)
    _controller: Controller | None = None

    def start(self) -> None:
        self._controller = Controller(_Handler(self._received), hostname=self.host, port=self.port)
        self._controller.start()

    def stop(self) -> None:
        if self._controller is not None:
            self._controller.stop()
            self._controller = None

    def _received(self, mail: CaughtMail) -> None:
        self.caught.append(mail)
        if self.on_mail is not None:
            self.on_mail(mail)


def summary(mail: CaughtMail) -> str:
    """One line: to whom, and the subject."""
    subject = " ".join(str(mail.message["Subject"]).split())  # unfolded
    return f"mail to {', '.join(mail.recipients)}: {subject}"
