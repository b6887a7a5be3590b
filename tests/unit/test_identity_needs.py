"""Which referrals carry the child's identity by default (rujukan/data/identity_needs.csv)."""

from pathlib import Path

import pytest

from rujukan.datafiles import DataFileError
from rujukan.identity_needs import load_identity_needs
from schemas.vocabulary import ServiceType

HEADER = "service,identity_needed,reason\n"


def test_the_packaged_file_decides_every_service_with_a_reason() -> None:
    needs = load_identity_needs()
    assert set(needs.by_service) == set(ServiceType)
    assert all(need.reason for need in needs.by_service.values())


@pytest.mark.parametrize(
    "service",
    [
        "health",
        "identification",
        "shelter",
        "repatriation",
        "legal",
        "civil_registration",
        "education",
    ],
)
def test_services_that_cannot_work_without_the_identity_carry_it(service: str) -> None:
    assert load_identity_needs().needed(ServiceType(service))


@pytest.mark.parametrize("service", ["psychology", "social_rehabilitation", "family"])
def test_other_services_travel_without_the_name(service: str) -> None:
    assert not load_identity_needs().needed(ServiceType(service))


def test_the_companion_may_override_the_default_for_one_referral() -> None:
    needs = load_identity_needs()
    assert needs.decide(ServiceType.PSYCHOLOGY, None) is False
    assert needs.decide(ServiceType.PSYCHOLOGY, True) is True
    assert needs.decide(ServiceType.HEALTH, False) is False


def test_a_malformed_file_names_each_line(tmp_path: Path) -> None:
    path = tmp_path / "identity_needs.csv"
    path.write_text(HEADER + "health,maybe,x\nmagic,yes,x\nhealth,yes,\n")
    with pytest.raises(DataFileError) as caught:
        load_identity_needs(path)
    errors = caught.value.errors
    assert any(e.endswith(":2: identity_needed must be yes or no") for e in errors)
    assert any(":3: unknown service 'magic'" in e for e in errors)
    assert any(":4: reason is empty" in e for e in errors)


def test_a_file_that_leaves_a_service_out_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "identity_needs.csv"
    path.write_text(HEADER + "health,yes,medical record\n")
    with pytest.raises(DataFileError, match="no line for service"):
        load_identity_needs(path)
