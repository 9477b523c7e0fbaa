"""The AWS stack: compose the components from the validated config and return the stack outputs."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pulumi
import pulumi_aws as aws

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
from components.aws.bucket import server_access_log_statement
from components.naming import physical_part

from . import data_sizing
from .arg_tables import BUCKET, CACHE, DATABASE, NETWORK, arguments
from .aws_app import AppTier, DataTier, SiteBucketAccess, build_alarms, build_services, build_site
from .config import BucketSpec, Cache, Database, StackConfig, names_pinned, physical_base
from .data_sizing import CACHE_NODE_TYPES
from .data_sizing import DATABASE_CLASSES as DATABASE_CLASSES
from .profiles import Hardening, hardening

# Days the S3 server access logs are kept when the profile sets no log retention.
ACCESS_LOG_DAYS = 90

if TYPE_CHECKING:
    from .secret_values import SecretValues


def build(config: StackConfig, secrets: SecretValues) -> dict[str, Any]:
    """Create the stack's resources; return its outputs (camelCase names)."""
    app = config.app
    base = physical_base(app, pulumi.get_stack())
    tags = {"app": app.name, "environment": config.environment, "managed-by": "stackyard"}
    hardened = hardening(config.environment)
    network = _network(config, base, tags, hardened)
    data = DataTier(network=network)
    if app.hosted_zone == "create":
        zone = _created_zone(config, tags)
        data.zone_id = zone.zone_id
        outputs_zone = {"hostedZoneId": zone.zone_id, "nameServers": zone.name_servers}
    else:
        outputs_zone = {}
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
        **outputs_zone,
    }
    if app.database:
        data.database = ManagedPostgres(app.name, _database_args(app.database, network, base, tags, hardened))
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
        data.cache = RedisCache(app.name, _cache_args(app.cache, network, base, tags, hardened))
        outputs.update(
            cacheEndpoint=data.cache.primary_endpoint,
            cacheReaderEndpoint=data.cache.reader_endpoint,
            cachePort=data.cache.port,
            cacheAuthSecretArn=data.cache.auth_secret_arn,
            cacheSecurityGroupId=data.cache.security_group_id,
        )
    site_access = SiteBucketAccess(config)  # the CDN's read grant on the buckets the site serves
    access_logs = AccessLogs(config, base, tags, hardened)
    if app.buckets:
        data.buckets = {
            n: Bucket(
                f"{app.name}-{n}",
                site_access.bucket_args(
                    n, access_logs.bucket_args(_bucket_args(spec, physical_part(base, n), tags))
                ),
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
                "own_key": hardened.secret_encryption,
                "tags": tags,
                "physical_name": base,
            },
        )
        data.secret_references = store.references
        if hardened.secret_encryption:  # the key its readers need kms:Decrypt on
            data.secrets_key_arn = store.kms_key_arn
        outputs["secretArns"] = store.arns

    if app.runtime == "kubernetes":
        from .aws_k8s import build_kubernetes  # pulumi_kubernetes loads only for this runtime

        tier = AppTier()
        outputs.update(build_kubernetes(config, data, secrets, tags))
    else:
        tier = build_services(config, data, tags)
        outputs.update(tier.outputs)
    site, site_outputs = build_site(
        config, tags, data.buckets, site_access, access_logs.bucket_name, data.zone_id
    )
    outputs.update(site_outputs)
    access_logs.resolve([b.arn for b in data.buckets.values()] + ([site.bucket_arn] if site else []))
    outputs.update(build_alarms(config, data, tier, site, tags))
    return outputs


def _network(config: StackConfig, base: str, tags: dict[str, str], hardened: Hardening) -> Vpc:
    network = config.app.network
    args: VpcArgs = {
        **arguments(NETWORK, network, VpcArgs),  # type: ignore[typeddict-item]
        "nat": network.nat,
        "flow_logs": "cloudwatch" if network.flow_logs else "none",
        "encrypt_logs": hardened.log_encryption,
        "tags": tags,
        "physical_name": base,
    }
    return Vpc(config.app.name, args)


def _database_args(
    database: Database, network: Vpc, base: str, tags: dict[str, str], hardened: Hardening
) -> ManagedPostgresArgs:
    args: ManagedPostgresArgs = {
        **arguments(DATABASE, database, ManagedPostgresArgs),  # type: ignore[typeddict-item]
        **network.isolated,
        "instance_class": data_sizing.database_class(database),
        "encrypt_logs": hardened.log_encryption,
        "tags": tags,
        "physical_name": base,
    }
    if hardened.log_retention_days is not None:
        args["log_retention_days"] = hardened.log_retention_days
    if database.rds_managed_password:
        del args["password_version"]  # RDS keeps the password; there is no version of ours to roll
    return args


def _cache_args(
    cache: Cache, network: Vpc, base: str, tags: dict[str, str], hardened: Hardening
) -> RedisCacheArgs:
    args: RedisCacheArgs = {
        **arguments(CACHE, cache, RedisCacheArgs),  # type: ignore[typeddict-item]
        **network.isolated,
        "node_type": CACHE_NODE_TYPES.get(cache.size, cache.size),
        # persistence "none" turns the daily snapshots off; "aof" gets the snapshots and the replica
        # (stacks/stand_ins.py says so).
        "snapshot_retention_days": 0 if cache.persistence == "none" else cache.snapshot_retention_days,
        "encrypt_logs": hardened.log_encryption,
        "tags": tags,
        "physical_name": base,
    }
    if hardened.log_retention_days is not None:
        args["log_retention_days"] = hardened.log_retention_days
    if every := data_sizing.aws_snapshot_every_hours(cache):
        args["snapshot_every_hours"] = every
    return args


def _created_zone(config: StackConfig, tags: dict[str, str]) -> aws.route53.Zone:
    """`hosted_zone: create`: the public Route 53 hosted zone named `app.domain`, which the load balancer's
    and the CDN's certificates are validated in and their records written to. Its name servers (output
    `nameServers`) are delegated at the registrar, or in the parent zone, by you: until then ACM cannot
    validate, and `pulumi up` waits at the certificate validation. Protected in prod: a new zone gets new
    name servers, so the delegation would break. Never force-destroyed: records that others added stay.
    (hashicorp/terraform-provider-aws internal/service/route53/zone.go: `name` is ForceNew.)"""
    app = config.app
    assert app.domain, "the config check requires app.domain with hosted_zone: create"
    return aws.route53.Zone(
        f"{app.name}-zone",
        name=app.domain,
        comment=f"{app.name} {config.environment}, managed by stackyard",
        force_destroy=False,
        tags={**tags, "Name": f"{app.name}-zone"},
        opts=pulumi.ResourceOptions(protect=config.is_prod),
    )


class AccessLogs:
    """The stack's dedicated bucket for S3 server access logs (`Hardening.bucket_access_logs`, prod), which
    every data bucket and the site bucket log to: SSE-S3 (S3 delivers server access logs to SSE-S3 buckets
    only), private and TLS-only as every `Bucket`, its logs expired after the prod log retention, and never
    logging to itself. Its policy lets S3 deliver the logs of exactly those buckets, named once they exist
    (a deferred statement, `resolve`). Source: Amazon S3 User Guide, "Enabling Amazon S3 server access
    logging", "Permissions for log delivery"."""

    def __init__(self, config: StackConfig, base: str, tags: dict[str, str], hardened: Hardening) -> None:
        app = config.app
        self.bucket: Bucket | None = None
        self._resolve: Any = None
        if not (hardened.bucket_access_logs and (app.buckets or app.site)):
            return
        statement, self._resolve = pulumi.deferred_output()
        self.bucket = Bucket(
            f"{app.name}-s3-access-logs",
            {
                "encryption": "AES256",
                "expire_days": hardened.log_retention_days or ACCESS_LOG_DAYS,
                "noncurrent_expire_days": 7,
                "policy_statements": [statement],
                # Logs are disposable with the stack, as the load balancer's are.
                "force_destroy": True,
                "protect": False,
                "tags": tags,
                "physical_name": physical_part(base, "s3-logs"),
            },
        )

    @property
    def bucket_name(self) -> pulumi.Output[str] | None:
        return self.bucket.bucket_name if self.bucket is not None else None

    def bucket_args(self, args: BucketArgs) -> BucketArgs:
        """`args` of a bucket that logs here."""
        if self.bucket is not None:
            args["log_bucket"] = self.bucket.bucket_name
        return args

    def resolve(self, sources: list[pulumi.Output[str]]) -> None:
        """Let S3 deliver the logs of the buckets `sources` (their ARNs) to the log bucket."""
        if self.bucket is None:
            return
        bucket = self.bucket
        account = aws.get_caller_identity_output(opts=pulumi.InvokeOutputOptions(parent=bucket)).account_id
        self._resolve(
            pulumi.Output.all(bucket.arn, account, *sources).apply(
                lambda v: server_access_log_statement(v[0], v[2:], v[1])
            )
        )


def _bucket_args(spec: BucketSpec, physical: str, tags: dict[str, str]) -> BucketArgs:
    return {
        **arguments(BUCKET, spec, BucketArgs),  # type: ignore[typeddict-item]
        "tags": tags,
        "physical_name": physical,
    }
