"""What every use case of violence in schools is given: the ports (the agency and the
directory, a unit-of-work factory, read sessions, the audit of identity reads, the
repository, a clock) and the district's procedure and rules derived from them once.
The use cases are functions of their own modules over a :class:`School`; nothing here
reaches for the whole runtime, so a unit test passes fakes."""

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session, sessionmaker

from rujukan.calendar import WorkingDayCalendar
from rujukan.directory import Agency, AgencyDirectory
from rujukan.errors import NotFound
from rujukan.identity_needs import IdentityNeeds, load_identity_needs
from rujukan.matrix import DistrictMatrix, load_matrix
from rujukan.referral_deadlines import district_timezone
from rujukan.rule_sets import RuleSet, load_rule_sets
from rujukan.runtime.audit import IdentityAudit
from rujukan.runtime.uow import UnitOfWork
from rujukan.stamps import utcnow
from services.education.domain import SchoolReport
from services.education.domain.procedure import SchoolProcedure
from services.education.domain.schooling import SchoolingRules, schooling_rules
from services.education.repository import SchoolRepository

ReportGuard = Callable[[SchoolReport], None]
"""Raises unless the caller may make this move on the report as loaded (and locked) for
it: :class:`services.education.access.SchoolAccess` passes the access rule in."""

ReportFilter = Callable[[SchoolReport], bool]
"""Whether a report is listed for the caller (its summary and deadlines)."""


def anyone(_report: SchoolReport) -> None:
    """The guard of a caller the service trusts (tests of the use cases, the monitor)."""


def everything(_report: SchoolReport) -> bool:
    return True


@dataclass(kw_only=True, eq=False)
class School:
    """Violence in schools at one Dinas Pendidikan (SKW Pasal 36–68, BTG Pasal 13–23),
    given its ports; ``procedure`` is the district's school-violence procedure, or None
    where it adopted none. The district's calendar, time zone, matrix, schooling rules
    and intake hub follow from the agency."""

    agency: Agency
    directory: AgencyDirectory
    unit_of_work: Callable[[], UnitOfWork]
    read_sessions: sessionmaker[Session]
    audit: IdentityAudit
    procedure: SchoolProcedure | None
    clock: Callable[[], datetime] = utcnow
    repository: Callable[[Session], SchoolRepository] = SchoolRepository
    """The repository port: the education tables through a session."""
    calendar: WorkingDayCalendar = field(init=False)
    zone: ZoneInfo = field(init=False)
    matrix: DistrictMatrix = field(init=False)
    schooling: SchoolingRules | None = field(init=False)
    """The district's schooling rules (LT 23, SKW 39, BTG 18(2)f), or None."""
    identity_needs: IdentityNeeds = field(init=False)
    hub: Agency | None = field(init=False)

    def __post_init__(self) -> None:
        district = self.agency.district
        self.calendar = WorkingDayCalendar.for_district(district)
        self.zone = district_timezone(district)
        self.matrix = load_matrix(district, self.directory)
        self.schooling = schooling_rules(load_rule_sets(district).applied(RuleSet.SCHOOLING))
        self.identity_needs = load_identity_needs()
        hubs = [hub for hub in self.directory.hubs(district) if hub.runs_software]
        self.hub = hubs[0] if hubs else None

    @property
    def school_procedure(self) -> SchoolProcedure:
        """The school-violence procedure of the district; a district that adopted none
        handles no school report (404, as for a route it does not serve)."""
        if self.procedure is None:
            raise NotFound(f"{self.agency.district} applies no school-violence procedure")
        return self.procedure

    @property
    def journal_topic(self) -> str:
        """Where the Satgas PPK, the Dinas and auditors read this service's events."""
        return self.agency.journal_topic

    def today(self) -> date:
        """Today in the district's own time zone: a deadline is a local day."""
        return self.clock().astimezone(self.zone).date()

    @contextmanager
    def locked(
        self, reference: str, guard: ReportGuard
    ) -> Iterator[tuple[UnitOfWork, SchoolRepository, SchoolReport]]:
        """A command's unit of work with the report loaded and locked, for a caller
        ``guard`` admits on the report as locked (SKW 37(3), 38(1): it may change hands)."""
        with self.unit_of_work() as uow:
            repo = self.in_unit(uow)
            report = repo.load(reference, for_update=True)
            guard(report)
            yield uow, repo, report

    def in_unit(self, uow: UnitOfWork) -> SchoolRepository:
        """The repository of a command's unit of work."""
        return self.repository(uow.session)
