"""No Kafka client is built outside ``rujukan/runtime/kafka_clients.py``: every producer,
consumer, admin client and FastStream broker of the agencies and the operator commands
goes through the functions that add the deployment's TLS and SASL settings (issue 14,
item 5). A client built anywhere else would connect without them."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CLIENT_CLASSES = frozenset(
    {"AIOKafkaProducer", "AIOKafkaConsumer", "AIOKafkaAdminClient", "KafkaBroker"}
)
THE_FACTORY = ROOT / "rujukan" / "runtime" / "kafka_clients.py"
DOCUMENT_ONLY = frozenset({"asyncapi.py"})
"""The AsyncAPI export builds a KafkaBroker only to describe the topics; it never connects."""


def client_constructions(source: str) -> list[int]:
    """The lines where ``source`` calls a Kafka client class, under any imported alias."""
    tree = ast.parse(source)
    names = set(CLIENT_CLASSES)
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            names |= {a.asname for a in node.names if a.name in CLIENT_CLASSES and a.asname}
    lines = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        called = func.id if isinstance(func, ast.Name) else getattr(func, "attr", None)
        if called in names:
            lines.append(node.lineno)
    return lines


def _sources() -> list[Path]:
    folders = [ROOT / "rujukan", ROOT / "services", ROOT / "schemas", ROOT / "ops"]
    return sorted(p for folder in folders for p in folder.rglob("*.py") if ".venv" not in p.parts)


def test_only_the_client_factory_constructs_kafka_clients() -> None:
    found = {
        str(path.relative_to(ROOT)): lines
        for path in _sources()
        if path != THE_FACTORY and path.name not in DOCUMENT_ONLY
        if (lines := client_constructions(path.read_text(encoding="utf-8")))
    }

    assert found == {}


def test_the_factory_itself_builds_all_four_kinds_of_client() -> None:
    assert len(client_constructions(THE_FACTORY.read_text(encoding="utf-8"))) == 4


@pytest.mark.parametrize(
    "source",
    [
        "from aiokafka import AIOKafkaProducer\nAIOKafkaProducer(bootstrap_servers='x')\n",
        "import aiokafka\naiokafka.AIOKafkaConsumer('t')\n",
        "from aiokafka.admin import AIOKafkaAdminClient as Admin\nAdmin()\n",
        "from faststream.kafka import KafkaBroker\nbroker = KafkaBroker('kafka:9092')\n",
    ],
)
def test_a_client_built_by_hand_is_found(source: str) -> None:
    assert client_constructions(source) == [2]
