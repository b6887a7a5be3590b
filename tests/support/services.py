"""Run agency services in-process against the real broker and a real database."""

import asyncio
from collections.abc import AsyncIterator, Callable
from contextlib import AsyncExitStack, asynccontextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
from fastapi import FastAPI

from rujukan.directory import AgencyDirectory
from rujukan.runtime.http import create_app
from rujukan.runtime.service import AgencyRuntime, ServiceDefinition
from rujukan.runtime.settings import AgencySettings
from schemas.vocabulary import AgencyKind
from tests.support.keys import KeysFolder, shared_keys


async def eventually(predicate: Callable[[], Any], timeout: float = 30.0) -> Any:
    """Wait until ``predicate`` (a function or a coroutine function) gives a true value,
    and return it; fail after ``timeout`` seconds."""
    deadline = asyncio.get_running_loop().time() + timeout
    while True:
        value = predicate()
        if asyncio.iscoroutine(value):
            value = await value
        if value:
            return value
        if asyncio.get_running_loop().time() > deadline:
            raise AssertionError(f"condition not met within {timeout}s")
        await asyncio.sleep(0.05)


BASE_URL = "http://localhost"
FAST = {
    "consumer_session_timeout_ms": 2000,
    "consumer_heartbeat_interval_ms": 300,
    "relay_sweep_interval_s": 0.5,
    "relay_max_backoff_s": 0.5,
    "incarnation_check_interval_s": 0.3,
    "log_json": False,
}


STAFF_ACCOUNT = "staff"
"""The account the default client of a running service calls as."""
STAFF_ROLES: dict[AgencyKind, frozenset[str]] = {
    AgencyKind.INTAKE: frozenset({"intake_officer", "supervisor"}),
    AgencyKind.HEALTH: frozenset({"desk_staff"}),
    AgencyKind.SOCIAL: frozenset({"desk_staff"}),
    AgencyKind.LEGAL: frozenset({"desk_staff"}),
    AgencyKind.EDUCATION: frozenset({"desk_staff"}),
}
"""Its roles: the agency's staff (a hub's intake officer and supervisor, a desk's staff),
and the operator's (``/status``)."""


@dataclass
class RunningService:
    app: FastAPI
    runtime: AgencyRuntime
    http: httpx.AsyncClient
    """Calls as the agency's staff account (`STAFF_ROLES`)."""
    anonymous: httpx.AsyncClient
    """Calls without credentials."""

    def token_for(self, account_id: str, *roles: str, school_id: str | None = None) -> str:
        """An API token of ``account_id`` (created with ``roles`` if it does not exist)."""
        accounts = self.runtime.accounts
        if accounts.get(account_id) is None:
            accounts.add(account_id, account_id, roles, school_id=school_id)
        return accounts.issue_token(account_id)

    def client_for(
        self, account_id: str, *roles: str, school_id: str | None = None
    ) -> httpx.AsyncClient:
        """A client that calls as ``account_id`` (see `token_for`)."""
        token = self.token_for(account_id, *roles, school_id=school_id)
        return httpx.AsyncClient(
            transport=self.anonymous._transport,
            base_url=self.anonymous.base_url,
            headers={"Authorization": f"Bearer {token}"},
        )


def app_on_sqlite(definition: ServiceDefinition, agency_id: str, database: Path) -> FastAPI:
    """``agency_id``'s app of ``definition`` on the SQLite file ``database``, its runtime
    neither started nor migrated."""
    settings = AgencySettings(
        agency_id=agency_id,
        database_url=f"sqlite:///{database}",
        **shared_keys().settings(agency_id),
    )
    return create_app(definition, settings, manage_runtime=False)


def openapi_of(definition: ServiceDefinition, agency_id: str, database: Path) -> dict[str, Any]:
    """The OpenAPI document of ``agency_id``'s app of ``definition``."""
    app = app_on_sqlite(definition, agency_id, database)
    try:
        return app.openapi()
    finally:
        app.state.runtime.engine.dispose()


@asynccontextmanager
async def running(
    definition: ServiceDefinition,
    *,
    agency_id: str,
    bootstrap: str,
    database_url: str,
    directory: AgencyDirectory | None = None,
    wait_ready: bool = True,
    keys: KeysFolder | None = None,
    **overrides: Any,
) -> AsyncIterator[RunningService]:
    settings = AgencySettings(
        agency_id=agency_id,
        database_url=database_url,
        kafka_bootstrap_servers=bootstrap,
        **{**FAST, **(keys or shared_keys()).settings(agency_id), **overrides},
    )
    app = create_app(definition, settings, directory, manage_runtime=False)
    runtime: AgencyRuntime = app.state.runtime
    await runtime.start()
    try:
        if wait_ready:
            await runtime.wait_ready(timeout=60)
        transport = httpx.ASGITransport(app=app)
        roles = {*STAFF_ROLES[runtime.agency.kind], "operator"}
        runtime.accounts.add(STAFF_ACCOUNT, "Staff", roles, replace=True)
        token = runtime.accounts.issue_token(STAFF_ACCOUNT)
        staff = {"Authorization": f"Bearer {token}"}
        async with (
            httpx.AsyncClient(transport=transport, base_url=BASE_URL, headers=staff) as client,
            httpx.AsyncClient(transport=transport, base_url=BASE_URL) as anonymous,
        ):
            yield RunningService(app, runtime, client, anonymous)
    finally:
        await runtime.stop()


@asynccontextmanager
async def running_together(
    services: dict[str, tuple[ServiceDefinition, str]],
    *,
    bootstrap: str,
    directory: AgencyDirectory | None = None,
    keys: KeysFolder | None = None,
    **overrides: Any,
) -> AsyncIterator[dict[str, RunningService]]:
    """Start several services: ``{agency_id: (definition, database_url)}``. They migrate
    one after the other (Alembic's proxies are process-global) and then connect to the
    broker together."""
    async with AsyncExitStack() as stack:
        started = {
            agency_id: await stack.enter_async_context(
                running(
                    definition,
                    agency_id=agency_id,
                    bootstrap=bootstrap,
                    database_url=database_url,
                    directory=directory,
                    wait_ready=False,
                    keys=keys,
                    **overrides,
                )
            )
            for agency_id, (definition, database_url) in services.items()
        }
        await asyncio.gather(*(s.runtime.wait_ready(timeout=60) for s in started.values()))
        yield started
