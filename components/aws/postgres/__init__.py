"""`ManagedPostgres`: an RDS for PostgreSQL instance with secure defaults: private, encrypted with its own KMS
key, TLS forced, a generated master password in Secrets Manager (with a ready connection URL), Multi-AZ,
backups, logs, monitoring, optional read replicas in the region and in another region, and cross-region
backup replication.

The component reads as its steps, one module each: `settings` (the arguments, checked and settled; `windows`
checks the backup and maintenance windows), `key` (the KMS key), `network` (the subnet group and security
group), `parameters` (the parameter group), `monitoring` (the Enhanced Monitoring role), `logs` (the exported
log groups and their keys), `instance` (the primary), `replicas` (the read replicas in the region and in
another one, and the backup replication) and `secret` (the generated password and the credentials secret)."""

from typing import TYPE_CHECKING

import pulumi

from ...checks import refuse_unknown_keys
from ..naming import physical_base
from ..postgres_sizes import max_connections
from .instance import primary_instance
from .key import storage_key
from .logs import ExportedLogs, instance_identifiers
from .monitoring import monitoring_role
from .network import database_network
from .parameters import STATIC_PARAMETERS, parameter_group
from .replicas import in_region_replicas, other_regions
from .secret import _credentials_json as _credentials_json  # the tests call these helpers directly
from .secret import _secret_arn as _secret_arn
from .secret import credentials, master_password
from .settings import (
    BURSTABLE_FAMILIES,
    BURSTABLE_SIZES,
    ENGINE_VERSIONS,
    EXTENSIONS,
    GRAVITON_FAMILIES,
    GRAVITON_SIZES,
    INSTANCE_CLASSES,
    LOG_EXPORTS,
    LOG_RETENTION_DAYS,
    LOGGING_PARAMETERS,
    MAX_BACKUP_DAYS,
    MAX_PORT,
    MAX_READ_REPLICAS,
    MAX_STORAGE_GB,
    MIN_BACKUP_DAYS,
    MIN_PORT,
    MIN_STORAGE_GB,
    MONITORING_INTERVALS,
    MONITORING_POLICY,
    PASSWORD_LENGTH,
    PERFORMANCE_INSIGHTS_DAYS,
    READER_KEYS,
    REGION,
    RESERVED_DATABASE_NAMES,
    RESERVED_USERNAMES,
    SECRET_KEYS,
    SECRET_RECOVERY_DAYS,
    SQL_NAME,
    ManagedPostgresArgs,
    _Settings,
)
from .settings import _default_database_name as _default_database_name
from .settings import _parameters as _parameters
from .settings import _region as _region
from .windows import (
    BACKUP_WINDOW,
    DAY_MINUTES,
    DAYS,
    MAINTENANCE_WINDOW,
    MIN_WINDOW_MINUTES,
    WEEK_MINUTES,
)
from .windows import _check_windows as _check_windows

if TYPE_CHECKING:
    from ..alarms import DatabaseAlarmsArgs

__all__ = [
    "BACKUP_WINDOW",
    "BURSTABLE_FAMILIES",
    "BURSTABLE_SIZES",
    "DAYS",
    "DAY_MINUTES",
    "ENGINE_VERSIONS",
    "EXTENSIONS",
    "GRAVITON_FAMILIES",
    "GRAVITON_SIZES",
    "INSTANCE_CLASSES",
    "LOGGING_PARAMETERS",
    "LOG_EXPORTS",
    "LOG_RETENTION_DAYS",
    "MAINTENANCE_WINDOW",
    "MAX_BACKUP_DAYS",
    "MAX_PORT",
    "MAX_READ_REPLICAS",
    "MAX_STORAGE_GB",
    "MIN_BACKUP_DAYS",
    "MIN_PORT",
    "MIN_STORAGE_GB",
    "MIN_WINDOW_MINUTES",
    "MONITORING_INTERVALS",
    "MONITORING_POLICY",
    "PASSWORD_LENGTH",
    "PERFORMANCE_INSIGHTS_DAYS",
    "READER_KEYS",
    "REGION",
    "RESERVED_DATABASE_NAMES",
    "RESERVED_USERNAMES",
    "SECRET_KEYS",
    "SECRET_RECOVERY_DAYS",
    "SQL_NAME",
    "STATIC_PARAMETERS",
    "WEEK_MINUTES",
    "ManagedPostgres",
    "ManagedPostgresArgs",
]


class ManagedPostgres(pulumi.ComponentResource):
    """RDS for PostgreSQL, private and encrypted, with read replicas on demand.

    The instance gets its own security group with no rules: nothing can connect until `allow_from` admits a
    security group (never a CIDR). TLS is forced (`rds.force_ssl`); the master password is generated (32
    letters and digits, a Pulumi secret in state) and kept with the host, port, user, database and a ready
    connection URL in one Secrets Manager secret (`secret_arn`); services get it by reference
    (`secret_reference("url")`), pinned to the current version so that a rotation (`password_version`)
    rolls them. Storage, Performance Insights and the secret are encrypted with the component's KMS key.
    Backups are kept 14 days with point-in-time recovery; the primary has deletion protection, a final
    snapshot and Pulumi `protect` (replicas hold no data of their own, so they have none of these and can be
    removed by lowering a count).
    Physical identifiers are explicit and derived from `physical_name` (default: the component name):
    `<physical_name>-db`, `<physical_name>-db-replica-1` …, so a refactor never replaces the database. RDS
    cannot create extensions: run `extension_statements` once from the application's migrations.

    Example:

        db = ManagedPostgres(
            "shop",
            {
                "vpc_id": "vpc-0a1b2c3d4e5f60718",
                "subnet_ids": ["subnet-0a1b2c3d4e5f60718", "subnet-0f1e2d3c4b5a69788"],
                "extensions": ["pgvector", "pg_stat_statements"],
                "read_replicas": 1,
            },
        )
        db.allow_from("api", "sg-0123456789abcdef0")
        pulumi.export("dbHost", db.endpoint)
        pulumi.export("dbSecretArn", db.secret_arn)
        pulumi.export("dbUrlReference", db.secret_reference("url"))  # for an ECS container's `secrets`
    """

    endpoint: pulumi.Output[str]
    """The primary's host name (follows a Multi-AZ failover)."""
    port: pulumi.Output[int]
    """The port PostgreSQL listens on."""
    reader_endpoints: pulumi.Output[list[str]]
    """Host names of the read replicas in the region, in replica order; [] when there are none."""
    secret_arn: pulumi.Output[str]
    """ARN of the Secrets Manager secret of the master credentials: JSON with `engine`, `host`, `port`,
    `username`, `password`, `dbname`, `dbInstanceIdentifier` and `url`, and with `read_replicas` also
    `reader_url` and `reader_host` (the first replica's; with `rds_managed_password`: RDS's own secret,
    `username` and `password` only)."""
    secret_version_id: pulumi.Output[str]
    """The secret's current version id; it changes when the password is rotated ("" with
    `rds_managed_password`, whose versions RDS makes)."""
    password: pulumi.Output[str]
    """The generated master password (a Pulumi secret), for a consumer that cannot read Secrets Manager,
    such as a Kubernetes Secret; "" with `rds_managed_password`."""
    url: pulumi.Output[str]
    """`postgresql://user:password@host:port/db?sslmode=require` (a Pulumi secret), as the `url` key of the
    secret; "" with `rds_managed_password`."""
    reader_url: pulumi.Output[str]
    """The same URL with the first in-region read replica's host (a Pulumi secret), as the `reader_url` key
    of the secret, for an application that sends its reads to a replica; "" without `read_replicas`."""
    security_group_id: pulumi.Output[str]
    """The database's security group (see `allow_from`)."""
    kms_key_arn: pulumi.Output[str]
    """The KMS key encrypting storage, Performance Insights and the secret: readers of the secret need
    kms:Decrypt on it."""
    identifier: pulumi.Output[str]
    """The primary's RDS identifier (`<physical_name>-db`)."""
    arn: pulumi.Output[str]
    """The primary's ARN."""
    resource_id: pulumi.Output[str]
    """The primary's resource id (`db-…`), for IAM authentication policies (`rds-db:connect`)."""
    database_name: pulumi.Output[str]
    """The database created with the instance."""
    username: pulumi.Output[str]
    """The master user name."""
    extension_statements: pulumi.Output[list[str]]
    """`CREATE EXTENSION IF NOT EXISTS …;` for each extension, for the application's migrations to run."""

    def __init__(
        self, name: str, args: ManagedPostgresArgs, opts: pulumi.ResourceOptions | None = None
    ) -> None:
        refuse_unknown_keys(ManagedPostgres, ManagedPostgresArgs, name, args, opts)
        settings = _Settings(name, args)
        base = physical_base("ManagedPostgres", name, args.get("physical_name"))
        super().__init__("stackyard-aws:index:ManagedPostgres", name, None, opts)

        key_arn = storage_key(self, name, base, settings, args)
        network = database_network(self, name, base, settings)
        self._access = network.access
        parameters = parameter_group(self, name, base, settings)
        monitoring_role_arn = monitoring_role(self, name, base, settings)
        identifiers = instance_identifiers(base, settings)
        logs = ExportedLogs(self, name, base, settings, identifiers)
        password = master_password(self, name, settings)
        primary = primary_instance(
            self,
            name,
            base,
            settings,
            identifiers[None][0],
            key_arn,
            password,
            network,
            parameters,
            monitoring_role_arn,
            logs,
        )
        replicas = in_region_replicas(
            self, name, base, settings, primary, monitoring_role_arn, logs, key_arn, network, parameters
        )
        other_regions(self, name, base, settings, args, primary, monitoring_role_arn, logs)
        secret = credentials(self, name, base, settings, primary, replicas, password, key_arn)

        self.endpoint = primary.address
        self.port = primary.port
        self.reader_endpoints = pulumi.Output.all(*[r.address for r in replicas])
        self._has_reader = bool(replicas) and password is not None
        self.secret_arn = secret.secret_arn
        self.secret_version_id = secret.secret_version_id
        self.password = secret.password
        self.url = secret.url
        self.reader_url = secret.reader_url
        self.security_group_id = network.security_group.id
        self.kms_key_arn = pulumi.Output.from_input(key_arn)
        self.identifier = primary.identifier
        self._watched: DatabaseAlarmsArgs = {
            "identifier": primary.identifier,
            "allocated_storage_gb": primary.allocated_storage,
            "max_allocated_storage_gb": settings.max_allocated_storage_gb or None,
            "max_connections": max_connections(settings.instance_class, settings.parameters),
            "replica_identifiers": [replica.identifier for replica in replicas],
        }
        self.arn = primary.arn
        self.resource_id = primary.resource_id
        self.database_name = pulumi.Output.from_input(settings.database_name)
        self.username = pulumi.Output.from_input(settings.username)
        self.extension_statements = pulumi.Output.from_input(settings.extension_statements)
        self.register_outputs(
            {
                "endpoint": self.endpoint,
                "port": self.port,
                "reader_endpoints": self.reader_endpoints,
                "secret_arn": self.secret_arn,
                "secret_version_id": self.secret_version_id,
                "password": self.password,
                "url": self.url,
                "reader_url": self.reader_url,
                "security_group_id": self.security_group_id,
                "kms_key_arn": self.kms_key_arn,
                "identifier": self.identifier,
                "arn": self.arn,
                "resource_id": self.resource_id,
                "database_name": self.database_name,
                "username": self.username,
                "extension_statements": self.extension_statements,
            }
        )

    def allow_from(self, name: str, security_group_id: pulumi.Input[str]) -> None:
        """Admit connections to the database port from the security group `security_group_id` (a service's),
        with one security-group-to-security-group rule named after `name` (who connects)."""
        self._access.allow(name, security_group_id)

    def secret_reference(self, key: str) -> pulumi.Output[str]:
        """A reference to one key of the credentials secret for an ECS container's `secrets`
        (`<secret ARN>:<key>::<version id>`): "url", "password", "username", "host" … and, with read
        replicas, "reader_url" and "reader_host". ECS reads it when a task starts; pinned to the current
        version, so a rotated password changes the task definition and the service rolls. With
        `rds_managed_password` only "username" and "password", and RDS's current version (AWSCURRENT)."""
        keys = SECRET_KEYS + READER_KEYS if self._has_reader else SECRET_KEYS
        if key not in keys:
            hint = " (reader_url and reader_host need read_replicas)" if key in READER_KEYS else ""
            raise ValueError(
                f"ManagedPostgres secret_reference {key!r} is not allowed; use one of {keys}{hint}"
            )
        return pulumi.Output.all(self.secret_arn, self.secret_version_id).apply(
            lambda parts: f"{parts[0]}:{key}::{parts[1]}"
        )

    def alarm_target(self) -> "DatabaseAlarmsArgs":
        """This database as `Alarms`' `database` watches it, read from its own settings: the primary's
        identifier; its allocated storage as the provider reports it (storage autoscaling grows it, and the
        free-storage threshold follows at the next `pulumi up --refresh`); the autoscaling ceiling; its
        `max_connections` (the `max_connections` parameter, else RDS's default for the instance class's
        memory, `components.aws.postgres_sizes`); and the read replicas' identifiers, each watched for lag.
        Add thresholds to it: `{"database": {**db.alarm_target(), "cpu_percent": 70}}`."""
        return self._watched.copy()
