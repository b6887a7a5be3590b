"""The education service: what a Dinas Pendidikan dan Kebudayaan runs for its schools'
TPPK teams, school heads and homeroom teachers and the city Satgas PPK (SKW Pasal 1(4),
BTG Pasal 1(4)).

It receives referrals like every agency service — the referral desk, with the rules of
continued schooling of its district (LT Pasal 23, SKW 39, BTG 18(2)f) — and it
originates them: the handling of violence in schools (SKW Pasal 36–68, BTG Pasal
13–23). Layout: ``domain/`` (pure rules), ``tables.py`` and ``migrations/``
(component ``education``), ``repository.py``, ``usecases/`` (one module per use
case, one unit of work per command; :func:`school_service` wires their ports),
``handlers.py`` (answers to its referrals), ``access.py`` (the use cases as
one account of the network's accounts, a ``tppk``, ``satgas`` or ``dinas``, may use
them), ``routes.py`` and ``views.py`` (the HTTP API), ``schooling.py`` (continued
schooling on a received referral).
"""

from collections.abc import Callable
from datetime import datetime

from fastapi import APIRouter

from rujukan.desk import DESK, DESK_CONSUMES, desk_setup
from rujukan.runtime.service import AgencyRuntime, ServiceDefinition
from rujukan.stamps import utcnow
from schemas.vocabulary import AgencyKind
from services.education import handlers, reporting, routes, schooling
from services.education.access import SchoolAccess
from services.education.domain.policy import education_policy
from services.education.domain.procedure import district_procedure
from services.education.tables import EDUCATION
from services.education.usecases import SchoolService


def school_service(
    runtime: AgencyRuntime, *, clock: Callable[[], datetime] = utcnow
) -> SchoolService:
    """The use cases of violence in schools, given the ports of ``runtime`` they use and
    the school-violence procedure of its district (None where it adopted none)."""
    return SchoolService(
        agency=runtime.agency,
        directory=runtime.directory,
        unit_of_work=runtime.unit_of_work,
        read_sessions=runtime.read_sessions,
        audit=runtime.audit,
        procedure=district_procedure(runtime.agency),
        clock=clock,
    )


def setup(runtime: AgencyRuntime) -> list[APIRouter]:
    """The desk with the schooling rules of the district, continued schooling, and
    violence in schools with its deadline monitor where the district's data names a
    school-violence procedure (SKW in Singkawang, the BTG draft in Batang); elsewhere no
    school-report route exists and nothing of SKW or BTG applies."""
    service = school_service(runtime)
    handlers.register(runtime.dispatcher, service)
    runtime.provide(service)
    policy = education_policy(service.schooling)
    routers = [
        *desk_setup(runtime, policy, schooling.router_of(service.schooling)),
        reporting.router(runtime),
    ]
    if service.procedure is None:
        return routers

    runtime.add_monitor(service.announce_missed_deadlines, "school_deadline_monitor")
    return [*routers, routes.build_router(SchoolAccess(service))]


SERVICE = ServiceDefinition(
    kinds=frozenset({AgencyKind.EDUCATION}),
    components=(DESK, EDUCATION),
    setup=setup,
    consumes=(*DESK_CONSUMES, *handlers.CONSUMES),
    title="Rujukan education service",
)
