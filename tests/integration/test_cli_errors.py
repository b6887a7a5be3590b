"""Every ``rujukan`` command answers a mistake in one line on stderr with exit status 2:
no traceback, an unreachable service said as such, and no database created on the way."""

import gc
import subprocess
import sys
import warnings
from pathlib import Path

import pytest
from typer.testing import CliRunner

from ops.cli.main import app

BAD_INPUT = [
    ["deadline", "2025-13-01", "3"],
    ["deadline", "2026-03-02"],
    ["matrix", "show", "--district", "nowhere"],
    ["matrix", "check", "/nonexistent.csv"],
    ["serve", "no-such-agency"],
    ["dlq", "replay", "1", "--agency", "kh-hub", "--kafka", "127.0.0.1:1"],
    ["dlq", "list", "--agency", "kh-hub", "--kafka", "127.0.0.1:1"],
    ["dlq", "list", "--agency", "kh-nowhere"],
    ["status", "c-x", "--hub", "http://127.0.0.1:1"],
    ["companions", "list", "--agency", "kh-hub"],
    ["companions", "list", "--agency", "kh-rsud"],
    ["school-staff", "list", "--agency", "kh-disdikbud"],
    ["topics", "create", "--kafka", "127.0.0.1:1"],
    ["audit", "show", "--agency", "kh-hub", "--case", "c-1"],
    ["db", "upgrade", "--agency", "kh-nowhere"],
    ["accounts", "notify", "--agency", "kh-rsud", "--id", "desk-ayu", "--email", "a@b.test"],
    ["accounts", "notify", "--agency", "kh-rsud"],
    ["compose", "--district", "nowhere"],
    ["report", "--district", "nowhere", "--period", "year:2026"],
    ["report", "--district", "kapuas-hulu", "--period", "quarter:2026"],
    ["report", "--district", "kapuas-hulu", "--from", "2026-01-01"],
    ["report", "--district", "kapuas-hulu", "--from", "2026-02-01", "--to", "2026-01-01"],
    ["report", "--district", "kapuas-hulu", "--period", "year:2026", "--format", "docx"],
    ["report", "--district", "kapuas-hulu", "--period", "year:2026", "--url", "kh-rsud=x"],
    [
        "report",
        "--district",
        "kapuas-hulu",
        "--period",
        "year:2026",
        "--url",
        "kh-hub=http://127.0.0.1:1",
        "--url",
        "kh-disdikbud=http://127.0.0.1:1",
    ],
    ["no-such-command"],
]


@pytest.fixture
def empty_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An operator in a folder where no agency keeps its state."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.delenv("RUJUKAN_STATE_DIR", raising=False)
    return tmp_path


@pytest.mark.parametrize("args", BAD_INPUT, ids=" ".join)
def test_bad_input_is_one_line_on_stderr_and_exit_2(args: list[str], empty_folder: Path) -> None:
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 2, result.output
    assert result.stdout == ""
    assert len(result.stderr.splitlines()) == 1, result.stderr
    assert "Traceback" not in result.stderr
    assert list(empty_folder.iterdir()) == []  # no database, no state folder


def test_an_unreachable_broker_or_hub_is_said_to_be_unreachable(empty_folder: Path) -> None:
    for args in (BAD_INPUT[5], BAD_INPUT[8]):
        result = CliRunner().invoke(app, args)
        assert "unreachable" in result.stderr, result.stderr
        assert "knows case" not in result.stderr


def test_an_unreachable_broker_leaves_no_kafka_client_open(empty_folder: Path) -> None:
    gc.collect()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        CliRunner().invoke(app, BAD_INPUT[5])
        gc.collect()
    assert [str(w.message) for w in caught if "Unclosed" in str(w.message)] == []


def test_the_installed_command_says_a_bad_date_in_one_line(empty_folder: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "ops.cli.main", "deadline", "2025-13-01", "3"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 2
    assert done.stdout == ""
    assert done.stderr.splitlines() == [
        "error: start date '2025-13-01' is not a date in YYYY-MM-DD form"
    ]


def test_version_prints_the_installed_version() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "ops.cli.main", "--version"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0
    assert done.stdout.startswith("rujukan 0.")
