"""A request hands a worker thread only what blocks: looking up the caller's credentials,
a case the caller's reach depends on, and the route. Each hand-off costs the process
more CPU than checking a role does, on every request."""

import functools
from collections.abc import Callable
from pathlib import Path
from typing import Any

import anyio.to_thread
import pytest
from fastapi.routing import APIRoute, iter_route_contexts

from ops.services import definition_for
from rujukan.directory import load_directory
from rujukan.runtime.routing import ThreadedRoute
from tests.support.services import RunningService, app_on_sqlite


@pytest.fixture
def handed(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The names of the functions requests hand to worker threads, in order."""
    names: list[str] = []
    run_sync = anyio.to_thread.run_sync

    async def recording(func: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        inner = func
        if isinstance(func, functools.partial):  # FastAPI's wrapper names the route
            inner = func.keywords.get("function", func.func)
        names.append(getattr(inner, "__name__", repr(inner)))
        return await run_sync(func, *args, **kwargs)

    monkeypatch.setattr(anyio.to_thread, "run_sync", recording)
    return names


async def test_a_public_route_hands_only_itself_to_a_thread(
    kh_hub: RunningService, handed: list[str]
) -> None:
    assert (await kh_hub.anonymous.get("/healthz")).status_code == 200
    assert handed == ["healthz"]


async def test_an_officer_reaches_every_case_without_a_thread_for_the_case_check(
    kh_hub: RunningService, handed: list[str]
) -> None:
    assert (await kh_hub.http.get("/cases/c-unknown")).status_code == 404
    assert handed == ["permission", "get_case"]


async def test_a_companion_is_checked_against_the_case_in_a_thread_of_its_own(
    kh_hub: RunningService, handed: list[str]
) -> None:
    companion = kh_hub.token_for("comp-budi", "companion")
    answer = await kh_hub.anonymous.get(
        "/cases/c-unknown", headers={"Authorization": f"Bearer {companion}"}
    )
    assert answer.status_code == 404
    assert handed == ["permission", "check"]  # refused before the route runs


@pytest.mark.parametrize("agency_id", ["kh-hub", "kh-rsud", "kh-dinsos", "kh-polres", "skw-disdik"])
def test_every_route_of_every_kind_of_service_hands_its_work_to_one_thread(
    agency_id: str, tmp_path: Path
) -> None:
    agency = load_directory().get(agency_id)
    app = app_on_sqlite(definition_for(agency.kind), agency_id, tmp_path / "x.db")
    routes = [c.original_route for c in iter_route_contexts(app.routes)]
    plain = [r.path for r in routes if isinstance(r, APIRoute) and type(r) is not ThreadedRoute]
    app.state.runtime.engine.dispose()
    assert routes
    assert plain == []
