"""The GCP stack: compose the components from the validated config and return the stack outputs.

The network and data tier are built here; services, load balancer, site and alarms in `stacks/gcp_app.py`.
Every component waits for the project's APIs (`ProjectServices`), so a fresh project deploys in one run.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pulumi
import pulumi_gcp as gcp

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
from .profiles import Hardening, hardening

# Cloud Storage usage logs are written by this Google group, which needs roles/storage.objectCreator on the
# log bucket (cloud.google.com/storage/docs/access-logs, "Set up log delivery").
STORAGE_ANALYTICS = "group:cloud-storage-analytics@google.com"
# Days the usage logs are kept when the profile sets no log retention.
ACCESS_LOG_DAYS = 90
# The registry key rotates every 90 days (policy gcp-kms-key-rotation, checkov CKV_GCP_43).
KEY_ROTATION = "7776000s"
KEY_ROLE = "roles/cloudkms.cryptoKeyEncrypterDecrypter"

if TYPE_CHECKING:
    from .secret_values import SecretValues


def build(config: StackConfig, secrets: SecretValues) -> dict[str, Any]:
    """Create the stack's resources; return its outputs (camelCase names)."""
    app = config.app
    base = physical_base(app, pulumi.get_stack())
    labels = {"app": app.name, "environment": config.environment, "managed-by": "stackyard"}
    hardened = hardening(config.environment)
    apis = ProjectServices(app.name, {"services": required_apis(config)})
    network = _network(config, base, pulumi.ResourceOptions(depends_on=[apis]))
    data = GcpDataTier(network=network, apis=apis)
    data.log_bucket = _access_log_bucket(config, base, labels, hardened, data.after_apis())
    zone_outputs: dict[str, Any] = {}
    if app.hosted_zone == "create":
        zone = _created_zone(config, base, labels, data.after_apis())
        data.dns_zone = zone.name
        zone_outputs = {"dnsZoneName": zone.name, "nameServers": zone.name_servers}
    outputs: dict[str, Any] = {
        "networkId": network.vpc_id,
        "networkName": network.network_name,
        "networkCidr": network.cidr_block,
        "privateSubnetIds": network.private_subnet_ids,
        "serverlessSubnetId": network.serverless_subnet_id,
        "privateServiceRange": network.private_service_range_name,
        "natName": network.nat_name,
        **zone_outputs,
    }
    if app.database:
        tier = data_sizing.database_tier(app.database)
        data.database = ManagedPostgres(
            app.name,
            {
                **_database_args(app.database, tier, network, base, labels),
                "audit_logging": hardened.database_audit_logging,
            },
            data.after_apis(),
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
                _bucket_args(config, spec, physical_part(base, n), labels, data.log_bucket),
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

    data.registry_key = _registry_key(config, base, labels, data.after_apis())
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
        if registry_encryption(config) == "cmek":
            apis |= {"cloudkms"}
        if any(isinstance(s, Job) for s in app.services.values()):
            apis |= {"cloudscheduler"}
    if app.runtime == "kubernetes" and (app.kubernetes is None or app.kubernetes.cluster == "create"):
        apis |= {"container"}
    if app.hosted_zone_id or app.hosted_zone == "create":
        apis |= {"dns"}
    return [f"{api}.googleapis.com" for api in sorted(apis)]


def _created_zone(
    config: StackConfig, base: str, labels: dict[str, str], opts: pulumi.ResourceOptions
) -> gcp.dns.ManagedZone:
    """`hosted_zone: create`: the public Cloud DNS managed zone of `app.domain`, which the load balancer and
    the CDN write their A records to. Delegate it at your registrar, or in the parent zone, to its name
    servers (output `nameServers`); Google-managed certificates are issued only once the names resolve to
    the load balancer. DNSSEC is on (checkov CKV_GCP_16); publish the DS record at the registrar to have it
    validated. Protected in prod: a new zone gets new name servers. (GoogleCloudPlatform/magic-modules,
    mmv1/products/dns/ManagedZone.yaml: `name` and `dnsName` are immutable.)"""
    app = config.app
    assert app.domain, "the config check requires app.domain with hosted_zone: create"
    return gcp.dns.ManagedZone(
        f"{app.name}-zone",
        name=physical_part(base, "zone"),
        dns_name=f"{app.domain}.",
        description=f"{app.name} {config.environment}, managed by stackyard",
        visibility="public",
        dnssec_config={"state": "on"},
        force_destroy=False,
        labels=labels,
        opts=pulumi.ResourceOptions.merge(opts, pulumi.ResourceOptions(protect=config.is_prod)),
    )


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
        **network.database,
        "tier": tier,
        "labels": labels,
        "physical_name": base,
    }


def _cache_args(cache: Cache, network: Vpc, base: str, labels: dict[str, str]) -> RedisCacheArgs:
    memory = cache_memory_gb(cache.size)
    args: RedisCacheArgs = {
        **arguments(CACHE, cache, RedisCacheArgs),  # type: ignore[typeddict-item]
        **network.cache,
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


def registry_encryption(config: StackConfig) -> str:
    """`app.registry_encryption`, or the profile's: cmek where `Hardening.artifact_registry_cmek` (prod)."""
    chosen = config.app.registry_encryption
    if chosen is not None:
        return chosen
    return "cmek" if hardening(config.environment).artifact_registry_cmek else "google"


def _registry_key(
    config: StackConfig, base: str, labels: dict[str, str], opts: pulumi.ResourceOptions
) -> pulumi.Output[str] | None:
    """With `registry_encryption` cmek and a service whose repository the stack creates: a key ring and a
    key in the stack's region for the Artifact Registry repositories (checkov CKV_GCP_84; issue #18), with
    the Artifact Registry service agent allowed to use it. Returns the key's resource name as an Output that
    also waits for that grant, so no repository is created before the agent may use the key
    (cloud.google.com/artifact-registry/docs/cmek: grant the service agent the role before creating the
    repository)."""
    app = config.app
    repositories = app.runtime == "managed" and any(not s.image for s in app.services.values())
    if registry_encryption(config) != "cmek" or not repositories:
        return None
    project = {"project": config.project} if config.project else {}
    ring = gcp.kms.KeyRing(
        f"{app.name}-registry",
        name=physical_part(base, "registry"),
        location=config.region,
        **project,
        opts=opts,
    )
    key = gcp.kms.CryptoKey(
        f"{app.name}-registry",
        name="registry",
        key_ring=ring.id,
        purpose="ENCRYPT_DECRYPT",
        rotation_period=KEY_ROTATION,
        labels=labels,
        # Destroying the key makes every image unreadable: kept like the prod database (`protect`).
        opts=pulumi.ResourceOptions(protect=config.is_prod),
    )
    agent = gcp.projects.ServiceIdentity(
        f"{app.name}-registry-agent", service="artifactregistry.googleapis.com", **project, opts=opts
    )
    grant = gcp.kms.CryptoKeyIAMMember(
        f"{app.name}-registry-agent",
        crypto_key_id=key.id,
        role=KEY_ROLE,
        member=agent.member,
    )
    # The key's resource name, spelled out (the repository's `kms_key_name` form), waiting for the grant.
    return pulumi.Output.all(ring.project, ring.location, ring.name, key.name, grant.id).apply(
        lambda v: f"projects/{v[0]}/locations/{v[1]}/keyRings/{v[2]}/cryptoKeys/{v[3]}"
    )


def _access_log_bucket(
    config: StackConfig, base: str, labels: dict[str, str], hardened: Hardening, opts: pulumi.ResourceOptions
) -> Bucket | None:
    """With the profile's `bucket_access_logs` (prod) and a data or site bucket: the bucket that receives
    their usage logs (checkov CKV_GCP_62; issue #18). Private like every Bucket (uniform access, public
    access prevention), Google-managed encryption, not versioned and expiring its logs after the profile's
    log retention (else ACCESS_LOG_DAYS); it logs nowhere itself. Adding `logging` to a deployed bucket is
    an in-place update."""
    app = config.app
    if not hardened.bucket_access_logs or not (app.buckets or app.site):
        return None
    args: BucketArgs = {
        "versioning": False,
        "expire_days": hardened.log_retention_days or ACCESS_LOG_DAYS,
        "soft_delete_days": 0,  # logs need no restorable copies (billed)
        "protect": False,  # logs only; the lifecycle deletes them anyway
        "labels": labels,
        "physical_name": physical_part(base, "access-logs"),
        "location": config.region,
    }
    if config.project:
        args["project"] = config.project
    bucket = Bucket(f"{app.name}-access-logs", args, opts)
    bucket.grant_put("storage-analytics", STORAGE_ANALYTICS)
    return bucket


def _bucket_args(
    config: StackConfig, spec: BucketSpec, physical: str, labels: dict[str, str], log_bucket: Bucket | None
) -> BucketArgs:
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
    if log_bucket is not None:
        args["log_bucket"] = log_bucket.bucket_name
    return args
