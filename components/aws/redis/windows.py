"""The snapshot and maintenance windows' checks: their formats, their lengths, and whether two overlap."""

import re

_DAYS = ("sun", "mon", "tue", "wed", "thu", "fri", "sat")
_TIME = r"([01]\d|2[0-3]):([0-5]\d)"
_SNAPSHOT_WINDOW = re.compile(rf"^{_TIME}-{_TIME}$")
_MAINTENANCE_WINDOW = re.compile(rf"^({'|'.join(_DAYS)}):{_TIME}-({'|'.join(_DAYS)}):{_TIME}$")
_DAY, _WEEK, _MIN_WINDOW = 24 * 60, 7 * 24 * 60, 60


def _snapshot_window(window: object) -> tuple[int, int]:
    """(start minute of the day, length in minutes) of a "hh:mm-hh:mm" window."""
    found = _SNAPSHOT_WINDOW.match(window) if isinstance(window, str) else None
    if found:
        h1, m1, h2, m2 = map(int, found.groups())
        length = (h2 * 60 + m2 - h1 * 60 - m1) % _DAY
        if length >= _MIN_WINDOW:
            return h1 * 60 + m1, length
    raise ValueError(
        f"RedisCache snapshot_window {window!r} is not allowed; use hh:mm-hh:mm in UTC, "
        'at least 60 minutes, e.g. "03:00-05:00"'
    )


def _maintenance_window(window: object) -> tuple[int, int]:
    """(start minute of the week, length in minutes) of a "ddd:hh:mm-ddd:hh:mm" window."""
    found = _MAINTENANCE_WINDOW.match(window) if isinstance(window, str) else None
    if found:
        d1, h1, m1, d2, h2, m2 = found.groups()
        start = _DAYS.index(d1) * _DAY + int(h1) * 60 + int(m1)
        end = _DAYS.index(d2) * _DAY + int(h2) * 60 + int(m2)
        length = (end - start) % _WEEK
        if length >= _MIN_WINDOW:
            return start, length
    raise ValueError(
        f"RedisCache maintenance_window {window!r} is not allowed; use ddd:hh:mm-ddd:hh:mm in UTC "
        '(ddd = sun, mon, ... sat), at least 60 minutes, e.g. "sun:05:00-sun:06:00"'
    )


def _overlap(a: tuple[int, int], b: tuple[int, int], period: int) -> bool:
    """Whether two (start, length) intervals on a circle of `period` minutes overlap (touching is fine)."""
    return (b[0] - a[0]) % period < a[1] or (a[0] - b[0]) % period < b[1]
