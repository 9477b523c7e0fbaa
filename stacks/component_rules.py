"""The components' own argument checks, run on the values the stack would give them, so that a stack file
they would refuse gets one line with its key path before anything is built, instead of a component's error
from inside the program. Each rule reads the component's own constant or function (declared once, there);
the component keeps checking its arguments for everyone else.

Here: RDS instance classes, ElastiCache node types and versions, CORS origins, the load balancer's
certificate, zone and hosts, uptime check paths, CloudFront's API path, Cloud DNS zones and Cloud SQL's
reserved database names. Other modules hold the rest: `stacks.cloud_rules` (Fargate and Cloud Run sizes,
Memorystore versions, EventBridge schedules), `stacks.gcp_limitations` (Cloud SQL tiers and flags,
Memorystore configs, URL map routes, dual-regions), `stacks.runtime_rules` (Kubernetes probe and Ingress
paths, HPA floors, cluster versions and admins), `stacks.environment_rules` (secrets a plain value would
shadow, the ECS task definition's size) and the model itself (HTTP paths, commands, CIDR blocks, lists
without repeats). Should a component still refuse something, `stacks.errors.component_error` maps its
error back to the key path.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .model import Cache, Database

APP = "stackyard:app"


def problems(cloud: Any, app: dict[str, Any], sections: dict[str, Any]) -> list[str]:
    """One line per problem, with the key path. `app` is the raw (profile-applied) mapping; `sections` the
    validated models by key ("database", "site", "services": name -> model …), a key absent when its section
    is absent or invalid (its errors are reported already)."""
    if cloud not in ("aws", "gcp"):
        return []
    found = _bucket_problems(cloud, app.get("buckets"))
    domain, zone = app.get("domain"), app.get("hosted_zone_id")
    if cloud == "aws":
        found += _aws_data_problems(sections.get("database"), sections.get("cache"))
        found += _aws_edge_problems(app, sections, domain, zone)
    else:
        found += _gcp_problems(sections, zone)
    return found


def _bucket_problems(cloud: str, buckets: Any) -> list[str]:
    """`cors_origins`: what the cloud's Bucket takes as an origin (https://host[:port] or http://localhost)."""
    if cloud == "aws":
        from components.aws.bucket import _ORIGIN
    else:
        from components.gcp.bucket import _ORIGIN

    found = []
    for name, spec in (buckets if isinstance(buckets, dict) else {}).items():
        origins = spec.get("cors_origins") if isinstance(spec, dict) else None
        for index, origin in enumerate(origins if isinstance(origins, list) else []):
            if isinstance(origin, str) and not _ORIGIN.match(origin):
                found.append(
                    f"{APP}.buckets.{name}.cors_origins[{index}]: {origin!r} is not an origin; use "
                    "https://host[:port] (no path, no wildcard) or http://localhost:PORT"
                )
    return found


def _aws_data_problems(database: Database | None, cache: Cache | None) -> list[str]:
    """The RDS instance class, ElastiCache node type and engine version the stack would give ManagedPostgres
    and RedisCache (`stacks.data_sizing`), checked against those components' own lists."""
    from .data_sizing import CACHE_NODE_TYPES, DATABASE_CLASSES, aws_node_type

    problems = []
    if database and (database.cpu is None or database.memory_gb is None):  # else: a class of RDS_CLASSES
        from components.aws.postgres import (
            BURSTABLE_FAMILIES,
            BURSTABLE_SIZES,
            GRAVITON_FAMILIES,
            GRAVITON_SIZES,
            INSTANCE_CLASSES,
        )

        if DATABASE_CLASSES.get(database.size, database.size) not in INSTANCE_CLASSES:
            problems.append(
                f"{APP}.database.size: {database.size!r} is neither a size ({', '.join(DATABASE_CLASSES)}) "
                f"nor an RDS instance class ManagedPostgres offers ({' or '.join(BURSTABLE_FAMILIES)}."
                f"{{{', '.join(BURSTABLE_SIZES)}}}, or {' or '.join(GRAVITON_FAMILIES)}."
                f"{{{', '.join(GRAVITON_SIZES)}}})"
            )
    if cache:
        from components.aws.redis import (
            ENGINE_VERSIONS,
            LARGE_FAMILIES,
            LARGE_SIZES,
            NODE_TYPES,
            SMALL_FAMILIES,
            SMALL_SIZES,
        )

        versions = ENGINE_VERSIONS.get(cache.engine, ())
        if cache.version is not None and cache.version not in versions:
            problems.append(
                f"{APP}.cache.version: {cache.version} is not an ElastiCache {cache.engine} version; use one "
                f"of {', '.join(versions)}"
            )
        if aws_node_type(cache) not in NODE_TYPES:
            problems.append(
                f"{APP}.cache.size: {cache.size!r} is neither a size ({', '.join(CACHE_NODE_TYPES)}) nor an "
                f"ElastiCache node type RedisCache offers (cache.<{'|'.join(SMALL_FAMILIES)}>."
                f"<{'|'.join(SMALL_SIZES)}> or cache.<{'|'.join(LARGE_FAMILIES)}>.<{'|'.join(LARGE_SIZES)}>)"
            )
    return problems


def _aws_edge_problems(app: dict[str, Any], sections: dict[str, Any], domain: Any, zone: Any) -> list[str]:
    """The load balancer's certificate, zone and host names (`LoadBalancer`), the uptime checks' paths
    (`Alarms`), and the CDN's API path pattern (`CdnSite`)."""
    from components.aws.certificate import zone_name
    from components.aws.load_balancer import _ZONE_ID, CERTIFICATE_DOMAIN_LIMIT

    found = []
    services = sections.get("services") or {}
    managed = app.get("runtime", "managed") == "managed"
    public = {n: s for n, s in services.items() if getattr(s, "public", False)} if managed else {}
    if isinstance(zone, str) and not _ZONE_ID.match(zone):
        found.append(
            f"{APP}.hosted_zone_id: {zone!r} is not a Route 53 hosted zone id; use one such as "
            "Z0123456789ABCDEFGHIJ"
        )
    if public and isinstance(domain, str) and len(domain) > CERTIFICATE_DOMAIN_LIMIT:
        found.append(
            f"{APP}.domain: {len(domain)} characters; ACM takes at most {CERTIFICATE_DOMAIN_LIMIT} for a "
            "certificate's first name, so the load balancer's certificate cannot be made for it"
        )
    if public and isinstance(domain, str) and zone is None:
        lookup = zone_name(domain)
        for name, service in public.items():
            host = service.host
            if host is not None and host != lookup and not host.endswith(f".{lookup}"):
                found.append(
                    f"{APP}.services.{name}.host: {host} is not in the hosted zone {lookup} looked up for "
                    f"{APP}.domain; use a name in it, or set {APP}.hosted_zone_id to the zone that holds it"
                )
    alarms = sections.get("alarms")
    if alarms is not None and alarms.enabled and alarms.uptime:
        from components.aws.alarms import MAX_RESOURCE_PATH

        for name, service in services.items():
            path = getattr(service, "health_path", None) if getattr(service, "public", False) else None
            if path is not None and len(path) > MAX_RESOURCE_PATH:
                found.append(
                    f"{APP}.services.{name}.health_path: {len(path)} characters; the uptime check (a Route "
                    f"53 health check, alarms.uptime) requests at most {MAX_RESOURCE_PATH}"
                )
    site = sections.get("site")
    if managed and site is not None and site.api_service is not None:
        from components.aws.cdn_site import _PATH_PATTERN

        if not _PATH_PATTERN.match(site.api_path) or site.api_path == "/*":
            found.append(
                f"{APP}.site.api_path: {site.api_path!r} is not a CloudFront path pattern narrower than /* "
                "(/, then at most 254 letters, digits and _.*$/~\"'@:+&-), e.g. /api/*"
            )
    return found


def _gcp_problems(sections: dict[str, Any], zone: Any) -> list[str]:
    """The Cloud DNS zone (`LoadBalancer`, `CdnSite`) and the database's name (`ManagedPostgres`)."""
    from components.gcp.https_frontend import check_dns_zone
    from components.gcp.postgres_settings import RESERVED_DATABASE_NAMES

    found = []
    if isinstance(zone, str):
        try:
            check_dns_zone("", zone)
        except ValueError as error:
            found.append(f"{APP}.hosted_zone_id: {str(error).removeprefix(' dns_zone ')}")
    database = sections.get("database")
    name = database.name if database is not None else None
    if name is not None and name.lower() in RESERVED_DATABASE_NAMES:
        found.append(
            f"{APP}.database.name: {name} is Cloud SQL's own; use another name (not "
            f"{', '.join(RESERVED_DATABASE_NAMES)})"
        )
    return found
