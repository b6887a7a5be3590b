"""Running `rujukan` as a person runs it: a new interpreter, its output captured."""

import subprocess
import sys


def rujukan(*args: str, timeout: float) -> subprocess.CompletedProcess[str]:
    """``rujukan ARGS...`` in a child process; its exit code is the caller's to check."""
    return subprocess.run(
        [sys.executable, "-m", "ops.cli.main", *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
