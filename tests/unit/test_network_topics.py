"""The topics an agency process makes sure of at start-up: its own district's inboxes,
dead-letter topics and journals, which hold all it reads and writes, and nothing of the
other districts (those are the operator's `rujukan topics create`), so that starting an
agency does not grow with the size of the whole directory."""

from pathlib import Path

from rujukan.directory import load_directory
from rujukan.matrix import available_districts, load_matrix
from rujukan.runtime.service import AgencyRuntime
from rujukan.runtime.settings import AgencySettings
from rujukan.topology import INCARNATION_TOPIC, access_of, district_topics, network_topics
from tests.support.keys import shared_keys
from tests.support.probe_service import PROBE


def _start_up_topics(agency_id: str, tmp_path: Path) -> tuple[dict[str, int], int]:
    settings = AgencySettings(
        agency_id=agency_id,
        database_url=f"sqlite:///{tmp_path}/t.db",
        **shared_keys().settings(agency_id),
    )
    runtime = AgencyRuntime(settings, PROBE, load_directory())
    try:
        return runtime.district_topics(), settings.topic_partitions
    finally:
        runtime.engine.dispose()


def test_an_agency_creates_its_districts_topics_and_no_other_districts(tmp_path: Path) -> None:
    topics, partitions = _start_up_topics("kh-rsud", tmp_path)

    assert topics["rujukan.journal.kh-hub"] == partitions
    assert topics["rujukan.inbox.kh-rsud"] == partitions
    assert topics["rujukan.journal.kh-disdikbud"] == partitions
    assert topics[INCARNATION_TOPIC] == 1
    assert "rujukan.journal.kh-rsud" not in topics  # a desk keeps no journal topic
    assert "rujukan.inbox.kh-kodim" not in topics  # runs no software
    assert not [t for t in topics if "lt-" in t]  # Luwu Timur's are not its business


def test_every_topic_an_agency_may_read_or_write_is_among_its_start_up_topics() -> None:
    directory = load_directory()
    matrices = {d: load_matrix(d, directory) for d in available_districts()}
    for agency in directory.online():
        access = access_of(agency, directory, matrices)
        own = district_topics(directory, agency.district, 3)
        assert set(access.reads) | set(access.writes) <= set(own), agency.id


def test_the_operators_topics_are_every_districts_start_up_topics() -> None:
    directory = load_directory()
    districts = {agency.district for agency in directory}
    union: dict[str, int] = {}
    for district in districts:
        union |= district_topics(directory, district, 3)
    assert union == network_topics(directory, 3)
