"""A tiny server that speaks just enough of the Kafka protocol to receive a SASL login:
it answers ApiVersions and the SASL handshake, records the mechanism asked for and the
first SCRAM message (which names the user), and hangs up. The embedded broker has no
SASL, so this is how a test sees what a Kafka client really sends."""

import asyncio
import struct
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field

from tests.support.loopback import Listening, serving

API_VERSIONS = 18
SASL_HANDSHAKE = 17
SASL_AUTHENTICATE = 36
_OFFERED = ((API_VERSIONS, 0, 2), (SASL_HANDSHAKE, 0, 1), (SASL_AUTHENTICATE, 0, 0))


@dataclass
class SaslLogins(Listening):
    """Where it listens, the mechanisms asked for and the first SCRAM messages seen."""

    mechanisms: list[str] = field(default_factory=list)
    first_messages: list[bytes] = field(default_factory=list)

    def users(self) -> list[str]:
        """The user names of the SCRAM client-first messages (``n,,n=<user>,r=...``)."""
        found = []
        for message in self.first_messages:
            start = message.find(b"n,,n=")
            if start >= 0:
                found.append(message[start + 5 :].split(b",", 1)[0].decode())
        return found


def _string(value: str) -> bytes:
    raw = value.encode()
    return struct.pack(">h", len(raw)) + raw


def _api_versions(version: int) -> bytes:
    body = struct.pack(">hi", 0, len(_OFFERED))
    body += b"".join(struct.pack(">hhh", *offered) for offered in _OFFERED)
    return body + (struct.pack(">i", 0) if version >= 1 else b"")


def _handshake(mechanism: str) -> bytes:
    return struct.pack(">hi", 0, 1) + _string(mechanism)


async def _frame(reader: asyncio.StreamReader) -> tuple[int, int, int, bytes]:
    """One request: its api key, version, correlation id and the bytes after the header."""
    (size,) = struct.unpack(">i", await reader.readexactly(4))
    payload = await reader.readexactly(size)
    api_key, version, correlation = struct.unpack(">hhi", payload[:8])
    (client_length,) = struct.unpack(">h", payload[8:10])
    return api_key, version, correlation, payload[10 + max(client_length, 0) :]


def _send(writer: asyncio.StreamWriter, correlation: int, body: bytes) -> None:
    response = struct.pack(">i", correlation) + body
    writer.write(struct.pack(">i", len(response)) + response)


@asynccontextmanager
async def sasl_server() -> AsyncIterator[SaslLogins]:
    """Listen on a free loopback port until the block ends."""
    seen = SaslLogins()

    async def accept(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            while True:
                api_key, version, correlation, body = await _frame(reader)
                if api_key == API_VERSIONS:
                    _send(writer, correlation, _api_versions(version))
                elif api_key == SASL_HANDSHAKE:
                    (length,) = struct.unpack(">h", body[:2])
                    mechanism = body[2 : 2 + length].decode()
                    seen.mechanisms.append(mechanism)
                    _send(writer, correlation, _handshake(mechanism))
                else:
                    seen.first_messages.append(body)
                    break
                await writer.drain()
        except (asyncio.IncompleteReadError, ConnectionError):
            pass
        finally:
            writer.close()

    async with serving(seen, accept):
        yield seen
