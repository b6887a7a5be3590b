"""The generated province of ``rujukan bench --province`` (docs/scale.md): 15 copies of
Kapuas Hulu (Perbup Kapuas Hulu 04/2020, Lampiran I) with about 400 online agencies, whose
matrices check against its directory, and whose agencies each make sure of their own
district's topics only, however many districts the directory holds."""

from pathlib import Path

import pytest

from ops.bench.province import DISTRICTS, district_id, prefix, write_province
from rujukan.datafiles import DATA_DIR_ENV
from rujukan.directory import load_directory
from rujukan.matrix import available_districts, check_matrix, matrix_path
from rujukan.topology import district_topics, network_topics


@pytest.fixture(scope="module")
def province(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("province")
    write_province(folder)
    return folder


def test_the_province_has_fifteen_districts_and_about_four_hundred_online_agencies(
    province: Path,
) -> None:
    directory = load_directory(province / "directory.csv")

    assert {a.district for a in directory} == {district_id(n) for n in range(1, DISTRICTS + 1)}
    assert 390 <= len(directory.online()) <= 410
    assert not [a for a in directory if a.id.startswith(("kh-", "lt-"))]
    assert directory.get(f"{prefix(7)}hub").district == district_id(7)


def test_every_district_matrix_of_the_province_checks_against_its_directory(
    province: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(DATA_DIR_ENV, str(province))
    directory = load_directory()

    assert available_districts() == [district_id(n) for n in range(1, DISTRICTS + 1)]
    for district in available_districts():
        assert check_matrix(matrix_path(district), directory, district) == [], district


def test_an_agencys_start_up_topics_do_not_grow_with_the_province(province: Path) -> None:
    packaged = load_directory()
    generated = load_directory(province / "directory.csv")

    one_district = len(district_topics(packaged, "kapuas-hulu", 3))
    in_province = len(district_topics(generated, district_id(1), 3))

    assert in_province <= one_district
    assert len(network_topics(generated, 3)) > 10 * in_province
