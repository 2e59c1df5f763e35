"""Personal data that must never be published: identity-card, mobile and bank-card numbers, and
the full name of a natural person who is a case party (the public build shows surname + 某).

The validator refuses them in every field a schema does not mark internal, since those are the
fields the public build shows, judging the text as parsed and as a reader sees it."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from datetime import date
from functools import cache
from typing import Any

from tieshai.chinese import normalised
from tieshai.load.schema_walk import Schema, children, is_internal, item_schema, value_schema
from tieshai.load.schemas import load_schema
from tieshai.load.yamlload import KeyPath
from tieshai.vocabulary import PartyKind

# A number as people write it: digit groups joined by spaces, hyphens or dots (judged after
# NFKC, which turns full-width digits, spaces and hyphens and the no-break space into plain ones),
# not glued to other letters or digits: a number inside a checksum or a code is not a person's.
_RUN = re.compile(r"(?<![0-9A-Za-z])(\+?)(\d+(?:[\s\-.\u2010-\u2015\u2212\u00b7\u30fb]{1,3}\d+)*[Xx]?)(?![0-9A-Za-z])")
_GROUP = re.compile(r"\d+[Xx]?")
_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_MOBILE = re.compile(r"1[3-9]\d{9}")
# How people group each kind of number; other groupings are dates, amounts and codes side by side.
_ID_SHAPES = {(18,), (6, 8, 4), (6, 4, 4, 4), (15,)}
_MOBILE_SHAPES = {(11,), (3, 4, 4), (3, 8), (7, 4), (4, 3, 4)}
_COUNTRY = ("86", "0086")  # China's calling code, before a mobile number
_LONGEST = 19 + 4  # the most digits any kind of number has, with a calling code


def _birth_date_valid(digits: str) -> bool:
    try:
        born = date(int(digits[:4]), int(digits[4:6]), int(digits[6:8]))
    except ValueError:
        return False
    return born.year >= 1900


def _id_card_valid(number: str) -> bool:
    if len(number) == 15:
        if not number.isdigit():
            return False
        return _birth_date_valid("19" + number[6:12])
    if not number[:17].isdigit() or not _birth_date_valid(number[6:14]):
        return False
    total = sum(int(digit) * weight for digit, weight in zip(number[:17], _ID_WEIGHTS, strict=True))
    return "10X98765432"[total % 11] == number[17].upper()


def _luhn(number: str) -> bool:
    digits = [int(d) for d in reversed(number)]
    total = sum(digits[0::2]) + sum(sum(divmod(2 * d, 10)) for d in digits[1::2])
    return total % 10 == 0


def _kind(groups: list[str], plus: bool) -> str | None:
    """What the digit ``groups`` written together are, if a personal number."""
    number = "".join(groups)
    shape = tuple(len(group) for group in groups)
    if shape in _ID_SHAPES and _id_card_valid(number):
        return "身份证号码"
    if not number.isdigit():
        return None
    mobile_groups = groups
    if groups[0] in _COUNTRY and len(groups) > 1:  # +86 138 0013 8000
        mobile_groups = groups[1:]
    elif len(groups) == 1 and (plus or len(number) == 13) and number.startswith("86"):  # +8613800138000
        mobile_groups = [number[2:]]
    if _MOBILE.fullmatch("".join(mobile_groups)) and tuple(len(g) for g in mobile_groups) in _MOBILE_SHAPES:
        return "手机号码"
    card_shape = len(groups) == 1 or (all(n == 4 for n in shape[:-1]) and 1 <= shape[-1] <= 4)
    if 16 <= len(number) <= 19 and card_shape and _luhn(number):
        return "银行卡号"
    return None


def personal_data_kind(text: str) -> str | None:
    """The kind of personal number found in ``text``, or None. The text is judged as a reader
    sees it (``normalised``), and a number may be written in groups: 138 0013 8000,
    +86-138-0013-8000, 6222 0202 0011 2233 446. Every run of groups is tried part by part, so a
    date before a number does not hide it; a date, an amount or a document number is none."""
    for match in _RUN.finditer(normalised(text)):
        groups = _GROUP.findall(match.group(2))
        for first in range(len(groups)):
            for last in range(first, len(groups)):
                if sum(len(group) for group in groups[first:last + 1]) > _LONGEST:
                    break
                found = _kind(groups[first:last + 1], plus=first == 0 and match.group(1) == "+")
                if found:
                    return found
    return None


@cache
def names_parties(schema_name: str) -> bool:
    """Whether records of this schema may name a natural person as a party."""
    return PartyKind.NATURAL_PERSON.value in json.dumps(load_schema(schema_name), ensure_ascii=False)


def natural_person_names(value: Any, path: KeyPath = ()) -> Iterator[tuple[KeyPath, str]]:
    """Where a record names a natural person as a party (``kind: 自然人`` and a ``name``)."""
    if isinstance(value, dict):
        name = value.get("name")
        if value.get("kind") == PartyKind.NATURAL_PERSON and isinstance(name, str):
            yield path + ("name",), name
        for key, item in value.items():
            yield from natural_person_names(item, path + (key,))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from natural_person_names(item, path + (index,))


def _compact(text: str) -> str:
    return "".join(normalised(text).split())


def full_name_in(text: str, name: str) -> bool:
    """Whether ``text`` holds the person's full ``name`` (ignoring spaces and full-width forms);
    a one-character name is not judged, it is in too many words."""
    name = _compact(name)
    return len(name) >= 2 and name in _compact(text)


def public_texts(value: Any, schema: Schema, path: KeyPath = ()) -> Iterator[tuple[KeyPath, str]]:
    """Every text value the public build may show: all but the schema's ``x-internal`` fields."""
    if is_internal(schema):
        return
    if isinstance(value, str):
        if "pattern" not in schema and "enum" not in schema:
            yield path, value  # free text; codes, ids and checksums follow their own patterns
    for key, item, spec in children(value, schema):
        yield from public_texts(item, spec, path + (key,))


def public_text_at(value: Any, schema: Schema, path: KeyPath) -> str | None:
    """The text at ``path`` if ``public_texts`` yields it (the public build may show it), else None."""
    for key in path:
        if is_internal(schema):
            return None
        if isinstance(value, dict) and key in value:
            schema, value = value_schema(schema, str(key)), value[key]
        elif isinstance(value, list) and isinstance(key, int) and key < len(value):
            schema, value = item_schema(schema), value[key]
        else:
            return None
    if is_internal(schema) or not isinstance(value, str) or "pattern" in schema or "enum" in schema:
        return None
    return value
