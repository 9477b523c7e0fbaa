"""`ServiceDistribution`: one public web service of a stack with no custom domain, served over HTTPS at its
own CloudFront name ("<id>.cloudfront.net"), from an internal load balancer reached through its CloudFront
VPC origin.

The component reads as its steps, one module each: `settings` (the arguments, checked and settled), the
security headers policy (`components.aws.cdn_site.headers`, shared with `CdnSite`), `distribution` (the
distribution: default certificate, VPC origin, no caching, every viewer header forwarded) and `logs` (the
access logs' delivery to `access_log_bucket`)."""

import pulumi

from ...checks import refuse_unknown_keys
from ..cdn_site.headers import security_headers
from ..load_balancer import LoadBalancer  # noqa: F401 - the class example's name: stacks.docs reads it here
from ..naming import physical_base
from .distribution import cloudfront_distribution
from .logs import access_logs
from .settings import (  # noqa: F401 - the checks stay importable from here
    ALL_METHODS,
    ALL_VIEWER_ID,
    CACHED_METHODS,
    CACHING_DISABLED_ID,
    DEFAULT_PRICE_CLASS,
    ORIGIN_ID,
    PRICE_CLASSES,
    ServiceDistributionArgs,
    _check_args,
    _Settings,
)

__all__ = [
    "ALL_VIEWER_ID",
    "CACHING_DISABLED_ID",
    "DEFAULT_PRICE_CLASS",
    "PRICE_CLASSES",
    "ServiceDistribution",
    "ServiceDistributionArgs",
]


class ServiceDistribution(pulumi.ComponentResource):
    """A public web service behind a CloudFront distribution of its own, for a stack with no custom domain.

    The distribution serves HTTPS at its own "<id>.cloudfront.net" name with CloudFront's default
    certificate (whose minimum protocol CloudFront keeps at TLSv1 and which cannot be raised: give the stack
    a domain for production), redirects HTTP to HTTPS, speaks HTTP/2 and HTTP/3 and IPv6, and adds the
    security headers `CdnSite` adds (HSTS two years with subdomains and preload, X-Content-Type-Options
    nosniff, X-Frame-Options DENY, Referrer-Policy strict-origin-when-cross-origin, X-XSS-Protection). Its one
    origin is an internal load balancer (a `LoadBalancer` with `internal`) reached through that load
    balancer's CloudFront VPC origin (`vpc_origin_id`) over HTTP on port 80: the traffic stays in AWS's
    network and the load balancer has no public address. Every method is allowed, nothing is cached (managed
    CachingDisabled, id 4135ea2d-6df8-44a3-9df3-4b5a84be39ad) and every viewer header, cookie and query
    string reaches the service (managed AllViewer, id 216adef6-5c7f-47e4-b989-5492eafa07d3), the Host header
    included: the service's listener rule matches this distribution's `domain_name` (give it as the
    `ContainerService`'s `load_balancer.hosts`). Each service gets its own distribution; all of them share
    the load balancer's one VPC origin. There is no WAF web ACL on the distribution: the load balancer's
    regional web ACL (its `web_acl`, on by default) inspects every request. Access logs (with
    `access_log_bucket`) use standard logging (v2) into that bucket.

    AWS's conditions for VPC origins (Amazon CloudFront Developer Guide, "Restrict access with VPC origins",
    docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/private-content-vpc-origins.html): the load
    balancer in private subnets, an internet gateway attached to its VPC, and the VPC in the distribution's
    AWS account. CloudFront creates network interfaces in the load balancer's subnets, so the load
    balancer's security group admitting the VPC's range on port 80 admits CloudFront.

    Example:

        edge = LoadBalancer(
            "shop",
            {
                "vpc_id": "vpc-0123456789abcdef0",
                "subnet_ids": ["subnet-0aaaaaaaaaaaaaaa1", "subnet-0bbbbbbbbbbbbbbb2"],
                "internal": True,
            },
        )
        api = ServiceDistribution(
            "shop-api",
            {"vpc_origin_id": edge.vpc_origin_id, "origin_domain_name": edge.dns_name},
        )
        pulumi.export("apiUrl", api.url)
    """

    domain_name: pulumi.Output[str]
    """The distribution's own host name, "<id>.cloudfront.net": the host the service's listener rule
    matches."""
    url: pulumi.Output[str]
    """Where the service is served: "https://<id>.cloudfront.net"."""
    distribution_id: pulumi.Output[str]
    """The CloudFront distribution id."""
    arn: pulumi.Output[str]
    """The CloudFront distribution ARN."""

    def __init__(
        self, name: str, args: ServiceDistributionArgs, opts: pulumi.ResourceOptions | None = None
    ) -> None:
        refuse_unknown_keys(ServiceDistribution, ServiceDistributionArgs, name, args, opts)
        settings = _check_args(args)
        base = physical_base("ServiceDistribution", name, args.get("physical_name"))
        super().__init__("stackyard-aws:index:ServiceDistribution", name, None, opts)

        headers = security_headers(self, name, base, "service")
        distribution = cloudfront_distribution(self, name, args, settings, headers.id)
        access_logs(self, name, base, distribution, args.get("access_log_bucket"), settings.tags)

        self.domain_name = distribution.domain_name
        self.url = distribution.domain_name.apply(lambda host: f"https://{host}")
        self.distribution_id = distribution.id
        self.arn = distribution.arn
        self.register_outputs(
            {
                "domain_name": self.domain_name,
                "url": self.url,
                "distribution_id": self.distribution_id,
                "arn": self.arn,
            }
        )
