"""Google Cloud data stores: Cloud SQL instances, Memorystore for Redis, Cloud Storage buckets."""

from __future__ import annotations

import re

from ..context import Context, Outcome, Resource, Rule, not_priced
from ..model import Line
from .common import H, registrar

FREE: dict[str, str] = {
    "gcp:sql/database:Database": "part of the Cloud SQL instance, which is priced",
    "gcp:sql/user:User": "part of the Cloud SQL instance, which is priced",
}

NOT_PRICED: dict[str, str] = {}

RULES: dict[str, Rule] = {}
rule = registrar(RULES)


def _sql_shape(tier: str) -> tuple[float, float] | None:
    """(vCPUs, GB of memory) of a dedicated-core tier; None for a shared-core one."""
    custom = re.fullmatch(r"db-custom-(\d+)-(\d+)", tier)
    if custom:
        return float(custom.group(1)), int(custom.group(2)) / 1024
    standard = re.fullmatch(r"db-n1-(standard|highmem)-(\d+)", tier)
    if standard:
        cpus = float(standard.group(2))
        return cpus, cpus * (3.75 if standard.group(1) == "standard" else 6.5)
    return None


@rule("gcp:sql/databaseInstance:DatabaseInstance")
def sql_instance(r: Resource, ctx: Context) -> Outcome:
    tier = str(r.get("settings.tier", "?"))
    edition = "enterprise_plus" if r.get("settings.edition") == "ENTERPRISE_PLUS" else "enterprise"
    regional = r.get("settings.availabilityType") == "REGIONAL"
    factor = ctx.table.rule("cloudsql_regional_factor") if regional else 1.0
    availability = "regional (HA)" if regional else "zonal"
    replica = "read replica, " if r.get("masterInstanceName") else ""
    lines: list[Line] = []
    shape = _sql_shape(tier)
    if shape is None:
        lines.append(
            ctx.fixed(
                f"Instance ({replica}{tier}, {availability})",
                H * factor,
                "hours",
                f"cloudsql.shared.{tier}.hour",
            )
        )
    else:
        cpus, memory = shape
        lines += [
            ctx.fixed(
                f"vCPUs ({replica}{cpus:g}, {availability})",
                cpus * H * factor,
                "vCPU-hours",
                f"cloudsql.{edition}.vcpu_hour",
            ),
            ctx.fixed(
                f"Memory ({memory:g} GB, {availability})",
                memory * H * factor,
                "GB-hours",
                f"cloudsql.{edition}.ram_gb_hour",
            ),
        ]
    disk = "ssd" if r.get("settings.diskType", "PD_SSD") == "PD_SSD" else "hdd"
    size = float(r.get("settings.diskSize", 10))
    usage = ctx.usage_of(r, "database")
    storage_item = f"cloudsql.storage.{disk}.gb_month"
    lines += [
        ctx.fixed(f"Storage ({disk.upper()}, {availability})", size * factor, "GB-months", storage_item),
        ctx.use(
            "Storage growth (automatic increase)",
            usage["storage_growth_gb"] * factor,
            "GB-months",
            storage_item,
            "database.storage_growth_gb",
        ),
        ctx.use(
            "Backup storage",
            usage["backup_storage_gb"],
            "GB-months",
            "cloudsql.backup.gb_month",
            "database.backup_storage_gb",
        ),
    ]
    return Outcome(lines)


def _memorystore_band(gb: float) -> int:
    """The capacity tier (M1…M5) Memorystore for Redis prices a size in."""
    for band, limit in ((1, 4), (2, 10), (3, 35), (4, 100)):
        if gb <= limit:
            return band
    return 5


@rule("gcp:redis/instance:Instance")
def redis_instance(r: Resource, ctx: Context) -> Outcome:
    gb = float(r.get("memorySizeGb", 1))
    tier = "standard" if r.get("tier", "BASIC") == "STANDARD_HA" else "basic"
    band = _memorystore_band(gb)
    lines = [
        ctx.fixed(
            f"Redis instance ({tier}, M{band}, {gb:g} GB)",
            gb * H,
            "GB-hours",
            f"memorystore.{tier}.m{band}.gb_hour",
        )
    ]
    replicas = int(r.get("replicaCount", 0) or 0)
    if r.get("readReplicasMode") == "READ_REPLICAS_ENABLED" and replicas:
        lines.append(
            ctx.fixed(
                f"Read replicas ({replicas})",
                replicas * gb * H,
                "GB-hours",
                f"memorystore.read_replica.m{band}.gb_hour",
            )
        )
    return Outcome(lines)


_SINGLE_REGION = re.compile(r"^[a-z]+-[a-z]+\d+$")


@rule("gcp:storage/bucket:Bucket")
def storage_bucket(r: Resource, ctx: Context) -> Outcome:
    location = str(r.get("location", "US")).lower()
    storage_class = str(r.get("storageClass", "STANDARD")).upper()
    if not _SINGLE_REGION.match(location):
        return not_priced(
            f"a {location.upper()} multi-region or dual-region bucket; only single-region buckets are in "
            "the table"
        )
    if storage_class != "STANDARD":
        return not_priced(f"{storage_class} storage; only Standard storage is in the table")
    usage = ctx.usage_of(r, "bucket")
    where = f" ({location})" if location != ctx.region else ""
    return Outcome(
        [
            ctx.use(
                f"Storage (Standard{where})",
                usage["storage_gb"],
                "GiB-months",
                "gcs.standard.gb_month",
                "bucket.storage_gb",
                region=location,
            ),
            ctx.use(
                "Class A operations (object adds, lists)",
                usage["put_requests_1k"],
                "1k operations",
                "gcs.standard.region.class_a.1k",
                "bucket.put_requests_1k",
                region=location,
            ),
            ctx.use(
                "Class B operations (object gets, metadata)",
                usage["get_requests_1k"],
                "1k operations",
                "gcs.standard.region.class_b.1k",
                "bucket.get_requests_1k",
                region=location,
            ),
        ],
        note="noncurrent versions and soft-deleted objects are billed as storage too (usage storage_gb)",
    )
