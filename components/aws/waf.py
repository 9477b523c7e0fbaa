"""AWS WAF web ACLs shared by `CdnSite` (CLOUDFRONT scope, in us-east-1) and `LoadBalancer` (REGIONAL scope,
associated with the Application Load Balancer): the AWS managed rule groups and a per-IP rate limit, and the
logging configuration every web ACL gets.

Facts the mocks do not check (sources):

- A web ACL's managed rule groups: AWSManagedRulesCommonRuleSet (OWASP-style core rules),
  AWSManagedRulesKnownBadInputsRuleSet (Log4j/Log4Shell and other known-bad request patterns) and
  AWSManagedRulesAmazonIpReputationList (AWS WAF Developer Guide, "AWS Managed Rules rule groups list").
- A rate-based rule counts requests per IP over `evaluation_window_sec` (60, 120, 300 or 600 seconds) and
  blocks above `limit` (10 to 2,000,000,000) (AWS WAF Developer Guide, "Rate-based rule statement").
- `aws.wafv2.WebAclAssociation`'s `resource_arn` and `web_acl_arn` are both ForceNew
  (hashicorp/terraform-provider-aws internal/service/wafv2/web_acl_association.go): moving an association
  replaces it, which detaches the ACL for a moment. A REGIONAL web ACL may be associated with an ALB in its
  own region only; CloudFront takes a CLOUDFRONT-scope ACL through the distribution's `web_acl_id`.
- Logging: a web ACL has one logging configuration; a CloudWatch Logs destination is a log group whose name
  starts with `aws-waf-logs-`, in the web ACL's region (us-east-1 for CloudFront); AWS WAF adds the log
  group's resource policy itself on PutLoggingConfiguration (AWS WAF API Reference, "LoggingConfiguration";
  Amazon CloudWatch Logs User Guide, "Logs sent to CloudWatch Logs"). `log_destination_configs` and
  `resource_arn` are ForceNew, `redacted_fields` updates in place
  (internal/service/wafv2/web_acl_logging_configuration.go); a redacted `single_header` name is matched in
  lower case (the API returns it so).
"""

from __future__ import annotations

import pulumi
import pulumi_aws as aws

from ..bounds import Between
from .naming import physical_name

MANAGED_RULE_GROUPS = (
    "AWSManagedRulesAmazonIpReputationList",
    "AWSManagedRulesCommonRuleSet",
    "AWSManagedRulesKnownBadInputsRuleSet",
)
MIN_RATE_LIMIT, MAX_RATE_LIMIT = 10, 2_000_000_000  # rate-based rules, requests per evaluation window
# The bound of a component's `rate_limit` argument (`components.bounds`).
RATE_LIMIT = Between(
    MIN_RATE_LIMIT,
    MAX_RATE_LIMIT,
    what=f"a whole number of requests per 5 minutes from {MIN_RATE_LIMIT} to {MAX_RATE_LIMIT:,}",
)
RATE_WINDOW_SECONDS = 300
RATE_RULE = "rate-limit-per-ip"
WEB_ACL_NAME_LIMIT = 128
METRIC_NAME_LIMIT = 255
# CloudWatch Logs destinations of AWS WAF logs must be named so.
LOG_GROUP_PREFIX = "aws-waf-logs-"
LOG_GROUP_NAME_LIMIT = 512
# Request headers kept out of the logs: credentials and session cookies (lower case, as WAF matches them).
REDACTED_HEADERS = ("authorization", "cookie")


def check_rate_limit(component: str, value: object) -> int:
    """`value` if it can be a rate-based rule's limit: a whole number of requests per 5 minutes from
    `MIN_RATE_LIMIT` to `MAX_RATE_LIMIT` (the WAFv2 API's bounds)."""
    if isinstance(value, int) and not isinstance(value, bool) and MIN_RATE_LIMIT <= value <= MAX_RATE_LIMIT:
        return value
    raise ValueError(
        f"{component} rate_limit {value!r} is not allowed; use a whole number of requests per 5 minutes "
        f"from {MIN_RATE_LIMIT} to {MAX_RATE_LIMIT:,}"
    )


def web_acl(
    parent: pulumi.Resource,
    logical: str,
    *,
    physical: str,
    description: str,
    scope: str,
    rate_limit: int,
    tags: dict[str, str],
    region: str | None = None,
) -> aws.wafv2.WebAcl:
    """A web ACL named `physical` (made WAF-safe): allow by default, the AWS managed rule groups (their own
    actions, no override), then a per-IP rate limit of `rate_limit` requests in 5 minutes that blocks;
    CloudWatch metrics and sampled requests on for the ACL and every rule. `region` places it through the
    resource's own `region` argument (CLOUDFRONT scope lives in us-east-1)."""
    acl_name = physical_name(physical, WEB_ACL_NAME_LIMIT)

    def visibility(metric: str) -> aws.wafv2.WebAclRuleVisibilityConfigArgsDict:
        return {
            "cloudwatch_metrics_enabled": True,
            "metric_name": physical_name(f"{acl_name}-{metric}", METRIC_NAME_LIMIT),
            "sampled_requests_enabled": True,
        }

    rules: list[aws.wafv2.WebAclRuleArgsDict] = [
        {
            "name": group,
            "priority": priority,
            "override_action": {"none": {}},
            "statement": {"managed_rule_group_statement": {"vendor_name": "AWS", "name": group}},
            "visibility_config": visibility(group),
        }
        for priority, group in enumerate(MANAGED_RULE_GROUPS)
    ]
    rules.append(
        {
            "name": RATE_RULE,
            "priority": len(MANAGED_RULE_GROUPS),
            "action": {"block": {}},
            "statement": {
                "rate_based_statement": {
                    "limit": rate_limit,
                    "aggregate_key_type": "IP",
                    "evaluation_window_sec": RATE_WINDOW_SECONDS,
                }
            },
            "visibility_config": visibility(RATE_RULE),
        }
    )
    return aws.wafv2.WebAcl(
        logical,
        name=acl_name,
        description=description,
        scope=scope,
        region=region,
        default_action={"allow": {}},
        rules=rules,
        visibility_config={
            "cloudwatch_metrics_enabled": True,
            "metric_name": acl_name,
            "sampled_requests_enabled": True,
        },
        tags={**tags, "Name": logical},
        opts=pulumi.ResourceOptions(parent=parent),
    )


def log_group_name(physical: str) -> str:
    """The name of a web ACL's log group: `aws-waf-logs-<physical>`, shortened with a hash if too long."""
    return LOG_GROUP_PREFIX + physical_name(physical, LOG_GROUP_NAME_LIMIT - len(LOG_GROUP_PREFIX))


def acl_logging(
    parent: pulumi.Resource,
    logical: str,
    *,
    acl: aws.wafv2.WebAcl,
    physical: str,
    retention_days: int,
    tags: dict[str, str],
    region: str | None = None,
    kms_key_arn: pulumi.Input[str] | None = None,
) -> aws.cloudwatch.LogGroup:
    """Log every request the web ACL `acl` inspects to the log group `aws-waf-logs-<physical>` (in `region`,
    the ACL's), kept `retention_days` and encrypted with `kms_key_arn` when given, with the `authorization`
    and `cookie` headers redacted. Returns the log group."""
    group = aws.cloudwatch.LogGroup(
        logical,
        name=log_group_name(physical),
        retention_in_days=retention_days,
        kms_key_id=kms_key_arn,
        region=region,
        tags={**tags, "Name": logical},
        opts=pulumi.ResourceOptions(parent=parent),
    )
    aws.wafv2.WebAclLoggingConfiguration(
        logical,
        resource_arn=acl.arn,
        log_destination_configs=[group.arn],
        redacted_fields=[{"single_header": {"name": header}} for header in REDACTED_HEADERS],
        region=region,
        opts=pulumi.ResourceOptions(parent=parent),
    )
    return group
