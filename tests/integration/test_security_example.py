"""The example of docs/security.md runs: an agency's own system, with ``schemas`` and its
key file alone, publishes an event the hub's inbox admits."""

import asyncio
import re
from pathlib import Path
from typing import Any

import pytest

from ops.broker import LocalBroker
from tests.support.keys import KeysFolder
from tests.support.probe_service import PROBE, rows
from tests.support.services import running

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
    keys_folder.ensure("kh-hub", "kh-rsud")
    namespace: dict[str, Any] = {}
    exec(compile(example(), str(SECURITY), "exec"), namespace)

    async with running(
        PROBE,
        agency_id="kh-hub",
        database_url=f"sqlite:///{tmp_path}/hub.db",
        bootstrap=own_broker.bootstrap_servers,
        keys=keys_folder,
    ) as hub:
        await namespace["publish_acceptance"](
            own_broker.bootstrap_servers, keys_folder.key_file("kh-rsud")
        )
        for _ in range(300):
            if rows(hub.runtime):
                break
            await asyncio.sleep(0.1)

    assert [(r["event_type"], r["referral_id"]) for r in rows(hub.runtime)] == [
        ("id.rujukan.referral.accepted.v1", "r-1")
    ]
    assert not hub.runtime.processor.rejected
