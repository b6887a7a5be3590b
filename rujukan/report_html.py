"""A district report as text: joining the agencies' protected sections, its trend, and
its HTML page (tables and inline SVG charts, standard library only).

Everything here works on published figures only (a withheld figure is ``None``): the
trend of a figure is shown only where both periods publish it, so it adds nothing a
reader could not compute from the two tables (:mod:`rujukan.disclosure`).
"""

from __future__ import annotations

import base64
import hashlib
from collections.abc import Iterator, Mapping, Sequence
from html import escape
from typing import Any

from rujukan.datafiles import data_dir, read_rows

WITHHELD = "<5*"
"""How a withheld figure is printed: fewer than 5 children, or withheld to protect one."""
NOTE = (
    "* withheld: fewer than 5 children, or withheld so that the totals cannot give a "
    "small count back. No figure names or identifies a child; no free text is copied."
)


def join(
    district: str, district_name: str, generated_at: str, sections: Sequence[Mapping[str, Any]]
) -> dict[str, Any]:
    """The district's report: the agencies' sections side by side, as they published them."""
    first = sections[0] if sections else {}
    return {
        "district": district,
        "district_name": district_name,
        "period": first.get("period"),
        "previous_period": first.get("previous_period"),
        "generated_at": generated_at,
        "threshold": first.get("threshold"),
        "sections": [dict(s) for s in sections],
    }


def district_name(district: str) -> str | None:
    """The district's name (``rujukan/data/districts.csv``), None if unknown."""
    for _line, row in read_rows(data_dir() / "districts.csv", ("id", "name", "timezone")):
        if row["id"] == district:
            return row["name"]
    return None


def shown(value: int | None) -> str:
    return WITHHELD if value is None else str(value)


def change(current: int | None, previous: int | None) -> str:
    """The trend of one figure: only where both periods publish it."""
    if current is None or previous is None:
        return ""
    return f"{current - previous:+d}"


def tables_of(report: Mapping[str, Any]) -> Iterator[tuple[str, dict[str, Any], dict[str, Any]]]:
    """(agency id, this period's table, the previous period's) of every section."""
    for section in report["sections"]:
        previous = {t["name"]: t for t in section["previous_tables"]}
        for table in section["tables"]:
            yield section["agency_id"], table, previous.get(table["name"], table)


def rows_of(table: Mapping[str, Any]) -> Iterator[tuple[str, list[int | None], int | None]]:
    """(row label, cells, row total) of a table, the column totals last as ``total``."""
    totals = table["row_totals"]
    for index, label in enumerate(table["rows"]):
        cells = table["cells"][index]
        yield label, cells, cells[0] if totals is None else totals[index]
    yield "total", table["col_totals"], table["total"]


def label(text: str) -> str:
    """A vocabulary value as a reader reads it."""
    return text.replace("_", " ")


# --- HTML ---------------------------------------------------------------------------


STYLE = """
body{font-family:system-ui,sans-serif;margin:2rem;color:#1b1b1b;max-width:70rem}
h1{font-size:1.5rem}h2{font-size:1.2rem;margin-top:2rem;border-bottom:2px solid #2a6f97}
h3{font-size:1rem;margin:1.5rem 0 .3rem}
table{border-collapse:collapse;font-size:.85rem;margin:.3rem 0}
th,td{border:1px solid #bbb;padding:.2rem .45rem;text-align:right}
th{background:#eef4f8}td.l,th.l{text-align:left}tr.total td{font-weight:600}
.w{color:#8a4b00}.note{font-size:.85rem;color:#444}.trend{color:#555;font-size:.75rem}
figure{margin:.3rem 0}
"""


def page_policy() -> str:
    """The Content-Security-Policy of the report page: its own style sheet only (by
    hash), no script, a form that stays on the page."""
    digest = base64.b64encode(hashlib.sha256(STYLE.encode()).digest()).decode()
    return (
        f"default-src 'none'; style-src 'sha256-{digest}'; form-action 'self'; "
        "frame-ancestors 'none'; base-uri 'none'"
    )


def period_form(report: Mapping[str, Any]) -> str:
    """A form that asks the page again for another period (GET, no state changed)."""
    period = report["period"] or {}
    return (
        "<form method='get'><label>From <input type='date' name='from' "
        f"value='{escape(period.get('from', ''))}'></label> "
        "<label>to <input type='date' name='to' "
        f"value='{escape(period.get('to', ''))}'></label> <button>Show</button></form>"
    )


def html(report: Mapping[str, Any], *, form: bool = False) -> str:
    """The report as one self-contained HTML page (with ``form``: asking for another
    period, as the agency's report page does)."""
    period, previous = report["period"] or {}, report["previous_period"] or {}
    parts = [
        "<!doctype html><html lang='en'><head><meta charset='utf-8'>",
        f"<title>Report {escape(report['district_name'])} {escape(period.get('label', ''))}"
        "</title>",
        f"<style>{STYLE}</style></head><body>",
        f"<h1>{escape(report['district_name'])}: child protection referrals</h1>",
        f"<p>Period {escape(period.get('from', ''))} to {escape(period.get('to', ''))} "
        f"({escape(period.get('label', ''))}); compared with {escape(previous.get('from', ''))}"
        f" to {escape(previous.get('to', ''))}. Generated {escape(report['generated_at'])}.</p>",
        f"<p class='note'>{escape(NOTE)}</p>",
        period_form(report) if form else "",
    ]
    agency = None
    for agency_id, table, before in tables_of(report):
        if agency_id != agency:
            parts.append(f"<h2>{escape(agency_id)}</h2>")
            agency = agency_id
        parts.append(_table_html(table, before))
    for section in report["sections"]:
        parts += [_measure_html(section["agency_id"], m) for m in section.get("measures", ())]
    parts.append("</body></html>")
    return "\n".join(parts)


def _table_html(table: Mapping[str, Any], before: Mapping[str, Any]) -> str:
    cols = table["cols"]
    one = table["row_totals"] is None
    head = "".join(f"<th>{escape(label(c))}</th>" for c in cols)
    head += "" if one else "<th>total</th>"
    head += "<th>previous</th><th>change</th>"
    previous = {r: total for r, _cells, total in rows_of(before)}
    body = []
    for row, cells, total in rows_of(table):
        figures = cells if one else [*cells, total]
        tds = "".join(_td(v) for v in figures)
        earlier = previous.get(row, 0)  # a row the previous period lacks counted none
        tds += _td(earlier) + f"<td class='trend'>{change(total, earlier)}</td>"
        css = " class='total'" if row == "total" else ""
        body.append(f"<tr{css}><td class='l'>{escape(label(row))}</td>{tds}</tr>")
    return (
        f"<h3 id='{escape(table['name'])}'>{escape(table['title'])}</h3>"
        f"<table><tr><th class='l'>{escape(label(table['row_dim']))}</th>{head}</tr>"
        + "".join(body)
        + "</table>"
        + _chart(table, before)
    )


def _td(value: int | None) -> str:
    return "<td class='w'>" + escape(WITHHELD) + "</td>" if value is None else f"<td>{value}</td>"


def _chart(table: Mapping[str, Any], before: Mapping[str, Any]) -> str:
    """Horizontal bars of the row totals, this period beside the previous one, for the
    rows with a count in either; a withheld figure has no bar."""
    previous = {r: t for r, _c, t in rows_of(before)}
    rows = [(r, t) for r, _c, t in rows_of(table) if r != "total" and (t or previous.get(r))]
    values = [v for _r, v in rows if v] + [v for v in previous.values() if v]
    if not values:
        return ""
    top, bar, width = max(values), 9, 320
    lines = []
    for i, (row, value) in enumerate(rows):
        y = i * (2 * bar + 6)
        lines.append(
            f"<text x='0' y='{y + bar + 2}' font-size='10'>{escape(label(row))}</text>"
            + _bar(y, value, top, width, bar, "#2a6f97")
            + _bar(y + bar, previous.get(row), top, width, bar, "#a9c6d8")
        )
    height = len(rows) * (2 * bar + 6)
    return (
        f"<figure><svg role='img' aria-label='chart: {escape(table['title'])}' "
        f"width='{width + 220}' height='{height}'>{''.join(lines)}</svg></figure>"
    )


def _bar(y: int, value: int | None, top: int, width: int, bar: int, colour: str) -> str:
    if not value:
        return ""
    length = max(1, round(width * value / top))
    return f"<rect x='200' y='{y}' width='{length}' height='{bar - 1}' fill='{colour}'/>"


def _measure_html(agency_id: str, measure: Mapping[str, Any]) -> str:
    rows = "".join(
        f"<tr><td class='l'>{escape(label(group))}</td>"
        f"<td>{escape('<5*' if value is None else f'{value:g}')}</td></tr>"
        for group, value in measure["values"].items()
    )
    return (
        f"<h3>{escape(agency_id)}: {escape(measure['title'])} ({escape(measure['unit'])})</h3>"
        f"<table><tr><th class='l'>group</th><th>median</th></tr>{rows}</table>"
    )
