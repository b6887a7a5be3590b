"""Rujukan's public contract: event types, the CloudEvents envelope, the referral
state machine, the closed vocabularies, the signing and verifying of events and the
sealing and opening of what only their recipient may read. Depends on pydantic and
cryptography only, so an agency's own system can install it to build, sign, seal,
validate, verify and open events without any service code.
"""

from schemas import events
from schemas.base import CaseEvent, Event
from schemas.catalog import all_event_types
from schemas.envelope import (
    EncodedEvent,
    Envelope,
    InvalidEvent,
    decode,
    encode,
    envelope_for,
)
from schemas.referral_status import IllegalTransition, ReferralStatus, Role, transition

__all__ = [
    "CaseEvent",
    "EncodedEvent",
    "Envelope",
    "Event",
    "IllegalTransition",
    "InvalidEvent",
    "ReferralStatus",
    "Role",
    "all_event_types",
    "decode",
    "encode",
    "envelope_for",
    "events",
    "transition",
]
