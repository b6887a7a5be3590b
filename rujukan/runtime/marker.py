"""The signed broker-incarnation marker.

A new marker in ``rujukan.broker.incarnation`` makes every agency re-publish its
retained outbox and re-read its inbox (the broker lost its data). Anyone who can write
to the broker could otherwise write one and set the whole network re-sending. So the
agency that writes a marker signs it, and readers take the first record of the topic
that an online agency of the directory signed with a key valid at the marker's time:
a forged record, before or after it, has no effect. Each marker has its own record
key, so compaction never drops a marker for a later record.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from rujukan.directory import AgencyDirectory
from rujukan.runtime.keys import KeyRing
from schemas.envelope import header_map
from schemas.signing import SignatureRejected, verify_fields

H_SOURCE = "rujukan_marker_source"
H_TIME = "rujukan_marker_time"
H_SIGNATURE = "rujukan_marker_signature"
CONTEXT = "rujukan-broker-incarnation/1"

KafkaHeaders = list[tuple[str, bytes]]


def _fields(marker: str, source: str, at: str) -> list[str]:
    return [CONTEXT, marker, source, at]


@dataclass(frozen=True)
class MarkerSeal:
    """Signs the markers this agency writes and checks the ones it reads."""

    agency_id: str
    keys: KeyRing
    directory: AgencyDirectory

    def record_key(self, marker: str) -> bytes:
        return f"incarnation.{marker}".encode()

    def sign(self, marker: str) -> KafkaHeaders:
        at = datetime.now(UTC).isoformat()
        jws = self.keys.sign_fields(_fields(marker, self.agency_id, at))
        return [
            (H_SOURCE, self.agency_id.encode()),
            (H_TIME, at.encode()),
            (H_SIGNATURE, jws.encode()),
        ]

    def verifies(self, value: bytes | None, headers: Sequence[tuple[str, bytes | None]]) -> bool:
        """Whether a record of the incarnation topic is a marker an online agency signed."""
        h = header_map(headers)
        source, at = h.get(H_SOURCE, ""), h.get(H_TIME, "")
        if source not in self.directory or not self.directory.get(source).runs_software:
            return False
        try:
            when = datetime.fromisoformat(at)
            marker = (value or b"").decode()
            if when.tzinfo is None:
                return False
            verify_fields(
                h.get(H_SIGNATURE),
                _fields(marker, source, at),
                self.keys.verification_keys(source),
                when,
            )
        except (ValueError, SignatureRejected):
            return False
        return True
