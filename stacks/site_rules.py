"""Config rules of `app.site`: a site served from a running service (`site.service`), its cached static
paths, bucket paths (`site.buckets`), the viewer TLS floor (`site.min_tls`), CloudFront's price class, and
where geo restriction (`site.geo_restriction`) and origin failover (`site.failover_bucket`) are possible.

`stacks/config.py` validates each key's shape; `site_problems` sees the validated `Site` and the rest of
the app and returns one problem per line with the full key path, before anything is created. The path
patterns must suit both clouds, so a stack file moves between them unchanged: CloudFront path patterns
(Amazon CloudFront Developer Guide, "Cache behavior settings", "Path pattern") and Google Cloud URL map path
rules (a `*` only at the very end, after a `/`: provider `URLMapPathMatcherPathRule.paths`)."""

from __future__ import annotations

import difflib
import re
from typing import Any

from .cloud_rules import service_kind_of

APP = "stackyard:app"
# Characters CloudFront accepts in a path pattern (components.aws.cdn_site), and the URL map's rule of one
# `*`, at the very end, after a `/` (components.gcp.https_frontend).
_CLOUDFRONT_PATTERN = re.compile(r"^/[A-Za-z0-9_.*$/~\"'@:+&-]{1,254}$")
_URL_MAP_PATTERN = re.compile(r"^/[^*?#\s]*$|^/([^*?#\s]*/)?\*$")
PATH_RULE = (
    "use a path starting with / and at most one * at the very end after a / (e.g. /_next/static/*, "
    "/favicon.ico, /uploads/*), as both CloudFront and Google Cloud URL maps accept, narrower than /*"
)


def path_problem(pattern: object) -> str | None:
    """Why `pattern` is not a site path pattern both clouds accept, or None."""
    if (
        not isinstance(pattern, str)
        or pattern in ("/", "/*")
        or not _CLOUDFRONT_PATTERN.match(pattern)
        or not _URL_MAP_PATTERN.match(pattern)
    ):
        return f"{pattern!r} is not a site path pattern; {PATH_RULE}"
    return None


def site_problems(cloud: Any, app: dict[str, Any], site: Any, services: dict[str, Any]) -> list[str]:
    """Problems of `app.site` (a validated `Site`, or None) with the rest of the app: `services` are the
    validated service models by name, `app` the raw app mapping."""
    if site is None:
        return []
    path = f"{APP}.site"
    problems: list[str] = []
    if site.service is not None:
        spec = services.get(site.service)
        if spec is None or service_kind_of(spec) != "web" or not spec.public:
            problems.append(
                f"{path}.service: {site.service!r} is not a public web service of {APP}.services (a service "
                "with a port and public: true, whose host on the load balancer is the CDN's origin)"
                + _suggest(site.service, [n for n, s in services.items() if service_kind_of(s) == "web"])
            )
        if site.spa:
            problems.append(
                f"{path}.spa: a site served by site.service renders its own pages (the single-page fallback "
                "rewrites the bucket's 404s); remove spa or site.service"
            )
        if app.get("runtime") == "kubernetes":
            problems.append(
                f"{path}.service: the site's origin is the cloud's load balancer, which serves managed "
                "services only; with runtime kubernetes the service has its own Ingress host"
            )
    elif site.static_paths:
        problems.append(
            f"{path}.static_paths: only with site.service (a static site's files are all cached already); "
            "set site.service or remove static_paths"
        )

    owners: dict[str, str] = {}
    for index, pattern in enumerate(site.static_paths):
        key = f"{path}.static_paths[{index}]"
        problem = path_problem(pattern)
        if problem:
            problems.append(f"{key}: {problem}")
        else:
            _claim(problems, owners, pattern, key)
    given = app.get("buckets")
    buckets = sorted(given) if isinstance(given, dict) else []
    for pattern, bucket in site.buckets.items():
        key = f'{path}.buckets["{pattern}"]'
        problem = path_problem(pattern)
        if problem:
            problems.append(f"{key}: {problem}")
        else:
            _claim(problems, owners, pattern, key)
        if bucket not in buckets:
            problems.append(f"{key}: {bucket!r} is not a bucket of {APP}.buckets{_suggest(bucket, buckets)}")
    if site.api_service is not None and site.api_path in owners:
        problems.append(
            f"{path}.api_path: {site.api_path!r} is also {owners[site.api_path]}; give each path one origin"
        )

    if cloud == "aws" and site.min_tls != "1.2" and not app.get("domain"):
        problems.append(
            f"{path}.min_tls: {site.min_tls} needs {APP}.domain on aws (CloudFront's default "
            "*.cloudfront.net certificate keeps TLSv1 and cannot be raised)"
        )
    if cloud == "gcp" and site.price_class is not None:
        problems.append(
            f"{path}.price_class: CloudFront only; Cloud CDN serves from all its edge locations and has no "
            "price classes, remove it"
        )
    return problems + _edge_problems(cloud, site, path)


def _edge_problems(cloud: Any, site: Any, path: str) -> list[str]:
    """`site.geo_restriction` and `site.failover_bucket` where the cloud cannot do them."""
    problems = []
    geo = site.geo_restriction
    if cloud == "gcp" and geo is not None and geo.mode == "allow":
        problems.append(
            f"{path}.geo_restriction.mode: allow is aws only; on gcp the site's Cloud Armor edge policy "
            "blocks regions (origin.region_code) and allows the rest: use mode block with the countries to "
            "refuse"
        )
    if cloud == "aws" and site.waf_verbose_logging:
        problems.append(
            f"{path}.waf_verbose_logging: gcp only (Cloud Armor's verbose logging); on aws the WAF logs "
            "already name the rule that matched: remove it"
        )
    failover = site.failover_bucket
    if failover is not None and cloud == "gcp":
        problems.append(
            f"{path}.failover_bucket: aws only (a CloudFront origin group); a Cloud CDN backend bucket has "
            "no failover origin: give the bucket a dual-region location instead, or remove it"
        )
    elif failover is not None and site.service is not None:
        problems.append(
            f"{path}.failover_bucket: only for a static site (it is a copy of the site bucket); with "
            "site.service the pages come from the service: remove failover_bucket or site.service"
        )
    return problems


def _claim(problems: list[str], owners: dict[str, str], pattern: str, key: str) -> None:
    if pattern in owners:
        problems.append(f"{key}: {pattern!r} is also {owners[pattern]}; give each path one origin")
    else:
        owners[pattern] = key


def _suggest(word: str, choices: list[str]) -> str:
    close = difflib.get_close_matches(word, choices, n=1, cutoff=0.6)
    if close:
        return f"; did you mean {close[0]!r}?"
    return f"; allowed: {', '.join(choices)}" if choices else ""
