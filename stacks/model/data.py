"""The data sections of `stackyard:app`: `database` (`Database`, managed PostgreSQL), `cache` (`Cache`, a
managed Redis-compatible cache) and `buckets.<name>` (`BucketSpec`, private object storage)."""

from __future__ import annotations

from typing import Literal

from pydantic import Field, field_validator

from components.limits import MAXMEMORY_POLICIES, POSTGRES_MAJOR_VERSIONS

from .common import Model


class Database(Model):
    """`stackyard:app.database`: a managed PostgreSQL instance."""

    DISTINCT = ("extensions",)

    version: str = Field(default="16", description="PostgreSQL major version: 13-17. Default 16.")
    size: str = Field(
        default="small",
        description="micro | small | medium | large | xlarge, or the cloud's own class (db.t4g.small, "
        "db-custom-2-7680). Default small.",
    )
    storage_gb: int = Field(default=20, ge=20, le=65536, description="Allocated storage in GB. Default 20.")
    max_storage_gb: int | None = Field(
        default=None, ge=20, le=65536, description="Storage autoscaling ceiling."
    )
    extensions: list[Literal["postgis", "pgvector", "pg_stat_statements", "pg_trgm", "uuid-ossp"]] = Field(
        default=[], description="Extensions to enable; their CREATE EXTENSION statements are a stack output."
    )
    read_replicas: int = Field(default=0, ge=0, le=5, description="Read replicas. Default 0.")
    multi_az: bool = Field(default=False, description="Standby in a second zone. Profile: false / true.")
    backup_retention_days: int = Field(
        default=7, ge=1, le=35, description="Days of backups. Profile: 3 / 14."
    )
    point_in_time_recovery: bool = Field(
        default=True,
        description="Restore to any second of the retention window (AWS: always on while backups are kept).",
    )
    deletion_protection: bool = Field(
        default=False, description="Cloud-side deletion protection. Profile: off / on."
    )
    final_snapshot: bool = Field(default=False, description="Snapshot before deletion. Profile: off / on.")
    protect: bool = Field(default=False, description="Pulumi `protect`: refuse to delete. Profile: off / on.")
    parameters: dict[str, str] = Field(
        default={}, description="Extra engine parameters (rds.force_ssl stays 1)."
    )
    cross_region_replica: str | None = Field(
        default=None, description="Region of a disaster-recovery replica."
    )
    backup_replication_region: str | None = Field(
        default=None, description="Region automated backups are copied to (AWS). Default none."
    )
    name: str | None = Field(
        default=None,
        pattern=r"^[a-z][a-z0-9_]{0,62}$",
        description="The database created on the instance (what DATABASE_NAME holds): lowercase letters, "
        "digits and _. Default: app.name with - as _ on aws, app on gcp. Changing it creates a new, empty "
        "database (the old one is kept on gcp, and the RDS instance is replaced on aws).",
    )
    cpu: float | None = Field(
        default=None,
        gt=0,
        le=96,
        description="vCPUs asked for, with memory_gb, instead of size: the smallest class that has both "
        "(aws: db.t4g / db.m7g / db.r7g; gcp: db-custom-<vCPUs>-<MiB>, rounded up to a shape Cloud SQL "
        "offers); the plan says when the class gives more than asked. Default none.",
    )
    memory_gb: float | None = Field(
        default=None, gt=0, le=624, description="Memory in GB asked for, with cpu. Default none."
    )
    password_version: int = Field(
        default=1,
        ge=1,
        description="Version of the generated master password: a new value rotates it (a new password in "
        "the secret store, set on the database; the services that read it roll). Default 1.",
    )
    rds_managed_password: bool = Field(
        default=False,
        description="aws: let RDS make and rotate (every 7 days) the master password instead of the stack. "
        "Services read it only when they start, so the app must re-read the secret after an authentication "
        "error; no DATABASE_URL, no read replicas, not with runtime kubernetes. Default false.",
    )

    @field_validator("version")
    @classmethod
    def _version(cls, value: str) -> str:
        if value not in POSTGRES_MAJOR_VERSIONS:
            raise ValueError(
                f"{value!r} is not a supported major version; use one of {', '.join(POSTGRES_MAJOR_VERSIONS)}"
            )
        return value


class Cache(Model):
    """`stackyard:app.cache`: a managed Redis-compatible cache."""

    engine: Literal["redis", "valkey"] = Field(default="redis", description="Cache engine. Default redis.")
    version: str | None = Field(
        default=None,
        pattern=r"^\d+(\.\d+)?$",
        description="Engine version, e.g. 7.1. Default: the component's (redis 7.1, valkey 8.0).",
    )
    size: str = Field(
        default="small", description="micro | small | medium | large, or the cloud's node type."
    )
    eviction: str = Field(default="volatile-lru", description="maxmemory-policy. Default volatile-lru.")
    replicas: int = Field(
        default=0,
        ge=0,
        le=5,
        description="Read replicas (gcp: any makes it STANDARD_HA; read replicas from 5 GB). Profile: 0 / 1.",
    )
    automatic_failover: bool = Field(
        default=False, description="Promote a replica on failure. Profile: off / on."
    )
    snapshot_retention_days: int = Field(
        default=1, ge=0, le=35, description="Days of snapshots (aws). Profile: 1 / 7."
    )
    parameters: dict[str, str] = Field(default={}, description="Extra engine parameters.")
    persistence: Literal["none", "rdb", "aof"] | None = Field(
        default=None,
        description="Durability of the data: rdb (snapshots), aof (an append-only file) or none. Default "
        "rdb: daily snapshots kept snapshot_retention_days on aws, a snapshot every hour on gcp. Neither "
        "ElastiCache nor Memorystore for Redis offers an append-only file, so aof gets the nearest "
        'documented equivalent, which `stackyard plan` lists under "What the cloud does instead": on aws '
        "the snapshots and a Multi-AZ replica (cache.replicas, automatic_failover), on gcp an RDB snapshot "
        "every hour and the STANDARD_HA standby.",
    )
    maxmemory_mb: int | None = Field(
        default=None,
        ge=1,
        description="Memory Redis may hold before it evicts (maxmemory), in MB. gcp: set as maxmemory-gb "
        "(20 % to 100 % of the instance); aws: ElastiCache fixes maxmemory by node type, so the node "
        "(size) must hold it after its 25 % reserved memory, and the plan says so. Default: the whole "
        "node or instance.",
    )
    snapshot_every_hours: Literal[1, 2, 3, 4, 6, 8, 12, 24] | None = Field(
        default=None,
        description="Hours between snapshots. gcp: the RDB snapshot period (1, 6, 12 or 24; 2-4 take 1, 8 "
        "takes 6); aws: 24 is the daily automatic snapshot, less adds scheduled snapshots between them "
        "(kept snapshot_retention_days; ElastiCache takes at most 20 manual ones a day, so 1 takes 2). "
        "Default: daily on aws, every hour on gcp.",
    )

    @field_validator("eviction")
    @classmethod
    def _eviction(cls, value: str) -> str:
        if value not in MAXMEMORY_POLICIES:
            raise ValueError(f"{value!r} is not allowed; use one of {', '.join(MAXMEMORY_POLICIES)}")
        return value

    protect: bool = Field(default=False, description="Pulumi `protect`: refuse to delete. Profile: off / on.")


class BucketSpec(Model):
    """`stackyard:app.buckets.<name>`: a private object-storage bucket."""

    DISTINCT = ("cors_origins",)

    versioned: bool = Field(default=True, description="Keep previous object versions. Default true.")
    expire_days: int | None = Field(
        default=None, ge=1, description="Delete objects this many days after creation."
    )
    cors_origins: list[str] = Field(default=[], description="Origins allowed to upload from a browser.")
    replication_region: str | None = Field(
        default=None, description="Replicate every object to a bucket in this region. Default none."
    )
    protect: bool = Field(default=False, description="Pulumi `protect`. Profile: off / on.")
