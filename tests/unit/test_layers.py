"""The import contracts: layers point one way, services stay apart, ``schemas`` stands alone.

The rules and the layer table are in ``tests/support/layers.py``; these tests hold the
real tree to them and show that a wrong arrow is caught where it is written.
"""

from pathlib import Path

import pytest

from tests.support.layers import (
    LAYERS,
    check_source,
    check_tree,
    layer_of,
    project_modules,
)

ROOT = Path(__file__).resolve().parents[2]
KNOWN = frozenset(project_modules(ROOT))


def violations(importer: str, source: str) -> list[str]:
    """The violations of a synthetic module, as ``path:line: ... : rule`` lines."""
    path = Path(*importer.split(".")).with_suffix(".py")
    return [str(v) for v in check_source(importer, path, source, KNOWN)]


def test_every_module_imports_only_its_own_layer_and_the_layers_below():
    found = check_tree(ROOT)
    assert not found, "\n".join(str(v) for v in found)


def test_every_module_of_the_project_belongs_to_a_layer():
    assert [m for m in KNOWN if layer_of(m) is None] == []


def test_the_layers_run_from_the_contract_up_to_the_operator_side():
    assert [layer.name for layer in LAYERS] == [
        "schemas",
        "reference",
        "runtime",
        "desk",
        "services",
        "ops",
    ]


def test_a_wrong_import_is_reported_with_its_file_line_and_rule():
    source = '"""A runtime module."""\n\nfrom services.intake.usecases import IntakeHub\n'
    assert violations("rujukan.runtime.wrong", source) == [
        "rujukan/runtime/wrong.py:3: rujukan.runtime.wrong imports services.intake.usecases: "
        "layer runtime imports only layers schemas, reference, runtime"
    ]


def test_a_wrong_import_in_a_file_of_the_tree_is_reported(tmp_path):
    (tmp_path / "rujukan").mkdir()
    (tmp_path / "rujukan" / "matrix.py").write_text(
        "import json\n\nfrom ops.network import Member\n"
    )
    (tmp_path / "ops").mkdir()
    (tmp_path / "ops" / "network.py").write_text("from rujukan.matrix import load_matrix\n")
    found = check_tree(tmp_path)
    assert [(v.path, v.line, v.imported) for v in found] == [
        (tmp_path / "rujukan" / "matrix.py", 3, "ops.network")
    ]


@pytest.mark.parametrize(
    ("importer", "source", "imported"),
    [
        ("rujukan.runtime.registry", 'TARGET = "services.intake:SERVICE"\n', "services.intake"),
        (
            "services.health.loader",
            'import importlib\n\nimportlib.import_module("ops.cli.main")\n',
            "ops.cli.main",
        ),
        ("rujukan.desk.spawn", 'ARGS = ["-m", "ops.serve"]\n', "ops.serve"),
    ],
)
def test_a_module_loaded_by_name_counts_as_an_import(importer, source, imported):
    [found] = violations(importer, source)
    assert f" imports {imported}: layer " in found


def test_a_string_that_names_no_project_module_is_not_an_import():
    source = 'TOPIC = "rujukan.broker.incarnation"\nDOC = "see ops.cli for the CLI"\n'
    assert violations("rujukan.runtime.kafka_names", source) == []


def test_services_never_import_each_other():
    [found] = violations("services.health.wrong", "from services.intake.domain import rules\n")
    assert found.endswith("the packages under services never import each other")


def test_a_service_imports_its_own_modules_and_the_layers_below():
    source = (
        "from rujukan.desk.rules import ReportPolicy\n"
        "from rujukan.runtime.uow import UnitOfWork\n"
        "from schemas.events import ReferralIssued\n"
        "from services.health.domain import policy\n"
        "from . import routes\n"
    )
    assert violations("services.health.wiring", source) == []


def test_a_relative_import_is_checked_as_the_module_it_names():
    [found] = violations("rujukan.runtime.wrong", "from ..desk import usecases\n")
    assert " imports rujukan.desk.usecases: layer runtime " in found


@pytest.mark.parametrize("module", ["sqlalchemy", "fastapi", "faststream", "opentelemetry.trace"])
def test_schemas_imports_only_pydantic_cryptography_and_the_standard_library(module):
    [found] = violations("schemas.wrong", f"import json\nimport pydantic\nimport {module}\n")
    assert found.endswith(
        f"imports {module}: layer schemas imports only cryptography, pydantic and the "
        "standard library"
    )


def test_a_module_outside_every_layer_is_reported():
    [found] = violations("rujukan.anything_new", "import json\n")
    assert found.endswith("module belongs to no layer")
