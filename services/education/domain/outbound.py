"""Where the school's own referrals and notices go (BTG Pasal 18(2)b, 18(2)i–j, 18(4)c;
SKW Pasal 65), decided from the report, the district's matrix and the directory alone.

:func:`plan_outbound` turns the duties of :func:`~.batang.automatic_actions` into what
the service sends: notices to the parents and to the Dinas or Gugus Tugas, referrals to
the institution the district's matrix lists for each service needed, and the report to
the police. The regulation names no institution ("lembaga layanan yang dibutuhkan",
"aparat penegak hukum setempat"); the matrix does, so a district's own data decides.

A duty the matrix cannot route (no institution listed for the service runs software) is
not dropped: the plan names it in :attr:`Outbound.unroutable`, so the service stores it
with the report and announces it on its journal topic. The duty of 18(4)c ("wajib
melakukan rujukan segera") and of 18(2)j stands whether or not the institution is online.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from rujukan.directory import Agency, AgencyDirectory
from rujukan.identity_needs import IdentityNeeds
from rujukan.matrix import DistrictMatrix, MatrixRow
from schemas.school import Impact, PartyRole, SchoolNoticeKind, ViolenceForm
from schemas.vocabulary import AgencyKind, CaseCategory, ServiceType
from services.education.domain.batang import ActionKind, automatic_actions
from services.education.domain.parties import Party
from services.education.domain.report import SchoolReport

POLICE_CATEGORY = "police"
"""The directory category of the local police (Polres): aparat penegak hukum setempat."""


@dataclass(frozen=True)
class Destination:
    """A matrix row and the online institution it lists."""

    stage: str
    target_id: str
    service: ServiceType
    duty: str


@dataclass(frozen=True)
class PlannedReferral:
    """One referral the school makes at once: for a child victim's service (BTG 18(4)c)
    or the report to the police (18(2)j), or a recovery service (SKW 65)."""

    party_id: str | None
    destination: Destination
    article: str
    identity: bool
    police_report: bool = False


@dataclass(frozen=True)
class PlannedNotice:
    """A notice the school owes: to a pupil's parents (18(2)b, 18(4)h) or to the Dinas or
    Gugus Tugas (18(2)i)."""

    kind: SchoolNoticeKind
    article: str
    party_id: str | None = None
    about: tuple[PartyRole, ...] = ()
    by_letter: bool = False
    services: tuple[ServiceType, ...] = ()


@dataclass(frozen=True)
class UnroutableReferral:
    """A referral BTG 18 requires at once that no institution on the network can take:
    the district's matrix lists none that runs software for the service needed by a
    pupil victim (18(4)c), or no police online (18(2)j). The school head still owes it
    (by letter); the Satgas and the Dinas are told. ``about`` holds the pupil's roles,
    which is all that leaves the service (SKW 33, 44(2))."""

    party_id: str | None
    service: ServiceType
    article: str
    about: tuple[PartyRole, ...] = ()
    police_report: bool = False


@dataclass(frozen=True)
class Outbound:
    notices: tuple[PlannedNotice, ...]
    referrals: tuple[PlannedReferral, ...]
    unroutable: tuple[UnroutableReferral, ...] = ()
    """Referrals owed at once that the district's matrix cannot route (BTG 18(4)c, 18(2)j)."""

    def since(self, before: Outbound | None) -> Outbound:
        """What this plan owes that the plan ``before`` a command did not: each duty is
        sent once. The report to the police is one per report (BTG 18(2)j) — a child
        victim added later does not make a second one, though it changes whom the
        planned report is about."""
        if before is None:
            return self
        police_done = any(r.police_report for r in before.referrals) or any(
            u.police_report for u in before.unroutable
        )
        return Outbound(
            notices=tuple(n for n in self.notices if n not in before.notices),
            referrals=tuple(
                r
                for r in self.referrals
                if r not in before.referrals and not (r.police_report and police_done)
            ),
            unroutable=tuple(
                u
                for u in self.unroutable
                if u not in before.unroutable and not (u.police_report and police_done)
            ),
        )


def _roles(party: Party | None) -> tuple[PartyRole, ...]:
    return tuple(role for role in PartyRole if party.has(role)) if party is not None else ()


def _rows_listing(
    matrix: DistrictMatrix, agencies: Iterable[Agency]
) -> list[tuple[MatrixRow, Agency]]:
    found = []
    for row in matrix.rows:
        for agency in agencies:
            if row.matches(agency, matrix.district):
                found.append((row, agency))
    return found


def _destination(row: MatrixRow, agency: Agency) -> Destination:
    return Destination(stage=row.stage, target_id=agency.id, service=row.service, duty=row.duty)


def service_destination(
    matrix: DistrictMatrix, directory: AgencyDirectory, service: ServiceType
) -> Destination | None:
    """The first institution the matrix lists for ``service`` that runs software and is
    not an intake hub; a row naming an agency wins over a category selector."""
    online = [
        a
        for a in directory.in_district(matrix.district)
        if a.runs_software and a.kind is not AgencyKind.INTAKE
    ]
    listed = [(row, a) for row, a in _rows_listing(matrix, online) if row.service is service]
    direct = [(row, a) for row, a in listed if row.selected_category is None]
    chosen = (direct or listed)[:1]
    return _destination(*chosen[0]) if chosen else None


def police_destination(matrix: DistrictMatrix, directory: AgencyDirectory) -> Destination | None:
    """The district's police as its matrix lists it: a legal-service row if there is one
    (LT Pasal 17(2)e), else its first row (KH Lampiran I: IDENTIFIKASI)."""
    police = [a for a in directory.by_category(matrix.district, POLICE_CATEGORY) if a.runs_software]
    listed = _rows_listing(matrix, police)
    legal = [(row, a) for row, a in listed if row.service is ServiceType.LEGAL]
    chosen = (legal or listed)[:1]
    return _destination(*chosen[0]) if chosen else None


def case_category(report: SchoolReport) -> CaseCategory:
    """The hub's case category (LT Pasal 4(1)) a school report suggests."""
    if ViolenceForm.SEXUAL in report.forms or Impact.SEXUAL_VIOLENCE in report.impacts:
        return CaseCategory.SEXUAL_VIOLENCE
    if ViolenceForm.PHYSICAL in report.forms:
        return CaseCategory.PHYSICAL_VIOLENCE
    if report.forms & {ViolenceForm.PSYCHOLOGICAL, ViolenceForm.BULLYING}:
        return CaseCategory.PSYCHOLOGICAL_VIOLENCE
    return CaseCategory.OTHER_SPECIAL_PROTECTION


def plan_outbound(
    report: SchoolReport,
    matrix: DistrictMatrix,
    directory: AgencyDirectory,
    identity_needs: IdentityNeeds,
) -> Outbound:
    """What BTG Pasal 18 makes the school send for ``report``, in a stable order. A
    referral for which the district's matrix lists no institution online is named in
    ``unroutable`` instead, never left out (BTG 18(4)c, 18(2)j)."""
    notices: list[PlannedNotice] = []
    referrals: list[PlannedReferral] = []
    unroutable: list[UnroutableReferral] = []
    referred: dict[str, list[ServiceType]] = {}
    actions = automatic_actions(report)
    for action in actions:
        if action.kind is ActionKind.REFER_TO_SERVICE and action.service is not None:
            found = service_destination(matrix, directory, action.service)
            if found is None:
                party = report.party(action.party_id) if action.party_id is not None else None
                unroutable.append(
                    UnroutableReferral(
                        party_id=action.party_id,
                        service=action.service,
                        article=action.article,
                        about=_roles(party),
                    )
                )
                continue
            referrals.append(
                PlannedReferral(
                    party_id=action.party_id,
                    destination=found,
                    article=action.article,
                    identity=identity_needs.needed(found.service),
                )
            )
            referred.setdefault(action.party_id or "", []).append(action.service)
    for action in actions:
        if action.kind is ActionKind.NOTIFY_PARENTS and action.party_id is not None:
            party = report.party(action.party_id)
            services = tuple(referred.get(action.party_id, ()))
            article = action.article + (", 18(4)c" if services else "")
            notices.append(
                PlannedNotice(
                    kind=SchoolNoticeKind.PARENTS,
                    article=article,
                    party_id=action.party_id,
                    about=tuple(r for r in (PartyRole.VICTIM, PartyRole.REPORTED) if party.has(r)),
                    by_letter=action.by_letter,
                    services=services,
                )
            )
        elif action.kind is ActionKind.REPORT_TO_DINAS_OR_GUGUS_TUGAS:
            notices.append(
                PlannedNotice(kind=SchoolNoticeKind.DINAS_OR_GUGUS_TUGAS, article=action.article)
            )
        elif action.kind is ActionKind.REPORT_TO_POLICE:
            found = police_destination(matrix, directory)
            victims = [p for p in report.with_role(PartyRole.VICTIM) if p.is_child_pupil]
            if found is None:
                unroutable.append(
                    UnroutableReferral(
                        party_id=victims[0].party_id if victims else None,
                        service=ServiceType.LEGAL,
                        article=action.article,
                        about=_roles(victims[0] if victims else None),
                        police_report=True,
                    )
                )
                continue
            referrals.append(
                PlannedReferral(
                    party_id=victims[0].party_id if victims else None,
                    destination=found,
                    article=action.article,
                    identity=bool(victims) and identity_needs.needed(found.service),
                    police_report=True,
                )
            )
    return Outbound(tuple(notices), tuple(referrals), tuple(unroutable))
