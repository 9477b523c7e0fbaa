"""The stack file's view of `components.aws.limitations`: each rule reported with the key path it
concerns, before anything is created."""

from __future__ import annotations

from typing import Any

from components.aws.limitations import (
    bucket_replication_versioning,
    endpoints_without_nat,
    fargate_spot_architecture,
    image_without_nat,
    listener_rule_conditions,
    other_region,
    replicas_of_rds_managed_password,
    storage_autoscaling_ceiling,
)

APP = "stackyard:app"
# The ManagedPostgres default storage autoscaling ceiling: twice the allocation, at most RDS's maximum.
MAX_STORAGE_GB = 65536


def problems(app: dict[str, Any], sections: dict[str, Any]) -> list[str]:
    """Problems of an aws stack. `app` is the raw (profile-applied) `stackyard:app` mapping; `sections` the
    validated models by key ("network", "database", "cache", "site", "alarms", "services": name -> model)
    and "region" (aws:region) when it is set; a key is absent when its section is absent or invalid (its
    errors are reported already)."""
    found = _database_problems(sections.get("database"), sections.get("region"))
    found.extend(_bucket_problems(app.get("buckets")))
    if app.get("runtime", "managed") == "managed":
        services = sections.get("services") or {}
        found.extend(_service_problems(services, app.get("domain")))
        found.extend(_network_problems(sections.get("network"), services, sections))
    return found


def _database_problems(database: Any, region: Any) -> list[str]:
    if database is None:
        return []
    path = f"{APP}.database"
    found = []
    ceiling = database.max_storage_gb
    default = ceiling is None
    if default:
        ceiling = min(2 * database.storage_gb, MAX_STORAGE_GB)
    # A ceiling below storage_gb is reported by the config's own check.
    if ceiling >= database.storage_gb and (
        reason := storage_autoscaling_ceiling(database.storage_gb, ceiling)
    ):
        where = f" (not set: twice storage_gb, at most {MAX_STORAGE_GB})" if default else ""
        found.append(f"{path}.max_storage_gb{where}: {reason}")
    if reason := replicas_of_rds_managed_password(
        database.rds_managed_password, database.read_replicas, database.cross_region_replica is not None
    ):
        found.append(f"{path}.rds_managed_password: {reason}")
    if isinstance(region, str):
        for key, what in (
            ("cross_region_replica", "a cross-region replica"),
            ("backup_replication_region", "backup replication"),
        ):
            destination = getattr(database, key)
            if destination and (reason := other_region(what, region, destination)):
                found.append(f"{path}.{key}: {reason}")
    return found


def _bucket_problems(buckets: Any) -> list[str]:
    found = []
    for name, raw in (buckets if isinstance(buckets, dict) else {}).items():
        if not isinstance(raw, dict):
            continue  # the config's own checks report it
        versioned, region = raw.get("versioned", True), raw.get("replication_region")
        if (
            versioned is False
            and isinstance(region, str)
            and (reason := bucket_replication_versioning(versioned, region))
        ):
            found.append(f"{APP}.buckets.{name}.versioned: {reason}")
    return found


def _service_problems(services: dict[str, Any], domain: Any) -> list[str]:
    """Fargate Spot and the load balancer's listener rules (public web services)."""
    found = []
    for name, service in services.items():
        path = f"{APP}.services.{name}"
        capacity = "FARGATE_SPOT" if service.spot else "FARGATE"
        if reason := fargate_spot_architecture(capacity, service.architecture):
            found.append(
                f"{path}.spot: {reason} (the staging profile puts workers and jobs on Spot); set spot: false "
                "or architecture: x86_64"
            )
        if not getattr(service, "public", False):
            continue
        paths = list(service.paths)
        bad_paths = False
        for index, pattern in enumerate(paths):
            if reason := listener_rule_conditions([], [pattern]):
                found.append(f"{path}.paths[{index}]: {reason}")
                bad_paths = True
        host = service.host or (f"{name}.{domain}" if domain else None)
        hosts = [host] if host else []
        if host and (reason := listener_rule_conditions(hosts, [])):
            key = "host" if service.host else "host (default <service>.<app.domain>)"
            found.append(f"{path}.{key}: {reason}")
        elif not bad_paths and (reason := listener_rule_conditions(hosts, paths)):
            found.append(f"{path}.paths: {reason}")
    return found


def _network_problems(network: Any, services: dict[str, Any], sections: dict[str, Any]) -> list[str]:
    """Without NAT, the Fargate tasks in the private subnets pull images and reach AWS only through VPC
    endpoints."""
    if network is None or not services:
        return []
    found = []
    pulls_from_ecr = False
    for name, service in services.items():
        if reason := image_without_nat(network.nat, service.image):
            found.append(f"{APP}.services.{name}.image: {reason}")
        elif network.nat == "none":
            pulls_from_ecr = True  # the service's own repository, or an image in ECR
    # The database and cache passwords reach every service as secret references, besides its own secrets.
    reads_secrets = (
        "database" in sections or "cache" in sections or any(service.secrets for service in services.values())
    )
    if reason := endpoints_without_nat(network.nat, network.endpoints, pulls_from_ecr, reads_secrets):
        found.append(f"{APP}.network.endpoints: (nat: none) {reason}")
    return found
