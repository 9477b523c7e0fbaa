"""The AWS network and data tier as the root stacks build them: secure by default, HA in prod, cheap in
staging, and stable when the config grows."""

from __future__ import annotations

import json
import re

import pytest

from stacks.mocks import SECRET_MASK, Registration
from stacks.plan import Plan
from tests.conftest import plan_of

RDS = "aws:rds/instance:Instance"
REDIS = "aws:elasticache/replicationGroup:ReplicationGroup"
NAT = "aws:ec2/natGateway:NatGateway"
SUBNET = "aws:ec2/subnet:Subnet"
KMS = "aws:kms/key:Key"
OPEN = {"0.0.0.0/0", "::/0"}
LONG_NAME = "a" + "b" * 38 + "c"  # 40 characters, the longest app name allowed


@pytest.fixture(scope="module")
def prod() -> Plan:
    return plan_of("Pulumi.prod.yaml")


@pytest.fixture(scope="module")
def staging() -> Plan:
    return plan_of("Pulumi.staging.yaml")


def primary(plan: Plan) -> Registration:
    (found,) = [r for r in plan.of_type(RDS) if not r.inputs.get("replicateSourceDb")]
    return found


def key_arns(plan: Plan) -> set[str]:
    return {k.state["arn"] for k in plan.of_type(KMS)}


def test_prod_database_is_encrypted_multi_az_protected_and_backed_up(prod: Plan) -> None:
    db = primary(prod)
    i = db.inputs
    assert i["storageEncrypted"] is True and i["kmsKeyId"] in key_arns(prod)
    assert i["multiAz"] is True and i["deletionProtection"] is True
    assert i["backupRetentionPeriod"] >= 14
    assert i["publiclyAccessible"] is False
    # The stack's generated password, never RDS's (which rotates under the services and forbids replicas).
    assert i["password"] == SECRET_MASK and "manageMasterUserPassword" not in i
    assert i["iamDatabaseAuthenticationEnabled"] is True
    assert i["performanceInsightsEnabled"] is True
    assert {"postgresql", "upgrade"} <= set(i["enabledCloudwatchLogsExports"])
    assert i["skipFinalSnapshot"] is False and i["finalSnapshotIdentifier"]
    assert db.protect is True
    assert prod.outputs["databaseSecretArn"].startswith("arn:aws:secretsmanager:")


def test_prod_database_forces_tls_through_its_parameter_group(prod: Plan) -> None:
    (group,) = prod.of_type("aws:rds/parameterGroup:ParameterGroup")
    assert group.inputs["family"] == "postgres16"
    assert {"name": "rds.force_ssl", "value": "1"} in [
        {"name": p["name"], "value": p["value"]} for p in group.inputs["parameters"]
    ]
    assert primary(prod).inputs["parameterGroupName"] == group.state["name"]


def test_prod_database_lives_in_the_isolated_subnets_behind_its_own_group(prod: Plan) -> None:
    (subnet_group,) = prod.of_type("aws:rds/subnetGroup:SubnetGroup")
    assert sorted(subnet_group.inputs["subnetIds"]) == sorted(prod.outputs["isolatedSubnetIds"])
    db = primary(prod)
    assert db.inputs["dbSubnetGroupName"] == subnet_group.state["name"]
    assert db.inputs["vpcSecurityGroupIds"] == [prod.outputs["databaseSecurityGroupId"]]


def test_prod_cache_is_encrypted_authenticated_and_fails_over(prod: Plan) -> None:
    (cache,) = prod.of_type(REDIS)
    i = cache.inputs
    assert i["transitEncryptionEnabled"] is True and i["atRestEncryptionEnabled"] is True
    assert i["kmsKeyId"] in key_arns(prod)
    assert i["automaticFailoverEnabled"] is True and i["multiAzEnabled"] is True
    assert i["numCacheClusters"] >= 2
    assert i["authToken"] == SECRET_MASK
    assert i["snapshotRetentionLimit"] >= 1
    assert cache.protect is True
    (subnet_group,) = prod.of_type("aws:elasticache/subnetGroup:SubnetGroup")
    assert sorted(subnet_group.inputs["subnetIds"]) == sorted(prod.outputs["isolatedSubnetIds"])


def test_prod_network_has_flow_logs_a_closed_default_group_and_nat_per_zone(prod: Plan) -> None:
    (flow,) = prod.of_type("aws:ec2/flowLog:FlowLog")
    assert flow.inputs["vpcId"] == prod.outputs["vpcId"]
    (default,) = prod.of_type("aws:ec2/defaultSecurityGroup:DefaultSecurityGroup")
    assert default.inputs["ingress"] == [] and default.inputs["egress"] == []
    assert len(prod.of_type(NAT)) == len(prod.outputs["availabilityZones"]) == 3


@pytest.mark.parametrize("plan_name", ["prod", "staging"])
def test_every_bucket_is_private_and_encrypted(plan_name: str, request: pytest.FixtureRequest) -> None:
    plan: Plan = request.getfixturevalue(plan_name)
    buckets = plan.of_type("aws:s3/bucket:Bucket")
    assert buckets
    blocks = {
        b.inputs["bucket"]: b.inputs
        for b in plan.of_type("aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock")
    }
    encryption = {
        e.inputs["bucket"]: e.inputs
        for e in plan.of_type(
            "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration"
        )
    }
    for bucket in buckets:
        block = blocks[bucket.id]
        assert all(
            block[k] is True
            for k in ("blockPublicAcls", "blockPublicPolicy", "ignorePublicAcls", "restrictPublicBuckets")
        )
        rule = encryption[bucket.id]["rules"][0]["applyServerSideEncryptionByDefault"]
        assert rule["sseAlgorithm"] in ("aws:kms", "AES256")


@pytest.mark.parametrize("plan_name", ["prod", "staging"])
def test_no_security_group_rule_is_open_to_the_world(plan_name: str, request: pytest.FixtureRequest) -> None:
    """Only the public load balancer accepts traffic from the world (tested in test_aws_app.py); the data
    tier's groups have no rule to or from the world at all."""
    plan: Plan = request.getfixturevalue(plan_name)
    (alb,) = plan.of_type("aws:lb/loadBalancer:LoadBalancer")
    for rule in plan.of_type("aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule"):
        if rule.inputs.get("cidrIpv4") in OPEN or rule.inputs.get("cidrIpv6") in OPEN:
            assert rule.inputs["securityGroupId"] in alb.inputs["securityGroups"], rule.urn
    for group in plan.of_type("aws:ec2/securityGroup:SecurityGroup"):
        for rule in group.inputs.get("ingress", []):
            assert not OPEN & set(rule.get("cidrBlocks", []) + rule.get("ipv6CidrBlocks", [])), group.urn
    data_groups = {plan.outputs["databaseSecurityGroupId"], plan.outputs["cacheSecurityGroupId"]}
    for type_ in ("SecurityGroupIngressRule", "SecurityGroupEgressRule"):
        for rule in plan.of_type(f"aws:vpc/securityGroup{type_.removeprefix('SecurityGroup')}:{type_}"):
            if rule.inputs["securityGroupId"] in data_groups:
                assert rule.inputs.get("cidrIpv4") is None and rule.inputs.get("cidrIpv6") is None, rule.urn


def test_staging_is_single_az_unprotected_cheap_and_still_encrypted(staging: Plan) -> None:
    db = primary(staging)
    assert db.inputs["multiAz"] is False and db.inputs["deletionProtection"] is False and db.protect is False
    assert db.inputs["storageEncrypted"] is True
    assert len(staging.of_type(NAT)) <= 1
    (cache,) = staging.of_type(REDIS)
    assert (
        cache.inputs["transitEncryptionEnabled"] is True and cache.inputs["atRestEncryptionEnabled"] is True
    )


def test_staging_can_use_a_nat_instance_instead(staging: Plan) -> None:
    cheap = plan_of("Pulumi.staging.yaml", sets=("app.network.nat=ec2",))
    assert cheap.of_type(NAT) == [] and len(cheap.of_type("aws:ec2/instance:Instance")) == 1


def test_adding_a_read_replica_keeps_the_primary_and_subnets(prod: Plan) -> None:
    more = plan_of("Pulumi.prod.yaml", sets=("app.database.read_replicas=2",))
    assert (primary(more).urn, primary(more).inputs["identifier"]) == (
        primary(prod).urn,
        primary(prod).inputs["identifier"],
    )
    before = {r.urn: r.inputs["identifier"] for r in prod.of_type(RDS)}
    after = {r.urn: r.inputs["identifier"] for r in more.of_type(RDS)}
    assert len(after) == len(before) + 1 and {u: after[u] for u in before} == before
    assert {s.urn: s.inputs["cidrBlock"] for s in more.of_type(SUBNET)} == {
        s.urn: s.inputs["cidrBlock"] for s in prod.of_type(SUBNET)
    }


def test_adding_a_zone_keeps_subnets_and_the_primary_database(staging: Plan) -> None:
    grown = plan_of("Pulumi.staging.yaml", sets=("app.network.zones=3",))
    before = {s.urn: s.inputs["cidrBlock"] for s in staging.of_type(SUBNET)}
    after = {s.urn: s.inputs["cidrBlock"] for s in grown.of_type(SUBNET)}
    assert len(after) == len(before) + 3 and {u: after[u] for u in before} == before
    assert primary(grown).inputs["identifier"] == primary(staging).inputs["identifier"]


@pytest.mark.parametrize("stack", ["staging", "prod"])
def test_names_fit_provider_limits_for_a_40_character_app_name(stack: str) -> None:
    plan = plan_of(f"Pulumi.{stack}.yaml", sets=(f"app.name={LONG_NAME}",))
    for db in plan.of_type(RDS):
        identifier = db.inputs["identifier"]
        assert (
            len(identifier) <= 63
            and re.fullmatch(r"[a-z][a-z0-9-]*[a-z0-9]", identifier)
            and "--" not in identifier
        )
    for cache in plan.of_type(REDIS):
        group = cache.inputs["replicationGroupId"]
        assert len(group) <= 40 and re.fullmatch(r"[a-z][a-z0-9-]*[a-z0-9]", group) and "--" not in group
    buckets = plan.of_type("aws:s3/bucket:Bucket")
    assert buckets
    for bucket in buckets:
        name = bucket.state["bucket"]
        assert 3 <= len(name) <= 63 and re.fullmatch(r"[a-z0-9][a-z0-9.-]*[a-z0-9]", name), name


def test_database_outputs_are_exported(prod: Plan) -> None:
    db = primary(prod)
    assert prod.outputs["databaseEndpoint"] == db.state["address"]
    assert prod.outputs["databasePort"] == 5432
    assert len(prod.outputs["databaseReaderEndpoints"]) == 1
    assert prod.outputs["databaseKmsKeyArn"] == db.inputs["kmsKeyId"]
    assert prod.outputs["cacheEndpoint"].startswith("master.")
    assert json.dumps(prod.outputs["bucketNames"])
