"""The two listeners: HTTP (80) only redirects to HTTPS (301); HTTPS (443) terminates TLS with the
certificate and `ssl_policy` and answers 404 until services add their rules. With `internal`, one HTTP (80)
listener that answers 404 until services add their rules (CloudFront's VPC origin reaches it)."""

from dataclasses import dataclass

import pulumi
import pulumi_aws as aws

from .settings import _named, _Settings


@dataclass(frozen=True)
class Listeners:
    """The load balancer's listeners; `https` is None with `internal`."""

    http: aws.lb.Listener
    https: aws.lb.Listener | None

    @property
    def rules(self) -> aws.lb.Listener:
        """The listener services add their rules to: HTTPS, or HTTP with `internal`."""
        return self.https if self.https is not None else self.http


NOT_FOUND: aws.lb.ListenerDefaultActionArgsDict = {
    "type": "fixed-response",
    "fixed_response": {"content_type": "text/plain", "message_body": "Not Found", "status_code": "404"},
}


def listeners(
    owner: pulumi.Resource,
    name: str,
    settings: _Settings,
    balancer: aws.lb.LoadBalancer,
    certificate_arn: pulumi.Input[str],
) -> Listeners:
    """The HTTP redirect listener, then the HTTPS listener (its default action a plain-text 404); with
    `internal`, the HTTP listener alone, its default action a plain-text 404."""
    child = pulumi.ResourceOptions(parent=owner)
    if settings.internal:
        http = aws.lb.Listener(
            f"{name}-http",
            load_balancer_arn=balancer.arn,
            port=80,
            protocol="HTTP",
            default_actions=[NOT_FOUND],
            tags=_named(settings.tags, name, "http"),
            opts=child,
        )
        return Listeners(http=http, https=None)
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
