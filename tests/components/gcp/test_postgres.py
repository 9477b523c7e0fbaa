"""components.gcp.ManagedPostgres: private IP only, TLS, backups with PITR, IAM auth and logging flags, the
password only in Secret Manager, deletion protection on both levels, replicas, tier rules, name limits."""

from __future__ import annotations

import json
import re
from typing import Any, cast

import pulumi
import pytest

from components.gcp.postgres import ManagedPostgres, ManagedPostgresArgs
from components.gcp.postgres_settings import PostgresSettings
from components.naming import physical_name
from stacks.mocks import SECRET_MASK, RecordingMonitor, Registration
from tests.conftest import of_type
from tests.docexamples import run_docstring_example

INSTANCE = "gcp:sql/databaseInstance:DatabaseInstance"
DATABASE = "gcp:sql/database:Database"
USER = "gcp:sql/user:User"
SECRET = "gcp:secretmanager/secret:Secret"
VERSION = "gcp:secretmanager/secretVersion:SecretVersion"
PASSWORD = "random:index/randomPassword:RandomPassword"
COMPONENT = "stackyard-gcp:index:ManagedPostgres"

NETWORK_ID = "projects/stackyard-mock-project/global/networks/shop-net"
NETWORK: ManagedPostgresArgs = {"network_id": NETWORK_ID}
RFC1035 = re.compile(r"^[a-z]([-a-z0-9]*[a-z0-9])?$")
LONG_NAME = "checkout-service-production-eu-database1"
OUTPUTS = (
    "endpoint",
    "port",
    "connection_name",
    "instance_name",
    "secret_id",
    "database_name",
    "username",
    "reader_endpoints",
    "extension_statements",
    "url_secret_id",
    "password",
    "url",
)


def build(args: dict[str, Any], name: str = "shop") -> dict[str, Any]:
    """Create a ManagedPostgres under mocks and return its resolved outputs; `args` go over NETWORK."""
    resolved: dict[str, Any] = {}

    @pulumi.runtime.test
    def program() -> pulumi.Output:
        db = ManagedPostgres(name, cast(ManagedPostgresArgs, {**NETWORK, **args}))
        return pulumi.Output.all(**{key: getattr(db, key) for key in OUTPUTS}).apply(resolved.update)

    program()
    assert resolved, "the ManagedPostgres outputs never resolved"
    return resolved


def one(monitor: RecordingMonitor, type_: str) -> Registration:
    (found,) = of_type(monitor, type_)
    return found


def by_name(monitor: RecordingMonitor, type_: str) -> dict[str, Registration]:
    return {r.name: r for r in of_type(monitor, type_)}


def instances(monitor: RecordingMonitor) -> dict[str, Registration]:
    return {r.name: r for r in of_type(monitor, INSTANCE)}


def flags(instance: Registration) -> dict[str, str]:
    return {f["name"]: f["value"] for f in instance.inputs["settings"]["databaseFlags"]}


def test_primary_is_private_with_tls_backups_and_explicit_edition(monitor: RecordingMonitor) -> None:
    out = build({})
    db = instances(monitor)["shop"]
    inputs, settings = db.inputs, db.inputs["settings"]
    assert inputs["name"] == "shop-db" and inputs["databaseVersion"] == "POSTGRES_16"
    assert "region" not in inputs  # the provider's region
    assert settings["tier"] == "db-custom-1-3840"
    assert settings["edition"] == "ENTERPRISE"
    assert settings["availabilityType"] == "REGIONAL"  # multi_az on by default, as on AWS
    assert settings["ipConfiguration"] == {
        "ipv4Enabled": False,
        "privateNetwork": NETWORK_ID,
        "sslMode": "ENCRYPTED_ONLY",
        "enablePrivatePathForGoogleCloudServices": True,
    }
    assert settings["diskType"] == "PD_SSD" and settings["diskSize"] == 20
    assert settings["diskAutoresize"] is True and settings["diskAutoresizeLimit"] == 0
    assert settings["backupConfiguration"] == {
        "enabled": True,
        "startTime": "03:00",
        "pointInTimeRecoveryEnabled": True,
        "transactionLogRetentionDays": 7,
        "backupRetentionSettings": {"retainedBackups": 14, "retentionUnit": "COUNT"},
    }
    assert settings["maintenanceWindow"] == {"day": 7, "hour": 4, "updateTrack": "stable"}
    assert settings["insightsConfig"] == {
        "queryInsightsEnabled": True,
        "recordApplicationTags": True,
        "recordClientAddress": False,
        "queryStringLength": 1024,
    }
    assert settings["userLabels"] == {"managed-by": "stackyard"}
    assert "passwordValidationPolicy" not in settings
    # Safe by default, as on AWS: deletion protection on both levels, a final backup, Pulumi protect.
    assert inputs["deletionProtection"] is True and settings["deletionProtectionEnabled"] is True
    assert settings["finalBackupConfig"]["enabled"] is True and settings["retainBackupsOnDelete"] is True
    assert db.protect

    assert out["endpoint"] == db.state["privateIpAddress"] and out["endpoint"].startswith("10.")
    assert out["port"] == 5432
    assert out["connection_name"] == "stackyard-mock-project:us-central1:shop-db"
    assert out["instance_name"] == "shop-db"
    assert out["secret_id"] == "projects/stackyard-mock-project/secrets/shop-db-password"
    assert out["database_name"] == "app" and out["username"] == "app"
    assert out["reader_endpoints"] == []
    assert out["extension_statements"] == ['CREATE EXTENSION IF NOT EXISTS "pgaudit";']  # audit_logging
    component = one(monitor, COMPONENT)
    assert all(r.parent == component.urn for r in monitor.registrations.values() if r.custom)


def test_multi_az_off_makes_a_zonal_instance(monitor: RecordingMonitor) -> None:
    build({"multi_az": False})
    assert instances(monitor)["shop"].inputs["settings"]["availabilityType"] == "ZONAL"


def test_iam_authentication_and_logging_flags(monitor: RecordingMonitor) -> None:
    build({})
    assert flags(instances(monitor)["shop"]) == {
        "cloudsql.iam_authentication": "on",
        "log_checkpoints": "on",
        "log_connections": "on",
        "log_disconnections": "on",
        "log_lock_waits": "on",
        "log_min_duration_statement": "1000",
        "log_temp_files": "0",
        # audit_logging (default True): forensic flags and pgAudit
        "log_hostname": "on",
        "log_statement": "ddl",
        "log_min_messages": "warning",
        "log_min_error_statement": "error",
        "cloudsql.enable_pgaudit": "on",
        "pgaudit.log": "ddl,role",
    }


def test_parameters_add_flags_and_override_thresholds(monitor: RecordingMonitor) -> None:
    build(
        {
            "iam_authentication": False,
            "parameters": {
                "max_connections": "200",
                "log_min_duration_statement": "250",
                "log_temp_files": "1024",
            },
        }
    )
    found = flags(instances(monitor)["shop"])
    assert found["cloudsql.iam_authentication"] == "off"
    assert found["max_connections"] == "200"
    assert found["log_min_duration_statement"] == "250" and found["log_temp_files"] == "1024"
    assert found["log_connections"] == "on"


def test_password_is_generated_and_only_stored_as_a_secret(monitor: RecordingMonitor) -> None:
    out = build({})
    password = one(monitor, PASSWORD)
    assert password.inputs["length"] == 32 and password.inputs["special"] is False
    user = one(monitor, USER)
    assert user.inputs["password"] == SECRET_MASK
    assert user.inputs["type"] == "BUILT_IN" and user.inputs["name"] == "app"
    assert user.inputs["instance"] == "shop-db" and user.inputs["deletionPolicy"] == "ABANDON"
    database = one(monitor, DATABASE)
    assert database.inputs == {"name": "app", "instance": "shop-db", "deletionPolicy": "ABANDON"}
    assert database.urn in user.dependencies
    secret = by_name(monitor, SECRET)["shop-password"]
    assert secret.inputs["secretId"] == "shop-db-password"
    assert secret.inputs["labels"] == {"managed-by": "stackyard"}
    version = by_name(monitor, VERSION)["shop-password"]
    assert version.inputs["secretData"] == SECRET_MASK and version.inputs["secret"] == out["secret_id"]
    plain = password.state["result"]
    assert len(plain) == 32 and out["password"] == plain
    assert "keepers" not in password.inputs  # version 1: the password of an existing database is kept
    assert plain not in json.dumps([r.inputs for r in monitor.registrations.values()])


def test_the_connection_url_is_a_secret_of_its_own(monitor: RecordingMonitor) -> None:
    """Cloud Run references one whole secret version per variable, so the URL has its own secret."""
    out = build({"username": "shop_app", "database_name": "orders"})
    plain = one(monitor, PASSWORD).state["result"]
    host = instances(monitor)["shop"].state["privateIpAddress"]
    assert out["url"] == f"postgresql://shop_app:{plain}@{host}:5432/orders?sslmode=require"
    secret = by_name(monitor, SECRET)["shop-url"]
    assert secret.inputs["secretId"] == "shop-db-url" and out["url_secret_id"] == secret.id
    version = by_name(monitor, VERSION)["shop-url"]
    assert version.inputs["secretData"] == SECRET_MASK and version.inputs["secret"] == secret.id


def test_secret_references_pin_the_current_versions(monitor: RecordingMonitor) -> None:
    resolved: dict[str, str] = {}

    @pulumi.runtime.test
    def program() -> pulumi.Output:
        db = ManagedPostgres("shop", cast(ManagedPostgresArgs, NETWORK))
        with pytest.raises(ValueError, match="secret_reference 'user' is not allowed"):
            db.secret_reference("user")
        refs = {key: db.secret_reference(key) for key in ("password", "url")}
        return pulumi.Output.all(**refs).apply(resolved.update)

    program()
    versions = by_name(monitor, VERSION)
    secrets = by_name(monitor, SECRET)
    for key, logical in (("password", "shop-password"), ("url", "shop-url")):
        number = versions[logical].state["version"]
        assert resolved[key] == f"{secrets[logical].id}/versions/{number}"


def test_a_new_password_version_generates_a_new_password(monitor: RecordingMonitor) -> None:
    build({"password_version": 2})
    assert one(monitor, PASSWORD).inputs["keepers"] == {"password_version": "2"}


def test_deletion_protection_protect_and_final_backup_when_asked(monitor: RecordingMonitor) -> None:
    build({"deletion_protection": True, "protect": True, "final_snapshot": True, "read_replicas": 1})
    found = instances(monitor)
    primary, replica = found["shop"], found["shop-replica-1"]
    assert primary.inputs["deletionProtection"] is True
    assert primary.inputs["settings"]["deletionProtectionEnabled"] is True
    assert replica.inputs["deletionProtection"] is True
    assert replica.inputs["settings"]["deletionProtectionEnabled"] is True
    assert primary.inputs["settings"]["finalBackupConfig"] == {"enabled": True, "retentionDays": 365}
    assert primary.inputs["settings"]["retainBackupsOnDelete"] is True
    assert primary.inputs["finalBackupDescription"] == "Final backup of shop, managed by stackyard"
    protected = {(r.type, r.name) for r in monitor.registrations.values() if r.protect}
    assert protected == {
        (INSTANCE, "shop"),
        (DATABASE, "shop"),
        (USER, "shop"),
        (SECRET, "shop-password"),
        (SECRET, "shop-url"),
        (SECRET, "shop-reader-url"),  # with read replicas
    }


def test_read_replicas_and_a_cross_region_replica(monitor: RecordingMonitor) -> None:
    out = build({"region": "us-central1", "read_replicas": 2, "cross_region_replica": "us-east1"})
    found = instances(monitor)
    assert set(found) == {"shop", "shop-replica-1", "shop-replica-2", "shop-replica-us-east1"}
    primary = found["shop"]
    user = one(monitor, USER)
    for logical, name, region in (
        ("shop-replica-1", "shop-db-replica-1", "us-central1"),
        ("shop-replica-2", "shop-db-replica-2", "us-central1"),
        ("shop-replica-us-east1", "shop-db-replica-us-east1", "us-east1"),
    ):
        replica = found[logical]
        inputs, settings = replica.inputs, replica.inputs["settings"]
        assert inputs["name"] == name and inputs["region"] == region
        assert inputs["masterInstanceName"] == "shop-db"
        assert inputs["databaseVersion"] == "POSTGRES_16"
        # The provider marks replicaConfiguration secret (it may hold a replication password).
        assert inputs["replicaConfiguration"] == SECRET_MASK
        assert replica.state["replicaConfiguration"] == {"failoverTarget": False}
        # Replicas carry the primary's deletion protection (on by default).
        assert inputs["deletionProtection"] is True and settings["deletionProtectionEnabled"] is True
        assert settings["availabilityType"] == "ZONAL"
        assert settings["tier"] == primary.inputs["settings"]["tier"]
        assert settings["edition"] == "ENTERPRISE"
        assert settings["ipConfiguration"] == primary.inputs["settings"]["ipConfiguration"]
        assert settings["ipConfiguration"]["ipv4Enabled"] is False
        assert settings["databaseFlags"] == primary.inputs["settings"]["databaseFlags"]
        assert "backupConfiguration" not in settings and "finalBackupConfig" not in settings
        assert user.urn in replica.dependencies
        assert not replica.protect
    assert out["reader_endpoints"] == [
        found["shop-replica-1"].state["privateIpAddress"],
        found["shop-replica-2"].state["privateIpAddress"],
    ]
    assert out["connection_name"] == "stackyard-mock-project:us-central1:shop-db"


def test_every_knob_reaches_the_instance(monitor: RecordingMonitor) -> None:
    out = build(
        {
            "region": "europe-west1",
            "allocated_ip_range": "shop-psa",
            "engine_version": "17",
            "tier": "db-custom-2-7680",
            "allocated_storage_gb": 50,
            "max_allocated_storage_gb": 200,
            "backup_retention_days": 30,
            "backup_window": "22:30",
            "backup_replication_region": "eu",
            "maintenance_window": "Mon:23",
            "ssl_mode": "TRUSTED_CLIENT_CERTIFICATE_REQUIRED",
            "query_insights": False,
            "database_name": "shop_main",
            "username": "shop_app",
            "extensions": ["pgvector", "postgis", "uuid-ossp", "pgvector"],
            "labels": {"env": "prod", "team": "checkout"},
        }
    )
    db = instances(monitor)["shop"]
    inputs, settings = db.inputs, db.inputs["settings"]
    assert inputs["region"] == "europe-west1" and inputs["databaseVersion"] == "POSTGRES_17"
    assert settings["tier"] == "db-custom-2-7680"
    assert settings["ipConfiguration"]["allocatedIpRange"] == "shop-psa"
    assert settings["ipConfiguration"]["sslMode"] == "TRUSTED_CLIENT_CERTIFICATE_REQUIRED"
    assert settings["diskSize"] == 50 and settings["diskAutoresizeLimit"] == 200
    backup = settings["backupConfiguration"]
    assert backup["startTime"] == "22:30" and backup["location"] == "eu"
    assert backup["backupRetentionSettings"] == {"retainedBackups": 30, "retentionUnit": "COUNT"}
    assert backup["transactionLogRetentionDays"] == 7  # the ENTERPRISE maximum
    assert settings["maintenanceWindow"] == {"day": 1, "hour": 23, "updateTrack": "stable"}
    assert settings["insightsConfig"] == {"queryInsightsEnabled": False}
    assert settings["userLabels"] == {"env": "prod", "team": "checkout", "managed-by": "stackyard"}
    for secret in of_type(monitor, SECRET):
        assert secret.inputs["labels"] == {"env": "prod", "team": "checkout", "managed-by": "stackyard"}
    assert one(monitor, DATABASE).inputs["name"] == "shop_main"
    assert one(monitor, USER).inputs["name"] == "shop_app"
    assert out["connection_name"] == "stackyard-mock-project:europe-west1:shop-db"
    assert out["database_name"] == "shop_main" and out["username"] == "shop_app"
    assert out["extension_statements"] == [
        'CREATE EXTENSION IF NOT EXISTS "vector";',
        'CREATE EXTENSION IF NOT EXISTS "postgis";',
        'CREATE EXTENSION IF NOT EXISTS "uuid-ossp";',
        'CREATE EXTENSION IF NOT EXISTS "pgaudit";',
    ]


def test_short_retention_caps_the_transaction_logs(monitor: RecordingMonitor) -> None:
    build({"backup_retention_days": 3})
    backup = instances(monitor)["shop"].inputs["settings"]["backupConfiguration"]
    assert backup["transactionLogRetentionDays"] == 3
    assert backup["backupRetentionSettings"]["retainedBackups"] == 3


def test_point_in_time_recovery_can_be_turned_off(monitor: RecordingMonitor) -> None:
    build({"point_in_time_recovery": False, "multi_az": False})
    backup = instances(monitor)["shop"].inputs["settings"]["backupConfiguration"]
    assert backup["enabled"] is True and backup["pointInTimeRecoveryEnabled"] is False
    assert "transactionLogRetentionDays" not in backup


def test_enterprise_plus_uses_performance_tiers_and_longer_logs(monitor: RecordingMonitor) -> None:
    build({"edition": "ENTERPRISE_PLUS", "backup_retention_days": 60})
    settings = instances(monitor)["shop"].inputs["settings"]
    assert settings["edition"] == "ENTERPRISE_PLUS" and settings["tier"] == "db-perf-optimized-N-2"
    assert settings["backupConfiguration"]["transactionLogRetentionDays"] == 35


def test_region_may_come_from_another_resource(monitor: RecordingMonitor) -> None:
    out = build({"region": pulumi.Output.from_input("asia-south1"), "read_replicas": 1})
    found = instances(monitor)
    assert found["shop"].inputs["region"] == found["shop-replica-1"].inputs["region"] == "asia-south1"
    assert out["connection_name"] == "stackyard-mock-project:asia-south1:shop-db"


@pytest.mark.parametrize(
    ("edition", "tier"),
    [
        ("ENTERPRISE", "db-f1-micro"),
        ("ENTERPRISE", "db-g1-small"),
        ("ENTERPRISE", "db-custom-1-3840"),
        ("ENTERPRISE", "db-custom-1-6656"),  # 6.5 GB per vCPU
        ("ENTERPRISE", "db-custom-2-13312"),
        ("ENTERPRISE", "db-custom-4-3840"),  # 0.94 GB per vCPU
        ("ENTERPRISE", "db-custom-96-638976"),
        ("ENTERPRISE_PLUS", "db-perf-optimized-N-8"),
        ("ENTERPRISE_PLUS", "db-perf-optimized-N-128"),
    ],
)
def test_tiers_cloud_sql_offers_are_accepted(edition: str, tier: str) -> None:
    assert PostgresSettings({**NETWORK, "edition": edition, "tier": tier}).tier == tier


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ({"network_id": ""}, "network_id is required"),
        ({"allocated_ip_range": "Shop_PSA"}, "allocated_ip_range 'Shop_PSA' is not allowed"),
        ({"region": "moon-base"}, "region 'moon-base' is not allowed; use a Google Cloud region"),
        ({"engine_version": "12"}, "engine_version '12' is not allowed; use one of 13, 14, 15, 16, 17"),
        (
            {"edition": "STANDARD"},
            "edition 'STANDARD' is not allowed; use one of ENTERPRISE, ENTERPRISE_PLUS",
        ),
        ({"tier": "db-custom-3-7680"}, "tier 'db-custom-3-7680' is not allowed with edition ENTERPRISE; use"),
        ({"tier": "db-n1-standard-1"}, "tier 'db-n1-standard-1' is not allowed .* db-custom-<vCPU>-<MiB>"),
        ({"tier": "huge"}, "tier 'huge' is not allowed"),
        ({"tier": "db-custom-2-3584"}, "tier 'db-custom-2-3584' is not allowed"),  # under 3840 MiB
        ({"tier": "db-custom-1-6912"}, "tier 'db-custom-1-6912' is not allowed"),  # over 6.5 GB per vCPU
        ({"tier": "db-custom-2-4000"}, "tier 'db-custom-2-4000' is not allowed"),  # not a multiple of 256
        ({"tier": "db-custom-16-14336"}, "tier 'db-custom-16-14336' is not allowed"),  # under 0.9 GB per vCPU
        ({"tier": "db-custom-98-638976"}, "tier 'db-custom-98-638976' is not allowed"),  # over 96 vCPUs
        ({"tier": "db-perf-optimized-N-2"}, "need edition ENTERPRISE_PLUS"),
        ({"edition": "ENTERPRISE_PLUS", "tier": "db-custom-1-3840"}, "need edition ENTERPRISE$"),
        ({"edition": "ENTERPRISE_PLUS", "tier": "db-perf-optimized-N-6"}, "vCPU one of 2, 4, 8"),
        ({"multi_az": "yes"}, "multi_az 'yes' is not allowed; use True or False"),
        ({"multi_az": True, "point_in_time_recovery": False}, "point_in_time_recovery False is not allowed"),
        ({"allocated_storage_gb": 5}, "allocated_storage_gb 5 is not allowed; use 10 to 65536"),
        (
            {"allocated_storage_gb": 50, "max_allocated_storage_gb": 40},
            "max_allocated_storage_gb 40 .* 50 to",
        ),
        ({"backup_retention_days": 0}, "backup_retention_days 0 is not allowed; use 1 to 365"),
        ({"backup_retention_days": 366}, "backup_retention_days 366 is not allowed"),
        ({"backup_window": "3am"}, "backup_window '3am' is not allowed; use HH:MM"),
        ({"backup_replication_region": "mars"}, "backup_replication_region 'mars' .* multi-region: us, eu"),
        ({"maintenance_window": "sunday:04"}, "maintenance_window 'sunday:04' is not allowed; use ddd:HH"),
        ({"maintenance_window": "sun:24"}, "maintenance_window 'sun:24' is not allowed"),
        ({"deletion_protection": 1}, "deletion_protection 1 is not allowed"),
        ({"protect": "true"}, "protect 'true' is not allowed"),
        ({"final_snapshot": None}, "final_snapshot None is not allowed"),
        (
            {"ssl_mode": "ALLOW_UNENCRYPTED_AND_ENCRYPTED"},
            "ssl_mode 'ALLOW_UNENCRYPTED_AND_ENCRYPTED' is not",
        ),
        ({"parameters": {"cloudsql.iam_authentication": "off"}}, "cloudsql.iam_authentication 'off' is not"),
        (
            {"iam_authentication": False, "parameters": {"cloudsql.iam_authentication": "on"}},
            "not allowed with iam_authentication False",
        ),
        ({"parameters": {"log_connections": "off"}}, "log_connections 'off' is not allowed; use 'on'"),
        ({"parameters": {"Max Connections": "1"}}, "parameters 'Max Connections': '1' is not allowed"),
        ({"read_replicas": 6}, "read_replicas 6 is not allowed; use 0 to 5"),
        ({"cross_region_replica": "east"}, "cross_region_replica 'east' is not allowed"),
        (
            {"region": "us-central1", "cross_region_replica": "us-central1"},
            "cross_region_replica 'us-central1' is not allowed; use a region other than the primary's",
        ),
        ({"database_name": "postgres"}, "database_name 'postgres' is not allowed"),
        ({"database_name": "1app"}, "database_name '1app' is not allowed"),
        ({"username": "postgres"}, "username 'postgres' is not allowed"),
        ({"username": "cloudsqlsuperuser"}, "username 'cloudsqlsuperuser' is not allowed"),
        ({"username": "pg_app"}, "username 'pg_app' is not allowed"),
        ({"username": "app-user"}, "username 'app-user' is not allowed"),
        ({"extensions": ["timescaledb"]}, "extensions 'timescaledb' is not allowed; use one of postgis"),
        ({"labels": {"Env": "prod"}}, "labels {'Env': 'prod'} is not allowed"),
        ({"labels": {"env": "Prod Env"}}, "labels .* is not allowed"),
    ],
)
def test_bad_arguments_raise_clear_errors(
    monitor: RecordingMonitor, args: dict[str, Any], message: str
) -> None:
    with pytest.raises(ValueError, match=f"^ManagedPostgres .*{message}"):
        ManagedPostgres("bad", cast(ManagedPostgresArgs, {**NETWORK, **args}))
    assert monitor.registrations == {}


def test_network_id_is_required(monitor: RecordingMonitor) -> None:
    with pytest.raises(ValueError, match="ManagedPostgres network_id is required; use the Vpc's"):
        ManagedPostgres("bad", cast(ManagedPostgresArgs, {}))
    assert monitor.registrations == {}


def test_names_fit_cloud_sql_and_secret_manager_limits_for_a_long_name(monitor: RecordingMonitor) -> None:
    assert len(LONG_NAME) == 40
    out = build({"read_replicas": 5, "cross_region_replica": "northamerica-northeast1"}, name=LONG_NAME)
    names = [r.inputs["name"] for r in of_type(monitor, INSTANCE)]
    assert len(names) == 7 and len(set(names)) == 7
    for name in names:
        assert len(name) <= 63 and RFC1035.match(name), name
    assert out["instance_name"] == f"{LONG_NAME}-db"
    for secret in of_type(monitor, SECRET):
        secret_id = secret.inputs["secretId"]
        assert len(secret_id) <= 255 and re.match(r"^[A-Za-z0-9_-]+$", secret_id)
    # Deterministic: the same name always gives the same physical names.
    suffixes = ["db", *[f"db-replica-{n}" for n in range(1, 6)], "db-replica-northamerica-northeast1"]
    assert set(names) == {physical_name(f"{LONG_NAME}-{suffix}", 63) for suffix in suffixes}


def test_docstring_example_runs(monitor: RecordingMonitor) -> None:
    run_docstring_example(ManagedPostgres)
    found = instances(monitor)
    assert set(found) == {"shop", "shop-replica-1"}
    assert found["shop"].inputs["settings"]["ipConfiguration"]["allocatedIpRange"] == "shop-psa"
    assert {v.inputs["secretData"] for v in of_type(monitor, VERSION)} == {SECRET_MASK}
