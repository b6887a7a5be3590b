"""The embedded broker is a child process: it must never outlive the process that
started it, or an orphan would hold its port and a CPU for nobody."""

import os
import subprocess
import sys
import time

import pytest

pytestmark = pytest.mark.broker

STARTS_A_BROKER_AND_DIES = """
import os
from ops.broker import LocalBroker
broker = LocalBroker()
broker.start()
print(broker.process.pid, flush=True)
os._exit(0)  # no clean-up: as if killed
"""


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    with open(f"/proc/{pid}/stat") as stat:  # a zombie waiting for init is gone too
        return stat.read().split()[2] != "Z"


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="PR_SET_PDEATHSIG is Linux's")
def test_the_local_broker_dies_with_the_process_that_started_it() -> None:
    run = subprocess.run(
        [sys.executable, "-c", STARTS_A_BROKER_AND_DIES],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    broker_pid = int(run.stdout.strip())
    deadline = time.monotonic() + 10
    while alive(broker_pid) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not alive(broker_pid)
