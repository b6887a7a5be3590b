"""The network's accounts: one module for every service.

People (companions, desk staff, a school's TPPK...) sign in with a password and use web
sessions; agency systems call with API tokens. Every account belongs to one agency
instance or to its district and holds roles (``roles.csv``). Routes declare the roles they
admit through :func:`rujukan.runtime.accounts.http.requires`.
"""

from rujukan.runtime.accounts.principal import Principal
from rujukan.runtime.accounts.store import (
    Account,
    AccountError,
    Accounts,
    Login,
    LoginRefused,
    WebSession,
    WrongAgency,
    api_token,
)
from rujukan.runtime.accounts.tables import ACCOUNTS

__all__ = [
    "ACCOUNTS",
    "Account",
    "AccountError",
    "Accounts",
    "Login",
    "LoginRefused",
    "Principal",
    "WebSession",
    "WrongAgency",
    "api_token",
]
