"""A stand-in server on a free loopback port: what the Kafka client security tests
connect to where the embedded broker lacks the feature (SASL, TLS)."""

import asyncio
import ssl
from collections.abc import AsyncIterator, Callable, Coroutine
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Any

Accept = Callable[[asyncio.StreamReader, asyncio.StreamWriter], Coroutine[Any, Any, None]]


@dataclass
class Listening:
    """Where a stand-in server listens, once :func:`serving` started it."""

    port: int = 0

    @property
    def bootstrap_servers(self) -> str:
        return f"127.0.0.1:{self.port}"


@asynccontextmanager
async def serving(
    where: Listening, accept: Accept, context: ssl.SSLContext | None = None
) -> AsyncIterator[None]:
    """Serve each connection with ``accept`` until the block ends, on a free port
    written to ``where``."""
    server = await asyncio.start_server(accept, "127.0.0.1", 0, ssl=context)
    where.port = server.sockets[0].getsockname()[1]
    try:
        yield
    finally:
        server.close()
        await server.wait_closed()
