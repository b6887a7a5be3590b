"""What an inbox admits: the checks every decoded event passes before a handler runs.

In this order (the first that fails names the reason the record is dead-lettered):

1. ``unknown_sender``: ``ce_source`` is an agency of the directory that runs software;
2. the signature (:mod:`schemas.signing`): ``unsigned``, ``bad_signature``,
   ``unknown_key``, ``revoked_key`` (a revoked key verifies nothing, whatever
   ``ce_time`` says) or ``expired_key`` (not valid at ``ce_time``);
3. ``wrong_destination``: the signed ``ce_destination`` is this inbox's topic (a valid
   record copied into another agency's inbox stops here);
4. ``stale``: ``ce_time`` is no older than ``max_age`` and no further ahead than
   ``max_ahead``. ``max_age`` is at least the outbox retention, so the re-publish after
   a broker loss (old rows, old ``ce_time``) is admitted, and less than the inbox
   retention, so a captured record replayed later is refused here or as a duplicate;
5. ``not_allowed``: the sender's kind may send that event type to this agency's kind
   (``rujukan/data/senders.csv``).
"""

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta

from rujukan.directory import Agency, AgencyDirectory
from rujukan.runtime.keys import KeyRing
from rujukan.senders import SenderPolicy
from rujukan.stamps import utcnow
from schemas.envelope import H_DESTINATION, Envelope
from schemas.signing import SignatureRejected, verify_record

UNKNOWN_SENDER = "unknown_sender"
WRONG_DESTINATION = "wrong_destination"
STALE = "stale"
NOT_ALLOWED = "not_allowed"


@dataclass(frozen=True)
class Rejection:
    """Why a record was refused: a reason name (counted on ``/status``) and a detail
    with ids only."""

    reason: str
    detail: str

    def __str__(self) -> str:
        return f"{self.reason}: {self.detail}"


class Admission:
    """The checks of one agency's inbox (see the module docstring)."""

    def __init__(
        self,
        *,
        agency: Agency,
        directory: AgencyDirectory,
        keys: KeyRing,
        policy: SenderPolicy,
        max_age: timedelta,
        max_ahead: timedelta,
        clock: Callable[[], datetime] = utcnow,
    ) -> None:
        self._agency = agency
        self._directory = directory
        self._keys = keys
        self._policy = policy
        self._max_age = max_age
        self._max_ahead = max_ahead
        self._clock = clock

    def check(
        self, headers: Mapping[str, str], data: bytes, envelope: Envelope
    ) -> Rejection | None:
        """None if the record may reach its handler, else why not."""
        source = envelope.source
        if source not in self._directory or not self._directory.get(source).runs_software:
            return Rejection(UNKNOWN_SENDER, "ce_source is no online agency of the directory")
        sent_at = envelope.time
        if sent_at.tzinfo is None:
            return Rejection(STALE, "ce_time has no UTC offset")
        try:
            verify_record(headers, data, self._keys.verification_keys(source), sent_at)
        except SignatureRejected as rejected:
            return Rejection(rejected.reason, str(rejected).split(": ", 1)[-1])
        if headers.get(H_DESTINATION) != self._agency.inbox_topic:
            return Rejection(WRONG_DESTINATION, "ce_destination is not this inbox")
        now = self._clock()
        if not now - self._max_age <= sent_at <= now + self._max_ahead:
            return Rejection(STALE, f"ce_time {sent_at.isoformat()} is outside the window")
        sender = self._directory.get(source)
        if not self._policy.may_send(envelope.type, sender.kind, self._agency.kind):
            return Rejection(
                NOT_ALLOWED, f"a {sender.kind} agency may not send {envelope.type} here"
            )
        return None
