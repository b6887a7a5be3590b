"""Fetching a district's report sections from its agencies, as the reporting role.

Every online intake hub and education service of the district serves
``GET /reports/section`` (`rujukan.runtime.reports`); each applies disclosure control
before it answers, so this side only joins what was already safe to publish.
"""

from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from typing import Any

import httpx

from ops.cli.errors import Unreachable, UserError
from rujukan.directory import AgencyDirectory
from rujukan.report_html import join
from rujukan.report_periods import Period
from rujukan.runtime.reports import SECTION_PATH
from schemas.vocabulary import AgencyKind

REPORTING_KINDS = (AgencyKind.INTAKE, AgencyKind.EDUCATION)
"""The kinds of agency that count for the report: the hub (cases and referrals) and
the education service (school reports)."""


def reporting_agencies(directory: AgencyDirectory, district: str) -> list[str]:
    """The district's online agencies that serve a report section, hub first."""
    found = [
        a for a in directory.in_district(district) if a.kind in REPORTING_KINDS and a.runs_software
    ]
    return [a.id for a in sorted(found, key=lambda a: (REPORTING_KINDS.index(a.kind), a.id))]


def fetch_sections(
    urls: Mapping[str, str], token: str, period: Period, timeout: float = 30.0
) -> list[dict[str, Any]]:
    """Each agency's section (agency id → its base URL), in the order given."""
    params = {"from": period.start.isoformat(), "to": period.end.isoformat()}
    headers = {"Authorization": f"Bearer {token}"}
    sections = []
    with httpx.Client(timeout=timeout) as client:
        for agency_id, url in urls.items():
            try:
                response = client.get(f"{url}{SECTION_PATH}", params=params, headers=headers)
            except httpx.TransportError as exc:
                raise Unreachable(agency_id, url) from exc
            if response.status_code != 200:
                raise UserError(
                    f"{agency_id} refused the report section: {response.status_code} "
                    f"{_detail(response)}"
                )
            sections.append(response.json())
    return sections


def _detail(response: httpx.Response) -> str:
    try:
        return str(response.json().get("detail", ""))
    except ValueError:
        return ""


def report(
    district: str, district_name: str, sections: Sequence[Mapping[str, Any]]
) -> dict[str, Any]:
    """The joined report, stamped with the time it was generated (UTC)."""
    generated = datetime.now(UTC).replace(microsecond=0).isoformat()
    return join(district, district_name, generated, sections)
