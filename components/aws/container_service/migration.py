"""`migrate`: a `<physical_name>-migrate` task definition (this container, the migration as its command) and
the pulumi-command `local.Command` that runs it once per rollout, before the ECS service changes, and fails
unless it exits 0 (`components/migrate.sh`, runtime "ecs")."""

import pulumi

from ...migration import migration_command
from .image import TaskImage
from .network import TaskNetwork
from .settings import CONTAINER, MIGRATE_STREAM_PREFIX, ContainerServiceArgs, _capacity, _Settings
from .task import TaskRoles, task_definition


def migration(
    owner: pulumi.Resource,
    name: str,
    base: str,
    settings: _Settings,
    args: ContainerServiceArgs,
    image: TaskImage,
    roles: TaskRoles,
    network: TaskNetwork,
    region: pulumi.Output[str],
) -> pulumi.Resource:
    """The migration task definition, and the Command that runs it once per new migration task definition
    and fails unless its container exits 0."""
    migration_task = task_definition(
        owner, name, base, settings, args, image.reference, roles, region, settings.migrate
    )
    strategy = " ".join(
        ",".join(
            f"{key}={value}"
            for key, value in (
                ("capacityProvider", s["capacity_provider"]),
                ("base", s.get("base")),
                ("weight", s.get("weight")),
            )
            if value is not None
        )
        for s in _capacity(settings.capacity)
    )
    environment: dict[str, pulumi.Input[str]] = {
        "MIGRATE_RUNTIME": "ecs",
        "MIGRATE_SERVICE": name,
        "MIGRATE_TIMEOUT_SECONDS": str(settings.migrate_timeout_seconds),
        "ECS_REGION": region,
        "ECS_CLUSTER": args["cluster_arn"],
        "ECS_TASK_DEFINITION": migration_task.arn,
        "ECS_SUBNETS": pulumi.Output.from_input(args["subnet_ids"]).apply(",".join),
        "ECS_SECURITY_GROUPS": network.security_group_id,
        "ECS_CAPACITY_PROVIDER_STRATEGY": strategy,
        "ECS_CONTAINER": CONTAINER,
        "ECS_LOG_GROUP": roles.log_group.name,
        "ECS_LOG_STREAM_PREFIX": MIGRATE_STREAM_PREFIX,
    }
    # The task runs with the application's role (its bucket grants) and needs the security group's
    # egress rules to reach the database: the Command waits for them as the service does.
    return migration_command(
        name,
        environment,
        [migration_task.arn],
        pulumi.ResourceOptions(parent=owner, depends_on=[*roles.task_policies, *network.egress_rules]),
    )
