"""Where the database lives: its DB subnet group and its security group, with no rules until `allow_from`
admits a security group."""

from dataclasses import dataclass

import pulumi
import pulumi_aws as aws

from ..access import GroupAccess
from ..naming import physical_name
from .settings import _named, _Settings


@dataclass(frozen=True)
class DatabaseNetwork:
    """The subnet group and security group of every in-region instance, and who may reach them."""

    subnet_group: aws.rds.SubnetGroup
    security_group: aws.ec2.SecurityGroup
    access: GroupAccess
    """Adds the ingress rules of `allow_from`."""


def database_network(owner: pulumi.Resource, name: str, base: str, settings: _Settings) -> DatabaseNetwork:
    """The subnet group of `subnet_ids` and the security group in `vpc_id`; ingress is added through
    `access`."""
    tags = settings.tags
    child = pulumi.ResourceOptions(parent=owner)
    subnet_group = aws.rds.SubnetGroup(
        f"{name}-db",
        name_prefix=physical_name(f"{base}-db", 200) + "-",
        description=f"Subnets of the {name} PostgreSQL database, managed by stackyard",
        subnet_ids=settings.subnet_ids,
        tags=_named(tags, name, "db"),
        opts=child,
    )
    security_group = aws.ec2.SecurityGroup(
        f"{name}-db",
        vpc_id=settings.vpc_id,
        description=f"{name} PostgreSQL database; ingress only through allow_from, managed by stackyard",
        tags=_named(tags, name, "db"),
        opts=child,
    )
    access = GroupAccess(owner, "ManagedPostgres", name, security_group.id, settings.port, "PostgreSQL", tags)
    return DatabaseNetwork(subnet_group, security_group, access)
