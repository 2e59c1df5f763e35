"""Who a build is for. The public build leaves out every field a schema marks ``x-internal``
(contacts, inspection members, reviewers' identities and individual scores) and shows a natural
person who is a case party as surname + 某. It is safe by construction: pages, search index and
downloads are all made from the same redacted records."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from tieshai.load.schema_walk import Schema, children, is_internal
from tieshai.load.schemas import load_schema
from tieshai.load.submissions import Submission
from tieshai.vocabulary import Kind, PartyKind

PUBLIC, INTERNAL = "public", "internal"
AUDIENCES = (INTERNAL, PUBLIC)
# Kinds whose every record is internal: no page, form, search entry or download of the public
# build holds one (their schemas say so with x-internal at the top).
INTERNAL_KINDS = frozenset(kind for kind in Kind if is_internal(load_schema(kind.schema)))


def kinds_for(audience: str) -> list[Kind]:
    """The kinds of record a build for ``audience`` may show, in the vocabulary's order."""
    return [kind for kind in Kind if audience == INTERNAL or kind not in INTERNAL_KINDS]


def shown_to(audience: str, submissions: Iterable[Submission]) -> tuple[Submission, ...]:
    """The submissions a build for ``audience`` may draw on."""
    kinds = set(kinds_for(audience))
    return tuple(s for s in submissions if s.placement.kind in kinds)


def surname_only(name: str) -> str:
    """A natural person's name as the public build shows it: 王建国 -> 王某."""
    return (name.strip()[:1] + "某") if name.strip() else "某"


def _redact(value: Any, schema: Schema) -> Any:
    """A copy of ``value`` without the fields its schema marks internal, at any depth."""
    if isinstance(value, dict):
        return {key: _redact(item, spec) for key, item, spec in children(value, schema)
                if not is_internal(spec)}
    if isinstance(value, list):
        return [_redact(item, spec) for _, item, spec in children(value, schema)]
    return value


def public_record(kind: Kind, data: dict[str, Any]) -> dict[str, Any]:
    """The record with every internal field removed and natural persons reduced to surname + 某."""
    redacted = _redact(data, load_schema(kind.schema))
    if kind is Kind.CASE_NOMINATION and redacted.get("party", {}).get("kind") == PartyKind.NATURAL_PERSON:
        redacted["party"] = dict(redacted["party"], name=surname_only(redacted["party"]["name"]))
    return redacted
