"""The CloudFront VPC origin of an `internal` load balancer: CloudFront reaches it over HTTP on port 80 from
network interfaces it creates in the load balancer's subnets."""

import pulumi
import pulumi_aws as aws

from ..naming import physical_name
from .settings import VPC_ORIGIN_NAME_LIMIT, _named, _Settings


def vpc_origin(
    owner: pulumi.Resource, name: str, base: str, settings: _Settings, balancer: aws.lb.LoadBalancer
) -> aws.cloudfront.VpcOrigin | None:
    """The VPC origin `<physical_name>-alb` for the load balancer ("http-only": CloudFront connects on port
    80; the TLS 1.2 setting is what the API requires and is unused); None without `internal`. Every
    `ServiceDistribution` of the stack uses it, by its id. Amazon CloudFront Developer Guide, "Restrict
    access with VPC origins" (docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/
    private-content-vpc-origins.html)."""
    if not settings.internal:
        return None
    return aws.cloudfront.VpcOrigin(
        f"{name}-vpc-origin",
        vpc_origin_endpoint_config={
            "name": physical_name(f"{base}-alb", VPC_ORIGIN_NAME_LIMIT),
            "arn": balancer.arn,
            "http_port": 80,
            "https_port": 443,
            "origin_protocol_policy": "http-only",
            "origin_ssl_protocols": {"items": ["TLSv1.2"], "quantity": 1},
        },
        tags=_named(settings.tags, name, "vpc-origin"),
        opts=pulumi.ResourceOptions(parent=owner),
    )
