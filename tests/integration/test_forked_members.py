"""`rujukan up` forks its agencies from one launcher process that imported the runtime
once, after it migrated every agency's database itself. A forked agency is a real agency
process: it serves (without migrating), it can be killed with -9 and its exit is seen,
and it stops with the network, and so does the launcher. Run in a process of its own,
as `up` runs."""

import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.broker

SCRIPT = """
import signal, sys
from pathlib import Path
import httpx
from ops.broker import free_port
from ops.cli.account_cmds import seed_demo
from ops.network import Member, Network

members = [Member("kh-rsud", free_port()), Member("kh-dinsos", free_port())]
network = Network(data_dir=Path(sys.argv[1]), members=members, fork=True, migrated=True)
for member in members:
    seed_demo(member.agency_id, network.data_dir)  # migrates, as `up` does
try:
    network.start()
    network.wait_ready(timeout=60)
    for member in members:
        status = httpx.get(member.url + "/readyz", timeout=5).json()
        assert (status["agency_id"], status["ready"]) == (member.agency_id, True), status
    rsud = network.processes["kh-rsud"]
    pid = rsud.pid
    network.kill("kh-rsud")
    assert rsud.returncode == -signal.SIGKILL, rsud.returncode
    network.start_member("kh-rsud")
    network.wait_ready(timeout=60, agency_ids=["kh-rsud"])
    assert network.pid("kh-rsud") not in (None, pid)
    running = list(network.processes.values())
    launcher = network.zygote
finally:
    network.stop()
assert all(p.poll() is not None for p in running)
assert launcher.poll() is not None
print("forked members ok")
"""


def test_forked_agencies_serve_die_by_kill_9_restart_and_stop_with_the_network(
    tmp_path: Path,
) -> None:
    run = subprocess.run(
        [sys.executable, "-c", SCRIPT, str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert run.returncode == 0, run.stdout[-2000:] + run.stderr[-3000:]
    assert "forked members ok" in run.stdout
    assert (tmp_path / "logs" / "kh-rsud.log").stat().st_size > 0  # its own log
