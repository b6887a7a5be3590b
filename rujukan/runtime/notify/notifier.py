"""The notifier of one agency process: turns what the agency records into deliveries,
in the same transaction, and sends them.

Every unit of work tells the notifier of each event it publishes and each inbound event
it handles (``UnitOfWork(observer=...)``). If the event needs someone
(:mod:`.notices`), the notifier finds who (:mod:`.store`), renders the message once
(:mod:`.messages`), and stages one ``notify_deliveries`` row per (recipient, channel)
in that unit of work: the rows commit with the event or not at all, as outbox rows
do. The dispatcher (:mod:`.dispatcher`) sends them afterwards.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from prometheus_client import Counter
from sqlalchemy import Engine
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from rujukan.directory import Agency
from rujukan.referral_deadlines import district_timezone
from rujukan.runtime import retention
from rujukan.runtime.db import read_session_factory
from rujukan.runtime.metrics import GaugeSource, RuntimeMetrics
from rujukan.runtime.notify.channels import Channel, EmailChannel, WebhookChannel
from rujukan.runtime.notify.dispatcher import DeliveryDispatcher, backlog
from rujukan.runtime.notify.messages import delivery_key, render
from rujukan.runtime.notify.notices import Notice, notice_for
from rujukan.runtime.notify.quiet import release_at
from rujukan.runtime.notify.settings import NotifySettings
from rujukan.runtime.notify.store import (
    EMAIL,
    WEBHOOK,
    Endpoint,
    RecipientBook,
    endpoints,
)
from rujukan.runtime.notify.tables import deliveries
from rujukan.stamps import utcnow
from schemas.base import Event

if TYPE_CHECKING:
    from rujukan.runtime.uow import UnitOfWork

PRUNE_EVERY = timedelta(hours=1)
_SEEN = "notify.seen"
_ENDPOINTS = "notify.endpoints"
"""``uow.memo`` key: the events already noticed in this unit of work (an event
published to two topics is one notice)."""


class Notifier:
    def __init__(
        self,
        agency: Agency,
        engine: Engine,
        sessions: sessionmaker[Session],
        settings: NotifySettings,
        metrics: RuntimeMetrics,
        *,
        link_base: str,
    ) -> None:
        self.agency = agency
        self.clock: Callable[[], datetime] = utcnow
        """Now, for staging (quiet hours) and sending (due rows); tests move it."""
        self._zone: ZoneInfo | None = None
        self.link_base = link_base.rstrip("/")
        self.book = RecipientBook(
            sessions, lambda: self.clock(), webhook_hosts=settings.webhook_hosts()
        )
        self.interval_s = settings.notify_interval_s
        self._sessions = sessions
        self._reads = read_session_factory(engine)
        """For the reads of the dispatcher's round and of the backlog, every few seconds:
        on SQLite they then do not queue for the process's one writer lock."""
        self._engine = engine
        self._retention = timedelta(days=settings.notify_retention_days)
        self._results = Counter(
            "rujukan_notifications",
            "Notice delivery attempts, by channel and result (delivered, failed).",
            ["channel", "result"],
            registry=metrics.registry,
        )
        metrics.add_gauge(
            GaugeSource(
                "rujukan_notifications_waiting",
                "Notices not delivered yet (quiet hours, back-off or failures).",
                lambda: self.backlog()["waiting"],
            )
        )
        metrics.add_gauge(
            GaugeSource(
                "rujukan_notifications_failing",
                "Notices not delivered yet whose last attempt failed.",
                lambda: self.backlog()["failing"],
            )
        )
        self.delivered_total = 0
        self.failed_attempts_total = 0
        self.last_error: str | None = None
        self._channels = _channels(agency, settings, self.book)
        self._max_backoff_s = settings.notify_max_backoff_s
        self.dispatcher = self.new_dispatcher()

    def new_dispatcher(self) -> DeliveryDispatcher:
        """A dispatcher that knows nothing but the table, as after a restart."""
        return DeliveryDispatcher(
            self._sessions,
            self._reads,
            self._channels,
            lambda: self.clock(),
            max_backoff_s=self._max_backoff_s,
            on_result=self._count,
        )

    # --- in the unit of work -----------------------------------------------------------

    def observe(self, uow: UnitOfWork, event: Event, event_id: str, inbound: bool) -> None:
        """Stage the deliveries ``event`` causes, in ``uow``'s transaction."""
        seen: dict[int, Event] = uow.memo.setdefault(_SEEN, {})
        if id(event) in seen:
            return
        seen[id(event)] = event
        notice = notice_for(event, event_id, agency_id=self.agency.id, inbound=inbound)
        if notice is None:
            return
        now = self.clock()
        link = self.link_base + notice.path
        for endpoint in self._endpoints(uow, notice):
            key = delivery_key(event_id, endpoint.recipient_id, endpoint.channel)
            rendered = render(notice, key=key, agency_id=self.agency.id, link=link, now=now)
            release = now
            if not notice.urgent:
                release = release_at(now, endpoint.quiet_from, endpoint.quiet_until, self.zone())
            uow.insert(
                deliveries,
                {
                    "key": key,
                    "event_id": event_id,
                    "notice": notice.kind,
                    "recipient_id": endpoint.recipient_id,
                    "channel": endpoint.channel,
                    "address": endpoint.address,
                    "urgent": notice.urgent,
                    "subject": rendered.subject,
                    "body": rendered.body,
                    "payload": rendered.payload,
                    "created_at": now,
                    "next_attempt_at": release,
                    "attempts": 0,
                    "delivered_at": None,
                    "last_error": None,
                },
            )

    @staticmethod
    def _endpoints(uow: UnitOfWork, notice: Notice) -> list[Endpoint]:
        """Whom ``notice`` reaches, asked once per audience in a unit of work: an inbox
        batch of a few hundred referrals is one audience (the desk's staff), and asking
        the accounts and recipients for every event cost more than handling it."""
        known: dict[tuple[object, ...], list[Endpoint]] = uow.memo.setdefault(_ENDPOINTS, {})
        audience = (notice.roles, notice.accounts, notice.facility)
        if audience not in known:
            known[audience] = endpoints(uow.session, notice)
        return known[audience]

    def zone(self) -> ZoneInfo:
        """The district's time zone, read when quiet hours first need it (UTC for a
        district that ``districts.csv`` does not list)."""
        if self._zone is None:
            try:
                self._zone = district_timezone(self.agency.district)
            except LookupError:
                self._zone = ZoneInfo("UTC")
        return self._zone

    # --- in the background -------------------------------------------------------------

    async def deliver_forever(self) -> None:
        """Deliver what is due every ``notify_interval_s``, and drop delivered rows past
        their retention once an hour, for the life of the process."""
        pruned_at = None
        while True:
            await self.dispatcher.deliver_due()
            now = self.clock()
            if pruned_at is None or now - pruned_at >= PRUNE_EVERY:
                await asyncio.to_thread(self.prune, now)
                pruned_at = now
            await asyncio.sleep(self.interval_s)

    def prune(self, now: datetime) -> int:
        """Delete the rows delivered before the retention (never one still waiting)."""
        return retention.prune_rows(
            self._engine,
            deliveries,
            deliveries.c.created_at,
            now - self._retention,
            1000,
            deliveries.c.delivered_at.is_not(None),
        )

    def _count(self, channel: str, delivered: bool, error: str | None) -> None:
        self._results.labels(channel=channel, result="delivered" if delivered else "failed").inc()
        if delivered:
            self.delivered_total += 1
        else:
            self.failed_attempts_total += 1
            self.last_error = f"{channel}: {error}"

    # --- for operators -----------------------------------------------------------------

    def backlog(self) -> dict[str, int]:
        with self._reads() as session:
            return backlog(session)

    def status(self) -> dict[str, Any]:
        """What ``/status`` shows of the notifier (without the backlog while the database
        does not answer: readiness shows that already)."""
        try:
            waiting: dict[str, int | None] = {**self.backlog()}
        except SQLAlchemyError:
            waiting = {"waiting": None, "failing": None}
        return {
            **waiting,
            "delivered_total": self.delivered_total,
            "failed_attempts_total": self.failed_attempts_total,
            "last_error": self.last_error,
        }


def _channels(agency: Agency, settings: NotifySettings, book: RecipientBook) -> dict[str, Channel]:
    """The webhook channel always; e-mail when an SMTP server is configured."""
    found: dict[str, Channel] = {WEBHOOK: WebhookChannel(book.secret)}
    if settings.smtp_host:
        password = settings.smtp_password.get_secret_value() if settings.smtp_password else None
        found[EMAIL] = EmailChannel(
            host=settings.smtp_host,
            port=settings.smtp_port,
            sender=settings.smtp_from,
            domain=f"{agency.id}.rujukan",
            start_tls=settings.smtp_starttls,
            username=settings.smtp_username,
            password=password,
        )
    return found
