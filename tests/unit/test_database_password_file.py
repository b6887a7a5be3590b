"""The database password comes from a secret file, so the URL in the environment (and
the compose file) carries none."""

from pathlib import Path

import pytest
from sqlalchemy.engine import make_url

from rujukan.runtime.settings import AgencySettings


def test_the_password_file_completes_the_database_url(tmp_path: Path) -> None:
    secret = tmp_path / "db-kh-hub.password"
    secret.write_text("s3cret-Pw\n")
    settings = AgencySettings(
        agency_id="kh-hub",
        database_url="postgresql+psycopg://kh_hub@postgres:5432/kh_hub",
        database_password_file=secret,
    )
    url = make_url(settings.resolved_database_url())
    assert (url.username, url.password, url.database) == ("kh_hub", "s3cret-Pw", "kh_hub")
    assert "s3cret" not in repr(settings)


def test_the_password_file_is_read_from_the_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    secret = tmp_path / "pw"
    secret.write_text("from-file")
    monkeypatch.setenv("DATABASE_URL", "postgresql+psycopg://kh_rsud@postgres/kh_rsud")
    monkeypatch.setenv("RUJUKAN_DATABASE_PASSWORD_FILE", str(secret))
    url = make_url(AgencySettings(agency_id="kh-rsud").resolved_database_url())
    assert url.password == "from-file"
