"""What the GCP rules share: how they read inputs (the package's docstring says what absent and unknown
values mean; UNDECIDED stands for an unknown one), how they find the resource a reference names, and the
bindings of IAM resources."""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, Final

from ..model import ABSENT, UNKNOWN, Resource, is_unknown, lookup

PUBLIC_MEMBERS = ("allUsers", "allAuthenticatedUsers")
EMPTY: tuple[Any, ...] = (None, "", [], {}, 0, False)


class _Unknown:
    """An input whose value is not known yet (a preview): rules that meet one pass."""

    def __repr__(self) -> str:
        return "UNDECIDED"


UNDECIDED: Final = _Unknown()


def _input(resource: Resource | Mapping[str, Any], path: str, default: Any = None) -> Any:
    """The input at a dotted path: `default` (the provider's default) when it is absent, UNDECIDED when it,
    or an object on the way, is unknown."""
    found = lookup(resource.inputs if isinstance(resource, Resource) else resource, *path.split("."))
    if found is ABSENT:
        return default
    return UNDECIDED if isinstance(found, str) and found == UNKNOWN else found


def _items(value: Any) -> list[Any]:
    """The known elements of a list input (an unknown or absent list has none)."""
    if isinstance(value, Sequence) and not isinstance(value, str):
        return [v for v in value if not is_unknown(v)]
    return []


def _mappings(value: Any) -> list[Mapping[str, Any]]:
    return [v for v in _items(value) if isinstance(v, Mapping)]


def _last_segment(reference: str) -> str:
    """`projects/p/global/urlMaps/web` (or a full self link) -> `web`."""
    return reference.rstrip("/").rsplit("/", 1)[-1]


def _find(resources: Iterable[Resource], reference: Any) -> tuple[Resource | None, bool]:
    """The resource a reference (a name, id or self link) points to, matched on its `name` input or, when it
    has none, on Pulumi's auto-name `<logical name>-<7 characters>`; and whether the answer is decided
    (False when the reference or a candidate's name is unknown)."""
    if not isinstance(reference, str):
        return None, False
    wanted = _last_segment(reference)
    decided = True
    for candidate in resources:
        name = _input(candidate, "name")
        if name is UNDECIDED:
            decided = False
        elif isinstance(name, str):
            if _last_segment(name) == wanted:
                return candidate, True
        elif wanted.startswith(f"{candidate.name}-") and len(wanted) == len(candidate.name) + 8:
            return candidate, True
    return None, decided


def _policy_bindings(resource: Resource) -> list[tuple[Any, list[Any]]]:
    """(role, members) of an IAM Member, Binding or Policy resource (a Policy's `policyData` is JSON)."""
    if resource.type.endswith("Member"):
        return [(_input(resource, "role"), [_input(resource, "member")])]
    if resource.type.endswith("Binding"):
        return [(_input(resource, "role"), _items(_input(resource, "members")))]
    data = _input(resource, "policyData")
    if not isinstance(data, str):
        return []
    try:
        document = json.loads(data)
    except ValueError:
        return []
    if not isinstance(document, Mapping):
        return []
    return [(b.get("role"), _items(b.get("members"))) for b in _mappings(document.get("bindings"))]


def _public_grants(resource: Resource) -> list[tuple[Any, str]]:
    """(role, member) pairs of an IAM resource that grant something to allUsers or allAuthenticatedUsers."""
    return [
        (role, member)
        for role, members in _policy_bindings(resource)
        for member in members
        if member in PUBLIC_MEMBERS
    ]
