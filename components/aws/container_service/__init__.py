"""`ContainerService`: an ECS-on-Fargate web service, worker or scheduled job in private subnets, with its
own security group, least-privilege roles, logs, autoscaling, an optional load balancer route and safe
deployments.

The component reads as its steps, one module each: `settings` (the arguments, checked and settled; their
declarations are in `arguments`, the checks of single arguments in `checks`), `image`, `task` (log group,
roles, task definition and container), `network` (the security group), then either `schedule` (a
scheduled job) or `migration`, `service` (the ECS service, its load balancer route and Service Connect)
and `scaling`. `policies` writes the JSON documents, `cron` the schedule expression."""

import pulumi
import pulumi_aws as aws

from ...checks import refuse_unknown_keys
from ..naming import physical_base
from .cron import _aws_cron as _aws_cron  # the tests call these helpers directly
from .image import container_image
from .migration import migration
from .network import task_network
from .policies import _execution_policy as _execution_policy
from .scaling import autoscaling
from .schedule import scheduled_job
from .service import ecs_service
from .settings import (
    ARCHITECTURES,
    BOOTSTRAP_TAG,
    CAPACITIES,
    CONTAINER,
    DEPLOYMENTS,
    DISCOVERY_LIMIT,
    ECR_PULL_ACTIONS,
    EXEC_ACTIONS,
    FAMILY_LIMIT,
    HEALTH_CHECK_FORMS,
    HEALTH_CHECK_TIMINGS,
    KEEP_IMAGES,
    LB_INFRASTRUCTURE_POLICY,
    LOG_GROUP_PREFIX,
    MAX_BAKE_MINUTES,
    MAX_RULE_PRIORITY,
    MAX_RULE_VALUES,
    MAX_TARGET_PERCENT,
    MAX_TASKS,
    MIGRATE_STREAM_PREFIX,
    MIN_CANARY_PERCENT,
    MIN_LINEAR_PERCENT,
    MIN_TARGET_PERCENT,
    PORT_NAME,
    REPOSITORY_LIMIT,
    ROLE_PREFIX,
    TARGET_GROUP_PREFIX,
    UNTAGGED_IMAGE_DAYS,
    ContainerHealthCheckTimings,
    ContainerServiceArgs,
    ServiceConnect,
    ServiceLoadBalancer,
    _check_args,
    _check_limitations,
)
from .task import logs_and_roles, task_definition

__all__ = [
    "ARCHITECTURES",
    "BOOTSTRAP_TAG",
    "CAPACITIES",
    "CONTAINER",
    "DEPLOYMENTS",
    "DISCOVERY_LIMIT",
    "ECR_PULL_ACTIONS",
    "EXEC_ACTIONS",
    "FAMILY_LIMIT",
    "HEALTH_CHECK_FORMS",
    "HEALTH_CHECK_TIMINGS",
    "KEEP_IMAGES",
    "LB_INFRASTRUCTURE_POLICY",
    "LOG_GROUP_PREFIX",
    "MAX_BAKE_MINUTES",
    "MAX_RULE_PRIORITY",
    "MAX_RULE_VALUES",
    "MAX_TARGET_PERCENT",
    "MAX_TASKS",
    "MIGRATE_STREAM_PREFIX",
    "MIN_CANARY_PERCENT",
    "MIN_LINEAR_PERCENT",
    "MIN_TARGET_PERCENT",
    "PORT_NAME",
    "REPOSITORY_LIMIT",
    "ROLE_PREFIX",
    "TARGET_GROUP_PREFIX",
    "UNTAGGED_IMAGE_DAYS",
    "ContainerHealthCheckTimings",
    "ContainerService",
    "ContainerServiceArgs",
    "ServiceConnect",
    "ServiceLoadBalancer",
]


class ContainerService(pulumi.ComponentResource):
    """A container on ECS Fargate: a web service (with `port`), a worker (without) or a scheduled job.

    Secure by default: tasks in the private subnets given, never with a public IP; their own security group,
    with no ingress except from the load balancer's security group on `port` (and `allow_from` callers),
    and egress only to HTTPS anywhere and to the VPC's range; a read-only root filesystem with a writable
    /tmp; an init process; secrets passed by reference (ARNs only, never values, never in `environment`);
    an execution role that can pull only its own image, write only its own log group and read only the
    secrets given (`ecr:GetAuthorizationToken` is the one action on "*": it has no resource); a separate
    task role with only the application's own statements; logs kept `log_retention_days`.

    A service deploys safely: the deployment circuit breaker rolls a failing version back, at least 100%
    of the tasks stay healthy during a rolling update, blue/green, canary and linear deployments shift the
    load balancer's traffic between two target groups. Autoscaling tracks CPU (and optionally memory and
    requests per task) between `min_count` and `max_count`; it owns the task count, so `desired_count`
    only applies at creation. The health check uses the service's own `health_path`, never "/".

    With `schedule`, EventBridge Scheduler runs the task on the cluster instead, through a role that may
    only run this task definition family on that cluster and pass its two roles to ECS.

    With `migrate`, each rollout first runs the migration as a one-off task of a `<physical_name>-migrate`
    task definition (this container, the migration as its command) and the ECS service changes only once
    it has exited 0. Pulumi has no resource that runs a task and waits for it, so a pulumi-command
    `local.Command` does, with the AWS CLI on the machine that runs `pulumi up` (`components/migrate.sh`);
    a preview runs nothing. See `migrate` for what it needs and its limits.

    Until a first image is pushed (`image_tag` "bootstrap", the default with the created repository) the
    first `pulumi up` converges without one: the service has no task and a scaling range of 0 to 0, a
    schedule is disabled and no migration is created; deploying a real tag gives the normal shape.

    Example:

        from stackyard.aws import Vpc

        net = Vpc("shop", {"nat": "single"})
        cluster = aws.ecs.Cluster("shop", settings=[{"name": "containerInsights", "value": "enabled"}])
        aws.ecs.ClusterCapacityProviders(
            "shop", cluster_name=cluster.name, capacity_providers=["FARGATE", "FARGATE_SPOT"]
        )
        db_password = "arn:aws:secretsmanager:us-east-1:123456789012:secret:shop-db-AbCdEf:password::"
        api = ContainerService(
            "shop-api",
            {
                "cluster_arn": cluster.arn,
                "cluster_name": cluster.name,
                **net.private,
                "vpc_cidr": net.cidr_block,
                "port": 8000,
                "cpu": 1,
                "memory_gb": 2,
                "environment": {"LOG_LEVEL": "info"},
                "secrets": {"DATABASE_PASSWORD": db_password},
                "max_count": 6,
            },
        )
        ContainerService(
            "shop-nightly",
            {
                "cluster_arn": cluster.arn,
                "cluster_name": cluster.name,
                **net.private,
                "vpc_cidr": net.cidr_block,
                "command": ["python", "-m", "shop.reports"],
                "schedule": "30 2 * * 1-5",
                "capacity": "FARGATE_SPOT",
            },
        )
        pulumi.export("apiRepository", api.repository_url)
        pulumi.export("apiSecurityGroup", api.security_group_id)
    """

    service_name: pulumi.Output[str]
    """The ECS service's name (`physical_name`, made safe); "" for a scheduled job."""
    security_group_id: pulumi.Output[str]
    """The tasks' security group; `allow_from` adds ingress rules to it, and a database's or cache's
    `allow_from` takes it."""
    task_role_arn: pulumi.Output[str]
    """The role the application runs as (`task_role_statements`, `task_role_policies`)."""
    execution_role_arn: pulumi.Output[str]
    """The role ECS uses to pull the image, write logs and read `secrets`."""
    task_definition_arn: pulumi.Output[str]
    """The current task definition revision."""
    repository_url: pulumi.Output[str]
    """The created ECR repository's URL (push images here); "" with `image`."""
    log_group_name: pulumi.Output[str]
    """The CloudWatch log group of the container's output."""
    target_group_arn: pulumi.Output[str]
    """The (primary) target group's ARN; "" without `load_balancer`."""
    target_group_arn_suffix: pulumi.Output[str]
    """The (primary) target group's ARN suffix, for CloudWatch metrics and alarms; "" without
    `load_balancer`."""

    def __init__(
        self, name: str, args: ContainerServiceArgs, opts: pulumi.ResourceOptions | None = None
    ) -> None:
        refuse_unknown_keys(ContainerService, ContainerServiceArgs, name, args, opts)
        settings = _check_args(args)
        base = physical_base("ContainerService", name, args.get("physical_name"))
        _check_limitations(settings, args.get("load_balancer"))
        super().__init__("stackyard-aws:index:ContainerService", name, None, opts)
        self._name = name
        self._base = base

        image = container_image(self, name, base, settings)
        roles = logs_and_roles(self, name, base, settings, args, image.pull_arn)
        network = task_network(self, name, settings, args)
        self.security_group_id = network.security_group_id
        self._access = network.access
        self._egress_rules = network.egress_rules
        load_balancer = args.get("load_balancer")
        if load_balancer is not None:
            self.allow_from("load-balancer", load_balancer["security_group_id"])
        region = aws.get_region_output(opts=pulumi.InvokeOptions(parent=self)).region
        task = task_definition(self, name, base, settings, args, image.reference, roles, region)

        self.task_role_arn = roles.task_role.arn
        self.execution_role_arn = roles.execution_role.arn
        self.task_definition_arn = task.arn
        self.repository_url = image.repository_url
        self.log_group_name = roles.log_group.name
        self.target_group_arn = pulumi.Output.from_input("")
        self.target_group_arn_suffix = pulumi.Output.from_input("")
        self.service_name = pulumi.Output.from_input("")
        self.migration: pulumi.Resource | None = None
        """The `local.Command` that runs `migrate` (other workloads of the app may wait for it); None
        without `migrate` or while `image_tag` is "bootstrap"."""

        if settings.schedule is not None:
            scheduled_job(self, name, base, settings, args, task, roles, network.security_group_id)
        else:
            waits_for = list(roles.task_policies)
            if settings.migrate is not None and not settings.bootstrap:  # nothing pushed: nothing to run
                self.migration = migration(self, name, base, settings, args, image, roles, network, region)
                waits_for.append(self.migration)
            service = ecs_service(
                self, name, base, settings, args, task, network.security_group_id, waits_for
            )
            self.service_name = service.service.name
            if service.target_group is not None:
                self.target_group_arn = service.target_group.arn
                self.target_group_arn_suffix = service.target_group.arn_suffix
            autoscaling(self, name, base, settings, args, service)

        self.register_outputs(
            {
                "service_name": self.service_name,
                "security_group_id": self.security_group_id,
                "task_role_arn": self.task_role_arn,
                "execution_role_arn": self.execution_role_arn,
                "task_definition_arn": self.task_definition_arn,
                "repository_url": self.repository_url,
                "log_group_name": self.log_group_name,
                "target_group_arn": self.target_group_arn,
                "target_group_arn_suffix": self.target_group_arn_suffix,
            }
        )

    def allow_from(self, name: str, security_group_id: pulumi.Input[str]) -> None:
        """Let the security group `security_group_id` (e.g. a Service Connect peer's) reach the tasks on
        `port`. `name` (e.g. "web") names the rule and must be unique per service."""
        self._access.allow(name, security_group_id)
