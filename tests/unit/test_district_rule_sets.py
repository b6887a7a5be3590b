"""Each regulation binds its own district: the rule sets a district's services apply are
its data (``districts/<id>/rule_sets.csv``), and every matrix row cites its article."""

from pathlib import Path

import pytest
from typer.testing import CliRunner

from ops.cli.main import app
from rujukan.datafiles import DATA_DIR_ENV, DataFileError
from rujukan.directory import load_directory
from rujukan.matrix import check_matrix, load_matrix
from rujukan.rule_sets import RuleSet, Status, load_rule_sets

DISTRICTS = ("kapuas-hulu", "luwu-timur", "singkawang", "batang", "belu")


def test_singkawang_applies_skw_and_batang_the_btg_draft_and_no_one_else_either() -> None:
    procedures = {d: load_rule_sets(d).school_procedure for d in DISTRICTS}

    assert procedures == {
        "kapuas-hulu": None,
        "luwu-timur": None,
        "singkawang": "SKW",
        "batang": "BTG",
        "belu": None,
    }
    assert load_rule_sets("batang").binding(RuleSet.SCHOOL_PROCEDURE).draft


def test_lt_pasal_23_on_schooling_binds_luwu_timur_and_not_kapuas_hulu() -> None:
    schooling = load_rule_sets("luwu-timur").applied(RuleSet.SCHOOLING)
    assert schooling is not None
    assert schooling.source == "LT Pasal 23"
    assert load_rule_sets("kapuas-hulu").applied(RuleSet.SCHOOLING) is None


def test_belu_conditions_return_on_consent_and_kapuas_hulu_says_it_did_not_adopt_it() -> None:
    belu = load_rule_sets("belu").binding(RuleSet.RETURN_CONSENT)
    kapuas_hulu = load_rule_sets("kapuas-hulu").binding(RuleSet.RETURN_CONSENT)

    assert (belu.status, belu.source) == (Status.IN_FORCE, "BLU Pasal 1 angka 8")
    assert (kapuas_hulu.regulation, kapuas_hulu.status) == ("BLU", Status.NOT_ADOPTED)
    assert not kapuas_hulu.applies


def write_rule_sets(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, rows: str) -> Path:
    path = tmp_path / "districts" / "sambas" / "rule_sets.csv"
    path.parent.mkdir(parents=True)
    path.write_text("rule_set,regulation,status,source\n" + rows, encoding="utf-8")
    monkeypatch.setenv(DATA_DIR_ENV, str(tmp_path))
    return path


def test_a_district_must_say_what_it_chose_for_every_rule_set(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write_rule_sets(tmp_path, monkeypatch, "referral_matrix,KH,in_force,KH Lampiran I\n")

    with pytest.raises(DataFileError) as refused:
        load_rule_sets("sambas")

    assert refused.value.errors == [
        f"{path}:0: the district must say what it chose for case_handling, school_procedure, "
        "schooling, return_consent"
    ]


def test_a_rule_set_applied_cites_its_article_and_none_applies_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write_rule_sets(
        tmp_path,
        monkeypatch,
        "referral_matrix,KH,in_force,KH\nschool_procedure,none,in_force,SKW Pasal 36\n",
    )

    with pytest.raises(DataFileError) as refused:
        load_rule_sets("sambas")

    assert refused.value.errors == [
        f"{path}:2: source 'KH' cites no article (e.g. SKW Pasal 36-68)",
        f"{path}:3: regulation none applies nothing: its status must be not_adopted",
    ]


def test_belus_matrix_names_the_bodies_of_pasal_6_to_13() -> None:
    """BLU Pasal 6 lists six sub-task-forces, Pasal 7-12 their duties and Pasal 13 the
    secretariat, the clearing house; the derived matrix names each with its article."""
    matrix = load_matrix("belu")
    cited = " ".join(row.source for row in matrix.rows)
    for article in ("Pasal 7", "Pasal 8", "Pasal 9", "Pasal 10", "Pasal 11", "Pasal 12", "13"):
        assert article in cited, article
    institutions = {row.institution for row in matrix.rows}
    assert {"blu-hub", "blu-polres", "blu-kejari", "blu-pn-atambua"} <= institutions
    (clearing_house,) = [r for r in matrix.rows if r.stage == "PENCATATAN_DAN_PELAPORAN"]
    assert (clearing_house.institution, clearing_house.source) == (
        "blu-hub",
        "BLU Pasal 13 huruf a-b",
    )
    assert all(row.source.startswith("BLU Pasal") for row in matrix.rows)


def test_a_derived_row_without_its_article_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "belu" / "matrix.csv"
    path.parent.mkdir()
    path.write_text(
        "stage,institution,service,duty,source\n"
        "PEMULANGAN,blu-dinsos,repatriation,Pemulangan yang aman.,BLU\n",
        encoding="utf-8",
    )

    (error,) = check_matrix(path, load_directory())

    assert error.startswith(f"{path}:2: source 'BLU' cites no article")


def test_matrix_check_passes_on_the_five_districts() -> None:
    checked = CliRunner().invoke(app, ["matrix", "check"])

    assert checked.exit_code == 0, checked.output
    assert checked.output.startswith("ok: 5 matrix file(s) match the directory")


def test_matrix_show_and_agencies_list_belus_task_force() -> None:
    shown = CliRunner().invoke(app, ["matrix", "show", "--district", "belu"])
    listed = CliRunner().invoke(app, ["agencies"])

    assert shown.exit_code == 0, shown.output
    assert "blu-pn-atambua" in shown.output
    assert "PENEGAKAN_HUKUM" in shown.output
    assert "blu-kejari" in listed.output
