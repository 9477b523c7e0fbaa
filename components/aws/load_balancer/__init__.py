"""`LoadBalancer`: the stack's one public Application Load Balancer: HTTPS only (a DNS-validated ACM
certificate, a TLS 1.3 policy, port 80 redirecting to 443), a security group open to the world on 80 and 443
only, a regional WAF web ACL, access logs in an S3 bucket, and Route 53 alias records for its host names.

The component reads as its steps, one module each: `settings` (the arguments, checked and settled), `dns`
(the hosted zone, given or looked up), `security_group`, `access_logs` (the log bucket and its delivery
grants), `balancer` (the load balancer and its name), `certificate` (the HTTPS listener's certificate),
`listeners` (HTTP redirecting, HTTPS answering 404), `firewall` (the WAF web ACL and its logs), then `dns`
again (the hostnames' alias records), and `vpc_origin` (with `internal`: the CloudFront VPC origin of an
internal load balancer, which has no certificate, DNS record or HTTPS listener)."""

import pulumi

from ...checks import refuse_unknown_keys
from ..naming import physical_base
from .access_logs import _elb_account_arn as _elb_account_arn
from .access_logs import access_log_bucket
from .balancer import _balancer_name as _balancer_name  # the tests call it directly
from .balancer import application_load_balancer
from .certificate import listener_certificate
from .dns import alias_records, hosted_zone
from .firewall import firewall
from .listeners import listeners
from .security_group import security_group
from .settings import (  # noqa: F401 - what the single module exported stays importable from here
    _CERTIFICATE_ARN,
    _HOSTNAME,
    _ZONE_ID,
    CERTIFICATE_DOMAIN_LIMIT,
    DEFAULT_SSL_POLICY,
    IP_ADDRESS_TYPES,
    LOG_DELIVERY_SERVICE,
    LOG_NONCURRENT_DAYS,
    MAX_IDLE_TIMEOUT,
    NAME_LIMIT,
    SSL_POLICIES,
    VPC_ORIGIN_NAME_LIMIT,
    LoadBalancerArgs,
    _check_args,
    _is_int,
    _Settings,
)
from .vpc_origin import vpc_origin

__all__ = [
    "CERTIFICATE_DOMAIN_LIMIT",
    "DEFAULT_SSL_POLICY",
    "IP_ADDRESS_TYPES",
    "LOG_DELIVERY_SERVICE",
    "LOG_NONCURRENT_DAYS",
    "MAX_IDLE_TIMEOUT",
    "NAME_LIMIT",
    "SSL_POLICIES",
    "VPC_ORIGIN_NAME_LIMIT",
    "LoadBalancer",
    "LoadBalancerArgs",
]


class LoadBalancer(pulumi.ComponentResource):
    """The stack's public Application Load Balancer: HTTPS only, TLS 1.3 policy, logs on.

    Port 443 terminates TLS with a DNS-validated ACM certificate for `hostnames` (or `domain`) (or your own
    `certificate_arn`) and the `ssl_policy`; its default action answers 404, and services add listener
    rules to `https_listener_arn`; no rule belongs on `http_listener_arn`. Port 80 only redirects to HTTPS
    (301). A regional WAF web ACL (`web_acl`: AWS managed rule groups and a per-IP rate limit) filters every
    request before a listener sees it. The security group admits the
    world on 80 and 443 only (IPv4 and IPv6; the one documented exception to "nothing open to the world")
    and lets the load balancer reach only the VPC's range. Invalid HTTP headers are dropped, desync
    mitigation is "defensive", and access logs go to an SSE-S3 bucket readable by nobody else. Every name in
    `hostnames` gets alias A and AAAA records; `domain` itself gets none, since the CDN may serve it.

    With `internal` (a stack with no custom domain), the load balancer is internal, in private subnets, and
    only CloudFront reaches it, through the CloudFront VPC origin `vpc_origin_id`: one HTTP (80) listener
    (`listener_arn`, also `http_listener_arn`) answers 404 until services add their rules, by host (each
    service's `ServiceDistribution` domain name, which CloudFront forwards as the Host header); there is no
    certificate, HTTPS listener (`https_listener_arn` is ""), hosted zone or DNS record, and the security
    group admits port 80 from the VPC's range only (CloudFront's VPC origin network interfaces are in the
    load balancer's subnets). AWS's conditions: private subnets, an internet gateway attached to the VPC,
    the VPC in the distribution's account (Amazon CloudFront Developer Guide, "Restrict access with VPC
    origins").

    Example:

        edge = LoadBalancer(
            "shop",
            {
                "vpc_id": "vpc-0123456789abcdef0",
                "subnet_ids": ["subnet-0aaaaaaaaaaaaaaa1", "subnet-0bbbbbbbbbbbbbbb2"],
                "domain": "shop.example.com",
                "hostnames": ["api.shop.example.com"],
            },
        )
        pulumi.export("albDnsName", edge.dns_name)
    """

    arn: pulumi.Output[str]
    """The load balancer's ARN."""
    arn_suffix: pulumi.Output[str]
    """The ARN's suffix ("app/<name>/<id>"), the `LoadBalancer` dimension of its CloudWatch metrics."""
    dns_name: pulumi.Output[str]
    """The load balancer's DNS name."""
    zone_id: pulumi.Output[str]
    """The load balancer's canonical hosted zone id, for alias records (not the site's hosted zone)."""
    listener_arn: pulumi.Output[str]
    """The listener services add their listener rules to: the HTTPS (443) one, or with `internal` the HTTP
    (80) one."""
    https_listener_arn: pulumi.Output[str]
    """The HTTPS (443) listener: services add their listener rules here; "" with `internal` (no HTTPS)."""
    http_listener_arn: pulumi.Output[str]
    """The HTTP (80) listener, which only redirects to HTTPS; with `internal`, the listener services add
    their rules to (its default answers 404)."""
    security_group_id: pulumi.Output[str]
    """The load balancer's security group: targets allow ingress from it."""
    certificate_arn: pulumi.Output[str]
    """The ARN of the HTTPS listener's certificate, resolved once it is validated (or `certificate_arn`)."""
    access_log_bucket: pulumi.Output[str]
    """The name of the access-log bucket; "" when `access_logs` is False."""
    hosted_zone_id: pulumi.Output[str]
    """The Route 53 hosted zone used for validation and alias records; "" when there is none."""
    web_acl_arn: pulumi.Output[str]
    """The ARN of the load balancer's WAF web ACL; "" without `web_acl`."""
    vpc_origin_id: pulumi.Output[str]
    """The id of the CloudFront VPC origin of the load balancer, for `ServiceDistribution`'s `vpc_origin_id`;
    "" without `internal`."""
    internal: bool
    """Whether the load balancer is internal (`internal`): reached only through `vpc_origin_id`."""

    def __init__(self, name: str, args: LoadBalancerArgs, opts: pulumi.ResourceOptions | None = None) -> None:
        refuse_unknown_keys(LoadBalancer, LoadBalancerArgs, name, args, opts)
        settings = _check_args(args)
        base = physical_base("LoadBalancer", name, args.get("physical_name"))
        super().__init__("stackyard-aws:index:LoadBalancer", name, None, opts)
        balancer_name = _balancer_name(base)
        zone_id = hosted_zone(self, settings, args)

        group = security_group(self, name, args, settings.tags, settings.internal)
        log_bucket = (
            access_log_bucket(self, name, base, balancer_name, settings) if settings.access_logs else None
        )
        balancer = application_load_balancer(self, name, balancer_name, settings, args, group, log_bucket)
        certificate_arn = listener_certificate(self, name, settings, args, zone_id)
        listener = listeners(self, name, settings, balancer, certificate_arn)
        acl = firewall(self, name, base, settings, balancer)
        alias_records(self, name, settings, zone_id, balancer)
        origin = vpc_origin(self, name, base, settings, balancer)

        self.arn = balancer.arn
        self.arn_suffix = balancer.arn_suffix
        self.dns_name = balancer.dns_name
        self.zone_id = balancer.zone_id
        self.listener_arn = listener.rules.arn
        self.https_listener_arn = (
            listener.https.arn if listener.https is not None else pulumi.Output.from_input("")
        )
        self.http_listener_arn = listener.http.arn
        self.security_group_id = group.id
        self.certificate_arn = certificate_arn
        self.access_log_bucket = (
            log_bucket.bucket_name if log_bucket is not None else pulumi.Output.from_input("")
        )
        self.hosted_zone_id = zone_id if zone_id is not None else pulumi.Output.from_input("")
        self.web_acl_arn = acl.arn if acl is not None else pulumi.Output.from_input("")
        self.vpc_origin_id = origin.id if origin is not None else pulumi.Output.from_input("")
        self.internal = settings.internal
        self.register_outputs(
            {
                "arn": self.arn,
                "arn_suffix": self.arn_suffix,
                "dns_name": self.dns_name,
                "zone_id": self.zone_id,
                "https_listener_arn": self.https_listener_arn,
                "http_listener_arn": self.http_listener_arn,
                "security_group_id": self.security_group_id,
                "certificate_arn": self.certificate_arn,
                "access_log_bucket": self.access_log_bucket,
                "hosted_zone_id": self.hosted_zone_id,
                "web_acl_arn": self.web_acl_arn,
                "listener_arn": self.listener_arn,
                "vpc_origin_id": self.vpc_origin_id,
                "internal": self.internal,
            }
        )
