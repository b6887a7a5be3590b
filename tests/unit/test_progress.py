"""The progress line of `rujukan bench` and `rujukan chaos`: steps counted as they end,
a count kept elsewhere taken as it is, and nothing written where no one watches (a log
file, CI), so the commands' own output stays as it was."""

import pytest

from ops.progress import Steps, steps


def test_a_step_counts_when_the_next_one_starts() -> None:
    with steps("bench", 3) as progress:
        progress.step("first")
        assert progress.completed == 0
        progress.step("second")
        progress.step("third")
        assert progress.completed == 2


def test_a_count_kept_elsewhere_is_shown_as_it_is() -> None:
    progress = Steps("chaos", 100).start()
    try:
        progress.done_so_far(42)
        assert progress.completed == 42
    finally:
        progress.stop()


def test_nothing_is_written_when_standard_error_is_not_a_terminal(
    capsys: pytest.CaptureFixture[str],
) -> None:
    with steps("bench", 2) as progress:
        progress.step("first")
        progress.step("second")
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err == ""
