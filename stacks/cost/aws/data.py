"""AWS data stores: RDS instances, ElastiCache clusters and replication groups, S3 buckets."""

from __future__ import annotations

from ..context import Context, Outcome, Resource, Rule
from ..model import Line
from .common import H, registrar

FREE: dict[str, str] = {
    **dict.fromkeys(
        (
            "aws:rds/parameterGroup:ParameterGroup",
            "aws:rds/subnetGroup:SubnetGroup",
            "aws:elasticache/parameterGroup:ParameterGroup",
            "aws:elasticache/subnetGroup:SubnetGroup",
        ),
        "configuration of the database or cache, which is priced",
    ),
    **dict.fromkeys(
        (
            "aws:s3/bucketCorsConfiguration:BucketCorsConfiguration",
            "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration",
            "aws:s3/bucketOwnershipControls:BucketOwnershipControls",
            "aws:s3/bucketPolicy:BucketPolicy",
            "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock",
            "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
            "aws:s3/bucketVersioning:BucketVersioning",
            "aws:s3/bucketLogging:BucketLogging",
        ),
        "configuration of the bucket, whose storage and requests are priced",
    ),
}

NOT_PRICED: dict[str, str] = {
    "aws:rds/instanceAutomatedBackupsReplication:InstanceAutomatedBackupsReplication": (
        "usage-billed: the replicated backups are stored in the destination region and the transfer between "
        "regions is billed per GB; neither price is in the table"
    ),
    "aws:s3/bucketReplicationConfig:BucketReplicationConfig": (
        "usage-billed: replicated data is billed per GB transferred between regions; not in the table "
        "(the destination bucket's storage is priced as a bucket)"
    ),
}

RULES: dict[str, Rule] = {}
rule = registrar(RULES)


def _rds_source(r: Resource, ctx: Context) -> Resource | None:
    """The primary a read replica copies (`replicateSourceDb` is its identifier or ARN)."""
    source = r.get("replicateSourceDb")
    if not source:
        return None
    identifier = str(source).rsplit(":", 1)[-1]
    for other in ctx.of_type("aws:rds/instance:Instance"):
        if other.get("identifier") == identifier or other.id == identifier:
            return other
    return None


@rule("aws:rds/instance:Instance")
def rds_instance(r: Resource, ctx: Context) -> Outcome:
    source = _rds_source(r, ctx)
    inherited = source.inputs if source is not None else {}
    engine = str(r.get("engine") or inherited.get("engine") or "postgres")
    instance_class = str(r.get("instanceClass", "?"))
    multi_az = bool(r.get("multiAz", False))
    factor = ctx.table.rule("rds_multi_az_factor") if multi_az else 1.0
    deployment = "Multi-AZ" if multi_az else "Single-AZ"
    storage_type = str(r.get("storageType") or inherited.get("storageType") or "gp2")
    storage_gb = float(r.get("allocatedStorage") or inherited.get("allocatedStorage") or 0)
    storage_item = f"rds.storage.{storage_type}.gb_month"
    usage = ctx.usage_of(r, "database")
    role = "read replica, " if source is not None or r.get("replicateSourceDb") else ""
    lines = [
        ctx.fixed(
            f"Database instance ({role}{instance_class}, {deployment})",
            H * factor,
            "hours",
            f"rds.{engine}.{instance_class}.hour",
            note="Multi-AZ: the primary and its standby" if multi_az else "",
        ),
        ctx.fixed(f"Storage ({storage_type}, {deployment})", storage_gb * factor, "GB-months", storage_item),
    ]
    iops = r.get("iops")
    if storage_type in ("io1", "io2") and iops:
        lines.append(
            ctx.fixed(
                "Provisioned IOPS", float(iops) * factor, "IOPS-months", f"rds.iops.{storage_type}.month"
            )
        )
    lines += [
        ctx.use(
            "Storage growth (autoscaling)",
            usage["storage_growth_gb"] * factor,
            "GB-months",
            storage_item,
            "database.storage_growth_gb",
        ),
        ctx.use(
            "Backup storage above the free allowance",
            usage["backup_storage_gb"],
            "GB-months",
            "rds.backup.gb_month",
            "database.backup_storage_gb",
        ),
    ]
    return Outcome(lines)


@rule("aws:elasticache/replicationGroup:ReplicationGroup")
def cache_replication_group(r: Resource, ctx: Context) -> Outcome:
    node_groups = r.get("numNodeGroups")
    if node_groups:
        nodes = int(node_groups) * (1 + int(r.get("replicasPerNodeGroup", 0)))
    else:
        nodes = int(r.get("numCacheClusters", 1))
    return Outcome(_cache_lines(r, ctx, nodes))


@rule("aws:elasticache/cluster:Cluster")
def cache_cluster(r: Resource, ctx: Context) -> Outcome:
    return Outcome(_cache_lines(r, ctx, int(r.get("numCacheNodes", 1))))


def _cache_lines(r: Resource, ctx: Context, nodes: int) -> list[Line]:
    engine = str(r.get("engine", "redis"))
    node_type = str(r.get("nodeType", "?"))
    usage = ctx.usage_of(r, "cache")
    return [
        ctx.fixed(
            f"Cache nodes ({nodes} x {node_type}, {engine})",
            nodes * H,
            "node-hours",
            f"elasticache.{engine}.{node_type}.hour",
        ),
        ctx.use(
            "Backup storage above the free allowance",
            usage["backup_storage_gb"],
            "GB-months",
            "elasticache.backup.gb_month",
            "cache.backup_storage_gb",
        ),
    ]


@rule("aws:s3/bucket:Bucket", "aws:s3/bucketV2:BucketV2")
def bucket(r: Resource, ctx: Context) -> Outcome:
    usage = ctx.usage_of(r, "bucket")
    return Outcome(
        [
            ctx.use(
                "Storage (Standard)",
                usage["storage_gb"],
                "GB-months",
                "s3.standard.gb_month",
                "bucket.storage_gb",
            ),
            ctx.use(
                "PUT, COPY, POST, LIST requests",
                usage["put_requests_1k"],
                "1k requests",
                "s3.put_requests.1k",
                "bucket.put_requests_1k",
            ),
            ctx.use(
                "GET and other requests",
                usage["get_requests_1k"],
                "1k requests",
                "s3.get_requests.1k",
                "bucket.get_requests_1k",
            ),
        ]
    )
