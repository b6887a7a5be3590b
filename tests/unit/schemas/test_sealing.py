"""Sealed values: a child's identity and free text travel encrypted to their recipient
(HPKE, RFC 9180), which is the only one that reads them; which values are sealed comes
from the schema's marks."""

import json
import uuid
from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey
from pydantic import BaseModel

from schemas.base import PERSONAL_DATA, SEALED, Sealable
from schemas.catalog import all_event_types
from schemas.envelope import InvalidEvent, decode, encode, envelope_for
from schemas.events import ComplaintSubmitted, ReferralIssued, ServiceReported
from schemas.facts import ServiceNote
from schemas.sealing import OpeningKeys, SealingKey, sealed_paths, sealed_properties

CANARIES = {
    "name": "Canary-Name-7f3a",
    "address": "Canary-Address-91b2",
    "disability": "Canary-Disability-04cd",
    "guardian_contact": "Canary-Contact-5e6f",
    "note": "Canary-Note-8a1b",
}


class Recipient:
    """An agency's encryption key pair, as the key ring would hold it."""

    def __init__(self, agency_id: str) -> None:
        self.agency_id = agency_id
        self.kid = f"{agency_id}.enc.{uuid.uuid4().hex[:12]}"
        self.private_key = X25519PrivateKey.generate()

    def sealing_key(self) -> SealingKey:
        return SealingKey(self.agency_id, self.kid, self.private_key.public_key())

    def opening_keys(self, *more: "Recipient") -> OpeningKeys:
        keys = {r.kid: r.private_key for r in (self, *more)}
        return OpeningKeys(self.agency_id, keys)


RSUD = Recipient("kh-rsud")
DINSOS = Recipient("kh-dinsos")


def referral(**changes: object) -> ReferralIssued:
    data: dict[str, object] = {
        "case_id": "c-sealing-1",
        "referral_id": "r-sealing-1",
        "district": "kapuas-hulu",
        "stage": "REHABILITASI_KESEHATAN",
        "service": "health",
        "referrer_id": "kh-hub",
        "target_id": "kh-rsud",
        "child": {
            "name": CANARIES["name"],
            "sex": "female",
            "estimated_age": 12,
            "address": CANARIES["address"],
            "disability": CANARIES["disability"],
            "guardian_contact": CANARIES["guardian_contact"],
        },
        "note": CANARIES["note"],
    }
    return ReferralIssued.model_validate(data | changes)


def test_the_identity_and_free_text_leave_as_ciphertext_only():
    event = referral()
    encoded = encode(event, envelope_for(event, source="kh-hub"), RSUD.sealing_key())
    record = encoded.value + b"".join(v for _, v in encoded.headers) + encoded.key
    for canary in CANARIES.values():
        assert canary.encode() not in record
    data = json.loads(encoded.value)
    assert "child" not in data
    assert "note" not in data
    assert data["sealed"]["kid"] == RSUD.kid
    assert data["sealed"]["alg"] == "HPKE-Base-X25519-SHA256-AES128GCM"


def test_the_recipient_opens_them_back_into_the_event():
    event = referral()
    encoded = encode(event, envelope_for(event, source="kh-hub"), RSUD.sealing_key())
    _, decoded = decode(encoded.headers, encoded.value, RSUD.opening_keys())
    assert decoded == event
    assert isinstance(decoded, ReferralIssued)
    assert decoded.child is not None
    assert decoded.child.name == CANARIES["name"]
    assert decoded.sealed is None


def test_an_old_key_still_opens_what_was_sealed_to_it_after_a_rotation():
    old = RSUD
    new = Recipient("kh-rsud")
    event = referral()
    encoded = encode(event, envelope_for(event, source="kh-hub"), old.sealing_key())
    _, decoded = decode(encoded.headers, encoded.value, new.opening_keys(old))
    assert decoded == event


def test_another_agency_cannot_open_what_was_sealed_to_the_recipient():
    event = referral()
    encoded = encode(event, envelope_for(event, source="kh-hub"), RSUD.sealing_key())
    with pytest.raises(InvalidEvent, match="sealed_to_another_agency") as refused:
        decode(encoded.headers, encoded.value, DINSOS.opening_keys())
    for canary in CANARIES.values():
        assert canary not in str(refused.value)


def test_a_reader_without_keys_cannot_open_it_either():
    event = referral()
    encoded = encode(event, envelope_for(event, source="kh-hub"), RSUD.sealing_key())
    with pytest.raises(InvalidEvent, match="sealed_to_another_agency"):
        decode(encoded.headers, encoded.value)


def test_a_sealed_value_moved_into_another_event_does_not_open():
    first, second = referral(), referral(referral_id="r-sealing-2")
    sealed_first = encode(first, envelope_for(first, source="kh-hub"), RSUD.sealing_key())
    sealed_second = encode(second, envelope_for(second, source="kh-hub"), RSUD.sealing_key())
    moved = json.loads(sealed_second.value)
    moved["sealed"] = json.loads(sealed_first.value)["sealed"]
    with pytest.raises(InvalidEvent, match="seal_does_not_open"):
        decode(sealed_second.headers, json.dumps(moved).encode(), RSUD.opening_keys())


def test_a_record_claiming_another_recipient_does_not_open_with_the_same_key():
    event = referral()
    encoded = encode(event, envelope_for(event, source="kh-hub"), RSUD.sealing_key())
    elsewhere = OpeningKeys("kh-dinsos", {RSUD.kid: RSUD.private_key})
    with pytest.raises(InvalidEvent, match="seal_does_not_open"):
        decode(encoded.headers, encoded.value, elsewhere)


def test_a_tampered_ciphertext_does_not_open():
    event = referral()
    encoded = encode(event, envelope_for(event, source="kh-hub"), RSUD.sealing_key())
    data = json.loads(encoded.value)
    ct = data["sealed"]["ct"]
    data["sealed"]["ct"] = ct[:-2] + ("A" if ct[-2] != "A" else "B") + ct[-1]
    with pytest.raises(InvalidEvent, match="seal_does_not_open"):
        decode(encoded.headers, json.dumps(data).encode(), RSUD.opening_keys())


def test_an_event_holding_a_sealed_value_is_not_encoded_without_a_key():
    event = referral()
    with pytest.raises(InvalidEvent, match="no_sealing_key") as refused:
        encode(event, envelope_for(event, source="kh-hub"))
    assert CANARIES["name"] not in str(refused.value)


def test_an_event_without_sealed_values_needs_no_key_and_carries_no_sealed_field():
    event = referral(child=None, note=None)
    encoded = encode(event, envelope_for(event, source="kh-hub"))
    assert "sealed" not in json.loads(encoded.value)
    _, decoded = decode(encoded.headers, encoded.value)
    assert decoded == event


def test_a_child_sent_in_clear_is_refused_naming_the_field_not_the_value():
    event = referral(note=None)
    envelope = envelope_for(event, source="kh-hub")
    clear = encode(referral(child=None, note=None), envelope)
    data = json.loads(clear.value) | {"child": event.model_dump(mode="json")["child"]}
    with pytest.raises(InvalidEvent, match=r"unsealed_personal_data: .*child") as refused:
        decode(clear.headers, json.dumps(data).encode(), RSUD.opening_keys())
    assert CANARIES["name"] not in str(refused.value)


def test_free_text_inside_service_facts_is_sealed_too():
    report = ServiceReported.model_validate(
        {
            "case_id": "c-sealing-1",
            "referral_id": "r-sealing-1",
            "agency_id": "kh-dinsos",
            "report_id": "rep-1",
            "status": "completed",
            "facts": [
                {"kind": "service_note", "summary": "Canary-Summary-11aa"},
                {
                    "kind": "repatriation",
                    "origin": "Canary-Origin-22bb",
                    "destination": "Canary-Destination-33cc",
                    "repatriated_on": "2026-11-20",
                },
            ],
            "reported_at": "2026-11-24T10:00:00Z",
        }
    )
    hub = Recipient("kh-hub")
    encoded = encode(report, envelope_for(report, source="kh-dinsos"), hub.sealing_key())
    assert b"Canary" not in encoded.value
    assert sealed_paths(report) == [
        ("facts", 0, "summary"),
        ("facts", 1, "origin"),
        ("facts", 1, "destination"),
    ]
    _, decoded = decode(encoded.headers, encoded.value, hub.opening_keys())
    assert decoded == report


class _Loose(BaseModel):
    """A model whose fields say little of what they hold."""

    count: int = 0
    anything: Any = None
    items: list = []  # type: ignore[type-arg]


def test_sealed_values_are_found_behind_fields_typed_loosely():
    """Fields whose type cannot hold a model are skipped when looking for sealed values;
    a field typed ``Any`` or an unparameterised list can, and is searched."""
    note = ServiceNote(summary="Canary-Summary-44dd")
    loose = _Loose(count=3, anything=note, items=[note])
    assert sealed_paths(loose) == [("anything", "summary"), ("items", 0, "summary")]


def test_the_complaint_sealed_to_the_hub_keeps_its_padding_hiding_the_name_length():
    short, long = ("Canary-A", "Canary-" + "B" * 40)
    sizes = set()
    hub = Recipient("kh-hub")
    for name in (short, long):
        complaint = ComplaintSubmitted(
            case_id="c-sealing-2",
            channel="school",
            complainant="agency",
            child={"name": name, "sex": "male", "estimated_age": 9},
        )
        envelope = envelope_for(complaint, source="kh-disdikbud")
        encoded = encode(complaint, envelope, hub.sealing_key())
        sizes.add(len(json.loads(encoded.value)["sealed"]["ct"]))
    assert len(sizes) == 1


def _marks_anything(schema: object) -> bool:
    if isinstance(schema, dict):
        if schema.get(SEALED) or schema.get(PERSONAL_DATA):
            return True
        return any(_marks_anything(v) for v in schema.values())
    if isinstance(schema, list):
        return any(_marks_anything(v) for v in schema)
    return False


@pytest.mark.parametrize("wire_type", sorted(all_event_types()))
def test_every_event_that_may_hold_a_sealed_value_documents_its_sealed_form(wire_type):
    cls = all_event_types()[wire_type]
    assert _marks_anything(cls.model_json_schema()) == issubclass(cls, Sealable)


def test_free_text_and_the_child_identity_are_what_the_schema_marks_sealed():
    assert sealed_properties(ReferralIssued) == {"child", "note"}
    assert sealed_properties(ComplaintSubmitted) == {"child", "summary"}
