"""The response headers policy that adds the security headers to every response: HSTS (two years,
subdomains, preload), X-Content-Type-Options, X-Frame-Options DENY, Referrer-Policy and X-XSS-Protection."""

import pulumi
import pulumi_aws as aws

from ..naming import physical_name
from .args import HSTS_MAX_AGE, POLICY_NAME_LIMIT


def security_headers(
    owner: pulumi.Resource, name: str, base: str, kind: str = "site"
) -> aws.cloudfront.ResponseHeadersPolicy:
    """The policy `<name>-security-headers`, which every behaviour of the distribution uses; `kind` names
    what it serves in its comment ("site" for `CdnSite`, "service" for `ServiceDistribution`)."""
    return aws.cloudfront.ResponseHeadersPolicy(
        f"{name}-security-headers",
        name=physical_name(f"{base}-security-headers", POLICY_NAME_LIMIT),
        comment=f"Security headers of the {name} {kind}, managed by stackyard",
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
        opts=pulumi.ResourceOptions(parent=owner),
    )
