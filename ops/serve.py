"""One agency process: its service, its HTTP API and its Kafka consumer.

Below both the CLI (``rujukan serve``) and the local network (which starts or forks one
such process per agency), so that neither has to import the other.
``python -m ops.serve AGENCY_ID`` is how the network starts one in a new interpreter.
"""

import sys


def serve(agency_id: str, port: int | None = None) -> None:
    """Run one agency instance until stopped, configured from the environment."""
    import uvicorn

    from ops.bench.autorespond import auto_responding
    from ops.services import definition_for
    from rujukan.directory import load_directory
    from rujukan.runtime.http import create_app
    from rujukan.runtime.keys import KeyRingError
    from rujukan.runtime.logs import setup_logging
    from rujukan.runtime.settings import AgencySettings
    from rujukan.runtime.telemetry import setup_tracing

    overrides = {"agency_id": agency_id} | ({"http_port": port} if port else {})
    settings = AgencySettings(**overrides)  # type: ignore[arg-type]
    setup_logging(agency_id, json_lines=settings.log_json, level=settings.log_level)
    setup_tracing(f"rujukan-{agency_id}", settings.otlp_endpoint)
    directory = load_directory()
    definition = auto_responding(definition_for(directory.get(agency_id).kind))
    try:
        app = create_app(definition, settings, directory)
    except KeyRingError as exc:  # a missing key file: one line for the operator, exit 2
        print(exc, file=sys.stderr)
        raise SystemExit(2) from None
    uvicorn.run(
        app,
        host=settings.http_host,
        port=settings.http_port,
        log_config=None,
        access_log=False,
        timeout_graceful_shutdown=10,
    )


if __name__ == "__main__":
    serve(sys.argv[1])
