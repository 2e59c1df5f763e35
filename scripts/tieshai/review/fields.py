"""A record's fields before and after a change, each named as its schema names it ("专项行动四 ›
监督时间"), for the reviewer: what changed, not that a file did. Lists of records are matched by
their id (or problem, case, period), so moving an entry is not a change and a new one is named."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from tieshai.load.schema_walk import Schema, item_schema, value_schema

IDENTITY_KEYS = ("id", "problem", "case", "period", "item")
NAME_KEYS = ("name", "short_title", "title")
MAX_VALUE_CHARS = 60
ABSENT = object()

# Names one entry of a list ("专项行动四") or a key that is a campaign id ("抽查完成率"), given the
# key of the list or group and the entry or key; None: the default name.
EntryNamer = Callable[[str, Any], str | None]


@dataclass(frozen=True)
class FieldChange:
    path: tuple[str | int, ...]  # the keys, for whoever needs to know what the change affects
    where: str  # the same in words
    before: Any  # ABSENT where the field was not there
    after: Any

    @property
    def sentence(self) -> str:
        if self.before is ABSENT and isinstance(self.after, dict):
            return f"新增 {self.where}"
        if self.after is ABSENT and isinstance(self.before, dict):
            return f"删除 {self.where}"
        if self.before is ABSENT:
            return f"{self.where}：{shown(self.after)}"
        if self.after is ABSENT:
            return f"{self.where}：删除（原为 {shown(self.before)}）"
        if isinstance(self.before, list) and isinstance(self.after, list):
            added = [value for value in self.after if value not in self.before]
            removed = [value for value in self.before if value not in self.after]
            if added or removed:
                return "；".join(part for part in (f"{self.where}：增加 {shown(added)}" if added else "",
                                                  f"{self.where}：去掉 {shown(removed)}" if removed else "") if part)
        return f"{self.where}：{shown(self.before)} → {shown(self.after)}"


def shown(value: Any) -> str:
    """A value in a few words: a text or a number as it is (shortened), a list joined, a group of
    fields by its name or its size."""
    if isinstance(value, bool):
        text = "是" if value else "否"
    elif isinstance(value, dict):
        text = _entry_name(value) or f"（{len(value)} 项内容）"
    elif isinstance(value, list):
        text = "、".join(shown(item) for item in value) if value else "（空）"
    elif value is None:
        text = "（空）"
    else:
        text = str(value)
    return text if len(text) <= MAX_VALUE_CHARS else text[:MAX_VALUE_CHARS] + "…"


def _entry_name(entry: dict[str, Any]) -> str | None:
    name = next((entry[key] for key in NAME_KEYS if isinstance(entry.get(key), str)), None)
    identity = next((entry[key] for key in IDENTITY_KEYS if isinstance(entry.get(key), (str, int))), None)
    if name is not None and identity is not None:
        return f"{name}（{identity}）"
    return name if name is not None else (f"“{identity}”" if identity is not None else None)


def _identity(*lists: list[Any]) -> str | None:
    """The key that tells the entries of both versions of a list apart: every entry has it and no
    two entries of one version share it."""
    entries = [entry for entries in lists for entry in entries]
    if not entries or not all(isinstance(entry, dict) for entry in entries):
        return None
    for key in IDENTITY_KEYS:
        if (all(isinstance(entry.get(key), (str, int)) for entry in entries)
                and all(len({entry[key] for entry in entries}) == len(entries) for entries in lists)):
            return key
    return None


def field_changes(before: Any, after: Any, schema: Schema, namer: EntryNamer | None = None) -> list[FieldChange]:
    """Every field that differs between two versions of a record, in the record's order."""
    found: list[FieldChange] = []
    _compare(before, after, schema, (), (), namer, found)
    return found


def _compare(before: Any, after: Any, schema: Schema, path: tuple[str | int, ...], words: tuple[str, ...],
             namer: EntryNamer | None, found: list[FieldChange]) -> None:
    if before == after:
        return
    where = " › ".join(words) or "全文"
    if before is ABSENT and isinstance(after, (dict, list)) and after and path:
        before = {} if isinstance(after, dict) else []  # a new group: each of its values in turn
    if isinstance(before, dict) and isinstance(after, dict):
        for key in [*after, *(key for key in before if key not in after)]:
            spec = value_schema(schema, str(key))
            if str(key) in schema.get("properties", {}):
                title = spec["title"] if isinstance(spec.get("title"), str) else str(key)
            else:  # keyed by a campaign id (rates by target): the id's own name
                title = (namer(str(path[-1]) if path else "", str(key)) if namer else None) or str(key)
            _compare(before.get(key, ABSENT), after.get(key, ABSENT), spec, (*path, key), (*words, title),
                     namer, found)
        return
    if isinstance(before, list) and isinstance(after, list):
        key = _identity(before, after)
        if key is not None:
            old = {entry[key]: entry for entry in before}
            new = {entry[key]: entry for entry in after}
            items = item_schema(schema)
            for identity in [*new, *(identity for identity in old if identity not in new)]:
                entry = new[identity] if identity in new else old[identity]
                name = (namer(str(path[-1]) if path else "", entry) if namer else None) or _entry_name(entry) or str(identity)
                if identity not in old or identity not in new:  # a whole entry added or removed: one line
                    found.append(FieldChange((*path, identity), " › ".join((*words, name)),
                                             old.get(identity, ABSENT), new.get(identity, ABSENT)))
                    continue
                _compare(old.get(identity, ABSENT), new.get(identity, ABSENT), items, (*path, identity),
                         (*words, name), namer, found)
            return
    found.append(FieldChange(path, where, before, after))
