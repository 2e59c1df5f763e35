"""JSON Schema validation whose findings speak Chinese and point at the YAML line.

Each jsonschema error becomes one finding: the field named by the Chinese titles along its path
and by its key path,
the position of the value (or of the key, for an unknown field), a stable code and how to fix it.
For oneOf/anyOf the branch the author most likely meant is reported, never "not valid under any".
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date
from functools import cache
from typing import TYPE_CHECKING, Any

import fastjsonschema

from tieshai.chinese import number_written
from tieshai.findings import PLACEHOLDER, Finding
from tieshai.load.schema_walk import Schema, fields, item_schema, keyed_schema, options, type_in_message
from tieshai.load.schemas import load_schema
from tieshai.load.yamlload import KeyPath, YamlDocument
from tieshai.rules.codes import Codes
from tieshai.suggest import closest, meant

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


def schema_findings(document: YamlDocument, schema_name: str, codes: Codes | None = None) -> list[Finding]:
    """Findings for ``document`` against a schema. Nearly every file is valid, which the compiled
    schema tells quickly; only a file that fails it goes through jsonschema, whose errors carry
    what the messages need. Then every placeholder is reported too, not only those the schema
    refuses, so that one run names everything still to fill in. ``codes`` (the campaign's codes
    for this kind of record) lets a message about a code field list the codes with their names."""
    try:
        fast_validator_for(schema_name)(document.data)
        return []
    except fastjsonschema.JsonSchemaValueException:
        pass
    validator = validator_for(schema_name)
    namer = FieldNamer(load_schema(schema_name), codes or Codes())
    findings: list[Finding] = []
    seen: set[tuple[KeyPath, str, str]] = set()
    judged_values: set[KeyPath] = set()  # one message per wrong value, however many keywords fail
    shapeless: set[KeyPath] = set()  # list entries written in another shape: one message each
    refused: set[KeyPath] = set()  # unknown fields: nothing under them is reported again
    for error in validator.iter_errors(document.data):
        for leaf in _meant_errors(error):
            for finding, identity in _describe(leaf, document, namer, shapeless):
                where, code, _ = identity
                if code in _VALUE_CODES:
                    if where in judged_values:
                        continue
                    judged_values.add(where)
                if code == "schema-unknown-field":
                    refused.add(where)
                if identity not in seen:
                    seen.add(identity)
                    findings.append(finding)
    refused |= shapeless
    for path in document.placeholders:
        if path not in judged_values and not any(path[:len(entry)] == entry for entry in refused):
            findings.append(placeholder_finding(document, path, namer))
    return findings


def placeholder_finding(document: YamlDocument, path: KeyPath, namer: FieldNamer) -> Finding:
    """“…还没有填写” for a value still holding the placeholder, named by its field's titles."""
    return document.finding(path, "record-placeholder",
                            f"{namer.label(path)}还没有填写：请把“{PLACEHOLDER}”换成实际内容。{namer.hint(path)}")


def _key_path_text(path: Iterable[str | int]) -> str:
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


class FieldNamer:
    """Names a field as a clerk knows it: by the Chinese titles along its path (“逐条结论 第 1 项
    → 结论”), with the campaign's names for keys that are codes (a target's name) and the key path
    to find it in the file; and says what the field takes (codes with their names, choices, format)."""

    def __init__(self, schema: Schema, codes: Codes) -> None:
        self.schema = schema
        self.codes = codes

    def node(self, path: KeyPath) -> Schema:
        """The schema of the value at ``path`` (in the first shape that declares each key)."""
        node = self.schema
        for part in path:
            node = item_schema(node) if isinstance(part, int) else _property(node, part)[0]
        return node

    def title(self, path: KeyPath) -> str:
        words: list[str] = []
        node = self.schema
        for depth, part in enumerate(path):
            if isinstance(part, int):
                words[-1:] = [f"{words[-1]} 第 {part + 1} 项" if words else f"第 {part + 1} 项"]
                node = item_schema(node)
                continue
            node, declared = _property(node, part)
            words.append(node.get("title", part) if declared else self.codes.key_names(path[:depth]).get(part, part))
        return " → ".join(words)

    def label(self, path: KeyPath) -> str:
        return f"“{self.title(path)}”（{_key_path_text(path)}）" if path else "文件顶层"

    def hint(self, path: KeyPath) -> str:
        """What the field takes, as a sentence (empty where its title says enough)."""
        code_list = self.codes.at(path)
        if code_list is not None:
            return f"这里要写{code_list.what}的编号：{code_list.listed()}。"
        schema = options(self.node(path))[0]
        if "enum" in schema:
            return f"可选的值：{'、'.join(map(str, schema['enum']))}。"
        if schema.get("x-pattern-hint"):
            return f"应为{schema['x-pattern-hint']}。"
        if schema.get("type") in ("integer", "number"):
            return "这里写阿拉伯数字（半角），不加引号，例如 12。"
        if schema.get("type") == "boolean":
            return "这里写 true（是）或 false（否）。"
        return ""

    def shape(self, path: KeyPath) -> str:
        """How an entry of a list of objects is written: its fields, one a line."""
        listed = [f"{field.name}: …（{field.title}{'' if field.required else '，可选'}）"
                  for field in fields(options(self.node(path))[0])]
        return f"每一项的第一个字段前写“- ”，其余字段与它对齐，各占一行：{'；'.join(listed)}。"


def _property(node: Schema, key: str) -> tuple[Schema, bool]:
    """The schema of ``key`` in an object schema (in whichever shape declares it) and whether it
    is a declared field; else the schema of the values keyed by ids."""
    for option in options(node):
        declared = option.get("properties", {})
        if key in declared:
            return declared[key], True
    keyed = next((found for option in options(node) if (found := keyed_schema(option))), None)
    return keyed or {}, False


def _meant_errors(error: ValidationError) -> list[ValidationError]:
    """For oneOf/anyOf, the errors of the branch the author meant: the one with the fewest
    errors (for evidence, the shape whose fields were used). Other errors are themselves."""
    if error.validator not in ("oneOf", "anyOf") or not error.context:
        return [error]
    branches: dict[str | int, list[ValidationError]] = {}
    for sub_error in error.context:
        branches.setdefault(sub_error.relative_schema_path[0], []).append(sub_error)
    meant_branch = min(branches.values(), key=len)
    return [leaf for sub_error in meant_branch for leaf in _meant_errors(sub_error)]


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


def _is_shapeless_entry(path: KeyPath, instance: Any, schema: Schema) -> bool:
    """An entry of a list of objects written in another shape: none of its fields is there."""
    declared = schema.get("properties", {})
    return (bool(path) and isinstance(path[-1], int) and bool(declared)
            and (not isinstance(instance, dict) or not any(key in declared for key in instance)))


def _number_hint(instance: str) -> str:
    """How to write as a number a text that means one: ２１, 二十一, 21 个, "21"."""
    written = number_written(instance)
    if written is None:
        return ""
    number, how = written
    reasons = {"引号": "数字不要加引号", "全角数字": "这里用了全角数字，请切换到英文输入法",
               "汉字数字": "数字要用阿拉伯数字", "单位": "只写数字，不带单位"}
    return f"。{reasons[how]}，写成 {number}"


def _describe(error: ValidationError, document: YamlDocument, namer: FieldNamer, shapeless: set[KeyPath]):
    """Yield (finding, identity) pairs for one jsonschema error."""
    path: KeyPath = tuple(error.absolute_path)
    # jsonschema types these as "anything or unset"; for an error they are always set
    kind = str(error.validator)
    value: Any = error.validator_value
    instance: Any = error.instance
    schema: dict[str, Any] = error.schema if isinstance(error.schema, dict) else {}
    label = namer.label(path)
    code_list = namer.codes.at(path)

    def at(code: str, message: str, where: KeyPath = path, at_key: bool = False):
        return document.finding(where, code, message, at_key=at_key), (where, code, message)

    if isinstance(instance, str) and PLACEHOLDER in instance:
        yield at("record-placeholder", f"{label}还没有填写：请把“{PLACEHOLDER}”换成实际内容。{namer.hint(path)}")
        return
    if kind in ("required", "additionalProperties", "type") and _is_shapeless_entry(path, instance, schema):
        if path not in shapeless:  # one message for the entry, not one for each field it lacks
            shapeless.add(path)
            yield at("schema-shape", f"{label}的写法不对：{namer.shape(path)}")
        return
    if any(path[:len(entry)] == entry for entry in shapeless):
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
                yield at("schema-required", FIELD_MESSAGES["required"].format(label=named) + f"请在{label}中补上 {name}: …")
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
        elif ("integer" in expected or "number" in expected) and actual == "string":
            hint = _number_hint(instance)
        elif "string" in expected and actual == "object" and isinstance(instance, dict) and len(instance) == 1:
            hint = "。文字中含有“: ”（冒号加空格）时，请给整段文字加引号，或把冒号改成全角“：”"
        yield at("schema-type", f"{label}应为{wanted}，现在是{type_in_message(actual)}"
                                f"（{_show(instance)}）{hint}。")
        return
    if kind == "enum":
        choices = "、".join(str(v) for v in value)
        guess = meant(instance, {str(v): str(v) for v in value})
        said = f"是否想写“{guess}”？" if guess is not None else ""
        yield at("schema-enum", f"{label}的值“{_show(instance)}”不在可选范围内。{said}可选的值：{choices}。")
        return
    if kind == "const":
        yield at("schema-const", f"{label}只能是“{_show(value)}”，现在是“{_show(instance)}”。")
        return
    if kind == "pattern":
        if code_list is not None:
            yield at("schema-pattern", f"{label}要写编号，不能写“{_show(instance)}”。{code_list.write_instead(instance)}")
            return
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


def _unknown_field_message(key: str, properties: dict[str, Any], parent_label: str) -> str:
    meant_key = _guess_field(key, properties)
    if meant_key is not None:
        title = properties[meant_key].get("title")
        named = f"“{meant_key}”（{title}）" if title else f"“{meant_key}”"
        return f"不认识的字段“{key}”。是否想写{named}？字段名拼错时内容会被丢弃，所以这里按错误处理。"
    allowed = "、".join(f"{name}（{spec.get('title', name)}）" for name, spec in properties.items()) or "（无）"
    return f"{parent_label}中没有“{key}”这个字段。可用的字段：{allowed}。"
