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
