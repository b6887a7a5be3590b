"""Agency processes forked on request from one process that imported the runtime once.

A new interpreter spends about 1.5 s of CPU importing FastAPI, SQLAlchemy, Alembic,
aiokafka and the event models before an agency can start; on a busy machine that is
ten seconds and more of every restart. Neither ``rujukan up`` nor the chaos harness
forks its agencies from itself: the first runs the mail catcher's thread and holds its
listening socket, the second an event loop and threads, and only a process with a
single thread may fork. So each starts this helper, single-threaded, which imports
what the agencies run and then forks one agency process for each request on its
standard input (one JSON line: agency id, environment, log file), answering with the
child's process id. A restart after a kill then costs the agency's own set-up only, as
under ``rujukan up``.

The helper ignores ``SIGCHLD`` so that the kernel reaps its children; whoever asked for
a child watches it by its process id (:class:`ZygoteChild`).
"""

import gc
import json
import os
import signal
import subprocess
import sys
from functools import partial
from pathlib import Path

from ops.children import ChildProcess, ForkedProcess, dies_with_parent


class Zygote:
    """The helper process, seen from the process that asks it for agencies."""

    def __init__(self, agency_ids: list[str], *, migrations: bool = True) -> None:
        """Start the helper, which imports what ``agency_ids`` run (and the migration
        tool if they migrate at start: ``migrations``) while this process goes on; the
        first :meth:`start` waits for it."""
        flags = [MIGRATIONS_FLAG] if migrations else []
        self._process = subprocess.Popen(
            [sys.executable, "-m", "ops.zygote", *flags, *agency_ids],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            start_new_session=True,
            preexec_fn=dies_with_parent(),
        )
        self._ready = False

    def start(self, agency_id: str, env: dict[str, str], log: Path) -> "ZygoteChild":
        if not self._ready:
            self._expect("ready")
            self._ready = True
        assert self._process.stdin is not None
        request = {"agency_id": agency_id, "env": env, "log": str(log)}
        self._process.stdin.write(json.dumps(request) + "\n")
        self._process.stdin.flush()
        return ZygoteChild(int(self._expect("pid")))

    def poll(self) -> int | None:
        """The helper's exit status, None while it runs."""
        return self._process.poll()

    def stop(self) -> None:
        if self._process.stdin is not None:
            self._process.stdin.close()
        try:
            self._process.wait(10)
        except subprocess.TimeoutExpired:
            self._process.kill()
            self._process.wait()

    def _expect(self, word: str) -> str:
        assert self._process.stdout is not None
        line = self._process.stdout.readline().split()
        if not line or line[0] != word:
            raise RuntimeError(f"the agency launcher failed (said {line!r})")
        return line[-1]


class ZygoteChild(ChildProcess):
    """An agency process forked by the helper. Not this process's child, so its exit
    status is unknown: an ended process reports -9."""

    def poll(self) -> int | None:
        if self.returncode is None:
            try:
                os.kill(self.pid, 0)
            except ProcessLookupError:
                self.returncode = -signal.SIGKILL
        return self.returncode


MIGRATIONS_FLAG = "--migrations"


def prepare(agency_ids: list[str], *, migrations: bool) -> None:
    """Import what the agencies of ``agency_ids`` run, once, before the first fork."""
    # httpx imports its command-line client, and with it Rich and Pygments (about 3 MB in
    # every agency), whenever Rich is installed; no agency runs that client.
    sys.modules.setdefault("httpx._main", None)  # type: ignore[arg-type]
    from ops.network import preload

    preload(agency_ids, migrations=migrations)
    gc.collect()
    gc.freeze()  # the children's collections leave these pages alone, shared, not copied


def main(args: list[str]) -> None:
    from ops.serve import serve

    prepare([a for a in args if a != MIGRATIONS_FLAG], migrations=MIGRATIONS_FLAG in args)
    signal.signal(signal.SIGCHLD, signal.SIG_IGN)
    print("ready", flush=True)
    for line in sys.stdin:
        request = json.loads(line)
        child = ForkedProcess.start(
            partial(serve, request["agency_id"]), request["env"], Path(request["log"])
        )
        print("pid", child.pid, flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
