"""Child processes that do not outlive the process that started them.

The local broker and the agencies of ``rujukan up`` are started as children. If their
parent dies without stopping them (kill -9, a crashed benchmark), an orphaned broker
would keep a port and a CPU busy for nobody. On Linux the kernel signals a child when
its parent dies (``PR_SET_PDEATHSIG``); elsewhere this does nothing.
"""

import ctypes
import ctypes.util
import signal
import sys
from collections.abc import Callable

_PR_SET_PDEATHSIG = 1


def dies_with_parent(sig: signal.Signals = signal.SIGTERM) -> Callable[[], None] | None:
    """A ``preexec_fn`` for ``subprocess.Popen`` that has the kernel send ``sig`` to the
    child when the thread that started it exits; None where that is not available."""
    if not sys.platform.startswith("linux"):
        return None
    try:
        prctl = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True).prctl
    except (OSError, AttributeError):
        return None
    number = int(sig)

    def _set() -> None:
        prctl(_PR_SET_PDEATHSIG, number, 0, 0, 0)

    return _set
