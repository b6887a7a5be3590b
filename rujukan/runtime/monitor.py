"""The one loop of every periodic task of an agency process (the deadline monitors,
retention): blocking work in a worker thread, then a pause, for the life of the process.
The runtime keeps such a task alive across errors and pauses it while the database is
unavailable (``AgencyRuntime._forever``); the work is stored, so a skipped beat loses
nothing."""

import asyncio
from collections.abc import Awaitable, Callable


def every(
    interval_s: float, work: Callable[[], object], name: str
) -> Callable[[], Awaitable[None]]:
    """A background task that runs ``work`` every ``interval_s`` seconds; ``name`` is the
    one its log lines give."""

    async def task() -> None:
        while True:
            await asyncio.to_thread(work)
            await asyncio.sleep(interval_s)

    task.__name__ = name
    return task
