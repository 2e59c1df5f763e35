"""The field reference: every field of every record kind, from the JSON Schemas."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Iterator

from tieshai.vocabulary import Kind
from tieshai.load.schemas import load_schema

_TYPES = {"string": "文字", "integer": "整数", "number": "数字", "boolean": "是/否（true/false）",
          "array": "列表", "object": "字段组"}


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


def field_rows(schema: dict[str, Any], prefix: str = "", internal: bool = False) -> Iterator[FieldRow]:
    required = set(schema.get("required", ()))
    for name, spec in schema.get("properties", {}).items():
        branches = spec.get("oneOf")
        shown = branches[0] if branches else spec
        path = f"{prefix}{name}"
        hidden = internal or bool(spec.get("x-internal"))
        kind = _TYPES.get(shown.get("type", ""), "两种写法之一" if branches else "")
        yield FieldRow(path, spec.get("title", name), spec.get("description", ""), kind, _values(shown),
                       name in required, hidden)
        for branch in branches or [spec]:
            items = branch.get("items", {}) if branch.get("type") == "array" else None
            if items and "oneOf" in items:
                for option in items["oneOf"]:
                    yield from field_rows(option, f"{path}[]（{option.get('title', '')}）.", hidden)
            elif items:
                yield from field_rows(items, f"{path}[].", hidden)
            elif branch.get("type") == "object":
                yield from field_rows(branch, f"{path}.", hidden)
                extra = branch.get("additionalProperties")
                if isinstance(extra, dict) and extra.get("type") == "object":
                    yield from field_rows(extra, f"{path}.<编号>.", hidden)


def reference() -> list[tuple[Kind, dict[str, Any], list[FieldRow]]]:
    return [(kind, load_schema(kind.schema), list(field_rows(load_schema(kind.schema)))) for kind in Kind]
