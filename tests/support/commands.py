"""Running `rujukan` as a person runs it: a new interpreter, its output captured."""

import subprocess
import sys
from collections.abc import Mapping

from ops.network import Network


def rujukan(
    *args: str, timeout: float, env: Mapping[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """``rujukan ARGS...`` in a child process, with ``env`` for its environment if given
    (else this one's); its exit code is the caller's to check."""
    return subprocess.run(
        [sys.executable, "-m", "ops.cli.main", *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
        env=env,
    )


def url_options(network: Network) -> list[str]:
    """``--url=AGENCY=URL`` for every member: how a command is told where they are."""
    return [f"--url={m.agency_id}={m.url}" for m in network.members]
