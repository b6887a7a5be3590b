"""RUJUKAN_AGENCY_URLS: where the hub's auditor page asks each agency for its records of
a case; `rujukan up` fills it from the local network's members."""

import pytest
from pydantic import ValidationError

from ops.cli.network_cmds import agency_urls
from ops.network import load_members
from rujukan.runtime.settings import AgencySettings


def test_the_addresses_are_read_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(
        "RUJUKAN_AGENCY_URLS", " kh-rsud=http://10.0.0.5:8000/ , kh-dinsos=https://dinsos.test"
    )
    settings = AgencySettings(agency_id="kh-hub")
    assert settings.agency_urls == {
        "kh-rsud": "http://10.0.0.5:8000",
        "kh-dinsos": "https://dinsos.test",
    }


def test_an_address_without_its_agency_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("RUJUKAN_AGENCY_URLS", "http://10.0.0.5:8000")
    with pytest.raises(ValidationError, match="expected AGENCY=URL"):
        AgencySettings(agency_id="kh-hub")


def test_the_local_network_gives_every_member_its_address(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    members = load_members(port_offset=7000)
    monkeypatch.setenv("RUJUKAN_AGENCY_URLS", agency_urls(members)["RUJUKAN_AGENCY_URLS"])
    urls = AgencySettings(agency_id="kh-hub").agency_urls
    assert urls == {m.agency_id: m.url for m in members}
    assert urls["kh-rsud"] == "http://127.0.0.1:15101"
