"""The topics an agency process creates at start-up: every online agency's inbox and
dead-letter topic, and the journal topic of every intake hub and education service."""

from pathlib import Path

from rujukan.directory import load_directory
from rujukan.runtime.service import AgencyRuntime
from rujukan.runtime.settings import AgencySettings
from tests.support.keys import shared_keys
from tests.support.probe_service import PROBE


def test_every_hub_journal_topic_is_created_with_the_inboxes(tmp_path: Path) -> None:
    settings = AgencySettings(
        agency_id="kh-rsud",
        database_url=f"sqlite:///{tmp_path}/t.db",
        **shared_keys().settings("kh-rsud"),
    )
    runtime = AgencyRuntime(settings, PROBE, load_directory())
    try:
        topics = runtime.network_topics()
    finally:
        runtime.engine.dispose()

    assert topics["rujukan.journal.kh-hub"] == settings.topic_partitions
    assert "rujukan.journal.lt-hub" in topics
    assert "rujukan.inbox.kh-rsud" in topics
    assert "rujukan.journal.kh-rsud" not in topics
    assert "rujukan.inbox.kh-kodim" not in topics  # runs no software


def test_every_education_service_journal_topic_is_created_for_the_satgas_and_dinas(
    tmp_path: Path,
) -> None:
    settings = AgencySettings(
        agency_id="kh-rsud",
        database_url=f"sqlite:///{tmp_path}/t.db",
        **shared_keys().settings("kh-rsud"),
    )
    runtime = AgencyRuntime(settings, PROBE, load_directory())
    try:
        topics = runtime.network_topics()
    finally:
        runtime.engine.dispose()

    assert topics["rujukan.journal.kh-disdikbud"] == settings.topic_partitions
    assert "rujukan.journal.lt-disdik" in topics
