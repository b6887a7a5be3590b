"""The example of docs/security.md runs: an agency's own system, with ``schemas`` and its
key file alone, publishes an event the hub's inbox admits."""

import re
from pathlib import Path
from typing import Any

import pytest

from ops.broker import LocalBroker
from tests.support.keys import KeysFolder
from tests.support.probe_service import kh_hub_for_examples, rows
from tests.support.services import eventually

pytestmark = [pytest.mark.broker, pytest.mark.asyncio(loop_scope="function")]

SECURITY = Path(__file__).parents[2] / "docs" / "security.md"


def example() -> str:
    """The python block of the section on signed events."""
    section = SECURITY.read_text().split("## Signed events and agency keys", 1)[1]
    section = section.split("\n## ", 1)[0]
    [block] = re.findall(r"```python\n(.*?)```", section, flags=re.DOTALL)
    return str(block)


async def test_the_documented_example_publishes_an_event_the_hub_admits(
    own_broker: LocalBroker, keys_folder: KeysFolder, tmp_path: Path
) -> None:
    namespace: dict[str, Any] = {}
    exec(compile(example(), str(SECURITY), "exec"), namespace)

    async with kh_hub_for_examples(own_broker.bootstrap_servers, keys_folder, tmp_path) as hub:
        await namespace["publish_acceptance"](
            own_broker.bootstrap_servers, keys_folder.key_file("kh-rsud")
        )
        await eventually(lambda: rows(hub.runtime))

    assert [(r["event_type"], r["referral_id"]) for r in rows(hub.runtime)] == [
        ("id.rujukan.referral.accepted.v1", "r-1")
    ]
    assert not hub.runtime.processor.rejected
