"""The roles of the network's accounts, and which agencies may give them, as data.

``<data dir>/roles.csv`` lists each role with where it may be held: the kinds of agency
instance (an intake hub's ``companion``), ``district`` (an account of the district itself,
such as its ``auditor``), or ``any`` instance (``operator``, ``monitoring``). Routes name
the roles they admit; this module only says which roles an account may have at all.
"""

from dataclasses import dataclass
from functools import cache
from pathlib import Path

from rujukan.datafiles import DataFileError, data_dir, read_data_rows
from schemas.vocabulary import AgencyKind

ROLES_FILE = "roles.csv"
ROLES_COLUMNS = ("role", "held_at", "what")
DISTRICT = "district"
ANY = "any"


@dataclass(frozen=True, slots=True)
class Role:
    """A role and where an account may hold it."""

    name: str
    held_at: frozenset[str]
    what: str

    def held_by(self, kind: AgencyKind, *, district_level: bool) -> bool:
        """Whether an account of an agency of ``kind`` (or of its district) may hold it."""
        if district_level:
            return DISTRICT in self.held_at
        return ANY in self.held_at or kind.value in self.held_at


@dataclass(frozen=True)
class Roles:
    """Every role of the network."""

    by_name: dict[str, Role]

    def unfit(self, names: frozenset[str], kind: AgencyKind, *, district_level: bool) -> list[str]:
        """The names among ``names`` that are unknown or not held where the account is."""
        return sorted(
            name
            for name in names
            if name not in self.by_name
            or not self.by_name[name].held_by(kind, district_level=district_level)
        )

    def for_kind(self, kind: AgencyKind, *, district_level: bool = False) -> list[str]:
        """The roles an account of an agency of ``kind`` may hold, in file order."""
        return [
            role.name
            for role in self.by_name.values()
            if role.held_by(kind, district_level=district_level)
        ]


def load_roles(path: Path | None = None) -> Roles:
    """Load and validate the roles file; raises `DataFileError` listing every problem."""
    path = path if path is not None else data_dir() / ROLES_FILE
    rows, errors = read_data_rows(path, ROLES_COLUMNS)
    kinds = {kind.value for kind in AgencyKind} | {DISTRICT, ANY}
    by_name: dict[str, Role] = {}
    for number, row in rows:
        held_at = frozenset(row["held_at"].split())
        unknown = sorted(held_at - kinds)
        if unknown or not held_at:
            errors.append(f"{path}:{number}: held_at names no known kind: {row['held_at']!r}")
        elif row["role"] in by_name:
            errors.append(f"{path}:{number}: role {row['role']!r} is listed twice")
        else:
            by_name[row["role"]] = Role(row["role"], held_at, row["what"])
    if errors:
        raise DataFileError(errors, path)
    return Roles(by_name)


@cache
def network_roles() -> Roles:
    """The roles of the data folder, read once per process."""
    return load_roles()
