"""The GCP stack: compose the components from the validated config and return the stack outputs.

The network and data tier are built here; services, load balancer, site and alarms in `stacks/gcp_app.py`.
Every component waits for the project's APIs (`ProjectServices`), so a fresh project deploys in one run.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pulumi

from components.gcp import (
    Bucket,
    BucketArgs,
    ManagedPostgres,
    ManagedPostgresArgs,
    ProjectServices,
    RedisCache,
    RedisCacheArgs,
    Secrets,
    Vpc,
    VpcArgs,
)
from components.naming import physical_part

from . import data_sizing
from .arg_tables import BUCKET, CACHE, DATABASE, NETWORK, arguments
from .config import BucketSpec, Cache, Database, Job, StackConfig, names_pinned, physical_base
from .data_sizing import CACHE_MEMORY_GB as CACHE_MEMORY_GB
from .data_sizing import DATABASE_TIERS, READ_REPLICA_MIN_GB, cache_memory_gb
from .gcp_app import GcpAppTier, GcpDataTier, build_alarms, build_services, build_site

if TYPE_CHECKING:
    from .secret_values import SecretValues


def build(config: StackConfig, secrets: SecretValues) -> dict[str, Any]:
    """Create the stack's resources; return its outputs (camelCase names)."""
    app = config.app
    base = physical_base(app, pulumi.get_stack())
    labels = {"app": app.name, "environment": config.environment, "managed-by": "stackyard"}
    apis = ProjectServices(app.name, {"services": required_apis(config)})
    network = _network(config, base, pulumi.ResourceOptions(depends_on=[apis]))
    data = GcpDataTier(network=network, apis=apis)
    outputs: dict[str, Any] = {
        "networkId": network.vpc_id,
        "networkName": network.network_name,
        "networkCidr": network.cidr_block,
        "privateSubnetIds": network.private_subnet_ids,
        "serverlessSubnetId": network.serverless_subnet_id,
        "privateServiceRange": network.private_service_range_name,
        "natName": network.nat_name,
    }
    if app.database:
        tier = data_sizing.database_tier(app.database)
        data.database = ManagedPostgres(
            app.name, _database_args(app.database, tier, network, base, labels), data.after_apis()
        )
        outputs.update(
            databaseEndpoint=data.database.endpoint,
            databaseReaderEndpoints=data.database.reader_endpoints,
            databasePort=data.database.port,
            databaseConnectionName=data.database.connection_name,
            databaseSecretId=data.database.secret_id,
            databaseUrlSecretId=data.database.url_secret_id,
            databaseExtensionStatements=data.database.extension_statements,
        )
    if app.cache:
        data.cache = RedisCache(app.name, _cache_args(app.cache, network, base, labels), data.after_apis())
        outputs.update(
            cacheEndpoint=data.cache.primary_endpoint,
            cacheReaderEndpoint=data.cache.reader_endpoint,
            cachePort=data.cache.port,
            cacheAuthSecretId=data.cache.auth_secret_id,
            cacheUrlSecretId=data.cache.url_secret_id,
        )
    if app.buckets:
        data.buckets = {
            n: Bucket(
                f"{app.name}-{n}",
                _bucket_args(config, spec, physical_part(base, n), labels),
                data.after_apis(),
            )
            for n, spec in app.buckets.items()
        }
        outputs["bucketNames"] = {name: bucket.bucket_name for name, bucket in data.buckets.items()}
    if app.secrets:
        store = Secrets(
            app.name,
            {
                "values": {name: secrets.get(name) for name in app.secrets},
                # Pinned: the prefix of release 0.2.
                "prefix": f"{app.name}-{config.environment}-" if names_pinned(app) else f"{base}-",
                "labels": labels,
                "physical_name": base,
            },
            data.after_apis(),
        )
        data.secret_references = store.references
        outputs["secretIds"] = store.ids

    if app.runtime == "kubernetes":
        from .gcp_k8s import build_kubernetes  # pulumi_kubernetes loads only for this runtime

        tier_outputs = GcpAppTier()
        outputs.update(build_kubernetes(config, data, secrets, labels))
    else:
        tier_outputs = build_services(config, data, labels)
        outputs.update(tier_outputs.outputs)
    outputs.update(build_site(config, data, tier_outputs, labels))
    outputs.update(build_alarms(config, data, tier_outputs, labels))
    return outputs


def required_apis(config: StackConfig) -> list[str]:
    """The Google Cloud APIs the stack's resources need."""
    app = config.app
    apis = {"compute", "servicenetworking", "iam", "logging", "monitoring"}
    if app.database:
        apis |= {"sqladmin"}
    if app.cache:
        apis |= {"redis"}
    if app.database or app.cache or app.secrets:
        apis |= {"secretmanager"}
    if app.services and app.runtime == "managed":
        apis |= {"run", "artifactregistry", "secretmanager"}
        if any(isinstance(s, Job) for s in app.services.values()):
            apis |= {"cloudscheduler"}
    if app.runtime == "kubernetes" and (app.kubernetes is None or app.kubernetes.cluster == "create"):
        apis |= {"container"}
    if app.hosted_zone_id:
        apis |= {"dns"}
    return [f"{api}.googleapis.com" for api in sorted(apis)]


def database_tier(size: str) -> str:
    return DATABASE_TIERS.get(size, size)


def _network(config: StackConfig, base: str, opts: pulumi.ResourceOptions) -> Vpc:
    network = config.app.network
    args: VpcArgs = {
        **arguments(NETWORK, network, VpcArgs),  # type: ignore[typeddict-item]
        "nat": network.nat != "none",
        "flow_logs": network.flow_logs,
        "physical_name": base,
    }
    return Vpc(config.app.name, args, opts)


def _database_args(
    database: Database, tier: str, network: Vpc, base: str, labels: dict[str, str]
) -> ManagedPostgresArgs:
    return {
        **arguments(DATABASE, database, ManagedPostgresArgs),  # type: ignore[typeddict-item]
        "network_id": network.private_network_id,
        "allocated_ip_range": network.private_service_range_name,
        "tier": tier,
        "labels": labels,
        "physical_name": base,
    }


def _cache_args(cache: Cache, network: Vpc, base: str, labels: dict[str, str]) -> RedisCacheArgs:
    memory = cache_memory_gb(cache.size)
    args: RedisCacheArgs = {
        **arguments(CACHE, cache, RedisCacheArgs),  # type: ignore[typeddict-item]
        "network_id": network.private_network_id,
        "reserved_ip_range": network.private_service_range_name,
        "high_availability": cache.replicas >= 1 or cache.automatic_failover,
        "read_replicas": cache.replicas if memory >= READ_REPLICA_MIN_GB else 0,
        "memory_size_gb": memory,
        # The API's own guard, like the database's: on wherever Pulumi `protect` is (the prod profile).
        "deletion_protection": cache.protect,
        "labels": labels,
        "physical_name": base,
    }
    if cache.persistence:
        # No append-only file on Memorystore for Redis: aof takes RDB every hour (stacks/stand_ins.py).
        args["persistence"] = "rdb" if cache.persistence == "aof" else cache.persistence
    if hours := data_sizing.gcp_rdb_hours(cache):
        args["rdb_snapshot_hours"] = hours
    if maxmemory := data_sizing.gcp_maxmemory_gb(cache):
        args["parameters"] = {**args.get("parameters", {}), "maxmemory-gb": maxmemory}
    return args


def _bucket_args(config: StackConfig, spec: BucketSpec, physical: str, labels: dict[str, str]) -> BucketArgs:
    args: BucketArgs = {
        **arguments(BUCKET, spec, BucketArgs),  # type: ignore[typeddict-item]
        # The stack's value since 0.2 (the component's default is 90 days since 0.3, as on AWS).
        "noncurrent_expire_days": 30,
        "labels": labels,
        "physical_name": physical,
    }
    if config.project:
        args["project"] = config.project
    args["location"] = config.region
    return args
