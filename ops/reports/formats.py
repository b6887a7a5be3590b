"""A district report written as CSV, JSON, HTML or PDF, from its published figures only.

The PDF is drawn with matplotlib (the ``local`` extra): a title page, then each table as
text with a bar chart of its rows, this period beside the previous one. Fonts are
embedded as TrueType (``pdf.fonttype`` 42) so that a text extractor reads the figures.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from rujukan.report_html import NOTE, change, html, label, rows_of, shown, tables_of

FORMATS = ("csv", "json", "html", "pdf")


def as_json(report: Mapping[str, Any]) -> bytes:
    return (json.dumps(report, indent=2, ensure_ascii=False) + "\n").encode()


def as_csv(report: Mapping[str, Any]) -> bytes:
    """One line per published figure: agency, table, row, column, this period's and the
    previous period's value (``withheld`` where withheld), and the change."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["agency", "table", "row", "column", "value", "previous", "change"])
    for agency_id, table, before in tables_of(report):
        previous = {r: (cells, total) for r, cells, total in rows_of(before)}
        cols = [*table["cols"], *([] if table["row_totals"] is None else ["total"])]
        for row, cells, total in rows_of(table):
            # a row the previous period lacks counted none
            earlier_cells, earlier_total = previous.get(row, ([0] * len(table["cols"]), 0))
            figures = cells if table["row_totals"] is None else [*cells, total]
            earlier = (
                earlier_cells if table["row_totals"] is None else [*earlier_cells, earlier_total]
            )
            for index, column in enumerate(cols):
                now = figures[index]
                then = earlier[index] if index < len(earlier) else None
                writer.writerow(
                    [
                        agency_id,
                        table["name"],
                        row,
                        column,
                        _csv(now),
                        _csv(then),
                        change(now, then),
                    ]
                )
    return out.getvalue().encode()


def _csv(value: int | None) -> str:
    return "withheld" if value is None else str(value)


def as_html(report: Mapping[str, Any]) -> bytes:
    return html(report).encode()


def as_pdf(report: Mapping[str, Any]) -> bytes:
    """Pages of A4: the title and the rule, then one table and its chart per page."""
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib.backends.backend_pdf import PdfPages
    from matplotlib.figure import Figure

    matplotlib.rcParams["pdf.fonttype"] = 42
    out = io.BytesIO()
    with PdfPages(out, metadata={"Title": _title(report), "Creator": "rujukan report"}) as pdf:
        page = Figure(figsize=(8.27, 11.69))
        page.text(0.08, 0.92, _title(report), fontsize=16, weight="bold")
        period, previous = report["period"] or {}, report["previous_period"] or {}
        lines = [
            f"Period {period.get('from')} to {period.get('to')} ({period.get('label')})",
            f"Compared with {previous.get('from')} to {previous.get('to')}",
            f"Generated {report['generated_at']}",
            "",
            *_wrapped(NOTE, 90),
        ]
        page.text(0.08, 0.86, "\n".join(lines), fontsize=10, va="top")
        pdf.savefig(page)
        for agency_id, table, before in tables_of(report):
            pdf.savefig(_table_page(Figure, agency_id, table, before))
    return out.getvalue()


def _title(report: Mapping[str, Any]) -> str:
    return f"{report['district_name']}: child protection referrals"


def _wrapped(text: str, width: int) -> list[str]:
    lines, line = [], ""
    for word in text.split():
        if len(line) + len(word) + 1 > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    return [*lines, line]


def _table_page(
    figure: Callable[..., Any], agency_id: str, table: Mapping[str, Any], before: Mapping[str, Any]
) -> Any:
    """One table as monospaced text (a wide one on a landscape page, its type sized to
    fit) above the bar chart of its rows."""
    one = table["row_totals"] is None
    cols = [*map(label, table["cols"]), *([] if one else ["total"]), "previous", "change"]
    previous = {r: total for r, _cells, total in rows_of(before)}
    first = max(len(label(table["row_dim"])), *(len(label(r)) for r in table["rows"]), 5) + 1
    width = min(13, max(7, *(len(c) + 1 for c in cols)))
    lines = [
        label(table["row_dim"]).ljust(first) + "".join(c[: width - 1].rjust(width) for c in cols)
    ]
    bars: list[tuple[str, int | None, int | None]] = []
    for row, cells, total in rows_of(table):
        figures = cells if one else [*cells, total]
        earlier = previous.get(row, 0)  # a row the previous period lacks counted none
        texts = [*map(shown, figures), shown(earlier), change(total, earlier)]
        lines.append(label(row).ljust(first) + "".join(t.rjust(width) for t in texts))
        if row != "total" and (total or earlier):
            bars.append((label(row), total, earlier))
    characters = max(len(line) for line in lines)
    size = (11.69, 8.27) if characters > 110 else (8.27, 11.69)
    page = figure(figsize=size)
    page.text(0.05, 0.95, f"{agency_id}: {table['title']}", fontsize=11, weight="bold")
    points = min(8.0, size[0] * 72 * 0.9 / (0.6 * characters))
    page.text(0.05, 0.91, "\n".join(lines), fontsize=points, family="monospace", va="top")
    _chart(page, bars)
    return page


def _chart(page: Any, bars: list[tuple[str, int | None, int | None]]) -> None:
    """Bars of the row totals (withheld: no bar), this period and the previous."""
    if not any((now or 0) + (then or 0) for _l, now, then in bars):
        return
    axes = page.add_axes((0.3, 0.06, 0.62, 0.36))
    positions = range(len(bars))
    axes.barh([p + 0.2 for p in positions], [b[1] or 0 for b in bars], 0.4, label="this period")
    axes.barh([p - 0.2 for p in positions], [b[2] or 0 for b in bars], 0.4, label="previous period")
    axes.set_yticks(list(positions), [b[0] for b in bars], fontsize=7)
    axes.invert_yaxis()
    axes.legend(fontsize=7)


WRITERS: dict[str, Callable[[Mapping[str, Any]], bytes]] = {
    "csv": as_csv,
    "json": as_json,
    "html": as_html,
    "pdf": as_pdf,
}


def write(report: Mapping[str, Any], form: str, path: Path | None) -> bytes:
    """The report in ``form``, written to ``path`` if given; returns the bytes."""
    data = WRITERS[form](report)
    if path is not None:
        path.write_bytes(data)
    return data
