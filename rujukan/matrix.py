"""A district's referral matrix (mekanisme rujukan): stage → institution → duty.

A referral names a stage and a target, and the target must be an institution the
district's own matrix lists for that stage (KH Lampiran I for Kapuas Hulu, LT Pasal
17(2) for Luwu Timur). Each district's matrix is a CSV file under
``districts/<district>/matrix.csv``; the code below is the same for every district, so
a new district is a new file, never new code.

An ``institution`` cell is either a directory id (``kh-polres``) or a selector
``category:<category>`` meaning every agency of that category in the district, so that
"Puskesmas di 23 Kecamatan" stays one row of the regulation and a new Puskesmas only
needs a directory line.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from rujukan.datafiles import DataFileError, data_dir, read_data_rows
from rujukan.directory import SLUG, Agency, AgencyDirectory, load_directory
from schemas.vocabulary import ServiceType

MATRIX_FILE = "matrix.csv"
DISTRICTS_DIR = "districts"
MATRIX_COLUMNS = ("stage", "institution", "service", "duty", "source")

CATEGORY_SELECTOR = "category:"
"""Prefix of an institution cell that selects every agency of a category in the district."""

ARTICLE = re.compile(r"\b(Pasal|Lampiran)\b")
"""Every row cites the article it comes from, a matrix derived from a regulation's text
(Belu, Singkawang, Batang) as much as one a regulation lists (KH Lampiran I)."""

STAGE = re.compile(r"^[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)*$")
"""UPPER_SNAKE form of the district's own stage name, e.g. ``REHABILITASI_KESEHATAN``."""


class UnknownDistrict(ValueError):
    """A district id that is not a slug, or that has no matrix file."""


class UnknownStage(LookupError):
    """A stage that the district's matrix does not have."""

    def __str__(self) -> str:
        return str(self.args[0])


class TargetNotInMatrix(ValueError):
    """A referral target that the matrix does not list for the stage.

    The message starts with the article the matrix row cites (e.g. ``KH Lampiran I``)
    so the companion sees which rule refused the referral.
    """

    def __init__(
        self,
        *,
        district: str,
        stage: str,
        agency_id: str,
        source: str,
        listed: tuple[str, ...],
    ) -> None:
        self.district = district
        self.stage = stage
        self.agency_id = agency_id
        self.source = source
        self.listed = listed
        super().__init__(
            f"{source}: {agency_id} is not listed for stage {stage} in the {district} "
            f"referral matrix; listed: {', '.join(listed)}"
        )


@dataclass(frozen=True, slots=True)
class MatrixRow:
    """One row of a referral matrix: at this stage, this institution has this duty."""

    stage: str
    institution: str
    service: ServiceType
    duty: str
    source: str
    line: int

    @property
    def selected_category(self) -> str | None:
        """The category a ``category:`` selector names, or None for a plain agency id."""
        if self.institution.startswith(CATEGORY_SELECTOR):
            return self.institution.removeprefix(CATEGORY_SELECTOR)
        return None

    def matches(self, agency: Agency, district: str) -> bool:
        """Whether the row lists this agency (directly, or through its category)."""
        category = self.selected_category
        if category is None:
            return agency.id == self.institution
        return agency.category == category and agency.district == district


@dataclass(frozen=True, slots=True)
class DistrictMatrix:
    """A district's referral matrix, rows in file order (the regulation's order)."""

    district: str
    rows: tuple[MatrixRow, ...]

    def stages(self) -> tuple[str, ...]:
        """The stages, in the order they first appear in the file."""
        return tuple(dict.fromkeys(row.stage for row in self.rows))

    def rows_for(self, stage: str) -> tuple[MatrixRow, ...]:
        """The rows of a stage; raises `UnknownStage` if the matrix has no such stage."""
        rows = tuple(row for row in self.rows if row.stage == stage)
        if not rows:
            raise UnknownStage(
                f"stage {stage!r} is not in the {self.district} referral matrix; "
                f"stages: {', '.join(self.stages())}"
            )
        return rows

    def targets_for(self, stage: str, directory: AgencyDirectory) -> list[Agency]:
        """Every agency a referral at this stage may go to, selectors expanded, no repeats."""
        targets: dict[str, Agency] = {}
        for row in self.rows_for(stage):
            for agency in _expand(row, self.district, directory):
                targets.setdefault(agency.id, agency)
        return list(targets.values())

    def service_for(self, stage: str, agency_id: str, directory: AgencyDirectory) -> ServiceType:
        """The service a referral to this agency at this stage asks for.

        Raises `TargetNotInMatrix` if the agency is not listed for the stage.
        """
        return check_referral_target(self, directory, stage, agency_id).service

    def row_listing(self, stage: str, agency: Agency) -> MatrixRow | None:
        """The row listing the agency; a row naming its id wins over a category selector."""
        matching = [row for row in self.rows_for(stage) if row.matches(agency, self.district)]
        direct = [row for row in matching if row.selected_category is None]
        candidates = direct or matching
        return candidates[0] if candidates else None


def _expand(row: MatrixRow, district: str, directory: AgencyDirectory) -> tuple[Agency, ...]:
    """The agencies a row names; an id the directory lacks names none."""
    category = row.selected_category
    if category is not None:
        return directory.by_category(district, category)
    if row.institution in directory:
        return (directory.get(row.institution),)
    return ()


def check_referral_target(
    matrix: DistrictMatrix, directory: AgencyDirectory, stage: str, agency_id: str
) -> MatrixRow:
    """The referral rule: the target must be listed for the stage in the district's matrix.

    Returns the matching row (its duty and service describe what is asked). Raises
    `TargetNotInMatrix` citing the stage's article (e.g. KH Lampiran I), `UnknownStage`
    for a stage the matrix does not have.
    """
    rows = matrix.rows_for(stage)
    row = None
    if agency_id in directory:
        row = matrix.row_listing(stage, directory.get(agency_id))
    if row is None:
        raise TargetNotInMatrix(
            district=matrix.district,
            stage=stage,
            agency_id=agency_id,
            source=", ".join(dict.fromkeys(r.source for r in rows)),
            listed=tuple(r.institution for r in rows),
        )
    return row


def matrix_path(district: str) -> Path:
    """Where a district's matrix lives: ``<data dir>/districts/<district>/matrix.csv``."""
    return data_dir() / DISTRICTS_DIR / district / MATRIX_FILE


def available_districts() -> list[str]:
    """The districts that have a matrix file, sorted."""
    root = data_dir() / DISTRICTS_DIR
    if not root.is_dir():
        return []
    return sorted(
        entry.name
        for entry in root.iterdir()
        if SLUG.fullmatch(entry.name) and (entry / MATRIX_FILE).is_file()
    )


def load_matrix(district: str, directory: AgencyDirectory | None = None) -> DistrictMatrix:
    """Load and validate a district's matrix against the directory.

    Raises `UnknownDistrict` for a district id that is not a slug or has no matrix, and
    `DataFileError` listing every problem of the file, each with its line.
    """
    _check_district_id(district)
    path = matrix_path(district)
    if not path.is_file():
        known = ", ".join(available_districts()) or "none"
        raise UnknownDistrict(
            f"district {district!r} has no referral matrix ({path}); known: {known}"
        )
    directory = directory if directory is not None else load_directory()
    rows, errors = _parse_matrix(path, directory, district)
    if errors:
        raise DataFileError(errors)
    return DistrictMatrix(district=district, rows=tuple(rows))


def check_matrix(path: Path, directory: AgencyDirectory, district: str | None = None) -> list[str]:
    """Every problem of a matrix file, as ``"<file>:<line>: <what is wrong>"``.

    The district defaults to the name of the folder holding the file
    (``districts/<district>/matrix.csv``). An empty list means the file is valid.
    """
    district = district if district is not None else path.parent.name
    return _parse_matrix(path, directory, district)[1]


def _check_district_id(district: str) -> None:
    if not SLUG.fullmatch(district):
        raise UnknownDistrict(
            f"district id {district!r} is not a slug (lower-case words joined by hyphens, "
            "e.g. kapuas-hulu)"
        )


def _parse_matrix(
    path: Path, directory: AgencyDirectory, district: str
) -> tuple[list[MatrixRow], list[str]]:
    """Parse and validate a matrix file; rows are returned only for valid lines."""
    records, errors = read_data_rows(path, MATRIX_COLUMNS)
    if not SLUG.fullmatch(district):
        errors.append(f"{path}:0: district {district!r} is not a slug")
    rows: list[MatrixRow] = []
    first_line: dict[tuple[str, str], int] = {}
    for number, record in records:
        row_errors = list(_row_errors(record, directory, district))
        key = (record["stage"], record["institution"])
        if key in first_line:
            row_errors.append(
                f"duplicate row for stage {key[0]} and institution {key[1]} "
                f"(first at line {first_line[key]})"
            )
        else:
            first_line[key] = number
        errors.extend(f"{path}:{number}: {message}" for message in row_errors)
        if not row_errors:
            rows.append(_make_row(record, number))
    if not records and not errors:
        errors.append(f"{path}:0: the matrix has no rows")
    return rows, errors


def _make_row(record: dict[str, str], line: int) -> MatrixRow:
    return MatrixRow(
        stage=record["stage"],
        institution=record["institution"],
        service=ServiceType(record["service"]),
        duty=record["duty"],
        source=record["source"],
        line=line,
    )


def _row_errors(record: dict[str, str], directory: AgencyDirectory, district: str) -> Iterable[str]:
    """What is wrong with one matrix line, field by field."""
    if not STAGE.fullmatch(record["stage"]):
        yield f"stage {record['stage']!r} is not an UPPER_SNAKE slug (e.g. REHABILITASI_KESEHATAN)"
    yield from _institution_errors(record["institution"], directory, district)
    if record["service"] not in {s.value for s in ServiceType}:
        allowed = ", ".join(s.value for s in ServiceType)
        yield f"unknown service {record['service']!r} (expected one of: {allowed})"
    if not record["duty"]:
        yield "duty is empty: transcribe the regulation's tugas dan kewenangan"
    if not ARTICLE.search(record["source"]):
        yield (
            f"source {record['source']!r} cites no article: a row transcribed or derived "
            "from a regulation names its Pasal or Lampiran (e.g. KH Lampiran I, BLU Pasal 9)"
        )


def _institution_errors(institution: str, directory: AgencyDirectory, district: str) -> list[str]:
    """An institution cell must name an agency of this district, or select some."""
    if institution.startswith(CATEGORY_SELECTOR):
        category = institution.removeprefix(CATEGORY_SELECTOR)
        if not SLUG.fullmatch(category):
            return [f"selector {institution!r} does not name a category slug"]
        if not directory.by_category(district, category):
            return [f"selector {institution} matches no agency in {district}"]
        return []
    if institution not in directory:
        return [f"unknown institution id {institution!r}: not in the agency directory"]
    agency = directory.get(institution)
    if agency.district != district:
        return [f"institution {institution} belongs to {agency.district}, not {district}"]
    return []
