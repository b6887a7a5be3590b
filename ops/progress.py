"""What a long operator command is doing while it runs.

``rujukan bench`` and ``rujukan chaos`` take minutes; a silent terminal for that long
looks like a hang. :class:`Steps` shows the current step, how many are done and the time
spent, on standard error through rich's live display, only when standard error is a
terminal: logs, CI and the commands' results on standard output stay as they were.
"""

from collections.abc import Iterator
from contextlib import contextmanager

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    SpinnerColumn,
    TextColumn,
    TimeElapsedColumn,
)


class Steps:
    """A task of ``total`` steps (or units of work: referrals issued)."""

    def __init__(self, title: str, total: int) -> None:
        console = Console(stderr=True)
        self._progress = Progress(
            SpinnerColumn(),
            TextColumn("[bold]{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            console=console,
            transient=True,
            disable=not console.is_terminal,
        )
        self._task = self._progress.add_task(title, total=total)
        self._running = False

    def start(self) -> "Steps":
        self._progress.start()
        return self

    def stop(self) -> None:
        self._progress.stop()

    def step(self, description: str) -> None:
        """Start the next step; the one before it, if any, is done."""
        if self._running:
            self._progress.advance(self._task)
        self._running = True
        self._progress.update(self._task, description=description)

    def show(self, description: str) -> None:
        """Say what the current step is doing, without counting a step."""
        self._progress.update(self._task, description=description)

    def done_so_far(self, completed: int) -> None:
        """Set how many units are done (a count kept elsewhere)."""
        self._progress.update(self._task, completed=completed)

    @property
    def completed(self) -> int:
        return int(self._progress.tasks[0].completed)


@contextmanager
def steps(title: str, total: int) -> Iterator[Steps]:
    """A live progress line for ``title`` with ``total`` steps, removed at the end."""
    shown = Steps(title, total).start()
    try:
        yield shown
    finally:
        shown.stop()
