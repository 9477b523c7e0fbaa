"""A 5-field cron expression as EventBridge Scheduler's `cron(...)`: checked with the other arguments, and
the expression of a scheduled job's schedule."""

from ...cron import WEEKDAYS, cron_fields


def _aws_cron(expression: str) -> str:
    """A 5-field cron expression as EventBridge's `cron(minutes hours day-of-month month day-of-week year)`:
    "?" in whichever day field is unrestricted, weekdays as names (cron's 0 and 7 are SUN; AWS numbers
    days 1-7 from SUN)."""
    minute, hour, day, month, weekday = cron_fields("ContainerService", expression, weekday_steps=False)
    if weekday == "*":
        weekday = "?"
    elif day == "*":
        day = "?"
    else:
        raise ValueError(
            f"ContainerService schedule {expression!r} is not allowed: it restricts both day-of-month and "
            "day-of-week, which EventBridge cannot combine; use * in one of them"
        )
    if weekday != "?":
        weekday = ",".join(_weekday_part(part) for part in weekday.split(","))
    return f"cron({minute} {hour} {day} {month.upper()} {weekday} *)"


def _weekday_part(part: str) -> str:
    """One day-of-week list item as AWS names: "1-5" → "MON-FRI", "5-7" → "FRI-SAT,SUN"."""
    bounds = [WEEKDAYS.index(b.upper()) if b.upper() in WEEKDAYS else int(b) for b in part.split("-", 1)]
    if len(bounds) == 1:
        return WEEKDAYS[bounds[0] % 7]
    first, last = bounds
    if last == 7:
        return "SUN" if first in (0, 7) else f"{WEEKDAYS[first]}-SAT,SUN" if first < 6 else "SAT,SUN"
    return f"{WEEKDAYS[first]}-{WEEKDAYS[last]}"
