"""The Application Load Balancer itself: internet-facing, in the public subnets (or, with `internal`, internal
in the private subnets), behind its security group, invalid headers dropped, desync mitigation "defensive",
access logs to the bucket once it may write there."""

import pulumi
import pulumi_aws as aws

from ..bucket import Bucket
from ..naming import physical_name
from .settings import NAME_LIMIT, LoadBalancerArgs, _named, _Settings


def _balancer_name(base: str) -> str:
    """The load balancer's name: `base` (the physical name) made ALB-safe, at most 32 characters (it cannot
    begin with "internal-")."""
    physical = physical_name(base, NAME_LIMIT)
    return physical_name(f"lb-{base}", NAME_LIMIT) if physical.startswith("internal-") else physical


def application_load_balancer(
    owner: pulumi.Resource,
    name: str,
    balancer_name: str,
    settings: _Settings,
    args: LoadBalancerArgs,
    security_group: aws.ec2.SecurityGroup,
    log_bucket: Bucket | None,
) -> aws.lb.LoadBalancer:
    """The load balancer, named `balancer_name`, its access logs (if any) under that prefix."""
    return aws.lb.LoadBalancer(
        name,
        name=balancer_name,
        load_balancer_type="application",
        internal=settings.internal,
        ip_address_type=settings.ip_address_type,
        security_groups=[security_group.id],
        subnets=args["subnet_ids"],
        drop_invalid_header_fields=True,
        desync_mitigation_mode="defensive",
        enable_deletion_protection=settings.deletion_protection,
        idle_timeout=settings.idle_timeout,
        enable_http2=True,
        access_logs=(
            {"bucket": log_bucket.bucket_name, "prefix": balancer_name, "enabled": True}
            if log_bucket is not None
            else None
        ),
        tags=_named(settings.tags, name, ""),
        # Enabling access logs fails unless the bucket policy already lets ELB write.
        opts=pulumi.ResourceOptions(parent=owner, depends_on=[log_bucket] if log_bucket else []),
    )
