"""Who is a child: under 18, including the unborn child (LT Pasal 1 angka 5)."""

from __future__ import annotations

from datetime import date

from schemas.events.case import ChildIdentity

ADULT_AGE = 18
"""Anak: seseorang yang belum berusia 18 (delapan belas) tahun (LT Pasal 1 angka 5)."""


def age_on(date_of_birth: date, day: date) -> int:
    """Completed years of age on ``day``. Someone born on 29 February completes a year
    on 1 March in a common year. Negative for a date of birth after ``day``."""
    years = day.year - date_of_birth.year
    birthday_not_reached = (day.month, day.day) < (date_of_birth.month, date_of_birth.day)
    return years - 1 if birthday_not_reached else years


def age_of(child: ChildIdentity, day: date) -> int | None:
    """The child's age on ``day``: from the date of birth, else the estimate (used for
    trafficking victims without documents), else unknown (None). A date of birth after
    ``day`` is an unborn child, who is a child (LT Pasal 1 angka 5): age 0."""
    if child.date_of_birth is not None:
        return max(age_on(child.date_of_birth, day), 0)
    return child.estimated_age


def is_child_on(child: ChildIdentity, day: date) -> bool | None:
    """Whether the person is a child on ``day``; None when the age is unknown."""
    age = age_of(child, day)
    return None if age is None else age < ADULT_AGE
