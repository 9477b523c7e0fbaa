"""Notes on DNS: the Route 53 zones `pulumi up` looks up or creates for the certificates' validation (AWS),
and the A records or Cloud DNS zone delegation Google-managed certificates wait for (GCP). Each rule returns
None when its note does not apply.
"""

from __future__ import annotations

from ..model import WebService
from .rules import Facts, _listing, _one


def _undomained(f: Facts) -> list[str]:
    """The public web services of a stack without `app.domain` (served at the names their cloud gives)."""
    if f.app.domain:
        return []
    return [n for n, s in f.app.services.items() if isinstance(s, WebService) and s.public]


def _no_domain(f: Facts, served_at: str, and_why: str) -> str | None:
    """The note of a stack without `app.domain`: where its public services are served, and why prod needs a
    domain on this cloud."""
    names = _undomained(f)
    if not names:
        return None
    return (
        f"No custom domain: {_listing(names)} {_one(names, 'is', 'are')} served at "
        f"{_one(names, 'its', 'their')} own {served_at} (the output `serviceUrls`), {and_why}, so a prod "
        "stack needs `app.domain`."
    )


def _aws_no_domain(f: Facts) -> str | None:
    return _no_domain(
        f,
        "CloudFront name, `https://dxxxx.cloudfront.net`",
        "through an internal load balancer that only CloudFront's VPC origin reaches. A new distribution "
        "takes some minutes to deploy; the default *.cloudfront.net certificate lets viewers negotiate TLSv1",
    )


def _gcp_no_domain(f: Facts) -> str | None:
    return _no_domain(
        f,
        "run.app URL",
        "with no load balancer: Cloud Armor and the load balancer's TLS policy do not apply",
    )


def _aws_dns(f: Facts) -> str | None:
    from components.aws.certificate import zone_name  # how the components look a zone up by name

    domain, hosts = f.app.domain, sorted(set(f.public_hosts.values()))
    settings = f.app.kubernetes
    lookups: dict[str, list[str]] = {}  # zone name -> what looks it up
    if domain is not None and f.managed and hosts:
        lookups.setdefault(zone_name(domain), []).append("load balancer")
    if domain is not None and f.app.site is not None:
        lookups.setdefault(zone_name(domain), []).append("site")
    created = settings is None or settings.cluster == "create"
    if not f.managed and hosts and created and (settings is None or not settings.ingress_class):
        lookups.setdefault(zone_name(hosts[0]), []).append("Kubernetes ingress")  # EKS Auto Mode's ALB
    if not lookups:
        return None
    if f.app.hosted_zone == "create":
        return (
            f"The stack creates the Route 53 zone `{domain}`, and ACM validates the certificates in it only "
            "once your registrar (or the parent zone) delegates it, so `pulumi up` would wait at the "
            f"validation: create the zone first, `pulumi up --target '**::{f.app.name}-zone'`, delegate "
            "the domain to the name servers in the output `nameServers` (an NS record set), then run "
            "`pulumi up`."
        )
    if f.app.hosted_zone_id:
        return (
            "ACM validates the certificates through DNS records in Route 53 zone "
            f"`{f.app.hosted_zone_id}`: it must be a public zone delegated at your registrar (its NS "
            "records), or `pulumi up` waits for the validation until it times out."
        )
    zones = " and ".join(f"`{zone}` ({', '.join(users)})" for zone, users in lookups.items())
    return (
        f"`pulumi up` looks up the public Route 53 {_one(lookups, 'zone', 'zones')} {zones} by name for the "
        "certificates' DNS validation records: create "
        f"{_one(lookups, 'it', 'each')} and delegate it at your registrar (its NS records) first, or set "
        "`app.hosted_zone_id` (a delegated sub-zone must be given that way)"
        + (
            ", or `app.hosted_zone: create` to have the stack create the zone of `app.domain`."
            if f.managed
            else "."
        )
    )


def _gcp_dns(f: Facts) -> str | None:
    domain = f.app.domain
    targets: dict[str, list[str]] = {}  # output -> host names
    if domain is not None and f.app.site is not None:
        targets["siteIpAddress"] = [domain]
    if f.managed and f.public_hosts:
        targets["loadBalancerIp"] = sorted(set(f.public_hosts.values()))
    if not targets:
        return None
    hosts = [host for names in targets.values() for host in names]
    if f.app.hosted_zone == "create":
        return (
            f"The stack creates the Cloud DNS zone `{domain}` and writes the A records of {_listing(hosts)} "
            "there: after the first `pulumi up`, delegate the domain at your registrar (or in the parent "
            "zone) to the name servers in the output `nameServers`. Google-managed certificates stay "
            "unissued (PROVISIONING), and HTTPS fails, until the names resolve to the load balancer."
        )
    if f.app.hosted_zone_id:
        return (
            f"The stack writes the A records of {_listing(hosts)} in Cloud DNS zone "
            f"`{f.app.hosted_zone_id}`: delegate it at your registrar (its NS records); Google-managed "
            "certificates stay unissued (PROVISIONING), and HTTPS fails, until the names resolve to the load "
            "balancer."
        )
    pointers = ", ".join(f"{_listing(names)} to the output `{output}`" for output, names in targets.items())
    return (
        f"After the first `pulumi up`, point A records of {pointers}: Google-managed certificates stay "
        "unissued (PROVISIONING), and HTTPS fails, until the names resolve there (or set "
        "`app.hosted_zone_id` to your Cloud DNS zone, or `app.hosted_zone: create`, and the stack writes "
        "the records)."
    )
