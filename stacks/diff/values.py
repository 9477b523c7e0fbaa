"""The property comparison: `compare` yields each leaf-most difference between two values (nested objects
key by key, lists of objects by an identity key or as sequences, strings holding JSON parsed)."""

from __future__ import annotations

import difflib
import json
from collections.abc import Iterator
from typing import Any

from ..replacement import MISSING
from .model import Change

IDENTITY_KEYS = ("name", "Name", "Sid", "id", "key", "logType")
"""Keys that identify an element of a list of objects, tried in this order."""


def compare(before: Any, after: Any, path: str = "", keys: tuple[str, ...] = ()) -> Iterator[Change]:
    """Each leaf-most difference between `before` and `after` (either may be `MISSING`)."""
    if before is MISSING or after is MISSING:
        if not (before is MISSING and after is MISSING):
            yield Change(path, before, after, keys)
        return
    if isinstance(before, dict) and isinstance(after, dict):
        for key in _ordered_keys(before, after):
            yield from compare(
                before.get(key, MISSING), after.get(key, MISSING), _join(path, key), (*keys, str(key))
            )
        return
    if isinstance(before, list) and isinstance(after, list):
        yield from _compare_lists(before, after, path, keys)
        return
    if isinstance(before, str) and isinstance(after, str) and before != after:
        parsed_before, parsed_after = _json_container(before), _json_container(after)
        if parsed_before is not MISSING and parsed_after is not MISSING:
            yield from compare(parsed_before, parsed_after, f"{path}{{json}}", keys)
            return
    if not _equal(before, after):
        yield Change(path, before, after, keys)


def _ordered_keys(before: dict[str, Any], after: dict[str, Any]) -> list[str]:
    return list(after) + [k for k in before if k not in after]


def _join(path: str, key: str) -> str:
    return f"{path}.{key}" if path else str(key)


def _json_container(text: str) -> Any:
    stripped = text.strip()
    if not stripped.startswith(("{", "[")):
        return MISSING
    try:
        value = json.loads(stripped)
    except ValueError:
        return MISSING
    return value if isinstance(value, dict | list) else MISSING


def _canonical(value: Any) -> str:
    return json.dumps(value, sort_keys=True, default=str)


def _equal(a: Any, b: Any) -> bool:
    if isinstance(a, bool) or isinstance(b, bool):
        return type(a) is type(b) and a == b
    if isinstance(a, int | float) and isinstance(b, int | float):
        return a == b
    return type(a) is type(b) and _canonical(a) == _canonical(b)


def _names_uniquely(items: list[Any], key: str) -> bool:
    if not all(isinstance(i, dict) for i in items):
        return False
    values = [i.get(key) for i in items]
    return all(isinstance(v, str | int) and not isinstance(v, bool) for v in values) and len(
        set(values)
    ) == len(values)


def _identity_key(before: list[Any], after: list[Any]) -> str | None:
    """The key that names every element of both lists of objects uniquely, if one does."""
    if not (before or after):
        return None
    for key in IDENTITY_KEYS:
        if _names_uniquely(before, key) and _names_uniquely(after, key):
            return key
    return None


def _compare_lists(before: list[Any], after: list[Any], path: str, keys: tuple[str, ...]) -> Iterator[Change]:
    key = _identity_key(before, after)
    if key is not None:
        old = {item[key]: item for item in before}
        new = {item[key]: item for item in after}
        for ident in [*new, *(i for i in old if i not in new)]:
            yield from compare(
                old.get(ident, MISSING), new.get(ident, MISSING), f"{path}[{key}={ident}]", keys
            )
        return
    matcher = difflib.SequenceMatcher(
        a=[_canonical(i) for i in before], b=[_canonical(i) for i in after], autojunk=False
    )
    for op, a0, a1, b0, b1 in matcher.get_opcodes():
        if op == "equal":
            continue
        if op == "replace" and a1 - a0 == b1 - b0:
            for offset in range(a1 - a0):
                yield from compare(before[a0 + offset], after[b0 + offset], f"{path}[{b0 + offset}]", keys)
            continue
        for index in range(a0, a1):
            yield Change(f"{path}[{index}]", before[index], MISSING, keys)
        for index in range(b0, b1):
            yield Change(f"{path}[{index}]", MISSING, after[index], keys)
