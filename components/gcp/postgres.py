"""`ManagedPostgres`: Cloud SQL for PostgreSQL with secure defaults: private IP only, TLS required, backups
with point-in-time recovery, IAM database authentication, audit logging flags, Query Insights, a generated
password kept in Secret Manager, optional read replicas in the region and in another region."""

from typing import TYPE_CHECKING, Required, TypedDict

import pulumi
import pulumi_gcp as gcp

from ..checks import refuse_unknown_keys
from ..credentials import generated_password, postgres_url
from ..naming import physical_base, physical_name
from .postgres_settings import (
    FINAL_BACKUP_RETENTION_DAYS,
    MAX_LOG_DAYS,
    PORT,
    PostgresSettings,
    max_connections,
)
from .secret_store import stored_secret_version, version_reference

if TYPE_CHECKING:
    from .alarms.args import AlarmsDatabase

SECRET_KEYS = ("password", "url")
READER_KEY = "reader_url"  # a secret of its own, with read replicas only
PASSWORD_LENGTH = 32


class ManagedPostgresArgs(TypedDict, total=False):
    network_id: Required[pulumi.Input[str]]
    """The VPC network the instance gets its private IP in: the Vpc's `private_network_id`, which resolves
    only once the Private Service Access connection exists (so the instance waits for it). Required."""
    allocated_ip_range: pulumi.Input[str] | None
    """Name of the Private Service Access range to take the private IP from (the Vpc's PSA range name).
    Default None (any PSA range of the network)."""
    region: pulumi.Input[str] | None
    """Region of the primary and of the in-region replicas, e.g. "europe-west1". Default None (the provider's
    `gcp:region`)."""
    engine_version: str
    """PostgreSQL major version: "13", "14", "15", "16" or "17" (`POSTGRES_<major>`; a whole number such as 16
    is read as "16"). Default "16". Minor versions are applied by Cloud SQL in the maintenance window.
    Changing it performs a major upgrade."""
    edition: str
    """Cloud SQL edition: "ENTERPRISE" or "ENTERPRISE_PLUS". Default "ENTERPRISE", always set explicitly: for
    PostgreSQL 16+ the API default is ENTERPRISE_PLUS, which has no shared-core or custom tiers."""
    tier: str
    """Machine type. ENTERPRISE: "db-f1-micro", "db-g1-small" (shared core, no SLA) or
    "db-custom-<vCPU>-<MiB>" (vCPU 1 or even up to 96; 0.9-6.5 GB per vCPU, a multiple of 256 MiB, at least
    3840), e.g. "db-custom-2-7680". ENTERPRISE_PLUS: "db-perf-optimized-N-<vCPU>" (2, 4, 8, 16, 32, 48, 64,
    80, 96, 128). Default "db-custom-1-3840" (ENTERPRISE) or "db-perf-optimized-N-2" (ENTERPRISE_PLUS)."""
    multi_az: bool
    """Named like the AWS knob: on Cloud SQL a regional (`REGIONAL`) high-availability instance with a
    standby in a second zone and automatic failover; `ZONAL` when False. Needs point-in-time recovery.
    Default True."""
    allocated_storage_gb: int
    """Initial PD_SSD data disk in GB, 10-65536. Default 20. Storage always grows automatically; Cloud SQL
    never shrinks it."""
    max_allocated_storage_gb: int | None
    """Ceiling in GB for the automatic storage increase, from `allocated_storage_gb` to 65536. Default None:
    no ceiling (Cloud SQL's `disk_autoresize_limit` 0), so the database never runs out of disk."""
    backup_retention_days: int
    """Daily automated backups kept, 1-365 (`retained_backups`, unit COUNT). Default 14."""
    point_in_time_recovery: bool
    """Point-in-time recovery, with transaction logs kept min(`backup_retention_days`, 7) days on ENTERPRISE
    (35 on ENTERPRISE_PLUS). Default True."""
    backup_window: str
    """Start of the daily backup, "HH:MM" UTC. Default "03:00"."""
    backup_replication_region: str | None
    """Where backups are stored: a region ("europe-west4") or a multi-region ("us", "eu", "asia"). Default
    None (the multi-region nearest to the instance)."""
    maintenance_window: str
    """Weekly one-hour maintenance window, "ddd:HH" UTC (mon ... sun), on the "stable" update track. Default
    "sun:04"."""
    deletion_protection: bool
    """Deletion protection on the primary and the replicas, both the provider's `deletion_protection` (Pulumi
    cannot delete them) and the API's `deletion_protection_enabled` (nobody can, by any means, until it is
    turned off). Default True."""
    protect: bool
    """Pulumi `protect` on the primary instance, the database, the user and the password secret. Default
    True."""
    final_snapshot: bool
    """Take a final backup when the primary is deleted (`settings.final_backup_config`, kept 365 days) and
    keep its automated backups (`retain_backups_on_delete`). Default True."""
    ssl_mode: str
    """"ENCRYPTED_ONLY" (TLS required) or "TRUSTED_CLIENT_CERTIFICATE_REQUIRED" (TLS with a Cloud SQL client
    certificate, or the Cloud SQL connectors / Auth Proxy). Default "ENCRYPTED_ONLY". Unencrypted connections
    are never allowed."""
    iam_authentication: bool
    """IAM database authentication (database flag `cloudsql.iam_authentication`). Default True."""
    audit_logging: bool
    """Forensic logging and pgAudit (issue #18; checkov CKV_GCP_55, CKV_GCP_108-111, CIS 6.2): the flags
    `log_hostname` on, `log_statement` ddl, `log_min_messages` warning, `log_min_error_statement` error,
    `cloudsql.enable_pgaudit` on and `pgaudit.log` "ddl,role" (schema and role changes). `parameters` may make
    each stricter (e.g. log_statement mod, pgaudit.log "ddl,role,write"), never weaker (an error). pgAudit
    needs `CREATE EXTENSION pgaudit` once: it is added to `extension_statements`. Turning it on changes the
    flags in place; `cloudsql.enable_pgaudit` restarts the instance once
    (cloud.google.com/sql/docs/postgres/flags, /pg-audit). Default True."""
    parameters: dict[str, str]
    """Extra database flags, e.g. {"max_connections": "200"}. Default {}. stackyard always sets
    `cloudsql.iam_authentication` (from `iam_authentication`; a contrary value is an error),
    `log_checkpoints`, `log_connections`, `log_disconnections` and `log_lock_waits` "on" (cannot be turned
    off) and, unless given here, `log_min_duration_statement` "1000" and `log_temp_files` "0"."""
    query_insights: bool
    """Query Insights (application tags recorded, client addresses not, queries up to 1024 bytes). Default
    True."""
    read_replicas: int
    """Read replicas in the primary's region, 0-5, named `<name>-db-replica-1`, `-2` … so adding one never
    renames another. Default 0."""
    cross_region_replica: str | None
    """A region (e.g. "us-east1") for one more read replica, on the same network, for disaster recovery.
    Default None."""
    database_name: str
    """The database created on the instance: a letter, then letters, digits or _, at most 63; not postgres,
    template0/1 or cloudsqladmin. Default "app"."""
    username: str
    """The application's built-in user: a letter, then letters, digits or _, at most 63; not postgres or a
    cloudsql*/pg_* name. Default "app". Its password is generated and kept in Secret Manager (`secret_id`)."""
    password_version: int
    """The generated password's version, 1 or more. Default 1. Set a new value to rotate: a new password is
    generated, set on the user and stored as new versions of the password and URL secrets, and services that
    reference those versions (`secret_reference`) roll to them."""
    extensions: list[str]
    """Extensions the application uses: "postgis", "pgvector", "pg_stat_statements", "pg_trgm", "uuid-ossp".
    Default []. The `CREATE EXTENSION` statements come out as `extension_statements`, for the application's
    migrations to run once."""
    labels: dict[str, str]
    """Labels on the instances and the secret (`managed-by: stackyard` is always added). Keys: a lowercase
    letter, then lowercase letters, digits, _ or -, at most 63; values the same characters. Default {}."""
    physical_name: str
    """The base of the physical names of this component's cloud resources (the instance `<physical_name>-db`,
    the replicas `<physical_name>-db-replica-1` …, the secrets `<physical_name>-db-password`,
    `<physical_name>-db-url` and, with read replicas, `<physical_name>-db-reader-url`). Default: the
    component's name. Give each stack its own (e.g. "shop-staging") so that two stacks in one project never
    collide, while the logical names, and so the URNs, stay the same. 1-63 lowercase letters, digits and
    hyphens, starting with a letter. Changing it on a deployed stack replaces the database."""


class ManagedPostgres(pulumi.ComponentResource):
    """Cloud SQL for PostgreSQL, reachable only on a private IP of the network, with TLS required.

    The instance has no public IP (`ipv4_enabled` is False, explicitly) and takes its private IP from the
    network's Private Service Access range; nothing outside the VPC (and its peers) can reach it. An
    application user gets a generated 32-character password (letters and digits) stored only in Secret Manager
    (`secret_id`), and the ready `postgresql://…?sslmode=require` URL in a second secret (`…-db-url`): a
    Cloud Run variable references one whole secret version, never a key of a JSON value. With read replicas a
    third secret (`…-db-reader-url`) holds the same URL with the first replica's address, for an application
    that sends its reads to a replica. Services read them by reference, pinned to the current version
    (`secret_reference`), so that a rotation (`password_version`) rolls them; nothing rotates unattended.
    IAM database authentication, daily backups with point-in-time recovery, audit logging flags and Query
    Insights are on. Physical names are explicit and derived from
    `physical_name` (default: the component name; `<physical_name>-db`, `<physical_name>-db-replica-1`,
    secret `<physical_name>-db-password`), so a refactor never replaces the database; two components with
    the same `physical_name` in one project would therefore collide, and Cloud SQL keeps a deleted
    instance's name reserved for up to a week. The database and the user are abandoned
    rather than dropped when removed from the program (PostgreSQL cannot drop a user that owns objects): they
    go with the instance. Cloud SQL has no API to create extensions: run `extension_statements` once from the
    application's migrations.

    Example:

        db = ManagedPostgres(
            "shop",
            {
                "network_id": "projects/shop-prod/global/networks/shop",
                "allocated_ip_range": "shop-psa",
                "extensions": ["pgvector"],
                "read_replicas": 1,
            },
        )
        pulumi.export("dbHost", db.endpoint)
        pulumi.export("dbPasswordSecret", db.secret_id)
    """

    endpoint: pulumi.Output[str]
    """The primary's private IP address."""
    port: pulumi.Output[int]
    """The port PostgreSQL listens on (5432)."""
    connection_name: pulumi.Output[str]
    """`<project>:<region>:<instance>`, for the Cloud SQL connectors and Auth Proxy."""
    instance_name: pulumi.Output[str]
    """The primary's Cloud SQL instance name (`<name>-db`)."""
    secret_id: pulumi.Output[str]
    """The Secret Manager secret holding the user's password:
    `projects/<project>/secrets/<name>-db-password`."""
    url_secret_id: pulumi.Output[str]
    """The Secret Manager secret holding the connection URL: `projects/<project>/secrets/<name>-db-url`."""
    password: pulumi.Output[str]
    """The generated password (a Pulumi secret), for a consumer that cannot read Secret Manager, such as a
    Kubernetes Secret."""
    url: pulumi.Output[str]
    """`postgresql://user:password@host:5432/db?sslmode=require` (a Pulumi secret)."""
    reader_url: pulumi.Output[str]
    """The same URL with the first in-region read replica's private IP (a Pulumi secret), also kept in the
    secret `projects/<project>/secrets/<name>-db-reader-url`; "" without `read_replicas`."""
    database_name: pulumi.Output[str]
    """The database created on the instance."""
    username: pulumi.Output[str]
    """The application user's name."""
    reader_endpoints: pulumi.Output[list[str]]
    """Private IPs of the read replicas in the primary's region, in replica order; [] when there are none."""
    extension_statements: pulumi.Output[list[str]]
    """`CREATE EXTENSION IF NOT EXISTS "…";` for each extension, for the application's migrations to run."""

    def __init__(
        self, name: str, args: ManagedPostgresArgs, opts: pulumi.ResourceOptions | None = None
    ) -> None:
        refuse_unknown_keys(ManagedPostgres, ManagedPostgresArgs, name, args, opts)
        settings = PostgresSettings(args)
        base = physical_base("ManagedPostgres", name, args.get("physical_name"))
        super().__init__("stackyard-gcp:index:ManagedPostgres", name, None, opts)
        labels = {**settings.labels, "managed-by": "stackyard"}

        ip_configuration: gcp.sql.DatabaseInstanceSettingsIpConfigurationArgsDict = {
            "ipv4_enabled": False,
            "private_network": settings.network_id,
            "ssl_mode": settings.ssl_mode,
            "enable_private_path_for_google_cloud_services": True,
        }
        if settings.allocated_ip_range is not None:
            ip_configuration["allocated_ip_range"] = settings.allocated_ip_range
        flags: list[gcp.sql.DatabaseInstanceSettingsDatabaseFlagArgsDict] = [
            {"name": key, "value": value} for key, value in sorted(settings.flags.items())
        ]
        insights: gcp.sql.DatabaseInstanceSettingsInsightsConfigArgsDict = (
            {
                "query_insights_enabled": True,
                "record_application_tags": True,
                "record_client_address": False,
                "query_string_length": 1024,
            }
            if settings.query_insights
            else {"query_insights_enabled": False}
        )
        day, hour = settings.maintenance_window

        def instance_settings(availability_type: str) -> gcp.sql.DatabaseInstanceSettingsArgsDict:
            """What the primary and the replicas share. The disk only grows: with autoresize on, the provider
            ignores a `disk_size` below the current size instead of replacing the instance."""
            return {
                "tier": settings.tier,
                "edition": settings.edition,
                "availability_type": availability_type,
                "disk_type": "PD_SSD",
                "disk_size": settings.allocated_storage_gb,
                "disk_autoresize": True,
                "disk_autoresize_limit": settings.max_allocated_storage_gb,
                "ip_configuration": ip_configuration,
                "database_flags": flags,
                "insights_config": insights,
                "maintenance_window": {"day": day, "hour": hour, "update_track": "stable"},
                "deletion_protection_enabled": settings.deletion_protection,
                "user_labels": labels,
            }

        backup: gcp.sql.DatabaseInstanceSettingsBackupConfigurationArgsDict = {
            "enabled": True,
            "start_time": settings.backup_window,
            "point_in_time_recovery_enabled": settings.point_in_time_recovery,
            "backup_retention_settings": {
                "retained_backups": settings.backup_retention_days,
                "retention_unit": "COUNT",
            },
        }
        if settings.point_in_time_recovery:
            backup["transaction_log_retention_days"] = min(
                settings.backup_retention_days, MAX_LOG_DAYS[settings.edition]
            )
        if settings.backup_replication_region is not None:
            backup["location"] = settings.backup_replication_region
        primary_settings = instance_settings("REGIONAL" if settings.multi_az else "ZONAL")
        primary_settings["backup_configuration"] = backup
        primary_settings["retain_backups_on_delete"] = settings.final_snapshot
        primary_settings["final_backup_config"] = (
            {"enabled": True, "retention_days": FINAL_BACKUP_RETENTION_DAYS}
            if settings.final_snapshot
            else {"enabled": False}
        )

        primary = gcp.sql.DatabaseInstance(
            name,
            name=physical_name(f"{base}-db", 63),
            region=settings.region,
            database_version=f"POSTGRES_{settings.engine_version}",
            deletion_protection=settings.deletion_protection,
            final_backup_description=(
                f"Final backup of {name}, managed by stackyard" if settings.final_snapshot else None
            ),
            settings=primary_settings,
            opts=pulumi.ResourceOptions(parent=self, protect=settings.protect),
        )
        database = gcp.sql.Database(
            name,
            name=settings.database_name,
            instance=primary.name,
            deletion_policy="ABANDON",  # kept when removed or renamed; deleted with the instance
            opts=pulumi.ResourceOptions(parent=self, protect=settings.protect),
        )
        secret_value = generated_password(
            f"{name}-password", self, PASSWORD_LENGTH, settings.password_version
        )
        user = gcp.sql.User(
            name,
            name=settings.username,
            instance=primary.name,
            type="BUILT_IN",
            password=secret_value,
            # PostgreSQL cannot drop a user that owns objects; the user goes with the instance.
            deletion_policy="ABANDON",
            # One operation at a time on an instance: the user after the database.
            opts=pulumi.ResourceOptions(parent=self, protect=settings.protect, depends_on=[database]),
        )
        secret, version = stored_secret_version(
            f"{name}-password",
            secret_id=physical_name(f"{base}-db-password", 255),
            value=secret_value,
            parent=self,
            labels=settings.labels,
            protect=settings.protect,
        )
        url = pulumi.Output.secret(
            pulumi.Output.all(user.name, secret_value, primary.private_ip_address, database.name).apply(
                lambda v: postgres_url(v[0], v[1], v[2], PORT, v[3])
            )
        )
        url_secret, url_version = stored_secret_version(
            f"{name}-url",
            secret_id=physical_name(f"{base}-db-url", 255),
            value=url,
            parent=self,
            labels=settings.labels,
            protect=settings.protect,
        )
        self._references = {
            "password": version_reference(secret, version),
            "url": version_reference(url_secret, url_version),
        }

        def replica(
            logical: str, instance_name: str, region: pulumi.Input[str] | None
        ) -> gcp.sql.DatabaseInstance:
            """A read replica of the primary: same tier, zonal, private, no backups of its own."""
            return gcp.sql.DatabaseInstance(
                logical,
                name=instance_name,
                region=region,
                database_version=f"POSTGRES_{settings.engine_version}",
                master_instance_name=primary.name,
                # Not a failover target: PostgreSQL's HA is `multi_az` (REGIONAL), not a failover replica.
                replica_configuration={"failover_target": False},
                deletion_protection=settings.deletion_protection,
                settings=instance_settings("ZONAL"),
                opts=pulumi.ResourceOptions(parent=self, depends_on=[user]),
            )

        replicas = [
            replica(f"{name}-replica-{n}", physical_name(f"{base}-db-replica-{n}", 63), settings.region)
            for n in range(1, settings.read_replicas + 1)
        ]
        if settings.cross_region_replica is not None:
            region = settings.cross_region_replica
            replica(f"{name}-replica-{region}", physical_name(f"{base}-db-replica-{region}", 63), region)

        self.endpoint = primary.private_ip_address
        self.port = pulumi.Output.from_input(PORT)
        self.connection_name = primary.connection_name
        self.instance_name = primary.name
        self._watched: AlarmsDatabase = {
            "instance_name": primary.name,
            "max_connections": max_connections(settings.tier, settings.flags),
        }
        self.secret_id = secret.id
        self.url_secret_id = url_secret.id
        self.password = secret_value
        self.url = url
        self.database_name = database.name
        self.username = user.name
        self.reader_endpoints = pulumi.Output.all(*[r.private_ip_address for r in replicas])
        self.reader_url = pulumi.Output.secret("")
        if replicas:
            self.reader_url = pulumi.Output.secret(
                pulumi.Output.all(
                    user.name, secret_value, replicas[0].private_ip_address, database.name
                ).apply(lambda v: postgres_url(v[0], v[1], v[2], PORT, v[3]))
            )
            reader_secret, reader_version = stored_secret_version(
                f"{name}-reader-url",
                secret_id=physical_name(f"{base}-db-reader-url", 255),
                value=self.reader_url,
                parent=self,
                labels=settings.labels,
                protect=settings.protect,
            )
            self._references[READER_KEY] = version_reference(reader_secret, reader_version)
        self.extension_statements = pulumi.Output.from_input(settings.extension_statements)
        self.register_outputs(
            {
                "endpoint": self.endpoint,
                "port": self.port,
                "connection_name": self.connection_name,
                "instance_name": self.instance_name,
                "secret_id": self.secret_id,
                "url_secret_id": self.url_secret_id,
                "password": self.password,
                "url": self.url,
                "reader_url": self.reader_url,
                "database_name": self.database_name,
                "username": self.username,
                "reader_endpoints": self.reader_endpoints,
                "extension_statements": self.extension_statements,
            }
        )

    def alarm_target(self) -> "AlarmsDatabase":
        """This database as `Alarms`' `database` watches it, read from its own settings: the instance's
        name and its `max_connections` (the `max_connections` flag, else Cloud SQL's default for the tier).
        Disk use is watched as a share of the disk Cloud SQL reports, which follows the automatic storage
        increase by itself. Add thresholds to it: `{"database": {**db.alarm_target(), "cpu_percent": 70}}`."""
        return self._watched.copy()

    def secret_reference(self, key: str) -> pulumi.Output[str]:
        """The current version of the "password" or "url" secret (or, with read replicas, "reader_url"),
        `projects/<project>/secrets/<id>/versions/<n>`, for a Cloud Run container's `secrets`: a rotated
        password is a new version, which changes the service and rolls it."""
        if key not in self._references:
            keys = (*SECRET_KEYS, READER_KEY) if READER_KEY in self._references else SECRET_KEYS
            hint = " (reader_url needs read_replicas)" if key == READER_KEY else ""
            raise ValueError(
                f"ManagedPostgres secret_reference {key!r} is not allowed; use one of {keys}{hint}"
            )
        return self._references[key]
