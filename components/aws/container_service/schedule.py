"""A scheduled job (`schedule`): EventBridge Scheduler runs the task on the cluster, through a role that may
only run this task definition family there and pass its two roles to ECS."""

import pulumi
import pulumi_aws as aws

from ..iam import assume_role_policy
from ..naming import physical_name
from .cron import _aws_cron
from .policies import _scheduler_policy
from .settings import ROLE_PREFIX, ContainerServiceArgs, _capacity, _Settings
from .task import TaskRoles


def scheduled_job(
    owner: pulumi.Resource,
    name: str,
    base: str,
    settings: _Settings,
    args: ContainerServiceArgs,
    task_definition: aws.ecs.TaskDefinition,
    roles: TaskRoles,
    security_group_id: pulumi.Input[str],
) -> None:
    """The scheduler's role and policy, and the schedule that starts one task each time."""
    assert settings.schedule is not None
    child = pulumi.ResourceOptions(parent=owner)
    role = aws.iam.Role(
        f"{name}-scheduler",
        name_prefix=physical_name(f"{base}-scheduler", ROLE_PREFIX) + "-",
        description=f"EventBridge Scheduler runs the task {name}, managed by stackyard",
        assume_role_policy=assume_role_policy("scheduler.amazonaws.com"),
        tags={**settings.tags, "Name": f"{name}-scheduler"},
        opts=child,
    )
    policy = aws.iam.RolePolicy(
        f"{name}-scheduler",
        role=role.id,
        policy=pulumi.Output.all(
            task_definition.arn_without_revision,
            args["cluster_arn"],
            roles.key_arn or "",
            *(r.arn for r in (roles.task_role, roles.execution_role)),
        ).apply(lambda v: _scheduler_policy(v[0], v[1], v[3:], v[2])),
        opts=child,
    )
    strategies: list[aws.scheduler.ScheduleTargetEcsParametersCapacityProviderStrategyArgsDict] = [
        {
            "capacity_provider": s["capacity_provider"],
            "base": s.get("base", 0),
            "weight": s.get("weight", 1),
        }
        for s in _capacity(settings.capacity)
    ]
    aws.scheduler.Schedule(
        f"{name}-schedule",
        name_prefix=physical_name(base, ROLE_PREFIX) + "-",
        description=f"Runs the task {name} at {settings.schedule} (UTC), managed by stackyard",
        schedule_expression=_aws_cron(settings.schedule),
        schedule_expression_timezone="UTC",
        flexible_time_window={"mode": "OFF"},
        # Disabled until a first image is pushed (`image_tag` "bootstrap"): each run would fail to pull it.
        state="DISABLED" if settings.bootstrap else None,  # None: the provider's default, ENABLED
        # The service's customer-managed key (`encrypt_logs`); adding it to an existing schedule is an
        # update in place (hashicorp/terraform-provider-aws internal/service/scheduler/schedule.go:
        # `kms_key_arn` is not ForceNew).
        kms_key_arn=roles.key_arn,
        target={
            "arn": args["cluster_arn"],
            "role_arn": role.arn,
            "ecs_parameters": {
                "task_definition_arn": task_definition.arn,
                "task_count": 1,
                "platform_version": "LATEST",
                "capacity_provider_strategies": strategies,
                "enable_execute_command": settings.enable_exec,
                "network_configuration": {
                    "subnets": args["subnet_ids"],
                    "security_groups": [security_group_id],
                    "assign_public_ip": False,
                },
            },
        },
        opts=pulumi.ResourceOptions(parent=owner, depends_on=[policy]),
    )
