"""Who a published event's sealed values are for, and what this agency opens with.

A topic belongs to one agency (``rujukan.inbox.<id>``, ``rujukan.dlq.<id>``,
``rujukan.journal.<id>``): an event's sealed values (:mod:`schemas.sealing`) are
sealed to that agency's newest published encryption key when the unit of work encodes
the event, before its outbox row is written, so the sender's outbox, the topic and
every other agency hold ciphertext only. The inbox opens them with this agency's own
private keys, old ones too. The keys come from the agency's key ring
(:mod:`rujukan.runtime.keys`); this module only chooses among them.
"""

from typing import Protocol

from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey

from rujukan.directory import DEAD_LETTER_TOPIC_PREFIX, INBOX_TOPIC_PREFIX, JOURNAL_TOPIC_PREFIX
from schemas.envelope import InvalidEvent
from schemas.sealing import NO_SEALING_KEY, OpeningKeys, SealingKey

TOPIC_PREFIXES = (INBOX_TOPIC_PREFIX, DEAD_LETTER_TOPIC_PREFIX, JOURNAL_TOPIC_PREFIX)


class EncryptionKeys(Protocol):
    """The part of an agency's key ring that sealing uses."""

    agency_id: str

    def encryption_public_key(self, agency_id: str) -> tuple[str, X25519PublicKey]: ...

    def decryption_keys(self) -> dict[str, X25519PrivateKey]: ...


def topic_owner(topic: str) -> str | None:
    """The agency a topic belongs to, or None for a topic of no agency."""
    for prefix in TOPIC_PREFIXES:
        if topic.startswith(prefix) and len(topic) > len(prefix):
            return topic[len(prefix) :]
    return None


class Sealing:
    """Seals to the owner of a topic, opens with this agency's keys."""

    def __init__(self, keys: EncryptionKeys) -> None:
        self._keys = keys

    def key_for(self, topic: str) -> SealingKey:
        """The key to seal an event for ``topic`` to; InvalidEvent (``no_sealing_key``)
        when the topic has no owner or the owner publishes no valid key: the event is
        then refused rather than sent in clear."""
        owner = topic_owner(topic)
        if owner is None:
            raise InvalidEvent(f"{NO_SEALING_KEY}: topic {topic!r} belongs to no agency")
        try:
            kid, public_key = self._keys.encryption_public_key(owner)
        except LookupError as exc:
            raise InvalidEvent(f"{NO_SEALING_KEY}: {exc}") from exc
        return SealingKey(owner, kid, public_key)

    def opening_keys(self) -> OpeningKeys:
        """This agency's private keys by kid, read once per batch (a rotation reaches
        the next batch)."""
        return OpeningKeys(self._keys.agency_id, self._keys.decryption_keys())
