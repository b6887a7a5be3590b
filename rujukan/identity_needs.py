"""Which referrals carry the child's identity by default, as data.

A referral carries only what the target needs for the service (LT Pasal 5 kerahasiaan;
UU PDP 27/2022 treats children's and health data as specific personal data): the child's
identity travels only for a service that cannot be given without it. The default per
service lives in ``<data dir>/identity_needs.csv`` (``service,identity_needed,reason``);
the companion may override it for one referral.
"""

from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType

from rujukan.datafiles import DataFileError, data_dir, read_data_rows
from schemas.vocabulary import ServiceType

IDENTITY_NEEDS_FILE = "identity_needs.csv"
IDENTITY_NEEDS_COLUMNS = ("service", "identity_needed", "reason")
_YES_NO = MappingProxyType({"yes": True, "no": False})


@dataclass(frozen=True, slots=True)
class IdentityNeed:
    """Whether a referral for ``service`` carries the identity by default, and why."""

    service: ServiceType
    identity_needed: bool
    reason: str


@dataclass(frozen=True)
class IdentityNeeds:
    """The default for every service of :class:`ServiceType`."""

    by_service: MappingProxyType[ServiceType, IdentityNeed]

    def needed(self, service: ServiceType) -> bool:
        """Whether a referral for ``service`` carries the identity unless overridden."""
        return self.by_service[service].identity_needed

    def decide(self, service: ServiceType, override: bool | None) -> bool:
        """The caller's choice when given, else the service's default."""
        return self.needed(service) if override is None else override


def load_identity_needs(path: Path | None = None) -> IdentityNeeds:
    """Load and validate the file: one line per service, every service once.

    Raises `DataFileError` listing every problem, each with its line.
    """
    path = path if path is not None else data_dir() / IDENTITY_NEEDS_FILE
    rows, errors = read_data_rows(path, IDENTITY_NEEDS_COLUMNS)
    needs: dict[ServiceType, IdentityNeed] = {}
    known = {s.value for s in ServiceType}
    for number, row in rows:
        where = f"{path}:{number}"
        if row["service"] not in known:
            errors.append(f"{where}: unknown service {row['service']!r}")
            continue
        service = ServiceType(row["service"])
        if service in needs:
            errors.append(f"{where}: service {service.value} is listed twice")
            continue
        if row["identity_needed"] not in _YES_NO:
            errors.append(f"{where}: identity_needed must be yes or no")
            continue
        if not row["reason"]:
            errors.append(f"{where}: reason is empty: say why the service needs it or not")
            continue
        needs[service] = IdentityNeed(service, _YES_NO[row["identity_needed"]], row["reason"])
    missing = [s.value for s in ServiceType if s not in needs]
    if missing and not errors:
        errors.append(f"{path}:0: no line for service(s) {', '.join(missing)}")
    if errors:
        raise DataFileError(errors)
    return IdentityNeeds(MappingProxyType(needs))
