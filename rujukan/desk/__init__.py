"""The referral desk: what every agency service does with the referrals it receives.

An agency service (health, social, legal, and later education) receives referrals in
its inbox, shows them to its staff (a queue and one referral's detail), answers each
(accept, decline with a reason, hold, resume), reports the service step by step to the
case's hub, refers the child on within a stage, and publishes capacity notices. The
service adds only its own :data:`~rujukan.desk.rules.ReportPolicy`::

    SERVICE = desk_service(AgencyKind.HEALTH, "Rujukan health service", HEALTH_POLICY)

and, if it has routes on the referrals it receives, their builders, which are given the
same desk (the legal service's criminal process, education's continued schooling).

Layout as in a service: ``domain.py`` and ``rules.py`` (pure), ``tables.py`` and
``migrations/versions/`` (component ``desk``), ``store.py`` (rows ↔ domain),
``usecases.py`` (one unit of work each), ``handlers.py`` and ``routes.py`` (thin).
"""

from collections.abc import Callable

from fastapi import APIRouter

from rujukan.desk import trace, web
from rujukan.desk.handlers import CONSUMES as DESK_CONSUMES
from rujukan.desk.handlers import register
from rujukan.desk.routes import build_router
from rujukan.desk.rules import ReportContext, ReportPolicy, combine, no_policy
from rujukan.desk.tables import DESK
from rujukan.desk.usecases import Desk, Responder
from rujukan.runtime.service import AgencyRuntime, ServiceDefinition
from schemas.vocabulary import AgencyKind

__all__ = [
    "DESK",
    "DESK_CONSUMES",
    "Desk",
    "ReportContext",
    "ReportPolicy",
    "Responder",
    "combine",
    "desk_service",
    "desk_setup",
    "no_policy",
]


def desk_setup(
    runtime: AgencyRuntime,
    policy: ReportPolicy = no_policy,
    *routers: Callable[[Desk], APIRouter],
) -> list[APIRouter]:
    """Wire the desk into an agency runtime: its inbox handlers, its staff routes (the
    JSON API and the web app under ``/desk/``) and the auditor's trace. ``policy`` is the
    service's own report rules, applied after the desk's; ``routers`` build the
    service's own routes on the same desk."""
    desk = Desk(
        agency=runtime.agency,
        directory=runtime.directory,
        unit_of_work=runtime.unit_of_work,
        read_sessions=runtime.read_sessions,
        audit=runtime.audit,
        policy=policy,
    )
    runtime.provide(desk)
    register(runtime.dispatcher, desk)
    return [
        build_router(desk),
        web.router(desk, runtime),
        trace.router(desk),
        *(build(desk) for build in routers),
    ]


def desk_service(
    kind: AgencyKind,
    title: str,
    policy: ReportPolicy = no_policy,
    *routers: Callable[[Desk], APIRouter],
) -> ServiceDefinition:
    """An agency service that is the desk with ``policy`` and ``routers``
    (:func:`desk_setup`), for agencies of ``kind``."""

    def setup(runtime: AgencyRuntime) -> list[APIRouter]:
        return desk_setup(runtime, policy, *routers)

    kinds = frozenset({kind})
    return ServiceDefinition(kinds, (DESK,), setup, title=title, consumes=DESK_CONSUMES)
