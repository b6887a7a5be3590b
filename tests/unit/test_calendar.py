"""Specification of the working-day calendar (hari kerja, hari sekolah, calendar days).

Expected dates were worked out by hand from the national calendar of the installed
``holidays`` package (0.109); each hand computation is written next to its assertion.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from collections.abc import Iterator
from datetime import date, datetime, timedelta
from importlib.metadata import version
from pathlib import Path

import holidays
import pytest
from hypothesis import given
from hypothesis import strategies as st

from rujukan.calendar import (
    HOLIDAY_CATEGORIES,
    DeadlineUnit,
    WorkingDayCalendar,
    clear_calendar_cache,
    due_date,
    load_regional_holidays,
    national_holidays,
    regional_holidays_path,
)
from rujukan.datafiles import DATA_DIR_ENV, PACKAGED_DATA_DIR, DataFileError

NATIONAL = WorkingDayCalendar.for_district()


def cuti_bersama_idul_fitri(year: int) -> set[date]:
    """The Idul Fitri joint-leave days of ``year`` straight from the ``holidays`` data."""
    joint = holidays.country_holidays(
        "ID", years=year, categories=("government",), language="en_US"
    )
    return {day for day, name in joint.items() if "Eid al-Fitr" in name}


def idul_fitri(year: int) -> date:
    """The first day of Idul Fitri of ``year`` from the ``holidays`` data."""
    public = holidays.country_holidays("ID", years=year, categories=("public",), language="en_US")
    (day,) = (day for day, name in public.items() if name == "Eid al-Fitr")
    return day


@pytest.fixture
def data_copy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A private copy of the data folder, made active through ``RUJUKAN_DATA_DIR``."""
    copy = tmp_path / "data"
    shutil.copytree(PACKAGED_DATA_DIR, copy)
    monkeypatch.setenv(DATA_DIR_ENV, str(copy))
    clear_calendar_cache()
    yield copy
    clear_calendar_cache()


# --- weekends and the start day -------------------------------------------------------------


def test_friday_plus_one_working_day_is_the_next_monday() -> None:
    assert NATIONAL.add_working_days(date(2025, 6, 13), 1) == date(2025, 6, 16)


def test_working_days_skip_weekends() -> None:
    # Mon 16 Jun 2025 + 5: Tue 17, Wed 18, Thu 19, Fri 20, (Sat, Sun skipped) Mon 23.
    assert NATIONAL.add_working_days(date(2025, 6, 16), 5) == date(2025, 6, 23)
    assert not NATIONAL.is_working_day(date(2025, 6, 21))
    assert not NATIONAL.is_working_day(date(2025, 6, 22))


def test_start_day_is_never_counted_even_when_it_is_a_working_day() -> None:
    wednesday = date(2025, 7, 2)
    assert NATIONAL.is_working_day(wednesday)
    assert NATIONAL.add_working_days(wednesday, 1) == date(2025, 7, 3)


def test_a_weekend_start_counts_from_the_next_working_day() -> None:
    assert NATIONAL.add_working_days(date(2025, 6, 14), 1) == date(2025, 6, 16)


def test_zero_working_days_is_the_start_itself() -> None:
    saturday = date(2025, 6, 14)
    assert NATIONAL.add_working_days(saturday, 0) == saturday


def test_negative_day_counts_are_refused() -> None:
    with pytest.raises(ValueError, match=">= 0"):
        NATIONAL.add_working_days(date(2025, 6, 16), -1)
    with pytest.raises(ValueError, match=">= 0"):
        NATIONAL.add_calendar_days(date(2025, 6, 16), -1)


def test_timestamps_are_refused_until_turned_into_a_local_date() -> None:
    with pytest.raises(TypeError, match="local date"):
        NATIONAL.add_working_days(datetime(2025, 6, 16, 9, 30), 1)


# --- national public holidays and cuti bersama ----------------------------------------------


def test_national_calendar_includes_public_holidays_and_cuti_bersama() -> None:
    year = national_holidays(2025)
    assert "Kemerdekaan" in year[date(2025, 8, 17)]  # public (category "public")
    assert year[date(2025, 8, 18)].startswith("Cuti Bersama")  # joint leave ("government")


@pytest.mark.parametrize("year", [2024, 2025, 2026, 2027, 2030])
def test_the_national_calendar_is_the_holidays_packages_own_for_indonesia(year: int) -> None:
    registry = holidays.country_holidays(
        "ID", years=year, categories=HOLIDAY_CATEGORIES, language="id"
    )
    assert national_holidays(year) == {day: str(name) for day, name in registry.items()}


def test_the_national_calendar_loads_no_other_countrys_holidays() -> None:
    # the package's countries/__init__.py imports all 251 countries: about 7 MB per process
    script = (
        "import sys; from rujukan.calendar import national_holidays; national_holidays(2026); "
        "print(sorted(m for m in sys.modules if m.startswith('holidays.countries')))"
    )
    run = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    assert run.stdout.strip() == "[]"


def test_independence_day_is_not_a_working_day() -> None:
    # 17 August 2026 is a Monday: Fri 14 Aug + 1 skips the weekend and the holiday → Tue 18.
    independence_day = date(2026, 8, 17)
    assert independence_day.weekday() == 0
    assert not NATIONAL.is_working_day(independence_day)
    assert "Kemerdekaan" in (NATIONAL.holiday_name(independence_day) or "")
    assert NATIONAL.add_working_days(date(2026, 8, 14), 1) == date(2026, 8, 18)


def test_working_days_skip_cuti_bersama_around_idul_fitri() -> None:
    joint_leave = cuti_bersama_idul_fitri(2025)
    assert date(2025, 4, 2) in joint_leave  # a Wednesday, so only cuti bersama makes it off
    assert joint_leave, "the holidays package lists Idul Fitri cuti bersama for 2025"
    for day in joint_leave:
        assert not NATIONAL.is_working_day(day), day
        assert (NATIONAL.holiday_name(day) or "").startswith("Cuti Bersama")
    # By hand, from Thu 27 Mar 2025:
    #   Fri 28 Mar  cuti bersama (Nyepi)      Sat 29 Nyepi, Sun 30
    #   Mon 31 Mar  Idul Fitri                Tue 1 Apr  Idul Fitri, second day
    #   Wed 2, Thu 3, Fri 4 Apr  cuti bersama Sat 5, Sun 6
    #   Mon 7 Apr   cuti bersama
    #   Tue 8 Apr   first working day (1), Wed 9 (2), Thu 10 (3)
    assert NATIONAL.add_working_days(date(2025, 3, 27), 1) == date(2025, 4, 8)
    assert NATIONAL.add_working_days(date(2025, 3, 27), 3) == date(2025, 4, 10)
    assert NATIONAL.working_days_between(date(2025, 3, 27), date(2025, 4, 8)) == 1


def test_idul_fitri_and_its_leave_move_between_years() -> None:
    assert idul_fitri(2025) == date(2025, 3, 31)
    assert idul_fitri(2026) == date(2026, 3, 21)
    assert cuti_bersama_idul_fitri(2025) != {
        day.replace(year=2025) for day in cuti_bersama_idul_fitri(2026)
    }
    # The same computation on the same calendar dates lands differently:
    # 2025: Mon 17 Mar + 1 → Tue 18 Mar (the leave is still two weeks away).
    # 2026: Tue 17 Mar + 1 → Wed 18 cuti bersama (Nyepi), Thu 19 Nyepi, Fri 20 cuti bersama,
    #       Sat 21 / Sun 22 Idul Fitri, Mon 23 and Tue 24 cuti bersama → Wed 25 Mar.
    assert NATIONAL.add_working_days(date(2025, 3, 17), 1) == date(2025, 3, 18)
    assert NATIONAL.add_working_days(date(2026, 3, 17), 1) == date(2026, 3, 25)
    # 2025: Thu 27 Mar + 1 → Tue 8 Apr (see above); 2026: Fri 27 Mar + 1 → Mon 30 Mar.
    assert NATIONAL.add_working_days(date(2025, 3, 27), 1) == date(2025, 4, 8)
    assert NATIONAL.add_working_days(date(2026, 3, 27), 1) == date(2026, 3, 30)


def test_any_year_works_because_holidays_load_per_year() -> None:
    # New Year's Day 2035 is a Monday: Fri 29 Dec 2034 + 1 → Tue 2 Jan 2035.
    assert NATIONAL.add_working_days(date(2034, 12, 29), 1) == date(2035, 1, 2)


def test_a_working_day_has_no_holiday_name() -> None:
    assert NATIONAL.holiday_name(date(2025, 7, 2)) is None


# --- calendar days (SKW Pasal 64) --------------------------------------------------------------


def test_calendar_days_count_weekends_and_holidays() -> None:
    # SKW Pasal 64: 30 days from an objection received Fri 21 Mar 2025 run through Idul Fitri
    # and its cuti bersama and end on Sun 20 Apr 2025 (Easter), which is not moved.
    due = NATIONAL.add_calendar_days(date(2025, 3, 21), 30)
    assert due == date(2025, 4, 20)
    assert not NATIONAL.is_working_day(due)
    assert due_date(date(2025, 3, 21), 30, DeadlineUnit.CALENDAR_DAYS, NATIONAL) == due


# --- school days (SKW Pasal 56(2)) -------------------------------------------------------------


def test_school_days_are_working_days_without_a_school_calendar() -> None:
    assert NATIONAL.add_school_days(date(2025, 3, 27), 1) == date(2025, 4, 8)


def test_school_days_also_skip_the_school_s_own_holidays() -> None:
    # Fri 13 Jun 2025, the school closed Mon 16 and Tue 17 Jun:
    # Wed 18 (1), Thu 19 (2), Fri 20 (3), Mon 23 (4), Tue 24 (5).
    closed = {date(2025, 6, 16), date(2025, 6, 17)}
    assert NATIONAL.add_school_days(date(2025, 6, 13), 5, closed) == date(2025, 6, 24)
    assert NATIONAL.add_school_days(date(2025, 6, 13), 5) == date(2025, 6, 20)


def test_due_date_dispatches_on_the_unit() -> None:
    start = date(2025, 6, 13)
    assert due_date(start, 5, DeadlineUnit.WORKING_DAYS, NATIONAL) == date(2025, 6, 20)
    assert due_date(start, 5, DeadlineUnit.CALENDAR_DAYS, NATIONAL) == date(2025, 6, 18)
    closed = {date(2025, 6, 16)}
    assert due_date(start, 5, DeadlineUnit.SCHOOL_DAYS, NATIONAL, closed) == date(2025, 6, 23)


# --- counting working days ---------------------------------------------------------------------


def test_working_days_between_counts_after_start_up_to_and_including_end() -> None:
    assert NATIONAL.working_days_between(date(2025, 6, 13), date(2025, 6, 13)) == 0
    assert NATIONAL.working_days_between(date(2025, 6, 13), date(2025, 6, 16)) == 1
    assert NATIONAL.working_days_between(date(2025, 6, 13), date(2025, 6, 20)) == 5
    with pytest.raises(ValueError, match="before start"):
        NATIONAL.working_days_between(date(2025, 6, 20), date(2025, 6, 13))


@given(
    start=st.dates(min_value=date(2020, 1, 1), max_value=date(2030, 12, 31)),
    n=st.integers(min_value=1, max_value=60),
)
def test_adding_working_days_lands_on_a_working_day_exactly_n_working_days_later(
    start: date, n: int
) -> None:
    due = NATIONAL.add_working_days(start, n)
    assert NATIONAL.is_working_day(due)
    assert NATIONAL.working_days_between(start, due) == n
    assert NATIONAL.working_days_between(start, due - timedelta(days=1)) == n - 1


# --- regional holidays -------------------------------------------------------------------------


def test_packaged_districts_declare_no_regional_holidays_yet() -> None:
    for district in ("kapuas-hulu", "luwu-timur"):
        path = PACKAGED_DATA_DIR / "districts" / district / "holidays.csv"
        assert path.is_file()
        assert load_regional_holidays(path) == {}


def test_a_district_without_a_holidays_file_has_only_national_holidays(data_copy: Path) -> None:
    calendar = WorkingDayCalendar.for_district("no-such-district")
    assert calendar.regional_holidays == {}
    assert calendar.add_working_days(date(2025, 3, 27), 1) == date(2025, 4, 8)


def test_a_regional_holiday_is_skipped_only_in_its_district(data_copy: Path) -> None:
    (data_copy / "districts" / "kapuas-hulu" / "holidays.csv").write_text(
        "# a made-up regional holiday, for this test only\n"
        "date,name\n"
        "2025-07-01,Hari libur daerah contoh\n",
        encoding="utf-8",
    )
    kapuas_hulu = WorkingDayCalendar.for_district("kapuas-hulu")
    luwu_timur = WorkingDayCalendar.for_district("luwu-timur")

    tuesday = date(2025, 7, 1)
    assert not kapuas_hulu.is_working_day(tuesday)
    assert kapuas_hulu.holiday_name(tuesday) == "Hari libur daerah contoh"
    assert kapuas_hulu.add_working_days(date(2025, 6, 30), 1) == date(2025, 7, 2)
    for other in (luwu_timur, WorkingDayCalendar.for_district()):
        assert other.is_working_day(tuesday)
        assert other.add_working_days(date(2025, 6, 30), 1) == tuesday


def test_calendars_are_cached_per_district(data_copy: Path) -> None:
    assert WorkingDayCalendar.for_district("luwu-timur") is WorkingDayCalendar.for_district(
        "luwu-timur"
    )


def test_district_names_that_are_not_slugs_are_refused() -> None:
    with pytest.raises(ValueError, match="slug"):
        regional_holidays_path("../etc")


@pytest.mark.parametrize(
    ("content", "line", "reason"),
    [
        ("# comment\ndate,name\n2025-07-01,Ok\n17/08/2025,Bad\n", 4, "YYYY-MM-DD"),
        ("date,name\n2025-02-30,No such day\n", 2, "not a calendar date"),
        ("date,name\n2025-07-01\n", 2, "expected 2 fields"),
        ("date,name\n2025-07-01,\n", 2, "name is empty"),
        ("date,name\n2025-07-01,A\n2025-07-01,B\n", 3, "listed twice"),
        ("\n# no header below\ntanggal,nama\n", 3, "header must be"),
    ],
)
def test_a_malformed_holidays_file_names_the_bad_line(
    tmp_path: Path, content: str, line: int, reason: str
) -> None:
    path = tmp_path / "holidays.csv"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(DataFileError, match=reason) as raised:
        load_regional_holidays(path)
    assert str(raised.value).startswith(f"{path}:{line}:")
    assert raised.value.line == line


def test_a_malformed_district_file_fails_when_the_calendar_is_built(data_copy: Path) -> None:
    path = data_copy / "districts" / "luwu-timur" / "holidays.csv"
    path.write_text("date,name\n2025-13-01,Bad month\n", encoding="utf-8")
    with pytest.raises(DataFileError, match=r"luwu-timur[/\\]holidays\.csv:2:"):
        WorkingDayCalendar.for_district("luwu-timur")


# SKB 2026 on the national holidays and cuti bersama; holidays 0.99 is the first release
# that has them (the floor in pyproject.toml). With an older release these eight days
# count as working days and this test fails.
CUTI_BERSAMA_2026 = [
    date(2026, 2, 16),  # Imlek
    date(2026, 3, 18),  # Nyepi
    date(2026, 3, 20),  # Idul Fitri
    date(2026, 3, 23),
    date(2026, 3, 24),
    date(2026, 5, 15),  # Kenaikan Isa Almasih
    date(2026, 5, 28),  # Idul Adha
    date(2026, 12, 24),  # Natal
]


@pytest.mark.parametrize("day", CUTI_BERSAMA_2026, ids=str)
def test_a_2026_cuti_bersama_is_not_a_working_day(day: date) -> None:
    assert day.weekday() < 5
    assert not NATIONAL.is_working_day(day), f"holidays {version('holidays')}"
