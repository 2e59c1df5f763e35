"""JSON Schema validation whose findings speak Chinese and point at the YAML line.

Each jsonschema error becomes one finding: the field named by its schema ``title`` and key path,
the position of the value (or of the key, for an unknown field), a stable code and how to fix it.
For oneOf/anyOf the branch the author most likely meant is reported, never "not valid under any".
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date
from functools import cache
from typing import TYPE_CHECKING, Any

import fastjsonschema

from tieshai.findings import PLACEHOLDER, Finding
from tieshai.load.schema_walk import type_in_message
from tieshai.load.schemas import load_schema
from tieshai.load.yamlload import KeyPath, YamlDocument
from tieshai.suggest import closest, did_you_mean

if TYPE_CHECKING:
    from jsonschema import Draft202012Validator
    from jsonschema.exceptions import ValidationError

# The sentences of the schema's rules that a form can break, with blanks the form fills in the same
# way ({label}: the field's title in quotes; the check adds where the field is in the file).
FIELD_MESSAGES = {
    "required": "缺少必填字段{label}。",
    "minLength": "{label}不能为空。",
    "maxLength": "{label}太长：最多 {limit} 个字，现在 {length} 个字。",
    "date": "{label}不是有效的日期：“{value}”。应为实际存在的日期，格式 YYYY-MM-DD，例如 2021-04-30。",
    "pattern": "{label}的格式不对：“{value}”。{hint}",
    "minimum": "{label}不能小于 {limit}，现在是 {value}。",
    "exclusiveMinimum": "{label}必须大于 {limit}，现在是 {value}。",
    "maximum": "{label}不能大于 {limit}，现在是 {value}。",
    "exclusiveMaximum": "{label}必须小于 {limit}，现在是 {value}。",
    "minItems": "{label}至少要有 {limit} 项。",
    "uniqueItems": "{label}中有重复的项，每项只能出现一次。",
}

_VALUE_CODES = {"schema-type", "schema-enum", "schema-const", "schema-pattern", "schema-format",
                "schema-empty", "schema-too-long", "schema-range", "record-placeholder"}


@cache
def validator_for(schema_name: str) -> Draft202012Validator:
    # Imported here: jsonschema takes about 50 ms to import, and a repository whose
    # files are all valid never needs it (the compiled schemas answer first).
    from jsonschema import Draft202012Validator

    return Draft202012Validator(_python_schema(schema_name), format_checker=Draft202012Validator.FORMAT_CHECKER)


@cache
def _python_schema(schema_name: str) -> Any:
    """The schema as Python must read it. A JSON Schema pattern means what it means in JavaScript:
    its final "$" ends the text and "\\d" is an ASCII digit. In Python "$" also matches before a
    final line break, so that an id written "lucheng-1\\n" would pass "^[a-z0-9-]+$", and "\\d"
    takes any script's digits (full-width "１２３"): here each such "$" becomes "\\Z", and every
    pattern is ASCII-only. The schema files keep the standard form, for editors and the forms."""
    def python_pattern(pattern: str) -> str:
        return "(?a)" + (pattern[:-1] + "\\Z" if pattern.endswith("$") and not pattern.endswith("\\$") else pattern)

    def whole(node: Any) -> Any:
        if isinstance(node, dict):
            return {key: python_pattern(value) if key == "pattern" and isinstance(value, str) else whole(value)
                    for key, value in node.items()}
        if isinstance(node, list):
            return [whole(item) for item in node]
        return node
    return whole(load_schema(schema_name))


def _is_date(value: str) -> bool:
    try:
        date.fromisoformat(value)
    except ValueError:
        return False
    return True


@cache
def fast_validator_for(schema_name: str) -> Callable[[Any], Any]:
    """The schema compiled to Python: about ten times faster than jsonschema on a valid file.
    Our schemas use only keywords that mean the same in draft 7, which fastjsonschema compiles.
    It only answers valid or not (jsonschema explains why), so its exceptions need no detail:
    the generated code is then a third of the size and compiles four times as fast. (Without
    detail, fastjsonschema 2.22 cannot compile `const`; the schemas use one-value enums.)"""
    return fastjsonschema.compile(_python_schema(schema_name), formats={"date": _is_date}, use_default=False,
                                  detailed_exceptions=False)


def schema_findings(document: YamlDocument, schema_name: str) -> list[Finding]:
    """Findings for ``document`` against a schema. Nearly every file is valid, which the compiled
    schema tells quickly; only a file that fails it goes through jsonschema, whose errors carry
    what the messages need."""
    try:
        fast_validator_for(schema_name)(document.data)
        return []
    except fastjsonschema.JsonSchemaValueException:
        pass
    validator = validator_for(schema_name)
    findings: list[Finding] = []
    seen: set[tuple[KeyPath, str, str]] = set()
    judged_values: set[KeyPath] = set()  # one message per wrong value, however many keywords fail
    for error in validator.iter_errors(document.data):
        for leaf in _meant_errors(error):
            for finding, identity in _describe(leaf, document):
                where, code, _ = identity
                if code in _VALUE_CODES:
                    if where in judged_values:
                        continue
                    judged_values.add(where)
                if identity not in seen:
                    seen.add(identity)
                    findings.append(finding)
    return findings


def key_path_text(path: Iterable[str | int]) -> str:
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text or "（文件顶层）"


def _meant_errors(error: ValidationError) -> list[ValidationError]:
    """For oneOf/anyOf, the errors of the branch the author meant: the one with the fewest
    errors (for evidence, the shape whose fields were used). Other errors are themselves."""
    if error.validator not in ("oneOf", "anyOf") or not error.context:
        return [error]
    branches: dict[str | int, list[ValidationError]] = {}
    for sub_error in error.context:
        branches.setdefault(sub_error.relative_schema_path[0], []).append(sub_error)
    meant = min(branches.values(), key=len)
    return [leaf for sub_error in meant for leaf in _meant_errors(sub_error)]


def _label(error: ValidationError, path: KeyPath | None = None) -> str:
    path = tuple(error.absolute_path) if path is None else path
    title = error.schema.get("title") if isinstance(error.schema, dict) else None
    where = key_path_text(path)
    return f"“{title}”（{where}）" if title else f"“{where}”"


def _show(value: Any) -> str:
    if value is None:
        return "空值"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (dict, list)):
        return type_in_message("object" if isinstance(value, dict) else "array")
    text = str(value)
    return text if len(text) <= 40 else text[:40] + "…"


def _type_of(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    if isinstance(value, float):
        return "number"
    if isinstance(value, str):
        return "string"
    return "array" if isinstance(value, list) else "object"


def _describe(error: ValidationError, document: YamlDocument):
    """Yield (finding, identity) pairs for one jsonschema error."""
    path: KeyPath = tuple(error.absolute_path)
    # jsonschema types these as "anything or unset"; for an error they are always set
    kind = str(error.validator)
    value: Any = error.validator_value
    instance: Any = error.instance
    schema: dict[str, Any] = error.schema if isinstance(error.schema, dict) else {}
    label = _label(error)

    def at(code: str, message: str, where: KeyPath = path, at_key: bool = False):
        return document.finding(where, code, message, at_key=at_key), (where, code, message)

    if isinstance(instance, str) and PLACEHOLDER in instance:
        yield at("record-placeholder", f"{label}还没有填写：请把“{PLACEHOLDER}”换成实际内容。{_schema_hint(error)}")
        return

    if kind == "required":
        properties = schema.get("properties", {})
        unknown = [key for key in instance if key not in properties] if isinstance(instance, dict) else []
        for name in value:
            # a misspelt key is reported once, as an unknown field that names this one
            if unknown and _meant_field(unknown, name, properties):
                continue
            if isinstance(instance, dict) and name not in instance:
                title = properties.get(name, {}).get("title")
                named = f"“{title}”（{name}）" if title else f"“{name}”"
                yield at("schema-required", FIELD_MESSAGES["required"].format(label=named) + f"请在{_label(error)}中补上 {name}: …")
        return
    if kind in ("additionalProperties", "unevaluatedProperties") and isinstance(instance, dict):
        properties = schema.get("properties", {})
        for key in instance:
            if key in properties:
                continue
            yield at("schema-unknown-field", _unknown_field_message(key, properties, label),
                     path + (key,), at_key=True)
        return
    if kind == "type":
        expected = value if isinstance(value, list) else [value]
        wanted = "或".join(type_in_message(t) for t in expected)
        actual = _type_of(instance)
        hint = ""
        if "string" in expected and actual in ("integer", "number"):
            hint = f"。如果是编号或代码，请加引号：\"{instance}\""
        elif "string" in expected and actual == "null":
            hint = "。这里不能留空"
        yield at("schema-type", f"{label}应为{wanted}，现在是{type_in_message(actual)}"
                                f"（{_show(instance)}）{hint}。")
        return
    if kind == "enum":
        choices = "、".join(str(v) for v in value)
        yield at("schema-enum", f"{label}的值“{_show(instance)}”不在可选范围内。{did_you_mean(instance, value)}"
                                f"可选的值：{choices}。")
        return
    if kind == "const":
        yield at("schema-const", f"{label}只能是“{_show(value)}”，现在是“{_show(instance)}”。")
        return
    if kind == "pattern":
        pattern_hint = schema.get("x-pattern-hint")
        yield at("schema-pattern", FIELD_MESSAGES["pattern"].format(
            label=label, value=_show(instance), hint=f"应为{pattern_hint}。" if pattern_hint else ""))
        return
    if kind == "format":
        if value == "date":
            message = FIELD_MESSAGES["date"].format(label=label, value=_show(instance))
        else:
            message = f"{label}的格式不对：“{_show(instance)}”。"
        yield at("schema-format", message)
        return
    if kind == "minLength":
        yield at("schema-empty", FIELD_MESSAGES["minLength"].format(label=label))
        return
    if kind == "maxLength":
        yield at("schema-too-long", FIELD_MESSAGES["maxLength"].format(label=label, limit=value, length=len(instance)))
        return
    if kind in ("minItems", "minProperties"):
        yield at("schema-too-few", FIELD_MESSAGES["minItems"].format(label=label, limit=value))
        return
    if kind in ("maxItems", "maxProperties"):
        yield at("schema-too-many", f"{label}最多只能有 {value} 项。")
        return
    if kind == "uniqueItems":
        yield at("schema-duplicate-item", FIELD_MESSAGES["uniqueItems"].format(label=label))
        return
    if kind in ("minimum", "exclusiveMinimum", "maximum", "exclusiveMaximum"):
        yield at("schema-range", FIELD_MESSAGES[kind].format(label=label, limit=value, value=_show(instance)))
        return
    if kind == "false":
        yield at("schema-not-allowed", f"{label}不允许出现在这里。")
        return
    yield at("schema-invalid", f"{label}不符合要求（{kind}）。")


def _meant_field(unknown: list[str], name: str, properties: dict[str, Any]) -> bool:
    return any(_guess_field(key, properties) == name for key in unknown)


def _guess_field(key: str, properties: dict[str, Any]) -> str | None:
    """The field a person most likely meant by ``key``: by its Chinese title, or by spelling."""
    by_title = {spec.get("title"): name for name, spec in properties.items() if isinstance(spec, dict)}
    return by_title.get(key) or closest(key, properties)


def _schema_hint(error: ValidationError) -> str:
    schema = error.schema if isinstance(error.schema, dict) else {}
    if "enum" in schema:
        return f"可选的值：{'、'.join(map(str, schema['enum']))}。"
    return schema.get("x-pattern-hint", "") and f"格式：{schema['x-pattern-hint']}。"


def _unknown_field_message(key: str, properties: dict[str, Any], parent_label: str) -> str:
    meant = _guess_field(key, properties)
    if meant is not None:
        title = properties[meant].get("title")
        named = f"“{meant}”（{title}）" if title else f"“{meant}”"
        return f"不认识的字段“{key}”。是否想写{named}？字段名拼错时内容会被丢弃，所以这里按错误处理。"
    allowed = "、".join(properties) or "（无）"
    return f"{parent_label}中没有“{key}”这个字段。可用的字段：{allowed}。"
