"""An attacker of the published reports: from a report's figures alone, solve the linear
equations every table obeys and find any withheld figure they fix.

Written apart from `rujukan.disclosure` (numpy's floating-point rank rather than exact
elimination), so that a mistake in one is not repeated in the other. What the attacker
knows: each row of a table sums to its row total, each column to its column total, the
totals to the grand total; tables of one section that count the same population share
their grand total and the margins of a dimension over the same labels. The previous
period's tables are attacked on their own (nothing published links the periods).
"""

from collections.abc import Iterator, Mapping, Sequence
from typing import Any

import numpy as np

Key = tuple[int, str, str]


def _figures(index: int, table: Mapping[str, Any]) -> Iterator[tuple[Key, int | None]]:
    for r, row in enumerate(table["rows"]):
        for c, col in enumerate(table["cols"]):
            yield (index, row, col), table["cells"][r][c]
        if table["row_totals"] is not None:
            yield (index, row, "Σ"), table["row_totals"][r]
    for c, col in enumerate(table["cols"]):
        yield (index, "Σ", col), table["col_totals"][c]
    yield (index, "Σ", "Σ"), table["total"]


def _equations(tables: Sequence[Mapping[str, Any]]) -> list[dict[Key, int]]:
    eqs: list[dict[Key, int]] = []
    for i, t in enumerate(tables):
        many = t["row_totals"] is not None
        for row in t["rows"]:
            if many:
                eqs.append({**{(i, row, c): 1 for c in t["cols"]}, (i, row, "Σ"): -1})
        for col in t["cols"]:
            eqs.append({**{(i, r, col): 1 for r in t["rows"]}, (i, "Σ", col): -1})
        eqs.append({**{(i, "Σ", c): 1 for c in t["cols"]}, (i, "Σ", "Σ"): -1})
        if many:
            eqs.append({**{(i, r, "Σ"): 1 for r in t["rows"]}, (i, "Σ", "Σ"): -1})
    for i, a in enumerate(tables):
        for j, b in enumerate(tables):
            if j <= i or a["population"] != b["population"]:
                continue
            eqs.append({(i, "Σ", "Σ"): 1, (j, "Σ", "Σ"): -1})
            for dim, mine in _margins(i, a).items():
                theirs = _margins(j, b).get(dim)
                if theirs is not None and set(theirs) == set(mine):
                    eqs += [{mine[k]: 1, theirs[k]: -1} for k in mine]
    return eqs


def _margins(i: int, t: Mapping[str, Any]) -> dict[str, dict[str, Key]]:
    found = {t["col_dim"]: {c: (i, "Σ", c) for c in t["cols"]}}
    if t["row_totals"] is not None:
        found[t["row_dim"]] = {r: (i, r, "Σ") for r in t["rows"]}
    else:
        found[t["row_dim"]] = {r: (i, r, t["cols"][0]) for r in t["rows"]}
    return found


def exposed(tables: Sequence[Mapping[str, Any]]) -> list[Key]:
    """The withheld figures of ``tables`` that their published figures determine."""
    values = dict(f for i, t in enumerate(tables) for f in _figures(i, t))
    unknown = [k for k, v in values.items() if v is None]
    if not unknown:
        return []
    column = {k: n for n, k in enumerate(unknown)}
    eqs = _equations(tables)
    a = np.zeros((len(eqs), len(unknown)))
    for m, eq in enumerate(eqs):
        for key, coefficient in eq.items():
            if key in column:
                a[m, column[key]] = coefficient
    rank = np.linalg.matrix_rank(a)
    found = []
    for key, n in column.items():
        unit = np.zeros((1, len(unknown)))
        unit[0, n] = 1
        if np.linalg.matrix_rank(np.vstack([a, unit])) == rank:
            found.append(key)
    return found


def exposed_in_report(report: Mapping[str, Any]) -> list[tuple[str, Key]]:
    """Every withheld figure of every section and period that the report gives back."""
    return [
        (section["agency_id"], key)
        for section in report["sections"]
        for tables in (section["tables"], section["previous_tables"])
        for key in exposed(tables)
    ]
