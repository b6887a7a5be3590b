"""Specification of the agency directory (rujukan.directory): data, lookups, and errors."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from rujukan.datafiles import DATA_DIR_ENV, DataFileError
from rujukan.directory import Agency, AgencyDirectory, UnknownAgency, load_directory
from schemas.vocabulary import AgencyKind

HEADER = "id,name,kind,category,district,runs_software"

KAPUAS_HULU_KECAMATAN = (
    "Badau",
    "Batang Lupar",
    "Bika",
    "Boyan Tanjung",
    "Bunut Hilir",
    "Bunut Hulu",
    "Embaloh Hilir",
    "Embaloh Hulu",
    "Empanang",
    "Hulu Gurung",
    "Jongkong",
    "Kalis",
    "Mentebah",
    "Pengkadan",
    "Puring Kencana",
    "Putussibau Selatan",
    "Putussibau Utara",
    "Seberuang",
    "Selimbau",
    "Semitau",
    "Silat Hilir",
    "Silat Hulu",
    "Suhaid",
)


def write_directory(tmp_path: Path, *lines: str) -> Path:
    path = tmp_path / "directory.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def load_errors(path: Path) -> list[str]:
    with pytest.raises(DataFileError) as caught:
        load_directory(path)
    return caught.value.errors


# --- the packaged directory -------------------------------------------------------


@pytest.mark.parametrize(
    ("agency_id", "kind"),
    [
        ("kh-hub", AgencyKind.INTAKE),
        ("kh-dinsos", AgencyKind.SOCIAL),
        ("kh-polres", AgencyKind.LEGAL),
        ("kh-satpol-pp", AgencyKind.LEGAL),
        ("kh-bagian-hukum", AgencyKind.LEGAL),
        ("kh-imigrasi", AgencyKind.LEGAL),
        ("kh-rsud", AgencyKind.HEALTH),
        ("kh-disdikbud", AgencyKind.EDUCATION),
        ("lt-hub", AgencyKind.INTAKE),
        ("lt-rsud", AgencyKind.HEALTH),
        ("lt-dinsos", AgencyKind.SOCIAL),
        ("lt-polres", AgencyKind.LEGAL),
        ("lt-disdik", AgencyKind.EDUCATION),
    ],
)
def test_packaged_directory_has_each_software_running_agency_with_its_kind(
    directory: AgencyDirectory, agency_id: str, kind: AgencyKind
) -> None:
    agency = directory.get(agency_id)
    assert agency.kind is kind
    assert agency.runs_software


def test_kapuas_hulu_has_one_puskesmas_per_kecamatan_for_all_23_kecamatan(
    directory: AgencyDirectory,
) -> None:
    puskesmas = directory.by_category("kapuas-hulu", "puskesmas")
    assert [p.name for p in puskesmas] == [f"Puskesmas {k}" for k in KAPUAS_HULU_KECAMATAN]
    assert all(p.kind is AgencyKind.HEALTH for p in puskesmas)
    assert directory.get("kh-puskesmas-putussibau-selatan").name == "Puskesmas Putussibau Selatan"


@pytest.mark.parametrize(
    "name_part",
    [
        "Gabungan Organisasi Wanita",
        "Komando Distrik Militer 1206 Putussibau",
        "Dinas Tenaga Kerja, Perindustrian dan Transmigrasi",
        "Dinas Kependudukan dan Pencatatan Sipil",
        "Merangat Foundation",
        "Nasyiatul Aisyiyah",
        "Paroki Hati Santa Perawan Maria Tak Bernoda",
        "Dinas Koperasi, Usaha Kecil Mikro dan Perdagangan",
    ],
)
def test_institutions_the_kapuas_hulu_matrix_names_as_offline_run_no_software(
    directory: AgencyDirectory, name_part: str
) -> None:
    matches = [a for a in directory.in_district("kapuas-hulu") if name_part in a.name]
    assert len(matches) == 1
    assert matches[0].kind is AgencyKind.OFFLINE
    assert not matches[0].runs_software


def test_offline_kind_and_running_no_software_go_together_outside_hubs(
    directory: AgencyDirectory,
) -> None:
    for agency in directory:
        if agency.kind is not AgencyKind.INTAKE:
            assert (agency.kind is AgencyKind.OFFLINE) == (not agency.runs_software), agency.id


def test_every_agency_id_carries_its_district_prefix(directory: AgencyDirectory) -> None:
    prefixes = {
        "kapuas-hulu": "kh-",
        "luwu-timur": "lt-",
        "singkawang": "skw-",
        "batang": "btg-",
        "belu": "blu-",
    }
    assert set(directory.districts()) == set(prefixes)
    for agency in directory:
        assert agency.id.startswith(prefixes[agency.district]), agency.id


def test_each_district_has_exactly_one_intake_hub(directory: AgencyDirectory) -> None:
    assert [a.id for a in directory.hubs("kapuas-hulu")] == ["kh-hub"]
    assert [a.id for a in directory.hubs("luwu-timur")] == ["lt-hub"]
    assert [a.id for a in directory.hubs("belu")] == ["blu-hub"]  # BLU Pasal 3(2)d, 13


def test_online_lists_only_agencies_that_run_software(directory: AgencyDirectory) -> None:
    online = directory.online()
    assert directory.get("kh-rsud") in online
    assert directory.get("kh-kodim") not in online
    assert all(a.runs_software for a in online)


def test_in_district_keeps_districts_apart(directory: AgencyDirectory) -> None:
    assert all(a.id.startswith("lt-") for a in directory.in_district("luwu-timur"))
    assert all(a.id.startswith("blu-") for a in directory.in_district("belu"))
    assert directory.in_district("sambas") == ()


# --- agencies and lookups ---------------------------------------------------------


def test_inbox_and_dead_letter_topics_follow_the_network_naming() -> None:
    agency = Agency("kh-rsud", "RSUD", AgencyKind.HEALTH, "rsud", "kapuas-hulu", True)
    assert agency.inbox_topic == "rujukan.inbox.kh-rsud"
    assert agency.dead_letter_topic == "rujukan.dlq.kh-rsud"


def test_an_intake_hub_has_a_journal_topic(directory: AgencyDirectory) -> None:
    assert directory.get("kh-hub").journal_topic == "rujukan.journal.kh-hub"


def test_looking_up_an_unknown_agency_names_the_id(directory: AgencyDirectory) -> None:
    with pytest.raises(UnknownAgency, match="'kh-nowhere'") as caught:
        directory.get("kh-nowhere")
    assert caught.value.agency_id == "kh-nowhere"
    assert "kh-nowhere" not in directory


def test_agencies_and_the_directory_are_immutable(directory: AgencyDirectory) -> None:
    agency = directory.get("kh-rsud")
    with pytest.raises(dataclasses.FrozenInstanceError):
        agency.runs_software = False  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError):
        directory.agencies = ()  # type: ignore[misc]


def test_a_directory_built_in_code_refuses_duplicate_ids() -> None:
    agency = Agency("kh-x", "X", AgencyKind.OFFLINE, "ngo", "kapuas-hulu", False)
    with pytest.raises(ValueError, match="duplicate agency id 'kh-x'"):
        AgencyDirectory((agency, agency))


def test_rujukan_data_dir_replaces_the_packaged_data_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_directory(tmp_path, HEADER, "kh-only,Only,offline,ngo,kapuas-hulu,no")
    monkeypatch.setenv(DATA_DIR_ENV, str(tmp_path))
    assert [a.id for a in load_directory()] == ["kh-only"]


def test_quoted_names_with_commas_and_comment_lines_load(tmp_path: Path) -> None:
    path = write_directory(
        tmp_path,
        "# the agency directory",
        HEADER,
        "# an offline NGO",
        'kh-ngo,"Yayasan A, B dan C",offline,ngo,kapuas-hulu,no',
    )
    assert load_directory(path).get("kh-ngo").name == "Yayasan A, B dan C"


# --- line-precise errors ----------------------------------------------------------


def test_unknown_kind_is_reported_at_its_line(tmp_path: Path) -> None:
    path = write_directory(
        tmp_path,
        HEADER,
        "kh-a,A,offline,ngo,kapuas-hulu,no",
        "kh-b,B,hospital,rsud,kapuas-hulu,yes",
    )
    assert load_errors(path) == [
        f"{path}:3: unknown kind 'hospital' "
        "(expected one of: intake, health, social, legal, education, offline)"
    ]


def test_duplicate_id_is_reported_at_the_second_line_citing_the_first(tmp_path: Path) -> None:
    path = write_directory(
        tmp_path,
        HEADER,
        "kh-a,A,offline,ngo,kapuas-hulu,no",
        "# a comment still counts as a line",
        "kh-a,A again,offline,ngo,kapuas-hulu,no",
    )
    assert load_errors(path) == [f"{path}:4: duplicate id 'kh-a' (first at line 2)"]


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("kh-Bad_Id,A,offline,ngo,kapuas-hulu,no", "id 'kh-Bad_Id' is not a slug"),
        ("kh-a,A,offline,NGO,kapuas-hulu,no", "category 'NGO' is not a slug"),
        ("kh-a,A,offline,ngo,Kapuas Hulu,no", "district 'Kapuas Hulu' is not a slug"),
        ("lt-a,A,offline,ngo,kapuas-hulu,no", "must start with 'kh-'"),
        ("kh-a,,offline,ngo,kapuas-hulu,no", "name is empty"),
        ("kh-a,A,offline,ngo,kapuas-hulu,ya", "runs_software must be yes or no, got 'ya'"),
        ("kh-a,A,offline,ngo,kapuas-hulu,yes", "kind offline means the institution runs no"),
        ("kh-a,A,health,rsud,kapuas-hulu,no", "kind health runs the health service"),
        ("kh-a,A,offline,ngo,kapuas-hulu", "expected 6 fields, got 5"),
        ('kh-a,"A,offline,ngo,kapuas-hulu,no', "malformed CSV line"),
    ],
)
def test_bad_row_is_reported_with_file_and_line(tmp_path: Path, line: str, expected: str) -> None:
    path = write_directory(tmp_path, "# comment", HEADER, line)
    [error] = load_errors(path)
    assert error.startswith(f"{path}:3: ")
    assert expected in error


def test_an_intake_hub_may_work_on_paper(tmp_path: Path) -> None:
    path = write_directory(tmp_path, HEADER, "kh-hub,Hub,intake,intake-hub,kapuas-hulu,no")
    assert not load_directory(path).get("kh-hub").runs_software


def test_missing_column_is_reported_on_the_header_line(tmp_path: Path) -> None:
    path = write_directory(
        tmp_path, "# comment", "id,name,kind,category,district", "kh-a,A,offline,ngo,kapuas-hulu"
    )
    [error] = load_errors(path)
    assert error.startswith(f"{path}:2: header must be {HEADER}")
    assert "missing column(s) runs_software" in error


def test_every_error_is_collected_and_raised_once(tmp_path: Path) -> None:
    path = write_directory(
        tmp_path,
        HEADER,
        "kh-a,A,robot,ngo,kapuas-hulu,no",
        "kh-b,B,offline,ngo,kapuas-hulu,maybe",
        "kh-b,B,offline,ngo,kapuas-hulu,no",
    )
    with pytest.raises(DataFileError) as caught:
        load_directory(path)
    lines = [error.split(": ", 1)[0] for error in caught.value.errors]
    assert lines == [f"{path}:2", f"{path}:3", f"{path}:4"]
    assert str(caught.value) == "\n".join(caught.value.errors)


def test_missing_and_empty_files_are_data_file_errors(tmp_path: Path) -> None:
    missing = tmp_path / "absent.csv"
    assert load_errors(missing)[0].startswith(f"{missing}:0: cannot read file")
    empty = write_directory(tmp_path, "# only a comment")
    assert load_errors(empty) == [f"{empty}:1: file is empty; expected the header {HEADER}"]
