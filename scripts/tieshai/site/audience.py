"""Who a build is for. The public build leaves out every field a schema marks ``x-internal``
(contacts, inspection members, reviewers' identities and individual scores) and shows a natural
person who is a case party as surname + 某. It is safe by construction: pages, search index and
downloads are all made from the same redacted records."""

from __future__ import annotations

from typing import Any

from tieshai.vocabulary import Kind, PartyKind
from tieshai.load.schemas import load_schema

PUBLIC, INTERNAL = "public", "internal"
AUDIENCES = (INTERNAL, PUBLIC)


def surname_only(name: str) -> str:
    """A natural person's name as the public build shows it: 王建国 -> 王某."""
    return (name.strip()[:1] + "某") if name.strip() else "某"


def _redact(value: Any, schema: dict[str, Any]) -> Any:
    if isinstance(value, dict):
        properties = schema.get("properties", {})
        extra = schema.get("additionalProperties")
        kept = {}
        for key, item in value.items():
            spec = properties.get(key, extra if isinstance(extra, dict) else {})
            if isinstance(spec, dict) and spec.get("x-internal"):
                continue
            kept[key] = _redact(item, spec if isinstance(spec, dict) else {})
        return kept
    if isinstance(value, list):
        items = schema.get("items", {})
        if isinstance(items, dict) and "oneOf" in items:
            items = {}
        return [_redact(item, items) for item in value]
    return value


def public_record(kind: Kind, data: dict[str, Any]) -> dict[str, Any]:
    """The record with every internal field removed and natural persons reduced to surname + 某."""
    redacted = _redact(data, load_schema(kind.schema))
    if kind is Kind.CASE_NOMINATION and redacted.get("party", {}).get("kind") == PartyKind.NATURAL_PERSON:
        redacted["party"] = dict(redacted["party"], name=surname_only(redacted["party"]["name"]))
    return redacted
