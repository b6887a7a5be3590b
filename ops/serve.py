"""One agency process: its service, its HTTP API and its Kafka consumer.

Below both the CLI (``rujukan serve``) and the local network (which starts or forks one
such process per agency), so that neither has to import the other.
``python -m ops.serve AGENCY_ID`` is how the network starts one in a new interpreter.
"""

import ctypes
import ctypes.util
import gc
import sys

M_ARENA_MAX = -8
"""glibc's ``mallopt`` parameter: how many malloc arenas the process may have."""

YOUNGEST_GENERATION_SIZE = 10_000
"""New container objects the cyclic collector lets accumulate before it looks at them
(Python's default: 700); the older generations keep their default ratios."""


def serve(agency_id: str, port: int | None = None) -> None:
    """Run one agency instance until stopped, configured from the environment."""
    import uvicorn

    from ops.services import definition_for
    from rujukan.directory import load_directory
    from rujukan.runtime.http import create_app
    from rujukan.runtime.keys import KeyRingError
    from rujukan.runtime.logs import setup_logging
    from rujukan.runtime.settings import AgencySettings
    from rujukan.runtime.telemetry import setup_tracing

    few_malloc_arenas()
    overrides = {"agency_id": agency_id} | ({"http_port": port} if port else {})
    settings = AgencySettings(**overrides)  # type: ignore[arg-type]
    setup_logging(agency_id, json_lines=settings.log_json, level=settings.log_level)
    setup_tracing(f"rujukan-{agency_id}", settings.otlp_endpoint)
    directory = load_directory()
    definition = definition_for(directory.get(agency_id).kind)
    if settings.auto_respond:  # the bench's and the drills' plugin, loaded only for them
        from ops.bench.autorespond import auto_responding

        definition = auto_responding(definition)
    try:
        app = create_app(definition, settings, directory)
    except KeyRingError as exc:  # a missing key file: one line for the operator, exit 2
        print(exc, file=sys.stderr)
        raise SystemExit(2) from None
    collect_rarely()
    uvicorn.run(
        app,
        host=settings.http_host,
        port=settings.http_port,
        log_config=None,
        access_log=False,
        timeout_graceful_shutdown=10,
    )


def few_malloc_arenas(arenas: int = 2) -> None:
    """Let the process's threads share ``arenas`` malloc arenas.

    glibc gives each thread that contends for the heap an arena of its own, up to eight
    per core, and memory freed in one arena is not reused by another: an agency's worker
    threads then keep tens of megabytes resident that none of them uses. Called before
    the process starts its threads; without glibc (musl, macOS) it changes nothing."""
    name = ctypes.util.find_library("c")
    mallopt = getattr(ctypes.CDLL(name), "mallopt", None) if name else None
    if mallopt is not None:
        mallopt(M_ARENA_MAX, arenas)


def collect_rarely() -> None:
    """Spare the process's cyclic garbage collector the work it does for nothing.

    Called once the process has imported and built what it keeps (its modules, its
    app): those objects are frozen, out of every later collection's way, where each
    full collection would walk all of them again. And the youngest generation is
    collected after 10,000 new container objects instead of 700: a request or an inbox
    batch builds thousands of objects, most freed by their reference counts before a
    collection at 10,000, while at 700 a collection walks them in the middle of their
    work and moves the survivors to older generations, whose collections then walk them
    again. What waits longer for a collection is only garbage in reference cycles (the
    hub ended the bench's loop 1-3 MB larger). A process forked from the launcher
    (:mod:`ops.zygote`) had its imports frozen there already.
    """
    gc.collect()
    gc.freeze()
    gc.set_threshold(YOUNGEST_GENERATION_SIZE)


if __name__ == "__main__":
    serve(sys.argv[1])
