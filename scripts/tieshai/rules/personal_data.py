"""Personal data that must never be published: identity-card, mobile and bank-card numbers.

The validator refuses them in every field a schema does not mark internal, since those are the
fields the public build shows."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from tieshai.load.schema_walk import Schema, children, is_internal
from tieshai.load.yamlload import KeyPath

# Not glued to other letters or digits: a number inside a checksum or a code is not a person's.
_ID_CARD = re.compile(r"(?<![0-9A-Za-z])(\d{17}[\dXx]|\d{15})(?![0-9A-Za-z])")
_MOBILE = re.compile(r"(?<![0-9A-Za-z])(1[3-9]\d{9})(?![0-9A-Za-z])")
_BANK_CARD = re.compile(r"(?<![0-9A-Za-z])(\d{16,19})(?![0-9A-Za-z])")
_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)


def _id_card_valid(number: str) -> bool:
    if len(number) == 15:
        return True
    total = sum(int(digit) * weight for digit, weight in zip(number[:17], _ID_WEIGHTS, strict=True))
    return "10X98765432"[total % 11] == number[17].upper()


def _luhn(number: str) -> bool:
    digits = [int(d) for d in reversed(number)]
    total = sum(digits[0::2]) + sum(sum(divmod(2 * d, 10)) for d in digits[1::2])
    return total % 10 == 0


def personal_data_kind(text: str) -> str | None:
    """The kind of personal number found in ``text``, or None."""
    for match in _ID_CARD.finditer(text):
        if _id_card_valid(match.group(1)):
            return "身份证号码"
    if _MOBILE.search(text):
        return "手机号码"
    for match in _BANK_CARD.finditer(text):
        if _luhn(match.group(1)):
            return "银行卡号"
    return None


def public_texts(value: Any, schema: Schema, path: KeyPath = ()) -> Iterator[tuple[KeyPath, str]]:
    """Every text value the public build may show: all but the schema's ``x-internal`` fields."""
    if is_internal(schema):
        return
    if isinstance(value, str):
        if "pattern" not in schema and "enum" not in schema:
            yield path, value  # free text; codes, ids and checksums follow their own patterns
    for key, item, spec in children(value, schema):
        yield from public_texts(item, spec, path + (key,))
