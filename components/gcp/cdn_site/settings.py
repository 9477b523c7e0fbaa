"""`CdnSite`'s first step: its arguments (the `…Args` TypedDicts the docs and the Pulumi schema are read
from), the constants and limits they are held to, and the checks that settle them into plain `_Settings`
before anything is registered."""

import re
from dataclasses import dataclass
from typing import Required, TypedDict, cast

import pulumi

from ...bounds import Between, bounds
from ...checks import check_bounds
from ...naming import physical_base
from ..https_frontend import (
    DEFAULT_MIN_TLS_VERSION,
    DEFAULT_SSL_PROFILE,
    TLS_BOUNDS,
    check_dns_zone,
    check_hostname,
    check_path,
    check_tls,
    checked_managed_labels,
)

COMPONENT = "CdnSite"
INDEX = "index.html"
# GCS bucket names: 3-63 characters (without dots), never containing "google".
BUCKET_NAME_LIMIT = 63
# TTLs: 0 to 31,622,400 seconds, one year (cloud.google.com/cdn/docs/using-ttl-overrides).
MAX_TTL_SECONDS = 31_622_400
DEFAULT_CACHE_TTL = 3600
DEFAULT_BROWSER_TTL = 300
SERVE_WHILE_STALE_SECONDS = 86400  # a day, Google's recommendation
# A service's static paths (CACHE_ALL_STATIC): like CloudFront's CachingOptimized, a day when the response
# says nothing, the origin's max-age honoured up to a year (for browsers too: content-hashed files are
# immutable), no query string in the cache key.
STATIC_DEFAULT_TTL = 86400
STATIC_MAX_TTL = 31_536_000
NEGATIVE_CACHE_SECONDS = 60
HSTS_MAX_AGE = 63072000  # two years
SECURITY_HEADERS = [
    f"Strict-Transport-Security: max-age={HSTS_MAX_AGE}; includeSubDomains; preload",
    "X-Content-Type-Options: nosniff",
    "X-Frame-Options: DENY",
    "Referrer-Policy: strict-origin-when-cross-origin",
]
# A region ("europe-west1"), a multi-region ("US", "EU", "ASIA") or a predefined dual-region ("NAM4").
_LOCATION = re.compile(r"^[a-z]+-[a-z]+[0-9]+$|^[A-Za-z]{2,4}[0-9]?$")
_ORIGIN_NAME = re.compile(r"^[a-z][a-z0-9-]{0,39}$")
_REGION = re.compile(r"^[a-z]+-[a-z]+[0-9]+$")


class ServiceOrigin(TypedDict, total=False):
    """A Cloud Run service as the site's default route (e.g. a server-rendered Next.js frontend, a public
    ContainerService)."""

    service_name: Required[pulumi.Input[str]]
    """The Cloud Run service's name (a ContainerService's `service_name`); its ingress must admit Google
    Cloud load balancers (a public ContainerService's does). Required."""
    region: pulumi.Input[str]
    """The service's region, e.g. "europe-west1". Default: the provider's region."""
    static_paths: list[str]
    """Path patterns of the framework's static files, cached (cache mode CACHE_ALL_STATIC: the service's
    max-age honoured up to a year, a day when it sends none; no query string in the cache key), e.g.
    ["/_next/static/*", "/favicon.ico"]. Default []."""


class BucketOrigin(TypedDict):
    """A Cloud Storage bucket (e.g. uploaded files) served under some paths of the site."""

    name: str
    """A short name, e.g. "uploads" (the backend bucket `<physical_name>-site-<name>`); 1-40 lowercase
    letters, digits and hyphens, starting with a letter. Required."""
    bucket_name: pulumi.Input[str]
    """The bucket's name (a `Bucket`'s `bucket_name`). Required."""
    path_patterns: list[str]
    """The paths served from the bucket, e.g. ["/uploads/*"]: "/uploads/a.png" is the object
    "uploads/a.png". Required."""


class CdnSiteArgs(TypedDict, total=False):
    domain: Required[str]
    """The site's DNS name, e.g. "shop.example.com": the Google-managed certificate's domain and the URL
    map's host. Required."""
    spa: bool
    """Single-page app: a path the bucket has no object for (404) is answered with /index.html and status
    200, so client-side routes (/orders/42) load the app. Only the site's own paths: the API's 404s pass
    through unchanged. Not with `service_origin`. Default False."""
    service_origin: ServiceOrigin | None
    """A Cloud Run service as the default route instead of the bucket: a serverless NEG and a backend
    service with Cloud CDN in cache mode USE_ORIGIN_HEADERS (only what the service marks cacheable, e.g. a
    regenerated page with `Cache-Control: public, s-maxage=…`, is cached), the request's host, query string
    and cookies passed as they come; its `static_paths` go to a second backend service on the same NEG in
    cache mode CACHE_ALL_STATIC. Default None: the bucket serves every path."""
    security_policy: pulumi.Input[str] | None
    """A Cloud Armor security policy (its `policy_id`) on the service's backend services: it filters the
    requests that reach the service (cache misses). Used only with `service_origin`. Default None."""
    bucket_origins: list[BucketOrigin]
    """More buckets served under some paths (e.g. uploaded files under "/uploads/*"), each through a backend
    bucket with Cloud CDN; the load balancer's service agent may read only the objects those paths reach.
    Everything under the paths is public to whoever has the URL. Default []."""
    labels: dict[str, str]
    """Labels on the bucket, the address and the forwarding rules, plus managed-by: stackyard. Default
    {}."""
    dns_zone: pulumi.Input[str] | None
    """A Cloud DNS managed zone, by name (e.g. "example-com"), that holds `domain`: it gets an A record
    (TTL 300) to `ip_address` there. Default None: no record; point the domain at `ip_address` yourself (the
    certificate stays PROVISIONING until it resolves there)."""
    api_backend_service_id: pulumi.Input[str] | None
    """A global backend service (e.g. a public ContainerService's `backend_service_id`) that serves
    `api_path` on the same host. Default None: the bucket serves every path."""
    api_path: str
    """The path pattern sent to `api_backend_service_id`, e.g. "/api/*" (a prefix ending in "/*") or
    "/graphql" (exact); not "/" or "/*", which would hide the site. Used only with
    `api_backend_service_id`. Default "/api/*"."""
    edge_security_policy: pulumi.Input[str] | None
    """A Cloud Armor edge security policy (a SecurityPolicy with `edge`: its `policy_id`) for the backend
    buckets and the service's backend services: it filters every request, cached ones included. Default
    None."""
    location: pulumi.Input[str] | None
    """Where the bucket lives: a region ("europe-west1") or a multi-region ("US", "EU", "ASIA"); Cloud CDN
    caches it worldwide either way. Default None: the provider's region. Fixed at creation."""
    cache_ttl_seconds: int
    """How long Cloud CDN keeps every object (cache mode FORCE_CACHE_ALL: private objects carry
    `Cache-Control: private`, which CDN would otherwise obey and never cache), 0 to 31,622,400. Default 3600.
    After a deploy, invalidate the cache (see `CdnSite`)."""
    browser_ttl_seconds: int
    """How long browsers may keep a response (`client_ttl`), 0 to `cache_ttl_seconds`. Default 300, so a
    deploy reaches returning visitors within 5 minutes of the invalidation."""
    log_bucket: pulumi.Input[str] | None
    """Name of a bucket that receives the site bucket's usage logs (the Bucket's `log_bucket`; it must let
    group:cloud-storage-analytics@google.com create objects). Default None: no usage logs."""
    force_destroy: bool
    """Let `pulumi destroy` delete the bucket with the objects it still holds. Default False."""
    ssl_profile: str
    """The SSL policy's cipher profile: "MODERN", "RESTRICTED" (needed for TLS_1_3) or "FIPS_202205".
    Default "MODERN"."""
    min_tls_version: str
    """The oldest TLS version clients may use: "TLS_1_2" or "TLS_1_3" (needs ssl_profile RESTRICTED).
    Default "TLS_1_2"."""
    physical_name: str
    """The base of the physical names of this component's cloud resources (`<physical_name>-site`: the URL
    map, backend bucket, address, certificate, proxies and forwarding rules; the bucket
    `<project>-<physical_name>-site`). Default: the component's name. Give each stack its own (e.g.
    "shop-staging") so that two stacks in one project never collide, while the logical names, and so the
    URNs, stay the same. 1-63 lowercase letters, digits and hyphens, starting with a letter, not containing
    "google"."""


# What each argument admits, checked before anything else (`components.bounds`); its bool arguments must be
# True or False by their type. `browser_ttl_seconds` (at most `cache_ttl_seconds`) keeps its own check.
BOUNDS = bounds(
    CdnSiteArgs,
    **TLS_BOUNDS,
    cache_ttl_seconds=Between(
        0, MAX_TTL_SECONDS, what=f"a whole number of seconds from 0 to {MAX_TTL_SECONDS:,}"
    ),
)


@dataclass(frozen=True)
class _Settings:
    """The plain, validated arguments."""

    domain: str
    spa: bool
    force_destroy: bool
    api_backend: pulumi.Input[str] | None
    api_path: str
    edge_policy: pulumi.Input[str] | None
    security_policy: pulumi.Input[str] | None
    service: ServiceOrigin | None
    bucket_origins: list[BucketOrigin]
    location: pulumi.Input[str] | None
    cache_ttl: int
    browser_ttl: int
    ssl_profile: str
    min_tls_version: str
    dns_zone: pulumi.Input[str] | None
    labels: dict[str, str]
    log_bucket: pulumi.Input[str] | None
    base: str
    """The base of the physical names (`physical_name`, default the component's name)."""


def _check_args(name: str, args: CdnSiteArgs) -> _Settings:
    """Validate the plain arguments; raise a ValueError naming the argument and what is allowed."""
    check_bounds(COMPONENT, CdnSiteArgs, args)
    domain = check_hostname(COMPONENT, "domain", args.get("domain"))
    spa: bool = args.get("spa", False)
    force_destroy: bool = args.get("force_destroy", False)
    api_backend = args.get("api_backend_service_id")
    api_path = check_path(COMPONENT, "api_path", args.get("api_path", "/api/*"))
    if api_path in ("/", "/*"):
        raise ValueError(
            f"{COMPONENT} api_path {api_path!r} is not allowed; it would send the whole site to the API: "
            'use a narrower pattern such as "/api/*"'
        )
    edge_policy = args.get("edge_security_policy")
    security_policy = args.get("security_policy")
    for key, value in (
        ("api_backend_service_id", api_backend),
        ("edge_security_policy", edge_policy),
        ("security_policy", security_policy),
    ):
        if value is not None and (not isinstance(value, str | pulumi.Output) or value == ""):
            raise ValueError(f"{COMPONENT} {key} {value!r} is not allowed; give an id or leave it out")
    service = _check_service_origin(args.get("service_origin"))
    if service is not None and spa:
        raise ValueError(
            f"{COMPONENT} spa True is not allowed with service_origin; the service answers every path "
            "itself (the SPA fallback rewrites the bucket's 404s)"
        )
    if security_policy is not None and service is None:
        raise ValueError(
            f"{COMPONENT} security_policy is not allowed without service_origin; it protects the "
            "service's backend services (edge_security_policy protects the buckets)"
        )
    bucket_origins = _check_bucket_origins(args.get("bucket_origins"))
    patterns = [p for o in bucket_origins for p in o["path_patterns"]]
    patterns += list(service.get("static_paths", [])) if service is not None else []
    patterns += [api_path] if api_backend is not None else []
    twice = sorted({p for p in patterns if patterns.count(p) > 1})
    if twice:
        raise ValueError(
            f"{COMPONENT} path pattern {twice[0]!r} is not allowed twice; give each path to one backend "
            "(service_origin static_paths, bucket_origins path_patterns, api_path)"
        )
    location = args.get("location")
    if location is not None and not (
        isinstance(location, pulumi.Output) or (isinstance(location, str) and _LOCATION.match(location))
    ):
        raise ValueError(
            f"{COMPONENT} location {location!r} is not allowed; use a region such as europe-west1, a "
            "multi-region (US, EU, ASIA) or a dual-region such as NAM4"
        )
    cache_ttl: int = args.get("cache_ttl_seconds", DEFAULT_CACHE_TTL)
    browser_ttl = _seconds(
        args.get("browser_ttl_seconds", DEFAULT_BROWSER_TTL), "browser_ttl_seconds", cache_ttl
    )
    ssl_profile, min_tls_version = check_tls(
        COMPONENT,
        args.get("ssl_profile", DEFAULT_SSL_PROFILE),
        args.get("min_tls_version", DEFAULT_MIN_TLS_VERSION),
    )
    dns_zone = args.get("dns_zone")
    check_dns_zone(COMPONENT, dns_zone)
    labels = checked_managed_labels(COMPONENT, args.get("labels"))
    base = physical_base(COMPONENT, name, args.get("physical_name"))
    if "google" in base.lower():
        which = "name" if base == name else "physical_name"
        raise ValueError(
            f"{COMPONENT} {which} {base!r} is not allowed; Cloud Storage refuses bucket names containing "
            '"google"'
        )
    return _Settings(
        domain=domain,
        spa=spa,
        force_destroy=force_destroy,
        api_backend=api_backend,
        api_path=api_path,
        edge_policy=edge_policy,
        security_policy=security_policy,
        service=service,
        bucket_origins=bucket_origins,
        location=location,
        cache_ttl=cache_ttl,
        browser_ttl=browser_ttl,
        ssl_profile=ssl_profile,
        min_tls_version=min_tls_version,
        dns_zone=dns_zone,
        labels=labels,
        log_bucket=args.get("log_bucket"),
        base=base,
    )


def _seconds(value: object, key: str, most: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= most:
        raise ValueError(
            f"{COMPONENT} {key} {value!r} is not allowed; use a whole number of seconds from 0 to {most:,}"
        )
    return value


def _check_service_origin(origin: object) -> ServiceOrigin | None:
    if origin is None:
        return None
    if not (
        isinstance(origin, dict)
        and "service_name" in origin
        and set(origin) <= {"service_name", "region", "static_paths"}
    ):
        raise ValueError(
            f'{COMPONENT} service_origin {origin!r} is not allowed; use None or {{"service_name": <Cloud Run '
            'service name>, "region": <optional>, "static_paths": <optional list of path patterns>}'
        )
    service_name = origin["service_name"]
    if not (isinstance(service_name, pulumi.Output) or (isinstance(service_name, str) and service_name)):
        raise ValueError(
            f"{COMPONENT} service_origin service_name {service_name!r} is not allowed; give the Cloud Run "
            "service's name (a ContainerService's service_name)"
        )
    region = origin.get("region")
    if region is not None and not (
        isinstance(region, pulumi.Output) or (isinstance(region, str) and _REGION.match(region))
    ):
        raise ValueError(
            f"{COMPONENT} service_origin region {region!r} is not allowed; use a region such as europe-west1"
        )
    paths = origin.get("static_paths", [])
    if not isinstance(paths, list):
        raise ValueError(f"{COMPONENT} service_origin static_paths {paths!r} is not allowed; use a list")
    for pattern in paths:
        _check_pattern("service_origin static_paths", pattern)
    return cast(ServiceOrigin, origin)


def _check_bucket_origins(origins: object) -> list[BucketOrigin]:
    if origins is None:
        return []
    if not isinstance(origins, list):
        raise ValueError(f"{COMPONENT} bucket_origins {origins!r} is not allowed; use a list")
    names: set[str] = set()
    for origin in origins:
        if not (isinstance(origin, dict) and set(origin) == {"name", "bucket_name", "path_patterns"}):
            raise ValueError(
                f"{COMPONENT} bucket_origins {origin!r} is not allowed; use "
                '{"name": <short name>, "bucket_name": <bucket name>, "path_patterns": [<path pattern>, ...]}'
            )
        name = origin["name"]
        if not (isinstance(name, str) and _ORIGIN_NAME.match(name)) or name in names:
            raise ValueError(
                f"{COMPONENT} bucket_origins name {name!r} is not allowed; use a distinct name of 1-40 "
                "lowercase letters, digits and hyphens, starting with a letter, e.g. uploads"
            )
        names.add(name)
        bucket = origin["bucket_name"]
        if not (isinstance(bucket, pulumi.Output) or (isinstance(bucket, str) and bucket)):
            raise ValueError(
                f"{COMPONENT} bucket_origins bucket_name {bucket!r} is not allowed; give the bucket's name"
            )
        paths = origin["path_patterns"]
        if not (isinstance(paths, list) and paths):
            raise ValueError(
                f"{COMPONENT} bucket_origins path_patterns {paths!r} is not allowed; use a non-empty list"
            )
        for pattern in paths:
            _check_pattern("bucket_origins path_patterns", pattern)
    return cast(list[BucketOrigin], origins)


def _check_pattern(argument: str, pattern: object) -> None:
    check_path(COMPONENT, argument, pattern)
    if pattern in ("/", "/*"):
        raise ValueError(
            f"{COMPONENT} {argument} {pattern!r} is not allowed; it would take the whole site: use a "
            'narrower pattern such as "/_next/static/*" or "/uploads/*"'
        )
