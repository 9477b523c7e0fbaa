"""Every stack file, rendered once through the `stackyard plan` code path: compared with its plan inventory
(Cloud Foundation Fabric's pattern, on Pulumi mocks: a YAML file in tests/inventory/ with resource counts per
type, the key settings of each resource, protect flags and output names), and checked for what mocks accept
but a real `pulumi up` or the running application would not (the deploy-truth checks below).

After an intended change, regenerate the inventories and review the diff:

    STACKYARD_UPDATE_INVENTORY=1 uv run pytest tests/stacks/test_inventory.py
"""

from __future__ import annotations

import json
import os
import re
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
import yaml

from stacks.mocks import Registration
from stacks.plan import Plan
from stacks.plan_text import KEY_SETTINGS, setting
from tests.conftest import ROOT, plan_of
from tests.helpers.released import released

INVENTORY_DIR = Path(__file__).resolve().parent.parent / "inventory"
REGENERATE = "STACKYARD_UPDATE_INVENTORY=1 uv run pytest tests/stacks/test_inventory.py"
STACK_FILES = sorted(
    [p.relative_to(ROOT) for p in ROOT.glob("Pulumi.*.yaml")]
    + [p.relative_to(ROOT) for p in (ROOT / "blueprints").glob("*/Pulumi.*.yaml")]
)


def inventory(plan: Plan) -> dict[str, Any]:
    settings: dict[str, dict[str, Any]] = {}
    for resource in plan.resources:
        keys = KEY_SETTINGS.get(resource.type)
        if keys:
            settings[f"{resource.type}::{resource.name}"] = {k: setting(resource.inputs, k) for k in keys}
    return {
        "counts": dict(sorted(Counter(r.type for r in plan.resources).items())),
        "protected": sorted(f"{r.type}::{r.name}" for r in plan.resources if r.protect),
        "settings": dict(sorted(settings.items())),
        "outputs": sorted(plan.outputs),
    }


def inventory_file(stack_file: Path) -> Path:
    return INVENTORY_DIR / (str(stack_file.with_suffix("")).replace("/", "__") + ".yaml")


@pytest.mark.parametrize("stack_file", STACK_FILES, ids=str)
def test_plan_matches_inventory(stack_file: Path) -> None:
    actual = inventory(plan_of(stack_file))
    path = inventory_file(stack_file)
    if os.environ.get("STACKYARD_UPDATE_INVENTORY"):
        path.parent.mkdir(exist_ok=True)
        path.write_text(
            f"# Generated from {stack_file} by: {REGENERATE}\n" + yaml.safe_dump(actual, sort_keys=False)
        )
    assert path.exists(), f"no inventory for {stack_file}; create it with: {REGENERATE}"
    expected = yaml.safe_load(path.read_text())
    assert actual == expected, f"{stack_file} no longer matches {path.name}; if intended, run: {REGENERATE}"


# -- deploy truth ------------------------------------------------------------------------------------------

ECS_TASK = "aws:ecs/taskDefinition:TaskDefinition"
RDS = "aws:rds/instance:Instance"
CLOUD_RUN = (
    "gcp:cloudrunv2/service:Service",
    "gcp:cloudrunv2/workerPool:WorkerPool",
    "gcp:cloudrunv2/job:Job",
)
K8S_WORKLOADS = ("kubernetes:apps/v1:Deployment", "kubernetes:batch/v1:CronJob")
CONNECTION_VARIABLES = {
    "database": ("DATABASE_URL", "DATABASE_PASSWORD"),
    "cache": ("REDIS_URL", "REDIS_PASSWORD"),
}


def stack_config(stack_file: Path) -> dict[str, Any]:
    return yaml.safe_load((ROOT / stack_file).read_text())["config"]


# The data tier's credentials a service's `variables` can read, and the key of the secret each comes from.
CREDENTIAL_SOURCES = {
    "database.url": "url",
    "database.password": "password",
    "database.reader_url": "reader_url",
    "cache.url": "url",
    "cache.password": "password",
}


def connected_variables(stack_file: Path, workload: str) -> dict[str, str]:
    """The variables a workload (a service's task, Cloud Run resource or pod, or its migration's) must get by
    secret reference, with the key of the secret each reads: without `variables` its service gets the URLs
    and passwords of the database and the cache the app has; with them, those of its variables that read a
    credential of the data tier."""
    app = stack_config(stack_file)["stackyard:app"]
    service = re.sub(r"(-migrate)?(-task)?$", "", workload.removeprefix(f"{app['name']}-"))
    variables = ((app.get("services") or {}).get(service) or {}).get("variables")
    if variables is None:
        return {
            name: "url" if name.endswith("_URL") else "password"
            for part, names in CONNECTION_VARIABLES.items()
            if app.get(part)
            for name in names
        }
    return {
        name: CREDENTIAL_SOURCES[source] for name, source in variables.items() if source in CREDENTIAL_SOURCES
    }


def ecs_containers(plan: Plan) -> list[tuple[str, dict[str, Any]]]:
    return [
        (task.name, container)
        for task in plan.of_type(ECS_TASK)
        for container in json.loads(task.inputs["containerDefinitions"])
    ]


def cloud_run_envs(resource: Registration) -> list[dict[str, Any]]:
    template = resource.inputs["template"]
    template = template.get("template", template)  # a job's task template is one level down
    return [env for container in template["containers"] for env in container.get("envs", [])]


def k8s_envs(resource: Registration) -> list[dict[str, Any]]:
    spec = resource.inputs["spec"]
    pod = spec["jobTemplate"]["spec"]["template"] if "jobTemplate" in spec else spec["template"]
    return [env for container in pod["spec"]["containers"] for env in container.get("env", [])]


@pytest.mark.parametrize("stack_file", STACK_FILES, ids=str)
def test_no_replica_of_an_rds_managed_password_and_no_unattended_rotation(stack_file: Path) -> None:
    """RDS refuses read replicas of an instance whose password it manages, and its weekly rotation would
    break services that read the password once: every stack uses the stack's generated password."""
    plan = plan_of(stack_file)
    for instance in plan.of_type(RDS):
        assert not instance.inputs.get("manageMasterUserPassword"), instance.name
    assert not plan.of_type("aws:secretsmanager/secretRotation:SecretRotation")


@pytest.mark.parametrize("stack_file", STACK_FILES, ids=str)
def test_container_health_checks_are_only_those_the_stack_file_asks_for(stack_file: Path) -> None:
    """No `curl` assumed in the image: an ECS container has a health check exactly when its service sets
    `health_check.command`, and it is that command."""
    app = stack_config(stack_file)["stackyard:app"]
    asked = {
        f"{app['name']}-{name}-task": (spec.get("health_check") or {}).get("command")
        for name, spec in (app.get("services") or {}).items()
    }
    # A migration's task (`migrate`) serves nothing and has no health check.
    asked |= {f"{app['name']}-{name}-migrate-task": None for name in app.get("services") or {}}
    for task, container in ecs_containers(plan_of(stack_file)):
        assert container.get("healthCheck", {}).get("command") == asked[task], task


@pytest.mark.parametrize("stack_file", STACK_FILES, ids=str)
def test_every_connected_service_gets_the_urls_by_secret_reference(stack_file: Path) -> None:
    """DATABASE_URL (and REDIS_URL), or the names a service's `variables` give the data tier's credentials,
    reach every service on every runtime, never as a plain value: ECS `secrets` pinned to the secret's
    version, Cloud Run references to a numbered version, Kubernetes `secretKeyRef`s to the app's Secret."""
    plan = plan_of(stack_file)
    checked = 0
    for task, container in ecs_containers(plan):
        wanted = connected_variables(stack_file, task)
        references = {s["name"]: s["valueFrom"] for s in container.get("secrets", [])}
        plain = {e["name"] for e in container.get("environment", [])}
        assert set(wanted) <= set(references) and not set(wanted) & plain, task
        for variable, key in wanted.items():
            assert re.fullmatch(
                rf"arn:aws:secretsmanager:[^:]+:\d{{12}}:secret:[^:]+:{key}::.+", references[variable]
            )
        checked += 1
    for resource in [r for t in CLOUD_RUN for r in plan.of_type(t)]:
        envs = {e["name"]: e for e in cloud_run_envs(resource)}
        for variable in connected_variables(stack_file, resource.name):
            assert "value" not in envs[variable], (resource.name, variable)
            reference = envs[variable]["valueSource"]["secretKeyRef"]
            assert reference["version"].isdigit(), (resource.name, variable)  # pinned: a rotation rolls it
        checked += 1
    for resource in [r for t in K8S_WORKLOADS for r in plan.of_type(t)]:
        envs = {e["name"]: e for e in k8s_envs(resource)}
        for variable in connected_variables(stack_file, resource.name):
            assert envs[variable]["valueFrom"]["secretKeyRef"]["key"] == variable, (resource.name, variable)
        checked += 1
    assert checked or not stack_config(stack_file)["stackyard:app"].get("services")
    # The URLs hold the passwords: never in plain text anywhere in the plan.
    text = json.dumps(plan.document())
    assert "postgresql://" not in text and "rediss://" not in text


# -- each blueprint against its guide ---------------------------------------------------------------------

BLUEPRINT_FILES = [f for f in STACK_FILES if f.parts[0] == "blueprints"]


@pytest.mark.parametrize("stack_file", BLUEPRINT_FILES, ids=str)
def test_the_blueprint_meets_its_guide_as_its_readme_says(stack_file: Path) -> None:
    """Every row of the blueprint's requirements table (blueprints/<system>/requirements.yaml, rendered into
    its README) that concerns this stack file holds in its plan."""
    from stacks import requirements

    blueprint = requirements.load(ROOT / stack_file.parent)
    # The guide describes the running system: the plan with a released image (tests/helpers/released.py).
    document = plan_of(stack_file, released(stack_file)).document()
    failures = [
        f"{row.guide}: {reason} ({claim.describe()})"
        for row in blueprint.requirements
        for claim in row.claims
        if claim.applies_to(stack_file.name) and (reason := requirements.failure(claim, document))
    ]
    assert not failures, "\n".join(failures)
