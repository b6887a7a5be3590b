"""Recording every command of every service: one ASGI middleware, added by the app
factory, so no route carries audit code.

For each HTTP request the middleware opens a :class:`RequestAudit` (the actor and the
ids are read from it when a record is written). A command (anything but GET and HEAD)
is recorded once:

- in its own transaction when it commits a unit of work (``UnitOfWork.commit`` calls
  :meth:`AuditTrail.in_transaction`): outcome ``ok``; a committed command never lacks
  its record;
- otherwise — refused (401, 403, 404, 409, 422), failed, or a command without a unit of
  work such as a sign-in — when its response starts, before the response leaves, with
  the HTTP status as the outcome. A command refused after it committed is recorded a
  second time with its status.
"""

import asyncio
import logging
from typing import Any

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from rujukan.runtime.audit.actor import RequestAudit, current_request
from rujukan.runtime.audit.trail import AuditTrail
from rujukan.runtime.hardening import HttpMiddleware

log = logging.getLogger("rujukan.audit")

READS = frozenset({"GET", "HEAD"})


class AuditMiddleware(HttpMiddleware):
    def __init__(self, app: ASGIApp, trail: AuditTrail) -> None:
        super().__init__(app)
        self.trail = trail

    async def http(self, scope: Scope, receive: Receive, send: Send) -> None:
        request = RequestAudit(scope, command=scope["method"] not in READS)
        token = current_request.set(request)
        started = False

        async def send_recorded(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start" and not started:
                started = True
                await self._after(request, int(message["status"]))
            await send(message)

        try:
            await self.app(scope, receive, send_recorded)
        except BaseException:
            if not started:
                await self._after(request, 500)
            raise
        finally:
            current_request.reset(token)

    async def _after(self, request: RequestAudit, status: int) -> None:
        if not request.command or (request.recorded and status < 400):
            return
        try:
            await asyncio.to_thread(_record, self.trail, request, status)
        except Exception:
            log.exception("could not record a command in the audit trail")


def _record(trail: AuditTrail, request: RequestAudit, status: int) -> Any:
    return trail.record(trail.command_entry(request, str(status)))
