"""`LoadBalancer`'s first step: its arguments (the `LoadBalancerArgs` TypedDict the docs and the Pulumi
schema are read from), the limits they are held to, and the checks that settle them into plain `_Settings`
before anything is registered."""

import ipaddress
import re
from dataclasses import dataclass
from typing import Required, TypedDict

import pulumi

from ...bounds import Between, OneOf, bounds
from ...checks import check_bounds
from ...limits import RETENTION
from ..certificate import zone_name as _zone_name
from ..waf import RATE_LIMIT

# AWS's limit for a load balancer name (no automatic suffix is added to an explicit name).
NAME_LIMIT = 32
# The name of the CloudFront VPC origin of an `internal` load balancer is kept to this many characters: the
# CloudFront API Reference ("VpcOriginEndpointConfig") states no limit, so this stays within the 64 of
# CloudFront's other names (origin access controls, functions).
VPC_ORIGIN_NAME_LIMIT = 64
# What an `internal` load balancer refuses: it has no certificate, hosted zone or DNS record of its own.
INTERNAL_REFUSES = ("domain", "hostnames", "certificate_arn", "hosted_zone_id")
# The TLS 1.3 security policies an Application Load Balancer offers whose minimum is TLS 1.2 or 1.3
# (ELBSecurityPolicy-TLS13-1-0-* and -1-1-* also allow TLS 1.0/1.1 and are left out on purpose). Source:
# "Security policies for your Application Load Balancer" (docs.aws.amazon.com/elasticloadbalancing/latest/
# application/describe-ssl-policies.html), and `aws elbv2 describe-ssl-policies`; add new ones here.
SSL_POLICIES = (
    "ELBSecurityPolicy-TLS13-1-2-2021-06",
    "ELBSecurityPolicy-TLS13-1-2-Res-2021-06",
    "ELBSecurityPolicy-TLS13-1-2-Ext1-2021-06",
    "ELBSecurityPolicy-TLS13-1-2-Ext2-2021-06",
    "ELBSecurityPolicy-TLS13-1-3-2021-06",
    "ELBSecurityPolicy-TLS13-1-2-FIPS-2023-04",
    "ELBSecurityPolicy-TLS13-1-2-Res-FIPS-2023-04",
    "ELBSecurityPolicy-TLS13-1-2-Ext0-FIPS-2023-04",
    "ELBSecurityPolicy-TLS13-1-2-Ext1-FIPS-2023-04",
    "ELBSecurityPolicy-TLS13-1-2-Ext2-FIPS-2023-04",
    "ELBSecurityPolicy-TLS13-1-3-FIPS-2023-04",
    "ELBSecurityPolicy-TLS13-1-2-PQ-2025-09",
    "ELBSecurityPolicy-TLS13-1-2-Res-PQ-2025-09",
    "ELBSecurityPolicy-TLS13-1-2-Ext1-PQ-2025-09",
    "ELBSecurityPolicy-TLS13-1-2-Ext2-PQ-2025-09",
    "ELBSecurityPolicy-TLS13-1-3-PQ-2025-09",
    "ELBSecurityPolicy-TLS13-1-2-FIPS-PQ-2025-09",
    "ELBSecurityPolicy-TLS13-1-2-Res-FIPS-PQ-2025-09",
    "ELBSecurityPolicy-TLS13-1-2-Ext0-FIPS-PQ-2025-09",
    "ELBSecurityPolicy-TLS13-1-2-Ext1-FIPS-PQ-2025-09",
    "ELBSecurityPolicy-TLS13-1-2-Ext2-FIPS-PQ-2025-09",
    "ELBSecurityPolicy-TLS13-1-3-FIPS-PQ-2025-09",
)
DEFAULT_SSL_POLICY = "ELBSecurityPolicy-TLS13-1-2-2021-06"
IP_ADDRESS_TYPES = ("ipv4", "dualstack")
MAX_IDLE_TIMEOUT = 4000
# ACM puts the certificate's first name in the subject's common name, which is at most 64 characters.
CERTIFICATE_DOMAIN_LIMIT = 64
# The service that writes ALB access logs to S3 (it supports SSE-S3 buckets only, not SSE-KMS).
LOG_DELIVERY_SERVICE = "logdelivery.elasticloadbalancing.amazonaws.com"
# Access logs overwritten or expired stay this many days as noncurrent versions before they are deleted.
LOG_NONCURRENT_DAYS = 7
_HOSTNAME = re.compile(r"^(?=.{4,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$")
_CERTIFICATE_ARN = re.compile(r"^arn:aws[a-z-]*:acm:[a-z0-9-]+:\d{12}:certificate/[A-Za-z0-9-]+$")
_ZONE_ID = re.compile(r"^Z[A-Z0-9]{1,31}$")


class LoadBalancerArgs(TypedDict, total=False):
    vpc_id: Required[pulumi.Input[str]]
    """The VPC of the load balancer and its targets, e.g. `net.vpc_id`. Required."""
    subnet_ids: Required[pulumi.Input[list[str]]]
    """Public subnet ids in at least 2 zones (an ALB needs two), e.g. `net.public_subnet_ids`; with
    `internal`, private subnet ids, e.g. `net.private_subnet_ids`. Required."""
    internal: bool
    """An internal load balancer (scheme "internal", in the private `subnet_ids`) that only CloudFront
    reaches, through a CloudFront VPC origin this component creates (`vpc_origin_id`): for a stack with no
    custom domain, whose public services are served over HTTPS at their `ServiceDistribution`'s own
    "<id>.cloudfront.net" name. CloudFront terminates the viewers' TLS with its default certificate and
    reaches the load balancer over HTTP on port 80 (ACM issues no certificate for a load balancer's own
    name), so there is no certificate, hosted zone lookup or DNS record here, and `domain`, `hostnames`,
    `certificate_arn` and `hosted_zone_id` are refused. One HTTP (80) listener answers 404 until services
    add their rules (by host: the distribution's domain name, which CloudFront forwards as the Host
    header). The security group admits port 80 from the VPC's range only: CloudFront creates its network
    interfaces for the VPC origin in the load balancer's subnets, so that range admits it. The WAF web ACL,
    access logs and deletion protection work as without `internal`. AWS's conditions (Amazon CloudFront
    Developer Guide, "Restrict access with VPC origins", docs.aws.amazon.com/AmazonCloudFront/latest/
    DeveloperGuide/private-content-vpc-origins.html): the load balancer must be in private subnets, its VPC
    must have an internet gateway attached (a stackyard `Vpc` has one) and be in the same AWS account as
    the distribution. Default False: an internet-facing HTTPS load balancer."""
    vpc_cidr: pulumi.Input[str] | None
    """The VPC's IPv4 range, the only destination the load balancer's security group lets it reach (its
    targets and their health checks), e.g. `net.cidr_block`. Default None: looked up from `vpc_id` with
    `aws.ec2.get_vpc` (the primary CIDR block)."""
    domain: str | None
    """The site's domain, e.g. "shop.example.com": how the hosted zone is found, and the certificate's name
    when there are no `hostnames`. It gets no DNS record and, with `hostnames`, no place in the certificate
    here (the CDN may own it: one validation record per name, never two resources writing it); list it in
    `hostnames` to serve it from the load balancer. Default None; either `domain` or `certificate_arn` is
    required."""
    hosted_zone_id: pulumi.Input[str] | None
    """The public Route 53 hosted zone for the certificate's validation records and the `hostnames`' alias
    records. Default None: when `domain` is set, the public zone named after the domain's registrable parent
    ("example.com" for "shop.example.com", "example.co.uk" for "shop.example.co.uk") is looked up with
    `aws.route53.get_zone`; pass the id of a delegated sub-zone (e.g. "shop.example.com") explicitly."""
    hostnames: list[str]
    """The names the load balancer serves, e.g. ["api.shop.example.com"]: the certificate covers exactly
    them and each gets Route 53 alias A and AAAA records to the load balancer. Without `domain` they need
    `hosted_zone_id`; with a zone that is looked up they must lie in it. With `certificate_arn` that
    certificate must cover them. Default []."""
    certificate_arn: pulumi.Input[str] | None
    """Bring your own ACM certificate (in the load balancer's region) for the HTTPS listener: then no
    certificate or validation record is created. Default None: a DNS-validated certificate for `domain`
    and `hostnames` is created."""
    ssl_policy: str
    """The HTTPS listener's security policy: a TLS 1.3 policy whose minimum is TLS 1.2 or 1.3 (see
    `SSL_POLICIES`, e.g. "ELBSecurityPolicy-TLS13-1-2-Res-PQ-2025-09" or the TLS 1.3-only
    "ELBSecurityPolicy-TLS13-1-3-2021-06"). Default "ELBSecurityPolicy-TLS13-1-2-2021-06"."""
    ip_address_type: str
    """"ipv4", or "dualstack" (IPv4 and IPv6; the subnets need IPv6 ranges). Default "ipv4"."""
    deletion_protection: bool
    """AWS deletion protection on the load balancer (turn it off before removing it). Default False; the
    prod profile turns it on."""
    idle_timeout_seconds: int
    """How long an idle connection stays open, 1-4000 seconds. Default 60."""
    web_acl: bool
    """Associate a regional AWS WAF web ACL with the load balancer: the AWS managed rule groups
    AWSManagedRulesCommonRuleSet, AWSManagedRulesKnownBadInputsRuleSet (Log4j and other known-bad inputs)
    and AWSManagedRulesAmazonIpReputationList, then a per-IP rate limit (`rate_limit`) that blocks; metrics
    and sampled requests on, and every request it inspects logged to the log group
    `aws-waf-logs-<physical_name>-alb` (the `authorization` and `cookie` headers redacted, kept
    `waf_log_retention_days`). About $5 a month plus $1 per rule and $0.60 per million requests, and the
    logs' ingestion. The common rule set blocks request bodies over 8 KB (SizeRestrictions_BODY), API uploads
    through the load balancer included. Default True; the staging profile turns it off."""
    waf_log_retention_days: int
    """Days the web ACL's logs are kept, one of CloudWatch's values (1, 3, 5, 7, 14, 30, 60, 90, ...,
    3653). Used only with `web_acl`. Default 90."""
    encrypt_logs: bool
    """Encrypt the web ACL's log group with a customer-managed KMS key of its own (alias
    `alias/<physical_name>-alb-logs`, yearly rotation), whose key policy lets only CloudWatch Logs in the
    load balancer's region use it for that log group, and the log delivery service write it for this
    account. About $1 a month. Used only with `web_acl`. Default True."""
    rate_limit: int
    """Requests one IP may make in 5 minutes before the web ACL blocks it, 10 to 2,000,000,000. Used only
    with `web_acl`. Default 2000."""
    access_logs: bool
    """Write access logs to an S3 bucket this component creates (SSE-S3 encrypted, as ALB log delivery
    requires; private, versioned, TLS only; `force_destroy` on, so `pulumi destroy` deletes the logs with
    it). Default True."""
    access_log_retention_days: int
    """Days access logs are kept before they expire (then kept 7 more days as noncurrent versions), ≥ 1.
    Default 90."""
    tags: dict[str, str]
    """Tags added to every taggable resource, plus Name. Default {}."""
    physical_name: str
    """The base of the physical names of this component's cloud resources (the load balancer's name, at
    most 32 characters, and its access-log bucket `<physical_name>-access-logs-…`). Default: the component's
    name. Give each stack its own (e.g. "shop-staging") so that two stacks in one account never collide,
    while the logical names, and so the URNs, stay the same. 1-63 lowercase letters, digits and hyphens,
    starting with a letter."""


# What each argument admits, checked before anything else (`components.bounds`); its bool arguments must be
# True or False by their type.
BOUNDS = bounds(
    LoadBalancerArgs,
    ssl_policy=OneOf(*SSL_POLICIES, what="a TLS 1.3 policy with TLS 1.2 or 1.3 as its minimum"),
    ip_address_type=OneOf(*IP_ADDRESS_TYPES),
    idle_timeout_seconds=Between(1, MAX_IDLE_TIMEOUT),
    access_log_retention_days=Between(1, what="a whole number of days ≥ 1"),
    rate_limit=RATE_LIMIT,
    waf_log_retention_days=RETENTION,
)


@dataclass(frozen=True)
class _Settings:
    """The plain, validated arguments."""

    domain: str | None
    hostnames: list[str]
    internal: bool
    lookup_zone: str | None
    create_certificate: bool
    ssl_policy: str
    ip_address_type: str
    deletion_protection: bool
    idle_timeout: int
    access_logs: bool
    retention_days: int
    web_acl: bool
    rate_limit: int
    waf_log_retention_days: int
    encrypt_logs: bool
    tags: dict[str, str]


def _named(tags: dict[str, str], name: str, suffix: str) -> dict[str, str]:
    """`tags` plus the Name `<name>-<suffix>` (`<name>` alone when `suffix` is "")."""
    return {**tags, "Name": f"{name}-{suffix}" if suffix else name}


def _is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _check_args(args: LoadBalancerArgs) -> _Settings:
    """Validate the plain arguments; raise a ValueError naming the argument and what is allowed."""
    check_bounds("LoadBalancer", LoadBalancerArgs, args)
    for required, what in (
        ("vpc_id", "the id of the load balancer's VPC"),
        ("subnet_ids", "public subnet ids in at least 2 zones"),
    ):
        if args.get(required) is None:
            raise ValueError(f"LoadBalancer {required} is required: {what}")
    subnet_ids = args["subnet_ids"]
    if isinstance(subnet_ids, list) and (
        len(subnet_ids) < 2 or len(set(map(str, subnet_ids))) != len(subnet_ids)
    ):
        raise ValueError(
            f"LoadBalancer subnet_ids {subnet_ids!r} is not allowed; use public subnet ids in at least 2 "
            "zones, each once"
        )
    vpc_cidr = args.get("vpc_cidr")
    if isinstance(vpc_cidr, str):
        try:
            ipaddress.IPv4Network(vpc_cidr)
        except ValueError:
            raise ValueError(
                f"LoadBalancer vpc_cidr {vpc_cidr!r} is not allowed; use the VPC's IPv4 CIDR block, e.g. "
                "10.0.0.0/16"
            ) from None

    internal = args.get("internal", False)
    if internal:
        given = [key for key in INTERNAL_REFUSES if args.get(key) not in (None, [])]
        if given:
            raise ValueError(
                f"LoadBalancer {', '.join(given)} {'is' if len(given) == 1 else 'are'} not allowed with "
                "internal; leave them out: an internal load balancer serves HTTP to a CloudFront VPC origin "
                "and has no certificate, hosted zone or DNS record (CloudFront serves HTTPS at its own name)"
            )

    domain = args.get("domain")
    certificate_arn = args.get("certificate_arn")
    hosted_zone_id = args.get("hosted_zone_id")
    if domain is not None and not (isinstance(domain, str) and _HOSTNAME.match(domain)):
        raise ValueError(
            f"LoadBalancer domain {domain!r} is not allowed; use a lowercase DNS name such as "
            '"shop.example.com"'
        )
    if domain is None and certificate_arn is None and not internal:
        raise ValueError(
            "LoadBalancer domain None is not allowed without certificate_arn; use a domain (a certificate is "
            "created for it) or certificate_arn: a public load balancer serves HTTPS only"
        )
    if isinstance(certificate_arn, str) and not _CERTIFICATE_ARN.match(certificate_arn):
        raise ValueError(
            f"LoadBalancer certificate_arn {certificate_arn!r} is not allowed; use an ACM certificate ARN "
            "(arn:aws:acm:<region>:<account>:certificate/<id>)"
        )
    if isinstance(hosted_zone_id, str) and not _ZONE_ID.match(hosted_zone_id):
        raise ValueError(
            f"LoadBalancer hosted_zone_id {hosted_zone_id!r} is not allowed; use a Route 53 hosted zone id "
            'such as "Z0123456789ABCDEFGHIJ"'
        )
    create_certificate = certificate_arn is None and not internal
    if create_certificate and domain is not None and len(domain) > CERTIFICATE_DOMAIN_LIMIT:
        raise ValueError(
            f"LoadBalancer domain {domain!r} is not allowed for a new certificate; use a domain of at most "
            f"{CERTIFICATE_DOMAIN_LIMIT} characters (ACM's limit for the first name) or certificate_arn"
        )
    lookup_zone = _zone_name(domain) if domain is not None and hosted_zone_id is None else None

    hostnames = args.get("hostnames") or []
    if not isinstance(hostnames, list):
        raise ValueError(f"LoadBalancer hostnames {hostnames!r} is not allowed; use a list of DNS names")
    for host in hostnames:
        if not (isinstance(host, str) and _HOSTNAME.match(host)):
            raise ValueError(
                f"LoadBalancer hostnames {host!r} is not allowed; use lowercase DNS names such as "
                '"api.shop.example.com" (no wildcards)'
            )
        if lookup_zone is not None and host != lookup_zone and not host.endswith(f".{lookup_zone}"):
            raise ValueError(
                f"LoadBalancer hostnames {host!r} is not allowed; use names in the hosted zone "
                f"{lookup_zone}, or pass hosted_zone_id"
            )
    if len(set(hostnames)) != len(hostnames):
        raise ValueError(f"LoadBalancer hostnames {hostnames!r} is not allowed; use each name once")
    if hostnames and domain is None and hosted_zone_id is None:
        raise ValueError(
            "LoadBalancer hostnames is not allowed without domain or hosted_zone_id; use one of them, so the "
            "alias records have a hosted zone"
        )

    tags = args.get("tags") or {}
    if not isinstance(tags, dict):
        raise ValueError(f"LoadBalancer tags {tags!r} is not allowed; use a dict of name -> value")

    return _Settings(
        domain=domain,
        hostnames=list(hostnames),
        internal=internal,
        lookup_zone=lookup_zone,
        create_certificate=create_certificate,
        ssl_policy=args.get("ssl_policy", DEFAULT_SSL_POLICY),
        ip_address_type=args.get("ip_address_type", "ipv4"),
        deletion_protection=args.get("deletion_protection", False),
        idle_timeout=args.get("idle_timeout_seconds", 60),
        access_logs=args.get("access_logs", True),
        retention_days=args.get("access_log_retention_days", 90),
        web_acl=args.get("web_acl", True),
        rate_limit=args.get("rate_limit", 2000),
        waf_log_retention_days=args.get("waf_log_retention_days", 90),
        encrypt_logs=args.get("encrypt_logs", True),
        tags=dict(tags),
    )
