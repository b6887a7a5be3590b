"""Specification of the school-violence deadline rules (Perwali Singkawang 45/2024, SKW)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from rujukan.calendar import DeadlineUnit, WorkingDayCalendar
from rujukan.datafiles import DataFileError
from services.education.domain.deadline_rules import DeadlineRule, compute_due, load_deadline_rules

NATIONAL = WorkingDayCalendar.for_district()


@pytest.fixture(scope="module")
def rules() -> dict[str, DeadlineRule]:
    return load_deadline_rules()


def test_the_rules_file_holds_exactly_the_regulation_s_deadlines(
    rules: dict[str, DeadlineRule],
) -> None:
    assert set(rules) == {
        "examination",
        "decision",
        "objection",
        "objection_decision",
        "reintegration_report",
        "medium_sanction_min",
        "medium_sanction_max",
    }


@pytest.mark.parametrize(
    ("name", "amount", "unit", "starts_from", "article"),
    [
        ("examination", 30, DeadlineUnit.WORKING_DAYS, "statement_requested", "SKW Pasal 46"),
        ("decision", 5, DeadlineUnit.WORKING_DAYS, "examination_report", "SKW Pasal 51"),
        ("objection", 30, DeadlineUnit.WORKING_DAYS, "decision_received", "SKW Pasal 62"),
        (
            "objection_decision",
            30,
            DeadlineUnit.CALENDAR_DAYS,
            "objection_received",
            "SKW Pasal 64",
        ),
        (
            "reintegration_report",
            30,
            DeadlineUnit.WORKING_DAYS,
            "transfer_started",
            "SKW Pasal 58(2)",
        ),
        ("medium_sanction_min", 5, DeadlineUnit.SCHOOL_DAYS, "sanction_started", "SKW Pasal 56(2)"),
        (
            "medium_sanction_max",
            10,
            DeadlineUnit.SCHOOL_DAYS,
            "sanction_started",
            "SKW Pasal 56(2)",
        ),
    ],
)
def test_each_rule_has_the_regulation_s_amount_unit_start_and_article(
    rules: dict[str, DeadlineRule],
    name: str,
    amount: int,
    unit: DeadlineUnit,
    starts_from: str,
    article: str,
) -> None:
    rule = rules[name]
    assert (rule.rule, rule.amount, rule.unit, rule.starts_from, rule.article) == (
        name,
        amount,
        unit,
        starts_from,
        article,
    )
    assert rule.description


def test_the_reintegration_report_is_an_earliest_date_not_a_limit(
    rules: dict[str, DeadlineRule],
) -> None:
    assert rules["reintegration_report"].description.startswith("Earliest date, not a limit")


def test_decision_is_due_five_working_days_after_the_examination_report(
    rules: dict[str, DeadlineRule],
) -> None:
    decision = rules["decision"]
    # An ordinary week: report on Mon 16 Jun 2025 → decision by Mon 23 Jun.
    assert compute_due(decision, date(2025, 6, 16), NATIONAL) == date(2025, 6, 23)
    # Across Idul Fitri 2025: report on Thu 27 Mar; 28 Mar to 7 Apr are public holidays,
    # cuti bersama or weekend → Tue 8 (1), Wed 9 (2), Thu 10 (3), Fri 11 (4), Mon 14 Apr (5).
    due = compute_due(decision, date(2025, 3, 27), NATIONAL)
    assert due == date(2025, 4, 14)
    assert NATIONAL.working_days_between(date(2025, 3, 27), due) == 5


def test_the_objection_decision_counts_calendar_days(rules: dict[str, DeadlineRule]) -> None:
    # SKW Pasal 64: objection received Fri 21 Mar 2025 → decision by Sun 20 Apr 2025,
    # although Idul Fitri and its cuti bersama fall in between.
    assert compute_due(rules["objection_decision"], date(2025, 3, 21), NATIONAL) == date(
        2025, 4, 20
    )


def test_the_medium_sanction_lasts_five_to_ten_school_days(
    rules: dict[str, DeadlineRule],
) -> None:
    # Sanction takes effect Fri 13 Jun 2025; the school is closed Mon 16 and Tue 17 Jun.
    # Wed 18 (1), Thu 19 (2), Fri 20 (3), Mon 23 (4), Tue 24 (5), Wed 25 (6), Thu 26 (7),
    # Fri 27 is Islamic New Year, Mon 30 (8), Tue 1 Jul (9), Wed 2 Jul (10).
    closed = {date(2025, 6, 16), date(2025, 6, 17)}
    start = date(2025, 6, 13)
    assert compute_due(rules["medium_sanction_min"], start, NATIONAL, closed) == date(2025, 6, 24)
    assert compute_due(rules["medium_sanction_max"], start, NATIONAL, closed) == date(2025, 7, 2)


HEADER = "procedure,rule,amount,unit,starts_from,article,description\n"


@pytest.mark.parametrize(
    ("row", "reason"),
    [
        ("SKW,decision,5,hari_kerja,examination_report,SKW Pasal 51,x", "unit must be one of"),
        ("SKW,decision,five,working_days,examination_report,SKW Pasal 51,x", "positive whole"),
        ("SKW,decision,0,working_days,examination_report,SKW Pasal 51,x", "positive whole"),
        ("SKW,decision,5,working_days,Examination Report,SKW Pasal 51,x", "starts_from"),
        ("SKW,decision,5,working_days,examination_report,,x", "article is empty"),
        ("SKW,decision,5,working_days,examination_report,SKW Pasal 51", "expected 7 fields"),
    ],
)
def test_a_malformed_rule_names_the_bad_line(tmp_path: Path, row: str, reason: str) -> None:
    path = tmp_path / "school_deadlines.csv"
    path.write_text(f"# rules\n{HEADER}{row}\n", encoding="utf-8")
    with pytest.raises(DataFileError, match=reason) as raised:
        load_deadline_rules(path)
    assert str(raised.value).startswith(f"{path}:3:")


def test_a_rule_defined_twice_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "school_deadlines.csv"
    row = "SKW,decision,5,working_days,examination_report,SKW Pasal 51,x\n"
    path.write_text(HEADER + row + row, encoding="utf-8")
    with pytest.raises(DataFileError, match=r"school_deadlines\.csv:3: rule 'decision'"):
        load_deadline_rules(path)


def test_a_service_reads_the_deadlines_of_its_own_procedure_only(tmp_path: Path) -> None:
    path = tmp_path / "school_deadlines.csv"
    rows = (
        "SKW,decision,5,working_days,examination_report,SKW Pasal 51,x\n"
        "BTG,decision,3,working_days,examination_report,BTG Pasal 19,x\n"
    )
    path.write_text(HEADER + rows, encoding="utf-8")

    assert load_deadline_rules(path, "SKW")["decision"].amount == 5
    assert load_deadline_rules(path, "BTG")["decision"].article == "BTG Pasal 19"
    assert load_deadline_rules(path, "none") == {}
