"""Each argument's default is declared once, in its field docstring ("Default 14."), which the docs and the
schema show, and the code applies exactly that (issue #15, "Each argument declared once").

For every exported component on every cloud, every top-level argument whose declared default is a Python
literal is given that value explicitly, all at once, and the build must register the same resources with
the same inputs and options as the build without them (on a difference each argument is tried alone, to
name the one whose docstring is wrong). An argument that the component's minimal kind refuses (a web
service's path on a worker) is compared in one of the SHAPES that takes it. A docstring that says one thing
while the code does another fails here.
Arguments whose default is described rather than literal ("Default: the component name") are left to their
own tests, and so are the few listed in NOT_COMPARABLE, each with its reason.
"""

from __future__ import annotations

import asyncio
import json
from typing import Any

import pulumi
import pytest
from pulumi.runtime.stack import wait_for_rpcs

from stacks import docs
from stacks.mocks import RecordingMonitor, StackyardMocks
from tests.components.test_unknown_arguments import CASES, args_type, case_id

# (component module's cloud, component, argument) -> why building with the explicit default cannot be
# compared with building without it.
NOT_COMPARABLE: dict[tuple[str, str, str], str] = {
    ("k8s", "ContainerService", "host"): (
        "required with public, where it has no default; without public the Ingress keys are refused, even "
        "None"
    ),
}

# Arguments that only some kinds of a component take (a web service's path, a job's retries, the timeout of
# a migration): besides its minimal arguments, a component is also tried as each of these shapes, and an
# argument is compared in the first shape that accepts it.
SUBNETWORK = "projects/shop-prod/regions/us-central1/subnetworks/shop"
INGRESS = {"port": 8080, "public": True, "host": "api.shop.example.com"}
SHAPES: dict[tuple[str, str], list[dict[str, Any]]] = {
    ("aws", "ContainerService"): [
        {"port": 8000},
        {"schedule": "30 2 * * *", "command": ["python", "-m", "shop.reports"]},
        {"port": 8000, "health_check_command": ["CMD", "/app/healthcheck"]},
        {"port": 8000, "migrate": ["alembic", "upgrade", "head"]},
    ],
    ("gcp", "ContainerService"): [
        {"port": 8080},
        {"schedule": "30 2 * * *"},
        {"port": 8080, "network": "projects/shop-prod/global/networks/shop", "subnetwork": SUBNETWORK},
        {"port": 8080, "migrate": ["alembic", "upgrade", "head"]},
        {"port": 8080, "stable_revision": "shop-api-00001-abc"},
    ],
    ("k8s", "ContainerService"): [
        {"port": 8080},
        {"schedule": "30 2 * * *"},
        {"port": 8080, "migrate": ["alembic", "upgrade", "head"]},
        {**INGRESS, "ingress_class": "traefik", "ingress_namespace": "traefik"},
        {**INGRESS, "ingress_controller": "gke"},
        {**INGRESS, "ingress_controller": "eks-auto-mode", "ingress_sources": ["10.0.0.0/16"]},
    ],
}


def _cloud(component: type) -> str:
    return component.__module__.split(".")[1]


def _is_template(value: Any) -> bool:
    """A default written with a placeholder ("<physical_name>/"): described, not a value to pass."""
    return isinstance(value, str) and "<" in value and ">" in value


def _defaults(component: type, minimal: dict[str, Any]) -> dict[str, Any]:
    """The component's top-level arguments whose declared default is a literal, with that value."""
    found = {}
    for argument, default in docs.declared_defaults(args_type(component)).items():
        if "." in argument or not default.literal or argument in minimal or _is_template(default.value):
            continue
        if (_cloud(component), component.__name__, argument) not in NOT_COMPARABLE:
            found[argument] = default.value
    return found


COMPONENTS = [(component, minimal) for component, minimal, _, _ in CASES]


def _build(component: type, args: dict[str, Any]) -> dict[str, Any]:
    """The registrations of one build under fresh mocks, as comparable data."""
    loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)
    pulumi.runtime.reset_options()
    pulumi.runtime.set_all_config(
        {"aws:region": "us-east-1", "gcp:project": "stackyard-mock-project", "gcp:region": "us-central1"}, []
    )
    mocks = StackyardMocks()
    monitor = RecordingMonitor(mocks)
    pulumi.runtime.set_mocks(mocks, project="stackyard", stack="test", preview=False, monitor=monitor)
    try:

        @pulumi.runtime.test
        def program() -> None:
            component("shop", json.loads(json.dumps(args)))

        program()
        loop.run_until_complete(asyncio.wait_for(wait_for_rpcs(), timeout=30))
        return {
            urn: (r.type, r.parent, r.protect, r.retain_on_delete, r.inputs)
            for urn, r in monitor.registrations.items()
        }
    finally:
        monitor.close()
        pulumi.runtime.set_all_config({}, [])
        asyncio.set_event_loop(None)
        loop.close()


def _refused_argument(component: type, error: ValueError, given: dict[str, Any]) -> str | None:
    """The argument a component's ValueError refuses ("ContainerService host is not allowed …"), when it is
    one of `given`."""
    words = str(error).removeprefix(f"{component.__name__}: ").removeprefix(f"{component.__name__} ").split()
    return words[0] if words and words[0] in given else None


def test_every_component_has_arguments_to_compare() -> None:
    counts = {component: len(_defaults(component, minimal)) for component, minimal in COMPONENTS}
    # ProjectServices takes the services and the project only, neither with a literal default.
    assert [c.__name__ for c, n in counts.items() if n == 0] == ["ProjectServices"]
    assert sum(counts.values()) > 300  # the argument tables hold this many literal defaults


@pytest.mark.parametrize(("component", "minimal"), COMPONENTS, ids=[case_id(c) for c, _ in COMPONENTS])
def test_the_declared_defaults_are_what_the_component_does(component: type, minimal: dict[str, Any]) -> None:
    """In each shape, every declared default the shape takes is given at once and the build compared with
    the build without them; an argument a shape refuses (a web service's path on a worker) moves on to the
    next shape. On a difference, each argument is compared alone to name the one whose docstring is wrong."""
    remaining = _defaults(component, minimal)
    for shape in [{}, *SHAPES.get((_cloud(component), component.__name__), [])]:
        args = {**minimal, **shape}
        given = {k: v for k, v in remaining.items() if k not in shape}
        explicit = None
        while given:
            try:
                explicit = _build(component, {**args, **given})
                break
            except ValueError as error:  # this kind of the component does not take that argument
                refused = _refused_argument(component, error, given)
                assert refused is not None, f"{component.__name__}: {error}"
                del given[refused]
        if not given:
            continue
        without = _build(component, args)
        if explicit != without:
            wrong = [a for a, v in given.items() if _build(component, {**args, a: v}) != without]
            pytest.fail(f"{component.__name__}: the docstrings' defaults are not applied for {wrong}")
        for argument in given:
            del remaining[argument]
    assert not remaining, f"{component.__name__}: refused in every shape tried: {sorted(remaining)}"
