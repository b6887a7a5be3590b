"""Agency keys for tests: a keys folder with a key file per agency and one public keys
file, made on demand (what ``rujukan keys init`` makes for an operator)."""

import tempfile
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from rujukan.directory import load_directory
from rujukan.runtime.keyfiles import ensure_keys
from rujukan.runtime.keys import KeyRing
from rujukan.runtime.sealing import Sealing
from rujukan.runtime.settings import default_key_file, default_public_keys_file
from schemas.base import Event
from schemas.envelope import EncodedEvent, encode, envelope_for
from schemas.sealing import sealed_paths


@dataclass(frozen=True)
class KeysFolder:
    root: Path

    @property
    def public_keys_file(self) -> Path:
        return default_public_keys_file(self.root)

    def key_file(self, agency_id: str) -> Path:
        return default_key_file(self.root, agency_id)

    def ensure(self, *agency_ids: str) -> "KeysFolder":
        """Keys for each agency that has none yet."""
        for agency_id in agency_ids:
            ensure_keys(agency_id, self.key_file(agency_id), self.public_keys_file)
        return self

    def settings(self, agency_id: str) -> dict[str, Any]:
        """The ``AgencySettings`` fields that point an agency at its keys (made first)."""
        self.ensure(agency_id)
        return {
            "key_file": self.key_file(agency_id),
            "public_keys_file": self.public_keys_file,
        }

    def ring(self, agency_id: str, check_interval_s: float = 0.0) -> KeyRing:
        """The key ring ``agency_id`` would load (to sign records by hand, as it)."""
        self.ensure(agency_id)
        return KeyRing(
            agency_id,
            self.key_file(agency_id),
            self.public_keys_file,
            check_interval_s=check_interval_s,
        )


@cache
def shared_keys() -> KeysFolder:
    """One keys folder for the whole test session, for tests that do not care which
    keys their agencies have. Every online agency of the directory has keys from the
    start, as after ``rujukan up``: a sender seals to a recipient that may not run."""
    folder = KeysFolder(Path(tempfile.mkdtemp(prefix="rujukan-test-keys-")))
    return folder.ensure(*(agency.id for agency in load_directory().online()))


def signed_record(
    event: Event,
    *,
    source: str,
    topic: str,
    keys: KeysFolder | None = None,
    **envelope: Any,
) -> EncodedEvent:
    """``event`` as ``source`` publishes it to ``topic``: encoded, its sealed values
    sealed to the topic's agency, addressed and signed with ``source``'s current key
    (what a test producer sends in its name)."""
    ring = (keys or shared_keys()).ring(source)
    seal_to = Sealing(ring).key_for(topic) if sealed_paths(event) else None
    encoded = encode(event, envelope_for(event, source=source, **envelope), seal_to)
    return ring.sign(encoded, topic)
