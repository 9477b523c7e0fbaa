"""The two listeners: HTTP (80) only redirects to HTTPS (301); HTTPS (443) terminates TLS with the
certificate and `ssl_policy` and answers 404 until services add their rules."""

from dataclasses import dataclass

import pulumi
import pulumi_aws as aws

from .settings import _named, _Settings


@dataclass(frozen=True)
class Listeners:
    """The load balancer's two listeners."""

    http: aws.lb.Listener
    https: aws.lb.Listener


def listeners(
    owner: pulumi.Resource,
    name: str,
    settings: _Settings,
    balancer: aws.lb.LoadBalancer,
    certificate_arn: pulumi.Input[str],
) -> Listeners:
    """The HTTP redirect listener, then the HTTPS listener (its default action a plain-text 404)."""
    child = pulumi.ResourceOptions(parent=owner)
    http = aws.lb.Listener(
        f"{name}-http",
        load_balancer_arn=balancer.arn,
        port=80,
        protocol="HTTP",
        default_actions=[
            {
                "type": "redirect",
                "redirect": {"protocol": "HTTPS", "port": "443", "status_code": "HTTP_301"},
            }
        ],
        tags=_named(settings.tags, name, "http"),
        opts=child,
    )
    https = aws.lb.Listener(
        f"{name}-https",
        load_balancer_arn=balancer.arn,
        port=443,
        protocol="HTTPS",
        ssl_policy=settings.ssl_policy,
        certificate_arn=certificate_arn,
        default_actions=[
            {
                "type": "fixed-response",
                "fixed_response": {
                    "content_type": "text/plain",
                    "message_body": "Not Found",
                    "status_code": "404",
                },
            }
        ],
        tags=_named(settings.tags, name, "https"),
        opts=child,
    )
    return Listeners(http=http, https=https)
