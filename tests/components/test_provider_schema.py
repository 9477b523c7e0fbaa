"""`pulumi package add` gives other languages the same components: each cloud folder is a component
package whose schema Pulumi infers from the Args TypedDicts and Output attributes. The schema is built here
offline, as the provider host builds it, and must describe every component, input, default and output."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
import yaml
from pulumi.provider.experimental.component import ComponentProvider

from components import __version__
from components.provider_host import CLOUDS, component_classes, provider_name
from tests.conftest import ROOT

DEFAULT = re.compile(r"\b[Dd]efault")


def schema(cloud: str) -> dict[str, Any]:
    provider = ComponentProvider(component_classes(cloud), provider_name(cloud), version=__version__)
    return json.loads(provider.schema)


def typed(prop: dict[str, Any]) -> bool:
    return "type" in prop or "$ref" in prop or "oneOf" in prop


@pytest.mark.parametrize("cloud", CLOUDS)
def test_the_schema_has_every_component_under_its_fixed_token(cloud: str) -> None:
    found = schema(cloud)
    assert found["name"] == f"stackyard-{cloud}" and found["version"] == __version__
    tokens = {f"stackyard-{cloud}:index:{c.__name__}" for c in component_classes(cloud)}
    assert tokens and set(found["resources"]) == tokens
    assert all(r["isComponent"] and r["description"] for r in found["resources"].values())


@pytest.mark.parametrize("cloud", CLOUDS)
def test_every_input_has_a_type_a_description_and_its_default(cloud: str) -> None:
    problems = []
    for token, resource in schema(cloud)["resources"].items():
        required = set(resource.get("requiredInputs", []))
        for key, prop in resource.get("inputProperties", {}).items():
            description = prop.get("description", "")
            if not typed(prop):
                problems.append(f"{token}.{key}: no type")
            if not description.strip():
                problems.append(f"{token}.{key}: no description")
            elif key not in required and not DEFAULT.search(description):
                problems.append(f"{token}.{key}: optional, but its description states no default")
            elif key in required and "Required" not in description:
                problems.append(f"{token}.{key}: required, but its description does not say so")
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("cloud", CLOUDS)
def test_every_output_and_nested_type_property_is_typed_and_described(cloud: str) -> None:
    found = schema(cloud)
    problems = []
    for token, resource in found["resources"].items():
        assert resource.get("properties"), f"{token} has no outputs"
        for key, prop in resource["properties"].items():
            if not typed(prop) or not prop.get("description", "").strip():
                problems.append(f"{token} output {key}")
    for token, type_ in found.get("types", {}).items():
        for key, prop in type_.get("properties", {}).items():
            if not typed(prop) or not prop.get("description", "").strip():
                problems.append(f"{token}.{key}")
    assert not problems, problems


@pytest.mark.parametrize("cloud", CLOUDS)
def test_each_cloud_folder_is_a_python_component_package(cloud: str) -> None:
    folder = ROOT / "components" / cloud
    plugin = yaml.safe_load((folder / "PulumiPlugin.yaml").read_text())
    assert plugin["runtime"]["name"] == "python"
    assert f'serve("{cloud}")' in (folder / "__main__.py").read_text()
    requirements = (folder / "requirements.txt").read_text()
    assert "pulumi>=" in requirements and "pulumi-random" in requirements
    provider_sdk = {"aws": "pulumi-aws", "gcp": "pulumi-gcp", "k8s": "pulumi-kubernetes"}[cloud]
    assert provider_sdk in requirements
