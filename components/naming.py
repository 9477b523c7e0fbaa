"""Physical names that respect provider limits (AWS, GCP) the mocks do not check.

Pulumi auto-names a resource `<logical name>-<7 random characters>`; where that could exceed a service's
limit, components pass an explicit name built here instead: deterministic (so the name never changes
between runs and nothing is replaced), lowercase, and shortened with a hash of the full name when needed.
"""

from __future__ import annotations

import hashlib
import re


def physical_name(base: str, max_length: int, separator: str = "-") -> str:
    """`base` made lowercase-alphanumeric-and-hyphens, no doubled or trailing hyphen, starting with a
    letter, and at most `max_length` characters: a longer one keeps its start and gains a 6-character
    hash of the whole, so two long names that share a prefix stay distinct."""
    clean = re.sub(r"[^a-z0-9]+", separator, base.lower()).strip(separator)
    clean = re.sub(rf"{re.escape(separator)}+", separator, clean)
    if not clean or not clean[0].isalpha():
        clean = f"s{separator}{clean}".rstrip(separator)
    if len(clean) <= max_length:
        return clean
    digest = hashlib.sha256(base.encode()).hexdigest()[:6]
    head = clean[: max_length - len(digest) - 1].rstrip(separator)
    return f"{head}{separator}{digest}"


def autoname_fits(logical_name: str, max_length: int) -> bool:
    """Whether Pulumi's auto-name for `logical_name` (name plus `-` plus 7 characters) fits `max_length`."""
    return len(logical_name) + 8 <= max_length


# The `physical_name` argument of every component: the base its physical names are built from.
PHYSICAL_NAME_PATTERN = re.compile(r"^[a-z]([a-z0-9-]*[a-z0-9])?$")
PHYSICAL_NAME_MAX = 63
PHYSICAL_NAME_RULE = (
    f"use 1-{PHYSICAL_NAME_MAX} lowercase letters, digits and hyphens, starting with a letter and not ending "
    'with a hyphen, e.g. "shop-staging"'
)


def physical_base(component: str, name: str, value: object) -> str:
    """The base of `component`'s physical names: its `physical_name` argument (`value`) when given, checked,
    else the component's `name` (so a component without the argument names its resources as before).

    Only the physical names follow it: logical names, and so URNs, always come from `name`."""
    if value is None:
        return name
    if not (
        isinstance(value, str) and len(value) <= PHYSICAL_NAME_MAX and PHYSICAL_NAME_PATTERN.match(value)
    ):
        raise ValueError(f"{component} physical_name {value!r} is not allowed; {PHYSICAL_NAME_RULE}")
    return value


def physical_part(base: str, part: str) -> str:
    """The `physical_name` of a part named `part` of something whose physical names start with `base` (a
    component's child component, a stack's service or bucket): `<base>-<part>`, shortened with a hash past
    63 characters so that it is still a valid `physical_name`."""
    joined = f"{base}-{part}"
    return joined if len(joined) <= PHYSICAL_NAME_MAX else physical_name(joined, PHYSICAL_NAME_MAX)
