"""components.aws.ContainerService before the first push: with `image_tag` "bootstrap" (the default with the
created repository) the first `pulumi up` converges without an image (no task starts, no schedule runs, no
migration runs); a real tag, or an `image`, gives the normal shape."""

from __future__ import annotations

import json
from typing import Any, cast

import pulumi
import pytest

from components.aws.container_service import BOOTSTRAP_TAG, ContainerService, ContainerServiceArgs
from stacks.mocks import RecordingMonitor, Registration
from tests.conftest import of_type

SERVICE = "aws:ecs/service:Service"
TASK_DEFINITION = "aws:ecs/taskDefinition:TaskDefinition"
COMMAND = "command:local:Command"
SCALING_TARGET = "aws:appautoscaling/target:Target"
SCHEDULE = "aws:scheduler/schedule:Schedule"
BASE: dict[str, Any] = {
    "cluster_arn": "arn:aws:ecs:us-east-1:123456789012:cluster/shop",
    "cluster_name": "shop",
    "vpc_id": "vpc-0123456789abcdef0",
    "subnet_ids": ["subnet-0aaaaaaaaaaaaaaa1"],
    "vpc_cidr": "10.0.0.0/16",
    "port": 8000,
    "desired_count": 3,
    "min_count": 2,
    "max_count": 6,
    "migrate": ["npx", "prisma", "migrate", "deploy"],
}
SERVICE_ONLY = ("port", "desired_count", "min_count", "max_count", "migrate")
JOB: dict[str, Any] = {
    **{key: value for key, value in BASE.items() if key not in SERVICE_ONLY},
    "schedule": "30 2 * * *",
}


def build(args: dict[str, Any]) -> list[ContainerService]:
    built: list[ContainerService] = []

    @pulumi.runtime.test
    def program() -> pulumi.Output:
        built.append(ContainerService("api", cast(ContainerServiceArgs, args)))
        return built[0].task_definition_arn

    program()
    return built


def one(monitor: RecordingMonitor, type_: str) -> Registration:
    (found,) = of_type(monitor, type_)
    return found


def test_the_default_tag_is_bootstrap() -> None:
    assert BOOTSTRAP_TAG == "bootstrap"


def test_before_the_first_push_no_task_starts_and_nothing_migrates(monitor: RecordingMonitor) -> None:
    (service,) = build(BASE)
    assert one(monitor, SERVICE).inputs["desiredCount"] == 0
    target = one(monitor, SCALING_TARGET).inputs
    assert (target["minCapacity"], target["maxCapacity"]) == (0, 0)
    # No migration: no task definition but the service's, no Command, nothing for other services to wait on.
    assert [r.name for r in of_type(monitor, TASK_DEFINITION)] == ["api-task"]
    assert of_type(monitor, COMMAND) == [] and service.migration is None
    (image,) = [c["image"] for c in _containers(monitor)]
    assert image.endswith(":bootstrap")


@pytest.mark.parametrize("args", [{"image_tag": "3f9c2e1"}, {"image": "ghcr.io/shop/api:1.4.2"}])
def test_a_pushed_image_gives_the_normal_shape(monitor: RecordingMonitor, args: dict[str, Any]) -> None:
    (service,) = build({**BASE, **args})
    assert one(monitor, SERVICE).inputs["desiredCount"] == 3
    target = one(monitor, SCALING_TARGET).inputs
    assert (target["minCapacity"], target["maxCapacity"]) == (2, 6)
    assert sorted(r.name for r in of_type(monitor, TASK_DEFINITION)) == ["api-migrate-task", "api-task"]
    assert service.migration is not None and len(of_type(monitor, COMMAND)) == 1


def test_a_scheduled_job_is_disabled_until_the_first_push(monitor: RecordingMonitor) -> None:
    build(JOB)
    assert one(monitor, SCHEDULE).inputs["state"] == "DISABLED"


def test_a_scheduled_job_with_a_pushed_tag_runs(monitor: RecordingMonitor) -> None:
    build({**JOB, "image_tag": "3f9c2e1"})
    assert "state" not in one(monitor, SCHEDULE).inputs  # the provider's default, ENABLED


def _containers(monitor: RecordingMonitor) -> list[dict[str, Any]]:
    return json.loads(one(monitor, TASK_DEFINITION).inputs["containerDefinitions"])
