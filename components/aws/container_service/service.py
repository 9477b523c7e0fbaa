"""A long-running service: the ECS service on the cluster, with, behind a load balancer, its target groups
(two for blue/green, canary and linear deployments), listener rule and the role ECS moves traffic with; its
deployment strategy; and its Service Connect name."""

from dataclasses import dataclass

import pulumi
import pulumi_aws as aws

from ..iam import assume_role_policy
from ..naming import physical_name
from .settings import (
    CONTAINER,
    DEPLOYMENTS,
    DISCOVERY_LIMIT,
    FAMILY_LIMIT,
    LB_INFRASTRUCTURE_POLICY,
    PORT_NAME,
    ROLE_PREFIX,
    TARGET_GROUP_PREFIX,
    ContainerServiceArgs,
    ServiceConnect,
    ServiceLoadBalancer,
    _capacity,
    _Settings,
)


@dataclass(frozen=True)
class EcsService:
    """The ECS service and the target group its load balancer sends traffic to."""

    service: aws.ecs.Service
    target_group: aws.lb.TargetGroup | None
    """The (primary) target group; None without `load_balancer`."""


def ecs_service(
    owner: pulumi.Resource,
    name: str,
    base: str,
    settings: _Settings,
    args: ContainerServiceArgs,
    task_definition: aws.ecs.TaskDefinition,
    security_group_id: pulumi.Input[str],
    task_policies: list[pulumi.Resource],
) -> EcsService:
    """The service `<physical_name>` running `task_definition`, once `task_policies` (and the load
    balancer's rule and role) exist."""
    tags = settings.tags
    load_balancer = args.get("load_balancer")
    service_name = physical_name(base, FAMILY_LIMIT)
    strategy = DEPLOYMENTS[settings.deployment]

    load_balancers: list[aws.ecs.ServiceLoadBalancerArgsDict] = []
    waits_for: list[pulumi.Resource] = list(task_policies)
    primary: aws.lb.TargetGroup | None = None
    if load_balancer is not None and settings.port is not None:
        primary = _target_group(owner, f"{name}-tg", base, settings, args)
        alternate = (
            _target_group(owner, f"{name}-tg-alt", base, settings, args) if strategy != "ROLLING" else None
        )
        rule = _listener_rule(owner, name, settings, load_balancer, primary, alternate)
        waits_for.append(rule)  # ECS accepts only target groups that a load balancer uses
        entry: aws.ecs.ServiceLoadBalancerArgsDict = {
            "target_group_arn": primary.arn,
            "container_name": CONTAINER,
            "container_port": settings.port,
        }
        if alternate is not None:
            role, attachment = _load_balancer_role(owner, name, base, tags)
            waits_for.append(attachment)
            entry["advanced_configuration"] = {
                "alternate_target_group_arn": alternate.arn,
                "production_listener_rule": rule.arn,
                "role_arn": role.arn,
            }
        load_balancers.append(entry)

    service = aws.ecs.Service(
        f"{name}-service",
        name=service_name,
        cluster=args["cluster_arn"],
        task_definition=task_definition.arn,
        # Nothing to run before the first push (`image_tag` "bootstrap"): the service starts with no task,
        # and so reaches its steady state; deploying a real tag raises the scaling range, which starts them.
        desired_count=0 if settings.bootstrap else settings.desired_count,
        capacity_provider_strategies=_capacity(settings.capacity),
        platform_version="LATEST",
        network_configuration={
            "subnets": args["subnet_ids"],
            "security_groups": [security_group_id],
            "assign_public_ip": False,
        },
        load_balancers=load_balancers,
        health_check_grace_period_seconds=60 if load_balancers else None,
        deployment_circuit_breaker={"enable": True, "rollback": True},
        deployment_minimum_healthy_percent=100,
        deployment_maximum_percent=200,
        deployment_configuration=_deployment(settings, strategy),
        service_connect_configuration=_service_connect(name, settings, args.get("service_connect")),
        enable_execute_command=settings.enable_exec,
        enable_ecs_managed_tags=True,
        propagate_tags="SERVICE",
        wait_for_steady_state=False,
        tags={**tags, "Name": name},
        opts=pulumi.ResourceOptions(
            parent=owner,
            depends_on=waits_for,
            # Autoscaling owns the task count once the service exists.
            ignore_changes=["desired_count"],
        ),
    )
    return EcsService(service, primary)


def _target_group(
    owner: pulumi.Resource, logical: str, base: str, settings: _Settings, args: ContainerServiceArgs
) -> aws.lb.TargetGroup:
    """An IP target group on `port`, health-checked on the service's own path."""
    prefix = physical_name(base, 64)[: TARGET_GROUP_PREFIX - 1].rstrip("-") + "-"
    return aws.lb.TargetGroup(
        logical,
        # A name_prefix (the provider adds 26 characters: 32, the limit) lets a changed target group be
        # replaced create-before-delete.
        name_prefix=prefix,
        vpc_id=args["vpc_id"],
        target_type="ip",
        protocol="HTTP",
        port=settings.port,
        deregistration_delay=30,
        health_check={
            "enabled": True,
            "path": settings.health_path,
            "protocol": "HTTP",
            "port": "traffic-port",
            "matcher": "200-399",
            "healthy_threshold": 2,
            "unhealthy_threshold": 3,
            "interval": 15,
            "timeout": 5,
        },
        tags={**settings.tags, "Name": logical},
        opts=pulumi.ResourceOptions(parent=owner),
    )


def _listener_rule(
    owner: pulumi.Resource,
    name: str,
    settings: _Settings,
    load_balancer: ServiceLoadBalancer,
    primary: aws.lb.TargetGroup,
    alternate: aws.lb.TargetGroup | None,
) -> aws.lb.ListenerRule:
    """The listener rule that sends the service's hosts and paths to its target group. With blue/green,
    canary or linear deployments it forwards to both target groups (100/0) and ECS moves the weights,
    so Pulumi ignores its actions after creation."""
    conditions: list[aws.lb.ListenerRuleConditionArgsDict] = []
    hosts = list(load_balancer.get("hosts") or [])
    if hosts:
        conditions.append({"host_header": {"values": hosts}})
    conditions.append({"path_pattern": {"values": list(load_balancer.get("paths") or ["/*"])}})
    action: aws.lb.ListenerRuleActionArgsDict
    if alternate is None:
        action = {"type": "forward", "target_group_arn": primary.arn}
    else:
        action = {
            "type": "forward",
            "forward": {
                "target_groups": [
                    {"arn": primary.arn, "weight": 100},
                    {"arn": alternate.arn, "weight": 0},
                ]
            },
        }
    return aws.lb.ListenerRule(
        f"{name}-rule",
        listener_arn=load_balancer["listener_arn"],
        priority=load_balancer["priority"],
        conditions=conditions,
        actions=[action],
        tags={**settings.tags, "Name": f"{name}-rule"},
        opts=pulumi.ResourceOptions(
            parent=owner, ignore_changes=["actions"] if alternate is not None else None
        ),
    )


def _load_balancer_role(
    owner: pulumi.Resource, name: str, base: str, tags: dict[str, str]
) -> tuple[aws.iam.Role, aws.iam.RolePolicyAttachment]:
    """The role ECS assumes to move traffic between the two target groups during a deployment."""
    role = aws.iam.Role(
        f"{name}-ecs-lb",
        name_prefix=physical_name(f"{base}-ecs-lb", ROLE_PREFIX) + "-",
        description=f"ECS shifts load balancer traffic in deployments of {name}, managed by stackyard",
        assume_role_policy=assume_role_policy("ecs.amazonaws.com"),
        tags={**tags, "Name": f"{name}-ecs-lb"},
        opts=pulumi.ResourceOptions(parent=owner),
    )
    partition = aws.get_partition_output(opts=pulumi.InvokeOptions(parent=owner)).partition
    attachment = aws.iam.RolePolicyAttachment(
        f"{name}-ecs-lb",
        role=role.name,
        policy_arn=partition.apply(lambda p: f"arn:{p}:{LB_INFRASTRUCTURE_POLICY}"),
        opts=pulumi.ResourceOptions(parent=owner),
    )
    return role, attachment


def _deployment(settings: _Settings, strategy: str) -> aws.ecs.ServiceDeploymentConfigurationArgsDict:
    """The deployment strategy; blue/green, canary and linear watch each step for `bake_minutes`."""
    deployment: aws.ecs.ServiceDeploymentConfigurationArgsDict = {"strategy": strategy}
    if strategy != "ROLLING":
        deployment["bake_time_in_minutes"] = str(settings.bake_minutes)
    if strategy == "CANARY":
        deployment["canary_configuration"] = {
            "canary_percent": settings.canary_percent,
            "canary_bake_time_in_minutes": str(settings.bake_minutes),
        }
    if strategy == "LINEAR":
        deployment["linear_configuration"] = {
            "step_percent": settings.canary_percent,
            "step_bake_time_in_minutes": str(settings.bake_minutes),
        }
    return deployment


def _service_connect(
    name: str, settings: _Settings, service_connect: ServiceConnect | None
) -> aws.ecs.ServiceServiceConnectConfigurationArgsDict | None:
    """The Service Connect configuration: a service with a port is published under the component name."""
    if service_connect is None:
        return None
    connect: aws.ecs.ServiceServiceConnectConfigurationArgsDict = {
        "enabled": True,
        "namespace": service_connect["namespace_arn"],
    }
    if settings.port is not None:
        # The name other services call (`<name>:<port>`): the component name, in the stack's own
        # namespace, so it is the same in every stack.
        discovery = physical_name(name, DISCOVERY_LIMIT)
        connect["services"] = [
            {
                "port_name": PORT_NAME,
                "discovery_name": discovery,
                "client_alias": [{"port": settings.port, "dns_name": discovery}],
            }
        ]
    return connect
