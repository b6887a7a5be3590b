"""Disclosure control of the district's reports (docs/reports.md): every count of 1–4
children is withheld, and the published totals, margins and linked tables cannot give a
withheld figure back — tried by an attacker that solves the published equations."""

from datetime import date
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rujukan.disclosure import (
    THRESHOLD,
    TOTAL,
    CountTable,
    Measure,
    figures_of,
    protect,
    sensitive,
)
from rujukan.errors import RuleViolation
from rujukan.report_periods import (
    PeriodError,
    five_years,
    preset,
    report_period,
    semester,
    six_months,
    year,
)
from tests.support.disclosure_attack import exposed


def table(
    name: str, counts: dict[tuple[str, str], int], *, rows: int, cols: int, **extra: str
) -> CountTable:
    return CountTable(
        name=name,
        title=name,
        population=extra.get("population", name),
        row_dim=extra.get("row_dim", "row"),
        col_dim=extra.get("col_dim", "col"),
        rows=tuple(f"r{i}" for i in range(rows)),
        cols=tuple(f"c{j}" for j in range(cols)) if cols > 1 else ("count",),
        counts=counts,
    )


def truth(t: CountTable, row: str, col: str) -> int:
    rows = t.rows if row == TOTAL else (row,)
    cols = t.cols if col == TOTAL else (col,)
    return sum(t.count(r, c) for r in rows for c in cols)


def published_value(p: dict[str, Any], row: str, col: str) -> int | None:
    value: int | None
    if row == TOTAL and col == TOTAL:
        value = p["total"]
    elif row == TOTAL:
        value = p["col_totals"][p["cols"].index(col)]
    elif col == TOTAL:
        value = p["row_totals"][p["rows"].index(row)]
    else:
        value = p["cells"][p["rows"].index(row)][p["cols"].index(col)]
    return value


def check(tables: list[CountTable]) -> list[dict[str, Any]]:
    """Protect ``tables`` and check the rule: every published figure true, every small
    one withheld, no withheld one determined."""
    published = [p.as_json() for p in protect(tables)]
    for i, t in enumerate(tables):
        for _index, row, col in figures_of(i, t):
            value = published_value(published[i], row, col)
            real = truth(t, row, col)
            assert value is None or value == real, (t.name, row, col)
            if sensitive(real):
                assert value is None, (t.name, row, col, real)
    assert exposed(published) == []
    return published


def test_a_small_cell_is_withheld_with_complements_so_the_margins_do_not_give_it_back():
    t = table("cases", {("r0", "c0"): 6, ("r1", "c1"): 1, ("r0", "c1"): 9}, rows=2, cols=2)
    (p,) = check([t])
    assert p["cells"][1][1] is None
    assert p["row_totals"][1] is None  # the row counts 1 child too
    assert p["total"] == 16
    assert sum(v is None for row in p["cells"] for v in row) >= 2


def test_a_table_without_small_counts_is_published_whole():
    t = table("cases", {("r0", "c0"): 6, ("r1", "c1"): 7, ("r0", "c1"): 0}, rows=2, cols=2)
    (p,) = check([t])
    assert p["cells"] == [[6, 0], [0, 7]]
    assert p["total"] == 13


def test_the_total_shared_with_another_table_of_the_population_does_not_give_a_cell_back():
    by_stage = table(
        "by_stage",
        {("r0", "count"): 9, ("r1", "count"): 2},
        rows=2,
        cols=1,
        population="referrals",
        row_dim="stage",
    )
    by_agency = table(
        "by_agency", {("r0", "count"): 11}, rows=1, cols=1, population="referrals", row_dim="agency"
    )
    stage, _agency = check([by_stage, by_agency])
    assert stage["cells"][1] == [None]
    # the other table's total (11) would give r0 + r1 = 11 back: so r0 or the totals go too
    assert None in (stage["cells"][0][0], stage["total"])


def test_an_attacker_finds_what_primary_suppression_alone_would_give_away():
    t = table("cases", {("r0", "c0"): 6, ("r1", "c0"): 1}, rows=2, cols=2)
    naive = protect([t])[0].as_json() | {
        "cells": [[6, 0], [None, 0]],  # only the counts of 1 withheld
        "row_totals": [6, None],
        "col_totals": [7, 0],
        "total": 7,
    }
    assert exposed([naive]) == [(0, "r1", "c0"), (0, "r1", "Σ")]
    assert exposed([protect([t])[0].as_json()]) == []


counts = st.integers(min_value=0, max_value=14)


@st.composite
def linked_tables(draw: st.DrawFn) -> list[CountTable]:
    rows, cols = draw(st.integers(1, 5)), draw(st.integers(1, 4))
    grid = {
        (f"r{i}", f"c{j}" if cols > 1 else "count"): draw(counts)
        for i in range(rows)
        for j in range(cols)
    }
    first = table("a", grid, rows=rows, cols=cols, population="p", row_dim="x", col_dim="y")
    # a second table of the same population over the same rows (another breakdown)
    split = {}
    for i in range(rows):
        total = sum(v for (r, _c), v in grid.items() if r == f"r{i}")
        left = draw(st.integers(0, total))
        split[(f"r{i}", "c0")], split[(f"r{i}", "c1")] = left, total - left
    second = table("b", split, rows=rows, cols=2, population="p", row_dim="x", col_dim="z")
    return [first, second]


@settings(max_examples=150, deadline=None)
@given(linked_tables())
def test_no_withheld_figure_of_random_linked_tables_can_be_solved_for(tables):
    check(tables)


def test_a_median_needs_five_children():
    measure = Measure("m", "m", "working days", {"health": [1, 2, 3, 4], "legal": [1, 2, 3, 4, 9]})
    assert measure.as_json()["values"] == {"health": None, "legal": 3.0}
    assert THRESHOLD == 5


def test_the_periods_of_the_regulations_and_the_period_before_each():
    first = semester(2026, 1)  # BTG Pasal 16(6)
    assert (first.start, first.end) == (date(2026, 1, 1), date(2026, 6, 30))
    assert (first.previous().start, first.previous().end) == (date(2025, 7, 1), date(2025, 12, 31))
    spring = six_months(date(2026, 3, 1))  # BLU Pasal 18(d)
    assert spring.end == date(2026, 8, 31)
    assert spring.previous().start == date(2025, 9, 1)
    assert year(2026).previous().start == date(2025, 1, 1)  # BLU 18(d), 4f
    five = five_years(2021)  # BLU Pasal 4f
    assert (five.end, five.previous().start) == (date(2025, 12, 31), date(2016, 1, 1))
    assert preset("semester:2026-2").start == date(2026, 7, 1)
    assert preset("6m:2026-08-31").end == date(2027, 2, 27)
    for bad in ("semester:2026-3", "quarter:2026", "6m:2026-13-01"):
        with pytest.raises(PeriodError):
            preset(bad)


def test_a_report_route_takes_at_most_five_years_of_this_era():
    assert report_period(date(2021, 1, 1), date(2025, 12, 31)).label == "2021-01-01 to 2025-12-31"
    for start, end in [
        (date(2026, 2, 1), date(2026, 1, 1)),  # backwards
        (date(2015, 1, 1), date(2025, 12, 31)),  # more than five years (BLU Pasal 4f)
        (date(1, 1, 1), date(1, 1, 2)),  # its previous period would be before the calendar
    ]:
        with pytest.raises(RuleViolation) as refused:
            report_period(start, end)
        assert refused.value.rule == "report_period"
