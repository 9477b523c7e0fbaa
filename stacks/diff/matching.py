"""Matching resources across two plans: a resource's logical key (its URN without stack and project), the
keys it is aliased from (its own aliases and those inherited from aliased parents), and removed and added
resources that are one resource moved under another parent."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

ROOT_STACK = "pulumi:pulumi:Stack"


def logical_key(urn: str) -> str:
    """`urn:pulumi:<stack>::<project>::<type chain>::<name>` -> `<type chain>::<name>`."""
    parts = urn.split("::", 3)
    return "::".join(parts[2:]) if len(parts) == 4 else urn


def _qualified_type(urn: str) -> str:
    parts = urn.split("::", 3)
    return parts[2] if len(parts) == 4 else ""


def _child_alias(child_name: str, child_type: str, parent_name: str, parent_alias: str) -> str:
    """The key a child inherits from the alias key `parent_alias` of its parent (the Pulumi SDK's
    `inherited_child_alias`): the parent's aliased type chain, and the child's name re-prefixed when it
    starts with the parent's name."""
    parent_type, _, alias_parent_name = parent_alias.partition("::")
    name = child_name
    if child_name.startswith(parent_name):
        name = alias_parent_name + child_name[len(parent_name) :]
    qualified = child_type if parent_type in ("", ROOT_STACK) else f"{parent_type}${child_type}"
    return f"{qualified}::{name}"


def alias_keys(resources: list[Mapping[str, Any]]) -> dict[str, set[str]]:
    """Per URN, the logical keys it is aliased from: its own `aliases` and those inherited from aliased
    parents, as the Pulumi SDK derives them (`all_aliases`)."""
    by_urn = {r["urn"]: r for r in resources}
    found: dict[str, set[str]] = {}

    def of(urn: str) -> set[str]:
        if urn in found:
            return found[urn]
        found[urn] = set()  # a plan has no cycles; this only guards against one
        resource = by_urn[urn]
        own = {logical_key(a) for a in resource.get("aliases") or []}
        keys = set(own)
        parent = by_urn.get(resource.get("parent") or "")
        if parent is not None:
            for parent_alias in of(parent["urn"]):
                keys.add(_child_alias(resource["name"], resource["type"], parent["name"], parent_alias))
                for alias in own:
                    qualified, _, alias_name = alias.partition("::")
                    alias_type = qualified.rsplit("$", 1)[-1]
                    keys.add(_child_alias(alias_name, alias_type, parent["name"], parent_alias))
        found[urn] = keys
        return keys

    for urn in by_urn:
        of(urn)
    return found


def _urn_in(old_urns: dict[str, str], urn: str) -> str:
    """The before-plan's URN of the resource `urn` names (the same but for the stack, maybe)."""
    return old_urns.get(logical_key(urn), urn)


def _resources(document: Mapping[str, Any]) -> dict[str, dict[str, Any]]:
    return {logical_key(r["urn"]): r for r in document.get("resources") or [] if r.get("type") != ROOT_STACK}


def _moved(
    old: dict[str, dict[str, Any]], new: dict[str, dict[str, Any]], gone: list[str], added: list[str]
) -> list[tuple[str, str]]:
    """Removed and added resources that are one resource under another parent: the same type and name,
    one candidate each way."""
    by_identity: dict[tuple[str, str], tuple[list[str], list[str]]] = {}
    for key in gone:
        by_identity.setdefault((old[key]["type"], old[key]["name"]), ([], []))[0].append(key)
    for key in added:
        by_identity.setdefault((new[key]["type"], new[key]["name"]), ([], []))[1].append(key)
    return [(o[0], n[0]) for o, n in by_identity.values() if len(o) == 1 and len(n) == 1]
