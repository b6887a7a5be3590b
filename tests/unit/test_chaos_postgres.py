"""Finding the PostgreSQL server programs the chaos run starts for itself."""

from pathlib import Path

import pytest

from ops.chaos.postgres import ServerProgramsMissing, server_programs


def install(root: Path, version: str) -> Path:
    programs = root / version / "bin"
    programs.mkdir(parents=True)
    for name in ("initdb", "postgres"):
        (programs / name).touch()
    return programs


def test_the_newest_installed_version_is_chosen(tmp_path: Path) -> None:
    install(tmp_path, "9.6")
    newest = install(tmp_path, "15")
    install(tmp_path, "13")
    assert server_programs(tmp_path) == newest


def test_a_machine_without_the_server_programs_is_told_so_in_one_line(tmp_path: Path) -> None:
    (tmp_path / "16" / "bin").mkdir(parents=True)  # the client programs only
    with pytest.raises(ServerProgramsMissing, match="initdb") as missing:
        server_programs(tmp_path)
    assert "\n" not in str(missing.value)
