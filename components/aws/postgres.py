"""`ManagedPostgres`: an RDS for PostgreSQL instance with secure defaults: private, encrypted with its own KMS
key, TLS forced, a generated master password in Secrets Manager (with a ready connection URL), Multi-AZ,
backups, logs, monitoring, optional read replicas in the region and in another region, and cross-region
backup replication."""

import json
import re
from collections.abc import Sequence
from typing import TYPE_CHECKING, Required, TypedDict, TypeVar

import pulumi
import pulumi_aws as aws

from ..checks import choice, flag, integer, refuse_unknown_keys, version_text
from ..credentials import FIRST_VERSION, generated_password, postgres_url
from ..limits import POSTGRES_MAJOR_VERSIONS, RETENTION_DAYS
from .access import GroupAccess
from .iam import assume_role_policy
from .kms import encryption_key, log_encryption_key
from .limitations import replicas_of_rds_managed_password, require, storage_autoscaling_ceiling
from .naming import physical_base, physical_name
from .postgres_sizes import max_connections

if TYPE_CHECKING:
    from .alarms import DatabaseAlarmsArgs

ENGINE_VERSIONS = POSTGRES_MAJOR_VERSIONS
BURSTABLE_FAMILIES = ("db.t3", "db.t4g")
BURSTABLE_SIZES = ("micro", "small", "medium", "large", "xlarge", "2xlarge")
GRAVITON_FAMILIES = ("db.m6g", "db.m7g", "db.r6g", "db.r7g")
GRAVITON_SIZES = ("large", "xlarge", "2xlarge", "4xlarge", "8xlarge", "12xlarge", "16xlarge")
INSTANCE_CLASSES = frozenset(
    [f"{family}.{size}" for family in BURSTABLE_FAMILIES for size in BURSTABLE_SIZES]
    + [f"{family}.{size}" for family in GRAVITON_FAMILIES for size in GRAVITON_SIZES]
)
MIN_STORAGE_GB, MAX_STORAGE_GB = 20, 65536
MAX_READ_REPLICAS = 5
MIN_BACKUP_DAYS, MAX_BACKUP_DAYS = 1, 35
MONITORING_INTERVALS = (0, 1, 5, 10, 15, 30, 60)
MIN_PORT, MAX_PORT = 1150, 65535
LOG_EXPORTS = ("postgresql", "upgrade")
PERFORMANCE_INSIGHTS_DAYS = 7
MONITORING_POLICY = "iam::aws:policy/service-role/AmazonRDSEnhancedMonitoringRole"

# Extension (as users name it) -> (the name CREATE EXTENSION takes, the library it needs preloaded or None).
EXTENSIONS: dict[str, tuple[str, str | None]] = {
    "postgis": ("postgis", None),
    "pgvector": ("vector", None),
    "pg_stat_statements": ("pg_stat_statements", "pg_stat_statements"),
    "pg_trgm": ("pg_trgm", None),
    "uuid-ossp": ('"uuid-ossp"', None),
}

# Parameters the stackyard defaults set; the user may override these two, never rds.force_ssl.
LOGGING_PARAMETERS = {"log_min_duration_statement": "1000", "log_statement": "ddl"}
# Static PostgreSQL parameters: RDS rejects apply_method "immediate" for them.
STATIC_PARAMETERS = frozenset(
    {
        "autovacuum_max_workers",
        "huge_pages",
        "max_connections",
        "max_locks_per_transaction",
        "max_logical_replication_workers",
        "max_pred_locks_per_transaction",
        "max_prepared_transactions",
        "max_replication_slots",
        "max_wal_senders",
        "max_worker_processes",
        "pg_stat_statements.max",
        "rds.logical_replication",
        "shared_buffers",
        "shared_preload_libraries",
        "track_activity_query_size",
        "track_commit_timestamp",
        "wal_buffers",
    }
)

RESERVED_USERNAMES = ("postgres", "admin", "rdsadmin", "rdsrepladmin", "rds_superuser")
RESERVED_DATABASE_NAMES = ("template0", "template1", "rdsadmin")
SQL_NAME = re.compile(r"^[A-Za-z][A-Za-z0-9_]{0,62}$")
REGION = re.compile(r"^[a-z]{2}(-[a-z]+)+-\d{1,2}$")
BACKUP_WINDOW = re.compile(r"^([01]\d|2[0-3]):([0-5]\d)-([01]\d|2[0-3]):([0-5]\d)$")
DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
MAINTENANCE_WINDOW = re.compile(
    r"^(mon|tue|wed|thu|fri|sat|sun):([01]\d|2[0-3]):([0-5]\d)-(mon|tue|wed|thu|fri|sat|sun):([01]\d|2[0-3]):([0-5]\d)$"
)
DAY_MINUTES, WEEK_MINUTES, MIN_WINDOW_MINUTES = 1440, 7 * 1440, 30
LOG_RETENTION_DAYS = RETENTION_DAYS
PASSWORD_LENGTH = 32
SECRET_RECOVERY_DAYS = 7
# The keys of the credentials secret: RDS's own secret format (what AWS's rotation functions read) plus `url`,
# and with read replicas the first replica's `reader_url` and `reader_host`.
SECRET_KEYS = ("engine", "host", "port", "username", "password", "dbname", "dbInstanceIdentifier", "url")
READER_KEYS = ("reader_url", "reader_host")

T = TypeVar("T")


class ManagedPostgresArgs(TypedDict, total=False):
    vpc_id: Required[pulumi.Input[str]]
    """The VPC the database lives in; its security group is created there. Required."""
    subnet_ids: Required[pulumi.Input[list[str]]]
    """Private (isolated / data) subnets for the DB subnet group, in at least two zones. Required."""
    engine_version: str
    """PostgreSQL major version: "13", "14", "15", "16" or "17" (a whole number such as 16 is read as "16").
    Default "16". Only the major is given to RDS, so minor versions are upgraded automatically in the
    maintenance window. Changing it performs a major upgrade and moves the instance to a new parameter group
    (`<physical_name>-pg<major>`), created next to the old one."""
    instance_class: str
    """Instance class: db.t3 / db.t4g (micro, small, medium, large, xlarge, 2xlarge) or db.m6g / db.m7g /
    db.r6g / db.r7g (large to 16xlarge). Default "db.t4g.small"."""
    allocated_storage_gb: int
    """Initial gp3 storage in GB, 20-65536. Default 20. Storage is always gp3 and always encrypted."""
    max_allocated_storage_gb: int
    """Storage autoscaling ceiling in GB, at least `allocated_storage_gb` (equal turns autoscaling off),
    at most 65536. Default 2 x `allocated_storage_gb` (capped at 65536)."""
    kms_key_arn: pulumi.Input[str]
    """KMS key for the storage, Performance Insights and the credentials secret. Default: a new
    customer-managed key with yearly rotation (`alias/<physical_name>-db`)."""
    multi_az: bool
    """A synchronous standby in a second zone with automatic failover. Default True."""
    read_replicas: int
    """Read replicas in the same region and subnets, 0-5, named `<physical_name>-db-replica-1`, `-2` … so
    adding one never renames another. Default 0."""
    cross_region_replica: str | None
    """A region (e.g. "us-west-2") for one encrypted read replica, for disaster recovery: it gets its own
    KMS key, parameter group and log groups in that region. Without `cross_region_subnet_group_name` it is
    placed in that region's default VPC. Everything there is created through the stack's AWS provider (same
    credentials, `aws:profile`, assumed role and default tags) with the resources' `region` argument.
    Default None (no cross-region replica)."""
    cross_region_subnet_group_name: str | None
    """An existing DB subnet group in `cross_region_replica`'s region for the replica. Default None (that
    region's default VPC)."""
    cross_region_security_group_ids: pulumi.Input[list[str]]
    """Security groups (in `cross_region_replica`'s region) for the replica. Default: the default security
    group of the VPC it lands in."""
    backup_retention_days: int
    """Days of automated backups, 1-35. Default 14. Point-in-time recovery to any second in this window is
    always on (it comes with automated backups)."""
    backup_window: str
    """Daily backup window, UTC, "hh:mm-hh:mm", at least 30 minutes, not overlapping the maintenance window.
    Default "03:00-04:00"."""
    maintenance_window: str
    """Weekly maintenance window, UTC, "ddd:hh:mm-ddd:hh:mm", at least 30 minutes. Default
    "sun:04:30-sun:05:30"."""
    backup_replication_region: str | None
    """A region to copy automated backups to (encrypted with a key there), kept `backup_retention_days`;
    it shares the key of `cross_region_replica` when both name the same region. Default None (no
    replication)."""
    deletion_protection: bool
    """RDS deletion protection on the primary and every read replica (the cross-region one included): the
    API refuses to delete them. Lowering `read_replicas` then needs it off first. Default True."""
    final_snapshot: bool
    """Take a final snapshot `<physical_name>-db-final` when the primary is deleted. Default True. A
    snapshot of that name must not exist yet when the deletion happens."""
    protect: bool
    """Pulumi `protect` on the primary instance and the KMS keys: `pulumi up`/`destroy` refuse to delete them.
    Default True."""
    parameters: dict[str, str]
    """PostgreSQL parameters for the instance's parameter group. Default {}. stackyard always sets
    `rds.force_ssl` = "1" (it cannot be turned off) and, unless given here, `log_min_duration_statement` =
    "1000" and `log_statement` = "ddl". Static parameters (e.g. `shared_preload_libraries`) take effect at the
    next reboot."""
    extensions: list[str]
    """Extensions the application uses: "postgis", "pgvector", "pg_stat_statements", "pg_trgm", "uuid-ossp".
    Default []. Those that need it are added to `shared_preload_libraries`; the `CREATE EXTENSION` statements
    come out as `extension_statements`, for the application's migrations to run once."""
    database_name: str
    """The database created with the instance: a letter, then letters, digits or _, at most 63. Default: the
    component name, lowercase, with other characters replaced by _."""
    username: str
    """Master user name: a letter, then letters, digits or _, at most 63; not postgres, admin, rdsadmin or
    another reserved name. Default "app"."""
    rds_managed_password: bool
    """Let RDS make the master password instead of the stack. Default False: the stack generates 32 letters
    and digits and keeps them, with the host, port, user, database and a ready `url`, in one Secrets Manager
    secret (`secret_arn`; with read replicas also the first replica's `reader_url` and `reader_host`),
    never rotated unattended (see `password_version`). True: RDS generates the
    password in its own secret and rotates it every 7 days; services read a secret once, when they start, so
    after a rotation every new connection of a running service fails until it re-reads the secret (the
    application must do that on an authentication error); RDS then refuses read replicas (see
    `components.aws.limitations`), and there is no `url`."""
    password_version: int
    """The generated password's version, 1 or more. Default 1. Set a new value to rotate: a new password is
    generated, set on the instance and stored as a new version of the secret, and services that reference
    that version (`secret_reference`) roll to it. Not with `rds_managed_password`."""
    iam_authentication: bool
    """Allow IAM database authentication (tokens instead of passwords). Default True."""
    performance_insights: bool
    """Performance Insights, 7 days, encrypted with the KMS key. Default True."""
    monitoring_interval: int
    """Enhanced Monitoring interval in seconds: 0 (off), 1, 5, 10, 15, 30 or 60. Default 60. Above 0 an IAM
    role for RDS monitoring is created."""
    log_retention_days: int
    """Retention of the `postgresql` and `upgrade` log groups the instance exports to. Default 30. One of
    CloudWatch's allowed values (1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, …)."""
    encrypt_logs: bool
    """Encrypt the exported log groups (the primary's and every replica's) with a customer-managed KMS key
    of their own per region (alias `alias/<physical_name>-db-logs`, yearly rotation), whose key policy lets
    only CloudWatch Logs in that region use it, for these log groups. About $1 a month per region. Default
    True; the staging profile turns it off (CloudWatch Logs' own encryption)."""
    apply_immediately: bool
    """Apply changes now instead of in the next maintenance window. Default False."""
    port: int
    """The port PostgreSQL listens on, 1150-65535. Default 5432."""
    tags: dict[str, str]
    """Tags added to every resource. Default {}."""
    physical_name: str
    """The base of the physical names of this component's cloud resources (`<physical_name>-db`,
    `<physical_name>-db-replica-1`, `alias/<physical_name>-db`, the parameter and subnet groups, the
    monitoring role, the credentials secret `<physical_name>/db-credentials-…`). Default: the component's
    name. Give each stack its own (e.g. "shop-staging") so that two stacks in one account never collide,
    while the logical names, and so the URNs, stay the same. 1-63 lowercase letters, digits and hyphens,
    starting with a letter. Changing it on a deployed stack replaces the database."""


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
        tags = settings.tags
        child = pulumi.ResourceOptions(parent=self)

        def named(suffix: str) -> dict[str, str]:
            return {**tags, "Name": f"{name}-{suffix}"}

        given_key = args.get("kms_key_arn")
        if given_key is not None:
            key_arn: pulumi.Input[str] = given_key
        else:
            key_arn = encryption_key(
                f"{name}-db",
                "PostgreSQL storage, Performance Insights and master password",
                self,
                tags,
                protect=settings.protect,
                alias=f"{base}-db",
            ).arn

        subnet_group = aws.rds.SubnetGroup(
            f"{name}-db",
            name_prefix=physical_name(f"{base}-db", 200) + "-",
            description=f"Subnets of the {name} PostgreSQL database, managed by stackyard",
            subnet_ids=settings.subnet_ids,
            tags=named("db"),
            opts=child,
        )
        security_group = aws.ec2.SecurityGroup(
            f"{name}-db",
            vpc_id=settings.vpc_id,
            description=f"{name} PostgreSQL database; ingress only through allow_from, managed by stackyard",
            tags=named("db"),
            opts=child,
        )
        self._access = GroupAccess(
            self, "ManagedPostgres", name, security_group.id, settings.port, "PostgreSQL", tags
        )
        parameter_group = self._parameter_group(name, base, settings)

        monitoring_role_arn: pulumi.Output[str] | None = None
        if settings.monitoring_interval > 0:
            role = aws.iam.Role(
                f"{name}-monitoring",
                name_prefix=physical_name(f"{base}-rds-monitoring", 37) + "-",
                description=f"Enhanced Monitoring of the {name} PostgreSQL database, managed by stackyard",
                assume_role_policy=assume_role_policy("monitoring.rds.amazonaws.com"),
                tags=named("monitoring"),
                opts=child,
            )
            partition = aws.get_partition_output(opts=pulumi.InvokeOptions(parent=self)).partition
            attachment = aws.iam.RolePolicyAttachment(
                f"{name}-monitoring",
                role=role.name,
                policy_arn=partition.apply(lambda p: f"arn:{p}:{MONITORING_POLICY}"),
                opts=child,
            )
            # The role is usable only once its policy is attached.
            monitoring_role_arn = pulumi.Output.all(role.arn, attachment.id).apply(lambda parts: parts[0])

        primary_id = physical_name(f"{base}-db", 63)
        # Every instance's identifier by region (None: the stack's), for the log keys' policies.
        identifiers: dict[str | None, list[str]] = {
            None: [primary_id]
            + [physical_name(f"{base}-db-replica-{n}", 63) for n in range(1, settings.read_replicas + 1)]
        }
        if settings.cross_region_replica:
            region = settings.cross_region_replica
            identifiers[region] = [physical_name(f"{base}-db-replica-{region}", 63)]
        log_keys: dict[str | None, pulumi.Output[str]] = {}

        def log_key_in(region: str | None) -> pulumi.Output[str] | None:
            """The key of the exported log groups in `region` (alias `alias/<physical_name>-db-logs`): one
            per region, for every instance's groups there; None without `encrypt_logs`."""
            if not settings.encrypt_logs:
                return None
            if region not in log_keys:
                log_keys[region] = log_encryption_key(
                    f"{name}-db-logs",
                    "PostgreSQL logs",
                    self,
                    tags,
                    [f"/aws/rds/instance/{identifier}/*" for identifier in identifiers[region]],
                    alias=f"{base}-db-logs",
                    region=region,
                ).arn
            return log_keys[region]

        def log_groups(logical: str, identifier: str, region: str | None) -> list[aws.cloudwatch.LogGroup]:
            """The groups RDS exports `identifier`'s logs to, created first so their retention (and key) is
            ours; in `region` when given (the stack's region otherwise)."""
            return [
                aws.cloudwatch.LogGroup(
                    f"{logical}-{log}",
                    name=f"/aws/rds/instance/{identifier}/{log}",
                    retention_in_days=settings.log_retention_days,
                    kms_key_id=log_key_in(region),
                    tags={**tags, "Name": f"{logical}-{log}"},
                    region=region,
                    opts=child,
                )
                for log in LOG_EXPORTS
            ]

        password = (
            generated_password(f"{name}-password", self, PASSWORD_LENGTH, settings.password_version)
            if not settings.rds_managed_password
            else None
        )
        primary = aws.rds.Instance(
            name,
            identifier=primary_id,
            engine="postgres",
            engine_version=settings.engine_version,
            allow_major_version_upgrade=True,
            auto_minor_version_upgrade=True,
            instance_class=settings.instance_class,
            allocated_storage=settings.allocated_storage_gb,
            max_allocated_storage=settings.max_allocated_storage_gb,
            storage_type="gp3",
            storage_encrypted=True,
            kms_key_id=key_arn,
            db_name=settings.database_name,
            username=settings.username,
            password=password,
            manage_master_user_password=True if password is None else None,
            master_user_secret_kms_key_id=key_arn if password is None else None,
            iam_database_authentication_enabled=settings.iam_authentication,
            port=settings.port,
            db_subnet_group_name=subnet_group.name,
            vpc_security_group_ids=[security_group.id],
            publicly_accessible=False,
            multi_az=settings.multi_az,
            parameter_group_name=parameter_group.name,
            backup_retention_period=settings.backup_retention_days,
            backup_window=settings.backup_window,
            maintenance_window=settings.maintenance_window,
            copy_tags_to_snapshot=True,
            delete_automated_backups=False,
            deletion_protection=settings.deletion_protection,
            skip_final_snapshot=not settings.final_snapshot,
            final_snapshot_identifier=physical_name(f"{base}-db-final", 255),
            apply_immediately=settings.apply_immediately,
            performance_insights_enabled=settings.performance_insights,
            performance_insights_kms_key_id=key_arn if settings.performance_insights else None,
            performance_insights_retention_period=(
                PERFORMANCE_INSIGHTS_DAYS if settings.performance_insights else None
            ),
            monitoring_interval=settings.monitoring_interval,
            monitoring_role_arn=monitoring_role_arn,
            enabled_cloudwatch_logs_exports=list(LOG_EXPORTS),
            tags=named("db"),
            opts=pulumi.ResourceOptions(
                parent=self,
                protect=settings.protect,
                retain_on_delete=False,
                depends_on=log_groups(f"{name}-db", primary_id, None),
            ),
        )

        def replica(
            logical: str,
            identifier: str,
            region: str | None,
            replica_key_arn: pulumi.Input[str],
            subnet_group_name: pulumi.Input[str] | None,
            security_group_ids: pulumi.Input[Sequence[pulumi.Input[str]]] | None,
            replica_parameter_group: aws.rds.ParameterGroup,
        ) -> aws.rds.Instance:
            """A read replica of the primary: same class, encrypted, monitored, never public; in `region`
            when given (the stack's region otherwise)."""
            return aws.rds.Instance(
                logical,
                identifier=identifier,
                replicate_source_db=primary.arn,
                instance_class=settings.instance_class,
                max_allocated_storage=settings.max_allocated_storage_gb,
                storage_type="gp3",
                storage_encrypted=True,
                kms_key_id=replica_key_arn,
                auto_minor_version_upgrade=True,
                iam_database_authentication_enabled=settings.iam_authentication,
                port=settings.port,
                db_subnet_group_name=subnet_group_name,
                vpc_security_group_ids=security_group_ids,
                publicly_accessible=False,
                multi_az=False,
                parameter_group_name=replica_parameter_group.name,
                maintenance_window=settings.maintenance_window,
                copy_tags_to_snapshot=True,
                # Like the primary (issue #18): a read replica serves reads, and a cross-region one is the
                # disaster-recovery copy; turn it off before lowering `read_replicas`. An update in place
                # (hashicorp/terraform-provider-aws internal/service/rds/instance.go: `deletion_protection`
                # is not ForceNew).
                deletion_protection=settings.deletion_protection,
                skip_final_snapshot=True,
                apply_immediately=settings.apply_immediately,
                performance_insights_enabled=settings.performance_insights,
                performance_insights_kms_key_id=replica_key_arn if settings.performance_insights else None,
                performance_insights_retention_period=(
                    PERFORMANCE_INSIGHTS_DAYS if settings.performance_insights else None
                ),
                monitoring_interval=settings.monitoring_interval,
                monitoring_role_arn=monitoring_role_arn,
                enabled_cloudwatch_logs_exports=list(LOG_EXPORTS),
                tags={**tags, "Name": logical},
                region=region,
                opts=pulumi.ResourceOptions(parent=self, depends_on=log_groups(logical, identifier, region)),
            )

        replicas = []
        for number in range(1, settings.read_replicas + 1):
            logical = f"{name}-replica-{number}"
            replicas.append(
                replica(
                    logical,
                    physical_name(f"{base}-db-replica-{number}", 63),
                    None,
                    key_arn,
                    subnet_group.name,
                    [security_group.id],
                    parameter_group,
                )
            )

        # Resources in another region use the stack's provider with their own `region` argument: an explicit
        # `aws.Provider` would ignore the stack's `aws:` configuration (profile, assumed role, default tags).
        region_keys: dict[str, aws.kms.Key] = {}

        def key_in(region: str) -> aws.kms.Key:
            """The KMS key (alias `alias/<physical_name>-db`) in `region`: one, however many uses."""
            if region not in region_keys:
                region_keys[region] = encryption_key(
                    f"{name}-db",
                    "PostgreSQL replica and backups",
                    self,
                    tags,
                    protect=settings.protect,
                    region=region,
                    alias=f"{base}-db",
                )
            return region_keys[region]

        if settings.cross_region_replica:
            region = settings.cross_region_replica
            replica(
                f"{name}-replica-{region}",
                physical_name(f"{base}-db-replica-{region}", 63),
                region,
                key_in(region).arn,
                settings.cross_region_subnet_group_name,
                args.get("cross_region_security_group_ids"),
                self._parameter_group(name, base, settings, region),
            )

        if settings.backup_replication_region:
            region = settings.backup_replication_region
            # Created in the destination region, where the copies are kept.
            aws.rds.InstanceAutomatedBackupsReplication(
                f"{name}-backups-{region}",
                source_db_instance_arn=primary.arn,
                kms_key_id=key_in(region).arn,
                retention_period=settings.backup_retention_days,
                region=region,
                opts=child,
            )

        self.endpoint = primary.address
        self.port = primary.port
        self.reader_endpoints = pulumi.Output.all(*[r.address for r in replicas])
        self._has_reader = bool(replicas) and password is not None
        if password is None:
            self.secret_arn = primary.master_user_secrets.apply(_secret_arn)
            self.secret_version_id = pulumi.Output.from_input("")
            self.password = pulumi.Output.secret("")
            self.url = pulumi.Output.secret("")
            self.reader_url = pulumi.Output.secret("")
        else:
            reader = replicas[0] if replicas else None
            self._credentials(name, base, settings, primary, reader, password, key_arn)
        self.security_group_id = security_group.id
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

    def _credentials(
        self,
        name: str,
        base: str,
        settings: "_Settings",
        primary: aws.rds.Instance,
        reader: aws.rds.Instance | None,
        password: pulumi.Output[str],
        key_arn: pulumi.Input[str],
    ) -> None:
        """The credentials secret (RDS's JSON format plus `url`, and `reader_url`/`reader_host` of the first
        replica `reader` when there is one), encrypted with the database's key."""
        secret = aws.secretsmanager.Secret(
            f"{name}-credentials",
            name_prefix=f"{base}/db-credentials-",
            description=f"Master credentials and URL of the {name} PostgreSQL database, managed by stackyard",
            kms_key_id=key_arn,
            recovery_window_in_days=SECRET_RECOVERY_DAYS,
            tags={**settings.tags, "Name": f"{name}-db-credentials"},
            opts=pulumi.ResourceOptions(parent=self),
        )
        values = pulumi.Output.all(
            host=primary.address,
            port=primary.port,
            identifier=primary.identifier,
            password=password,
            username=settings.username,
            dbname=settings.database_name,
            # Only with a replica: the secret of a database without one stays exactly as it was.
            **({"reader_host": reader.address} if reader is not None else {}),
        )
        version = aws.secretsmanager.SecretVersion(
            f"{name}-credentials",
            secret_id=secret.id,
            secret_string=pulumi.Output.secret(values.apply(_credentials_json)),
            opts=pulumi.ResourceOptions(parent=self),
        )
        self.secret_arn = secret.arn
        self.secret_version_id = version.version_id
        self.password = password
        self.url = pulumi.Output.secret(
            values.apply(
                lambda v: postgres_url(v["username"], v["password"], v["host"], v["port"], v["dbname"])
            )
        )
        self.reader_url = pulumi.Output.secret(
            values.apply(
                lambda v: (
                    postgres_url(v["username"], v["password"], v["reader_host"], v["port"], v["dbname"])
                    if "reader_host" in v
                    else ""
                )
            )
        )

    def _parameter_group(
        self,
        name: str,
        base: str,
        settings: "_Settings",
        region: str | None = None,
    ) -> aws.rds.ParameterGroup:
        """The parameter group of the major version (a new one per major, so an upgrade can switch to it
        while the old one still exists), in `region` when given (the stack's region otherwise)."""
        major = settings.engine_version
        where = f"-{region}" if region else ""
        logical = f"{name}-pg{major}{where}"
        return aws.rds.ParameterGroup(
            logical,
            name_prefix=physical_name(f"{base}-pg{major}{where}", 200) + "-",
            family=f"postgres{major}",
            description=f"PostgreSQL {major} parameters of {name}, managed by stackyard",
            parameters=[
                aws.rds.ParameterGroupParameterArgs(
                    name=key,
                    value=value,
                    apply_method="pending-reboot" if key in STATIC_PARAMETERS else "immediate",
                )
                for key, value in sorted(settings.parameters.items())
            ],
            tags={**settings.tags, "Name": logical},
            region=region,
            opts=pulumi.ResourceOptions(parent=self),
        )


def _secret_arn(secrets: Sequence[aws.rds.outputs.InstanceMasterUserSecret] | None) -> str:
    return (secrets[0].secret_arn or "") if secrets else ""


def _credentials_json(values: dict[str, object]) -> str:
    host, port, username, password, dbname = (
        str(values[k]) for k in ("host", "port", "username", "password", "dbname")
    )
    document: dict[str, object] = {
        "engine": "postgres",
        "host": host,
        "port": int(port),
        "username": username,
        "password": password,
        "dbname": dbname,
        "dbInstanceIdentifier": values["identifier"],
        "url": postgres_url(username, password, host, port, dbname),
    }
    if "reader_host" in values:
        reader_host = str(values["reader_host"])
        document["reader_url"] = postgres_url(username, password, reader_host, port, dbname)
        document["reader_host"] = reader_host
    return json.dumps(document)


class _Settings:
    """The plain arguments, defaulted and checked: constructed before anything is registered."""

    def __init__(self, name: str, args: ManagedPostgresArgs) -> None:
        vpc_id = args.get("vpc_id")
        if not vpc_id:
            raise ValueError(
                "ManagedPostgres vpc_id is required; use the id of the VPC the database lives in"
            )
        self.vpc_id: pulumi.Input[str] = vpc_id
        subnet_ids = args.get("subnet_ids")
        if not subnet_ids:
            raise ValueError(
                "ManagedPostgres subnet_ids is required; use the VPC's private subnets in at least two zones"
            )
        if isinstance(subnet_ids, list) and len(set(subnet_ids)) < 2:
            raise ValueError(
                f"ManagedPostgres subnet_ids {subnet_ids} is not allowed; use at least two subnets "
                "in different zones"
            )
        self.subnet_ids: pulumi.Input[list[str]] = subnet_ids

        self.engine_version = choice(
            "ManagedPostgres",
            "engine_version",
            version_text(args.get("engine_version", "16")),
            ENGINE_VERSIONS,
        )
        self.instance_class = args.get("instance_class", "db.t4g.small")
        if self.instance_class not in INSTANCE_CLASSES:
            raise ValueError(
                f"ManagedPostgres instance_class {self.instance_class!r} is not allowed; use "
                f"{' or '.join(BURSTABLE_FAMILIES)}.{{{', '.join(BURSTABLE_SIZES)}}}, or "
                f"{' or '.join(GRAVITON_FAMILIES)}.{{{', '.join(GRAVITON_SIZES)}}}"
            )

        self.allocated_storage_gb = integer(
            "ManagedPostgres",
            "allocated_storage_gb",
            args.get("allocated_storage_gb", 20),
            MIN_STORAGE_GB,
            MAX_STORAGE_GB,
        )
        ceiling = integer(
            "ManagedPostgres",
            "max_allocated_storage_gb",
            args.get("max_allocated_storage_gb", min(2 * self.allocated_storage_gb, MAX_STORAGE_GB)),
            self.allocated_storage_gb,
            MAX_STORAGE_GB,
        )
        # RDS turns autoscaling off with 0; a ceiling equal to the allocation means the same.
        self.max_allocated_storage_gb = 0 if ceiling == self.allocated_storage_gb else ceiling
        require(
            "ManagedPostgres",
            "max_allocated_storage_gb",
            storage_autoscaling_ceiling(self.allocated_storage_gb, ceiling),
        )

        self.multi_az = flag("ManagedPostgres", "multi_az", args.get("multi_az", True))
        self.read_replicas = integer(
            "ManagedPostgres", "read_replicas", args.get("read_replicas", 0), 0, MAX_READ_REPLICAS
        )
        self.cross_region_replica = _region("cross_region_replica", args.get("cross_region_replica"))
        self.cross_region_subnet_group_name = args.get("cross_region_subnet_group_name")
        if (
            self.cross_region_subnet_group_name is not None or args.get("cross_region_security_group_ids")
        ) and not self.cross_region_replica:
            raise ValueError(
                "ManagedPostgres cross_region_subnet_group_name and cross_region_security_group_ids are not "
                "allowed without cross_region_replica; use them with cross_region_replica"
            )
        self.backup_replication_region = _region(
            "backup_replication_region", args.get("backup_replication_region")
        )

        self.backup_retention_days = integer(
            "ManagedPostgres",
            "backup_retention_days",
            args.get("backup_retention_days", 14),
            MIN_BACKUP_DAYS,
            MAX_BACKUP_DAYS,
        )
        self.backup_window = args.get("backup_window", "03:00-04:00")
        maintenance_window = args.get("maintenance_window", "sun:04:30-sun:05:30")
        _check_windows(self.backup_window, maintenance_window)
        self.maintenance_window = maintenance_window.lower()  # as RDS reports it, so there is no diff

        self.deletion_protection = flag(
            "ManagedPostgres", "deletion_protection", args.get("deletion_protection", True)
        )
        self.final_snapshot = flag("ManagedPostgres", "final_snapshot", args.get("final_snapshot", True))
        self.protect = flag("ManagedPostgres", "protect", args.get("protect", True))
        self.iam_authentication = flag(
            "ManagedPostgres", "iam_authentication", args.get("iam_authentication", True)
        )
        self.performance_insights = flag(
            "ManagedPostgres", "performance_insights", args.get("performance_insights", True)
        )
        self.apply_immediately = flag(
            "ManagedPostgres", "apply_immediately", args.get("apply_immediately", False)
        )
        self.monitoring_interval = choice(
            "ManagedPostgres",
            "monitoring_interval",
            args.get("monitoring_interval", 60),
            MONITORING_INTERVALS,
        )
        self.log_retention_days = choice(
            "ManagedPostgres", "log_retention_days", args.get("log_retention_days", 30), LOG_RETENTION_DAYS
        )
        self.encrypt_logs = flag("ManagedPostgres", "encrypt_logs", args.get("encrypt_logs", True))
        self.port = integer("ManagedPostgres", "port", args.get("port", 5432), MIN_PORT, MAX_PORT)

        extensions = list(args.get("extensions") or [])
        for extension in extensions:
            choice("ManagedPostgres", "extensions", extension, tuple(EXTENSIONS))
        extensions = list(dict.fromkeys(extensions))
        self.extension_statements = [
            f"CREATE EXTENSION IF NOT EXISTS {EXTENSIONS[e][0]};" for e in extensions
        ]
        self.parameters = _parameters(
            dict(args.get("parameters") or {}),
            [lib for e in extensions if (lib := EXTENSIONS[e][1])],
        )

        self.database_name = args.get("database_name") or _default_database_name(name)
        if not SQL_NAME.match(self.database_name) or self.database_name.lower() in RESERVED_DATABASE_NAMES:
            raise ValueError(
                f"ManagedPostgres database_name {self.database_name!r} is not allowed; use a letter, then "
                f"letters, digits or _, at most 63 characters, not {', '.join(RESERVED_DATABASE_NAMES)}"
            )
        self.username = args.get("username", "app")
        lowered = self.username.lower() if isinstance(self.username, str) else ""
        if (
            not isinstance(self.username, str)
            or not SQL_NAME.match(self.username)
            or lowered in RESERVED_USERNAMES
            or lowered.startswith(("pg_", "rds_"))
        ):
            raise ValueError(
                f"ManagedPostgres username {self.username!r} is not allowed; use a letter, then letters, "
                f"digits or _, at most 63 characters, not {', '.join(RESERVED_USERNAMES)} or pg_* / rds_*"
            )

        self.rds_managed_password = flag(
            "ManagedPostgres", "rds_managed_password", args.get("rds_managed_password", False)
        )
        self.password_version = integer(
            "ManagedPostgres", "password_version", args.get("password_version", FIRST_VERSION), FIRST_VERSION
        )
        if self.rds_managed_password and "password_version" in args:
            raise ValueError(
                "ManagedPostgres password_version is not allowed with rds_managed_password: RDS rotates its "
                "own password; leave rds_managed_password False to rotate with password_version"
            )
        require(
            "ManagedPostgres",
            "rds_managed_password",
            replicas_of_rds_managed_password(
                self.rds_managed_password, self.read_replicas, self.cross_region_replica is not None
            ),
        )

        tags = args.get("tags") or {}
        if not all(isinstance(k, str) and isinstance(v, str) for k, v in tags.items()):
            raise ValueError(
                f"ManagedPostgres tags {tags} is not allowed; use a mapping of strings to strings"
            )
        self.tags = dict(tags)


def _region(arg: str, value: str | None) -> str | None:
    if value is not None and (not isinstance(value, str) or not REGION.match(value)):
        raise ValueError(
            f"ManagedPostgres {arg} {value!r} is not allowed; use an AWS region name such as us-west-2"
        )
    return value


def _default_database_name(name: str) -> str:
    clean = re.sub(r"[^a-z0-9]+", "_", name.lower()).strip("_")
    if not clean or not clean[0].isalpha():
        clean = f"db_{clean}".rstrip("_")
    return clean[:63].rstrip("_")


def _parameters(given: dict[str, str], preload: list[str]) -> dict[str, str]:
    """The user's parameters over the logging defaults, TLS forced, the extensions' libraries preloaded."""
    for key, value in given.items():
        if not isinstance(key, str) or not isinstance(value, str | int | float) or isinstance(value, bool):
            raise ValueError(
                f"ManagedPostgres parameters {key!r}: {value!r} is not allowed; use parameter names mapped "
                "to string values"
            )
    values = {key: str(value) for key, value in given.items()}
    if values.get("rds.force_ssl", "1") != "1":
        raise ValueError(
            f"ManagedPostgres parameters rds.force_ssl {values['rds.force_ssl']!r} is not allowed; use '1' "
            "(TLS is always required)"
        )
    merged = {**LOGGING_PARAMETERS, **values, "rds.force_ssl": "1"}
    libraries = [lib.strip() for lib in merged.get("shared_preload_libraries", "").split(",") if lib.strip()]
    libraries = list(dict.fromkeys([*libraries, *preload]))
    if libraries:
        merged["shared_preload_libraries"] = ",".join(libraries)
    return merged


def _check_windows(backup: str, maintenance: str) -> None:
    backup_match = BACKUP_WINDOW.match(backup) if isinstance(backup, str) else None
    if not backup_match:
        raise ValueError(
            f"ManagedPostgres backup_window {backup!r} is not allowed; use hh:mm-hh:mm in UTC, "
            "e.g. 03:00-04:00"
        )
    window = maintenance.lower() if isinstance(maintenance, str) else ""
    maintenance_match = MAINTENANCE_WINDOW.match(window)
    if not maintenance_match:
        raise ValueError(
            f"ManagedPostgres maintenance_window {maintenance!r} is not allowed; use ddd:hh:mm-ddd:hh:mm "
            "in UTC, e.g. sun:04:30-sun:05:30"
        )
    h1, m1, h2, m2 = (int(g) for g in backup_match.groups())
    backup_start = h1 * 60 + m1
    backup_length = (h2 * 60 + m2 - backup_start) % DAY_MINUTES
    if backup_length < MIN_WINDOW_MINUTES:
        raise ValueError(
            f"ManagedPostgres backup_window {backup!r} is not allowed; use a window of at least 30 minutes"
        )
    d1, h1_, m1_, d2, h2_, m2_ = maintenance_match.groups()
    start = DAYS.index(d1) * DAY_MINUTES + int(h1_) * 60 + int(m1_)
    end = DAYS.index(d2) * DAY_MINUTES + int(h2_) * 60 + int(m2_)
    length = (end - start) % WEEK_MINUTES
    if length < MIN_WINDOW_MINUTES:
        raise ValueError(
            f"ManagedPostgres maintenance_window {maintenance!r} is not allowed; use a window of at least "
            "30 minutes"
        )
    for day in range(7):
        daily = day * DAY_MINUTES + backup_start
        if (daily - start) % WEEK_MINUTES < length or (start - daily) % WEEK_MINUTES < backup_length:
            raise ValueError(
                f"ManagedPostgres maintenance_window {maintenance!r} is not allowed; use a window that does "
                f"not overlap backup_window {backup!r}"
            )
