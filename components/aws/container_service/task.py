"""The task: its log group, the execution role (ECS pulls the image, writes the logs and reads `secrets`), the
task role (the application's own statements and policies), the Fargate task definition and its one
container."""

from dataclasses import dataclass
from typing import Any

import pulumi
import pulumi_aws as aws

from ..iam import assume_role_policy
from ..kms import log_encryption_key
from ..naming import physical_name
from .policies import _execution_policy, _task_policy
from .settings import (
    CONTAINER,
    FAMILY_LIMIT,
    LOG_GROUP_PREFIX,
    MIGRATE_STREAM_PREFIX,
    PORT_NAME,
    ROLE_PREFIX,
    ContainerServiceArgs,
    _health_check_timings,
    _named,
    _Settings,
)


@dataclass(frozen=True)
class TaskRoles:
    """The log group and the two roles a task runs with, and the policies that must exist before it runs."""

    log_group: aws.cloudwatch.LogGroup
    execution_role: aws.iam.Role
    execution_policy: aws.iam.RolePolicy
    """ECS must be able to read the secrets before a task starts: task definitions wait for it."""
    task_role: aws.iam.Role
    task_policies: list[pulumi.Resource]
    """The task role's policies: the service and the migration wait for them."""
    key_arn: pulumi.Input[str] | None = None
    """The service's customer-managed key (`encrypt_logs`: its log group's, and a job's schedule's)."""


def logs_and_roles(
    owner: pulumi.Resource,
    name: str,
    base: str,
    settings: _Settings,
    args: ContainerServiceArgs,
    pull_arn: pulumi.Input[str],
) -> TaskRoles:
    """The log group, the execution role with its policy, and the task role with its policies."""
    child = pulumi.ResourceOptions(parent=owner)
    prefix = f"/ecs/{physical_name(base, LOG_GROUP_PREFIX)}-"
    log_key: pulumi.Input[str] | None = None
    if settings.encrypt_logs:
        log_key = args.get("log_kms_key_arn")
        if log_key is None:
            log_key = log_encryption_key(
                f"{name}-logs",
                f"Container logs{' and schedule' if settings.schedule else ''} of {name}",
                owner,
                settings.tags,
                [f"{prefix}*"],
                alias=f"{base}-logs",
            ).arn
    log_group = aws.cloudwatch.LogGroup(
        f"{name}-logs",
        name_prefix=prefix,
        retention_in_days=settings.log_retention_days,
        kms_key_id=log_key,
        tags=_named(settings.tags, name, "logs"),
        opts=child,
    )
    execution_role = aws.iam.Role(
        f"{name}-execution",
        name_prefix=physical_name(f"{base}-execution", ROLE_PREFIX) + "-",
        description=f"ECS pulls the image, writes logs and reads secrets of {name}, managed by stackyard",
        assume_role_policy=assume_role_policy("ecs-tasks.amazonaws.com"),
        tags=_named(settings.tags, name, "execution"),
        opts=child,
    )
    secrets = dict(args.get("secrets") or {})
    execution_policy = aws.iam.RolePolicy(
        f"{name}-execution",
        role=execution_role.id,
        policy=pulumi.Output.all(
            pull_arn,
            log_group.arn,
            pulumi.Output.all(*secrets.values()),
            pulumi.Output.all(*(args.get("secret_kms_key_arns") or [])),
        ).apply(lambda v: _execution_policy(*v)),
        opts=child,
    )
    task_role = aws.iam.Role(
        f"{name}-task",
        name_prefix=physical_name(f"{base}-task", ROLE_PREFIX) + "-",
        description=f"The application {name} runs as this role, managed by stackyard",
        assume_role_policy=assume_role_policy("ecs-tasks.amazonaws.com"),
        tags=_named(settings.tags, name, "task"),
        opts=child,
    )
    statements = list(args.get("task_role_statements") or [])
    task_policies: list[pulumi.Resource] = []
    if statements or settings.enable_exec:
        task_policies.append(
            aws.iam.RolePolicy(
                f"{name}-task",
                role=task_role.id,
                policy=pulumi.Output.all(
                    pulumi.Output.all(*statements), args.get("exec_log_group_arn") or ""
                ).apply(lambda v: _task_policy(v[0], settings.enable_exec, v[1])),
                opts=child,
            )
        )
    for policy_name, document in sorted((args.get("task_role_policies") or {}).items()):
        task_policies.append(
            aws.iam.RolePolicy(
                f"{name}-task-{policy_name}",
                role=task_role.id,
                name=physical_name(policy_name, 128),
                policy=document,
                opts=child,
            )
        )
    return TaskRoles(log_group, execution_role, execution_policy, task_role, task_policies, log_key)


def task_definition(
    owner: pulumi.Resource,
    name: str,
    base: str,
    settings: _Settings,
    args: ContainerServiceArgs,
    image: pulumi.Input[str],
    roles: TaskRoles,
    region: pulumi.Output[str],
    migrate: list[str] | None = None,
) -> aws.ecs.TaskDefinition:
    """The Fargate task definition `<physical_name>` of the container; with `migrate`, the migration's
    `<physical_name>-migrate`, whose container runs `migrate` (see `_container`)."""
    suffix, family = ("task", base) if migrate is None else ("migrate-task", f"{base}-migrate")
    secrets = dict(args.get("secrets") or {})
    return aws.ecs.TaskDefinition(
        f"{name}-{suffix}",
        family=physical_name(family, FAMILY_LIMIT),
        requires_compatibilities=["FARGATE"],
        network_mode="awsvpc",
        cpu=str(settings.cpu_units),
        memory=str(settings.memory_mib),
        runtime_platform={"operating_system_family": "LINUX", "cpu_architecture": settings.architecture},
        execution_role_arn=roles.execution_role.arn,
        task_role_arn=roles.task_role.arn,
        volumes=[{"name": "tmp"}] if settings.read_only else [],
        container_definitions=pulumi.Output.json_dumps(
            [_container(settings, args, image, roles.log_group.name, region, secrets, migrate)]
        ),
        tags=_named(settings.tags, name, suffix),
        # ECS must be able to read the secrets before a task starts.
        opts=pulumi.ResourceOptions(parent=owner, depends_on=[roles.execution_policy]),
    )


def _container(
    settings: _Settings,
    args: ContainerServiceArgs,
    image: pulumi.Input[str],
    log_group: pulumi.Output[str],
    region: pulumi.Output[str],
    secrets: dict[str, pulumi.Input[str]],
    migrate: list[str] | None = None,
) -> dict[str, Any]:
    """The container definition (Outputs inside; `Output.json_dumps` resolves them). Secrets appear only
    as `valueFrom` ARNs. With `migrate`, the migration's container: the same, with `migrate` as its
    command, its logs under the stream prefix "migrate", and no port or health check (nothing serves)."""
    container: dict[str, Any] = {
        "name": CONTAINER,
        "image": image,
        "essential": True,
        "environment": [{"name": k, "value": v} for k, v in sorted((args.get("environment") or {}).items())],
        "secrets": [{"name": k, "valueFrom": secrets[k]} for k in sorted(secrets)],
        "readonlyRootFilesystem": settings.read_only,
        "mountPoints": (
            [{"sourceVolume": "tmp", "containerPath": "/tmp", "readOnly": False}]
            if settings.read_only
            else []
        ),
        "linuxParameters": {"initProcessEnabled": True},
        "logConfiguration": {
            "logDriver": "awslogs",
            "options": {
                "awslogs-group": log_group,
                "awslogs-region": region,
                "awslogs-stream-prefix": "ecs" if migrate is None else MIGRATE_STREAM_PREFIX,
            },
        },
    }
    if migrate is not None:
        for key in ("entrypoint", "user"):
            value = args.get(key)
            if value is not None:
                container["entryPoint" if key == "entrypoint" else key] = value
        container["command"] = list(migrate)
        return container
    if settings.port is not None:
        container["portMappings"] = [
            {"name": PORT_NAME, "containerPort": settings.port, "protocol": "tcp", "appProtocol": "http"}
        ]
    if settings.health_check_command is not None:
        timings = _health_check_timings(args.get("health_check_timings"))
        container["healthCheck"] = {"command": settings.health_check_command, **timings}
    for key in ("command", "entrypoint", "user"):
        value = args.get(key)
        if value is not None:
            container["entryPoint" if key == "entrypoint" else key] = value
    return container
