"""The stack file's view of `components.gcp.limitations`: each rule reported with the key path it
concerns, before anything is created.

Besides the rules of `components.gcp.limitations`, a few checks the components already make on their own
arguments (a Cloud SQL custom machine type's shape and its flags, Memorystore's capacity and
`redis_configs`, a Cloud Storage dual-region pair, the URL maps' path patterns and hosts) are run here on
the values the stack would give them, so that a stack file that breaks them gets one line with its key
path instead of a traceback from inside the program."""

from __future__ import annotations

import re
from typing import Any

from components.cidr import subnet_cidr
from components.gcp.limitations import cloud_sql_docker_bridge, direct_vpc_egress_addresses

from .cloud_rules import GCP_DATABASE_TIER, NAMED_SIZES, service_kind_of

APP = "stackyard:app"
# Cloud Run instances of one job execution: stackyard's jobs run one task at a time.
JOB_INSTANCES = 1


def problems(app: dict[str, Any], sections: dict[str, Any]) -> list[str]:
    """Problems of a gcp stack. `app` is the raw (profile-applied) `stackyard:app` mapping; `sections` the
    validated models by key ("network", "database", "cache", "site", "alarms", "services": name -> model)
    and "region" (gcp:region) when it is set; a key is absent when its section is absent or invalid (its
    errors are reported already)."""
    found: list[str] = []
    network = sections.get("network")
    if network is not None:
        if reason := cloud_sql_docker_bridge(network.cidr):
            found.append(f"{APP}.network.cidr: {reason}")
        services = sections.get("services") or {}
        if app.get("runtime", "managed") == "managed" and services:
            found.extend(_egress_problems(network.cidr, services))
    if app.get("runtime", "managed") == "managed":
        found.extend(_route_problems(sections.get("services") or {}, app.get("domain"), sections.get("site")))
    found.extend(_database_problems(sections.get("database")))
    found.extend(_cache_problems(sections.get("cache")))
    found.extend(_bucket_problems(app.get("buckets"), sections.get("region")))
    return found


def _egress_problems(cidr: str, services: dict[str, Any]) -> list[str]:
    """Every Cloud Run service, worker pool and job takes its Direct VPC egress addresses from the
    network's serverless subnet (`Vpc.serverless_subnet_id`, the second block of the private tier)."""
    instances = []
    for spec in services.values():
        kind = service_kind_of(spec)
        # A worker pool runs scale.min instances (manual scaling); a web service up to scale.max.
        instances.append(
            JOB_INSTANCES if kind == "job" else spec.scale.min if kind == "worker" else spec.scale.max
        )
    reason = direct_vpc_egress_addresses(subnet_cidr(cidr, "private", 1), instances)
    if reason is None:
        return []
    return [f"{APP}.services: {reason} (the services' scale.max and the workers' scale.min; network.cidr)"]


def _route_problems(services: dict[str, Any], domain: Any, site: Any) -> list[str]:
    """The URL maps' rules (`LoadBalancer`, `CdnSite`): path patterns with a `*` only at the end after a
    `/` (an ALB pattern such as "/api*" is not one), each pattern once per host, at most 15 hosts."""
    from components.gcp.https_frontend import check_path
    from components.gcp.load_balancer import _check_routes

    found = []
    if site is not None and site.api_service is not None:
        try:
            check_path("CdnSite", "api_path", site.api_path)
        except ValueError as error:
            found.append(f"{APP}.site.api_path: {_without_prefix(error, 'CdnSite api_path ')}")
    public = {
        name: spec
        for name, spec in services.items()
        if service_kind_of(spec) == "web" and spec.public and (spec.host or isinstance(domain, str))
    }
    if not public:
        return found
    names = list(public)
    # Built as stacks/gcp_app.py builds them (the host: stacks.config.public_host).
    routes = [
        {"host": spec.host or f"{name}.{domain}", "backend_service_id": name, "paths": list(spec.paths)}
        for name, spec in public.items()
    ]
    try:
        _check_routes(routes)
    except ValueError as error:
        message = _without_prefix(error, "LoadBalancer ")
        match = re.match(r"^routes\[(\d+)\]\.(\w+) (.*)$", message)
        if match:
            found.append(f"{APP}.services.{names[int(match.group(1))]}.{match.group(2)}: {match.group(3)}")
        else:
            found.append(f"{APP}.services: {message.replace('routes name', 'the public services take')}")
    return found


def _database_problems(database: Any) -> list[str]:
    """The Cloud SQL checks of `components.gcp.ManagedPostgres` that the config's shape checks let through:
    the shape of a db-custom machine type, and the database flags stackyard keeps (audit logging, IAM
    authentication) or that are no flag name."""
    if database is None:
        return []
    from components.gcp.postgres_settings import _flags, _tier

    path = f"{APP}.database"
    found = []
    if database.size not in NAMED_SIZES and GCP_DATABASE_TIER.match(database.size):
        try:
            _tier(database.size, "ENTERPRISE")  # the stack's edition (stacks/gcp.py gives none)
        except ValueError as error:
            found.append(f"{path}.size: {_without_prefix(error, 'ManagedPostgres tier ')}")
    try:
        _flags(dict(database.parameters), True)  # IAM database authentication is always on in a stack
    except ValueError as error:
        found.append(f"{path}.parameters: {_without_prefix(error, 'ManagedPostgres parameters ')}")
    return found


def _cache_problems(cache: Any) -> list[str]:
    """Memorystore's capacity (1-300 GB) and the `redis_configs` it takes on the stack's version."""
    if cache is None or cache.engine != "redis":
        return []
    from components.gcp.redis import ENGINE_VERSIONS, MAX_MEMORY_GB, MIN_MEMORY_GB, _parameters

    from .data_sizing import CACHE_MEMORY_GB

    path = f"{APP}.cache"
    if cache.size in CACHE_MEMORY_GB:
        memory = CACHE_MEMORY_GB[cache.size]
    elif cache.size.isdigit():
        memory = int(cache.size)
        if not MIN_MEMORY_GB <= memory <= MAX_MEMORY_GB:
            return [
                f"{path}.size: {cache.size} GB is not a Memorystore for Redis capacity; use "
                f"{MIN_MEMORY_GB} to {MAX_MEMORY_GB}"
            ]
    else:
        return []  # the config's cloud rules report it
    version = cache.version or "7.2"  # RedisCache's default
    if version not in ENGINE_VERSIONS:
        return []  # the config's cloud rules report it
    parameters = {k: v for k, v in cache.parameters.items() if k != "maxmemory-policy"}  # reported already
    try:
        _parameters(parameters, version, memory)
    except ValueError as error:
        return [f"{path}.parameters: {_without_prefix(error, 'RedisCache parameters ')}"]
    return []


def _bucket_problems(buckets: Any, region: Any) -> list[str]:
    """A bucket with `replication_region` becomes a configurable dual-region of gcp:region and that region:
    Cloud Storage offers only the pairs of its dual-region table."""
    if not isinstance(region, str):
        return []
    from components.gcp.bucket import PREDEFINED_ONLY, _placement

    found = []
    for name, spec in (buckets if isinstance(buckets, dict) else {}).items():
        replica = spec.get("replication_region") if isinstance(spec, dict) else None
        if not isinstance(replica, str):
            continue  # absent, or reported by the config's own checks
        path = f"{APP}.buckets.{name}.replication_region"
        predefined = PREDEFINED_ONLY.get(frozenset((region.upper(), replica.upper())))
        if predefined is not None:
            # Bucket's own message suggests location <code>, which a stack cannot set (it is gcp:region).
            found.append(
                f"{path}: {replica} with gcp:region {region} is only Cloud Storage's predefined "
                f"dual-region {predefined}, not a configurable one; use another region of the same area"
            )
            continue
        try:
            _placement({"location": region, "replication_region": replica})
        except ValueError as error:
            reason = _without_prefix(error, "Bucket replication_region ")
            found.append(f"{path}: {reason.replace('with location', 'with gcp:region')}")
    return found


def _without_prefix(error: ValueError, prefix: str) -> str:
    """The component's message without its leading "<Component> <argument> " (the key path says it)."""
    return str(error).removeprefix(prefix)
