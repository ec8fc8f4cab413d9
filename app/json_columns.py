"""JSON columns encoded and decoded by orjson instead of the standard library.

A practice submit writes four JSON values (its feedback record alone is some 6 KB) and reads
and rewrites the student's summary; the standard library's encoder was about 5% of the
submit's CPU. orjson writes the same values, compactly and with text outside ASCII as UTF-8
rather than ``\\u`` escapes (both read back alike). Keys that are not strings are written as
strings, as the standard library does.
"""

from __future__ import annotations

from typing import Any

import orjson

OPTIONS = orjson.OPT_NON_STR_KEYS


def dumps(value: Any) -> str:
    """The column's JSON text (the engines expect text)."""
    return orjson.dumps(value, option=OPTIONS).decode()


def loads(text: str | bytes) -> Any:
    """A stored JSON value (PostgreSQL's driver hands bytes, SQLite text)."""
    return orjson.loads(text)


ENGINE_OPTIONS = {"json_serializer": dumps, "json_deserializer": loads}
