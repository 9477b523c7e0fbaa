"""5-field cron expressions (minute hour day-of-month month day-of-week, UTC), as both clouds' schedulers
take them: checked once here for every ContainerService."""

from __future__ import annotations

MONTHS = ("JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC")
WEEKDAYS = ("SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT")
# (label, lowest, highest, names) of the 5 fields
FIELDS = (
    ("minute", 0, 59, ()),
    ("hour", 0, 23, ()),
    ("day of month", 1, 31, ()),
    ("month", 1, 12, MONTHS),
    ("day of week", 0, 7, WEEKDAYS),
)
USAGE = 'use 5 fields "minute hour day-of-month month day-of-week" in UTC, e.g. "0 3 * * *"'


def cron_fields(component: str, expression: object, weekday_steps: bool = True) -> list[str]:
    """The 5 fields of `expression`, or a ValueError naming `component`'s `schedule` and the problem.
    `weekday_steps`: whether the scheduler accepts a step ("*/2") in the day-of-week field."""
    fields = expression.split() if isinstance(expression, str) else []
    if len(fields) != 5:
        raise ValueError(f"{component} schedule {expression!r} is not allowed; {USAGE}")
    for text, (label, low, high, names) in zip(fields, FIELDS, strict=True):
        for part in text.split(","):
            base, slash, step = part.partition("/")
            no_step_here = not weekday_steps and label == "day of week"
            if slash and (not step.isdigit() or int(step) == 0 or no_step_here):
                raise ValueError(
                    f"{component} schedule {expression!r} is not allowed: step {part!r} in the {label} "
                    f"field; {USAGE}{'' if weekday_steps else ' (no steps in day-of-week)'}"
                )
            if base == "*":
                continue
            values = [cron_value(bound, names, first=low) for bound in base.split("-", 1)]
            numbers = [v for v in values if v is not None and low <= v <= high]
            if not base or len(numbers) != len(values) or numbers != sorted(numbers):
                raise ValueError(
                    f"{component} schedule {expression!r} is not allowed: {base!r} is not a valid {label} "
                    f"({low}-{high}{', or names' if names else ''}); {USAGE}"
                )
    return fields


def cron_value(text: str, names: tuple[str, ...], first: int) -> int | None:
    """The number of one cron value: digits, or a name (JAN = 1, SUN = 0); None when it is neither."""
    if text.upper() in names:
        return names.index(text.upper()) + (1 if first == 1 else 0)
    return int(text) if text.isdigit() else None
