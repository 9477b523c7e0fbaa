"""Every exported component of every cloud has a docstring example, and it runs under mocks."""

from __future__ import annotations

import types

import pulumi
import pytest

import components.aws
import components.gcp
import components.k8s
from stacks.mocks import RecordingMonitor
from tests.docexamples import run_docstring_example


def exported_components(package: types.ModuleType) -> list[type]:
    return [
        getattr(package, name)
        for name in package.__all__
        if isinstance(getattr(package, name), type)
        and issubclass(getattr(package, name), pulumi.ComponentResource)
    ]


COMPONENTS = [
    (cloud, c)
    for cloud, package in (("aws", components.aws), ("gcp", components.gcp), ("k8s", components.k8s))
    for c in exported_components(package)
]
SHARED = {
    "Vpc",
    "ManagedPostgres",
    "RedisCache",
    "ContainerService",
    "CdnSite",
    "Alarms",
    "Bucket",
    "Secrets",
}


@pytest.mark.parametrize("package", [components.aws, components.gcp], ids=lambda p: p.__name__)
def test_every_component_is_listed(package: types.ModuleType) -> None:
    assert {c.__name__ for c in exported_components(package)} >= SHARED


@pytest.mark.parametrize(("cloud", "component"), COMPONENTS, ids=lambda v: getattr(v, "__name__", v))
def test_docstring_example_runs(cloud: str, component: type, monitor: RecordingMonitor) -> None:
    pulumi.runtime.set_all_config(
        {"stackyard:apiKey": "example", "gcp:project": "shop-project", "gcp:region": "europe-west1"},
        ["stackyard:apiKey"],
    )
    run_docstring_example(component)
    token = f"stackyard-{cloud}:index:{component.__name__}"
    assert any(r.type == token for r in monitor.registrations.values()), f"the example creates no {token}"
    assert any(r.custom for r in monitor.registrations.values())
