"""Deny by default: how every route of every service declares who may call it.

A route declares its permission with ``dependencies=[requires("companion", ...)]`` (or
takes the `Principal` as a parameter, ``principal: Annotated[Principal, requires(...)]``),
or says it is public with ``dependencies=[PUBLIC]`` (health, readiness, sign-in). The app
factory refuses to build an app with a route that declares neither (`undeclared`).

The dependency authenticates the caller from an API token (``Authorization: Bearer
rjk_<agency>_<secret>``) or a web session's cookie, stores the `Principal` on
``request.state.principal`` before the route runs, and checks the roles:

- no credentials, or unknown ones: `Unauthenticated` (401, ``WWW-Authenticate: Bearer``);
  a page (``sign_in=...``) redirects to its sign-in page instead (`SignInRequired`);
- another agency's or district's token: `Forbidden` (403, rule ``token_of_this_agency``):
  the caller is known, just not here;
- none of the admitted roles: `Forbidden` (403, rule ``role``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import Depends, FastAPI, Request
from fastapi.routing import APIRoute, iter_route_contexts
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from rujukan.errors import Unauthenticated
from rujukan.rules import ROLE, TOKEN_OF_THIS_AGENCY
from rujukan.runtime.accounts.principal import Principal
from rujukan.runtime.accounts.store import Accounts, WebSession, WrongAgency

SESSION_COOKIE = "rujukan_session"
"""The web pages' session cookie (HttpOnly, SameSite=Lax, path of its app)."""
DOC_PATHS = frozenset({"/docs", "/docs/oauth2-redirect", "/openapi.json", "/redoc"})
"""FastAPI's own documentation routes: public."""

bearer = HTTPBearer(
    auto_error=False, description="An account's API token: `rjk_<agency-id>_<secret>`."
)


class SignInRequired(Unauthenticated):
    """A page asked without a live session: the browser goes to the sign-in page."""

    def __init__(self, sign_in: str, *, expired: bool) -> None:
        super().__init__("sign in first")
        self.location = sign_in + ("?expired=1" if expired else "")


def accounts_of(request: Request) -> Accounts:
    """The accounts of the request's agency runtime."""
    accounts: Accounts = request.app.state.runtime.accounts
    return accounts


def web_session(request: Request) -> WebSession | None:
    """The live session of the request's cookie, if any (cached on the request)."""
    if not hasattr(request.state, "web_session"):
        token = request.cookies.get(SESSION_COOKIE)
        request.state.web_session = accounts_of(request).session(token) if token else None
    found: WebSession | None = request.state.web_session
    return found


def authenticate(
    request: Request, credentials: HTTPAuthorizationCredentials | None
) -> Principal | None:
    """The caller: an API token's account, else the session cookie's; None if neither."""
    accounts = accounts_of(request)
    if credentials is not None:
        try:
            return accounts.by_token(credentials.credentials)
        except WrongAgency as exc:
            raise TOKEN_OF_THIS_AGENCY.error(
                f"this token belongs to {exc}; this is {accounts.agency.id}"
            ) from exc
    session = web_session(request)
    return None if session is None else session.principal


def requires(*roles: str, sign_in: str | None = None) -> Any:
    """The dependency of a route that admits ``roles`` (any of them). With ``sign_in``
    (a page) a caller without a session is redirected there rather than answered 401."""
    allowed = frozenset(roles)
    if not allowed:
        raise ValueError("a permission names at least one role")

    def permission(
        request: Request,
        credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)],
    ) -> Principal:
        principal = authenticate(request, credentials)
        if principal is None:
            if sign_in is not None:
                expired = SESSION_COOKIE in request.cookies
                raise SignInRequired(sign_in, expired=expired)
            raise Unauthenticated("an account's credentials are required")
        if principal.roles.isdisjoint(allowed):
            ROLE.refuse(f"this needs one of the roles {', '.join(sorted(allowed))}")
        request.state.principal = principal
        return principal

    permission.__dict__["rujukan_roles"] = allowed
    return Depends(permission)


async def _public() -> None:
    """Marks a route as public (health, readiness, sign-in, static files). Async, so that
    marking costs no worker thread."""


_public.__dict__["rujukan_roles"] = frozenset()
PUBLIC: Any = Depends(_public)


def declared_roles(route: APIRoute) -> frozenset[str] | None:
    """The roles a route admits (empty: public), or None if it declares nothing."""
    found: list[frozenset[str]] = []
    stack = [route.dependant]
    while stack:
        dependant = stack.pop()
        roles = getattr(dependant.call, "__dict__", {}).get("rujukan_roles")
        if roles is not None:
            found.append(roles)
        stack.extend(dependant.dependencies)
    return frozenset().union(*found) if found else None


@dataclass(frozen=True, slots=True)
class RouteInfo:
    """One route of an app as served: its path, methods and the roles it admits (empty:
    public; None: it declares nothing)."""

    path: str
    methods: frozenset[str]
    roles: frozenset[str] | None
    documentation: bool = False


def app_routes(app: FastAPI) -> list[RouteInfo]:
    """Every route ``app`` serves, its included routers' routes flattened."""
    found: list[RouteInfo] = []
    for context in iter_route_contexts(app.routes):
        route = context.original_route
        path = str(context.path or getattr(route, "path", None) or repr(route))
        methods = frozenset(context.methods or ())
        if isinstance(route, APIRoute):
            found.append(RouteInfo(path, methods, declared_roles(route)))
        else:
            found.append(RouteInfo(path, methods, None, documentation=path in DOC_PATHS))
    return found


def undeclared(app: FastAPI) -> list[str]:
    """Every route of ``app`` that declares no permission (`requires`, `PUBLIC`), other
    than FastAPI's documentation."""
    return [
        f"{','.join(sorted(r.methods))} {r.path}"
        for r in app_routes(app)
        if r.roles is None and not r.documentation
    ]


def check_declared(app: FastAPI) -> None:
    """Refuse an app with a route that declares no permission."""
    missing = undeclared(app)
    if missing:
        raise RuntimeError("routes without a declared permission: " + "; ".join(missing))
