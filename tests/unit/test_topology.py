"""Who reads and writes which topic (rujukan/topology.py), and the Kafka ACLs made from
it (rujukan/acls.py, ``rujukan acls``): each agency reads only its own inbox and group
and writes only where its role and its district's matrix send it (KH Lampiran I,
LT Pasal 17(2)-(3)); what the code publishes in the demo is covered."""

import subprocess
from datetime import date
from pathlib import Path

import pytest
from typer.testing import CliRunner

from ops.cli.main import app
from ops.demo.script import cases
from rujukan.acls import AclEntry, agency_acls, as_script, network_acls, parse_script, principal
from rujukan.directory import AgencyDirectory
from rujukan.matrix import DistrictMatrix, available_districts, load_matrix
from rujukan.topology import (
    INCARNATION_TOPIC,
    AgencyAccess,
    access_of,
    network_access,
    network_topics,
    writes_of,
)
from schemas.vocabulary import AgencyKind


@pytest.fixture(scope="module")
def matrices(directory: AgencyDirectory) -> dict[str, DistrictMatrix]:
    return {d: load_matrix(d, directory) for d in available_districts()}


@pytest.fixture(scope="module")
def everyone(
    directory: AgencyDirectory, matrices: dict[str, DistrictMatrix]
) -> tuple[AgencyAccess, ...]:
    return network_access(directory, matrices)


def _writes(agency_id: str, everyone: tuple[AgencyAccess, ...]) -> set[str]:
    return set(next(a for a in everyone if a.agency_id == agency_id).writes)


def test_only_online_agencies_get_a_principal(
    directory: AgencyDirectory, everyone: tuple[AgencyAccess, ...]
) -> None:
    assert [a.agency_id for a in everyone] == [a.id for a in directory.online()]
    assert "kh-kodim" not in {a.agency_id for a in everyone}


def test_no_agency_reads_another_agencys_inbox_or_group(everyone: tuple[AgencyAccess, ...]) -> None:
    for entry in network_acls(everyone):
        if entry.operation != "Read":
            continue
        agency_id = entry.principal.removeprefix("User:")
        allowed = {f"rujukan.inbox.{agency_id}", INCARNATION_TOPIC, f"rujukan.{agency_id}"}
        assert entry.name in allowed, entry


def test_no_agency_may_create_alter_or_delete_anything(everyone: tuple[AgencyAccess, ...]) -> None:
    operations = {(e.operation, e.resource_type, e.pattern_type) for e in network_acls(everyone)}

    assert operations == {
        ("Read", "topic", "literal"),
        ("Read", "group", "literal"),
        ("Write", "topic", "literal"),
        ("Describe", "topic", "prefixed"),
    }


def test_the_hub_writes_to_the_matrix_targets_its_journal_and_its_dead_letters(
    everyone: tuple[AgencyAccess, ...],
) -> None:
    writes = _writes("lt-hub", everyone)

    assert writes == {
        "rujukan.inbox.lt-rsud",
        "rujukan.inbox.lt-disdik",
        "rujukan.inbox.lt-dinsos",
        "rujukan.inbox.lt-polres",
        "rujukan.journal.lt-hub",
        "rujukan.dlq.lt-hub",
    }


def test_a_kapuas_hulu_puskesmas_answers_the_hub_copies_the_school_and_refers_on_in_its_district(
    directory: AgencyDirectory, everyone: tuple[AgencyAccess, ...]
) -> None:
    writes = _writes("kh-puskesmas-badau", everyone)

    assert {"rujukan.inbox.kh-hub", "rujukan.inbox.kh-disdikbud"} <= writes
    assert "rujukan.inbox.kh-rsud" in writes  # onward, KH Lampiran I
    assert "rujukan.inbox.kh-puskesmas-badau" not in writes
    assert "rujukan.dlq.kh-puskesmas-badau" in writes
    assert not any(".journal." in topic for topic in writes)
    assert not any(
        topic.endswith(tuple(a.id for a in directory.in_district("luwu-timur"))) for topic in writes
    )


def test_the_education_service_writes_its_journal_the_hubs_and_the_targets_it_refers_to_at_once(
    everyone: tuple[AgencyAccess, ...],
) -> None:
    writes = _writes("kh-disdikbud", everyone)

    assert {"rujukan.journal.kh-disdikbud", "rujukan.inbox.kh-hub"} <= writes
    assert "rujukan.inbox.kh-polres" in writes  # BTG 18(4)c: referred at once
    assert "rujukan.journal.kh-hub" not in writes


def test_no_one_writes_into_another_district(
    directory: AgencyDirectory, everyone: tuple[AgencyAccess, ...]
) -> None:
    district = {a.id: a.district for a in directory}
    for access in everyone:
        for topic in access.writes:
            owner = topic.rsplit(".", 1)[1]
            assert district[owner] == district[access.agency_id], (access.agency_id, topic)


def test_only_journal_kinds_write_journals_and_only_their_own(
    directory: AgencyDirectory, everyone: tuple[AgencyAccess, ...]
) -> None:
    for access in everyone:
        journals = {t for t in access.writes if t.startswith("rujukan.journal.")}
        kind = directory.get(access.agency_id).kind
        expected = (
            {f"rujukan.journal.{access.agency_id}"}
            if kind in (AgencyKind.INTAKE, AgencyKind.EDUCATION)
            else set()
        )
        assert journals == expected


def test_every_written_topic_is_a_topic_the_operator_creates(
    directory: AgencyDirectory, everyone: tuple[AgencyAccess, ...]
) -> None:
    created = set(network_topics(directory, 3))

    for access in everyone:
        assert set(access.writes) | set(access.reads) <= created


def test_every_hop_of_the_demo_is_granted(
    directory: AgencyDirectory, matrices: dict[str, DistrictMatrix]
) -> None:
    for case in cases(date(2026, 3, 2)):
        hub = directory.get(case.hub_id)
        hub_writes = writes_of(hub, directory, matrices)
        assert hub.journal_topic in hub_writes
        for referral in case.referrals:
            target = directory.get(referral.target_id)
            if not target.runs_software:
                continue
            assert target.inbox_topic in hub_writes, referral.key
            assert hub.inbox_topic in writes_of(target, directory, matrices), referral.key


def test_the_script_adds_exactly_the_rules_of_the_topology(
    directory: AgencyDirectory, matrices: dict[str, DistrictMatrix]
) -> None:
    accesses = network_access(directory, matrices, ["kapuas-hulu"])
    entries = network_acls(accesses)

    script = as_script(entries, "rujukan acls --district kapuas-hulu")

    assert sorted(parse_script(script)) == sorted(entries)
    assert len(entries) == len(set(entries))


def test_the_script_hands_kafka_acls_each_rule_once(
    directory: AgencyDirectory, matrices: dict[str, DistrictMatrix], tmp_path: Path
) -> None:
    entries = network_acls(network_access(directory, matrices, ["luwu-timur"]))
    script = tmp_path / "acls.sh"
    script.write_text(as_script(entries, "rujukan acls --district luwu-timur"))
    calls = tmp_path / "calls"
    tool = tmp_path / "kafka-acls.sh"
    tool.write_text(f'#!/bin/sh\necho "$*" >> {calls}\n')
    tool.chmod(0o755)
    env = {"KAFKA_ACLS": str(tool), "KAFKA_BOOTSTRAP": "kafka:9092", "KAFKA_ADMIN_CONFIG": "a"}

    subprocess.run(["sh", str(script)], env=env, check=True)

    added = []
    for call in calls.read_text().splitlines():
        fixed, _, rule = call.partition(" --add ")
        words = rule.split()
        options = list(zip(words[::2], words[1::2], strict=True))
        values = dict(options)
        assert fixed == "--bootstrap-server kafka:9092 --command-config a"
        added += [
            AclEntry(
                values["--allow-principal"],
                values["--operation"],
                flag.removeprefix("--"),
                name,
                values["--resource-pattern-type"],
            )
            for flag, name in options
            if flag in ("--topic", "--group")
        ]
    assert added == entries


def test_an_agencys_rules_name_it_as_the_principal(
    directory: AgencyDirectory, matrices: dict[str, DistrictMatrix]
) -> None:
    access = access_of(directory.get("kh-rsud"), directory, matrices)

    rules = agency_acls(access)

    assert {r.principal for r in rules} == {principal("kh-rsud")}
    assert AclEntry("User:kh-rsud", "Read", "group", "rujukan.kh-rsud") in rules


def test_the_command_prints_one_district_or_refuses_a_bad_choice() -> None:
    runner = CliRunner()

    printed = runner.invoke(app, ["acls", "--district", "luwu-timur"])
    neither = runner.invoke(app, ["acls"])
    unknown = runner.invoke(app, ["acls", "--district", "nowhere"])

    assert printed.exit_code == 0
    principals = {e.principal for e in parse_script(printed.output)}
    assert principals == {
        "User:lt-hub",
        "User:lt-rsud",
        "User:lt-disdik",
        "User:lt-dinsos",
        "User:lt-polres",
    }
    assert neither.exit_code == 2
    assert unknown.exit_code == 2
