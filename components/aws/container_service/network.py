"""The tasks' security group: no ingress except from `allow_from` callers (the load balancer's group first)
on `port`; egress to HTTPS anywhere and to the VPC's range."""

from dataclasses import dataclass

import pulumi
import pulumi_aws as aws

from ..access import GroupAccess
from .settings import ContainerServiceArgs, _named, _Settings


@dataclass(frozen=True)
class TaskNetwork:
    """The security group of the tasks, who may reach them, and what they may reach."""

    security_group_id: pulumi.Output[str]
    access: GroupAccess
    """Adds the ingress rules of `allow_from`."""
    egress_rules: list[pulumi.Resource]
    """What a task that must reach the database (the migration) waits for."""


def task_network(
    owner: pulumi.Resource, name: str, settings: _Settings, args: ContainerServiceArgs
) -> TaskNetwork:
    """The security group and its two egress rules; ingress is added through `access`."""
    child = pulumi.ResourceOptions(parent=owner)
    security_group = aws.ec2.SecurityGroup(
        f"{name}-sg",
        vpc_id=args["vpc_id"],
        description=f"ECS tasks of {name}: ingress only from the load balancer and allowed groups",
        tags=_named(settings.tags, name, "sg"),
        opts=child,
    )
    protocol = f"HTTP on {settings.port}"
    access = GroupAccess(
        owner, "ContainerService", name, security_group.id, settings.port, protocol, settings.tags
    )
    vpc_cidr = args.get("vpc_cidr")
    if vpc_cidr is None:
        vpc_cidr = aws.ec2.get_vpc_output(
            id=args["vpc_id"], opts=pulumi.InvokeOptions(parent=owner)
        ).cidr_block
    https_out = aws.vpc.SecurityGroupEgressRule(
        f"{name}-to-https",
        security_group_id=security_group.id,
        cidr_ipv4="0.0.0.0/0",
        ip_protocol="tcp",
        from_port=443,
        to_port=443,
        description="HTTPS to AWS APIs (ECR, Secrets Manager, logs) and the internet, through NAT",
        tags=_named(settings.tags, name, "to-https"),
        opts=child,
    )
    vpc_out = aws.vpc.SecurityGroupEgressRule(
        f"{name}-to-vpc",
        security_group_id=security_group.id,
        cidr_ipv4=vpc_cidr,
        ip_protocol="tcp",
        from_port=0,
        to_port=65535,
        description="TCP to the VPC: databases, caches, peers and endpoints (their own groups decide)",
        tags=_named(settings.tags, name, "to-vpc"),
        opts=child,
    )
    return TaskNetwork(security_group.id, access, [https_out, vpc_out])
