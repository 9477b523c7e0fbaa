"""The HTTPS front end of a global external Application Load Balancer, shared by `LoadBalancer` and
`CdnSite` (not a component: a function both call, and the argument checks both use).

For a URL map it builds a global static IPv4 address, one Google-managed certificate per host, an SSL
policy, the target HTTPS proxy (QUIC / HTTP/3 on) and its forwarding rule on 443, the HTTP -> HTTPS redirect
(a second URL map, a target HTTP proxy and a forwarding rule on 80, on the same address), and optionally a
Cloud DNS A record per host. Both forwarding rules use the EXTERNAL_MANAGED scheme (the global external
Application Load Balancer, not the classic one)."""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Sequence
from dataclasses import dataclass

import pulumi
import pulumi_gcp as gcp

from ..bounds import OneOf
from ..naming import physical_name
from .labels import check_labels, managed_labels

# Compute Engine names: RFC 1035, 1-63 characters (provider docs of every resource built here).
NAME_LIMIT = 63
# SSL policy profiles that keep TLS 1.0/1.1 ciphers out (COMPATIBLE allows them, CUSTOM is hand-picked).
# TLS_1_3 needs RESTRICTED, FIPS_202205 needs TLS_1_2 (provider `SSLPolicy.min_tls_version` / `profile`).
SSL_PROFILES = ("MODERN", "RESTRICTED", "FIPS_202205")
MIN_TLS_VERSIONS = ("TLS_1_2", "TLS_1_3")
# The bounds of the SSL policy arguments (`components.bounds`), declared by each component that takes them on
# its own `...Args`; `check_tls` checks the two together.
TLS_BOUNDS = {"ssl_profile": OneOf(*SSL_PROFILES), "min_tls_version": OneOf(*MIN_TLS_VERSIONS)}
DEFAULT_SSL_PROFILE = "MODERN"
DEFAULT_MIN_TLS_VERSION = "TLS_1_2"
# "Currently, you may specify up to 15 SSL certificates" (provider `TargetHttpsProxy.ssl_certificates`).
MAX_CERTIFICATES = 15
DNS_TTL = 300
HTTPS_PORT, HTTP_PORT = "443", "80"
SCHEME = "EXTERNAL_MANAGED"

# A public DNS name: lowercase labels of 1-63 letters, digits and inner hyphens, a letter-only top-level
# label, at most 253 characters. No wildcards: Google-managed certificates do not cover them.
_HOSTNAME = re.compile(r"^(?=.{4,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$")
# Cloud DNS managed zone names: 1-63 lowercase letters, digits and dashes, starting with a letter.
_ZONE_NAME = re.compile(r"^[a-z]([-a-z0-9]{0,61}[a-z0-9])?$")
# URL map path patterns: "must start with / and the only place a * is allowed is at the end following a
# /", with no ? or # (provider `URLMapPathMatcherPathRule.paths`); at most 1024 characters.
_PATH = re.compile(r"^/[^*?#\s]*$|^/([^*?#\s]*/)?\*$")
MAX_PATH_LENGTH = 1024


def check_hostname(component: str, argument: str, host: object) -> str:
    """`host` if it is a lowercase public DNS name; a ValueError naming `component` and `argument`."""
    if not isinstance(host, str) or not _HOSTNAME.match(host):
        raise ValueError(
            f"{component} {argument} {host!r} is not allowed; use a lowercase DNS name such as "
            "api.example.com (no wildcard, no scheme, no port, no trailing dot)"
        )
    return host


def check_path(component: str, argument: str, path: object) -> str:
    """`path` if it is a URL map path pattern such as "/*", "/api/*" or "/health"."""
    if not isinstance(path, str) or len(path) > MAX_PATH_LENGTH or not _PATH.match(path):
        raise ValueError(
            f"{component} {argument} {path!r} is not allowed; use a path starting with / with at most "
            'one * at the very end after a / (e.g. "/*", "/api/*", "/health"), no ? or #'
        )
    return path


def check_tls(component: str, ssl_profile: object, min_tls_version: object) -> tuple[str, str]:
    """The SSL policy profile and minimum TLS version (each admitted by its bound, `TLS_BOUNDS`), checked
    together."""
    assert isinstance(ssl_profile, str) and isinstance(min_tls_version, str)
    if min_tls_version == "TLS_1_3" and ssl_profile != "RESTRICTED":
        raise ValueError(
            f"{component} min_tls_version 'TLS_1_3' is not allowed with ssl_profile {ssl_profile!r}; "
            "Google Cloud requires ssl_profile RESTRICTED for it"
        )
    if ssl_profile == "FIPS_202205" and min_tls_version != "TLS_1_2":
        raise ValueError(
            f"{component} min_tls_version {min_tls_version!r} is not allowed with ssl_profile "
            "'FIPS_202205'; use TLS_1_2"
        )
    return ssl_profile, min_tls_version


def check_dns_zone(component: str, zone: object) -> None:
    """A Cloud DNS managed zone name (a plain string is checked; an Output is taken as it comes)."""
    if zone is None or isinstance(zone, pulumi.Output):
        return
    if not isinstance(zone, str) or not _ZONE_NAME.match(zone):
        raise ValueError(
            f"{component} dns_zone {zone!r} is not allowed; use the name of a Cloud DNS managed zone "
            "(lowercase letters, digits and -, starting with a letter, at most 63), e.g. example-com"
        )


def checked_managed_labels(component: str, labels: object) -> dict[str, str]:
    """User labels, checked (`components.gcp.labels`), plus managed-by: stackyard."""
    return managed_labels(check_labels(component, labels))


def is_cidr(value: object) -> bool:
    """Whether `value` is an IPv4 or IPv6 address or network in CIDR notation."""
    if not isinstance(value, str):
        return False
    try:
        ipaddress.ip_network(value, strict=False)
    except ValueError:
        return False
    return True


@dataclass
class Frontend:
    """What `https_frontend` built."""

    ip_address: pulumi.Output[str]
    """The global static IPv4 address both forwarding rules listen on."""
    certificate_names: pulumi.Output[list[str]]
    """The Google-managed certificates' names, in host order."""
    address: gcp.compute.GlobalAddress
    https_proxy: gcp.compute.TargetHttpsProxy
    http_redirect_map: gcp.compute.URLMap


def https_frontend(
    parent: pulumi.Resource,
    name: str,
    *,
    prefix: str,
    url_map: gcp.compute.URLMap,
    hosts: Sequence[str],
    labels: dict[str, str],
    ssl_profile: str = DEFAULT_SSL_PROFILE,
    min_tls_version: str = DEFAULT_MIN_TLS_VERSION,
    dns_zone: pulumi.Input[str] | None = None,
) -> Frontend:
    """Serve `url_map` over HTTPS for `hosts` (already checked: distinct, at most 15) on a new global
    address, with port 80 redirecting to HTTPS. Logical names start with `name`; physical names with
    `prefix` (e.g. "shop-lb"), shortened with a hash to 63 characters. Every resource is a child of
    `parent`.

    Each host gets its own certificate named `<prefix>-<host>`: Google-managed certificates cannot change
    their domains, so one certificate per host means adding or removing a host never replaces the
    certificate of another (which would drop it back to PROVISIONING). A certificate becomes ACTIVE only
    once the host's DNS A record points at `ip_address`."""
    child = pulumi.ResourceOptions(parent=parent)

    def named(suffix: str) -> str:
        return physical_name(f"{prefix}-{suffix}", NAME_LIMIT)

    address = gcp.compute.GlobalAddress(
        name,
        name=named("ip"),
        description="stackyard load balancer address (443 and the 80 -> 443 redirect)",
        address_type="EXTERNAL",
        ip_version="IPV4",
        labels=labels,
        opts=child,
    )
    certificates = [
        gcp.compute.ManagedSslCertificate(
            f"{name}-{host}",
            name=named(host),
            description=f"Google-managed certificate for {host}",
            type="MANAGED",
            managed={"domains": [host]},
            opts=child,
        )
        for host in hosts
    ]
    ssl_policy = gcp.compute.SSLPolicy(
        name,
        name=named("tls"),
        description=f"TLS >= {min_tls_version.removeprefix('TLS_').replace('_', '.')}, {ssl_profile} ciphers",
        profile=ssl_profile,
        min_tls_version=min_tls_version,
        opts=child,
    )
    https_proxy = gcp.compute.TargetHttpsProxy(
        name,
        name=named("https-proxy"),
        url_map=url_map.id,
        ssl_certificates=[certificate.id for certificate in certificates],
        ssl_policy=ssl_policy.id,
        quic_override="ENABLE",  # HTTP/3 for clients that offer it
        opts=child,
    )
    gcp.compute.GlobalForwardingRule(
        f"{name}-https",
        name=named("https"),
        target=https_proxy.id,
        ip_address=address.address,
        ip_protocol="TCP",
        port_range=HTTPS_PORT,
        load_balancing_scheme=SCHEME,
        labels=labels,
        opts=child,
    )

    # Port 80 answers every request with a 301 to the same URL over HTTPS, and reaches no backend.
    redirect_map = gcp.compute.URLMap(
        f"{name}-redirect",
        name=named("redirect"),
        description="HTTP -> HTTPS redirect",
        default_url_redirect={
            "https_redirect": True,
            "redirect_response_code": "MOVED_PERMANENTLY_DEFAULT",
            "strip_query": False,
        },
        opts=child,
    )
    http_proxy = gcp.compute.TargetHttpProxy(
        name,
        name=named("http-proxy"),
        url_map=redirect_map.id,
        opts=child,
    )
    gcp.compute.GlobalForwardingRule(
        f"{name}-http",
        name=named("http"),
        target=http_proxy.id,
        ip_address=address.address,
        ip_protocol="TCP",
        port_range=HTTP_PORT,
        load_balancing_scheme=SCHEME,
        labels=labels,
        opts=child,
    )

    if dns_zone is not None:
        for host in hosts:
            gcp.dns.RecordSet(
                f"{name}-{host}",
                name=f"{host}.",
                type="A",
                ttl=DNS_TTL,
                managed_zone=dns_zone,
                rrdatas=[address.address],
                opts=child,
            )

    return Frontend(
        ip_address=address.address,
        certificate_names=pulumi.Output.all(*[certificate.name for certificate in certificates]),
        address=address,
        https_proxy=https_proxy,
        http_redirect_map=redirect_map,
    )
