"""The site's WAF web ACL (`web_acl`): CLOUDFRONT scope, in us-east-1, with its request logs."""

import pulumi

from ..waf import acl_logging, web_acl
from .args import CLOUDFRONT_REGION


def site_web_acl(
    owner: pulumi.Resource,
    name: str,
    base: str,
    rate_limit: int,
    log_retention_days: int,
    tags: dict[str, str],
    log_key: pulumi.Input[str] | None,
) -> pulumi.Output[str]:
    """A CLOUDFRONT-scope WAF web ACL in us-east-1 (`components.aws.waf.web_acl`): allow by default, the
    AWS managed rule groups, then a per-IP rate limit; its requests logged to `aws-waf-logs-<base>-cdn`
    in us-east-1 (`components.aws.waf.acl_logging`). Returns its ARN."""
    acl = web_acl(
        owner,
        f"{name}-waf",
        physical=f"{base}-cdn",
        description=f"Firewall of the {name} site, managed by stackyard",
        scope="CLOUDFRONT",
        rate_limit=rate_limit,
        tags=tags,
        region=CLOUDFRONT_REGION,
    )
    acl_logging(
        owner,
        f"{name}-waf-logs",
        acl=acl,
        physical=f"{base}-cdn",
        retention_days=log_retention_days,
        tags=tags,
        region=CLOUDFRONT_REGION,
        kms_key_arn=log_key,
    )
    return acl.arn
