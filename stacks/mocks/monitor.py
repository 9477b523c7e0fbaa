"""`RecordingMonitor`: Pulumi's `MockMonitor` plus what the plan needs and the stock monitor drops: each
registration's parent, `protect`, `retainOnDelete`, dependencies, provider, aliases and inputs (with every
secret replaced by "[secret]"), recorded as a `Registration`, and URNs built the way the Pulumi engine
builds them (the full parent type chain; none for children of the root stack)."""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from typing import Any

import pulumi
from pulumi.runtime import mocks, rpc
from pulumi.runtime.proto import resource_pb2
from pulumi.runtime.sync_await import _sync_await

from .answers import StackyardMocks
from .loops import ThreadLoops
from .masking import _unwrap_secrets, mask_secrets


class MockArgs(mocks.MockResourceArgs):
    """`MockResourceArgs` plus the URN, so ids can be unique per resource, not per name."""

    def __init__(self, urn: str, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.urn = urn


@dataclass
class Registration:
    """One resource as the plan reports it."""

    urn: str
    type: str
    name: str
    parent: str | None
    custom: bool
    id: str | None
    protect: bool
    retain_on_delete: bool
    inputs: dict[str, Any]
    state: dict[str, Any] = field(default_factory=dict, repr=False)
    dependencies: list[str] = field(default_factory=list, repr=False)
    """URNs this resource waits for (`depends_on` and the resources its inputs come from)."""
    provider: str = field(default="", repr=False)
    """The provider reference ("" for the default provider)."""
    aliases: list[str] = field(default_factory=list, repr=False)
    """The URNs this resource was known by before (its `aliases` option, each as a URN), sorted."""


class RecordingMonitor(mocks.MockMonitor):
    """A `MockMonitor` that records every registration the way the plan reports it."""

    def __init__(self, mocks_: StackyardMocks) -> None:
        super().__init__(mocks_)
        self.registrations: dict[str, Registration] = {}
        self._lock = threading.Lock()
        self._thread_loops = ThreadLoops()

    def close(self) -> None:
        """Close the event loops of the threads that called this monitor."""
        self._thread_loops.close()

    def Invoke(self, request: Any) -> Any:
        self._thread_loops.use()
        return super().Invoke(request)

    def ReadResource(self, request: Any) -> Any:
        self._thread_loops.use()
        return super().ReadResource(request)

    def make_urn(self, parent: str, type_: str, name: str) -> str:
        qualified = type_
        if parent:
            parent_type = parent.split("::")[2]
            if parent_type != "pulumi:pulumi:Stack":
                qualified = f"{parent_type}${type_}"
        stack, project = pulumi.get_stack(), pulumi.get_project()
        return f"urn:pulumi:{stack}::{project}::{qualified}::{name}"

    def _alias_urns(self, request: Any) -> list[str]:
        """The URNs of a registration's aliases: given as URNs, or as specs (name, type, parent) that
        default to the resource's own."""
        found = set(request.aliasURNs)
        for alias in request.aliases:
            if not alias.HasField("spec"):
                found.add(alias.urn)
                continue
            spec = alias.spec
            parent = "" if spec.noParent else (spec.parentUrn or request.parent)
            found.add(self.make_urn(parent, spec.type or request.type, spec.name or request.name))
        return sorted(found)

    def RegisterResource(self, request: Any) -> Any:
        self._thread_loops.use()
        urn = self.make_urn(request.parent, request.type, request.name)
        raw_inputs = rpc.deserialize_properties(request.object, keep_unknowns=True)
        if request.type == "pulumi:pulumi:Stack":
            resource_id, state = None, {}
        else:
            args = MockArgs(
                urn=urn,
                typ=request.type,
                name=request.name,
                inputs=_unwrap_secrets(raw_inputs),
                provider=request.provider,
                resource_id=request.importId,
                custom=request.custom or False,
            )
            resource_id, state = self.mocks.new_resource(args)
        registration = Registration(
            urn=urn,
            type=request.type,
            name=request.name,
            parent=request.parent or None,
            custom=bool(request.custom),
            id=resource_id if request.custom else None,
            protect=bool(request.protect),
            retain_on_delete=bool(request.retainOnDelete),
            inputs=mask_secrets(raw_inputs),
            state=state,
            dependencies=list(request.dependencies),
            provider=request.provider,
            aliases=self._alias_urns(request),
        )
        with self._lock:
            if urn in self.registrations:
                raise ValueError(f"duplicate resource URN {urn}")
            self.registrations[urn] = registration
            self.resources[urn] = mocks.MockMonitor.ResourceRegistration(urn, resource_id or "", state)
        props = _sync_await(rpc.serialize_properties(state, {}))
        return resource_pb2.RegisterResourceResponse(urn=urn, id=resource_id or "", object=props)
