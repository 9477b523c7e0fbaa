"""`LoadBalancer`: the stack's one public entry point for its services on Google Cloud: a global external
Application Load Balancer (EXTERNAL_MANAGED) that routes hosts and paths to serverless backend services,
HTTPS only (a Google-managed certificate per host, an SSL policy with TLS >= 1.2, port 80 redirecting to
443), with optional Cloud DNS records."""

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Required, TypedDict

import pulumi
import pulumi_gcp as gcp

from ..bounds import bounds
from ..checks import refuse_unknown_keys
from ..naming import physical_base, physical_name
from .https_frontend import (
    DEFAULT_MIN_TLS_VERSION,
    DEFAULT_SSL_PROFILE,
    MAX_CERTIFICATES,
    NAME_LIMIT,
    TLS_BOUNDS,
    check_dns_zone,
    check_hostname,
    check_path,
    check_tls,
    checked_managed_labels,
    https_frontend,
)

COMPONENT = "LoadBalancer"
CATCH_ALL = "/*"


class LoadBalancerRoute(TypedDict, total=False):
    """Requests for `host` (and, when given, only `paths` of it) go to one backend service."""

    host: Required[str]
    """The DNS name the route answers, e.g. "api.shop.example.com" (lowercase, no wildcard). It gets its own
    Google-managed certificate. Required."""
    backend_service_id: Required[pulumi.Input[str]]
    """The global backend service requests go to, e.g. a ContainerService's `backend_service_id`.
    Required."""
    paths: list[str]
    """Path patterns of `host` for this backend: "/*" (everything), a prefix ending in "/*" such as
    "/api/*", or an exact path such as "/health". Default ["/*"]. Several routes may share a host with
    different paths; see `LoadBalancer` for how a host's other paths are answered."""


class LoadBalancerArgs(TypedDict, total=False):
    routes: Required[list[LoadBalancerRoute]]
    """Where requests go: at least one route, at most 15 distinct hosts (one certificate each, the target
    HTTPS proxy's limit), no path pattern twice for one host. Required."""
    labels: dict[str, str]
    """Labels on the address and the forwarding rules (the only resources here that take labels), plus
    managed-by: stackyard. Keys: a lowercase letter, then lowercase letters, digits, _ or -, at most 63;
    values the same characters. Default {}."""
    dns_zone: pulumi.Input[str] | None
    """A Cloud DNS managed zone, by name (e.g. "shop-example-com"), that holds the hosts: each host gets an
    A record (TTL 300) to `ip_address` there. Default None: no records; point each host's DNS at the
    `ip_address` output yourself (the certificates stay PROVISIONING until it resolves there)."""
    ssl_profile: str
    """The SSL policy's cipher profile: "MODERN", "RESTRICTED" (the strictest; required for TLS_1_3) or
    "FIPS_202205" (FIPS 140-3 ciphers, with TLS_1_2). Default "MODERN"."""
    min_tls_version: str
    """The oldest TLS version clients may use: "TLS_1_2" or "TLS_1_3" (needs ssl_profile RESTRICTED).
    Default "TLS_1_2". TLS 1.3 is always offered."""
    physical_name: str
    """The base of the physical names of this component's cloud resources (`<physical_name>-lb`: the URL
    maps, address, certificates, SSL policy, proxies and forwarding rules). Default: the component's name.
    Give each stack its own (e.g. "shop-staging") so that two stacks in one project never collide, while the
    logical names, and so the URNs, stay the same. 1-63 lowercase letters, digits and hyphens, starting with
    a letter."""


# What each argument admits, checked (by `refuse_unknown_keys`) before anything else (`components.bounds`).
BOUNDS = bounds(LoadBalancerArgs, **TLS_BOUNDS)


@dataclass(frozen=True)
class _Host:
    """One host's routing: the backend for its unmatched paths and (paths, backend) path rules."""

    host: str
    matcher: str
    default_backend: pulumi.Input[str]
    path_rules: list[tuple[list[str], pulumi.Input[str]]]


class LoadBalancer(pulumi.ComponentResource):
    """The public global external Application Load Balancer in front of the stack's services.

    A URL map sends each host to a path matcher of its own: requests whose path matches a route's `paths`
    go to that route's backend service; the host's other paths go to the route that lists "/*", or else
    to the host's first route (one backend per host is the usual case, and then every path goes to it).
    Requests for a host no route names (e.g. the bare IP address, or a stale DNS name) never reach a
    backend: they are redirected (302, path and query kept) to the first route's host.

    The front end is HTTPS only: a global static IPv4 address, one Google-managed certificate per host
    (named after the host, so adding a host never replaces another's certificate), an SSL policy (MODERN
    ciphers, TLS >= 1.2 by default), a target HTTPS proxy with QUIC / HTTP/3 on, and a forwarding rule on
    443. Port 80 on the same address only redirects to HTTPS (301) through a URL map of its own. Both
    forwarding rules use the EXTERNAL_MANAGED scheme (the global external Application Load Balancer, which
    Cloud Armor, custom error responses and advanced traffic management need). With `dns_zone`, each host
    gets a Cloud DNS A record; certificates become ACTIVE once the hosts resolve to `ip_address`.

    Physical names are explicit and stable, from `physical_name` (default: the component name):
    `<physical_name>-lb` (URL map), `-lb-ip`, `-lb-tls`, `-lb-https-proxy`, `-lb-https`, `-lb-http`,
    `-lb-<host>` (certificates) …, shortened with a hash beyond 63 characters; two LoadBalancers with the
    same `physical_name` in one project collide.

    Example:

        edge = LoadBalancer(
            "shop",
            {
                "routes": [
                    {
                        "host": "api.shop.example.com",
                        "backend_service_id": "projects/shop-prod/global/backendServices/shop-api",
                        "paths": ["/*"],
                    },
                    {
                        "host": "api.shop.example.com",
                        "backend_service_id": "projects/shop-prod/global/backendServices/shop-search",
                        "paths": ["/search/*"],
                    },
                ],
                "dns_zone": "shop-example-com",
            },
        )
        pulumi.export("loadBalancerIp", edge.ip_address)
    """

    ip_address: pulumi.Output[str]
    """The load balancer's global static IPv4 address: the hosts' DNS A records point here."""
    url_map_id: pulumi.Output[str]
    """The URL map's id, `projects/<project>/global/urlMaps/<name>-lb`."""
    certificate_names: pulumi.Output[list[str]]
    """The Google-managed certificates' names, one per host, in host order."""
    hosts: pulumi.Output[list[str]]
    """The hosts served, in the order they first appear in `routes`."""

    def __init__(self, name: str, args: LoadBalancerArgs, opts: pulumi.ResourceOptions | None = None) -> None:
        refuse_unknown_keys(LoadBalancer, LoadBalancerArgs, name, args, opts)
        hosts = _check_routes(args.get("routes"))
        ssl_profile, min_tls_version = check_tls(
            COMPONENT,
            args.get("ssl_profile", DEFAULT_SSL_PROFILE),
            args.get("min_tls_version", DEFAULT_MIN_TLS_VERSION),
        )
        dns_zone = args.get("dns_zone")
        check_dns_zone(COMPONENT, dns_zone)
        labels = checked_managed_labels(COMPONENT, args.get("labels"))
        base = physical_base(COMPONENT, name, args.get("physical_name"))
        super().__init__("stackyard-gcp:index:LoadBalancer", name, None, opts)
        prefix = f"{base}-lb"

        url_map = gcp.compute.URLMap(
            name,
            name=physical_name(prefix, NAME_LIMIT),
            description="stackyard load balancer: hosts and paths to backend services",
            # A host no route names is sent to the first host, never to a backend.
            default_url_redirect={
                "host_redirect": hosts[0].host,
                "redirect_response_code": "FOUND",
                "strip_query": False,
            },
            host_rules=[{"hosts": [h.host], "path_matcher": h.matcher} for h in hosts],
            path_matchers=[_path_matcher(h) for h in hosts],
            opts=pulumi.ResourceOptions(parent=self),
        )
        frontend = https_frontend(
            self,
            name,
            prefix=prefix,
            url_map=url_map,
            hosts=[h.host for h in hosts],
            labels=labels,
            ssl_profile=ssl_profile,
            min_tls_version=min_tls_version,
            dns_zone=dns_zone,
        )

        self.ip_address = frontend.ip_address
        self.url_map_id = url_map.id
        self.certificate_names = frontend.certificate_names
        self.hosts = pulumi.Output.from_input([h.host for h in hosts])
        self.register_outputs(
            {
                "ip_address": self.ip_address,
                "url_map_id": self.url_map_id,
                "certificate_names": self.certificate_names,
                "hosts": self.hosts,
            }
        )


def _path_matcher(host: _Host) -> gcp.compute.URLMapPathMatcherArgsDict:
    matcher: gcp.compute.URLMapPathMatcherArgsDict = {
        "name": host.matcher,
        "description": f"routes of {host.host}",
        "default_service": host.default_backend,
    }
    if host.path_rules:
        matcher["path_rules"] = [{"paths": paths, "service": backend} for paths, backend in host.path_rules]
    return matcher


def _check_routes(routes: object) -> list[_Host]:
    """The routes, checked and grouped by host (in order of first appearance)."""
    if not isinstance(routes, list) or not routes:
        raise ValueError(
            f"{COMPONENT} routes {routes!r} is not allowed; use a list of at least one route "
            '{"host": ..., "backend_service_id": ..., "paths": [...]}'
        )
    grouped: dict[str, list[tuple[list[str], pulumi.Input[str]]]] = {}
    for index, route in enumerate(routes):
        where = f"routes[{index}]"
        if not isinstance(route, Mapping):
            raise ValueError(f"{COMPONENT} {where} {route!r} is not allowed; use a dict")
        unknown = set(route) - {"host", "backend_service_id", "paths"}
        if unknown:
            raise ValueError(
                f"{COMPONENT} {where} keys {sorted(unknown)} are not allowed; use host, backend_service_id "
                "and paths"
            )
        host = check_hostname(COMPONENT, f"{where}.host", route.get("host"))
        backend: Any = route.get("backend_service_id")
        if not isinstance(backend, str | pulumi.Output) or backend == "":
            raise ValueError(
                f"{COMPONENT} {where}.backend_service_id {backend!r} is not allowed; use a backend "
                "service id, e.g. a ContainerService's backend_service_id"
            )
        paths = route.get("paths", [CATCH_ALL])
        if not isinstance(paths, list) or not paths:
            raise ValueError(
                f'{COMPONENT} {where}.paths {paths!r} is not allowed; use a list of patterns such as ["/*"]'
            )
        checked = [check_path(COMPONENT, f"{where}.paths", path) for path in paths]
        taken = {p for other, _ in grouped.get(host, []) for p in other}
        repeated = sorted((taken & set(checked)) | {p for p in checked if checked.count(p) > 1})
        if repeated:
            raise ValueError(
                f"{COMPONENT} {where}.paths {repeated} is not allowed; host {host} already routes "
                f"{', '.join(repeated)} (each path pattern goes to one backend)"
            )
        grouped.setdefault(host, []).append((checked, backend))
    if len(grouped) > MAX_CERTIFICATES:
        raise ValueError(
            f"{COMPONENT} routes name {len(grouped)} hosts; at most {MAX_CERTIFICATES} are allowed (one "
            "certificate each, the target HTTPS proxy's limit)"
        )
    return [_host(host, routes_of_host) for host, routes_of_host in grouped.items()]


def _host(host: str, routes: list[tuple[list[str], pulumi.Input[str]]]) -> _Host:
    catch_all = next((backend for paths, backend in routes if CATCH_ALL in paths), None)
    default = catch_all if catch_all is not None else routes[0][1]
    rules = [([p for p in paths if p != CATCH_ALL], backend) for paths, backend in routes]
    return _Host(
        host=host,
        matcher=_matcher_name(host),
        default_backend=default,
        path_rules=[(paths, backend) for paths, backend in rules if paths],
    )


def _matcher_name(host: str) -> str:
    """A path matcher name unique in the URL map: the host made RFC 1035, with a short hash of the host
    (two hosts such as a-b.example.com and a.b-example.com would otherwise share one)."""
    digest = hashlib.sha256(host.encode()).hexdigest()[:6]
    return f"{physical_name(host, NAME_LIMIT - 7)}-{digest}"
