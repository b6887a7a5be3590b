"""Deny by default, on every service: every route, enumerated from the application's
routes (not its OpenAPI document), answers 401 without credentials (a page redirects to
sign-in) and 403 with another agency's token; an app with a route that declares no
permission does not start. The answers come before any database is touched."""

import re
from pathlib import Path

import httpx
import pytest
from fastapi import APIRouter, FastAPI

from ops.services import definition_for
from rujukan.directory import load_directory
from rujukan.runtime.accounts.http import PUBLIC, RouteInfo, app_routes, requires
from rujukan.runtime.accounts.store import api_token
from rujukan.runtime.service import AgencyRuntime, ServiceDefinition
from schemas.vocabulary import AgencyKind
from tests.support.services import app_on_sqlite

AGENCIES = ["kh-hub", "kh-rsud", "kh-dinsos", "kh-polres", "kh-disdikbud", "skw-disdik"]
"""One agency of every kind that runs software: hub, health, social, legal, education."""
PUBLIC_PATHS = {
    "/healthz",
    "/readyz",
    "/companion",
    "/companion/login",
    "/companion/logout",
    "/companion/static/{name}",
    "/companion/api/login",
    "/desk",
    "/desk/login",
    "/desk/logout",
    "/desk/static/{name}",
    "/audit",
    "/audit/login",
    "/audit/logout",
    "/audit/static/{name}",
    "/school-process",
}
"""Health, readiness, sign-in (and out), the sign-in page's static files, and a victim's
process code (SKW 66(1)a), which is its own credential."""
SIGN_IN = {"/companion": "/companion/login", "/desk": "/desk/login", "/audit": "/audit/login"}
"""Each web app's sign-in page, where its pages send a stranger."""


def app_of(agency_id: str, tmp_path: Path) -> FastAPI:
    agency = load_directory().get(agency_id)
    return app_on_sqlite(definition_for(agency.kind), agency_id, tmp_path / "x.db")


def calls(app: FastAPI) -> list[tuple[str, str, RouteInfo]]:
    """(method, concrete path, route) for every route but FastAPI's documentation."""
    found: list[tuple[str, str, RouteInfo]] = []
    for route in app_routes(app):
        if route.documentation:
            continue
        path = re.sub(r"\{[^}]+\}", "x-1", route.path)
        found.extend((method, path, route) for method in sorted(route.methods - {"HEAD"}))
    return found


def client(app: FastAPI, token: str | None = None) -> httpx.AsyncClient:
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    transport = httpx.ASGITransport(app=app)
    return httpx.AsyncClient(transport=transport, base_url="http://localhost", headers=headers)


@pytest.mark.parametrize("agency_id", AGENCIES)
async def test_every_route_declares_its_permission_and_only_sign_in_is_public(
    agency_id: str, tmp_path: Path
) -> None:
    routes = [r for r in app_routes(app_of(agency_id, tmp_path)) if not r.documentation]
    assert all(r.roles is not None for r in routes)
    public = {r.path for r in routes if r.roles == frozenset()}
    assert public <= PUBLIC_PATHS
    assert {"/healthz", "/readyz"} <= public


@pytest.mark.parametrize("agency_id", AGENCIES)
async def test_a_stranger_gets_401_on_every_route_and_a_page_sends_them_to_sign_in(
    agency_id: str, tmp_path: Path
) -> None:
    app = app_of(agency_id, tmp_path)
    checked = 0
    async with client(app) as stranger:
        for method, path, route in calls(app):
            if route.path in PUBLIC_PATHS:
                continue
            response = await stranger.request(method, path)
            checked += 1
            app_path = "/" + path.split("/")[1]
            if app_path in SIGN_IN and not path.startswith("/companion/api/"):
                expected = (303, SIGN_IN[app_path])
                assert (response.status_code, response.headers["location"]) == expected
            else:
                assert response.status_code == 401, (method, path, response.text)
                assert response.headers["www-authenticate"] == "Bearer"
    assert checked >= 8


@pytest.mark.parametrize("agency_id", AGENCIES)
async def test_another_agency_s_token_gets_403_on_every_route(
    agency_id: str, tmp_path: Path
) -> None:
    app = app_of(agency_id, tmp_path)
    agency = load_directory().get(agency_id)
    others = [
        api_token("lt-hub"),  # another agency
        api_token("lt-rsud"),
        api_token("luwu-timur"),  # another district
    ]
    for token in others:
        async with client(app, token) as foreign:
            for method, path, route in calls(app):
                if route.path in PUBLIC_PATHS:
                    continue
                response = await foreign.request(method, path)
                assert response.status_code in (403, 404), (method, path, response.text)
                assert response.json()["rule"] == "token_of_this_agency"
                assert agency.id in response.json()["detail"]


def test_an_app_with_a_route_that_declares_no_permission_does_not_start(
    tmp_path: Path,
) -> None:
    def setup(_runtime: AgencyRuntime) -> list[APIRouter]:
        router = APIRouter()

        @router.get("/declared", dependencies=[requires("desk_staff")])
        def declared() -> None: ...

        @router.get("/public", dependencies=[PUBLIC])
        def public() -> None: ...

        @router.get("/forgotten")
        def forgotten() -> None: ...

        return [router]

    service = ServiceDefinition(kinds=frozenset({AgencyKind.HEALTH}), components=(), setup=setup)
    with pytest.raises(RuntimeError, match=r"without a declared permission: GET /forgotten$"):
        app_on_sqlite(service, "kh-rsud", tmp_path / "x.db")
