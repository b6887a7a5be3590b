"""The working-day calendar behind every statutory deadline in the network.

The school-violence regulations count most of their deadlines in *hari kerja* (working days):
the examination (SKW Pasal 46), the decision (SKW Pasal 51), the objection (SKW Pasal 62) and
the reintegration report (SKW Pasal 58(2)). None of the five regulations defines *hari kerja*,
so the project takes the ordinary civil-service meaning (docs: ``domain.md``, glossary):
Monday to Friday, without Indonesia's national public holidays and without the joint leave
days (*cuti bersama*) the government sets each year by a joint ministerial decree (SKB).

Both kinds of day off come from the maintained ``holidays`` package and are never written by
hand here: national public holidays are its ``public`` category, cuti bersama its
``government`` category. The package publishes confirmed dates a year or so ahead; for later
years the Islamic holidays are astronomical estimates (their names end in "(perkiraan)") and
no cuti bersama are known yet, so keep the package up to date.

A district may also close its offices on regional holidays. Those are data, one file per
district: ``<data dir>/districts/<district>/holidays.csv`` with the columns ``date,name``
(ISO dates, ``#`` comment lines allowed); a district without the file has none. The data dir
is the packaged ``rujukan/data`` folder, or the folder named by ``RUJUKAN_DATA_DIR``.

The module is pure: apart from reading those CSV files it does no I/O, and it works on
``date`` values only. A caller holding a timestamp must first take the local date in the
district's own time zone (WIB, WITA or WIT), because a deadline is a day, not an instant.
"""

from __future__ import annotations

import importlib.util
import re
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from enum import StrEnum
from functools import cache, partial
from pathlib import Path
from types import MappingProxyType

import holidays

from rujukan.datafiles import DataFileError, data_dir, read_rows
from rujukan.directory import SLUG

HOLIDAY_CATEGORIES = ("public", "government")
"""``holidays`` categories for Indonesia: national public holidays and cuti bersama."""

REGIONAL_HOLIDAY_COLUMNS = ("date", "name")
"""Header of a district's ``holidays.csv``."""

_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_MAX_DAYS_WITHOUT_A_COUNTED_DAY = 2 * 366


class DeadlineUnit(StrEnum):
    """How a deadline's amount is counted; the regulations use all three."""

    WORKING_DAYS = "working_days"
    """*hari kerja*, e.g. the 30-day examination limit (SKW Pasal 46)."""

    CALENDAR_DAYS = "calendar_days"
    """Plain days, weekends and holidays included, e.g. the objection decision (SKW Pasal 64)."""

    SCHOOL_DAYS = "school_days"
    """*hari sekolah*, e.g. the medium educational sanction for a pupil (SKW Pasal 56(2))."""


def regional_holidays_path(district: str, base: Path | None = None) -> Path:
    """Where a district's regional holidays live, whether or not the file exists.

    The district must be a lower-case slug such as ``kapuas-hulu``: it becomes part of a
    path, so anything else (``..``, slashes) is refused.
    """
    if not SLUG.fullmatch(district):
        raise ValueError(f"district must be a lower-case slug like 'kapuas-hulu', got {district!r}")
    return (base if base is not None else data_dir()) / "districts" / district / "holidays.csv"


def load_regional_holidays(path: Path) -> dict[date, str]:
    """Read a district's regional holidays (``date,name``); a missing file means none.

    Regional holidays are set by the district head, not by national law, so they are kept
    as data next to the district's other configuration rather than in code.
    """
    if not path.is_file():
        return {}
    found: dict[date, str] = {}
    for number, row in read_rows(path, REGIONAL_HOLIDAY_COLUMNS):
        raw_date, name = row["date"], row["name"]
        day = _parse_iso_date(path, number, raw_date)
        if not name:
            raise DataFileError.at(path, number, "the holiday name is empty")
        if day in found:
            raise DataFileError.at(path, number, f"{day.isoformat()} is listed twice")
        found[day] = name
    return found


def _parse_iso_date(path: Path, number: int, raw: str) -> date:
    """A strict ``YYYY-MM-DD`` date: other spellings are ambiguous (day/month order)."""
    if not _ISO_DATE.fullmatch(raw):
        raise DataFileError.at(path, number, f"date must be YYYY-MM-DD, found {raw!r}")
    try:
        return date.fromisoformat(raw)
    except ValueError as error:
        raise DataFileError.at(path, number, f"not a calendar date: {raw!r}") from error


@cache
def national_holidays(year: int) -> Mapping[date, str]:
    """Indonesia's national public holidays and cuti bersama for one year, named in Indonesian.

    Computed once per year and on demand, so any year works and a long-running service does
    not need a restart at New Year. Two holidays on one date share a name joined by ``"; "``.
    """
    found = _indonesia()(years=year, categories=HOLIDAY_CATEGORIES, language="id")
    by_date: dict[date, str] = {day: str(name) for day, name in found.items()}
    return MappingProxyType(by_date)


@cache
def _indonesia() -> Callable[..., Mapping[date, str]]:
    """Indonesia's calendar class of the ``holidays`` package, its module loaded alone.

    Any import of ``holidays.countries.indonesia``, ``holidays.country_holidays`` included,
    first runs ``holidays/countries/__init__.py``, which imports the modules of all 251
    countries: about 7 MB resident in every agency process, for one country's calendar.
    The module is loaded from its file instead; a package that keeps it elsewhere is asked
    through its registry, which gives the same class.
    """
    path = Path(holidays.__file__).with_name("countries") / "indonesia.py"
    spec = importlib.util.spec_from_file_location("holidays.countries.indonesia", path)
    if not path.is_file() or spec is None or spec.loader is None:
        return partial(holidays.country_holidays, "ID")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.Indonesia  # type: ignore[no-any-return]


def _require_date(value: date, what: str) -> None:
    """Refuse datetimes: a timestamp must be turned into a local date by the caller first."""
    if isinstance(value, datetime):
        raise TypeError(f"{what} must be a date, not a datetime: take the local date first")


def _require_non_negative(n: int) -> None:
    """Deadlines only run forward; a negative count is a caller's bug."""
    if n < 0:
        raise ValueError(f"the number of days must be >= 0, got {n}")


def _nth_day_after(start: date, n: int, counts: Callable[[date], bool]) -> date:
    """The n-th day after ``start`` for which ``counts`` holds; ``start`` itself never counts.

    Not counting the day of the event follows the regulations' wording: a period runs
    *sejak* (since) or *setelah* (after) the event, e.g. SKW Pasal 62(1) and 58(2).
    """
    _require_date(start, "start")
    _require_non_negative(n)
    day, counted, skipped = start, 0, 0
    while counted < n:
        day += timedelta(days=1)
        if counts(day):
            counted, skipped = counted + 1, 0
            continue
        skipped += 1
        if skipped > _MAX_DAYS_WITHOUT_A_COUNTED_DAY:
            raise ValueError(f"no counted day in the two years after {day - timedelta(skipped)}")
    return day


@dataclass(frozen=True)
class WorkingDayCalendar:
    """Working days of one district: weekdays minus national, joint-leave and regional holidays.

    Build it with :meth:`for_district`, which caches one calendar per district. Constructing
    it directly with ``regional_holidays`` is for callers that read the holidays elsewhere.
    """

    district: str | None = None
    regional_holidays: Mapping[date, str] = field(default_factory=dict, hash=False)

    def __post_init__(self) -> None:
        """Freeze the regional holidays too, so a shared cached calendar cannot be altered."""
        object.__setattr__(
            self, "regional_holidays", MappingProxyType(dict(self.regional_holidays))
        )

    @classmethod
    def for_district(cls, district: str | None = None) -> WorkingDayCalendar:
        """The calendar of ``district`` (a slug such as ``luwu-timur``), or national-only.

        Regional holidays are read once per district and data folder and then cached for
        the life of the process; call :func:`clear_calendar_cache` after editing the file.
        """
        if district is None:
            return _cached_calendar(None, None)
        return _district_calendar(district, str(data_dir()))

    def holiday_name(self, d: date) -> str | None:
        """Why ``d`` is a day off, or ``None`` if it is no holiday (weekends are not named)."""
        _require_date(d, "d")
        names = [
            name
            for name in (national_holidays(d.year).get(d), self.regional_holidays.get(d))
            if name
        ]
        return "; ".join(names) if names else None

    def is_working_day(self, d: date) -> bool:
        """Monday–Friday and neither a national, cuti bersama nor regional holiday."""
        _require_date(d, "d")
        if d.weekday() >= 5:
            return False
        return d not in national_holidays(d.year) and d not in self.regional_holidays

    def add_working_days(self, start: date, n: int) -> date:
        """The n-th working day after ``start``; ``start`` is never counted, even if it works.

        ``n == 0`` returns ``start`` unchanged. Used for every *hari kerja* limit, e.g. the
        5 working days to decide after the examination report (SKW Pasal 51).
        """
        return _nth_day_after(start, n, self.is_working_day)

    def add_calendar_days(self, start: date, n: int) -> date:
        """``start`` plus n plain days: weekends and holidays count (SKW Pasal 64)."""
        _require_date(start, "start")
        _require_non_negative(n)
        return start + timedelta(days=n)

    def working_days_between(self, start: date, end: date) -> int:
        """How many working days lie after ``start`` up to and including ``end``.

        The inverse of :meth:`add_working_days`: ``working_days_between(s, add_working_days(s,
        n)) == n``. It tells how much of a working-day limit has been used.
        """
        _require_date(start, "start")
        _require_date(end, "end")
        if end < start:
            raise ValueError(f"end {end} is before start {start}")
        days = (start + timedelta(days=offset) for offset in range(1, (end - start).days + 1))
        return sum(1 for day in days if self.is_working_day(day))

    def add_school_days(
        self, start: date, n: int, school_calendar: Collection[date] | None = None
    ) -> date:
        """The n-th school day (*hari sekolah*) after ``start``, ``start`` not counted.

        School holidays differ from school to school (and by semester), so this module does
        not know them: the caller supplies ``school_calendar``, the set of the school's
        non-school dates. A school day is then a working day not in that set; without it,
        school days are taken to be working days. Used for the 5–10 school days of a
        pupil's medium educational sanction (SKW Pasal 56(2)). Schools with a six-day week
        are not modelled: Saturdays never count.
        """
        closed: Collection[date] = school_calendar if school_calendar is not None else ()

        def is_school_day(day: date) -> bool:
            return self.is_working_day(day) and day not in closed

        return _nth_day_after(start, n, is_school_day)


@cache
def _cached_calendar(district: str | None, holidays_file: Path | None) -> WorkingDayCalendar:
    """One calendar per district and holidays file, so files are read once per process."""
    regional = load_regional_holidays(holidays_file) if holidays_file is not None else {}
    return WorkingDayCalendar(district=district, regional_holidays=regional)


@cache
def _district_calendar(district: str, folder: str) -> WorkingDayCalendar:
    """The cached calendar found by strings: every deadline asks for its calendar, and
    hashing a freshly built ``Path`` cost more than the deadline's arithmetic."""
    return _cached_calendar(district, regional_holidays_path(district, Path(folder)))


def clear_calendar_cache() -> None:
    """Forget cached district calendars, e.g. after a district's holidays file was edited."""
    _district_calendar.cache_clear()
    _cached_calendar.cache_clear()


def due_date(
    start: date,
    amount: int,
    unit: DeadlineUnit,
    calendar: WorkingDayCalendar,
    school_calendar: Collection[date] | None = None,
) -> date:
    """The date ``amount`` units after ``start`` in ``calendar``, whatever the unit.

    One entry point, so that deadline rules kept as data (such as the education service's
    school deadlines) can name their unit instead of code choosing a function.
    ``school_calendar`` only matters for school days (see
    :meth:`WorkingDayCalendar.add_school_days`).
    """
    unit = DeadlineUnit(unit)
    if unit is DeadlineUnit.WORKING_DAYS:
        return calendar.add_working_days(start, amount)
    if unit is DeadlineUnit.CALENDAR_DAYS:
        return calendar.add_calendar_days(start, amount)
    return calendar.add_school_days(start, amount, school_calendar)
