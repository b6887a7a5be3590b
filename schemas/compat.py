"""The evolution rule, checked mechanically: within one event version only additive,
optional changes are allowed.

:func:`breaking_changes` compares the JSON Schema of an event type as it was
published (a checked-in snapshot) with the schema the code produces now, and lists
every change that would break a reader or a writer of the old version:

- a property removed, or its type changed;
- a property made required that was optional, or a new required property;
- a value removed from, or added to, a closed vocabulary (an old reader would
  reject a new value, an old writer may still send a removed one);
- a variant removed from a union.

Adding an optional property is compatible: readers ignore fields they do not know.
"""

from typing import Any

Schema = dict[str, Any]


def breaking_changes(old: Schema, new: Schema) -> list[str]:
    """Every incompatible difference between ``old`` and ``new`` (empty: compatible)."""
    return _compare(old, new, old.get("$defs", {}), new.get("$defs", {}), "$", set())


def _resolve(schema: Schema, defs: dict[str, Schema]) -> Schema:
    while "$ref" in schema:
        schema = defs[schema["$ref"].rsplit("/", 1)[-1]]
    return schema


def _variants(schema: Schema) -> list[Schema] | None:
    for key in ("anyOf", "oneOf"):
        if key in schema:
            return list(schema[key])
    return None


def _label(schema: Schema, defs: dict[str, Schema]) -> str:
    resolved = _resolve(schema, defs)
    if "$ref" in schema:
        return str(schema["$ref"]).rsplit("/", 1)[-1]
    if "const" in resolved:
        return f"const {resolved['const']!r}"
    return str(resolved.get("type", resolved.get("title", "?")))


def _compare(
    old: Schema,
    new: Schema,
    old_defs: dict[str, Schema],
    new_defs: dict[str, Schema],
    path: str,
    seen: set[tuple[str, str]],
) -> list[str]:
    marker = (path, str(old.get("$ref", "")) + "|" + str(new.get("$ref", "")))
    if marker in seen:
        return []
    seen = seen | {marker}
    old_r, new_r = _resolve(old, old_defs), _resolve(new, new_defs)
    problems: list[str] = []

    old_variants, new_variants = _variants(old_r), _variants(new_r)
    if old_variants is not None or new_variants is not None:
        old_labels = {_label(v, old_defs) for v in old_variants or [old_r]}
        new_labels = {_label(v, new_defs) for v in new_variants or [new_r]}
        for missing in sorted(old_labels - new_labels):
            problems.append(f"{path}: variant {missing} removed")
        for added in sorted(new_labels - old_labels):
            problems.append(f"{path}: variant {added} added (old readers reject it)")
        return problems

    if old_r.get("type") != new_r.get("type"):
        problems.append(f"{path}: type changed from {old_r.get('type')} to {new_r.get('type')}")
        return problems
    if "enum" in old_r or "enum" in new_r:
        old_values, new_values = set(old_r.get("enum", [])), set(new_r.get("enum", []))
        for value in sorted(old_values - new_values, key=str):
            problems.append(f"{path}: value {value!r} removed")
        for value in sorted(new_values - old_values, key=str):
            problems.append(f"{path}: value {value!r} added (old readers reject it)")
    if old_r.get("const") != new_r.get("const"):
        problems.append(f"{path}: constant changed")
    if old_r.get("type") == "array" and "items" in old_r:
        problems += _compare(
            old_r["items"], new_r.get("items", {}), old_defs, new_defs, f"{path}[]", seen
        )
    if old_r.get("type") == "object" or "properties" in old_r:
        problems += _compare_object(old_r, new_r, old_defs, new_defs, path, seen)
    return problems


def _compare_object(
    old: Schema,
    new: Schema,
    old_defs: dict[str, Schema],
    new_defs: dict[str, Schema],
    path: str,
    seen: set[tuple[str, str]],
) -> list[str]:
    problems: list[str] = []
    old_props, new_props = old.get("properties", {}), new.get("properties", {})
    old_required, new_required = set(old.get("required", [])), set(new.get("required", []))
    for name in sorted(old_props):
        if name not in new_props:
            problems.append(f"{path}.{name}: property removed")
            continue
        problems += _compare(
            old_props[name], new_props[name], old_defs, new_defs, f"{path}.{name}", seen
        )
    for name in sorted(new_required - old_required):
        problems.append(f"{path}.{name}: now required")
    return problems
