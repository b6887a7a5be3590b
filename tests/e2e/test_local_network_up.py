"""The local network as `rujukan up` starts it: the broker and one process per member
of rujukan/data/local_network.csv, each serving its agency's API (ports chosen free
here, so that the test never collides with a network already running)."""

from pathlib import Path

import httpx
import pytest

from rujukan.broker import free_port
from rujukan.directory import load_directory
from rujukan.network import Member, Network, load_members

pytestmark = [pytest.mark.broker, pytest.mark.slow]


HUB_PATHS = {"/complaints", "/cases/{case_id}/referrals", "/companions/{companion_id}/inbox"}
DESK_PATHS = {"/referrals", "/referrals/{referral_id}/reports", "/capacity"}


def test_every_member_of_the_local_network_starts_and_serves_its_api(tmp_path: Path):
    directory = load_directory()
    members = [Member(m.agency_id, free_port()) for m in load_members()]
    network = Network(data_dir=tmp_path, members=members)
    try:
        network.start()
        network.wait_ready(timeout=120)
        with httpx.Client(timeout=5.0) as client:
            for member in members:
                status = client.get(f"{member.url}/status").json()
                assert (status["agency_id"], status["ready"]) == (member.agency_id, True)
                paths = set(client.get(f"{member.url}/openapi.json").json()["paths"])
                if directory.get(member.agency_id).kind == "intake":
                    assert paths >= HUB_PATHS
                    assert client.get(f"{member.url}/cases").json() == []
                else:
                    assert paths >= DESK_PATHS
                    assert client.get(f"{member.url}/referrals").json()["referrals"] == []
    finally:
        network.stop()
