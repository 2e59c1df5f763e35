"""The field reference: every field of every record kind, from the JSON Schemas."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from tieshai.load.schema_walk import TYPE_NAMES, Field, Schema, fields, is_choice, item_schema, keyed_schema, options
from tieshai.load.schemas import load_schema
from tieshai.vocabulary import Kind


@dataclass(frozen=True)
class FieldRow:
    path: str
    title: str
    description: str
    type: str
    values: str
    required: bool
    internal: bool


def _values(spec: dict[str, Any]) -> str:
    if "enum" in spec:
        return "、".join(map(str, spec["enum"]))
    if "const" in spec:
        return str(spec["const"])
    if "x-pattern-hint" in spec:
        return spec["x-pattern-hint"]
    bounds = [f"最小 {spec['minimum']}" if "minimum" in spec else "", f"最大 {spec['maximum']}" if "maximum" in spec else ""]
    return "，".join(bound for bound in bounds if bound)


def _type(field: Field) -> str:
    """The type column: the shown shape's type; a choice whose first shape names none is said to
    be one of two ways of writing it."""
    name = TYPE_NAMES.get(field.shown.get("type", ""))
    if name:
        return name.label
    return "两种写法之一" if is_choice(field.schema) else ""


def field_rows(schema: Schema, prefix: str = "", internal: bool = False) -> Iterator[FieldRow]:
    """A row for every field at every depth, its path written as a person reaches it in YAML; a
    field inside an internal one is internal too."""
    for field in fields(schema):
        path = f"{prefix}{field.name}"
        hidden = internal or field.internal
        yield FieldRow(path, field.title, field.description, _type(field), _values(field.shown),
                       field.required, hidden)
        for shape in options(field.schema):
            yield from _rows_inside(shape, path, hidden)


def _rows_inside(shape: Schema, path: str, internal: bool) -> Iterator[FieldRow]:
    """The rows of what one shape of a field holds: an array's items (each shape of a choice
    apart, named by its title), an object's fields and the fields of each value keyed by an id."""
    if shape.get("type") == "array":
        items = item_schema(shape)
        if is_choice(items):
            for option in options(items):
                yield from field_rows(option, f"{path}[]（{option.get('title', '')}）.", internal)
        else:
            yield from field_rows(items, f"{path}[].", internal)
    elif shape.get("type") == "object":
        yield from field_rows(shape, f"{path}.", internal)
        keyed = keyed_schema(shape)
        if keyed is not None and keyed.get("type") == "object":
            yield from field_rows(keyed, f"{path}.<编号>.", internal)


def reference(kinds: list[Kind]) -> list[tuple[Kind, dict[str, Any], list[FieldRow]]]:
    return [(kind, load_schema(kind.schema), list(field_rows(load_schema(kind.schema)))) for kind in kinds]
