"""`ManagedPostgres`'s first step: its arguments (the `ManagedPostgresArgs` TypedDict the docs and the Pulumi
schema are read from), the limits they are held to, and the checks that settle them into plain `_Settings`
before anything is registered."""

import re
from typing import Required, TypedDict, TypeVar

import pulumi

from ...bounds import Between, OneOf, bounds
from ...checks import check_bounds, choice, integer, version_text
from ...credentials import FIRST_VERSION
from ...limits import POSTGRES_MAJOR_VERSIONS, RETENTION, RETENTION_DAYS
from ..limitations import replicas_of_rds_managed_password, require, storage_autoscaling_ceiling
from .windows import _check_windows

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
RESERVED_USERNAMES = ("postgres", "admin", "rdsadmin", "rdsrepladmin", "rds_superuser")
RESERVED_DATABASE_NAMES = ("template0", "template1", "rdsadmin")
SQL_NAME = re.compile(r"^[A-Za-z][A-Za-z0-9_]{0,62}$")
REGION = re.compile(r"^[a-z]{2}(-[a-z]+)+-\d{1,2}$")
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


# What each argument admits, checked before anything else (`components.bounds`); its bool arguments must be
# True or False by their type. `engine_version` (a whole number is read as its text) and
# `max_allocated_storage_gb` (at least `allocated_storage_gb`) are checked in `_Settings`.
BOUNDS = bounds(
    ManagedPostgresArgs,
    instance_class=OneOf(
        *sorted(INSTANCE_CLASSES),
        what=f"{' or '.join(BURSTABLE_FAMILIES)}.{{{', '.join(BURSTABLE_SIZES)}}}, or "
        f"{' or '.join(GRAVITON_FAMILIES)}.{{{', '.join(GRAVITON_SIZES)}}}",
        listed=False,
    ),
    allocated_storage_gb=Between(MIN_STORAGE_GB, MAX_STORAGE_GB),
    read_replicas=Between(0, MAX_READ_REPLICAS),
    backup_retention_days=Between(MIN_BACKUP_DAYS, MAX_BACKUP_DAYS),
    monitoring_interval=OneOf(*MONITORING_INTERVALS),
    log_retention_days=RETENTION,
    password_version=Between(FIRST_VERSION),
    port=Between(MIN_PORT, MAX_PORT),
)


def _named(tags: dict[str, str], name: str, suffix: str) -> dict[str, str]:
    return {**tags, "Name": f"{name}-{suffix}"}


class _Settings:
    """The plain arguments, defaulted and checked: constructed before anything is registered."""

    def __init__(self, name: str, args: ManagedPostgresArgs) -> None:
        check_bounds("ManagedPostgres", ManagedPostgresArgs, args)
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

        self.allocated_storage_gb = args.get("allocated_storage_gb", 20)
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

        self.multi_az = args.get("multi_az", True)
        self.read_replicas = args.get("read_replicas", 0)
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

        self.backup_retention_days = args.get("backup_retention_days", 14)
        self.backup_window = args.get("backup_window", "03:00-04:00")
        maintenance_window = args.get("maintenance_window", "sun:04:30-sun:05:30")
        _check_windows(self.backup_window, maintenance_window)
        self.maintenance_window = maintenance_window.lower()  # as RDS reports it, so there is no diff

        self.deletion_protection = args.get("deletion_protection", True)
        self.final_snapshot = args.get("final_snapshot", True)
        self.protect = args.get("protect", True)
        self.iam_authentication = args.get("iam_authentication", True)
        self.performance_insights = args.get("performance_insights", True)
        self.apply_immediately = args.get("apply_immediately", False)
        self.monitoring_interval = args.get("monitoring_interval", 60)
        self.log_retention_days = args.get("log_retention_days", 30)
        self.encrypt_logs = args.get("encrypt_logs", True)
        self.port = args.get("port", 5432)

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

        self.rds_managed_password = args.get("rds_managed_password", False)
        self.password_version = args.get("password_version", FIRST_VERSION)
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
