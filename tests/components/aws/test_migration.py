"""components.aws.ContainerService `migrate`: a migration task definition (the service's container, its
image, environment, secrets, roles and log group, with the migration as its command) and a pulumi-command
`local.Command` that runs it on the service's cluster, subnets, security group and capacity; the ECS
service waits for the Command, the Command for the task definition and what the task needs."""

from __future__ import annotations

import json
from typing import Any, cast

import pulumi
import pytest

from components.aws.container_service import ContainerService, ContainerServiceArgs
from components.migration import INTERPRETER, script
from stacks.mocks import RecordingMonitor, Registration
from tests.conftest import of_type

SERVICE = "aws:ecs/service:Service"
TASK_DEFINITION = "aws:ecs/taskDefinition:TaskDefinition"
COMMAND = "command:local:Command"
ROLE_POLICY = "aws:iam/rolePolicy:RolePolicy"
EGRESS = "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule"
SUBNETS = ["subnet-0aaaaaaaaaaaaaaa1", "subnet-0bbbbbbbbbbbbbbb2"]
CLUSTER_ARN = "arn:aws:ecs:us-east-1:123456789012:cluster/shop"
SECRET_ARN = "arn:aws:secretsmanager:us-east-1:123456789012:secret:shop/db-AbCdEf:url::"
MIGRATE = ["npx", "prisma", "migrate", "deploy"]
BASE: dict[str, Any] = {
    "cluster_arn": CLUSTER_ARN,
    "cluster_name": "shop",
    "vpc_id": "vpc-0123456789abcdef0",
    "subnet_ids": SUBNETS,
    "vpc_cidr": "10.0.0.0/16",
    "port": 8000,
    "image": "ghcr.io/shop/api:1.4.2",
    "entrypoint": ["docker-entrypoint.sh"],
    "command": ["node", "dist/main.js"],
    "environment": {"NODE_ENV": "production"},
    "secrets": {"DATABASE_URL": SECRET_ARN},
    "health_check_command": ["CMD", "wget", "-q", "--spider", "http://localhost:8000/health"],
    "task_role_statements": [{"Effect": "Allow", "Action": ["s3:GetObject"], "Resource": "arn:aws:s3:::b/*"}],
}


def build(args: dict[str, Any]) -> None:
    @pulumi.runtime.test
    def program() -> pulumi.Output:
        service = ContainerService("shop-api", cast(ContainerServiceArgs, {**BASE, **args}))
        assert (service.migration is None) == ("migrate" not in args)
        return service.task_definition_arn

    program()


def by_name(monitor: RecordingMonitor, type_: str) -> dict[str, Registration]:
    return {r.name: r for r in of_type(monitor, type_)}


def containers(task: Registration) -> dict[str, Any]:
    (found,) = json.loads(task.inputs["containerDefinitions"])
    return found


def test_the_migration_task_is_the_service_container_with_the_command(monitor: RecordingMonitor) -> None:
    build({"migrate": MIGRATE, "capacity": "mixed"})
    tasks = by_name(monitor, TASK_DEFINITION)
    served, migration = tasks["shop-api-task"], tasks["shop-api-migrate-task"]
    service, migrate = containers(served), containers(migration)
    assert migrate["command"] == MIGRATE and service["command"] == ["node", "dist/main.js"]
    for key in ("image", "environment", "secrets", "entryPoint", "readonlyRootFilesystem", "mountPoints"):
        assert migrate[key] == service[key], key
    assert migrate["secrets"] == [{"name": "DATABASE_URL", "valueFrom": SECRET_ARN}]
    # Nothing serves: no port, no health check; its logs in the service's group, under their own prefix.
    assert "portMappings" not in migrate and "healthCheck" not in migrate
    logs, service_logs = migrate["logConfiguration"]["options"], service["logConfiguration"]["options"]
    assert (
        logs["awslogs-group"] == service_logs["awslogs-group"] and logs["awslogs-stream-prefix"] == "migrate"
    )
    for key in (
        "executionRoleArn",
        "taskRoleArn",
        "cpu",
        "memory",
        "networkMode",
        "runtimePlatform",
        "volumes",
    ):
        assert migration.inputs[key] == served.inputs[key], key
    assert migration.inputs["family"] == "shop-api-migrate"


def test_the_command_runs_the_task_on_the_service_network_and_capacity(monitor: RecordingMonitor) -> None:
    build({"migrate": MIGRATE, "capacity": "mixed", "migrate_timeout_seconds": 3600})
    (command,) = of_type(monitor, COMMAND)
    migration = by_name(monitor, TASK_DEFINITION)["shop-api-migrate-task"]
    service = of_type(monitor, SERVICE)[0]
    env = command.inputs["environment"]
    assert command.inputs["create"] == script() and command.inputs["interpreter"] == INTERPRETER
    assert "update" not in command.inputs and "delete" not in command.inputs
    assert env["MIGRATE_RUNTIME"] == "ecs" and env["MIGRATE_TIMEOUT_SECONDS"] == "3600"
    assert env["ECS_CLUSTER"] == CLUSTER_ARN and env["ECS_SUBNETS"] == ",".join(SUBNETS)
    assert env["ECS_TASK_DEFINITION"] == migration.state["arn"]
    assert env["ECS_SECURITY_GROUPS"] == service.inputs["networkConfiguration"]["securityGroups"][0]
    assert env["ECS_CAPACITY_PROVIDER_STRATEGY"] == (
        "capacityProvider=FARGATE,base=1,weight=1 capacityProvider=FARGATE_SPOT,weight=3"
    )
    assert env["ECS_REGION"] == "us-east-1" and env["ECS_CONTAINER"] == "app"
    # A new migration task definition (image, command, environment, secrets) runs it again.
    assert command.inputs["triggers"] == [migration.state["arn"]]


def test_the_service_waits_for_the_migration_and_the_migration_for_its_task(
    monitor: RecordingMonitor,
) -> None:
    build({"migrate": MIGRATE})
    (command,) = of_type(monitor, COMMAND)
    (service,) = of_type(monitor, SERVICE)
    tasks = by_name(monitor, TASK_DEFINITION)
    assert command.urn in service.dependencies
    assert tasks["shop-api-migrate-task"].urn in command.dependencies
    # The task's roles may act (bucket grants, secrets) and its security group lets it out first.
    policies = by_name(monitor, ROLE_POLICY)
    assert policies["shop-api-execution"].urn in tasks["shop-api-migrate-task"].dependencies
    assert policies["shop-api-task"].urn in command.dependencies
    assert {r.urn for r in of_type(monitor, EGRESS)} <= set(command.dependencies)
    # The service's own task definition does not wait: only the rollout does.
    assert command.urn not in tasks["shop-api-task"].dependencies


def test_without_migrate_nothing_runs(monitor: RecordingMonitor) -> None:
    build({})
    assert not of_type(monitor, COMMAND) and len(of_type(monitor, TASK_DEFINITION)) == 1


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ({"migrate": []}, "migrate"),
        ({"migrate": MIGRATE, "migrate_timeout_seconds": 86401}, "migrate_timeout_seconds"),
        ({"migrate_timeout_seconds": 600}, "not allowed without migrate"),
        ({"migrate": MIGRATE, "port": None, "schedule": "0 3 * * *"}, "not allowed with schedule"),
    ],
)
def test_bad_migrate_arguments_are_refused(
    monitor: RecordingMonitor, args: dict[str, Any], message: str
) -> None:
    with pytest.raises(ValueError, match=message):
        build(args)
