"""The HTTP side of web sessions: cookies and form tokens, for the app under one path
(the companion's ``/companion``, the desk's ``/desk``).

- The session cookie (`SESSION_COOKIE`) holds the random token of a session
  (`rujukan.runtime.accounts.Accounts.log_in`): HttpOnly, SameSite=Lax, the app's path,
  Secure when ``companion_cookie_secure`` is set, and it expires with the session.
- Every state-changing request carries the session's form token: a hidden
  ``csrf_token`` field in the pages' forms, the ``X-CSRF-Token`` header in a JSON API
  (``GET /companion/api/me`` tells it). SameSite=Lax alone would still let another site's
  top-level form post through in some browsers and set-ups.
- The login form, before any session exists, is protected by a double-submit token: a
  random value in a short-lived cookie (`LOGIN_COOKIE`) that the form must repeat.
"""

from __future__ import annotations

import hmac

from fastapi import Request, Response

from rujukan.runtime.accounts import Accounts, Login, WebSession
from rujukan.runtime.accounts.http import SESSION_COOKIE, web_session
from rujukan.tokens import new_token

LOGIN_COOKIE = "rujukan_login"
CSRF_HEADER = "X-CSRF-Token"
LOGIN_FORM_SECONDS = 3600


def same(expected: str | None, given: str | None) -> bool:
    """Constant-time comparison of two tokens; a missing one never matches."""
    return bool(expected) and bool(given) and hmac.compare_digest(str(expected), str(given))


class Auth:
    """Sessions as the pages and a JSON API under ``path`` see them."""

    def __init__(self, accounts: Accounts, path: str, *, secure_cookie: bool = False) -> None:
        self.accounts = accounts
        self.path = path
        self.secure_cookie = secure_cookie

    def session_of(self, request: Request) -> WebSession | None:
        """The live session of the request's cookie, if any (the one the permission
        dependency already looked up)."""
        return web_session(request)

    def log_in(self, request: Request, account_id: str, password: str, surface: str) -> Login:
        """Sign in from the request's client address (the throttle counts per address);
        ``surface`` labels a refusal in the metrics."""
        client = request.client.host if request.client else ""
        return self.accounts.log_in(account_id.strip(), password, client, surface=surface)

    @staticmethod
    def had_session(request: Request) -> bool:
        """Whether the request came with a session cookie (e.g. one that expired)."""
        return SESSION_COOKIE in request.cookies

    def start(self, response: Response, login: Login) -> None:
        """Give the browser the new session's cookie, expiring with the session."""
        lifetime = login.session.expires_at - login.session.created_at
        response.set_cookie(
            SESSION_COOKIE,
            login.token,
            max_age=max(1, int(lifetime.total_seconds())),
            path=self.path,
            httponly=True,
            samesite="lax",
            secure=self.secure_cookie,
        )

    def end(self, request: Request, response: Response) -> None:
        """Log out: the session ends on the hub, and the browser forgets the cookie."""
        token = request.cookies.get(SESSION_COOKIE)
        if token:
            self.accounts.log_out(token)
        response.delete_cookie(
            SESSION_COOKIE, path=self.path, httponly=True, samesite="lax", secure=self.secure_cookie
        )

    @staticmethod
    def form_token_ok(session: WebSession, given: str | None) -> bool:
        return same(session.csrf_token, given)

    # --- the login form's double-submit token -----------------------------------------

    @staticmethod
    def new_login_token() -> str:
        return new_token(24)

    def remember_login_token(self, response: Response, token: str) -> None:
        """The cookie half of the login form's token (the form holds the other)."""
        response.set_cookie(
            LOGIN_COOKIE,
            token,
            max_age=LOGIN_FORM_SECONDS,
            path=self.path,
            httponly=True,
            samesite="strict",
            secure=self.secure_cookie,
        )

    @staticmethod
    def login_token_ok(request: Request, given: str | None) -> bool:
        return same(request.cookies.get(LOGIN_COOKIE), given)

    def forget_login_token(self, response: Response) -> None:
        response.delete_cookie(LOGIN_COOKIE, path=self.path, secure=self.secure_cookie)
