"""`ManagedPostgres`: Cloud SQL for PostgreSQL with secure defaults: private IP only, TLS required, backups
with point-in-time recovery, IAM database authentication, audit logging flags, Query Insights, a generated
password kept in Secret Manager, optional read replicas in the region and in another region."""

from typing import TYPE_CHECKING

import pulumi
import pulumi_gcp as gcp

from ..checks import refuse_unknown_keys
from ..credentials import generated_password, postgres_url
from ..naming import physical_base, physical_name
from .postgres_settings import (
    FINAL_BACKUP_RETENTION_DAYS,
    MAX_LOG_DAYS,
    PORT,
    ManagedPostgresArgs,
    PostgresSettings,
    max_connections,
)
from .secret_store import stored_secret_version, version_reference

if TYPE_CHECKING:
    from .alarms.args import AlarmsDatabase

SECRET_KEYS = ("password", "url")
READER_KEY = "reader_url"  # a secret of its own, with read replicas only
PASSWORD_LENGTH = 32


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
