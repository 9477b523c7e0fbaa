"""Tests of the policy rules (policy/stackyard_policy) and of `stackyard check`."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

from stackyard_policy import Resource
from tests.conftest import ROOT, plan_of

STACK_FILES = sorted(
    [p.relative_to(ROOT) for p in ROOT.glob("Pulumi.*.yaml")]
    + [p.relative_to(ROOT) for p in (ROOT / "blueprints").glob("*/Pulumi.*.yaml")]
)


@cache
def stack_resources(stack_file: str | Path, sets: tuple[str, ...] = ()) -> list[Resource]:
    """The custom resources of a stack file's plan (with the `--set` overrides `sets`), as policies see
    them."""
    return [
        Resource(urn=r.urn, type=r.type, name=r.name, inputs=r.inputs, dependencies=tuple(r.dependencies))
        for r in plan_of(stack_file, sets).resources
        if r.custom and not r.type.startswith("pulumi:providers:")
    ]


def resource(
    type_: str, inputs: dict[str, Any], name: str = "example", depends_on: tuple[Resource, ...] = ()
) -> Resource:
    """A resource for a rule test, depending on the resources `depends_on`."""
    return Resource(
        urn=f"urn:pulumi:test::stackyard::{type_}::{name}",
        type=type_,
        name=name,
        inputs=inputs,
        dependencies=tuple(d.urn for d in depends_on),
    )
