"""The AWS stack: compose the components from the validated config and return the stack outputs."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from components.aws import (
    Bucket,
    BucketArgs,
    ManagedPostgres,
    ManagedPostgresArgs,
    RedisCache,
    RedisCacheArgs,
    Secrets,
    Vpc,
    VpcArgs,
)

from .config import BucketSpec, Cache, Database, StackConfig

if TYPE_CHECKING:
    from .program import SecretValues

# The config's t-shirt sizes, on AWS. Any other value is taken as the instance class / node type itself.
DATABASE_CLASSES = {
    "micro": "db.t4g.micro",
    "small": "db.t4g.small",
    "medium": "db.t4g.medium",
    "large": "db.m7g.large",
    "xlarge": "db.m7g.xlarge",
}
CACHE_NODE_TYPES = {
    "micro": "cache.t4g.micro",
    "small": "cache.t4g.small",
    "medium": "cache.t4g.medium",
    "large": "cache.m7g.large",
    "xlarge": "cache.m7g.xlarge",
}


def build(config: StackConfig, secrets: SecretValues) -> dict[str, Any]:
    """Create the stack's resources; return its outputs (camelCase names)."""
    app = config.app
    tags = {"app": app.name, "environment": config.environment, "managed-by": "stackyard"}
    network = _network(config, tags)
    outputs: dict[str, Any] = {
        "vpcId": network.vpc_id,
        "vpcCidr": network.cidr_block,
        "availabilityZones": network.availability_zones,
        "publicSubnetIds": network.public_subnet_ids,
        "privateSubnetIds": network.private_subnet_ids,
        "isolatedSubnetIds": network.isolated_subnet_ids,
        "publicRouteTableId": network.public_route_table_id,
        "privateRouteTableIds": network.private_route_table_ids,
        "isolatedRouteTableId": network.isolated_route_table_id,
        "natGatewayIds": network.nat_gateway_ids,
    }
    if app.database:
        database = ManagedPostgres(app.name, _database_args(app.database, network, tags))
        outputs.update(
            databaseEndpoint=database.endpoint,
            databaseReaderEndpoints=database.reader_endpoints,
            databasePort=database.port,
            databaseSecretArn=database.secret_arn,
            databaseSecurityGroupId=database.security_group_id,
            databaseKmsKeyArn=database.kms_key_arn,
            databaseExtensionStatements=database.extension_statements,
        )
    if app.cache:
        cache = RedisCache(app.name, _cache_args(app.cache, network, tags))
        outputs.update(
            cacheEndpoint=cache.primary_endpoint,
            cacheReaderEndpoint=cache.reader_endpoint,
            cachePort=cache.port,
            cacheAuthSecretArn=cache.auth_secret_arn,
            cacheSecurityGroupId=cache.security_group_id,
        )
    if app.buckets:
        buckets = {
            name: Bucket(f"{app.name}-{name}", _bucket_args(spec, tags)) for name, spec in app.buckets.items()
        }
        outputs["bucketNames"] = {name: bucket.bucket_name for name, bucket in buckets.items()}
        outputs["bucketArns"] = {name: bucket.arn for name, bucket in buckets.items()}
    if app.secrets:
        store = Secrets(
            app.name,
            {
                "values": {name: secrets.get(name) for name in app.secrets},
                "path": f"{app.name}/{config.environment}/",
                "recovery_window_in_days": 30 if config.is_prod else 7,
                "tags": tags,
            },
        )
        outputs["secretArns"] = store.arns
    return outputs


def _network(config: StackConfig, tags: dict[str, str]) -> Vpc:
    network = config.app.network
    args: VpcArgs = {
        "cidr_block": network.cidr,
        "zone_count": network.zones,
        "nat": network.nat,
        "interface_endpoints": list(network.endpoints),
        "flow_logs": "cloudwatch" if network.flow_logs else "none",
        "flow_log_retention_days": network.flow_log_retention_days,
        "tags": tags,
    }
    if network.availability_zones:
        args["availability_zones"] = network.availability_zones
    return Vpc(config.app.name, args)


def _database_args(database: Database, network: Vpc, tags: dict[str, str]) -> ManagedPostgresArgs:
    args: ManagedPostgresArgs = {
        "vpc_id": network.vpc_id,
        "subnet_ids": network.isolated_subnet_ids,
        "engine_version": database.version,
        "instance_class": DATABASE_CLASSES.get(database.size, database.size),
        "allocated_storage_gb": database.storage_gb,
        "multi_az": database.multi_az,
        "read_replicas": database.read_replicas,
        "backup_retention_days": database.backup_retention_days,
        "deletion_protection": database.deletion_protection,
        "final_snapshot": database.final_snapshot,
        "protect": database.protect,
        "extensions": list(database.extensions),
        "parameters": dict(database.parameters),
        "tags": tags,
    }
    if database.max_storage_gb is not None:
        args["max_allocated_storage_gb"] = database.max_storage_gb
    if database.cross_region_replica:
        args["cross_region_replica"] = database.cross_region_replica
    if database.backup_replication_region:
        args["backup_replication_region"] = database.backup_replication_region
    return args


def _cache_args(cache: Cache, network: Vpc, tags: dict[str, str]) -> RedisCacheArgs:
    args: RedisCacheArgs = {
        "vpc_id": network.vpc_id,
        "subnet_ids": network.isolated_subnet_ids,
        "engine": cache.engine,
        "node_type": CACHE_NODE_TYPES.get(cache.size, cache.size),
        "replicas": cache.replicas,
        "automatic_failover": cache.automatic_failover,
        "maxmemory_policy": cache.eviction,
        "parameters": dict(cache.parameters),
        "snapshot_retention_days": cache.snapshot_retention_days,
        "protect": cache.protect,
        "tags": tags,
    }
    if cache.version:
        args["engine_version"] = cache.version
    return args


def _bucket_args(spec: BucketSpec, tags: dict[str, str]) -> BucketArgs:
    args: BucketArgs = {
        "versioning": spec.versioned,
        "cors_origins": list(spec.cors_origins),
        "protect": spec.protect,
        "tags": tags,
    }
    if spec.expire_days is not None:
        args["expire_days"] = spec.expire_days
    if spec.replication_region:
        args["replication_region"] = spec.replication_region
    return args
