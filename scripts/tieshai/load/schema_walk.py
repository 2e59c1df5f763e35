"""Reading a record schema node by node: the one walker for every tool that follows a schema.

The field reference, the public build's redaction, the personal-data rule, the `tieshai new`
templates and the online forms to come all ask a schema node the same questions: which fields
it has, which of them are required or internal, what an array holds, what the values keyed by
campaign ids look like, which shape of a choice (``oneOf``) to show, and what a type is called
in Chinese. They are answered here once, so no two tools can answer them differently.

Walking data alongside its schema, a choice is not resolved (which branch a value follows is the
validator's question): below a ``oneOf`` no field is known, so none is internal and every text
counts as free text. No schema may therefore mark a field internal inside a choice.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

Schema = dict[str, Any]


@dataclass(frozen=True)
class TypeName:
    """A JSON type in Chinese, in the two places a person meets it."""

    label: str  # a cell of a list of fields: the field reference, a form
    in_message: str  # inside a finding's sentence, also saying how YAML writes it


TYPE_NAMES = {
    "string": TypeName("文字", "文字"),
    "integer": TypeName("整数", "整数"),
    "number": TypeName("数字", "数字"),
    "boolean": TypeName("是/否（true/false）", "真假值（true 或 false）"),
    "array": TypeName("列表", "列表（每项以“- ”开头）"),
    "object": TypeName("字段组", "若干“字段名: 值”"),
    "null": TypeName("空值", "空值"),
}


def type_in_message(schema_type: str) -> str:
    """The type as a finding names it; an unknown type keeps its JSON name rather than vanish."""
    name = TYPE_NAMES.get(schema_type)
    return name.in_message if name else schema_type


def options(schema: Schema) -> list[Schema]:
    """The shapes a value may take: each branch of a ``oneOf``, or the schema itself."""
    return schema.get("oneOf") or [schema]


def shown(schema: Schema) -> Schema:
    """The one shape shown where only one fits (a type column, a template): the first branch,
    which the schemas give as the usual case."""
    return options(schema)[0]


def is_choice(schema: Schema) -> bool:
    """Whether a value may take one of several shapes (a ``oneOf``)."""
    return bool(schema.get("oneOf"))


def is_internal(schema: Schema) -> bool:
    """Whether the schema marks the value ``x-internal``: kept out of the public build."""
    return bool(schema.get("x-internal"))


@dataclass(frozen=True)
class Field:
    """One field of an object schema, as a person meets it in a list of fields or a form."""

    name: str
    schema: Schema  # the field's own schema; its title and description hold for every shape
    required: bool

    @property
    def title(self) -> str:
        """The Chinese name; the key where a schema gives none, so a field is never nameless."""
        return self.schema.get("title", self.name)

    @property
    def description(self) -> str:
        return self.schema.get("description", "")

    @property
    def internal(self) -> bool:
        return is_internal(self.schema)

    @property
    def shown(self) -> Schema:
        return shown(self.schema)


def fields(schema: Schema) -> Iterator[Field]:
    """The fields of an object schema in the schema's order, which is the order people fill
    them in."""
    required = set(schema.get("required", ()))
    for name, spec in schema.get("properties", {}).items():
        yield Field(name, spec, name in required)


def item_schema(schema: Schema) -> Schema:
    """The schema of each item of an array; an empty schema (anything) when it says none."""
    items = schema.get("items")
    return items if isinstance(items, dict) else {}


def keyed_schema(schema: Schema) -> Schema | None:
    """The schema of the values of an object keyed by campaign ids (``additionalProperties``:
    rates by target, scores by criterion); None when the object takes no such keys."""
    extra = schema.get("additionalProperties")
    return extra if isinstance(extra, dict) else None


def value_schema(schema: Schema, key: str) -> Schema:
    """The schema of the value under ``key`` of an object: its field's, else that of the values
    keyed by ids, else an empty schema, which marks nothing (the validator refuses such a key)."""
    spec = schema.get("properties", {}).get(key, keyed_schema(schema))
    return spec if isinstance(spec, dict) else {}


def children(value: Any, schema: Schema) -> Iterator[tuple[str | int, Any, Schema]]:
    """(key or index, child value, child schema) for each entry of an object or array in data;
    nothing for a single value. Every walker of data recurses through this, so all of them agree
    on which schema governs each value."""
    if isinstance(value, dict):
        for key, item in value.items():
            yield key, item, value_schema(schema, key)
    elif isinstance(value, list):
        items = item_schema(schema)
        for index, item in enumerate(value):
            yield index, item, items
