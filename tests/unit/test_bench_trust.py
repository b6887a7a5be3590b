"""The benchmark's switch between a runtime with trust and one without: the pass-through
parts it swaps in (``ops/bench/trust.py``) and the per-event cost of signing, verifying,
sealing and opening that ``rujukan bench`` prints. Only the benchmark has the switch."""

from ops.bench.trust import (
    AdmitAll,
    operation_costs_us,
    pass_through,
    without_sealed_values,
)
from schemas.envelope import encode, envelope_for, envelope_from, header_map
from schemas.events import ChildIdentity, ReferralIssued
from schemas.sealing import sealed_paths
from tests.support.keys import KeysFolder
from tests.support.referrals import issued

RSUD_INBOX = "rujukan.inbox.kh-rsud"


def referral(child: ChildIdentity | None = None, note: str | None = None) -> ReferralIssued:
    return issued(case_id="c-0001", referral_id="r-1", child=child, note=note)


def test_an_event_without_trust_leaves_its_child_and_free_text_out() -> None:
    event = referral(ChildIdentity(name="Sari", sex="female", estimated_age=9), "a note")

    plain = without_sealed_values(event)

    assert sealed_paths(event)
    assert not sealed_paths(plain)
    assert (plain.child, plain.note) == (None, None)
    assert plain.referral_id == event.referral_id
    encode(plain, envelope_for(plain, source="kh-hub"))  # travels without a sealing key


def test_the_pass_through_parts_neither_sign_nor_refuse() -> None:
    event = referral()
    encoded = encode(event, envelope_for(event, source="kh-hub"))

    passed = pass_through(encoded, RSUD_INBOX)

    assert passed == encoded
    assert "ce_signature" not in header_map(passed.headers)
    from_nobody = envelope_from(header_map(encoded.headers)).model_copy(update={"source": "nobody"})
    assert AdmitAll().check(header_map(encoded.headers), encoded.value, from_nobody) is None


def test_each_trust_operation_on_a_referral_with_a_child_has_a_positive_cost(
    keys_folder: KeysFolder,
) -> None:
    event = referral(ChildIdentity(name="Sari", sex="female", estimated_age=9))
    hub, rsud = keys_folder.ring("kh-hub"), keys_folder.ring("kh-rsud")

    costs = operation_costs_us(event, hub, rsud, RSUD_INBOX, samples=20)

    assert set(costs) == {"sign_us", "verify_us", "seal_us", "open_us"}
    assert all(cost > 0 for cost in costs.values()), costs
