"""`CdnSite`'s argument checks: every plain argument is validated before anything is registered, with a
ValueError that names the argument and what is allowed."""

from ...checks import check_bounds
from ...countries import country_problem
from .args import (
    _HOSTNAME,
    _ORIGIN_NAME,
    _PATH_PATTERN,
    _ROOT_OBJECT,
    _ZONE_ID,
    DEFAULT_FAILOVER_STATUS_CODES,
    DEFAULT_MINIMUM_PROTOCOL_VERSION,
    FAILOVER_STATUS_CODES,
    GEO_MODES,
    CdnSiteArgs,
)


def _is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _check_args(args: CdnSiteArgs) -> None:
    """Validate the plain arguments; raise a ValueError naming the argument and what is allowed."""
    check_bounds("CdnSite", CdnSiteArgs, args)
    domain = args.get("domain")
    if domain is not None and not (isinstance(domain, str) and _HOSTNAME.match(domain)):
        raise ValueError(
            f"CdnSite domain {domain!r} is not allowed; use None or a lowercase DNS name such as "
            "shop.example.com (no scheme, no path, no wildcard)"
        )
    zone_id = args.get("hosted_zone_id")
    if zone_id is not None:
        if domain is None:
            raise ValueError(
                f"CdnSite hosted_zone_id {zone_id!r} is not allowed without domain; give a domain or leave "
                "hosted_zone_id out"
            )
        if isinstance(zone_id, str) and not _ZONE_ID.match(zone_id):
            raise ValueError(
                f"CdnSite hosted_zone_id {zone_id!r} is not allowed; use a Route 53 hosted zone id such as "
                "Z0123456789ABCDEFGHIJ"
            )
    root_object = args.get("default_root_object", "index.html")
    if not (isinstance(root_object, str) and _ROOT_OBJECT.match(root_object)):
        raise ValueError(
            f"CdnSite default_root_object {root_object!r} is not allowed; use an object key without a "
            'leading "/", e.g. "index.html"'
        )
    tls = args.get("minimum_protocol_version", DEFAULT_MINIMUM_PROTOCOL_VERSION)
    if tls != DEFAULT_MINIMUM_PROTOCOL_VERSION and domain is None:
        raise ValueError(
            f"CdnSite minimum_protocol_version {tls!r} is not allowed without domain; CloudFront's default "
            "*.cloudfront.net certificate keeps TLSv1: give a domain"
        )
    _check_api_origin(args.get("api_origin"))
    _check_service_origin(args)
    _check_geo_restriction(args.get("geo_restriction"))
    _check_failover_origin(args)
    patterns = _check_bucket_origins(args.get("bucket_origins"))
    service = args.get("service_origin")
    if service is not None:
        patterns += list(service.get("static_paths", []))
    api = args.get("api_origin")
    if api is not None:
        patterns.append(api.get("path_pattern", "/api/*"))
    twice = sorted({p for p in patterns if patterns.count(p) > 1})
    if twice:
        raise ValueError(
            f"CdnSite path pattern {twice[0]!r} is not allowed twice; give each path to one origin "
            "(service_origin static_paths, bucket_origins path_patterns, api_origin path_pattern)"
        )
    tags = args.get("tags") or {}
    if not (
        isinstance(tags, dict) and all(isinstance(k, str) and isinstance(v, str) for k, v in tags.items())
    ):
        raise ValueError(f"CdnSite tags {tags!r} is not allowed; use a dict of string keys and values")


def _check_geo_restriction(geo: object) -> None:
    """`geo_restriction`: None, or {"mode": "allow" | "block", "countries": [ISO 3166-1 alpha-2 codes]}."""
    if geo is None:
        return
    usage = 'None or {"mode": "allow" or "block", "countries": ["US", "CA"]}'
    if not (isinstance(geo, dict) and set(geo) == {"mode", "countries"} and geo["mode"] in GEO_MODES):
        raise ValueError(f"CdnSite geo_restriction {geo!r} is not allowed; use {usage}")
    countries = geo["countries"]
    if not isinstance(countries, list) or not countries:
        raise ValueError(
            f"CdnSite geo_restriction countries {countries!r} is not allowed; use a non-empty list of "
            'ISO 3166-1 alpha-2 country codes, e.g. ["US", "CA"]'
        )
    for code in countries:
        if problem := country_problem(code):
            raise ValueError(f"CdnSite geo_restriction countries: {problem}")
    twice = sorted({c for c in countries if countries.count(c) > 1})
    if twice:
        raise ValueError(f"CdnSite geo_restriction countries lists {', '.join(twice)} twice; list each once")


def _check_failover_origin(args: CdnSiteArgs) -> None:
    """`failover_origin`: None, or {"domain_name": host, "status_codes": [codes]}, for a static site."""
    failover = args.get("failover_origin")
    if failover is None:
        return
    _check_origin(
        "failover_origin",
        failover,
        "status_codes",
        '{"domain_name": "<bucket>.s3.<region>.amazonaws.com", "status_codes": [500, 502, 503, 504]}',
        "shop-site-replica.s3.us-west-2.amazonaws.com",
    )
    if args.get("service_origin") is not None:
        raise ValueError(
            "CdnSite failover_origin is not allowed with service_origin; it is a second copy of the site "
            "bucket, which serves the site only without a service"
        )
    codes = failover.get("status_codes", DEFAULT_FAILOVER_STATUS_CODES)
    if (
        not isinstance(codes, list)
        or not codes
        or not all(_is_int(c) and c in FAILOVER_STATUS_CODES for c in codes)
        or len(set(codes)) != len(codes)
    ):
        raise ValueError(
            f"CdnSite failover_origin status_codes {codes!r} is not allowed; use a non-empty list of "
            f"distinct codes among {', '.join(map(str, FAILOVER_STATUS_CODES))}"
        )


def _check_origin(argument: str, origin: object, optional: str, usage: str, host_example: str) -> None:
    """An origin argument: None, or a dict with `domain_name` (an HTTPS host name) and at most the key
    `optional`; `usage` shows the allowed shape, `host_example` a host name."""
    if not (
        isinstance(origin, dict) and "domain_name" in origin and set(origin) <= {"domain_name", optional}
    ):
        raise ValueError(f"CdnSite {argument} {origin!r} is not allowed; use None or {usage}")
    host = origin["domain_name"]
    if host is None or (isinstance(host, str) and not _HOSTNAME.match(host)):
        raise ValueError(
            f"CdnSite {argument} domain_name {host!r} is not allowed; use {host_example} (no scheme, no path)"
        )


def _check_api_origin(origin: object) -> None:
    if origin is None:
        return
    _check_origin(
        "api_origin",
        origin,
        "path_pattern",
        '{"domain_name": <API host name>, "path_pattern": <optional, default "/api/*">}',
        "the API's HTTPS host name, such as api.shop.example.com",
    )
    assert isinstance(origin, dict)
    pattern = origin.get("path_pattern", "/api/*")
    if not (isinstance(pattern, str) and _PATH_PATTERN.match(pattern)) or pattern == "/*":
        raise ValueError(
            f"CdnSite api_origin path_pattern {pattern!r} is not allowed; use a CloudFront path pattern that "
            'starts with "/" and is narrower than "/*", e.g. "/api/*"'
        )


def _check_pattern(argument: str, pattern: object) -> None:
    if not (isinstance(pattern, str) and _PATH_PATTERN.match(pattern)) or pattern == "/*":
        raise ValueError(
            f"CdnSite {argument} {pattern!r} is not allowed; use a CloudFront path pattern that starts with "
            '"/" and is narrower than "/*", e.g. "/_next/static/*" or "/uploads/*"'
        )


def _check_service_origin(args: CdnSiteArgs) -> None:
    origin = args.get("service_origin")
    if origin is None:
        return
    _check_origin(
        "service_origin",
        origin,
        "static_paths",
        '{"domain_name": <the service\'s host name>, "static_paths": <optional list of path patterns>}',
        "the service's HTTPS host name on its load balancer, such as www.shop.example.com",
    )
    assert isinstance(origin, dict)
    paths = origin.get("static_paths", [])
    if not isinstance(paths, list):
        raise ValueError(f"CdnSite service_origin static_paths {paths!r} is not allowed; use a list")
    for pattern in paths:
        _check_pattern("service_origin static_paths", pattern)
    if args.get("spa", False):
        raise ValueError(
            "CdnSite spa True is not allowed with service_origin; the service answers every path itself "
            "(the SPA fallback rewrites the bucket's 403 and 404)"
        )
    if "default_root_object" in args:
        raise ValueError(
            'CdnSite default_root_object is not allowed with service_origin; the service answers "/" '
            "(CloudFront would ask it for the object instead)"
        )


def _check_bucket_origins(origins: object) -> list[str]:
    """Check `bucket_origins`; return their path patterns."""
    if origins is None:
        return []
    if not isinstance(origins, list):
        raise ValueError(f"CdnSite bucket_origins {origins!r} is not allowed; use a list")
    names: set[str] = set()
    patterns: list[str] = []
    for origin in origins:
        if not (isinstance(origin, dict) and set(origin) == {"name", "domain_name", "path_patterns"}):
            raise ValueError(
                f"CdnSite bucket_origins {origin!r} is not allowed; use "
                '{"name": <short name>, "domain_name": <bucket regional domain name>, '
                '"path_patterns": [<path pattern>, ...]}'
            )
        name = origin["name"]
        if not (isinstance(name, str) and _ORIGIN_NAME.match(name)) or name in names:
            raise ValueError(
                f"CdnSite bucket_origins name {name!r} is not allowed; use a distinct name of 1-40 lowercase "
                "letters, digits and hyphens, starting with a letter, e.g. uploads"
            )
        names.add(name)
        if origin["domain_name"] is None or origin["domain_name"] == "":
            raise ValueError(
                f"CdnSite bucket_origins domain_name {origin['domain_name']!r} is not allowed; use the "
                "bucket's regional domain name (a Bucket's regional_domain_name)"
            )
        paths = origin["path_patterns"]
        if not (isinstance(paths, list) and paths):
            raise ValueError(
                f"CdnSite bucket_origins path_patterns {paths!r} is not allowed; use a non-empty list"
            )
        for pattern in paths:
            _check_pattern("bucket_origins path_patterns", pattern)
        patterns.extend(paths)
    return patterns
