"""Schemas compiled to Python by fastjsonschema, for a quick valid-or-not answer on many files.

Compiling a schema costs more than checking a hundred files against it, and a run of
`tieshai check` would otherwise pay it every time. Like Python's own ``__pycache__``, the
compiled code is kept in the user's cache folder, under a name made from the schema's text and
the versions that compiled it, so a changed schema or a new fastjsonschema is compiled afresh.
Nothing goes wrong without the cache: a missing, unreadable or damaged entry is compiled again.
"""

from __future__ import annotations

import hashlib
import json
import marshal
import os
import sys
from datetime import date
from functools import cache, partial
from pathlib import Path
from types import CodeType
from typing import Any, Callable

import fastjsonschema

from .schemas import schema_path

CACHE_ENV = "TIESHAI_CACHE_DIR"  # where to keep compiled schemas; "off" turns the cache off


def _is_date(value: str) -> bool:
    try:
        date.fromisoformat(value)
    except ValueError:
        return False
    return True


_FORMATS = {"date": _is_date}


def cache_folder() -> Path | None:
    chosen = os.environ.get(CACHE_ENV)
    if chosen == "off":
        return None
    if chosen:
        return Path(chosen)
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "tieshai" / "schemas"


@cache
def fast_validator(schema_name: str) -> Callable[[Any], Any]:
    """A function that returns for valid data and raises JsonSchemaValueException otherwise.
    Our schemas use only keywords that mean the same in draft 7, which fastjsonschema compiles."""
    text = schema_path(schema_name).read_bytes()
    code = _load_or_compile(schema_name, text)
    namespace: dict[str, Any] = {}
    exec(code, namespace)  # our own generated code, from our own schema
    return partial(namespace["validate"], custom_formats=_FORMATS)


def _load_or_compile(schema_name: str, text: bytes) -> CodeType:
    identity = b"\0".join([text, fastjsonschema.VERSION.encode(), sys.version.encode()])
    folder = cache_folder()
    entry = folder / f"{schema_name}-{hashlib.sha256(identity).hexdigest()[:32]}.marshal" if folder else None
    if entry is not None:
        try:
            return marshal.loads(entry.read_bytes())
        except (OSError, ValueError, EOFError, TypeError):
            pass  # not cached yet, or damaged: compile again
    code = _compile(schema_name, text)
    if entry is not None:
        _store(entry, marshal.dumps(code))
    return code


def _compile(schema_name: str, text: bytes) -> CodeType:
    # The fast path only answers valid or not (jsonschema explains why), so exceptions need no
    # detail: the code is half the size. fastjsonschema 2.22 cannot write `const` checks without
    # detail, so a schema mentioning const keeps it.
    source = fastjsonschema.compile_to_code(json.loads(text), formats=_FORMATS, use_default=False,
                                            detailed_exceptions=b'"const"' in text)
    return compile(source, f"<{schema_name}.schema.json, compiled>", "exec")


def _store(entry: Path, data: bytes) -> None:
    """Write atomically, so a run that reads while another writes never sees half a file."""
    try:
        entry.parent.mkdir(parents=True, exist_ok=True)
        partial_file = entry.with_name(f"{entry.name}.{os.getpid()}.tmp")
        partial_file.write_bytes(data)
        os.replace(partial_file, entry)
    except OSError:
        pass  # a read-only home folder only costs the next run the compile
