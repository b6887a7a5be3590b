"""What an inbox admits before any handler: a known online sender, its valid signature,
this inbox as the destination, a ce_time within the window, and a type the sender's
kind may send here (``rujukan/data/senders.csv``)."""

from datetime import UTC, datetime, timedelta

import pytest
from pydantic import ValidationError

from ops.services import IMPLEMENTATIONS, definition_for
from rujukan.directory import load_directory
from rujukan.runtime.admission import (
    NOT_ALLOWED,
    STALE,
    UNKNOWN_SENDER,
    WRONG_DESTINATION,
    Admission,
    Rejection,
)
from rujukan.runtime.keyfiles import init_keys, revoke_key, rotate_keys
from rujukan.runtime.settings import AgencySettings
from rujukan.senders import load_sender_policy
from schemas.base import Event
from schemas.envelope import EncodedEvent, envelope_from, header_map
from schemas.events import ReferralCancelled, ServiceReported
from schemas.signing import REVOKED_KEY, UNSIGNED
from schemas.vocabulary import AgencyKind
from tests.support.keys import KeysFolder, signed_record

NOW = datetime.now(UTC)
RSUD_INBOX = "rujukan.inbox.kh-rsud"


def cancellation() -> ReferralCancelled:
    return ReferralCancelled(
        case_id="c-0001", referral_id="r-1", referrer_id="kh-hub", reason="withdrawn"
    )


def admission(keys: KeysFolder, agency_id: str = "kh-rsud") -> Admission:
    directory = load_directory()
    return Admission(
        agency=directory.get(agency_id),
        directory=directory,
        keys=keys.ring(agency_id),
        policy=load_sender_policy(),
        max_age=timedelta(days=8),
        max_ahead=timedelta(minutes=5),
        clock=lambda: NOW,
    )


def check(keys: KeysFolder, encoded: EncodedEvent, agency_id: str = "kh-rsud") -> Rejection | None:
    return admission(keys, agency_id).check(
        header_map(encoded.headers), encoded.value, envelope_from(header_map(encoded.headers))
    )


def reason(keys: KeysFolder, encoded: EncodedEvent, agency_id: str = "kh-rsud") -> str | None:
    rejection = check(keys, encoded, agency_id)
    return None if rejection is None else rejection.reason


def sent(
    keys: KeysFolder,
    event: Event | None = None,
    *,
    source: str = "kh-hub",
    topic: str = RSUD_INBOX,
    time: datetime = NOW,
) -> EncodedEvent:
    return signed_record(event or cancellation(), source=source, topic=topic, keys=keys, time=time)


@pytest.fixture
def keys(keys_folder: KeysFolder) -> KeysFolder:
    """Keys made a month ago, so they were valid for every ce_time of these tests."""
    for agency_id in ("kh-hub", "kh-rsud", "kh-polres"):
        init_keys(
            agency_id,
            keys_folder.key_file(agency_id),
            keys_folder.public_keys_file,
            now=NOW - timedelta(days=30),
        )
    return keys_folder


def test_a_hubs_signed_cancellation_to_its_target_is_admitted(keys: KeysFolder) -> None:
    assert check(keys, sent(keys)) is None


def test_a_source_not_in_the_directory_is_an_unknown_sender(keys: KeysFolder) -> None:
    forged = sent(keys)
    headers = [(n, b"evil-laptop" if n == "ce_source" else v) for n, v in forged.headers]

    rejected = check(keys, EncodedEvent(key=forged.key, headers=headers, value=forged.value))

    assert rejected is not None
    assert rejected.reason == UNKNOWN_SENDER
    assert "evil-laptop" not in rejected.detail


def test_an_institution_that_runs_no_software_sends_nothing(keys: KeysFolder) -> None:
    keys.ensure("kh-kodim")  # even with keys of its own
    assert reason(keys, sent(keys, source="kh-kodim")) == UNKNOWN_SENDER


def test_an_unsigned_record_is_refused(keys: KeysFolder) -> None:
    encoded = sent(keys)
    unsigned = [(n, v) for n, v in encoded.headers if n != "ce_signature"]

    assert reason(keys, EncodedEvent(key=encoded.key, headers=unsigned, value=encoded.value)) == (
        UNSIGNED
    )


def test_a_record_signed_for_another_inbox_has_the_wrong_destination(keys: KeysFolder) -> None:
    copied = sent(keys, topic="rujukan.inbox.kh-polres")

    assert reason(keys, copied) == WRONG_DESTINATION
    assert reason(keys, copied, "kh-polres") is None  # where it was addressed


def test_the_re_publish_after_a_broker_loss_is_admitted_within_the_outbox_retention(
    keys: KeysFolder,
) -> None:
    assert reason(keys, sent(keys, time=NOW - timedelta(days=7))) is None


@pytest.mark.parametrize("offset", [timedelta(days=-9), timedelta(minutes=10)])
def test_a_ce_time_outside_the_window_is_stale(keys: KeysFolder, offset: timedelta) -> None:
    assert reason(keys, sent(keys, time=NOW + offset)) == STALE


def test_an_agency_may_not_send_what_only_a_hub_sends(keys: KeysFolder) -> None:
    forged_cancel = sent(keys, source="kh-rsud", topic="rujukan.inbox.kh-polres")

    assert reason(keys, forged_cancel, "kh-polres") == NOT_ALLOWED


def test_a_hub_may_not_report_a_service_it_did_not_give(keys: KeysFolder) -> None:
    report = ServiceReported(
        case_id="c-0001",
        referral_id="r-1",
        agency_id="kh-hub",
        report_id="rep-1",
        status="completed",
        final=True,
        reported_at=NOW,
    )
    to_hub = sent(keys, report, source="kh-hub", topic="rujukan.inbox.kh-hub")

    assert reason(keys, to_hub, "kh-hub") == NOT_ALLOWED


def test_a_revoked_key_verifies_nothing_even_for_a_time_it_was_valid(keys: KeysFolder) -> None:
    encoded = sent(keys)
    kid, _ = keys.ring("kh-hub").signing_key()
    revoke_key("kh-hub", kid, keys.public_keys_file)

    assert reason(keys, encoded) == REVOKED_KEY


def test_what_the_old_key_signed_before_a_rotation_is_still_admitted(keys: KeysFolder) -> None:
    before = sent(keys, time=NOW - timedelta(hours=1))
    rotate_keys("kh-hub", keys.key_file("kh-hub"), keys.public_keys_file, now=NOW)
    after = sent(keys, time=NOW + timedelta(seconds=1))

    assert (
        header_map(before.headers)["ce_signature"].split(".")[0]
        != (header_map(after.headers)["ce_signature"].split(".")[0])
    )  # another kid
    assert reason(keys, before) is None
    assert reason(keys, after) is None


@pytest.mark.parametrize("kind", sorted(IMPLEMENTATIONS))
def test_every_event_type_a_service_consumes_has_an_allowed_sender(kind: AgencyKind) -> None:
    policy = load_sender_policy()
    for event_class in definition_for(kind).consumes:
        senders = [s for s in AgencyKind if policy.may_send(event_class.event_type, s, kind)]
        assert senders, f"no kind may send {event_class.event_type} to a {kind} agency"


@pytest.mark.parametrize(
    ("hours", "allowed"),
    [(7 * 24 - 1, False), (7 * 24, True), (29 * 24, True), (30 * 24, False)],
)
def test_the_age_window_lies_between_the_outbox_and_the_inbox_retention(
    hours: float, allowed: bool
) -> None:
    build = lambda: AgencySettings(  # noqa: E731
        agency_id="kh-rsud",
        outbox_retention_days=7,
        inbox_retention_days=30,
        event_max_age_hours=hours,
    )
    if allowed:
        assert build().event_max_age_hours == hours
    else:
        with pytest.raises(ValidationError, match="retention"):
            build()
