"""`CdnSite`: a static site in a private S3 bucket served by CloudFront through origin access control, with
HTTPS (an ACM certificate and Route 53 records for a custom domain), security headers, optional SPA
fallback, an optional API origin, an optional WAF web ACL and standard logging (v2) to CloudWatch Logs."""

import json
import re
from typing import Any, Required, TypedDict

import pulumi
import pulumi_aws as aws

from ..limits import check_retention
from .bucket import Bucket, BucketArgs
from .certificate import dns_validated_certificate, zone_name
from .naming import physical_base, physical_name, physical_part

# CloudFront is a global service: its certificates, WAF web ACLs and standard logs (v2) live in us-east-1.
CLOUDFRONT_REGION = "us-east-1"
# The Route 53 hosted zone of every CloudFront distribution, the target zone of alias records.
CLOUDFRONT_ZONE_ID = "Z2FDTNDATAQYW2"
PRICE_CLASSES = ("PriceClass_100", "PriceClass_200", "PriceClass_All")
MIN_RATE_LIMIT, MAX_RATE_LIMIT = 10, 2_000_000_000  # WAF rate-based rules, requests per evaluation window
RATE_WINDOW_SECONDS = 300
MANAGED_RULE_GROUPS = (
    "AWSManagedRulesAmazonIpReputationList",
    "AWSManagedRulesCommonRuleSet",
    "AWSManagedRulesKnownBadInputsRuleSet",
)
CACHING_OPTIMIZED = "Managed-CachingOptimized"
CACHING_DISABLED = "Managed-CachingDisabled"
ALL_VIEWER_EXCEPT_HOST_HEADER = "Managed-AllViewerExceptHostHeader"
ALL_METHODS = ["GET", "HEAD", "OPTIONS", "PUT", "POST", "PATCH", "DELETE"]
HSTS_MAX_AGE = 63072000  # two years, the minimum the HSTS preload list accepts is one
# Name limits AWS enforces and the mocks do not check.
OAC_NAME_LIMIT = 64
POLICY_NAME_LIMIT = 128  # CloudFront response headers policies
WEB_ACL_NAME_LIMIT = 128
METRIC_NAME_LIMIT = 255
LOG_DELIVERY_NAME_LIMIT = 60  # CloudWatch Logs delivery sources and destinations
LOG_GROUP_PREFIX = "/aws/vendedlogs/cloudfront/"

_HOSTNAME = re.compile(r"^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$")
_ZONE_ID = re.compile(r"^[A-Z0-9]{2,32}$")
_ROOT_OBJECT = re.compile(r"^[A-Za-z0-9._~-][A-Za-z0-9._~/-]{0,254}$")
_PATH_PATTERN = re.compile(r"^/[A-Za-z0-9_.*$/~\"'@:+&-]{1,254}$")


class ApiOrigin(TypedDict, total=False):
    """A second origin for an API behind the same distribution (e.g. a ContainerService's load balancer)."""

    domain_name: Required[pulumi.Input[str]]
    """The API's HTTPS host name, with a certificate valid for it, e.g. "api.shop.example.com" (not the
    load balancer's *.elb.amazonaws.com name, which its certificate does not cover). Required."""
    path_pattern: str
    """The paths CloudFront sends to the API, uncached, e.g. "/api/*". Default "/api/*"."""


class CdnSiteArgs(TypedDict, total=False):
    domain: str | None
    """The site's DNS name, e.g. "shop.example.com": an ACM certificate for it (in us-east-1, DNS-validated),
    and Route 53 alias A and AAAA records to the distribution. Default None: the site is served on the
    distribution's *.cloudfront.net name."""
    hosted_zone_id: pulumi.Input[str] | None
    """The public Route 53 hosted zone that holds `domain` (its validation and alias records go there).
    Used only with `domain`. Default None: the public zone of the domain's registrable parent, looked up
    ("example.com" for "shop.example.com"), the same zone the LoadBalancer looks up; pass the id of a
    delegated sub-zone explicitly."""
    spa: bool
    """Single-page app: answer 403 and 404 from the bucket with `/<default_root_object>` and status 200, so
    client-side routes (/orders/42) load the app. These error responses apply to the whole distribution,
    the API origin's 403 and 404 included. Default False."""
    default_root_object: str
    """The object served for "/", e.g. "index.html". Default "index.html"."""
    price_class: str
    """Which edge locations serve the site: "PriceClass_100" (North America and Europe, the cheapest),
    "PriceClass_200" (plus most of Asia, the Middle East and Africa) or "PriceClass_All". Default
    "PriceClass_100"."""
    api_origin: ApiOrigin | None
    """An API served under the same host name: requests matching its `path_pattern` go to its domain over
    HTTPS only (TLSv1.2), uncached, with all methods, every viewer header but Host, cookies and query
    strings. Default None: the bucket is the only origin."""
    web_acl: bool
    """Attach a WAF web ACL (in us-east-1, CLOUDFRONT scope): AWS managed rule groups
    AWSManagedRulesAmazonIpReputationList, AWSManagedRulesCommonRuleSet and
    AWSManagedRulesKnownBadInputsRuleSet, and a per-IP rate limit (`rate_limit`), with CloudWatch metrics and
    sampled requests. About $5 a month plus $1 per rule and $0.60 per million requests. The common rule set
    blocks request bodies over 8 KB (SizeRestrictions_BODY), API uploads included. Default False."""
    rate_limit: int
    """Requests one IP may make in 5 minutes before the web ACL blocks it, 10 to 2,000,000,000. Used only
    with `web_acl`. Default 2000."""
    logging: bool
    """Standard logging (v2) of every viewer request, as JSON, to a CloudWatch Logs log group in us-east-1
    with a retention (`log_retention_days`). Default True."""
    log_retention_days: int
    """Days the access logs are kept, one of CloudWatch's values (1, 3, 5, 7, 14, 30, 60, 90, ..., 3653).
    Used only with `logging`. Default 90."""
    tags: dict[str, str]
    """Tags added to every taggable resource, plus Name. Default {}."""
    physical_name: str
    """The base of the physical names of this component's cloud resources (the site bucket
    `<physical_name>-site-…`, the origin access control, the response headers policy, the web ACL
    `<physical_name>-cdn`, the log delivery and log group). Default: the component's name. Give each stack
    its own (e.g. "shop-staging") so that two stacks in one account never collide, while the logical names,
    and so the URNs, stay the same. 1-63 lowercase letters, digits and hyphens, starting with a letter."""


class CdnSite(pulumi.ComponentResource):
    """A static site: a private S3 bucket behind a CloudFront distribution.

    The bucket (a `Bucket`: public access blocked, ACLs off, SSE-S3, versioned, TLS-only) is readable only
    by this distribution: its policy lets `cloudfront.amazonaws.com` `s3:GetObject` on the objects with the
    condition `AWS:SourceArn` = the distribution's ARN, and CloudFront signs its requests with an origin
    access control (SigV4, always; no legacy origin access identity). The distribution redirects HTTP to
    HTTPS on every behaviour, compresses, speaks HTTP/2 and HTTP/3 and IPv6, caches with the managed
    CachingOptimized policy and adds security headers to every response: HSTS (two years, subdomains,
    preload), X-Content-Type-Options nosniff, X-Frame-Options DENY, Referrer-Policy
    strict-origin-when-cross-origin and X-XSS-Protection.

    With a `domain`, an ACM certificate is created in us-east-1 (by the resources' `region` argument, no
    extra provider) and validated through DNS records in Route 53; the distribution serves it with SNI and
    the `TLSv1.2_2021` security policy, and alias A and AAAA records point the domain at it. Without a
    domain, the site uses CloudFront's default *.cloudfront.net certificate, whose minimum protocol
    CloudFront keeps at TLSv1 and which cannot be raised (scanners flag it: CKV_AWS_174, AwsSolutions-CFR4);
    give a domain for production.

    Access logs: CloudFront standard logs (legacy) need ACLs on their bucket (ObjectWriter ownership), which
    `Bucket` forbids, so this component uses standard logging (v2): a CloudWatch Logs delivery source, a
    delivery destination and a delivery, all in us-east-1, into the log group
    `/aws/vendedlogs/cloudfront/<physical_name>-…` with a retention. Query it with CloudWatch Logs Insights.

    Deploying the site (in CI, with the outputs `bucket_name` and `distribution_id` and a role holding
    `grant_deploy()`):

        aws s3 sync dist/ s3://$BUCKET --delete
        aws cloudfront create-invalidation --distribution-id $ID --paths '/*'

    Example:

        site = CdnSite(
            "shop",
            {
                "domain": "shop.example.com",
                "spa": True,
                "api_origin": {"domain_name": "api.shop.example.com"},
                "web_acl": True,
            },
        )
        pulumi.export("siteUrl", site.url)
        pulumi.export("siteBucket", site.bucket_name)
        pulumi.export("siteDistributionId", site.distribution_id)
    """

    bucket_name: pulumi.Output[str]
    """The name of the bucket to upload the site to (at most 63 characters)."""
    bucket_arn: pulumi.Output[str]
    """The ARN of the site's bucket."""
    distribution_id: pulumi.Output[str]
    """The CloudFront distribution id, e.g. for `aws cloudfront create-invalidation`."""
    distribution_arn: pulumi.Output[str]
    """The CloudFront distribution ARN."""
    domain_name: pulumi.Output[str]
    """The distribution's own host name, "<id>.cloudfront.net"."""
    url: pulumi.Output[str]
    """Where the site is served: "https://<domain>", or "https://<id>.cloudfront.net" without a domain."""

    def __init__(self, name: str, args: CdnSiteArgs, opts: pulumi.ResourceOptions | None = None) -> None:
        _check_args(args)
        base = physical_base("CdnSite", name, args.get("physical_name"))
        domain = args.get("domain")
        spa = args.get("spa", False)
        root_object = args.get("default_root_object", "index.html")
        api_origin = args.get("api_origin")
        web_acl = args.get("web_acl", False)
        logging = args.get("logging", True)
        tags = dict(args.get("tags") or {})
        super().__init__("stackyard-aws:index:CdnSite", name, None, opts)
        child = pulumi.ResourceOptions(parent=self)

        def named(suffix: str) -> dict[str, str]:
            return {**tags, "Name": f"{name}-{suffix}"}

        # The bucket policy names the distribution, and the distribution needs the bucket: the statement is
        # a deferred output, resolved once the distribution exists (the policy is then created after it).
        read_statement, resolve_read_statement = pulumi.deferred_output()
        bucket_args: BucketArgs = {
            # SSE-KMS would need CloudFront in the key policy; the content is the public site anyway.
            "encryption": "AES256",
            "versioning": True,
            "protect": False,  # build output: deploy it again
            "policy_statements": [read_statement],
            "tags": tags,
        }
        if base != name:
            bucket_args["physical_name"] = physical_part(base, "site")
        bucket = Bucket(f"{name}-site", bucket_args, opts=child)

        access_control = aws.cloudfront.OriginAccessControl(
            f"{name}-oac",
            name=physical_name(f"{base}-site", OAC_NAME_LIMIT),
            description=f"CloudFront access to the {name} site bucket, managed by stackyard",
            origin_access_control_origin_type="s3",
            signing_behavior="always",
            signing_protocol="sigv4",
            opts=child,
        )
        headers = aws.cloudfront.ResponseHeadersPolicy(
            f"{name}-security-headers",
            name=physical_name(f"{base}-security-headers", POLICY_NAME_LIMIT),
            comment=f"Security headers of the {name} site, managed by stackyard",
            security_headers_config={
                "strict_transport_security": {
                    "access_control_max_age_sec": HSTS_MAX_AGE,
                    "include_subdomains": True,
                    "preload": True,
                    "override": True,
                },
                "content_type_options": {"override": True},
                "frame_options": {"frame_option": "DENY", "override": True},
                "referrer_policy": {"referrer_policy": "strict-origin-when-cross-origin", "override": True},
                "xss_protection": {"protection": True, "mode_block": True, "override": True},
            },
            opts=child,
        )

        s3_origin_id, api_origin_id = "s3", "api"
        origins: list[aws.cloudfront.DistributionOriginArgsDict] = [
            {
                "origin_id": s3_origin_id,
                "domain_name": bucket.regional_domain_name,
                "origin_access_control_id": access_control.id,
            }
        ]
        ordered: list[aws.cloudfront.DistributionOrderedCacheBehaviorArgsDict] = []
        if api_origin is not None:
            origins.append(
                {
                    "origin_id": api_origin_id,
                    "domain_name": api_origin["domain_name"],
                    "custom_origin_config": {
                        "http_port": 80,
                        "https_port": 443,
                        "origin_protocol_policy": "https-only",
                        "origin_ssl_protocols": ["TLSv1.2"],
                    },
                }
            )
            ordered.append(
                {
                    "path_pattern": api_origin.get("path_pattern", "/api/*"),
                    "target_origin_id": api_origin_id,
                    "viewer_protocol_policy": "redirect-to-https",
                    "allowed_methods": ALL_METHODS,
                    "cached_methods": ["GET", "HEAD"],
                    "compress": True,
                    "cache_policy_id": _cache_policy(CACHING_DISABLED, self),
                    "origin_request_policy_id": _origin_request_policy(ALL_VIEWER_EXCEPT_HOST_HEADER, self),
                    "response_headers_policy_id": headers.id,
                }
            )

        viewer_certificate: aws.cloudfront.DistributionViewerCertificateArgsDict = {
            "cloudfront_default_certificate": True
        }
        zone_id: pulumi.Input[str] | None = None
        if domain is not None:
            zone_id = args.get("hosted_zone_id")
            if zone_id is None:
                zone_id = aws.route53.get_zone_output(
                    name=zone_name(domain), private_zone=False, opts=pulumi.InvokeOptions(parent=self)
                ).zone_id
            viewer_certificate = {
                "acm_certificate_arn": dns_validated_certificate(
                    self, name, domain, zone_id, tags, region=CLOUDFRONT_REGION
                ),
                "ssl_support_method": "sni-only",
                "minimum_protocol_version": "TLSv1.2_2021",
            }

        acl_arn = self._web_acl(name, base, args.get("rate_limit", 2000), tags) if web_acl else None

        distribution = aws.cloudfront.Distribution(
            name,
            comment=f"{name} site, managed by stackyard",
            enabled=True,
            is_ipv6_enabled=True,
            http_version="http2and3",
            price_class=args.get("price_class", "PriceClass_100"),
            default_root_object=root_object,
            aliases=[domain] if domain else [],
            origins=origins,
            default_cache_behavior={
                "target_origin_id": s3_origin_id,
                "viewer_protocol_policy": "redirect-to-https",
                "allowed_methods": ["GET", "HEAD", "OPTIONS"],
                "cached_methods": ["GET", "HEAD"],
                "compress": True,
                "cache_policy_id": _cache_policy(CACHING_OPTIMIZED, self),
                "response_headers_policy_id": headers.id,
            },
            ordered_cache_behaviors=ordered,
            custom_error_responses=(
                [
                    {
                        "error_code": code,
                        "response_code": 200,
                        "response_page_path": f"/{root_object}",
                        "error_caching_min_ttl": 10,
                    }
                    for code in (403, 404)
                ]
                if spa
                else []
            ),
            restrictions={"geo_restriction": {"restriction_type": "none", "locations": []}},
            viewer_certificate=viewer_certificate,
            web_acl_id=acl_arn,
            tags=named("cdn"),
            opts=child,
        )
        resolve_read_statement(
            pulumi.Output.all(bucket.arn, distribution.arn).apply(lambda v: _read_statement(v[0], v[1]))
        )

        if domain is not None and zone_id is not None:
            for record_type in ("A", "AAAA"):
                aws.route53.Record(
                    f"{name}-{record_type.lower()}",
                    zone_id=zone_id,
                    name=domain,
                    type=record_type,
                    aliases=[
                        {
                            "name": distribution.domain_name,
                            "zone_id": CLOUDFRONT_ZONE_ID,
                            "evaluate_target_health": False,
                        }
                    ],
                    opts=child,
                )

        if logging:
            self._access_logs(name, base, distribution, args.get("log_retention_days", 90), tags)

        self.bucket_name = bucket.bucket_name
        self.bucket_arn = bucket.arn
        self.distribution_id = distribution.id
        self.distribution_arn = distribution.arn
        self.domain_name = distribution.domain_name
        self.url = (
            pulumi.Output.from_input(f"https://{domain}")
            if domain
            else distribution.domain_name.apply(lambda host: f"https://{host}")
        )
        self.register_outputs(
            {
                "bucket_name": self.bucket_name,
                "bucket_arn": self.bucket_arn,
                "distribution_id": self.distribution_id,
                "distribution_arn": self.distribution_arn,
                "domain_name": self.domain_name,
                "url": self.url,
            }
        )

    def grant_deploy(self) -> pulumi.Output[str]:
        """An IAM policy document (JSON) for the CI role that deploys the site, and nothing more:
        s3:ListBucket on the bucket, s3:GetObject, s3:PutObject and s3:DeleteObject on its objects (what
        `aws s3 sync --delete` needs), and cloudfront:CreateInvalidation on this distribution."""

        def document(bucket_arn: str, distribution_arn: str) -> str:
            statements = [
                {"Sid": "ListSite", "Effect": "Allow", "Action": "s3:ListBucket", "Resource": bucket_arn},
                {
                    "Sid": "SyncSite",
                    "Effect": "Allow",
                    "Action": ["s3:GetObject", "s3:PutObject", "s3:DeleteObject"],
                    "Resource": f"{bucket_arn}/*",
                },
                {
                    "Sid": "Invalidate",
                    "Effect": "Allow",
                    "Action": "cloudfront:CreateInvalidation",
                    "Resource": distribution_arn,
                },
            ]
            return json.dumps({"Version": "2012-10-17", "Statement": statements})

        return pulumi.Output.all(self.bucket_arn, self.distribution_arn).apply(lambda v: document(v[0], v[1]))

    # -- building blocks ------------------------------------------------------------------------------------

    def _web_acl(self, name: str, base: str, rate_limit: int, tags: dict[str, str]) -> pulumi.Output[str]:
        """A CLOUDFRONT-scope WAF web ACL in us-east-1: allow by default, the AWS managed rule groups, then a
        per-IP rate limit; metrics and sampled requests on for the ACL and every rule. Returns its ARN."""
        acl_name = physical_name(f"{base}-cdn", WEB_ACL_NAME_LIMIT)

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
                "name": "rate-limit-per-ip",
                "priority": len(MANAGED_RULE_GROUPS),
                "action": {"block": {}},
                "statement": {
                    "rate_based_statement": {
                        "limit": rate_limit,
                        "aggregate_key_type": "IP",
                        "evaluation_window_sec": RATE_WINDOW_SECONDS,
                    }
                },
                "visibility_config": visibility("rate-limit-per-ip"),
            }
        )
        acl = aws.wafv2.WebAcl(
            f"{name}-waf",
            name=acl_name,
            description=f"Firewall of the {name} site, managed by stackyard",
            scope="CLOUDFRONT",
            region=CLOUDFRONT_REGION,
            default_action={"allow": {}},
            rules=rules,
            visibility_config={
                "cloudwatch_metrics_enabled": True,
                "metric_name": acl_name,
                "sampled_requests_enabled": True,
            },
            tags={**tags, "Name": f"{name}-waf"},
            opts=pulumi.ResourceOptions(parent=self),
        )
        return acl.arn

    def _access_logs(
        self,
        name: str,
        base: str,
        distribution: aws.cloudfront.Distribution,
        retention_days: int,
        tags: dict[str, str],
    ) -> None:
        """Standard logging (v2): the distribution's ACCESS_LOGS, as JSON, into a log group with a retention,
        through a delivery source, destination and delivery, all in us-east-1. The log group's name starts
        with /aws/vendedlogs/, which CloudWatch Logs' shared delivery resource policy covers."""
        child = pulumi.ResourceOptions(parent=self)
        delivery_name = physical_name(f"{base}-cdn-access-logs", LOG_DELIVERY_NAME_LIMIT)
        log_group = aws.cloudwatch.LogGroup(
            f"{name}-access-logs",
            name_prefix=f"{LOG_GROUP_PREFIX}{base}-",
            retention_in_days=retention_days,
            region=CLOUDFRONT_REGION,
            tags={**tags, "Name": f"{name}-access-logs"},
            opts=child,
        )
        source = aws.cloudwatch.LogDeliverySource(
            f"{name}-access-logs",
            name=delivery_name,
            log_type="ACCESS_LOGS",
            resource_arn=distribution.arn,
            region=CLOUDFRONT_REGION,
            tags={**tags, "Name": f"{name}-access-logs"},
            opts=child,
        )
        destination = aws.cloudwatch.LogDeliveryDestination(
            f"{name}-access-logs",
            name=delivery_name,
            output_format="json",
            delivery_destination_configuration={"destination_resource_arn": log_group.arn},
            region=CLOUDFRONT_REGION,
            tags={**tags, "Name": f"{name}-access-logs"},
            opts=child,
        )
        aws.cloudwatch.LogDelivery(
            f"{name}-access-logs",
            delivery_source_name=source.name,
            delivery_destination_arn=destination.arn,
            region=CLOUDFRONT_REGION,
            tags={**tags, "Name": f"{name}-access-logs"},
            opts=child,
        )


def _cache_policy(policy: str, parent: pulumi.Resource) -> pulumi.Output[str]:
    """The id of the AWS managed cache policy named `policy` (e.g. "Managed-CachingOptimized")."""
    found = aws.cloudfront.get_cache_policy_output(name=policy, opts=pulumi.InvokeOptions(parent=parent))
    return found.apply(lambda result: _found_id(result.id, "cache policy", policy))


def _origin_request_policy(policy: str, parent: pulumi.Resource) -> pulumi.Output[str]:
    """The id of the AWS managed origin request policy named `policy`."""
    found = aws.cloudfront.get_origin_request_policy_output(
        name=policy, opts=pulumi.InvokeOptions(parent=parent)
    )
    return found.apply(lambda result: _found_id(result.id, "origin request policy", policy))


def _found_id(found: str | None, what: str, name: str) -> str:
    if not found:
        raise ValueError(f"CdnSite: CloudFront has no managed {what} named {name}")
    return found


def _read_statement(bucket_arn: str, distribution_arn: str) -> dict[str, Any]:
    """The bucket-policy statement that lets exactly one distribution read the site's objects."""
    return {
        "Sid": "AllowCloudFrontRead",
        "Effect": "Allow",
        "Principal": {"Service": "cloudfront.amazonaws.com"},
        "Action": "s3:GetObject",
        "Resource": f"{bucket_arn}/*",
        "Condition": {"StringEquals": {"AWS:SourceArn": distribution_arn}},
    }


def _is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _check_args(args: CdnSiteArgs) -> None:
    """Validate the plain arguments; raise a ValueError naming the argument and what is allowed."""
    domain = args.get("domain")
    if domain is not None and not (isinstance(domain, str) and _HOSTNAME.match(domain)):
        raise ValueError(
            f"CdnSite domain {domain!r} is not allowed; use None or a lowercase DNS name such as "
            "shop.example.com (no scheme, no path, no wildcard)"
        )
    zone_id = args.get("hosted_zone_id")
    if zone_id is not None:
        if domain is None:
            raise ValueError(
                f"CdnSite hosted_zone_id {zone_id!r} is not allowed without domain; give a domain or leave "
                "hosted_zone_id out"
            )
        if isinstance(zone_id, str) and not _ZONE_ID.match(zone_id):
            raise ValueError(
                f"CdnSite hosted_zone_id {zone_id!r} is not allowed; use a Route 53 hosted zone id such as "
                "Z0123456789ABCDEFGHIJ"
            )
    for flag, default in (("spa", False), ("web_acl", False), ("logging", True)):
        value = args.get(flag, default)
        if not isinstance(value, bool):
            raise ValueError(f"CdnSite {flag} {value!r} is not allowed; use True or False")
    root_object = args.get("default_root_object", "index.html")
    if not (isinstance(root_object, str) and _ROOT_OBJECT.match(root_object)):
        raise ValueError(
            f"CdnSite default_root_object {root_object!r} is not allowed; use an object key without a "
            'leading "/", e.g. "index.html"'
        )
    price_class = args.get("price_class", "PriceClass_100")
    if price_class not in PRICE_CLASSES:
        raise ValueError(
            f"CdnSite price_class {price_class!r} is not allowed; use one of {', '.join(PRICE_CLASSES)}"
        )
    rate_limit = args.get("rate_limit", 2000)
    if not (_is_int(rate_limit) and MIN_RATE_LIMIT <= rate_limit <= MAX_RATE_LIMIT):
        raise ValueError(
            f"CdnSite rate_limit {rate_limit!r} is not allowed; use a whole number of requests per 5 minutes "
            f"from {MIN_RATE_LIMIT} to {MAX_RATE_LIMIT:,}"
        )
    retention = args.get("log_retention_days", 90)
    if not _is_int(retention):
        raise ValueError(
            f"CdnSite log_retention_days {retention!r} is not allowed; use a whole number of days"
        )
    check_retention("CdnSite", "log_retention_days", retention)
    _check_api_origin(args.get("api_origin"))
    tags = args.get("tags") or {}
    if not (
        isinstance(tags, dict) and all(isinstance(k, str) and isinstance(v, str) for k, v in tags.items())
    ):
        raise ValueError(f"CdnSite tags {tags!r} is not allowed; use a dict of string keys and values")


def _check_api_origin(origin: object) -> None:
    if origin is None:
        return
    if not (
        isinstance(origin, dict)
        and "domain_name" in origin
        and set(origin) <= {"domain_name", "path_pattern"}
    ):
        raise ValueError(
            f"CdnSite api_origin {origin!r} is not allowed; use None or "
            '{"domain_name": <API host name>, "path_pattern": <optional, default "/api/*">}'
        )
    host = origin["domain_name"]
    if host is None or (isinstance(host, str) and not _HOSTNAME.match(host)):
        raise ValueError(
            f"CdnSite api_origin domain_name {host!r} is not allowed; use the API's HTTPS host name, such as "
            "api.shop.example.com (no scheme, no path)"
        )
    pattern = origin.get("path_pattern", "/api/*")
    if not (isinstance(pattern, str) and _PATH_PATTERN.match(pattern)) or pattern == "/*":
        raise ValueError(
            f"CdnSite api_origin path_pattern {pattern!r} is not allowed; use a CloudFront path pattern that "
            'starts with "/" and is narrower than "/*", e.g. "/api/*"'
        )
