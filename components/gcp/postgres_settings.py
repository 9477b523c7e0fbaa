"""The arguments of `components.gcp.ManagedPostgres` (`ManagedPostgresArgs`, which the docs and the Pulumi
schema are read from), defaulted and checked before anything is registered, and the Cloud SQL limits behind
the checks."""

import re
from collections.abc import Mapping
from typing import Any, Required, TypedDict, TypeVar

import pulumi

from ..bounds import Between, OneOf, bounds
from ..checks import check_bounds, choice, integer, version_text
from ..credentials import FIRST_VERSION
from ..limits import POSTGRES_MAJOR_VERSIONS
from .labels import check_labels

ENGINE_VERSIONS = POSTGRES_MAJOR_VERSIONS
EDITIONS = ("ENTERPRISE", "ENTERPRISE_PLUS")
PORT = 5432

# Machine types (https://cloud.google.com/sql/docs/postgres/instance-settings, "Machine type"; and the
# provider's `settings.tier` / `settings.edition` docs). Cloud SQL for PostgreSQL takes no predefined db-n1-*
# tiers ("Only custom or shared-core instance Billing Tier type allowed for PostgreSQL database"). On
# ENTERPRISE: the shared-core tiers, or db-custom-<vCPU>-<MiB> with 1 or an even number of vCPUs up to 96 and
# 0.9-6.5 GB (of 1024 MiB) per vCPU, a multiple of 256 MiB and at least 3.75 GB. ENTERPRISE_PLUS takes only
# the N2 series db-perf-optimized-N-<vCPU> (machine-series-overview: 2 to 128 vCPUs, 8 GB per vCPU).
SHARED_CORE_TIERS = ("db-f1-micro", "db-g1-small")
CUSTOM_TIER = re.compile(r"^db-custom-(\d{1,2})-(\d{4,6})$")
MAX_CUSTOM_VCPUS = 96
MIN_CUSTOM_MIB, MIB_STEP = 3840, 256
MIN_MIB_PER_VCPU_X10, MAX_MIB_PER_VCPU = 9216, 6656  # 0.9 x 1024 (x10, to stay in integers), 6.5 x 1024
PERF_OPTIMIZED_VCPUS = (2, 4, 8, 16, 32, 48, 64, 80, 96, 128)
PERF_OPTIMIZED_TIERS = tuple(f"db-perf-optimized-N-{n}" for n in PERF_OPTIMIZED_VCPUS)
DEFAULT_TIERS = {"ENTERPRISE": "db-custom-1-3840", "ENTERPRISE_PLUS": "db-perf-optimized-N-2"}

MIN_STORAGE_GB, MAX_STORAGE_GB = 10, 65536  # PD_SSD: 10 GB minimum (provider `disk_size` docs), 64 TB
MAX_READ_REPLICAS = 5
MIN_BACKUP_DAYS, MAX_BACKUP_DAYS = 1, 365  # retained automated backups (COUNT; one backup a day)
# Transaction log days for point-in-time recovery: 1-7 on ENTERPRISE, 1-35 on ENTERPRISE_PLUS (provider
# `transaction_log_retention_days` docs; cloud.google.com/sql/docs/postgres/backup-recovery/pitr). The API
# also rejects more log days than retained backups ("backup retention should be > transaction log retention").
MAX_LOG_DAYS = {"ENTERPRISE": 7, "ENTERPRISE_PLUS": 35}
# Final backup on deletion: 1-365 days (`gcloud sql instances delete --final-backup-retention-days`).
FINAL_BACKUP_RETENTION_DAYS = 365
SSL_MODES = ("ENCRYPTED_ONLY", "TRUSTED_CLIENT_CERTIFICATE_REQUIRED")

IAM_AUTHENTICATION_FLAG = "cloudsql.iam_authentication"
# Logging flags (CIS Google Cloud Foundations 6.2; checkov CKV_GCP_51..57), all Cloud SQL PostgreSQL flags.
# The thresholds may be changed through `parameters`; the audit switches cannot be turned off.
LOGGING_THRESHOLDS = {"log_min_duration_statement": "1000", "log_temp_files": "0"}
AUDIT_FLAGS = ("log_checkpoints", "log_connections", "log_disconnections", "log_lock_waits")
# Forensic logging and pgAudit (`audit_logging`, on by default; issue #18): checkov CKV_GCP_108
# (log_hostname), CKV_GCP_111 (log_statement; CIS 6.2.7 asks ddl), CKV_GCP_55 and CKV_GCP_109 / CIS 6.2.2-3
# (log_min_messages warning or stricter, log_min_error_statement error or stricter), CKV_GCP_110 (pgAudit).
# CKV2_GCP_13's log_duration is not set: it logs every statement's duration; log_min_duration_statement
# logs the slow ones.
# pgaudit.log "ddl,role": schema changes and grants / role changes, which a web app makes only in its
# migrations, so the volume stays small (read and write would log every query). Cloud SQL flags:
# cloud.google.com/sql/docs/postgres/flags; pgAudit: cloud.google.com/sql/docs/postgres/pg-audit (the
# extension is created with `CREATE EXTENSION pgaudit`, in `extension_statements`). All change in place;
# cloudsql.enable_pgaudit restarts the instance when it changes ("Restart required: yes" in the flags table).
PGAUDIT_FLAG = "cloudsql.enable_pgaudit"
PGAUDIT_CLASSES_FLAG = "pgaudit.log"
PGAUDIT_CLASSES = ("read", "write", "function", "role", "ddl", "misc", "misc_set", "all")
REQUIRED_PGAUDIT_CLASSES = ("ddl", "role")
# Severity order of PostgreSQL's message levels, least severe first (postgresql.org/docs/current/
# runtime-config-logging.html); a minimum "at least" a level takes that level or a later one.
SEVERITIES = (
    *("debug5", "debug4", "debug3", "debug2", "debug1"),
    *("info", "notice", "warning", "error", "log", "fatal", "panic"),
)
# log_statement: none < ddl < mod (ddl and data changes) < all.
STATEMENT_LEVELS = ("none", "ddl", "mod", "all")
# flag -> (default, the levels that meet the minimum, in the order they are named in an error)
FORENSIC_FLAGS: dict[str, tuple[str, tuple[str, ...]]] = {
    "log_hostname": ("on", ("on",)),
    "log_statement": ("ddl", STATEMENT_LEVELS[1:]),
    "log_min_messages": ("warning", SEVERITIES[SEVERITIES.index("warning") :]),
    "log_min_error_statement": ("error", SEVERITIES[SEVERITIES.index("error") :]),
    PGAUDIT_FLAG: ("on", ("on",)),
    PGAUDIT_CLASSES_FLAG: (",".join(REQUIRED_PGAUDIT_CLASSES), ()),
}
FLAG_NAME = re.compile(r"^[a-z][a-z0-9_.]*$")

# Extension (as users name it, the same names as components.aws) -> the name CREATE EXTENSION takes.
EXTENSIONS = {
    "postgis": "postgis",
    "pgvector": "vector",
    "pg_stat_statements": "pg_stat_statements",
    "pg_trgm": "pg_trgm",
    "uuid-ossp": "uuid-ossp",
}

SQL_NAME = re.compile(r"^[A-Za-z][A-Za-z0-9_]{0,62}$")
RESERVED_DATABASE_NAMES = ("postgres", "template0", "template1", "cloudsqladmin")
RESERVED_USERNAMES = ("postgres", "cloudsqladmin", "cloudsqlsuperuser", "cloudsqlagent", "cloudsqlreplica")
REGION = re.compile(r"^[a-z]+(-[a-z]+)+\d{1,2}$")
BACKUP_MULTI_REGIONS = ("us", "eu", "asia")
RANGE_NAME = re.compile(r"^[a-z]([-a-z0-9]{0,61}[a-z0-9])?$")
BACKUP_WINDOW = re.compile(r"^([01]\d|2[0-3]):([0-5]\d)$")
DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")  # Cloud SQL numbers them 1 (Monday) to 7
MAINTENANCE_WINDOW = re.compile(r"^(mon|tue|wed|thu|fri|sat|sun):([01]\d|2[0-3])$")

T = TypeVar("T")


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


# What each argument admits, checked before anything else (`components.bounds`); its bool arguments must be
# True or False by their type.
BOUNDS = bounds(
    ManagedPostgresArgs,
    edition=OneOf(*EDITIONS),
    allocated_storage_gb=Between(MIN_STORAGE_GB, MAX_STORAGE_GB),
    backup_retention_days=Between(MIN_BACKUP_DAYS, MAX_BACKUP_DAYS),
    ssl_mode=OneOf(*SSL_MODES, what="an encrypted mode (unencrypted connections are never allowed)"),
    read_replicas=Between(0, MAX_READ_REPLICAS),
    password_version=Between(FIRST_VERSION),
)


class PostgresSettings:
    """The arguments, defaulted and checked: constructed before anything is registered."""

    def __init__(self, args: Mapping[str, Any]) -> None:
        check_bounds("ManagedPostgres", ManagedPostgresArgs, args)
        network_id = args.get("network_id")
        if not network_id:
            raise ValueError(
                "ManagedPostgres network_id is required; use the Vpc's private_network_id (the network id "
                "that resolves once Private Service Access is connected)"
            )
        self.network_id: pulumi.Input[str] = network_id
        self.allocated_ip_range = args.get("allocated_ip_range")
        if isinstance(self.allocated_ip_range, str) and not RANGE_NAME.match(self.allocated_ip_range):
            raise ValueError(
                f"ManagedPostgres allocated_ip_range {self.allocated_ip_range!r} is not allowed; use the "
                "name of the Private Service Access range (lowercase RFC 1035, at most 63 characters)"
            )
        region = args.get("region")
        if region is not None and not isinstance(region, pulumi.Output):
            region = _region("region", region)
        self.region: pulumi.Input[str] | None = region

        self.engine_version = choice(
            "ManagedPostgres",
            "engine_version",
            version_text(args.get("engine_version", "16")),
            ENGINE_VERSIONS,
        )
        self.edition: str = args.get("edition", "ENTERPRISE")
        self.tier = _tier(args.get("tier", DEFAULT_TIERS[self.edition]), self.edition)
        self.multi_az: bool = args.get("multi_az", True)

        self.allocated_storage_gb: int = args.get("allocated_storage_gb", 20)
        ceiling = args.get("max_allocated_storage_gb")
        self.max_allocated_storage_gb = (
            0
            if ceiling is None
            else integer(
                "ManagedPostgres",
                "max_allocated_storage_gb",
                ceiling,
                self.allocated_storage_gb,
                MAX_STORAGE_GB,
            )
        )

        self.backup_retention_days: int = args.get("backup_retention_days", 14)
        self.point_in_time_recovery: bool = args.get("point_in_time_recovery", True)
        if self.multi_az and not self.point_in_time_recovery:
            raise ValueError(
                "ManagedPostgres point_in_time_recovery False is not allowed with multi_az (True by "
                "default); use point_in_time_recovery True (Cloud SQL requires it for a REGIONAL PostgreSQL "
                "instance), or multi_az False for a ZONAL one"
            )
        self.backup_window = args.get("backup_window", "03:00")
        if not isinstance(self.backup_window, str) or not BACKUP_WINDOW.match(self.backup_window):
            raise ValueError(
                f"ManagedPostgres backup_window {self.backup_window!r} is not allowed; use HH:MM in UTC, "
                "e.g. 03:00"
            )
        location = args.get("backup_replication_region")
        if location is not None and location not in BACKUP_MULTI_REGIONS:
            location = _region("backup_replication_region", location, " or a multi-region: us, eu, asia")
        self.backup_replication_region: str | None = location
        window = args.get("maintenance_window", "sun:04")
        match = MAINTENANCE_WINDOW.match(window.lower()) if isinstance(window, str) else None
        if not match:
            raise ValueError(
                f"ManagedPostgres maintenance_window {window!r} is not allowed; use ddd:HH in UTC "
                "(ddd one of mon, tue, wed, thu, fri, sat, sun), e.g. sun:04"
            )
        self.maintenance_window = (DAYS.index(match.group(1)) + 1, int(match.group(2)))

        self.deletion_protection: bool = args.get("deletion_protection", True)
        self.protect: bool = args.get("protect", True)
        self.final_snapshot: bool = args.get("final_snapshot", True)
        self.ssl_mode: str = args.get("ssl_mode", "ENCRYPTED_ONLY")
        self.iam_authentication: bool = args.get("iam_authentication", True)
        self.audit_logging: bool = args.get("audit_logging", True)
        self.flags = _flags(dict(args.get("parameters") or {}), self.iam_authentication, self.audit_logging)
        self.query_insights: bool = args.get("query_insights", True)

        self.read_replicas: int = args.get("read_replicas", 0)
        cross_region = args.get("cross_region_replica")
        if cross_region is not None:
            cross_region = _region("cross_region_replica", cross_region)
            if cross_region == self.region:
                raise ValueError(
                    f"ManagedPostgres cross_region_replica {cross_region!r} is not allowed; use a region "
                    "other than the primary's (read_replicas adds replicas in the primary's region)"
                )
        self.cross_region_replica: str | None = cross_region

        self.database_name = args.get("database_name", "app")
        if (
            not isinstance(self.database_name, str)
            or not SQL_NAME.match(self.database_name)
            or self.database_name.lower() in RESERVED_DATABASE_NAMES
        ):
            raise ValueError(
                f"ManagedPostgres database_name {self.database_name!r} is not allowed; use a letter, then "
                f"letters, digits or _, at most 63 characters, not {', '.join(RESERVED_DATABASE_NAMES)}"
            )
        self.password_version: int = args.get("password_version", FIRST_VERSION)
        self.username = args.get("username", "app")
        if (
            not isinstance(self.username, str)
            or not SQL_NAME.match(self.username)
            or self.username.lower() in RESERVED_USERNAMES
            or self.username.lower().startswith(("pg_", "cloudsql"))
        ):
            raise ValueError(
                f"ManagedPostgres username {self.username!r} is not allowed; use a letter, then letters, "
                "digits or _, at most 63 characters, not postgres or a pg_* / cloudsql* name"
            )

        extensions = list(dict.fromkeys(args.get("extensions") or []))
        for extension in extensions:
            choice("ManagedPostgres", "extensions", extension, tuple(EXTENSIONS))
        self.extension_statements = [f'CREATE EXTENSION IF NOT EXISTS "{EXTENSIONS[e]}";' for e in extensions]
        if self.audit_logging:  # pgAudit logs nothing until the extension exists (pg-audit docs)
            self.extension_statements.append('CREATE EXTENSION IF NOT EXISTS "pgaudit";')

        self.labels = check_labels("ManagedPostgres", args.get("labels"))


def _region(arg: str, value: object, also: str = "") -> str:
    if not isinstance(value, str) or not REGION.match(value):
        raise ValueError(
            f"ManagedPostgres {arg} {value!r} is not allowed; use a Google Cloud region such as "
            f"us-central1{also}"
        )
    return value


def _tier(tier: object, edition: str) -> str:
    """`tier` if the edition offers it for PostgreSQL, else a ValueError naming the allowed forms."""
    allowed = {
        "ENTERPRISE": (
            f"{' or '.join(SHARED_CORE_TIERS)}, or db-custom-<vCPU>-<MiB> with vCPU 1 or even up to 96 and "
            "0.9-6.5 GB per vCPU in multiples of 256 MiB, at least 3840 (e.g. db-custom-2-7680); "
            "db-perf-optimized-N-* tiers need edition ENTERPRISE_PLUS"
        ),
        "ENTERPRISE_PLUS": (
            f"db-perf-optimized-N-<vCPU> with vCPU one of {', '.join(map(str, PERF_OPTIMIZED_VCPUS))}; "
            "shared-core and db-custom-* tiers need edition ENTERPRISE"
        ),
    }[edition]
    if not isinstance(tier, str):
        valid = False
    elif edition == "ENTERPRISE_PLUS":
        valid = tier in PERF_OPTIMIZED_TIERS
    elif tier in SHARED_CORE_TIERS:
        valid = True
    else:
        match = CUSTOM_TIER.match(tier)
        vcpus, mib = (int(match.group(1)), int(match.group(2))) if match else (0, 0)
        valid = (
            (vcpus == 1 or (vcpus % 2 == 0 and 2 <= vcpus <= MAX_CUSTOM_VCPUS))
            and mib % MIB_STEP == 0
            and mib >= MIN_CUSTOM_MIB
            and mib * 10 >= MIN_MIB_PER_VCPU_X10 * vcpus
            and mib <= MAX_MIB_PER_VCPU * vcpus
        )
    if not valid or not isinstance(tier, str):
        raise ValueError(
            f"ManagedPostgres tier {tier!r} is not allowed with edition {edition}; use {allowed}"
        )
    return tier


def _forensic_flags(values: dict[str, str]) -> dict[str, str]:
    """`FORENSIC_FLAGS` with the user's stricter values kept; a weaker one is a ValueError."""
    flags: dict[str, str] = {}
    for name, (default, allowed) in FORENSIC_FLAGS.items():
        value = values.get(name, default).lower()
        if name == PGAUDIT_CLASSES_FLAG:
            classes = [c.strip() for c in value.split(",") if c.strip()]
            if any(c not in PGAUDIT_CLASSES for c in classes) or not (
                "all" in classes or set(REQUIRED_PGAUDIT_CLASSES) <= set(classes)
            ):
                raise ValueError(
                    f"ManagedPostgres parameters {name} {values[name]!r} is not allowed with audit_logging; "
                    f"use a comma-separated list of {', '.join(PGAUDIT_CLASSES)} that includes "
                    f"{' and '.join(REQUIRED_PGAUDIT_CLASSES)} (or all), or audit_logging False"
                )
            value = ",".join(classes)
        elif value not in allowed:
            raise ValueError(
                f"ManagedPostgres parameters {name} {values[name]!r} is not allowed with audit_logging; use "
                f"one of {', '.join(allowed)}, or audit_logging False"
            )
        flags[name] = value
    return flags


def _flags(given: dict[str, str], iam_authentication: bool, audit_logging: bool = True) -> dict[str, str]:
    """The database flags: the logging defaults, the user's parameters, the audit switches (with
    `audit_logging`, the forensic flags and pgAudit too) and IAM auth."""
    for key, value in given.items():
        if (
            not isinstance(key, str)
            or not FLAG_NAME.match(key)
            or not isinstance(value, str | int | float)
            or isinstance(value, bool)
        ):
            raise ValueError(
                f"ManagedPostgres parameters {key!r}: {value!r} is not allowed; use Cloud SQL flag names "
                "(lowercase) mapped to string values"
            )
    values = {key: str(value) for key, value in given.items()}
    iam = "on" if iam_authentication else "off"
    if values.get(IAM_AUTHENTICATION_FLAG, iam).lower() != iam:
        raise ValueError(
            f"ManagedPostgres parameters {IAM_AUTHENTICATION_FLAG} {values[IAM_AUTHENTICATION_FLAG]!r} is "
            f"not allowed with iam_authentication {iam_authentication}; use the iam_authentication argument"
        )
    for audit_flag in AUDIT_FLAGS:
        if values.get(audit_flag, "on").lower() != "on":
            raise ValueError(
                f"ManagedPostgres parameters {audit_flag} {values[audit_flag]!r} is not allowed; use 'on' "
                "(audit logging is always on)"
            )
    return {
        **LOGGING_THRESHOLDS,
        **values,
        **dict.fromkeys(AUDIT_FLAGS, "on"),
        **(_forensic_flags(values) if audit_logging else {}),
        IAM_AUTHENTICATION_FLAG: iam,
    }


# Cloud SQL for PostgreSQL's default `max_connections` by instance memory (GiB, lower bound) and for the
# shared-core tiers (Cloud SQL docs, "Maximum concurrent connections").
_MAX_CONNECTIONS_BY_MEMORY = ((120, 1000), (60, 800), (30, 600), (15, 500), (7.5, 400), (6, 200), (3.75, 100))
_SHARED_CORE_CONNECTIONS = {"db-f1-micro": 25, "db-g1-small": 50}


def max_connections(tier: str, flags: dict[str, str]) -> int | None:
    """The instance's `max_connections`: its `max_connections` flag when set, else Cloud SQL's default for
    the tier (shared-core, or db-custom-* by memory); None for a tier whose memory is not listed here
    (db-perf-optimized-*)."""
    given = flags.get("max_connections")
    if given is not None:
        return int(given) if str(given).isdigit() else None
    if tier in _SHARED_CORE_CONNECTIONS:
        return _SHARED_CORE_CONNECTIONS[tier]
    match = CUSTOM_TIER.match(tier)
    if not match:
        return None
    memory_gib = int(match.group(2)) / 1024
    return next((n for floor, n in _MAX_CONNECTIONS_BY_MEMORY if memory_gib >= floor), 100)
