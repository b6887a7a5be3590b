"""Child processes that do not outlive the process that started them, and agency
processes forked from a parent that imported the runtime once.

The local broker and the agencies of ``rujukan up`` are started as children. If their
parent dies without stopping them (kill -9, a crashed benchmark), an orphaned broker
would keep a port and a CPU busy for nobody. On Linux the kernel signals a child when
its parent dies (``PR_SET_PDEATHSIG``); elsewhere this does nothing.
"""

import ctypes
import ctypes.util
import os
import signal
import subprocess
import sys
import time
import traceback
from collections.abc import Callable, Mapping
from contextlib import suppress
from pathlib import Path

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


class ChildProcess:
    """A process this one watches by its process id: the part of ``subprocess.Popen`` the
    local network uses (``pid``, ``poll``, ``wait``, ``send_signal``, ``kill``,
    ``returncode``). Subclasses say how ``poll`` learns that it ended."""

    def __init__(self, pid: int) -> None:
        self.pid = pid
        self.returncode: int | None = None

    def poll(self) -> int | None:
        raise NotImplementedError

    def wait(self, timeout: float | None = None) -> int:
        deadline = None if timeout is None else time.monotonic() + timeout
        while self.poll() is None:
            if deadline is not None and time.monotonic() > deadline:
                raise subprocess.TimeoutExpired(f"pid {self.pid}", timeout or 0.0)
            time.sleep(0.02)
        assert self.returncode is not None
        return self.returncode

    def send_signal(self, sig: int) -> None:
        if self.poll() is None:
            with suppress(ProcessLookupError):
                os.kill(self.pid, sig)

    def kill(self) -> None:
        self.send_signal(signal.SIGKILL)


class ForkedProcess(ChildProcess):
    """A child made by ``os.fork`` of a process that has already imported what the child
    runs.

    Twelve agency processes each importing FastAPI, SQLAlchemy, aiokafka and the event
    models cost about 1.5 s of CPU apiece; forked from the launcher (:mod:`ops.zygote`)
    after it imported them once, they start at the cost of their own set-up only. Fork
    only from a process with a single thread.
    """

    @classmethod
    def start(cls, run: Callable[[], None], env: Mapping[str, str], log: Path) -> "ForkedProcess":
        """Fork; the child gets its own session, ``env`` as its environment, stdin from
        /dev/null and stdout and stderr appended to ``log``, runs ``run`` and exits."""
        sys.stdout.flush()
        sys.stderr.flush()
        pid = os.fork()
        if pid:
            return cls(pid)
        code = 1
        try:
            _become_child(env, log)
            run()
            code = 0
        except SystemExit as exit_:
            code = exit_.code if isinstance(exit_.code, int) else 1
        except BaseException:
            traceback.print_exc()
        finally:
            sys.stdout.flush()
            sys.stderr.flush()
            os._exit(code)

    def poll(self) -> int | None:
        if self.returncode is None:
            pid, status = os.waitpid(self.pid, os.WNOHANG)
            if pid:
                self.returncode = os.waitstatus_to_exitcode(status)
        return self.returncode


def _become_child(env: Mapping[str, str], log: Path) -> None:
    os.setsid()
    set_death_signal = dies_with_parent()
    if set_death_signal is not None:
        set_death_signal()
    for sig in (signal.SIGTERM, signal.SIGHUP, signal.SIGCHLD):
        signal.signal(sig, signal.SIG_DFL)
    signal.signal(signal.SIGINT, signal.default_int_handler)
    output = os.open(log, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
    nothing = os.open(os.devnull, os.O_RDONLY)
    os.dup2(nothing, 0)
    os.dup2(output, 1)
    os.dup2(output, 2)
    os.close(output)
    os.close(nothing)
    os.environ.clear()
    os.environ.update(env)
