"""What trust costs: the same runtimes measured with and without signing, verifying and
sealing, and the cost of each operation per event.

The switch lives here only, in the benchmark, which builds the runtimes it times in
process: a runtime has no setting that turns trust off. Without trust, the measured
runtimes publish through units of work whose signer passes the record through and which
leave the sealed values out of the event (the contract has no way to send them in clear:
``encode`` refuses, and an inbox refuses a sealed value in clear), and their inboxes
admit every record without the sender's checks. So the difference between the two runs
is signing, verifying, sealing and opening, plus the admission checks around them.
"""

import time
from collections.abc import Callable, Mapping
from typing import TypeVar

from ops.bench.stats import percentile
from rujukan.runtime.admission import Admission, Rejection
from rujukan.runtime.keys import KeyRing
from rujukan.runtime.service import AgencyRuntime
from rujukan.runtime.uow import UnitOfWork
from schemas.base import Event
from schemas.envelope import EncodedEvent, Envelope, encode, envelope_for, header_map
from schemas.sealing import OpeningKeys, SealContext, SealingKey, open_sealed, seal, sealed_paths
from schemas.signing import verify_record

E = TypeVar("E", bound=Event)

UNTRUSTED = "_untrusted"
"""The suffix of a figure measured without trust."""


def pass_through(encoded: EncodedEvent, destination: str) -> EncodedEvent:
    """A signer that signs nothing."""
    return encoded


class AdmitAll(Admission):
    """An inbox's admission that checks nothing: no sender, signature, destination,
    time or sender policy."""

    def __init__(self) -> None:
        """Holds nothing: there is nothing to check against."""

    def check(
        self, headers: Mapping[str, str], data: bytes, envelope: Envelope
    ) -> Rejection | None:
        return None


def without_sealed_values(event: E) -> E:
    """``event`` with its sealed values (a child's identity, free text) left out, the
    only way it may travel unsealed."""
    names = {str(path[0]) for path in sealed_paths(event)}
    return event.model_copy(update=dict.fromkeys(names)) if names else event


class PlainUnitOfWork(UnitOfWork):
    """A unit of work that publishes events without their sealed values; given
    :func:`pass_through` as its signer, it signs nothing either."""

    def _outgoing(self, event: Event) -> Event:
        return without_sealed_values(event)


def plain_unit_of_work(runtime: AgencyRuntime) -> UnitOfWork:
    """A unit of work of ``runtime`` that neither signs nor seals (the ``units`` of a
    runtime built for the run without trust)."""
    return PlainUnitOfWork(
        runtime.sessions,
        runtime.agency.id,
        runtime.relay.notify,
        signer=pass_through,
        sealing=runtime.sealing,
        before_commit=runtime.audit.in_transaction,
    )


def distrust_nothing(runtime: AgencyRuntime) -> None:
    """Give a runtime not yet started (built with :func:`plain_unit_of_work`) an inbox
    that admits every record."""
    runtime.processor = runtime.inbox_processor(AdmitAll())


# --- the cost of each operation ----------------------------------------------------------


def operation_costs_us(
    event: Event, sender: KeyRing, recipient: KeyRing, topic: str, samples: int
) -> dict[str, float]:
    """The median time, in microseconds, to sign, verify, seal and open ``event`` (one
    with sealed values) sent by ``sender`` to the owner of ``topic``, ``recipient``."""
    envelope = envelope_for(event, source=sender.agency_id)
    kid, public_key = sender.encryption_public_key(recipient.agency_id)
    sealing_key = SealingKey(recipient.agency_id, kid, public_key)
    opening = OpeningKeys(recipient.agency_id, recipient.decryption_keys())
    context = SealContext(envelope.type, envelope.id, envelope.source, envelope.subject)
    data = event.model_dump(mode="json")
    paths = sealed_paths(event)
    encoded = encode(event, envelope, sealing_key)
    signed = sender.sign(encoded, topic)
    signed_headers = header_map(signed.headers)
    verifying = recipient.verification_keys(sender.agency_id)
    sealed = seal(dict(data), paths, sealing_key, context)
    return {
        "sign_us": _median_us(lambda: sender.sign(encoded, topic), samples),
        "verify_us": _median_us(
            lambda: verify_record(signed_headers, signed.value, verifying, envelope.time),
            samples,
        ),
        "seal_us": _median_us(lambda: seal(dict(data), paths, sealing_key, context), samples),
        "open_us": _median_us(lambda: open_sealed(dict(sealed), opening, context), samples),
    }


def _median_us(operation: Callable[[], object], samples: int) -> float:
    times = []
    for _ in range(samples):
        started = time.perf_counter()
        operation()
        times.append((time.perf_counter() - started) * 1e6)
    return percentile(times, 50)
