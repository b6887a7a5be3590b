"""Signed events (detached JWS, EdDSA): every signed attribute, the destination and
every data byte are covered; only a published, unrevoked key valid at ce_time verifies."""

import base64
import json
from datetime import UTC, datetime, timedelta

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from schemas.envelope import (
    H_DESTINATION,
    H_SIGNATURE,
    EncodedEvent,
    encode,
    envelope_for,
    header_map,
)
from schemas.events import ReferralExpired
from schemas.keys import SIG, PublicKeyRecord, key_id
from schemas.signing import (
    BAD_SIGNATURE,
    EXPIRED_KEY,
    REVOKED_KEY,
    SIGNED_HEADERS,
    UNKNOWN_KEY,
    UNSIGNED,
    SignatureRejected,
    sign_record,
    verify_record,
)

TOPIC = "rujukan.inbox.kh-rsud"
SENT = datetime(2026, 12, 6, 10, 0, tzinfo=UTC)


def _key(agency_id: str = "kh-hub") -> tuple[Ed25519PrivateKey, PublicKeyRecord]:
    private = Ed25519PrivateKey.generate()
    raw = private.public_key().public_bytes_raw()
    record = PublicKeyRecord(
        key_id(agency_id, SIG, raw), agency_id, SIG, raw, valid_from=SENT - timedelta(days=1)
    )
    return private, record


def _signed(private: Ed25519PrivateKey, record: PublicKeyRecord) -> EncodedEvent:
    event = ReferralExpired(case_id="c-0001", referral_id="r-1", referrer_id="kh-hub")
    encoded = encode(event, envelope_for(event, source="kh-hub", time=SENT))
    return sign_record(encoded, destination=TOPIC, kid=record.kid, key=private)


def _check(
    encoded: EncodedEvent, keys: list[PublicKeyRecord], headers: dict[str, str] | None = None
) -> None:
    verify_record(headers or header_map(encoded.headers), encoded.value, keys, SENT)


def _reason(call: object) -> str:
    assert callable(call)
    with pytest.raises(SignatureRejected) as rejected:
        call()
    return rejected.value.reason


def test_a_signed_record_verifies_with_the_senders_published_key() -> None:
    private, record = _key()
    encoded = _signed(private, record)

    _check(encoded, [record])
    headers = header_map(encoded.headers)
    assert headers[H_DESTINATION] == TOPIC
    protected, payload, _signature = headers[H_SIGNATURE].split(".")
    assert payload == ""  # detached: the receiver rebuilds what was signed
    padded = protected + "=" * (-len(protected) % 4)
    assert json.loads(base64.urlsafe_b64decode(padded)) == {"alg": "EdDSA", "kid": record.kid}


@pytest.mark.parametrize("name", SIGNED_HEADERS)
def test_a_tampered_signed_attribute_does_not_verify(name: str) -> None:
    private, record = _key()
    encoded = _signed(private, record)
    headers = header_map(encoded.headers)
    headers[name] = headers.get(name, "") + "x"

    assert _reason(lambda: _check(encoded, [record], headers)) == BAD_SIGNATURE


def test_a_record_copied_to_another_inbox_does_not_verify_for_that_destination() -> None:
    private, record = _key()
    encoded = _signed(private, record)
    headers = header_map(encoded.headers)
    headers[H_DESTINATION] = "rujukan.inbox.kh-polres"

    assert _reason(lambda: _check(encoded, [record], headers)) == BAD_SIGNATURE


def test_one_changed_data_byte_does_not_verify() -> None:
    private, record = _key()
    encoded = _signed(private, record)
    value = bytearray(encoded.value)
    value[10] ^= 0x01
    tampered = EncodedEvent(key=encoded.key, headers=encoded.headers, value=bytes(value))

    assert _reason(lambda: _check(tampered, [record])) == BAD_SIGNATURE


def test_an_unsigned_record_is_refused() -> None:
    private, record = _key()
    encoded = _signed(private, record)
    headers = header_map(encoded.headers)
    del headers[H_SIGNATURE]

    assert _reason(lambda: _check(encoded, [record], headers)) == UNSIGNED


def test_a_key_the_sender_did_not_publish_verifies_nothing() -> None:
    private, record = _key()
    _other_private, others = _key()
    encoded = _signed(private, record)

    assert _reason(lambda: _check(encoded, [others])) == UNKNOWN_KEY


def test_another_agencys_key_cannot_sign_for_the_sender() -> None:
    thief, thiefs_record = _key("kh-polres")
    encoded = _signed(thief, thiefs_record)  # ce_source is kh-hub
    _hub_private, hub_record = _key("kh-hub")

    assert _reason(lambda: _check(encoded, [hub_record])) == UNKNOWN_KEY


def test_a_revoked_key_verifies_nothing_whatever_the_time_claims() -> None:
    private, record = _key()
    encoded = _signed(private, record)
    revoked = PublicKeyRecord(
        record.kid, record.agency_id, SIG, record.public_key, record.valid_from, revoked=True
    )

    assert _reason(lambda: _check(encoded, [revoked])) == REVOKED_KEY


def test_a_key_expired_at_ce_time_verifies_nothing() -> None:
    private, record = _key()
    encoded = _signed(private, record)
    expired = record.closed(SENT - timedelta(minutes=1))

    assert _reason(lambda: _check(encoded, [expired])) == EXPIRED_KEY


def test_a_rotated_key_still_verifies_what_it_signed_within_the_grace() -> None:
    private, record = _key()
    encoded = _signed(private, record)

    _check(encoded, [record.closed(SENT + timedelta(hours=1))])


@pytest.mark.parametrize(
    "signature",
    [
        "not a jws",
        "e30..AAAA",  # {} : no alg
        base64.urlsafe_b64encode(b'{"alg":"none","kid":"k"}').decode().rstrip("=") + "..",
        "a.b.c",  # attached payload
        "x" * 600,
    ],
)
def test_a_malformed_or_foreign_signature_is_refused(signature: str) -> None:
    private, record = _key()
    encoded = _signed(private, record)
    headers = header_map(encoded.headers)
    headers[H_SIGNATURE] = signature

    assert _reason(lambda: _check(encoded, [record], headers)) == BAD_SIGNATURE
