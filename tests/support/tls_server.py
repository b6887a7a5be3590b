"""A tiny TLS server that demands a client certificate and records who presented one:
enough to prove that a Kafka client really opens its connection with mutual TLS (the
embedded broker speaks no TLS). The certificates are made in the test with PyCA
``cryptography``: a CA, a server certificate for 127.0.0.1 and a client certificate
per name."""

import asyncio
import datetime
import ipaddress
import ssl
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from tests.support.loopback import Listening, serving


@dataclass(frozen=True)
class Pem:
    """A certificate and its key, written as PEM files."""

    cert: Path
    key: Path


def _name(common_name: str) -> x509.Name:
    return x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, common_name)])


def _write(folder: Path, stem: str, cert: x509.Certificate, key: ec.EllipticCurvePrivateKey) -> Pem:
    pem = Pem(folder / f"{stem}.crt", folder / f"{stem}.key")
    pem.cert.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    pem.key.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return pem


@dataclass
class LocalCa:
    """A certificate authority that issues the server's and the clients' certificates."""

    folder: Path
    key: ec.EllipticCurvePrivateKey = field(init=False)
    cert: x509.Certificate = field(init=False)
    pem: Pem = field(init=False)

    def __post_init__(self) -> None:
        self.key = ec.generate_private_key(ec.SECP256R1())
        now = datetime.datetime.now(datetime.UTC)
        self.cert = (
            x509.CertificateBuilder()
            .subject_name(_name("rujukan test CA"))
            .issuer_name(_name("rujukan test CA"))
            .public_key(self.key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(now - datetime.timedelta(minutes=1))
            .not_valid_after(now + datetime.timedelta(hours=1))
            .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
            .sign(self.key, hashes.SHA256())
        )
        self.pem = _write(self.folder, "ca", self.cert, self.key)

    def issue(self, common_name: str, *, server: bool = False) -> Pem:
        """A certificate for ``common_name``, for 127.0.0.1 when ``server``."""
        key = ec.generate_private_key(ec.SECP256R1())
        now = datetime.datetime.now(datetime.UTC)
        builder = (
            x509.CertificateBuilder()
            .subject_name(_name(common_name))
            .issuer_name(self.cert.subject)
            .public_key(key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(now - datetime.timedelta(minutes=1))
            .not_valid_after(now + datetime.timedelta(hours=1))
        )
        if server:
            address = x509.IPAddress(ipaddress.ip_address("127.0.0.1"))
            builder = builder.add_extension(x509.SubjectAlternativeName([address]), critical=False)
        return _write(self.folder, common_name, builder.sign(self.key, hashes.SHA256()), key)


@dataclass
class MutualTlsServer(Listening):
    """Where it listens, and the common names of the client certificates it saw."""

    clients: list[str] = field(default_factory=list)


@asynccontextmanager
async def mutual_tls_server(ca: LocalCa) -> AsyncIterator[MutualTlsServer]:
    """Listen on a free loopback port; a client without a certificate of ``ca`` fails
    the handshake. Each accepted connection is recorded and closed."""
    server_pem = ca.issue("broker", server=True)
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH, cafile=str(ca.pem.cert))
    context.load_cert_chain(server_pem.cert, server_pem.key)
    context.verify_mode = ssl.CERT_REQUIRED
    seen = MutualTlsServer()

    async def accept(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        peer = writer.get_extra_info("peercert") or {}
        names = [
            value for rdn in peer.get("subject", ()) for key, value in rdn if key == "commonName"
        ]
        seen.clients.extend(names)
        writer.close()

    async with serving(seen, accept, context):
        yield seen
