"""examples/consumer: a project of its own composes stackyard's components without stackyard's stack
config; rendered under the mocks, it creates the network, cluster, database and service, wired together.
(.ci/run also renders it in a fresh virtual environment holding only the built wheel.)"""

from __future__ import annotations

import importlib.util
from types import ModuleType

import pulumi

from tests.conftest import ROOT

EXAMPLE = ROOT / "examples" / "consumer"


def load_renderer() -> ModuleType:
    spec = importlib.util.spec_from_file_location("consumer_render", EXAMPLE / "render.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_consumer_example_creates_and_wires_the_components() -> None:
    renderer = load_renderer()
    try:
        monitor = renderer.render()
    finally:
        pulumi.runtime.set_all_config({}, [])
    assert renderer.missing(renderer.counts(monitor)) == {}
    registrations = list(monitor.registrations.values())
    (service,) = [r for r in registrations if r.type == "stackyard-aws:index:ContainerService"]
    (group,) = [
        r
        for r in registrations
        if r.type == "aws:ec2/securityGroup:SecurityGroup" and r.parent == service.urn
    ]
    (rule,) = [
        r
        for r in registrations
        if r.type == "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule"
        and r.inputs.get("referencedSecurityGroupId") == group.id
    ]
    assert rule.inputs["fromPort"] == 5432  # the database admits the API, and only on its port
    (task,) = [r for r in registrations if r.type == "aws:ecs/taskDefinition:TaskDefinition"]
    assert "DATABASE_PASSWORD" in task.inputs["containerDefinitions"]


def test_the_example_uses_no_stack_machinery() -> None:
    source = (EXAMPLE / "__main__.py").read_text()
    assert "from components.aws import" in source
    assert "stacks" not in source.replace("stackyard", "")
