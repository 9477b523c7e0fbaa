"""components.aws.ManagedPostgres: secure defaults, replicas with stable names, other-region replica and
backup copies through the resources' `region` argument (no explicit provider), parameter groups per major
version, SG-to-SG access only, name limits."""

from __future__ import annotations

import json
import re
from typing import Any, cast

import pulumi
import pytest

from components.aws.postgres import ManagedPostgres, ManagedPostgresArgs, _credentials_json
from stacks.mocks import RecordingMonitor, Registration
from tests.conftest import of_type
from tests.docexamples import run_docstring_example

INSTANCE = "aws:rds/instance:Instance"
PARAMETER_GROUP = "aws:rds/parameterGroup:ParameterGroup"
SUBNET_GROUP = "aws:rds/subnetGroup:SubnetGroup"
SECURITY_GROUP = "aws:ec2/securityGroup:SecurityGroup"
INGRESS = "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule"
EGRESS = "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule"
KEY = "aws:kms/key:Key"
ALIAS = "aws:kms/alias:Alias"
ROLE = "aws:iam/role:Role"
ATTACHMENT = "aws:iam/rolePolicyAttachment:RolePolicyAttachment"
LOG_GROUP = "aws:cloudwatch/logGroup:LogGroup"
PROVIDER = "pulumi:providers:aws"
BACKUP_COPY = "aws:rds/instanceAutomatedBackupsReplication:InstanceAutomatedBackupsReplication"
PASSWORD = "random:index/randomPassword:RandomPassword"
SECRET = "aws:secretsmanager/secret:Secret"
SECRET_VERSION = "aws:secretsmanager/secretVersion:SecretVersion"
COMPONENT = "stackyard-aws:index:ManagedPostgres"

VPC_ID = "vpc-0a1b2c3d4e5f60718"
SUBNET_IDS = ["subnet-0aaaaaaaaaaaaaaa1", "subnet-0bbbbbbbbbbbbbbb2"]
NETWORK: ManagedPostgresArgs = {"vpc_id": VPC_ID, "subnet_ids": SUBNET_IDS}
# RDS identifiers, snapshot and parameter group names: a letter, then letters, digits and single hyphens.
RDS_NAME = re.compile(r"^[a-z](?:[a-z0-9]|-(?!-))*(?<!-)$")


def build(args: dict[str, Any], name: str = "shop", allow: dict[str, str] | None = None) -> dict[str, Any]:
    """Create a ManagedPostgres under mocks (plus `allow_from` rules); return its resolved outputs. `args`
    go over NETWORK (the required `vpc_id` and `subnet_ids`)."""
    resolved: dict[str, Any] = {}

    @pulumi.runtime.test
    def program() -> pulumi.Output:
        db = ManagedPostgres(name, cast(ManagedPostgresArgs, {**NETWORK, **args}))
        for who, group in (allow or {}).items():
            db.allow_from(who, group)
        outputs = {
            "endpoint": db.endpoint,
            "port": db.port,
            "reader_endpoints": db.reader_endpoints,
            "secret_arn": db.secret_arn,
            "security_group_id": db.security_group_id,
            "kms_key_arn": db.kms_key_arn,
            "identifier": db.identifier,
            "arn": db.arn,
            "resource_id": db.resource_id,
            "database_name": db.database_name,
            "username": db.username,
            "extension_statements": db.extension_statements,
            "secret_version_id": db.secret_version_id,
            "password": db.password,
            "url": db.url,
            "url_reference": db.secret_reference("url"),
            "password_reference": db.secret_reference("password"),
        }
        return pulumi.Output.all(**outputs).apply(resolved.update)

    program()
    assert resolved, "the ManagedPostgres outputs never resolved"
    return resolved


def mine(monitor: RecordingMonitor, type_: str) -> list[Registration]:
    """The registrations of `type_`, leaving out the key (and alias) of the exported log groups
    (`encrypt_logs`, tests/components/aws/test_log_encryption.py): the data key is what these tests see."""
    return [r for r in of_type(monitor, type_) if "-logs-key" not in r.name]


def one(monitor: RecordingMonitor, type_: str) -> Registration:
    (found,) = mine(monitor, type_)
    return found


def by_name(monitor: RecordingMonitor, type_: str) -> dict[str, Registration]:
    return {r.name: r for r in mine(monitor, type_)}


def primary(monitor: RecordingMonitor, name: str = "shop") -> Registration:
    return by_name(monitor, INSTANCE)[name]


def parameters(group: Registration) -> dict[str, tuple[str, str]]:
    """Parameter name -> (value, apply method)."""
    return {p["name"]: (p["value"], p["applyMethod"]) for p in group.inputs["parameters"]}


def regions(monitor: RecordingMonitor) -> dict[tuple[str, str], str | None]:
    """(type, name) -> the `region` input of every custom resource (None when it has none)."""
    return {
        (r.type, r.name): r.inputs.get("region")
        for r in monitor.registrations.values()
        if r.custom and "-logs-key" not in r.name
    }


def record_providers(monitor: RecordingMonitor, monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    """Resource name -> the explicit provider reference the SDK sent with its registration ("" if none)."""
    seen: dict[str, str] = {}
    original = monitor.mocks.new_resource

    def recording(args: Any) -> Any:
        seen[args.name] = args.provider or ""
        return original(args)

    monkeypatch.setattr(monitor.mocks, "new_resource", recording)
    return seen


def test_primary_has_secure_defaults(monitor: RecordingMonitor) -> None:
    out = build({})
    db = primary(monitor)
    key = one(monitor, KEY)
    inputs = db.inputs
    assert inputs["identifier"] == "shop-db" and out["identifier"] == "shop-db"
    assert inputs["engine"] == "postgres" and inputs["engineVersion"] == "16"
    assert inputs["allowMajorVersionUpgrade"] is True and inputs["autoMinorVersionUpgrade"] is True
    assert inputs["instanceClass"] == "db.t4g.small"
    assert inputs["allocatedStorage"] == 20 and inputs["maxAllocatedStorage"] == 40
    assert inputs["storageType"] == "gp3" and inputs["storageEncrypted"] is True
    assert inputs["kmsKeyId"] == key.state["arn"] == out["kms_key_arn"]
    # The stack generates the password (RDS-managed passwords rotate under services and forbid replicas).
    assert inputs["password"] == "[secret]"
    assert "manageMasterUserPassword" not in inputs and "masterUserSecretKmsKeyId" not in inputs
    assert inputs["username"] == "app" and inputs["dbName"] == "shop"
    assert inputs["multiAz"] is True
    assert inputs["publiclyAccessible"] is False
    assert inputs["port"] == 5432
    assert inputs["iamDatabaseAuthenticationEnabled"] is True
    assert inputs["performanceInsightsEnabled"] is True
    assert inputs["performanceInsightsKmsKeyId"] == key.state["arn"]
    assert inputs["performanceInsightsRetentionPeriod"] == 7
    assert inputs["backupRetentionPeriod"] == 14
    assert inputs["backupWindow"] == "03:00-04:00"
    assert inputs["maintenanceWindow"] == "sun:04:30-sun:05:30"
    assert inputs["deletionProtection"] is True
    assert inputs["skipFinalSnapshot"] is False and inputs["finalSnapshotIdentifier"] == "shop-db-final"
    assert inputs["deleteAutomatedBackups"] is False
    assert inputs["copyTagsToSnapshot"] is True
    assert inputs["applyImmediately"] is False
    assert inputs["enabledCloudwatchLogsExports"] == ["postgresql", "upgrade"]
    assert inputs["monitoringInterval"] == 60
    assert key.inputs["enableKeyRotation"] is True
    assert one(monitor, ALIAS).inputs["name"] == "alias/shop-db"


def test_same_region_resources_carry_no_region(monitor: RecordingMonitor) -> None:
    build({"read_replicas": 2}, allow={"api": "sg-0123456789abcdef0"})
    assert of_type(monitor, PROVIDER) == []
    found = regions(monitor)
    assert len(found) > 10 and all(region is None for region in found.values()), found


def test_final_snapshot_identifier_is_stable_and_valid(monitor: RecordingMonitor) -> None:
    build({}, name="Shop_Prod.EU")
    snapshot = primary(monitor, "Shop_Prod.EU").inputs["finalSnapshotIdentifier"]
    assert snapshot == "shop-prod-eu-db-final" and RDS_NAME.match(snapshot)


def test_enhanced_monitoring_role_is_trusted_by_rds_monitoring(monitor: RecordingMonitor) -> None:
    build({})
    role = one(monitor, ROLE)
    policy = json.loads(role.inputs["assumeRolePolicy"])
    (statement,) = policy["Statement"]
    assert statement["Principal"] == {"Service": "monitoring.rds.amazonaws.com"}
    assert statement["Action"] == "sts:AssumeRole" and statement["Effect"] == "Allow"
    attachment = one(monitor, ATTACHMENT)
    assert attachment.inputs["role"] == role.state["name"]
    assert (
        attachment.inputs["policyArn"]
        == "arn:aws:iam::aws:policy/service-role/AmazonRDSEnhancedMonitoringRole"
    )
    assert primary(monitor).inputs["monitoringRoleArn"] == role.state["arn"]


def test_monitoring_off_creates_no_role(monitor: RecordingMonitor) -> None:
    build({"monitoring_interval": 0})
    assert of_type(monitor, ROLE) == [] and of_type(monitor, ATTACHMENT) == []
    inputs = primary(monitor).inputs
    assert inputs["monitoringInterval"] == 0 and "monitoringRoleArn" not in inputs


def test_exported_logs_go_to_log_groups_with_retention(monitor: RecordingMonitor) -> None:
    build({"log_retention_days": 90})
    groups = {g.inputs["name"]: g for g in of_type(monitor, LOG_GROUP)}
    assert set(groups) == {"/aws/rds/instance/shop-db/postgresql", "/aws/rds/instance/shop-db/upgrade"}
    assert all(g.inputs["retentionInDays"] == 90 for g in groups.values())


def test_log_groups_keep_30_days_by_default(monitor: RecordingMonitor) -> None:
    build({})
    assert [g.inputs["retentionInDays"] for g in of_type(monitor, LOG_GROUP)] == [30, 30]


def test_network_is_private_with_an_empty_security_group(monitor: RecordingMonitor) -> None:
    out = build({})
    subnet_group = one(monitor, SUBNET_GROUP)
    assert subnet_group.inputs["subnetIds"] == SUBNET_IDS
    group = one(monitor, SECURITY_GROUP)
    assert group.inputs["vpcId"] == VPC_ID and group.inputs["description"]
    assert "ingress" not in group.inputs and "egress" not in group.inputs
    assert of_type(monitor, INGRESS) == [] and of_type(monitor, EGRESS) == []
    inputs = primary(monitor).inputs
    assert inputs["dbSubnetGroupName"] == subnet_group.state["name"]
    assert inputs["vpcSecurityGroupIds"] == [group.id] and out["security_group_id"] == group.id


def test_nothing_is_open_to_the_world(monitor: RecordingMonitor) -> None:
    build(
        {"read_replicas": 2, "cross_region_replica": "us-west-2", "backup_replication_region": "eu-west-1"},
        allow={"api": "sg-0123456789abcdef0"},
    )
    everything = json.dumps([r.inputs for r in monitor.registrations.values()])
    assert "0.0.0.0/0" not in everything and "::/0" not in everything
    assert all(r.inputs.get("publiclyAccessible") is False for r in of_type(monitor, INSTANCE))


def test_allow_from_adds_one_security_group_rule_on_the_port(monitor: RecordingMonitor) -> None:
    out = build({}, allow={"api": "sg-0123456789abcdef0"})
    rule = one(monitor, INGRESS)
    assert rule.name == "shop-from-api"
    assert rule.inputs["securityGroupId"] == out["security_group_id"]
    assert rule.inputs["referencedSecurityGroupId"] == "sg-0123456789abcdef0"
    assert rule.inputs["ipProtocol"] == "tcp"
    assert rule.inputs["fromPort"] == 5432 and rule.inputs["toPort"] == 5432
    assert "api" in rule.inputs["description"]
    assert not {"cidrIpv4", "cidrIpv6", "prefixListId"} & set(rule.inputs)


def test_allow_from_uses_a_custom_port(monitor: RecordingMonitor) -> None:
    build({"port": 6432}, allow={"worker": "sg-0fedcba9876543210"})
    rule = one(monitor, INGRESS)
    assert rule.inputs["fromPort"] == 6432 and rule.inputs["toPort"] == 6432
    assert primary(monitor).inputs["port"] == 6432


def test_allow_from_rejects_a_repeated_or_bad_name(monitor: RecordingMonitor) -> None:
    errors: list[str] = []

    @pulumi.runtime.test
    def program() -> None:
        db = ManagedPostgres("shop", NETWORK)
        db.allow_from("api", "sg-0123456789abcdef0")
        for name in ("api", "", "no spaces"):
            with pytest.raises(ValueError, match="ManagedPostgres allow_from name") as caught:
                db.allow_from(name, "sg-0fedcba9876543210")
            errors.append(str(caught.value))

    program()
    assert len(errors) == 3 and "already used" in errors[0]
    assert len(of_type(monitor, INGRESS)) == 1


def test_parameter_group_per_major_version_forces_tls_and_logs(monitor: RecordingMonitor) -> None:
    build({})
    group = one(monitor, PARAMETER_GROUP)
    assert group.name == "shop-pg16" and group.inputs["family"] == "postgres16"
    assert group.inputs["namePrefix"] == "shop-pg16-"
    assert parameters(group) == {
        "rds.force_ssl": ("1", "immediate"),
        "log_min_duration_statement": ("1000", "immediate"),
        "log_statement": ("ddl", "immediate"),
    }
    assert primary(monitor).inputs["parameterGroupName"] == group.state["name"]


def test_a_major_upgrade_gets_a_new_parameter_group(monitor: RecordingMonitor) -> None:
    build({"engine_version": "17"})
    group = one(monitor, PARAMETER_GROUP)
    assert group.name == "shop-pg17" and group.inputs["family"] == "postgres17"
    assert primary(monitor).inputs["engineVersion"] == "17"


def test_user_parameters_merge_and_preload_libraries_wait_for_a_reboot(monitor: RecordingMonitor) -> None:
    build(
        {
            "parameters": {"log_statement": "all", "shared_preload_libraries": "pg_cron", "work_mem": "8192"},
            "extensions": ["pg_stat_statements", "pgvector"],
        }
    )
    found = parameters(one(monitor, PARAMETER_GROUP))
    assert found["rds.force_ssl"] == ("1", "immediate")
    assert found["log_statement"] == ("all", "immediate")
    assert found["log_min_duration_statement"] == ("1000", "immediate")
    assert found["work_mem"] == ("8192", "immediate")
    assert found["shared_preload_libraries"] == ("pg_cron,pg_stat_statements", "pending-reboot")


def test_extensions_come_out_as_statements(monitor: RecordingMonitor) -> None:
    out = build({"extensions": ["pgvector", "postgis", "uuid-ossp", "pg_trgm", "pg_stat_statements"]})
    assert out["extension_statements"] == [
        "CREATE EXTENSION IF NOT EXISTS vector;",
        "CREATE EXTENSION IF NOT EXISTS postgis;",
        'CREATE EXTENSION IF NOT EXISTS "uuid-ossp";',
        "CREATE EXTENSION IF NOT EXISTS pg_trgm;",
        "CREATE EXTENSION IF NOT EXISTS pg_stat_statements;",
    ]
    assert parameters(one(monitor, PARAMETER_GROUP))["shared_preload_libraries"][0] == "pg_stat_statements"


def test_no_extensions_no_statements_and_no_preload(monitor: RecordingMonitor) -> None:
    out = build({"extensions": ["postgis"]})
    assert out["extension_statements"] == ["CREATE EXTENSION IF NOT EXISTS postgis;"]
    assert "shared_preload_libraries" not in parameters(one(monitor, PARAMETER_GROUP))


def test_protect_is_on_the_primary_and_the_key_only(monitor: RecordingMonitor) -> None:
    build({"read_replicas": 1}, allow={"api": "sg-0123456789abcdef0"})
    protected = {(r.type, r.name) for r in monitor.registrations.values() if r.protect}
    assert protected == {(INSTANCE, "shop"), (KEY, "shop-db-key")}
    assert not any(r.retain_on_delete for r in monitor.registrations.values())


def test_protect_off_protects_nothing(monitor: RecordingMonitor) -> None:
    build({"protect": False})
    assert not any(r.protect for r in monitor.registrations.values())


def test_knobs_reach_the_instance(monitor: RecordingMonitor) -> None:
    build(
        {
            "engine_version": "15",
            "instance_class": "db.r7g.2xlarge",
            "allocated_storage_gb": 100,
            "max_allocated_storage_gb": 500,
            "multi_az": False,
            "backup_retention_days": 3,
            "backup_window": "22:30-23:30",
            "maintenance_window": "Mon:01:00-Mon:02:00",
            "deletion_protection": False,
            "final_snapshot": False,
            "iam_authentication": False,
            "performance_insights": False,
            "monitoring_interval": 15,
            "apply_immediately": True,
            "database_name": "orders",
            "username": "shop_owner",
        }
    )
    inputs = primary(monitor).inputs
    assert inputs["engineVersion"] == "15" and inputs["instanceClass"] == "db.r7g.2xlarge"
    assert inputs["allocatedStorage"] == 100 and inputs["maxAllocatedStorage"] == 500
    assert inputs["multiAz"] is False and inputs["backupRetentionPeriod"] == 3
    assert inputs["backupWindow"] == "22:30-23:30" and inputs["maintenanceWindow"] == "mon:01:00-mon:02:00"
    assert inputs["deletionProtection"] is False and inputs["skipFinalSnapshot"] is True
    assert inputs["iamDatabaseAuthenticationEnabled"] is False
    assert inputs["performanceInsightsEnabled"] is False
    assert "performanceInsightsKmsKeyId" not in inputs and "performanceInsightsRetentionPeriod" not in inputs
    assert inputs["monitoringInterval"] == 15 and inputs["applyImmediately"] is True
    assert inputs["dbName"] == "orders" and inputs["username"] == "shop_owner"
    assert one(monitor, PARAMETER_GROUP).inputs["family"] == "postgres15"


def test_a_ceiling_equal_to_the_allocation_turns_autoscaling_off(monitor: RecordingMonitor) -> None:
    build({"allocated_storage_gb": 50, "max_allocated_storage_gb": 50})
    assert primary(monitor).inputs["maxAllocatedStorage"] == 0


def test_a_given_kms_key_is_used_and_no_key_is_created(monitor: RecordingMonitor) -> None:
    arn = "arn:aws:kms:us-east-1:123456789012:key/11111111-2222-3333-4444-555555555555"
    out = build({"kms_key_arn": arn})
    assert mine(monitor, KEY) == [] and mine(monitor, ALIAS) == []
    inputs = primary(monitor).inputs
    assert inputs["kmsKeyId"] == arn and one(monitor, SECRET).inputs["kmsKeyId"] == arn
    assert inputs["performanceInsightsKmsKeyId"] == arn and out["kms_key_arn"] == arn


@pytest.mark.parametrize(
    ("name", "expected"), [("my-shop", "my_shop"), ("9lives", "db_9lives"), ("Shop.Prod", "shop_prod")]
)
def test_database_name_is_derived_from_the_name(monitor: RecordingMonitor, name: str, expected: str) -> None:
    out = build({}, name=name)
    assert primary(monitor, name).inputs["dbName"] == expected == out["database_name"]


def test_outputs_resolve(monitor: RecordingMonitor) -> None:
    out = build({})
    db = primary(monitor)
    assert out["endpoint"] == db.state["address"] and out["endpoint"].startswith("shop-db.")
    assert out["port"] == 5432
    secret, version = one(monitor, SECRET), one(monitor, SECRET_VERSION)
    assert out["secret_arn"] == secret.state["arn"]
    assert out["secret_arn"].startswith(
        "arn:aws:secretsmanager:us-east-1:123456789012:secret:shop/db-credentials-"
    )
    assert out["secret_version_id"] == version.state["versionId"] != ""
    assert out["security_group_id"] == one(monitor, SECURITY_GROUP).id
    assert out["kms_key_arn"] == one(monitor, KEY).state["arn"]
    assert out["identifier"] == "shop-db" and out["arn"] == db.state["arn"]
    assert out["resource_id"] == db.state["resourceId"]
    assert out["reader_endpoints"] == [] and out["extension_statements"] == []
    assert out["database_name"] == "shop" and out["username"] == "app"


def test_replicas_follow_the_primarys_deletion_protection(monitor: RecordingMonitor) -> None:
    build({"read_replicas": 1, "cross_region_replica": "us-west-2", "deletion_protection": False})
    instances = by_name(monitor, INSTANCE)
    assert {n: i.inputs["deletionProtection"] for n, i in instances.items()} == {
        "shop": False,
        "shop-replica-1": False,
        "shop-replica-us-west-2": False,
    }


def test_read_replicas_follow_the_primary(monitor: RecordingMonitor) -> None:
    out = build({"read_replicas": 2, "performance_insights": True})
    instances = by_name(monitor, INSTANCE)
    main, key = instances["shop"], one(monitor, KEY)
    replicas = [instances["shop-replica-1"], instances["shop-replica-2"]]
    assert [r.inputs["identifier"] for r in replicas] == ["shop-db-replica-1", "shop-db-replica-2"]
    for replica in replicas:
        inputs = replica.inputs
        assert inputs["replicateSourceDb"] == main.state["arn"]
        assert inputs["instanceClass"] == main.inputs["instanceClass"]
        assert inputs["vpcSecurityGroupIds"] == main.inputs["vpcSecurityGroupIds"]
        assert inputs["dbSubnetGroupName"] == main.inputs["dbSubnetGroupName"]
        assert inputs["parameterGroupName"] == main.inputs["parameterGroupName"]
        assert inputs["storageEncrypted"] is True and inputs["kmsKeyId"] == key.state["arn"]
        assert inputs["performanceInsightsEnabled"] is True
        assert inputs["performanceInsightsKmsKeyId"] == key.state["arn"]
        assert inputs["publiclyAccessible"] is False and inputs["skipFinalSnapshot"] is True
        assert inputs["deletionProtection"] is True  # like the primary (issue #18)
        assert inputs["enabledCloudwatchLogsExports"] == ["postgresql", "upgrade"]
        assert not {"username", "dbName", "password", "manageMasterUserPassword"} & set(inputs)
        assert replica.protect is False
    assert out["reader_endpoints"] == [r.state["address"] for r in replicas]
    log_names = {g.inputs["name"] for g in of_type(monitor, LOG_GROUP)}
    assert "/aws/rds/instance/shop-db-replica-2/postgresql" in log_names


def test_adding_a_replica_renames_nothing(monitor: RecordingMonitor) -> None:
    def plan(replicas: int) -> dict[str, str]:
        monitor.registrations.clear()
        monitor.resources.clear()
        build({"read_replicas": replicas})
        return {r.urn: r.inputs["identifier"] for r in of_type(monitor, INSTANCE)}

    one_replica, two_replicas = plan(1), plan(2)
    assert len(one_replica) == 2 and len(two_replicas) == 3
    assert one_replica.items() <= two_replicas.items()
    assert sorted(one_replica.values()) == ["shop-db", "shop-db-replica-1"]


def test_cross_region_replica_uses_a_key_in_that_region_and_the_stacks_provider(
    monitor: RecordingMonitor, monkeypatch: pytest.MonkeyPatch
) -> None:
    providers = record_providers(monitor, monkeypatch)
    out = build({"cross_region_replica": "us-west-2", "cross_region_subnet_group_name": "dr-data"})
    assert of_type(monitor, PROVIDER) == []
    instances = by_name(monitor, INSTANCE)
    replica = instances["shop-replica-us-west-2"]
    keys = by_name(monitor, KEY)
    region_key = keys["shop-db-key-us-west-2"]
    inputs = replica.inputs
    assert inputs["identifier"] == "shop-db-replica-us-west-2"
    assert inputs["replicateSourceDb"] == instances["shop"].state["arn"]
    assert inputs["kmsKeyId"] == region_key.state["arn"] != keys["shop-db-key"].state["arn"]
    assert inputs["performanceInsightsKmsKeyId"] == region_key.state["arn"]
    assert inputs["storageEncrypted"] is True and inputs["publiclyAccessible"] is False
    assert inputs["dbSubnetGroupName"] == "dr-data"
    region_group = by_name(monitor, PARAMETER_GROUP)["shop-pg16-us-west-2"]
    assert inputs["parameterGroupName"] == region_group.state["name"]
    assert parameters(region_group)["rds.force_ssl"] == ("1", "immediate")
    # Everything of the replica is placed in us-west-2 by its own `region` argument ...
    region_alias = by_name(monitor, ALIAS)["shop-db-key-us-west-2"]
    assert region_alias.inputs["name"] == "alias/shop-db"
    assert region_alias.inputs["targetKeyId"] == region_key.state["keyId"]
    region_logs = [g for g in of_type(monitor, LOG_GROUP) if "shop-db-replica-us-west-2" in g.inputs["name"]]
    assert len(region_logs) == 2
    for resource in (replica, region_key, region_alias, region_group, *region_logs):
        assert resource.inputs["region"] == "us-west-2", resource.name
    # ... the rest stays in the stack's region, and all of it goes through the stack's default provider.
    assert {k for k, region in regions(monitor).items() if region is not None} == {
        (r.type, r.name) for r in (replica, region_key, region_alias, region_group, *region_logs)
    }
    assert "region" not in instances["shop"].inputs and "region" not in keys["shop-db-key"].inputs
    for resource in ("shop-replica-us-west-2", "shop-db-key-us-west-2", "shop-pg16-us-west-2"):
        assert providers[resource] == "", resource
    assert providers["shop"] == "" and providers["shop-db-key"] == ""
    assert all(reference == "" for reference in providers.values()), providers
    assert by_name(monitor, KEY)["shop-db-key-us-west-2"].protect is True
    assert out["reader_endpoints"] == []  # the other region's replica is for disaster recovery, not reads


def test_cross_region_replica_defaults_to_that_regions_default_vpc(monitor: RecordingMonitor) -> None:
    build({"cross_region_replica": "eu-central-1"})
    inputs = by_name(monitor, INSTANCE)["shop-replica-eu-central-1"].inputs
    assert "dbSubnetGroupName" not in inputs and "vpcSecurityGroupIds" not in inputs


def test_backups_are_copied_to_another_region(
    monitor: RecordingMonitor, monkeypatch: pytest.MonkeyPatch
) -> None:
    providers = record_providers(monitor, monkeypatch)
    build({"backup_replication_region": "eu-west-1", "backup_retention_days": 21})
    assert of_type(monitor, PROVIDER) == []
    copy = one(monitor, BACKUP_COPY)
    region_key = by_name(monitor, KEY)["shop-db-key-eu-west-1"]
    assert copy.inputs["sourceDbInstanceArn"] == primary(monitor).state["arn"]
    assert copy.inputs["retentionPeriod"] == 21
    assert copy.inputs["kmsKeyId"] == region_key.state["arn"]
    assert copy.inputs["region"] == "eu-west-1" and region_key.inputs["region"] == "eu-west-1"
    assert by_name(monitor, ALIAS)["shop-db-key-eu-west-1"].inputs["region"] == "eu-west-1"
    assert {name for (_, name), region in regions(monitor).items() if region is not None} == {
        "shop-backups-eu-west-1",
        "shop-db-key-eu-west-1",
    }
    assert providers[copy.name] == ""


def test_one_key_per_other_region_and_no_provider(monitor: RecordingMonitor) -> None:
    build({"cross_region_replica": "us-west-2", "backup_replication_region": "us-west-2"})
    assert of_type(monitor, PROVIDER) == [] and len(mine(monitor, KEY)) == 2
    copy = one(monitor, BACKUP_COPY)
    assert copy.inputs["kmsKeyId"] == by_name(monitor, KEY)["shop-db-key-us-west-2"].state["arn"]
    assert copy.inputs["region"] == "us-west-2"


def test_two_other_regions_each_get_their_own_key(monitor: RecordingMonitor) -> None:
    build({"cross_region_replica": "us-west-2", "backup_replication_region": "eu-west-1"})
    assert of_type(monitor, PROVIDER) == []
    keys = by_name(monitor, KEY)
    assert set(keys) == {"shop-db-key", "shop-db-key-us-west-2", "shop-db-key-eu-west-1"}
    assert {name: k.inputs.get("region") for name, k in keys.items()} == {
        "shop-db-key": None,
        "shop-db-key-us-west-2": "us-west-2",
        "shop-db-key-eu-west-1": "eu-west-1",
    }
    assert by_name(monitor, INSTANCE)["shop-replica-us-west-2"].inputs["region"] == "us-west-2"
    assert one(monitor, BACKUP_COPY).inputs["region"] == "eu-west-1"


def test_every_child_is_parented_to_the_component(monitor: RecordingMonitor) -> None:
    build({"read_replicas": 1, "cross_region_replica": "us-west-2"}, allow={"api": "sg-0123456789abcdef0"})
    component = one(monitor, COMPONENT)
    assert component.urn == f"urn:pulumi:test::stackyard::{COMPONENT}::shop"
    children = [r for r in monitor.registrations.values() if r.custom]
    assert children and all(r.parent == component.urn for r in children)


def test_tags_reach_every_taggable_resource(monitor: RecordingMonitor) -> None:
    build(
        {
            "tags": {"team": "data"},
            "read_replicas": 1,
            "cross_region_replica": "us-west-2",
            "backup_replication_region": "eu-west-1",
        },
        allow={"api": "sg-0123456789abcdef0"},
    )
    untaggable = {PROVIDER, ALIAS, ATTACHMENT, BACKUP_COPY, PASSWORD, SECRET_VERSION}
    tagged = [r for r in monitor.registrations.values() if r.custom and r.type not in untaggable]
    assert {r.type for r in tagged} >= {INSTANCE, KEY, PARAMETER_GROUP, SUBNET_GROUP, SECURITY_GROUP, INGRESS}
    assert all(r.inputs["tags"]["team"] == "data" and r.inputs["tags"]["Name"] for r in tagged)


def test_physical_names_fit_the_limits_with_a_40_character_name(monitor: RecordingMonitor) -> None:
    name = "propflow-production-eu-central-analytics"
    assert len(name) == 40
    build(
        {
            "read_replicas": 5,
            "cross_region_replica": "ap-southeast-2",
            "backup_replication_region": "us-west-2",
        },
        name=name,
        allow={"api": "sg-0123456789abcdef0"},
    )
    instances = of_type(monitor, INSTANCE)
    identifiers = [r.inputs["identifier"] for r in instances]
    assert len(identifiers) == 7 and len(set(identifiers)) == 7
    for identifier in identifiers:
        assert len(identifier) <= 63 and RDS_NAME.match(identifier), identifier
    snapshot = primary(monitor, name).inputs["finalSnapshotIdentifier"]
    assert len(snapshot) <= 255 and RDS_NAME.match(snapshot)
    assert len(primary(monitor, name).inputs["dbName"]) <= 63
    for group in of_type(monitor, PARAMETER_GROUP):
        assert len(group.state["name"]) <= 255 and RDS_NAME.match(group.state["name"])
    subnet_group = one(monitor, SUBNET_GROUP).state["name"]
    assert len(subnet_group) <= 255 and re.match(r"^[a-z0-9 ._-]+$", subnet_group)
    assert len(one(monitor, ROLE).state["name"]) <= 64
    assert len(one(monitor, SECURITY_GROUP).state["name"]) <= 255
    assert all(len(a.inputs["name"]) <= 256 for a in of_type(monitor, ALIAS))
    assert all(len(g.inputs["name"]) <= 512 for g in of_type(monitor, LOG_GROUP))


def test_longer_names_are_shortened_but_stay_distinct(monitor: RecordingMonitor) -> None:
    name = "a-very-long-application-name-that-goes-on-and-on-past-the-rds-limit"
    build({"read_replicas": 2}, name=name)
    identifiers = sorted(r.inputs["identifier"] for r in of_type(monitor, INSTANCE))
    assert len(set(identifiers)) == 3
    assert all(len(i) <= 63 and RDS_NAME.match(i) for i in identifiers)
    assert len(one(monitor, ROLE).state["name"]) <= 64


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ({"vpc_id": ""}, "ManagedPostgres vpc_id is required"),
        ({"subnet_ids": []}, "ManagedPostgres subnet_ids is required"),
        ({"subnet_ids": ["subnet-a"]}, r"ManagedPostgres subnet_ids \['subnet-a'\] is not allowed"),
        ({"engine_version": "12"}, "ManagedPostgres engine_version '12' is not allowed; use one of 13, 14"),
        ({"engine_version": "16.4"}, "ManagedPostgres engine_version '16.4' is not allowed"),
        (
            {"instance_class": "db.m5.large"},
            r"ManagedPostgres instance_class 'db.m5.large' is not allowed; use db.t3 or db.t4g",
        ),
        ({"instance_class": "db.r7g.micro"}, "db.m6g or db.m7g or db.r6g or db.r7g"),
        (
            {"allocated_storage_gb": 10},
            "ManagedPostgres allocated_storage_gb 10 is not allowed; use 20 to 65536",
        ),
        ({"allocated_storage_gb": 70000}, "allocated_storage_gb 70000 is not allowed"),
        (
            {"allocated_storage_gb": 100, "max_allocated_storage_gb": 50},
            "ManagedPostgres max_allocated_storage_gb 50 is not allowed; use 100 to 65536",
        ),
        ({"read_replicas": 6}, "ManagedPostgres read_replicas 6 is not allowed; use 0 to 5"),
        ({"read_replicas": -1}, "read_replicas -1 is not allowed"),
        ({"backup_retention_days": 0}, "ManagedPostgres backup_retention_days 0 is not allowed; use 1 to 35"),
        ({"backup_retention_days": 36}, "backup_retention_days 36 is not allowed"),
        ({"backup_window": "3-4"}, "ManagedPostgres backup_window '3-4' is not allowed; use hh:mm-hh:mm"),
        ({"backup_window": "03:00-03:15"}, "at least 30 minutes"),
        ({"maintenance_window": "sunday"}, "ManagedPostgres maintenance_window 'sunday' is not allowed"),
        ({"maintenance_window": "sun:04:30-sun:04:40"}, "at least 30 minutes"),
        ({"maintenance_window": "wed:03:30-wed:04:30"}, "does not overlap backup_window"),
        (
            {"backup_window": "23:30-00:30", "maintenance_window": "tue:00:00-tue:01:00"},
            "does not overlap backup_window",
        ),
        (
            {"parameters": {"rds.force_ssl": "0"}},
            "ManagedPostgres parameters rds.force_ssl '0' is not allowed",
        ),
        (
            {"extensions": ["timescaledb"]},
            "ManagedPostgres extensions 'timescaledb' is not allowed; use one of",
        ),
        ({"database_name": "1shop"}, "ManagedPostgres database_name '1shop' is not allowed"),
        ({"database_name": "template1"}, "database_name 'template1' is not allowed"),
        ({"database_name": "x" * 64}, "is not allowed"),
        ({"username": "postgres"}, "ManagedPostgres username 'postgres' is not allowed"),
        ({"username": "admin"}, "username 'admin' is not allowed"),
        ({"username": "rdsadmin"}, "username 'rdsadmin' is not allowed"),
        ({"username": "pg_app"}, "username 'pg_app' is not allowed"),
        ({"username": "app-user"}, "username 'app-user' is not allowed"),
        (
            {"monitoring_interval": 45},
            "ManagedPostgres monitoring_interval 45 is not allowed; use one of 0, 1",
        ),
        ({"log_retention_days": 31}, "ManagedPostgres log_retention_days 31 is not allowed"),
        ({"port": 80}, "ManagedPostgres port 80 is not allowed; use 1150 to 65535"),
        ({"multi_az": "yes"}, "ManagedPostgres multi_az 'yes' is not allowed; use True or False"),
        ({"protect": 1}, "ManagedPostgres protect 1 is not allowed; use True or False"),
        ({"cross_region_replica": "mars-1"}, "ManagedPostgres cross_region_replica 'mars-1' is not allowed"),
        ({"backup_replication_region": "US-EAST-1"}, "backup_replication_region 'US-EAST-1' is not allowed"),
        ({"cross_region_subnet_group_name": "dr"}, "not allowed without cross_region_replica"),
        ({"tags": {"team": 1}}, "ManagedPostgres tags"),
    ],
)
def test_bad_arguments_raise_clear_errors(
    monitor: RecordingMonitor, args: dict[str, Any], message: str
) -> None:
    with pytest.raises(ValueError, match=message):
        ManagedPostgres("bad", cast(ManagedPostgresArgs, {**NETWORK, **args}))
    assert monitor.registrations == {}  # checked before anything is registered, the component included


def test_missing_network_is_rejected(monitor: RecordingMonitor) -> None:
    with pytest.raises(ValueError, match="ManagedPostgres vpc_id is required"):
        ManagedPostgres("bad", cast(ManagedPostgresArgs, {"subnet_ids": SUBNET_IDS}))
    with pytest.raises(ValueError, match="ManagedPostgres subnet_ids is required"):
        ManagedPostgres("bad", cast(ManagedPostgresArgs, {"vpc_id": VPC_ID}))
    assert monitor.registrations == {}


def test_docstring_example_runs(monitor: RecordingMonitor) -> None:
    run_docstring_example(ManagedPostgres)
    assert sorted(r.inputs["identifier"] for r in of_type(monitor, INSTANCE)) == [
        "shop-db",
        "shop-db-replica-1",
    ]
    assert one(monitor, INGRESS).inputs["referencedSecurityGroupId"] == "sg-0123456789abcdef0"
    assert parameters(one(monitor, PARAMETER_GROUP))["shared_preload_libraries"][0] == "pg_stat_statements"


# -- credentials -----------------------------------------------------------------------------------------


def test_the_generated_password_is_kept_with_a_ready_url_in_one_encrypted_secret(
    monitor: RecordingMonitor,
) -> None:
    out = build({"username": "shop_app", "database_name": "orders"})
    password, secret, version = one(monitor, PASSWORD), one(monitor, SECRET), one(monitor, SECRET_VERSION)
    assert password.inputs["length"] == 32 and password.inputs["special"] is False
    assert "keepers" not in password.inputs  # version 1: nothing that a later upgrade could change
    assert secret.inputs["kmsKeyId"] == one(monitor, KEY).state["arn"]
    assert secret.inputs["namePrefix"] == "shop/db-credentials-"
    assert version.inputs["secretId"] == secret.id
    assert version.inputs["secretString"] == "[secret]"  # never in plain text in the plan or state
    host = primary(monitor).state["address"]
    generated = password.state["result"]
    assert out["password"] == generated
    assert out["url"] == f"postgresql://shop_app:{generated}@{host}:5432/orders?sslmode=require"
    assert out["url_reference"] == f"{out['secret_arn']}:url::{out['secret_version_id']}"
    assert out["password_reference"] == f"{out['secret_arn']}:password::{out['secret_version_id']}"


def test_the_secret_holds_rds_format_and_url() -> None:
    """The JSON that reaches Secrets Manager: RDS's own keys (what AWS's rotation functions read) and url,
    the password URL-encoded in the URL only."""
    text = _credentials_json(
        {
            "host": "h.rds.amazonaws.com",
            "port": 5432,
            "username": "app",
            "password": "p@ss/w",
            "dbname": "shop",
            "identifier": "shop-db",
        }
    )
    values = json.loads(text)
    assert values == {
        "engine": "postgres",
        "host": "h.rds.amazonaws.com",
        "port": 5432,
        "username": "app",
        "password": "p@ss/w",
        "dbname": "shop",
        "dbInstanceIdentifier": "shop-db",
        "url": "postgresql://app:p%40ss%2Fw@h.rds.amazonaws.com:5432/shop?sslmode=require",
    }


def test_a_new_password_version_generates_a_new_password(monitor: RecordingMonitor) -> None:
    build({"password_version": 2})
    assert one(monitor, PASSWORD).inputs["keepers"] == {"password_version": "2"}


def test_rds_managed_password_is_an_explicit_opt_in_without_url(monitor: RecordingMonitor) -> None:
    out = build({"rds_managed_password": True})
    inputs, key = primary(monitor).inputs, one(monitor, KEY)
    assert inputs["manageMasterUserPassword"] is True and "password" not in inputs
    assert inputs["masterUserSecretKmsKeyId"] == key.state["arn"]
    assert of_type(monitor, PASSWORD) == [] and of_type(monitor, SECRET) == []
    assert out["secret_arn"] == primary(monitor).state["masterUserSecrets"][0]["secretArn"]
    assert out["secret_arn"].startswith("arn:aws:secretsmanager:us-east-1:123456789012:secret:rds!db-")
    assert out["url"] == "" and out["secret_version_id"] == ""
    assert out["password_reference"] == f"{out['secret_arn']}:password::"


@pytest.mark.parametrize(
    "args",
    [
        {"rds_managed_password": True, "read_replicas": 1},
        {"rds_managed_password": True, "cross_region_replica": "us-west-2"},
    ],
)
def test_rds_managed_password_with_replicas_is_refused_before_anything_exists(
    monitor: RecordingMonitor, args: dict[str, Any]
) -> None:
    with pytest.raises(ValueError, match="rds_managed_password is not allowed: RDS refuses read replicas"):
        ManagedPostgres("shop", cast(ManagedPostgresArgs, {**NETWORK, **args}))
    assert monitor.registrations == {}


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            {"rds_managed_password": "yes"},
            "rds_managed_password 'yes' is not allowed; use True or False",
        ),
        ({"password_version": 0}, "password_version 0 is not allowed; use 1 or more"),
        (
            {"rds_managed_password": True, "password_version": 2},
            "password_version is not allowed with rds_managed_password",
        ),
    ],
)
def test_bad_credential_arguments_are_refused(
    monitor: RecordingMonitor, args: dict[str, Any], message: str
) -> None:
    with pytest.raises(ValueError, match=re.escape(message)):
        ManagedPostgres("shop", cast(ManagedPostgresArgs, {**NETWORK, **args}))
    assert monitor.registrations == {}


def test_secret_reference_names_only_keys_the_secret_has(monitor: RecordingMonitor) -> None:
    @pulumi.runtime.test
    def program() -> None:
        db = ManagedPostgres("shop", cast(ManagedPostgresArgs, NETWORK))
        with pytest.raises(ValueError, match="secret_reference 'pass' is not allowed"):
            db.secret_reference("pass")

    program()
