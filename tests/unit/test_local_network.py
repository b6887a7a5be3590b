"""Specification of the local network `rujukan up` starts (ops/data/local_network.csv)."""

from collections import Counter

import pytest
from typer.testing import CliRunner

from ops.cli.main import app
from ops.network import Member, load_members
from ops.services import IMPLEMENTATIONS, definition_for
from rujukan.matrix import load_matrix


@pytest.fixture(scope="module")
def members() -> list[Member]:
    return load_members()


def test_every_member_is_an_online_agency_of_the_directory_with_a_service(directory, members):
    for member in members:
        agency = directory.get(member.agency_id)
        assert agency.runs_software, member.agency_id
        assert agency.kind in definition_for(agency.kind).kinds


def test_members_and_ports_are_distinct(members):
    assert len({m.agency_id for m in members}) == len(members)
    assert len({m.http_port for m in members}) == len(members)


def test_the_network_runs_every_implemented_kind_and_a_second_puskesmas(directory, members):
    kinds = Counter(directory.get(m.agency_id).kind for m in members)
    assert set(IMPLEMENTATIONS) <= set(kinds)
    categories = Counter(directory.get(m.agency_id).category for m in members)
    assert categories["puskesmas"] >= 2


def test_the_directory_lists_every_member_as_online(members):
    printed = CliRunner().invoke(app, ["agencies"]).output.splitlines()
    for member in members:
        (line,) = [line for line in printed if line.split()[0] == member.agency_id]
        assert line.split()[3] == "online"


def test_every_hub_can_refer_to_a_health_member_of_its_district(directory, members):
    """`rujukan demo` drives a case through each hub to agencies that run here: each
    district with a hub also runs a health agency its matrix lists (Luwu Timur: lt-rsud,
    LT Pasal 17(2)a and d)."""
    running = {m.agency_id for m in members}
    hubs = [m.agency_id for m in members if directory.get(m.agency_id).kind == "intake"]
    assert hubs == ["kh-hub", "lt-hub"]
    for hub in hubs:
        district = directory.get(hub).district
        matrix = load_matrix(district, directory)
        listed = {
            agency.id
            for stage in matrix.stages()
            for agency in matrix.targets_for(stage, directory)
            if agency.kind == "health"
        }
        assert listed & running, district
