"""`rujukan demo` refuses clearly when the network is not there or a URL is malformed."""

from typer.testing import CliRunner

from ops.broker import free_port
from ops.cli.main import app


def test_the_demo_names_the_agency_that_is_not_running_and_exits_2():
    nowhere = f"http://127.0.0.1:{free_port()}"
    result = CliRunner().invoke(app, ["demo", "--url", f"kh-hub={nowhere}"])
    assert result.exit_code == 2
    assert f"kh-hub is not ready at {nowhere}" in result.output
    assert "rujukan up" in result.output


def test_a_url_without_an_agency_is_refused():
    result = CliRunner().invoke(app, ["demo", "--url", "http://127.0.0.1:8100"])
    assert result.exit_code == 2
    assert "AGENCY=URL" in result.output
