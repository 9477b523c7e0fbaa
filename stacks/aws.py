"""The AWS stack: compose the components from the validated config and return the stack outputs."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pulumi

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
from components.naming import physical_part

from . import data_sizing
from .arg_tables import BUCKET, CACHE, DATABASE, NETWORK, arguments
from .aws_app import AppTier, DataTier, SiteBucketAccess, build_alarms, build_services, build_site
from .config import BucketSpec, Cache, Database, StackConfig, names_pinned, physical_base
from .data_sizing import CACHE_NODE_TYPES
from .data_sizing import DATABASE_CLASSES as DATABASE_CLASSES

if TYPE_CHECKING:
    from .secret_values import SecretValues


def build(config: StackConfig, secrets: SecretValues) -> dict[str, Any]:
    """Create the stack's resources; return its outputs (camelCase names)."""
    app = config.app
    base = physical_base(app, pulumi.get_stack())
    tags = {"app": app.name, "environment": config.environment, "managed-by": "stackyard"}
    network = _network(config, base, tags)
    data = DataTier(network=network)
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
        data.database = ManagedPostgres(app.name, _database_args(app.database, network, base, tags))
        outputs.update(
            databaseEndpoint=data.database.endpoint,
            databaseReaderEndpoints=data.database.reader_endpoints,
            databasePort=data.database.port,
            databaseSecretArn=data.database.secret_arn,
            databaseSecurityGroupId=data.database.security_group_id,
            databaseKmsKeyArn=data.database.kms_key_arn,
            databaseExtensionStatements=data.database.extension_statements,
        )
    if app.cache:
        data.cache = RedisCache(app.name, _cache_args(app.cache, network, base, tags))
        outputs.update(
            cacheEndpoint=data.cache.primary_endpoint,
            cacheReaderEndpoint=data.cache.reader_endpoint,
            cachePort=data.cache.port,
            cacheAuthSecretArn=data.cache.auth_secret_arn,
            cacheSecurityGroupId=data.cache.security_group_id,
        )
    site_access = SiteBucketAccess(config)  # the CDN's read grant on the buckets the site serves
    if app.buckets:
        data.buckets = {
            n: Bucket(
                f"{app.name}-{n}",
                site_access.bucket_args(n, _bucket_args(spec, physical_part(base, n), tags)),
            )
            for n, spec in app.buckets.items()
        }
        outputs["bucketNames"] = {name: bucket.bucket_name for name, bucket in data.buckets.items()}
        outputs["bucketArns"] = {name: bucket.arn for name, bucket in data.buckets.items()}
    if app.secrets:
        store = Secrets(
            app.name,
            {
                "values": {name: secrets.get(name) for name in app.secrets},
                # Pinned: the path of release 0.2 (its secrets already differ per environment).
                "path": f"{app.name}/{config.environment}/" if names_pinned(app) else f"{base}/",
                "recovery_window_in_days": 30 if config.is_prod else 7,
                "tags": tags,
                "physical_name": base,
            },
        )
        data.secret_references = store.references
        outputs["secretArns"] = store.arns

    if app.runtime == "kubernetes":
        from .aws_k8s import build_kubernetes  # pulumi_kubernetes loads only for this runtime

        tier = AppTier()
        outputs.update(build_kubernetes(config, data, secrets, tags))
    else:
        tier = build_services(config, data, tags)
        outputs.update(tier.outputs)
    site, site_outputs = build_site(config, tags, data.buckets, site_access)
    outputs.update(site_outputs)
    outputs.update(build_alarms(config, data, tier, site, tags))
    return outputs


def _network(config: StackConfig, base: str, tags: dict[str, str]) -> Vpc:
    network = config.app.network
    args: VpcArgs = {
        **arguments(NETWORK, network, VpcArgs),  # type: ignore[typeddict-item]
        "nat": network.nat,
        "flow_logs": "cloudwatch" if network.flow_logs else "none",
        "tags": tags,
        "physical_name": base,
    }
    return Vpc(config.app.name, args)


def _database_args(database: Database, network: Vpc, base: str, tags: dict[str, str]) -> ManagedPostgresArgs:
    args: ManagedPostgresArgs = {
        **arguments(DATABASE, database, ManagedPostgresArgs),  # type: ignore[typeddict-item]
        **network.isolated,
        "instance_class": data_sizing.database_class(database),
        "tags": tags,
        "physical_name": base,
    }
    if database.rds_managed_password:
        del args["password_version"]  # RDS keeps the password; there is no version of ours to roll
    return args


def _cache_args(cache: Cache, network: Vpc, base: str, tags: dict[str, str]) -> RedisCacheArgs:
    args: RedisCacheArgs = {
        **arguments(CACHE, cache, RedisCacheArgs),  # type: ignore[typeddict-item]
        **network.isolated,
        "node_type": CACHE_NODE_TYPES.get(cache.size, cache.size),
        # persistence "none" turns the daily snapshots off; "aof" gets the snapshots and the replica
        # (stacks/stand_ins.py says so).
        "snapshot_retention_days": 0 if cache.persistence == "none" else cache.snapshot_retention_days,
        "tags": tags,
        "physical_name": base,
    }
    if every := data_sizing.aws_snapshot_every_hours(cache):
        args["snapshot_every_hours"] = every
    return args


def _bucket_args(spec: BucketSpec, physical: str, tags: dict[str, str]) -> BucketArgs:
    return {
        **arguments(BUCKET, spec, BucketArgs),  # type: ignore[typeddict-item]
        "tags": tags,
        "physical_name": physical,
    }
