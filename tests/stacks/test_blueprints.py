"""Each blueprint carries its deployment guide's specifics (shared/seeds/; each blueprint's README maps its
guide)."""

from __future__ import annotations

import json
from functools import cache

import pytest

from stacks.mocks import SECRET_MASK, Registration
from stacks.plan import Plan
from tests.conftest import plan_of
from tests.helpers.released import released


@cache
def blueprint(system: str, stack: str = "prod") -> Plan:
    """The stack file's plan with a released image (tests/helpers/released.py): the running system."""
    stack_file = f"blueprints/{system}/Pulumi.{stack}.yaml"
    return plan_of(stack_file, released(stack_file))


def primary_db(plan: Plan) -> dict:
    (db,) = [r for r in plan.of_type("aws:rds/instance:Instance") if not r.inputs.get("replicateSourceDb")]
    return db.inputs


def alarm(plan: Plan, suffix: str) -> dict:
    (found,) = [
        a.inputs
        for a in plan.of_type("aws:cloudwatch/metricAlarm:MetricAlarm")
        if a.inputs["name"].endswith(suffix)
    ]
    return found


def container(plan: Plan, service: str) -> dict:
    (task,) = [
        t
        for t in plan.of_type("aws:ecs/taskDefinition:TaskDefinition")
        if t.inputs["family"].endswith(f"-{service}")
    ]
    (definition,) = json.loads(task.inputs["containerDefinitions"])
    return {**definition, "cpu": task.inputs["cpu"], "memory": task.inputs["memory"]}


def scaling(plan: Plan, service: str) -> dict:
    (target,) = [
        t.inputs
        for t in plan.of_type("aws:appautoscaling/target:Target")
        if t.inputs["resourceId"].endswith(f"-{service}")
    ]
    return target


def health_path(plan: Plan, service: str) -> str:
    groups: list[Registration] = [
        g for g in plan.of_type("aws:lb/targetGroup:TargetGroup") if service in g.name
    ]
    return groups[0].inputs["healthCheck"]["path"]


def parameters(plan: Plan, type_: str) -> dict[str, str]:
    (group,) = [g for g in plan.of_type(type_) if "region" not in g.inputs]
    return {p["name"]: p["value"] for p in group.inputs["parameters"]}


def test_propflow() -> None:
    plan = blueprint("propflow")
    assert plan.outputs["vpcCidr"] == "10.0.0.0/16"
    assert plan.outputs["vpcId"] and "ap-south-1" in plan.outputs["databaseSecretArn"]
    db = primary_db(plan)
    assert (db["engineVersion"], db["instanceClass"], db["allocatedStorage"], db["storageEncrypted"]) == (
        "16",
        "db.t3.small",
        20,
        True,
    )
    (cache_group,) = plan.of_type("aws:elasticache/replicationGroup:ReplicationGroup")
    assert cache_group.inputs["nodeType"] == "cache.t3.small"
    assert set(plan.outputs["bucketNames"]) == {"photos"}
    assert set(plan.outputs["serviceNames"]) == {"api", "worker", "beat", "dashboard"}
    assert container(plan, "api")["portMappings"][0]["containerPort"] == 8000
    assert container(plan, "dashboard")["portMappings"][0]["containerPort"] == 3000
    assert health_path(plan, "api") == "/health"
    assert (scaling(plan, "api")["minCapacity"], scaling(plan, "api")["maxCapacity"]) == (2, 10)
    assert (scaling(plan, "beat")["minCapacity"], scaling(plan, "beat")["maxCapacity"]) == (1, 1)
    assert alarm(plan, "lb-5xx-rate")["threshold"] == 5
    p95 = alarm(plan, "lb-p95-latency")
    assert (p95["extendedStatistic"], p95["threshold"], p95["evaluationPeriods"] * p95["period"]) == (
        "p95",
        1,
        300,
    )
    assert alarm(plan, "db-connections")["threshold"] == 180  # 80 % of db.t3.small's 225 connections
    assert alarm(plan, "db-free-storage")["threshold"] == 0.15 * 20 * 1024**3  # disk > 85 %
    backlog = alarm(plan, "queue-backlog")
    assert (backlog["threshold"], backlog["evaluationPeriods"] * backlog["period"]) == (50, 1800)


def test_chowkar() -> None:
    plan = blueprint("chowkar")
    assert "CREATE EXTENSION IF NOT EXISTS postgis;" in plan.outputs["databaseExtensionStatements"]
    api = container(plan, "api")
    assert api["portMappings"][0]["containerPort"] == 3000 and health_path(plan, "api") == "/health"
    assert {s["name"] for s in api["secrets"]} >= {"API_KEY", "JWT_SECRET", "FIREBASE_ADMIN_CONFIG"}
    assert "API_KEY" not in {e["name"] for e in api["environment"]}
    (grant,) = [p for p in plan.of_type("aws:iam/rolePolicy:RolePolicy") if p.name.endswith("bucket-uploads")]
    s3_actions = {
        a for s in json.loads(grant.inputs["policy"])["Statement"] for a in s["Action"] if a.startswith("s3:")
    }
    assert s3_actions == {"s3:PutObject"}  # the upload identity may only put objects
    assert alarm(plan, "lb-5xx-rate")["threshold"] == 1
    latency = alarm(plan, "custom-ai-latency")
    assert (latency["extendedStatistic"], latency["threshold"]) == ("p95", 5000)
    (distribution,) = plan.of_type("aws:cloudfront/distribution:Distribution")
    assert {e["errorCode"] for e in distribution.inputs["customErrorResponses"]} == {403, 404}  # SPA


def test_karigar() -> None:
    plan = blueprint("karigar")
    db = primary_db(plan)
    assert (db["engineVersion"], db["backupRetentionPeriod"], db["allocatedStorage"]) == ("15", 30, 100)
    assert (
        parameters(plan, "aws:elasticache/parameterGroup:ParameterGroup")["maxmemory-policy"] == "allkeys-lru"
    )
    frontend, api = container(plan, "frontend"), container(plan, "api")
    assert frontend["portMappings"][0]["containerPort"] == 3000 and frontend["cpu"] == "1024"
    assert api["portMappings"][0]["containerPort"] == 8080 and api["cpu"] == "2048"
    assert health_path(plan, "api") == "/health"
    assert (scaling(plan, "api")["minCapacity"], scaling(plan, "api")["maxCapacity"]) == (2, 10)
    policies = {p.name: p.inputs for p in plan.of_type("aws:appautoscaling/policy:Policy")}
    targets = {
        n: p["targetTrackingScalingPolicyConfiguration"]["targetValue"]
        for n, p in policies.items()
        if "karigar-api" in n
    }
    assert sorted(targets.values()) == [70, 80]
    (service,) = [s for s in plan.of_type("aws:ecs/service:Service") if s.name.startswith("karigar-api")]
    assert service.inputs["deploymentConfiguration"]["strategy"] == "BLUE_GREEN"
    groups = [g for g in plan.of_type("aws:cloudwatch/logGroup:LogGroup") if g.name.startswith("karigar-api")]
    assert groups and all(g.inputs["retentionInDays"] == 365 for g in groups)  # prod: a year (issue #18)


def test_charterflow() -> None:
    plan = blueprint("charterflow")
    assert "CREATE EXTENSION IF NOT EXISTS vector;" in plan.outputs["databaseExtensionStatements"]
    assert len(plan.outputs["databaseReaderEndpoints"]) == 1
    assert health_path(plan, "api") == "/health/ready"
    assert (
        parameters(plan, "aws:elasticache/parameterGroup:ParameterGroup")["maxmemory-policy"] == "noeviction"
    )
    (replication,) = plan.of_type("aws:s3/bucketReplicationConfig:BucketReplicationConfig")
    replicas = [b for b in plan.of_type("aws:s3/bucket:Bucket") if b.inputs.get("region") == "us-west-2"]
    assert replicas and replication.inputs["rules"][0]["status"] == "Enabled"
    lifecycle = [
        r
        for c in plan.of_type("aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration")
        for r in c.inputs["rules"]
    ]
    assert any(r.get("expiration", {}).get("days") == 365 for r in lifecycle)
    (acl,) = [a for a in plan.of_type("aws:wafv2/webAcl:WebAcl") if a.inputs["scope"] == "CLOUDFRONT"]
    (distribution,) = plan.of_type("aws:cloudfront/distribution:Distribution")
    assert distribution.inputs["webAclId"] == acl.state["arn"]
    https = [r.inputs for r in plan.of_type("aws:lb/listener:Listener") if r.inputs["port"] == 443]
    assert https[0]["sslPolicy"].startswith("ELBSecurityPolicy-TLS13")


def test_nestjs_api() -> None:
    plan = blueprint("nestjs-api")
    assert len(plan.outputs["availabilityZones"]) == 2 and primary_db(plan)["multiAz"] is True
    assert len(plan.outputs["databaseReaderEndpoints"]) == 1
    assert health_path(plan, "api") == "/health/readiness"
    (service,) = plan.of_type("aws:ecs/service:Service")
    deployment = service.inputs["deploymentConfiguration"]
    assert deployment["strategy"] == "CANARY"
    assert deployment["canaryConfiguration"]["canaryPercent"] == 10
    assert alarm(plan, "lb-5xx-rate")["threshold"] == 1
    assert alarm(plan, "lb-p95-latency")["threshold"] == 0.5
    assert (
        alarm(plan, "service-api-cpu")["threshold"] == 80
        and alarm(plan, "service-api-memory")["threshold"] == 80
    )
    # "Database: disk usage > 80%, slow queries > 1s" (the guide's database row).
    assert alarm(plan, "db-free-storage")["threshold"] == 0.2 * 50 * 1024**3
    assert alarm(plan, "db-slow-queries")["threshold"] == 0
    staging = blueprint("nestjs-api", "staging")
    assert (scaling(staging, "api")["minCapacity"], scaling(staging, "api")["maxCapacity"]) == (2, 2)


@pytest.mark.parametrize("system", ["propflow", "chowkar", "karigar", "charterflow", "nestjs-api"])
def test_blueprint_baseline(system: str) -> None:
    """What holds for every stack holds for the blueprints too."""
    plan = blueprint(system)
    assert all(g.inputs.get("retentionInDays") for g in plan.of_type("aws:cloudwatch/logGroup:LogGroup"))
    topics = {t.state["arn"] for t in plan.of_type("aws:sns/topic:Topic")}
    alarms = plan.of_type("aws:cloudwatch/metricAlarm:MetricAlarm")
    assert alarms and all(
        set(a.inputs["alarmActions"]) <= topics and a.inputs["alarmActions"] for a in alarms
    )
    for task in plan.of_type("aws:ecs/taskDefinition:TaskDefinition"):
        assert task.inputs["containerDefinitions"] != SECRET_MASK
        for definition in json.loads(task.inputs["containerDefinitions"]):
            assert all(s["valueFrom"].startswith("arn:aws:") for s in definition["secrets"])
    for service in plan.of_type("aws:ecs/service:Service"):
        assert service.inputs["networkConfiguration"]["assignPublicIp"] is False
