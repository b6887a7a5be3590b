"""The intake hub (Dinas PPPA / Dinas Sosial P3AP2KB / UPTD PPA, LT Pasal 9(1)): receives
complaints, registers cases, assigns the companion, assesses, plans, issues referrals,
monitors, evaluates and terminates (LT Pasal 7–20).

Layout: ``domain/`` (the pure lifecycle), ``tables.py`` and ``migrations/``,
``repository.py``, ``usecases.py`` (one unit of work per command), ``routing.py`` (which
topic each public event goes to), ``handlers.py`` (the inbox), ``routes.py`` and
``views.py`` (the HTTP API), ``trace.py`` (the case journal for the auditor's
trace), ``web/`` (the companion web app under ``/companion/``).
"""

from collections.abc import Sequence

from fastapi import APIRouter

from rujukan.identity_needs import load_identity_needs
from rujukan.matrix import load_matrix
from rujukan.rule_sets import RuleSet, load_rule_sets
from rujukan.runtime.metrics import GaugeSource
from rujukan.runtime.service import AgencyRuntime, ServiceDefinition
from schemas.vocabulary import AgencyKind
from services.intake import handlers, reporting, routes, trace, web
from services.intake.domain import Network
from services.intake.tables import INTAKE
from services.intake.usecases import IntakeHub


def setup(runtime: AgencyRuntime) -> Sequence[APIRouter]:
    """Wire the hub: its district's matrix, the identity defaults, handlers and routes."""
    agency = runtime.agency
    consent = load_rule_sets(agency.district).applied(RuleSet.RETURN_CONSENT)
    network = Network.of(
        load_matrix(agency.district, runtime.directory),
        runtime.directory,
        agency.id,
        return_consent=consent.source if consent is not None else None,
    )
    hub = IntakeHub(
        network=network,
        identity_needs=load_identity_needs(),
        unit_of_work=runtime.unit_of_work,
        read_sessions=runtime.read_sessions,
        audit=runtime.audit,
    )
    handlers.register(runtime.dispatcher, hub)
    runtime.provide(hub)

    runtime.add_monitor(hub.fire_due_notices, "deadline_monitor")
    runtime.metrics.add_gauge(
        GaugeSource(
            "rujukan_referrals_overdue",
            "Referrals of this hub with a milestone past its due time.",
            hub.overdue_referrals,
        )
    )
    return [
        *routes.routers(hub),
        trace.router(runtime),
        *web.routers(runtime, hub),
        reporting.router(runtime),
    ]


SERVICE = ServiceDefinition(
    kinds=frozenset({AgencyKind.INTAKE}),
    components=(INTAKE,),
    setup=setup,
    consumes=handlers.CONSUMES,
    title="Rujukan intake hub",
)
