"""Disclosure control of the district's reports: no published figure identifies a child.

A report is a set of count tables. Before a table leaves the agency that counted it:

1. **Primary suppression.** A count of 1 to ``THRESHOLD - 1`` children (a cell, a row or
   column total, a grand total) is withheld; 0 is published (it tells of no child).
2. **Complementary suppression.** The published totals are linear equations over the
   cells (each row sums to its total, each column to its total, the totals to the grand
   total, and tables that count the same population share their grand total and the
   margins of a dimension they share). A withheld cell that these equations still
   determine from the published figures is given back by them, so more cells are
   withheld (the smallest first, cells before margins) until no withheld figure is
   determined. Determined means: its unit vector lies in the row space of the equations
   restricted to the withheld figures, computed exactly in rational arithmetic.
3. **Statistics** (a median of working days) are published only for a group of at least
   ``THRESHOLD`` children.

The previous period's tables are protected on their own, and a trend is shown only
where both periods publish the figure, so the comparison adds no equation. Free text is
never counted into a table: rows and columns are closed vocabularies and agency ids.
The rule is written down in ``docs/reports.md``.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from statistics import median
from typing import Any

THRESHOLD = 5
"""Counts of fewer children than this are withheld (and 0 is published)."""
TOTAL = "total"
"""The label of a table's total row and column."""


@dataclass(frozen=True)
class TableShape:
    """What a table counts: ``rows`` × ``cols`` of one ``population`` (tables of one
    population share their totals)."""

    name: str
    title: str
    population: str
    row_dim: str
    col_dim: str
    rows: tuple[str, ...]
    cols: tuple[str, ...]

    @property
    def one_column(self) -> bool:
        """A one-column table (``cols == ("count",)``) has no row totals."""
        return len(self.cols) == 1


@dataclass(frozen=True)
class CountTable(TableShape):
    """A table of counts before disclosure control."""

    counts: Mapping[tuple[str, str], int] = field(default_factory=dict)

    def count(self, row: str, col: str) -> int:
        return int(self.counts.get((row, col), 0))


def labels(vocabulary: Iterable[Any], *extra: str) -> tuple[str, ...]:
    """A dimension's labels: the values of a closed vocabulary, then ``extra`` ones."""
    return (*(member.value for member in vocabulary), *extra)


def count_table(
    name: str,
    title: str,
    rows: tuple[str, tuple[str, ...]],
    cols: tuple[str, tuple[str, ...]],
    pairs: Iterable[tuple[str, str]],
    *,
    population: str | None = None,
) -> CountTable:
    """A table counting ``pairs`` of (row, column) labels; ``rows`` and ``cols`` are each
    a dimension's name and its labels. A counted row label that is not among them (a
    value no longer in the vocabulary) gets a row after them, so no count is lost."""
    counts = Counter(pairs)
    row_labels = rows[1] + tuple(sorted({r for r, _ in counts} - set(rows[1])))
    return CountTable(
        name=name,
        title=title,
        population=population or name,
        row_dim=rows[0],
        col_dim=cols[0],
        rows=row_labels,
        cols=cols[1],
        counts=dict(counts),
    )


@dataclass(frozen=True)
class PublishedTable(TableShape):
    """A table as published: ``None`` where a figure is withheld."""

    cells: tuple[tuple[int | None, ...], ...]
    row_totals: tuple[int | None, ...] | None
    col_totals: tuple[int | None, ...]
    total: int | None

    def as_json(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "title": self.title,
            "population": self.population,
            "row_dim": self.row_dim,
            "col_dim": self.col_dim,
            "rows": list(self.rows),
            "cols": list(self.cols),
            "cells": [list(row) for row in self.cells],
            "row_totals": None if self.row_totals is None else list(self.row_totals),
            "col_totals": list(self.col_totals),
            "total": self.total,
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> PublishedTable:
        rows = data["row_totals"]
        return cls(
            name=data["name"],
            title=data["title"],
            population=data["population"],
            row_dim=data["row_dim"],
            col_dim=data["col_dim"],
            rows=tuple(data["rows"]),
            cols=tuple(data["cols"]),
            cells=tuple(tuple(row) for row in data["cells"]),
            row_totals=None if rows is None else tuple(rows),
            col_totals=tuple(data["col_totals"]),
            total=data["total"],
        )

    def withheld(self) -> int:
        """How many figures of the table are withheld."""
        figures = [*sum(self.cells, ()), *(self.row_totals or ()), *self.col_totals, self.total]
        return sum(1 for value in figures if value is None)


# --- the figures of a table and their equations -------------------------------------

Figure = tuple[int, str, str]
"""(table index, row label or TOTAL, column label or TOTAL)."""


def figures_of(index: int, table: TableShape) -> list[Figure]:
    """Every figure a table publishes: its cells, row totals (unless one column),
    column totals and grand total."""
    found: list[Figure] = [(index, r, c) for r in table.rows for c in table.cols]
    if not table.one_column:
        found += [(index, r, TOTAL) for r in table.rows]
    found += [(index, TOTAL, c) for c in table.cols]
    found.append((index, TOTAL, TOTAL))
    return found


def equations_of(tables: Sequence[TableShape]) -> list[dict[Figure, int]]:
    """The linear equations (figure → coefficient, summing to 0) that the published
    figures of ``tables`` obey, those that link tables of one population included."""
    equations: list[dict[Figure, int]] = []
    for i, t in enumerate(tables):
        if not t.one_column:
            for r in t.rows:
                equations.append({**{(i, r, c): 1 for c in t.cols}, (i, r, TOTAL): -1})
            equations.append({**{(i, r, TOTAL): 1 for r in t.rows}, (i, TOTAL, TOTAL): -1})
        for c in t.cols:
            equations.append({**{(i, r, c): 1 for r in t.rows}, (i, TOTAL, c): -1})
        equations.append({**{(i, TOTAL, c): 1 for c in t.cols}, (i, TOTAL, TOTAL): -1})
    equations += _links(tables)
    return [e for e in equations if e]


def _links(tables: Sequence[TableShape]) -> list[dict[Figure, int]]:
    """Tables of one population: equal grand totals, equal margins of a shared dimension."""
    links: list[dict[Figure, int]] = []
    for i, a in enumerate(tables):
        for j in range(i + 1, len(tables)):
            b = tables[j]
            if a.population != b.population:
                continue
            links.append({(i, TOTAL, TOTAL): 1, (j, TOTAL, TOTAL): -1})
            links += _shared_margins(i, a, j, b)
    return links


def _margins(index: int, t: TableShape) -> dict[str, dict[str, Figure]]:
    """A table's margin figures by dimension: dimension → label → figure."""
    cols = {c: (index, TOTAL, c) for c in t.cols}
    found = {t.col_dim: cols}
    if not t.one_column:
        found[t.row_dim] = {r: (index, r, TOTAL) for r in t.rows}
    else:
        found[t.row_dim] = {r: (index, r, t.cols[0]) for r in t.rows}
    return found


def _shared_margins(i: int, a: TableShape, j: int, b: TableShape) -> list[dict[Figure, int]]:
    mine, theirs = _margins(i, a), _margins(j, b)
    links = []
    for dim in mine.keys() & theirs.keys():
        if set(mine[dim]) != set(theirs[dim]):
            continue  # the same dimension over other labels: no equation
        links += [{mine[dim][label]: 1, theirs[dim][label]: -1} for label in mine[dim]]
    return links


def determined(
    equations: Sequence[Mapping[Figure, int]], withheld: Iterable[Figure]
) -> set[Figure]:
    """The withheld figures that the equations fix from the published ones.

    With the published figures moved to the right-hand side, a withheld figure is fixed
    exactly when its unit vector lies in the row space of the equations restricted to the
    withheld figures: in reduced row echelon form, a pivot column whose row has no other
    withheld figure."""
    unknown = sorted(set(withheld))
    position = {figure: k for k, figure in enumerate(unknown)}
    rows = []
    for equation in equations:
        row = {position[f]: Fraction(c) for f, c in equation.items() if f in position and c}
        if row:
            rows.append(row)
    pivots = _reduce(rows)
    return {
        unknown[col] for col, row in pivots.items() if all(k == col for k in row if row[k] != 0)
    }


def _reduce(rows: list[dict[int, Fraction]]) -> dict[int, dict[int, Fraction]]:
    """Gauss–Jordan elimination on sparse rows: pivot column → its reduced row."""
    pivots: dict[int, dict[int, Fraction]] = {}
    for row in rows:
        row = dict(row)
        for col, pivot_row in pivots.items():
            factor = row.get(col)
            if factor:
                _subtract(row, pivot_row, factor)
        row = {k: v for k, v in row.items() if v != 0}
        if not row:
            continue
        col = min(row)
        lead = row[col]
        row = {k: v / lead for k, v in row.items()}
        for other in pivots.values():
            factor = other.get(col)
            if factor:
                _subtract(other, row, factor)
        pivots[col] = row
    return {col: {k: v for k, v in row.items() if v != 0} for col, row in pivots.items()}


def _subtract(
    row: dict[int, Fraction], pivot_row: Mapping[int, Fraction], factor: Fraction
) -> None:
    for k, v in pivot_row.items():
        row[k] = row.get(k, Fraction(0)) - factor * v


# --- suppression --------------------------------------------------------------------


def _value(tables: Sequence[CountTable], figure: Figure) -> int:
    index, row, col = figure
    t = tables[index]
    rows = t.rows if row == TOTAL else (row,)
    cols = t.cols if col == TOTAL else (col,)
    return sum(t.count(r, c) for r in rows for c in cols)


def sensitive(value: int) -> bool:
    """A count of 1 to THRESHOLD - 1 children."""
    return 0 < value < THRESHOLD


def suppress(tables: Sequence[CountTable]) -> set[Figure]:
    """The figures to withhold from ``tables`` (protected together): the small counts
    and their complements, until no withheld figure is determined by the others; then
    every complement that is not needed is published again."""
    figures = [f for i, t in enumerate(tables) for f in figures_of(i, t)]
    values = {f: _value(tables, f) for f in figures}
    equations = equations_of(tables)
    primary = {f for f in figures if sensitive(values[f])}
    withheld = set(primary)
    while True:
        exposed = determined(equations, withheld)
        if not exposed:
            break
        complement = _complement(min(exposed), equations, withheld, values)
        if complement is None:
            return set(figures)  # nothing left to hide behind: withhold all
        withheld.add(complement)
    for figure in sorted(withheld - primary, key=lambda f: _cost(f, values), reverse=True):
        if not determined(equations, withheld - {figure}):
            withheld.discard(figure)
    return withheld


def _cost(figure: Figure, values: Mapping[Figure, int]) -> tuple[bool, int, int, Figure]:
    """How much withholding ``figure`` costs the reader: a zero most (a withheld zero
    hides little and hides it oddly), then a grand total, a margin, a larger count."""
    _index, row, col = figure
    level = (row == TOTAL) + (col == TOTAL)
    return (values[figure] == 0, level, values[figure], figure)


def _complement(
    target: Figure,
    equations: Sequence[Mapping[Figure, int]],
    withheld: set[Figure],
    values: Mapping[Figure, int],
) -> Figure | None:
    """The figure to withhold next for ``target``: the least revealing (`_cost`) of the
    published counts in an equation with it, else of all published counts; a zero only
    when no count is left."""
    unused = {f for e in equations for f in e if f not in withheld}
    near = {f for e in equations if target in e for f in e if f in unused}
    for pool in (near, unused):
        counts = {f for f in pool if values[f] > 0}
        if counts or pool is unused:
            choice = counts or pool
            if choice:
                return min(choice, key=lambda f: _cost(f, values))
    return None


def protect(tables: Sequence[CountTable]) -> list[PublishedTable]:
    """The tables as they may be published: each population's tables protected
    together."""
    withheld: set[Figure] = set()
    by_population: dict[str, list[int]] = {}
    for i, t in enumerate(tables):
        by_population.setdefault(t.population, []).append(i)
    for indexes in by_population.values():
        group = [tables[i] for i in indexes]
        for k, row, col in suppress(group):
            withheld.add((indexes[k], row, col))
    return [_published(i, t, withheld) for i, t in enumerate(tables)]


def _published(index: int, t: CountTable, withheld: set[Figure]) -> PublishedTable:
    def shown(row: str, col: str) -> int | None:
        if (index, row, col) in withheld:
            return None
        return _value([t], (0, row, col))

    return PublishedTable(
        name=t.name,
        title=t.title,
        population=t.population,
        row_dim=t.row_dim,
        col_dim=t.col_dim,
        rows=t.rows,
        cols=t.cols,
        cells=tuple(tuple(shown(r, c) for c in t.cols) for r in t.rows),
        row_totals=None if t.one_column else tuple(shown(r, TOTAL) for r in t.rows),
        col_totals=tuple(shown(TOTAL, c) for c in t.cols),
        total=shown(TOTAL, TOTAL),
    )


def safe_median(values: Sequence[float]) -> float | None:
    """The median of a group of at least THRESHOLD children, else None (withheld)."""
    return float(median(values)) if len(values) >= THRESHOLD else None


@dataclass(frozen=True)
class Measure:
    """A statistic per group (the median working days of a service's answers), before
    disclosure control: the values of each group."""

    name: str
    title: str
    unit: str
    groups: Mapping[str, Sequence[float]]

    def as_json(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "title": self.title,
            "unit": self.unit,
            "values": {group: safe_median(v) for group, v in sorted(self.groups.items())},
        }


def section(
    *,
    agency_id: str,
    district: str,
    period: Mapping[str, str],
    previous: Mapping[str, str],
    tables: Sequence[CountTable],
    previous_tables: Sequence[CountTable],
    measures: Sequence[Measure] = (),
) -> dict[str, Any]:
    """One agency's section of a report, protected where it was counted: the period's
    tables, the previous period's (protected on their own) and the measures."""
    return {
        "agency_id": agency_id,
        "district": district,
        "period": dict(period),
        "previous_period": dict(previous),
        "threshold": THRESHOLD,
        "tables": [t.as_json() for t in protect(tables)],
        "previous_tables": [t.as_json() for t in protect(previous_tables)],
        "measures": [m.as_json() for m in measures],
    }
