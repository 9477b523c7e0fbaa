"""Where the cache lives: its ElastiCache subnet group, and its security group with no ingress until
`allow_from` admits a security group."""

from dataclasses import dataclass

import pulumi
import pulumi_aws as aws

from ..access import GroupAccess
from ..naming import physical_name
from .settings import GROUP_NAME_LIMIT, PORT, _named, _Settings


def subnet_group(owner: pulumi.Resource, name: str, settings: _Settings) -> aws.elasticache.SubnetGroup:
    """The subnet group of `subnet_ids` (named `<physical_name>-redis`)."""
    return aws.elasticache.SubnetGroup(
        f"{name}-subnets",
        name=physical_name(f"{settings.base}-redis", GROUP_NAME_LIMIT),
        description=f"{settings.label} cache {name}, managed by stackyard",
        subnet_ids=settings.subnet_ids,
        tags=_named(settings.tags, name, "subnets"),
        opts=pulumi.ResourceOptions(parent=owner),
    )


@dataclass(frozen=True)
class CacheSecurityGroup:
    """The cache's security group, and who may reach it."""

    security_group: aws.ec2.SecurityGroup
    access: GroupAccess
    """Adds the ingress rules of `allow_from`."""


def cache_security_group(owner: pulumi.Resource, name: str, settings: _Settings) -> CacheSecurityGroup:
    """The security group in `vpc_id`; ingress on the cache port is added through `access`."""
    label = settings.label
    security_group = aws.ec2.SecurityGroup(
        f"{name}-sg",
        vpc_id=settings.vpc_id,
        description=f"{label} cache {name}: ingress only from allowed security groups",
        tags=_named(settings.tags, name, "sg"),
        opts=pulumi.ResourceOptions(parent=owner),
    )
    access = GroupAccess(owner, "RedisCache", name, security_group.id, PORT, f"{label} (TLS)", settings.tags)
    return CacheSecurityGroup(security_group, access)
