"""The demo accounts of the local network, as data (``<data dir>/demo_accounts.csv``).

``rujukan up`` creates them (`seed`) and prints them; ``rujukan demo`` signs in as them
(`demo_token`), so a password or token is written in one place only. They are public
values for the loopback demo; ``rujukan serve`` never creates accounts.
"""

from dataclasses import dataclass
from functools import cache
from pathlib import Path

from rujukan.datafiles import data_dir, read_rows
from rujukan.directory import Agency
from rujukan.rule_sets import RuleSet, load_rule_sets
from rujukan.runtime.accounts.passwords import Passwords
from rujukan.runtime.accounts.roles import ANY, DISTRICT
from rujukan.runtime.accounts.store import Accounts, api_token
from schemas.vocabulary import AgencyKind

DEMO_ACCOUNTS_FILE = "demo_accounts.csv"
SCHOOL_PROCEDURE = "school-procedure"
"""``held_at`` of the school staff: the education services of districts with a
school-violence procedure (Singkawang's SKW, Batang's BTG), never the others."""
COLUMNS = ("held_at", "id", "name", "roles", "school", "supervisor", "password", "token")


@dataclass(frozen=True, slots=True)
class DemoAccount:
    """One demo account and where it is created."""

    held_at: frozenset[str]
    account_id: str
    name: str
    roles: frozenset[str]
    school_id: str | None
    supervisor_id: str | None
    password: str | None
    token_secret: str | None

    @property
    def district_level(self) -> bool:
        return DISTRICT in self.held_at

    def at(self, agency: Agency) -> bool:
        """Whether ``agency`` holds it. A district account (the auditor) is held by every
        agency of the district: the trace asks each for its own records, with the one
        token. The school staff: an education service whose district applies a
        school-violence procedure (``rule_sets.csv``)."""
        if self.district_level:
            return True
        if SCHOOL_PROCEDURE in self.held_at:
            return agency.kind is AgencyKind.EDUCATION and _has_school_procedure(agency)
        return ANY in self.held_at or agency.kind.value in self.held_at


def _has_school_procedure(agency: Agency) -> bool:
    rule_sets = load_rule_sets(agency.district)
    return rule_sets.applied(RuleSet.SCHOOL_PROCEDURE) is not None


@cache
def demo_accounts(path: Path | None = None) -> tuple[DemoAccount, ...]:
    """Every demo account of the data file."""
    path = path if path is not None else data_dir() / DEMO_ACCOUNTS_FILE
    return tuple(
        DemoAccount(
            held_at=frozenset(row["held_at"].split()),
            account_id=row["id"],
            name=row["name"],
            roles=frozenset(row["roles"].split()),
            school_id=row["school"] or None,
            supervisor_id=row["supervisor"] or None,
            password=row["password"] or None,
            token_secret=row["token"] or None,
        )
        for _line, row in read_rows(path, COLUMNS)
    )


def for_agency(agency: Agency) -> list[DemoAccount]:
    """The demo accounts an agency holds."""
    return [account for account in demo_accounts() if account.at(agency)]


def demo_account(account_id: str) -> DemoAccount:
    """One demo account by id."""
    return next(a for a in demo_accounts() if a.account_id == account_id)


def demo_account_with(role: str) -> DemoAccount:
    """The first demo account holding ``role`` (the demo's intake officer, desk staff)."""
    return next(a for a in demo_accounts() if role in a.roles)


def demo_token(agency: Agency, account_id: str) -> str:
    """The API token of a demo account at ``agency``."""
    account = demo_account(account_id)
    if account.token_secret is None:
        raise ValueError(f"demo account {account_id} has no token")
    owner = agency.district if account.district_level else agency.id
    return api_token(owner, account.token_secret)


class DemoPasswords(Passwords):
    """The demo's public passwords, each hashed once per process and its hash given to
    every account that has it. An argon2id hash takes a tenth of a second by design, and
    `rujukan up` seeded some forty accounts before its agencies could start (more than
    half of its start-up); a salt shared between accounts reveals only that their
    passwords are equal, which the demo's data file says anyway. Never for a real
    account: `Accounts` hashes each password with a salt of its own."""

    def __init__(self) -> None:
        super().__init__()
        self._hashes: dict[str, str] = {}

    def hash(self, password: str) -> str:
        if password not in self._hashes:
            self._hashes[password] = super().hash(password)
        return self._hashes[password]


DEMO_PASSWORDS = DemoPasswords()


def seed(accounts: Accounts) -> list[DemoAccount]:
    """Create (or reset) the agency's demo accounts, so the demo values always work."""
    seeded = for_agency(accounts.agency)
    for account in seeded:
        accounts.add(
            account.account_id,
            account.name,
            account.roles,
            password=account.password,
            school_id=account.school_id,
            supervisor_id=account.supervisor_id,
            district_level=account.district_level,
            replace=True,
        )
        if account.token_secret is not None:
            accounts.issue_token(account.account_id, account.token_secret)
    return seeded
