"""The regional WAF web ACL (`web_acl`): the AWS managed rule groups and a per-IP rate limit, associated
with the load balancer, its requests logged to a log group (encrypted with a key of its own with
`encrypt_logs`)."""

import pulumi
import pulumi_aws as aws

from ..kms import log_encryption_key
from ..waf import acl_logging, web_acl
from ..waf import log_group_name as waf_log_group_name
from .settings import _Settings


def firewall(
    owner: pulumi.Resource, name: str, base: str, settings: _Settings, balancer: aws.lb.LoadBalancer
) -> aws.wafv2.WebAcl | None:
    """The web ACL, its association, the logs' key and the logging; None without `web_acl`."""
    if not settings.web_acl:
        return None
    tags = settings.tags
    acl = web_acl(
        owner,
        f"{name}-waf",
        physical=f"{base}-alb",
        description=f"Firewall of the {name} load balancer, managed by stackyard",
        scope="REGIONAL",
        rate_limit=settings.rate_limit,
        tags=tags,
    )
    aws.wafv2.WebAclAssociation(
        f"{name}-waf",
        resource_arn=balancer.arn,
        web_acl_arn=acl.arn,
        opts=pulumi.ResourceOptions(parent=owner),
    )
    log_key = (
        log_encryption_key(
            f"{name}-alb-logs",
            f"Web ACL logs of the {name} load balancer",
            owner,
            tags,
            [waf_log_group_name(f"{base}-alb")],
            alias=f"{base}-alb-logs",
            delivery=True,
        ).arn
        if settings.encrypt_logs
        else None
    )
    acl_logging(
        owner,
        f"{name}-waf-logs",
        acl=acl,
        physical=f"{base}-alb",
        retention_days=settings.waf_log_retention_days,
        tags=tags,
        kms_key_arn=log_key,
    )
    return acl
