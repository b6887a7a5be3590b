"""The agency directory (daftar lembaga): who is on the referral network, as data.

Every institution a district's referral matrix names must exist here, whether it runs
software or not: offline institutions (NGOs, Kodim, Dukcapil, ...) still receive
referrals by letter and their outcome is recorded by hand. The directory is a CSV file
so that a district can add a Puskesmas without a code change; this module only reads
and validates it, and answers lookups. It does no other I/O.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType

from rujukan.datafiles import DataFileError, data_dir, read_data_rows
from schemas.vocabulary import AgencyKind

"""Environment variable that, when set, replaces the packaged ``rujukan/data`` folder."""

DIRECTORY_FILE = "directory.csv"
DIRECTORY_COLUMNS = ("id", "name", "kind", "category", "district", "runs_software")

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
"""Lower-case words joined by single hyphens: agency ids, categories and districts."""

DISTRICT_ID_PREFIXES: MappingProxyType[str, str] = MappingProxyType(
    {
        "kapuas-hulu": "kh-",
        "luwu-timur": "lt-",
        "singkawang": "skw-",
        "batang": "btg-",
        "belu": "blu-",
    }
)
"""Agency ids carry their district's prefix so an id alone tells a reader the district.

Districts not listed here are not prefix-checked (their ids must still be slugs)."""

YES_NO: MappingProxyType[str, bool] = MappingProxyType({"yes": True, "no": False})

SOFTWARE_OPTIONAL_KINDS = frozenset({AgencyKind.INTAKE, AgencyKind.OFFLINE})
"""Kinds that may run no software: offline bodies, and a hub that still works on paper.

Every other kind (health, social, legal, education) names the service implementation
the agency runs, so it must run software; an offline body must not."""

INBOX_TOPIC_PREFIX = "rujukan.inbox."
DEAD_LETTER_TOPIC_PREFIX = "rujukan.dlq."
JOURNAL_TOPIC_PREFIX = "rujukan.journal."


class UnknownAgency(LookupError):
    """An agency id that is not in the directory."""

    def __init__(self, agency_id: str) -> None:
        self.agency_id = agency_id
        super().__init__(f"unknown agency id {agency_id!r}: it is not in the agency directory")

    def __str__(self) -> str:
        return str(self.args[0])


@dataclass(frozen=True, slots=True)
class Agency:
    """One institution (lembaga) on the network, as listed in the directory."""

    id: str
    name: str
    kind: AgencyKind
    category: str
    district: str
    runs_software: bool

    @property
    def inbox_topic(self) -> str:
        """The topic the agency's service consumes referrals from (the network's naming)."""
        return f"{INBOX_TOPIC_PREFIX}{self.id}"

    @property
    def dead_letter_topic(self) -> str:
        """Where messages the agency cannot process are parked for a person to look at."""
        return f"{DEAD_LETTER_TOPIC_PREFIX}{self.id}"

    @property
    def journal_topic(self) -> str:
        """Where an intake hub publishes its case journal (complaint to termination), and
        an education service its school reports, routing, notices, copies, unroutable and
        handed-over referrals and missed deadlines: case ids
        and administrative facts, never a child's identity. Auditors, the Satgas PPK and
        the Dinas read it; nobody consumes it as an inbox."""
        return f"{JOURNAL_TOPIC_PREFIX}{self.id}"


@dataclass(frozen=True)
class AgencyDirectory:
    """An immutable, id-indexed set of agencies, in file order."""

    agencies: tuple[Agency, ...]
    _by_id: MappingProxyType[str, Agency] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        by_id: dict[str, Agency] = {}
        for agency in self.agencies:
            if agency.id in by_id:
                raise ValueError(f"duplicate agency id {agency.id!r}")
            by_id[agency.id] = agency
        object.__setattr__(self, "agencies", tuple(self.agencies))
        object.__setattr__(self, "_by_id", MappingProxyType(by_id))

    def get(self, agency_id: str) -> Agency:
        """The agency with this id; raises `UnknownAgency` if there is none."""
        try:
            return self._by_id[agency_id]
        except KeyError:
            raise UnknownAgency(agency_id) from None

    def __contains__(self, agency_id: object) -> bool:
        return agency_id in self._by_id

    def __iter__(self) -> Iterator[Agency]:
        return iter(self.agencies)

    def __len__(self) -> int:
        return len(self.agencies)

    def districts(self) -> tuple[str, ...]:
        """The districts that have at least one agency, in file order."""
        return tuple(dict.fromkeys(agency.district for agency in self.agencies))

    def in_district(self, district: str) -> tuple[Agency, ...]:
        """Every agency of a district (kabupaten)."""
        return tuple(a for a in self.agencies if a.district == district)

    def by_category(self, district: str, category: str) -> tuple[Agency, ...]:
        """Every agency of one institution type in a district, e.g. all its Puskesmas."""
        return tuple(a for a in self.in_district(district) if a.category == category)

    def hubs(self, district: str) -> tuple[Agency, ...]:
        """The district's intake hubs: the Dinas that receives complaints (LT Pasal 9(1))."""
        return tuple(a for a in self.in_district(district) if a.kind is AgencyKind.INTAKE)

    def online(self) -> tuple[Agency, ...]:
        """Agencies that run software and so consume their inbox topic."""
        return tuple(a for a in self.agencies if a.runs_software)


def load_directory(path: Path | None = None) -> AgencyDirectory:
    """Load and validate the agency directory (default: ``<data dir>/directory.csv``).

    Raises `DataFileError` listing every problem in the file, each with its line.
    """
    path = path if path is not None else data_dir() / DIRECTORY_FILE
    rows, errors = read_data_rows(path, DIRECTORY_COLUMNS)
    agencies: list[Agency] = []
    first_line: dict[str, int] = {}
    for number, row in rows:
        agency, row_errors = _parse_agency(row)
        errors.extend(f"{path}:{number}: {message}" for message in row_errors)
        agency_id = row["id"]
        if agency_id in first_line:
            errors.append(
                f"{path}:{number}: duplicate id {agency_id!r} "
                f"(first at line {first_line[agency_id]})"
            )
        elif agency_id:
            first_line[agency_id] = number
            if agency is not None:
                agencies.append(agency)
    if errors:
        raise DataFileError(errors)
    return AgencyDirectory(tuple(agencies))


def _parse_agency(row: dict[str, str]) -> tuple[Agency | None, list[str]]:
    """Validate one directory row; the agency is None when any field is invalid."""
    errors = [
        *_slug_errors(row),
        *_name_errors(row),
        *_prefix_errors(row),
    ]
    kind = _parse_kind(row["kind"], errors)
    runs_software = _parse_yes_no(row["runs_software"], errors)
    if kind is not None and runs_software is not None:
        errors.extend(_software_errors(kind, runs_software))
    if errors or kind is None or runs_software is None:
        return None, errors
    agency = Agency(
        id=row["id"],
        name=row["name"],
        kind=kind,
        category=row["category"],
        district=row["district"],
        runs_software=runs_software,
    )
    return agency, []


def _slug_errors(row: dict[str, str]) -> list[str]:
    return [
        f"{column} {row[column]!r} is not a slug (lower-case words joined by hyphens)"
        for column in ("id", "category", "district")
        if not SLUG.fullmatch(row[column])
    ]


def _name_errors(row: dict[str, str]) -> list[str]:
    return [] if row["name"] else ["name is empty"]


def _prefix_errors(row: dict[str, str]) -> list[str]:
    """Ids of known districts must carry the district prefix (``kh-``, ``lt-``)."""
    prefix = DISTRICT_ID_PREFIXES.get(row["district"])
    if prefix is None or row["id"].startswith(prefix):
        return []
    return [f"id {row['id']!r} of district {row['district']} must start with {prefix!r}"]


def _parse_kind(value: str, errors: list[str]) -> AgencyKind | None:
    try:
        return AgencyKind(value)
    except ValueError:
        allowed = ", ".join(k.value for k in AgencyKind)
        errors.append(f"unknown kind {value!r} (expected one of: {allowed})")
        return None


def _parse_yes_no(value: str, errors: list[str]) -> bool | None:
    if value in YES_NO:
        return YES_NO[value]
    errors.append(f"runs_software must be yes or no, got {value!r}")
    return None


def _software_errors(kind: AgencyKind, runs_software: bool) -> list[str]:
    """An offline body runs no software; a service kind must run its service."""
    if kind is AgencyKind.OFFLINE and runs_software:
        return ["kind offline means the institution runs no software: runs_software must be no"]
    if kind not in SOFTWARE_OPTIONAL_KINDS and not runs_software:
        return [f"kind {kind.value} runs the {kind.value} service: runs_software must be yes"]
    return []
