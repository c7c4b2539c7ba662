"""JSON text laid out for people: short containers on one line, long number lists wrapped.

Deterministic, so saving the same document always gives the same bytes; floats
are written with `repr`, which reads back to exactly the same float.
"""

from __future__ import annotations

import json
import math
import re
from json.encoder import encode_basestring
from typing import Any

WIDTH = 100


def dumps(value: Any, width: int = WIDTH) -> str:
    """`value` (dicts, lists, str, int, float, bool, None) as JSON text ending in a newline."""
    return _format(value, 0, 0, width) + "\n"


def scalar(value: Any) -> str:
    """One JSON scalar; non-finite floats raise ValueError (JSON has no NaN)."""
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, str):
        return encode_basestring(value)
    if isinstance(value, int):
        return str(int(value))
    if isinstance(value, float):
        if not math.isfinite(value):
            raise ValueError(f"JSON cannot hold the number {value}")
        return repr(float(value))
    raise TypeError(f"cannot write {type(value).__name__} as JSON")


def _flat(value: Any, budget: int) -> str | None:
    """The one-line form of `value`, or None as soon as it is longer than `budget`."""
    if isinstance(value, dict):
        parts = []
        used = 2
        for k, v in value.items():
            part = _flat(v, budget - used)
            if part is None:
                return None
            part = f"{scalar(k)}: {part}"
            parts.append(part)
            used += len(part) + 2
            if used > budget + 2:
                return None
        text = "{" + ", ".join(parts) + "}"
    elif isinstance(value, list) and _all_numbers(value, budget):
        text = "[" + ", ".join(map(scalar, value)) + "]"
    elif isinstance(value, list):
        parts = []
        used = 2
        for v in value:
            part = _flat(v, budget - used)
            if part is None:
                return None
            parts.append(part)
            used += len(part) + 2
            if used > budget + 2:
                return None
        text = "[" + ", ".join(parts) + "]"
    else:
        text = scalar(value)
    return text if len(text) <= budget else None


def _all_numbers(items: list, budget: int) -> bool:
    """A short list of numbers only: a fast path for data rows and positions."""
    # More items than budget/2 cannot fit: each number and its separator take 2+ characters.
    return len(items) <= budget // 2 and all(type(v) is float or type(v) is int for v in items)


def _format(value: Any, indent: int, column: int, width: int) -> str:
    """`value` starting at `column`; its inner lines are indented by indent + 2."""
    # Lines hold at most `width` characters, except matrix rows: one per line, however long.
    flat = _flat(value, width - column)
    if flat is not None:
        return flat
    pad = " " * (indent + 2)
    end = " " * indent
    if isinstance(value, dict):
        lines = []
        for k, v in value.items():
            key = f"{pad}{scalar(k)}: "
            lines.append(key + _format(v, indent + 2, len(key), width))
        return "{\n" + ",\n".join(lines) + "\n" + end + "}"
    if isinstance(value, list):
        matrix = _matrix(value, pad)
        if matrix is not None:
            return matrix + "\n" + end + "]"
        if all(not isinstance(v, dict | list) for v in value):
            return "[\n" + _packed([scalar(v) for v in value], pad, width) + "\n" + end + "]"
        lines = [pad + _format(v, indent + 2, len(pad), width) for v in value]
        return "[\n" + ",\n".join(lines) + "\n" + end + "]"
    return scalar(value)  # a scalar too long for the line: nothing to break


_NUMBER_MATRIX = re.compile(r"\[\[[-+0-9.eE, \[\]]*\]\]")


def _matrix(value: list, pad: str) -> str | None:
    """A list of number lists (data points, a parameter path), one row per line, or None.

    json's C encoder writes floats with repr, as `scalar` does, and is ~10x faster
    than a Python loop on a million rows.
    """
    if not value or not all(type(row) is list and row for row in value):
        return None
    text = json.dumps(value, allow_nan=False)
    if not _NUMBER_MATRIX.fullmatch(text):  # strings, true/false or null inside
        return None
    return "[\n" + pad + text[1:-1].replace("], [", "],\n" + pad + "[")


def _packed(items: list[str], pad: str, width: int) -> str:
    """Scalars filled into lines of at most `width` characters."""
    lines: list[str] = []
    line = ""
    for item in items:
        if line and len(pad) + len(line) + len(item) + 2 > width:
            lines.append(pad + line + ",")
            line = ""
        line = f"{line}, {item}" if line else item
    lines.append(pad + line)
    return "\n".join(lines)
