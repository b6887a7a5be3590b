"""Run agency services in-process against the real broker and a real database."""

import asyncio
from collections.abc import AsyncIterator
from contextlib import AsyncExitStack, asynccontextmanager
from dataclasses import dataclass
from typing import Any

import httpx
from fastapi import FastAPI

from rujukan.directory import AgencyDirectory
from rujukan.runtime.http import create_app
from rujukan.runtime.service import AgencyRuntime, ServiceDefinition
from rujukan.runtime.settings import AgencySettings
from tests.support.keys import KeysFolder, shared_keys

FAST = {
    "consumer_session_timeout_ms": 2000,
    "consumer_heartbeat_interval_ms": 300,
    "relay_sweep_interval_s": 0.5,
    "relay_max_backoff_s": 0.5,
    "incarnation_check_interval_s": 0.3,
    "log_json": False,
}


@dataclass
class RunningService:
    app: FastAPI
    runtime: AgencyRuntime
    http: httpx.AsyncClient


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
        async with httpx.AsyncClient(transport=transport, base_url="http://localhost") as client:
            yield RunningService(app, runtime, client)
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
