"""Every exported component has a docstring example, and it runs under mocks."""

from __future__ import annotations

import pulumi
import pytest

import components.aws
from stacks.mocks import RecordingMonitor
from tests.docexamples import run_docstring_example

COMPONENTS = [
    getattr(components.aws, name)
    for name in components.aws.__all__
    if isinstance(getattr(components.aws, name), type)
    and issubclass(getattr(components.aws, name), pulumi.ComponentResource)
]


def test_every_component_is_listed() -> None:
    assert {c.__name__ for c in COMPONENTS} >= {"Vpc", "ManagedPostgres", "RedisCache", "Bucket", "Secrets"}


@pytest.mark.parametrize("component", COMPONENTS, ids=lambda c: c.__name__)
def test_docstring_example_runs(component: type, monitor: RecordingMonitor) -> None:
    pulumi.runtime.set_all_config({"stackyard:apiKey": "example"}, ["stackyard:apiKey"])
    run_docstring_example(component)
    token = f"stackyard-aws:index:{component.__name__}"
    assert any(r.type == token for r in monitor.registrations.values()), f"the example creates no {token}"
    assert any(r.custom for r in monitor.registrations.values())
