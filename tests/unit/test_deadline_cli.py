"""`rujukan deadline START N` prints the N-th working day after START (START not counted)
in ISO form: Monday to Friday without national holidays and cuti bersama."""

import pytest
from typer.testing import CliRunner

from ops.cli.main import app


@pytest.mark.parametrize(
    ("start", "days", "due"),
    [
        ("2026-03-06", 1, "2026-03-09"),  # Friday → Monday
        ("2026-03-07", 1, "2026-03-09"),  # a Saturday start counts from Monday
        # Nyepi (19 March) and Idul Fitri 1447 H (20–21 March) with their cuti bersama
        # (18, 20, 23, 24 March): five working days run to the Friday after
        ("2026-03-13", 5, "2026-03-27"),
        ("2026-08-14", 1, "2026-08-18"),  # Independence Day, Monday 17 August
        ("2026-03-02", 0, "2026-03-02"),
    ],
)
def test_the_deadline_command_prints_the_nth_working_day_in_iso_form(
    start: str, days: int, due: str
) -> None:
    result = CliRunner().invoke(app, ["deadline", start, str(days)])
    assert result.exit_code == 0, result.output
    assert result.output.strip() == due
