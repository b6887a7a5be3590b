"""A real HTTP server on loopback that records the webhooks it receives (a district's
SMS gateway, as far as the network can tell). A path listed in ``fail_once`` answers
503 to its first request, as a gateway that is briefly down."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass(frozen=True)
class Received:
    path: str
    headers: dict[str, str]
    body: bytes


@dataclass
class WebhookReceiver:
    url: str
    received: list[Received] = field(default_factory=list)
    fail_once: set[str] = field(default_factory=set)
    refused: list[str] = field(default_factory=list)


@contextmanager
def webhook_receiver() -> Iterator[WebhookReceiver]:
    state = WebhookReceiver(url="")
    lock = threading.Lock()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers.get("content-length", "0")))
            with lock:
                if self.path in state.fail_once:
                    state.fail_once.discard(self.path)
                    state.refused.append(self.path)
                    status = 503
                else:
                    headers = {k.lower(): v for k, v in self.headers.items()}
                    state.received.append(Received(self.path, headers, body))
                    status = 204
            self.send_response(status)
            self.end_headers()

        def log_message(self, *_args: object) -> None:
            """Quiet."""

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    state.url = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield state
    finally:
        server.shutdown()
        server.server_close()
