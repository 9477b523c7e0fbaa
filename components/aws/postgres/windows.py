"""The backup and maintenance windows' checks: their formats, their lengths, and that they never overlap."""

import re

BACKUP_WINDOW = re.compile(r"^([01]\d|2[0-3]):([0-5]\d)-([01]\d|2[0-3]):([0-5]\d)$")
DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
MAINTENANCE_WINDOW = re.compile(
    r"^(mon|tue|wed|thu|fri|sat|sun):([01]\d|2[0-3]):([0-5]\d)-(mon|tue|wed|thu|fri|sat|sun):([01]\d|2[0-3]):([0-5]\d)$"
)
DAY_MINUTES, WEEK_MINUTES, MIN_WINDOW_MINUTES = 1440, 7 * 1440, 30


def _check_windows(backup: str, maintenance: str) -> None:
    backup_match = BACKUP_WINDOW.match(backup) if isinstance(backup, str) else None
    if not backup_match:
        raise ValueError(
            f"ManagedPostgres backup_window {backup!r} is not allowed; use hh:mm-hh:mm in UTC, "
            "e.g. 03:00-04:00"
        )
    window = maintenance.lower() if isinstance(maintenance, str) else ""
    maintenance_match = MAINTENANCE_WINDOW.match(window)
    if not maintenance_match:
        raise ValueError(
            f"ManagedPostgres maintenance_window {maintenance!r} is not allowed; use ddd:hh:mm-ddd:hh:mm "
            "in UTC, e.g. sun:04:30-sun:05:30"
        )
    h1, m1, h2, m2 = (int(g) for g in backup_match.groups())
    backup_start = h1 * 60 + m1
    backup_length = (h2 * 60 + m2 - backup_start) % DAY_MINUTES
    if backup_length < MIN_WINDOW_MINUTES:
        raise ValueError(
            f"ManagedPostgres backup_window {backup!r} is not allowed; use a window of at least 30 minutes"
        )
    d1, h1_, m1_, d2, h2_, m2_ = maintenance_match.groups()
    start = DAYS.index(d1) * DAY_MINUTES + int(h1_) * 60 + int(m1_)
    end = DAYS.index(d2) * DAY_MINUTES + int(h2_) * 60 + int(m2_)
    length = (end - start) % WEEK_MINUTES
    if length < MIN_WINDOW_MINUTES:
        raise ValueError(
            f"ManagedPostgres maintenance_window {maintenance!r} is not allowed; use a window of at least "
            "30 minutes"
        )
    for day in range(7):
        daily = day * DAY_MINUTES + backup_start
        if (daily - start) % WEEK_MINUTES < length or (start - daily) % WEEK_MINUTES < backup_length:
            raise ValueError(
                f"ManagedPostgres maintenance_window {maintenance!r} is not allowed; use a window that does "
                f"not overlap backup_window {backup!r}"
            )
