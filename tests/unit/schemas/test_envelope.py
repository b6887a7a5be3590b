"""The CloudEvents binary-mode envelope on Kafka, and what makes a record invalid."""

import json
import os
import re
import uuid

import pytest

from schemas.envelope import InvalidEvent, decode, encode, envelope_for, new_event_id
from schemas.events import ReferralDeclined, ReferralIssued


def referral() -> ReferralIssued:
    return ReferralIssued(
        case_id="c-envelope-1",
        referral_id="r-1",
        district="kapuas-hulu",
        stage="PENAMPUNGAN",
        service="shelter",
        referrer_id="kh-hub",
        target_id="kh-dinsos",
    )


def test_envelope_travels_in_ce_headers_and_the_key_is_the_case_id():
    event = referral()
    cause = uuid.uuid4()
    encoded = encode(event, envelope_for(event, source="kh-hub", causation_id=cause))
    headers = dict(encoded.headers)
    assert encoded.key == b"c-envelope-1"
    assert headers["ce_specversion"] == b"1.0"
    assert headers["ce_type"] == b"id.rujukan.referral.issued.v1"
    assert headers["ce_source"] == b"kh-hub"
    assert headers["ce_subject"] == b"c-envelope-1"
    assert headers["content-type"] == b"application/json"
    assert headers["ce_causationid"] == str(cause).encode()
    uuid.UUID(headers["ce_id"].decode())


def test_round_trip_gives_the_same_event_and_envelope():
    event = referral()
    envelope = envelope_for(event, source="kh-hub")
    encoded = encode(event, envelope)
    decoded_envelope, decoded = decode(encoded.headers, encoded.value)
    assert decoded == event
    assert decoded_envelope.id == envelope.id


def test_readers_ignore_fields_they_do_not_know():
    event = referral()
    encoded = encode(event, envelope_for(event, source="kh-hub"))
    data = json.loads(encoded.value) | {"added_in_a_later_minor_change": "x"}
    _, decoded = decode(encoded.headers, json.dumps(data).encode())
    assert decoded == event


@pytest.mark.parametrize(
    ("mutate", "reason"),
    [
        (
            lambda h, v: ([x for x in h if x[0] != "ce_id"], v),
            "missing CloudEvents header(s): ce_id",
        ),
        (lambda h, v: (h, b"{not json"), "data is not JSON"),
        (lambda h, v: (h, b"[]"), "not a JSON object"),
        (
            lambda h, v: (
                [(n, b"id.rujukan.unknown.thing.v1" if n == "ce_type" else x) for n, x in h],
                v,
            ),
            "unknown event type",
        ),
        (
            lambda h, v: ([(n, b"2.0" if n == "ce_specversion" else x) for n, x in h], v),
            "ce_specversion",
        ),
        (
            lambda h, v: ([(n, b"other-case" if n == "ce_subject" else x) for n, x in h], v),
            "does not match",
        ),
        (
            lambda h, v: (
                h,
                json.dumps({k: x for k, x in json.loads(v).items() if k != "stage"}).encode(),
            ),
            "stage: Field required",
        ),
    ],
)
def test_invalid_records_are_refused_with_a_reason_naming_the_problem(mutate, reason):
    event = referral()
    encoded = encode(event, envelope_for(event, source="kh-hub"))
    headers, value = mutate(list(encoded.headers), encoded.value)
    with pytest.raises(InvalidEvent, match=re.escape(reason)):
        decode(headers, value)


def test_validation_errors_never_echo_the_input():
    event = ReferralDeclined(
        case_id="c-1x",
        referral_id="r-1",
        agency_id="kh-rsud",
        reason="no_capacity",
        declined_at="2026-11-23T10:00:00Z",
    )
    encoded = encode(event, envelope_for(event, source="kh-rsud"))
    data = json.loads(encoded.value) | {"reason": "Siti Aminah, 12 tahun"}
    with pytest.raises(InvalidEvent) as refused:
        decode(encoded.headers, json.dumps(data).encode())
    assert "Siti" not in str(refused.value)


@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork")
def test_a_forked_process_draws_other_event_ids_than_its_parent() -> None:
    reader, writer = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: one id to the parent, then leave without clean-up
        os.write(writer, new_event_id().bytes)
        os._exit(0)
    os.close(writer)
    child_id = os.read(reader, 16)
    os.waitpid(pid, 0)
    assert child_id != new_event_id().bytes
