"""`stackyard plan`: run the real program (`__main__.py`) under Pulumi mocks and report what it creates.

No CLI, credentials or network are needed. `render(source)` returns a `Plan`; `Plan.document()` is the
JSON contract of DESIGN.md and `Plan.text()` the tree a person reads. Both carry the program's "before your
first `pulumi up`" notes (`stacks.first_up`) and what the cloud does instead of what the stack file asks
(`stacks.stand_ins`), which the plan collects instead of logging.
"""

from __future__ import annotations

import asyncio
import functools
import runpy
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pulumi
from pulumi.runtime.stack import run_pulumi_func
from pulumi.runtime.sync_await import _sync_await

from . import first_up, stand_ins
from .config import CLOUD_KEY, ENVIRONMENT_KEY, NAMESPACE
from .mocks import SECRET_MASK, RecordingMonitor, Registration, StackyardMocks, mask_secrets
from .plan_text import render_text
from .stackfile import ConfigSource
from .stand_ins import StandIn

PROJECT = NAMESPACE


@dataclass
class Plan:
    """The resources and outputs of one stack, as the program would create them."""

    project: str
    stack: str
    cloud: Any
    environment: Any
    resources: list[Registration]
    outputs: dict[str, Any] = field(default_factory=dict)
    notes: list[first_up.Note] = field(default_factory=list)
    """What to do before the first `pulumi up` (`stacks.first_up`), as the program announced it."""
    stand_ins: list[StandIn] = field(default_factory=list)
    """What the cloud does instead of what the stack file asks (`stacks.stand_ins`), as announced."""

    def of_type(self, type_: str) -> list[Registration]:
        """Resources of a type token, e.g. `aws:ec2/subnet:Subnet`."""
        return [r for r in self.resources if r.type == type_]

    def get(self, urn_suffix: str) -> Registration:
        """The one resource whose URN ends with `urn_suffix` (e.g. `aws:ec2/vpc:Vpc::shop`)."""
        found = [r for r in self.resources if r.urn.endswith(urn_suffix)]
        if len(found) != 1:
            raise KeyError(f"{len(found)} resources end with {urn_suffix!r}")
        return found[0]

    def children(self, parent_urn: str) -> list[Registration]:
        return [r for r in self.resources if r.parent == parent_urn]

    def depends_on(self, resource: Registration | str, other: Registration | str) -> bool:
        """Whether `resource` waits, directly or transitively, for `other` (resources or URNs) under
        `pulumi up`; see `waits_for`."""
        urn = resource if isinstance(resource, str) else resource.urn
        target = other if isinstance(other, str) else other.urn
        return target in self.waits_for(urn)

    def waits_for(self, urn: str) -> set[str]:
        """Every URN the resource `urn` waits for before it is created, transitively.

        The SDK registers a resource only once it has the URNs of its `dependencies` (its `depends_on`
        and the resources its inputs come from, a component standing for its children), of its parent and
        of its provider, and the engine answers a custom resource's registration once it is created. So
        the edges are: dependencies, parent (a component's registration itself waits for the component's
        own `depends_on`, which is how `depends_on` on a component holds back its children) and provider.
        """
        by_urn = self._by_urn
        seen: set[str] = set()
        stack = [urn]
        while stack:
            current = by_urn.get(stack.pop())
            if current is None:
                continue
            for edge in _edges(current):
                if edge not in seen:
                    seen.add(edge)
                    stack.append(edge)
        return seen

    @functools.cached_property
    def _by_urn(self) -> dict[str, Registration]:
        return {r.urn: r for r in self.resources}

    def document(self) -> dict[str, Any]:
        """The `stackyard plan --json` document. A resource has `aliases` (the URNs it was known by) only
        when it has any."""
        return {
            "project": self.project,
            "stack": self.stack,
            "cloud": self.cloud,
            "environment": self.environment,
            "resources": [
                {
                    "urn": r.urn,
                    "type": r.type,
                    "name": r.name,
                    "parent": r.parent,
                    "custom": r.custom,
                    "id": r.id,
                    "protect": r.protect,
                    "retainOnDelete": r.retain_on_delete,
                    "dependencies": sorted(set(r.dependencies)),
                    "inputs": r.inputs,
                    **({"aliases": r.aliases} if r.aliases else {}),
                }
                for r in self.resources
            ],
            "outputs": self.outputs,
            "notes": [note.as_dict() for note in self.notes],
            "standIns": [stand_in.as_dict() for stand_in in self.stand_ins],
        }

    def text(self, color: bool = False) -> str:
        """A tree of components and resources with their key settings, then outputs and a summary; with
        `color`, styled for a terminal (stacks/terminal.py)."""
        return render_text(self, color)


def render(source: ConfigSource, main_path: Path | None = None, project: str = PROJECT) -> Plan:
    """Run the program for `source` under mocks. `main_path` is the project's `__main__.py`; without it,
    `stacks.program.main` (which is all `__main__.py` calls) runs directly. `project` is the Pulumi project
    name the program sees (`pulumi.get_project()`, the namespace of `pulumi.Config()`): another project's
    name when `stacks.foreign` runs a user's own program.

    Raises what the program raises: `ConfigError` for invalid configuration.
    """
    loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)
    monitor: RecordingMonitor | None = None
    try:
        mocks = StackyardMocks(
            aws_region=str(source.values.get("aws:region") or "us-east-1"),
            gcp_region=str(source.values.get("gcp:region") or "us-central1"),
            **(
                {"gcp_project": str(source.values["gcp:project"])} if source.values.get("gcp:project") else {}
            ),
        )
        monitor = RecordingMonitor(mocks)
        pulumi.runtime.reset_options(project=project, stack=source.stack, preview=False)
        pulumi.runtime.set_all_config(source.as_pulumi_config(), sorted(source.secret_keys))
        pulumi.runtime.set_mocks(mocks, project=project, stack=source.stack, preview=False, monitor=monitor)
        with first_up.collecting() as notes, stand_ins.collecting() as found:
            outputs = _run_program(main_path)
        return Plan(
            project=project,
            stack=source.stack,
            cloud=source.values.get(CLOUD_KEY),
            environment=source.values.get(ENVIRONMENT_KEY),
            resources=list(_tree_order(monitor.registrations)),
            outputs=outputs,
            notes=notes,
            stand_ins=found,
        )
    finally:
        pulumi.runtime.set_all_config({}, [])
        if monitor is not None:
            monitor.close()
        asyncio.set_event_loop(None)
        loop.close()


def _run_program(main_path: Path | None) -> dict[str, Any]:
    def program() -> None:
        if main_path is not None:
            runpy.run_path(str(main_path), run_name="__main__")
        else:
            from .program import main

            main()

    _sync_await(run_pulumi_func(program))
    root = pulumi.runtime.get_root_resource()
    exported: dict[str, Any] = getattr(root, "outputs", {}) or {}
    outputs: dict[str, Any] = {}
    for name, value in exported.items():
        output = pulumi.Output.from_input(value)
        resolved = _sync_await(output.future())
        outputs[name] = SECRET_MASK if _sync_await(output.is_secret()) else mask_secrets(resolved)
    return outputs


def _edges(registration: Registration) -> list[str]:
    """The URNs `registration` waits for directly: its dependencies, its parent and its provider."""
    edges = list(registration.dependencies)
    if registration.parent:
        edges.append(registration.parent)
    if registration.provider:  # a provider reference is "<urn>::<id>"
        edges.append(registration.provider.rsplit("::", 1)[0])
    return edges


def _tree_order(registrations: dict[str, Registration]) -> Iterator[Registration]:
    """Parents before children; siblings by type then name, so the order is stable run to run."""
    children: dict[str | None, list[Registration]] = {}
    for registration in registrations.values():
        parent = registration.parent if registration.parent in registrations else None
        children.setdefault(parent, []).append(registration)

    def walk(parent: str | None) -> Iterator[Registration]:
        for registration in sorted(children.get(parent, []), key=lambda r: (r.custom, r.type, r.name)):
            yield registration
            yield from walk(registration.urn)

    yield from walk(None)
