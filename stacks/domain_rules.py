"""Config rules of a stack without a custom domain (`app.domain` left out).

A staging stack may leave the domain out and still serve its public web services over HTTPS, at names the
cloud gives them:
- aws (ECS): each public service at its own CloudFront distribution's `*.cloudfront.net` name. The load
  balancer is internal, in the private subnets, and CloudFront reaches it through a VPC origin
  (`components.aws.LoadBalancer` `internal`, `components.aws.ServiceDistribution`). ACM issues no
  certificate for a load balancer's own name, so there is no other HTTPS endpoint to give it.
- gcp (Cloud Run): each public service at its own `*.run.app` URL, with Google's TLS and no load balancer
  (`components.gcp.ContainerService` `direct_ingress`): a Google-managed certificate needs a domain.

What it is not for, each refused here with the key path:
- prod: CloudFront's default certificate lets viewers negotiate TLSv1 (its security policy is fixed at
  TLSv1 for *.cloudfront.net, CloudFront Developer Guide, "Supported protocols and ciphers between viewers
  and CloudFront"), and a run.app URL is served without Cloud Armor and the load balancer's TLS policy:
  the policy pack's mandatory rules refuse both in prod, so the stack file is refused first. The AWS CDN
  site's default certificate is the same case.
- runtime kubernetes: the cluster's Ingress gets its certificate for a host of the domain.
- a service's `host` names a host of the domain; `site.service` and `site.api_service` reach the service at
  that host over HTTPS; `hosted_zone_id` is the zone of the domain's records.
"""

from __future__ import annotations

from typing import Any

from .model import WebService

APP = "stackyard:app"


def domain_problems(cloud: Any, environment: Any, app: dict[str, Any], services: dict[str, Any]) -> list[str]:
    """One line per problem, with the key path. `app` is the raw app mapping, `services` the validated
    service models by name."""
    if app.get("domain"):
        return []
    problems: list[str] = []
    if app.get("hosted_zone_id"):
        problems.append(
            f"{APP}.hosted_zone_id: the zone of {APP}.domain's records, which is not set; set "
            f"{APP}.domain or remove hosted_zone_id"
        )
    public = [n for n, s in services.items() if isinstance(s, WebService) and s.public]
    for name in public:
        path = f"{APP}.services.{name}"
        reason = _why_public_needs_domain(cloud, environment, app)
        if reason:
            problems.append(f"{path}.public: {reason}; set {APP}.domain")
        if services[name].host:
            problems.append(
                f"{path}.host: a host of {APP}.domain, which is not set; without a domain a public "
                "service is served at the name its cloud gives it (aws: *.cloudfront.net, gcp: *.run.app); "
                "remove host"
            )
    site = app.get("site")
    if isinstance(site, dict):
        for key in ("service", "api_service"):
            if site.get(key) is not None:
                problems.append(
                    f"{APP}.site.{key}: the CDN reaches the service at its host on {APP}.domain over HTTPS; "
                    f"set {APP}.domain (a stack without one serves the service at its own URL)"
                )
        if cloud == "aws" and environment == "prod":
            problems.append(
                f"{APP}.site: a prod site is served with a certificate for {APP}.domain (TLS 1.2 or newer); "
                "CloudFront's default *.cloudfront.net certificate lets viewers negotiate TLSv1; set "
                f"{APP}.domain"
            )
    return problems


def _why_public_needs_domain(cloud: Any, environment: Any, app: dict[str, Any]) -> str | None:
    """Why this stack cannot serve a public service without a domain, or None when it can."""
    if app.get("runtime") == "kubernetes":
        return (
            "with runtime kubernetes a public service is served by the cluster's Ingress on a host of "
            "app.domain, with a certificate for it"
        )
    if environment == "prod":
        if cloud == "gcp":
            return (
                "a prod service is served through the load balancer (Cloud Armor, TLS policy) with a "
                "certificate for app.domain; only a staging stack serves it at its run.app URL"
            )
        return (
            "a prod service is served with a certificate for app.domain (TLS 1.2 or newer); only a staging "
            "stack serves it at a *.cloudfront.net name, whose certificate lets viewers negotiate TLSv1"
        )
    return None
