"""Specification of the district referral matrices (rujukan.matrix).

The Kapuas Hulu matrix is KH Lampiran I; the Luwu Timur one is LT Pasal 17(2) a-j. Both
are data loaded by the same code.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from rujukan.datafiles import DATA_DIR_ENV, DataFileError
from rujukan.directory import Agency, AgencyDirectory
from rujukan.matrix import (
    DistrictMatrix,
    TargetNotInMatrix,
    UnknownDistrict,
    UnknownStage,
    available_districts,
    check_matrix,
    check_referral_target,
    load_matrix,
    matrix_path,
)
from schemas.vocabulary import AgencyKind, ServiceType

HEADER = "stage,institution,service,duty,source"

KH_STAGES = (
    "IDENTIFIKASI",
    "PENAMPUNGAN",
    "REHABILITASI_KESEHATAN",
    "REHABILITASI_SOSIAL",
    "PEMULANGAN",
    "REINTEGRASI_SOSIAL_EKONOMI",
    "BANTUAN_HUKUM",
)


@pytest.fixture(scope="module")
def kapuas_hulu(directory: AgencyDirectory) -> DistrictMatrix:
    return load_matrix("kapuas-hulu", directory)


@pytest.fixture
def small_directory() -> AgencyDirectory:
    """A tiny two-district directory for the error specifications."""
    return AgencyDirectory(
        (
            Agency("kh-polres", "Polres", AgencyKind.LEGAL, "police", "kapuas-hulu", True),
            Agency("kh-rsud", "RSUD", AgencyKind.HEALTH, "rsud", "kapuas-hulu", True),
            Agency("kh-pkm-a", "Puskesmas A", AgencyKind.HEALTH, "puskesmas", "kapuas-hulu", True),
            Agency("lt-polres", "Polres LT", AgencyKind.LEGAL, "police", "luwu-timur", True),
        )
    )


def write_matrix(tmp_path: Path, *lines: str, district: str = "kapuas-hulu") -> Path:
    path = tmp_path / "districts" / district / "matrix.csv"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


# --- KH Lampiran I ----------------------------------------------------------------


def test_kapuas_hulu_matrix_has_the_28_rows_of_lampiran_i_in_its_7_stages(
    kapuas_hulu: DistrictMatrix,
) -> None:
    assert len(kapuas_hulu.rows) == 28
    assert kapuas_hulu.stages() == KH_STAGES
    counts = [len(kapuas_hulu.rows_for(stage)) for stage in KH_STAGES]
    assert counts == [8, 2, 2, 6, 3, 4, 3]
    assert {row.source for row in kapuas_hulu.rows} == {"KH Lampiran I"}


def test_every_kapuas_hulu_institution_resolves_in_the_directory(
    directory: AgencyDirectory, kapuas_hulu: DistrictMatrix
) -> None:
    assert check_matrix(matrix_path("kapuas-hulu"), directory) == []
    for row in kapuas_hulu.rows:
        if row.selected_category is None:
            assert directory.get(row.institution).district == "kapuas-hulu"
    for stage in KH_STAGES:
        assert kapuas_hulu.targets_for(stage, directory)


def test_identification_lists_the_eight_institutions_of_lampiran_i_in_order(
    directory: AgencyDirectory, kapuas_hulu: DistrictMatrix
) -> None:
    targets = [a.id for a in kapuas_hulu.targets_for("IDENTIFIKASI", directory)]
    assert targets == [
        "kh-polres",
        "kh-gow",
        "kh-dinsos",
        "kh-kodim",
        "kh-disnakertrans",
        "kh-dukcapil",
        "kh-imigrasi",
        "kh-satpol-pp",
    ]


def test_health_rehabilitation_targets_are_the_rsud_and_all_23_puskesmas(
    directory: AgencyDirectory, kapuas_hulu: DistrictMatrix
) -> None:
    targets = kapuas_hulu.targets_for("REHABILITASI_KESEHATAN", directory)
    assert targets[0].id == "kh-rsud"
    assert targets[1:] == list(directory.by_category("kapuas-hulu", "puskesmas"))
    assert len(targets) == 24


def test_a_puskesmas_is_a_valid_health_target_through_the_category_selector(
    directory: AgencyDirectory, kapuas_hulu: DistrictMatrix
) -> None:
    row = check_referral_target(
        kapuas_hulu, directory, "REHABILITASI_KESEHATAN", "kh-puskesmas-badau"
    )
    assert row.institution == "category:puskesmas"
    assert row.duty.startswith("Pemeriksaan Medis dan Pengobatan Dasar")
    assert (
        kapuas_hulu.service_for("REHABILITASI_KESEHATAN", "kh-puskesmas-badau", directory)
        is ServiceType.HEALTH
    )


def test_referral_to_institution_not_listed_for_stage_is_rejected_citing_lampiran_i(
    directory: AgencyDirectory, kapuas_hulu: DistrictMatrix
) -> None:
    with pytest.raises(TargetNotInMatrix) as caught:
        check_referral_target(kapuas_hulu, directory, "PEMULANGAN", "kh-rsud")
    assert str(caught.value) == (
        "KH Lampiran I: kh-rsud is not listed for stage PEMULANGAN in the kapuas-hulu "
        "referral matrix; listed: kh-dinsos, kh-polres, kh-disnakertrans"
    )
    assert caught.value.source == "KH Lampiran I"


def test_service_for_an_unlisted_target_raises_the_same_rule(
    directory: AgencyDirectory, kapuas_hulu: DistrictMatrix
) -> None:
    with pytest.raises(TargetNotInMatrix, match=r"^KH Lampiran I: kh-kodim is not listed"):
        kapuas_hulu.service_for("BANTUAN_HUKUM", "kh-kodim", directory)


def test_an_agency_of_another_district_is_never_a_valid_target(
    directory: AgencyDirectory, kapuas_hulu: DistrictMatrix
) -> None:
    for agency_id in ("lt-polres", "kh-nowhere"):
        with pytest.raises(TargetNotInMatrix):
            check_referral_target(kapuas_hulu, directory, "IDENTIFIKASI", agency_id)


def test_the_service_asked_for_depends_on_the_stage(
    directory: AgencyDirectory, kapuas_hulu: DistrictMatrix
) -> None:
    def service(stage: str) -> ServiceType:
        return kapuas_hulu.service_for(stage, "kh-polres", directory)

    assert service("IDENTIFIKASI") is ServiceType.IDENTIFICATION
    assert service("PENAMPUNGAN") is ServiceType.SHELTER
    assert service("REHABILITASI_SOSIAL") is ServiceType.PSYCHOLOGY
    assert service("PEMULANGAN") is ServiceType.REPATRIATION


def test_an_unknown_stage_is_refused_naming_the_stages(
    directory: AgencyDirectory, kapuas_hulu: DistrictMatrix
) -> None:
    with pytest.raises(UnknownStage, match="'TERMINASI' is not in the kapuas-hulu"):
        check_referral_target(kapuas_hulu, directory, "TERMINASI", "kh-polres")


def test_the_no_dedicated_tppo_shelter_note_is_kept_as_a_comment_line() -> None:
    lines = matrix_path("kapuas-hulu").read_text(encoding="utf-8").splitlines()
    notes = [line for line in lines if "belum ada shelter khusus" in line]
    assert len(notes) == 1
    assert notes[0].startswith("#")


def test_line_numbers_count_comment_lines(kapuas_hulu: DistrictMatrix) -> None:
    lines = matrix_path("kapuas-hulu").read_text(encoding="utf-8").splitlines()
    for row in kapuas_hulu.rows:
        assert lines[row.line - 1].startswith(f"{row.stage},{row.institution},")


# --- LT Pasal 17(2): the matrix is data -------------------------------------------


def test_luwu_timur_matrix_loads_with_the_same_code(directory: AgencyDirectory) -> None:
    luwu_timur = load_matrix("luwu-timur", directory)
    cited = {row.source for row in luwu_timur.rows}
    assert cited == {f"LT Pasal 17(2){letter}" for letter in "abcdefghij"}
    assert luwu_timur.stages()[0] == "LAYANAN_KESEHATAN"
    assert luwu_timur.service_for("LAYANAN_KESEHATAN", "lt-rsud", directory) is ServiceType.HEALTH
    with pytest.raises(TargetNotInMatrix, match=r"^LT Pasal 17\(2\)b: lt-polres is not listed"):
        check_referral_target(luwu_timur, directory, "LAYANAN_PENDIDIKAN", "lt-polres")


def test_luwu_timur_covers_every_service_of_pasal_17_2(directory: AgencyDirectory) -> None:
    services = {row.service for row in load_matrix("luwu-timur", directory).rows}
    assert services == {
        ServiceType.HEALTH,
        ServiceType.EDUCATION,
        ServiceType.SOCIAL_REHABILITATION,
        ServiceType.SHELTER,
        ServiceType.PSYCHOLOGY,
        ServiceType.LEGAL,
        ServiceType.CIVIL_REGISTRATION,
        ServiceType.EMPLOYMENT,
        ServiceType.FAMILY,
        ServiceType.SOCIAL_PROTECTION,
        ServiceType.COMMUNITY_GUIDANCE,
    }


def test_available_districts_are_the_folders_with_a_matrix() -> None:
    assert available_districts() == ["batang", "belu", "kapuas-hulu", "luwu-timur", "singkawang"]


def test_a_district_id_that_is_not_a_slug_is_rejected(directory: AgencyDirectory) -> None:
    with pytest.raises(UnknownDistrict, match="'Kapuas Hulu' is not a slug"):
        load_matrix("Kapuas Hulu", directory)
    with pytest.raises(UnknownDistrict, match=r"'\.\./secrets' is not a slug"):
        load_matrix("../secrets", directory)


def test_a_district_without_a_matrix_is_rejected_naming_the_known_ones(
    directory: AgencyDirectory,
) -> None:
    with pytest.raises(UnknownDistrict, match=r"'sambas' has no referral matrix .*; known: batang"):
        load_matrix("sambas", directory)


# --- check_matrix: line-precise errors --------------------------------------------


def test_a_valid_small_matrix_has_no_errors(
    tmp_path: Path, small_directory: AgencyDirectory
) -> None:
    path = write_matrix(
        tmp_path,
        HEADER,
        "IDENTIFIKASI,kh-polres,identification,Melakukan identifikasi.,KH Lampiran I",
        "REHABILITASI_KESEHATAN,category:puskesmas,health,Pengobatan Dasar.,KH Lampiran I",
    )
    assert check_matrix(path, small_directory) == []


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        (
            "IDENTIFIKASI,kh-kodim,identification,Identifikasi korban.,KH Lampiran I",
            "unknown institution id 'kh-kodim': not in the agency directory",
        ),
        (
            "REHABILITASI_KESEHATAN,category:klinik,health,Pengobatan.,KH Lampiran I",
            "selector category:klinik matches no agency in kapuas-hulu",
        ),
        (
            "IDENTIFIKASI,lt-polres,identification,Melakukan identifikasi.,KH Lampiran I",
            "institution lt-polres belongs to luwu-timur, not kapuas-hulu",
        ),
        (
            "IDENTIFIKASI,kh-polres,investigation,Melakukan identifikasi.,KH Lampiran I",
            "unknown service 'investigation'",
        ),
        (
            "IDENTIFIKASI,kh-polres,identification,,KH Lampiran I",
            "duty is empty",
        ),
        (
            "IDENTIFIKASI,kh-polres,identification,Melakukan identifikasi.,",
            "source '' cites no article",
        ),
        (
            "Rehabilitasi Kesehatan,kh-rsud,health,Pengobatan.,KH Lampiran I",
            "stage 'Rehabilitasi Kesehatan' is not an UPPER_SNAKE slug",
        ),
        (
            "IDENTIFIKASI,kh-polres,identification",
            "expected 5 fields, got 3",
        ),
    ],
)
def test_check_matrix_reports_each_bad_row_at_its_exact_line(
    tmp_path: Path, small_directory: AgencyDirectory, line: str, expected: str
) -> None:
    path = write_matrix(
        tmp_path,
        HEADER,
        "# a note counted as line 2",
        "IDENTIFIKASI,kh-rsud,identification,Pemeriksaan.,KH Lampiran I",
        line,
    )
    [error] = check_matrix(path, small_directory)
    assert error.startswith(f"{path}:4: ")
    assert expected in error


def test_check_matrix_reports_a_duplicate_stage_and_institution_citing_the_first_line(
    tmp_path: Path, small_directory: AgencyDirectory
) -> None:
    path = write_matrix(
        tmp_path,
        HEADER,
        "BANTUAN_HUKUM,kh-polres,legal,Penegakan Hukum.,KH Lampiran I",
        "# comment",
        "",
        "BANTUAN_HUKUM,kh-polres,legal,Bantuan Hukum.,KH Lampiran I",
    )
    assert check_matrix(path, small_directory) == [
        f"{path}:5: duplicate row for stage BANTUAN_HUKUM and institution kh-polres "
        "(first at line 2)"
    ]


def test_check_matrix_reports_a_wrong_header_on_its_line(
    tmp_path: Path, small_directory: AgencyDirectory
) -> None:
    path = write_matrix(
        tmp_path,
        "# KH Lampiran I",
        "stage,institution,duty,source",
        "IDENTIFIKASI,kh-polres,Melakukan identifikasi.,KH Lampiran I",
    )
    assert check_matrix(path, small_directory) == [
        f"{path}:2: header must be {HEADER} (missing column(s) service)"
    ]


def test_check_matrix_collects_every_error_of_the_file(
    tmp_path: Path, small_directory: AgencyDirectory
) -> None:
    path = write_matrix(
        tmp_path,
        HEADER,
        "IDENTIFIKASI,kh-kodim,identification,Identifikasi korban.,KH Lampiran I",
        "IDENTIFIKASI,kh-polres,identify,,KH Lampiran I",
    )
    errors = check_matrix(path, small_directory)
    assert [e.split(": ", 1)[0] for e in errors] == [f"{path}:2", f"{path}:3", f"{path}:3"]


def test_check_matrix_takes_the_district_from_the_folder_unless_told(
    tmp_path: Path, small_directory: AgencyDirectory
) -> None:
    path = write_matrix(
        tmp_path,
        HEADER,
        "LAYANAN_HUKUM,lt-polres,legal,Pemberian layanan hukum.,LT Pasal 17(2)e",
        district="luwu-timur",
    )
    assert check_matrix(path, small_directory) == []
    [error] = check_matrix(path, small_directory, district="kapuas-hulu")
    assert error.endswith("institution lt-polres belongs to luwu-timur, not kapuas-hulu")


def test_load_matrix_raises_the_check_matrix_errors(
    tmp_path: Path, small_directory: AgencyDirectory, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write_matrix(
        tmp_path,
        HEADER,
        "IDENTIFIKASI,kh-polres,identification,Melakukan identifikasi.,KH Lampiran I",
        "PENAMPUNGAN,kh-kodim,shelter,Penampungan.,KH Lampiran I",
    )
    monkeypatch.setenv(DATA_DIR_ENV, str(tmp_path))
    assert available_districts() == ["kapuas-hulu"]
    with pytest.raises(DataFileError) as caught:
        load_matrix("kapuas-hulu", small_directory)
    assert caught.value.errors == check_matrix(path, small_directory)
    assert caught.value.errors[0].startswith(f"{path}:3: unknown institution id 'kh-kodim'")


def test_a_matrix_with_only_a_header_is_an_error(
    tmp_path: Path, small_directory: AgencyDirectory
) -> None:
    path = write_matrix(tmp_path, HEADER, "# nothing yet")
    assert check_matrix(path, small_directory) == [f"{path}:0: the matrix has no rows"]
