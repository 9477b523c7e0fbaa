"""The AWS application and edge tier as the root stacks build it: HTTPS only, private tasks, secrets by
reference, a locked-down CDN, alarms that reach someone."""

from __future__ import annotations

import json

import pytest

from stacks.mocks import SECRET_MASK
from stacks.plan import Plan
from tests.conftest import plan_of
from tests.helpers.released import released

OPEN = {"0.0.0.0/0", "::/0"}
SECRET_VALUE = "sk-live-do-not-print-4b1d"
TLS13_POLICY = "ELBSecurityPolicy-TLS13-1-2-2021-06"


@pytest.fixture(scope="module")
def prod() -> Plan:
    return plan_of("Pulumi.prod.yaml", secrets=(f"secrets.SECRET_KEY={SECRET_VALUE}",))


@pytest.fixture(scope="module")
def staging() -> Plan:
    return plan_of("Pulumi.staging.yaml")


def listeners(plan: Plan) -> dict[int, dict]:
    return {r.inputs["port"]: r.inputs for r in plan.of_type("aws:lb/listener:Listener")}


def test_https_listener_uses_tls13_and_the_validated_certificate(prod: Plan) -> None:
    https = listeners(prod)[443]
    assert https["protocol"] == "HTTPS" and https["sslPolicy"] == TLS13_POLICY
    regional = {c.id for c in prod.of_type("aws:acm/certificate:Certificate") if not c.inputs.get("region")}
    assert https["certificateArn"] in regional  # the load balancer's own certificate, in the stack's region
    validations = prod.of_type("aws:acm/certificateValidation:CertificateValidation")
    assert https["certificateArn"] in {v.inputs["certificateArn"] for v in validations}


def test_port_80_only_redirects_to_https(prod: Plan) -> None:
    (action,) = listeners(prod)[80]["defaultActions"]
    assert action["type"] == "redirect"
    assert action["redirect"] == {"statusCode": "HTTP_301", "port": "443", "protocol": "HTTPS"}


def test_only_the_load_balancer_is_reachable_from_the_internet_and_only_on_80_and_443(prod: Plan) -> None:
    (alb,) = prod.of_type("aws:lb/loadBalancer:LoadBalancer")
    (alb_group,) = alb.inputs["securityGroups"]
    world = [
        r
        for r in prod.of_type("aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule")
        if r.inputs.get("cidrIpv4") in OPEN or r.inputs.get("cidrIpv6") in OPEN
    ]
    assert world and {r.inputs["securityGroupId"] for r in world} == {alb_group}
    assert sorted((r.inputs["fromPort"], r.inputs["toPort"]) for r in world) == [
        (80, 80),
        (80, 80),
        (443, 443),
        (443, 443),
    ]
    assert alb.inputs["dropInvalidHeaderFields"] is True and alb.inputs["internal"] is False
    assert alb.inputs["enableDeletionProtection"] is True


def test_services_run_privately_with_circuit_breaker_and_rollback(prod: Plan) -> None:
    services = prod.of_type("aws:ecs/service:Service")
    assert len(services) == 2  # api and worker; the nightly job is a schedule, not a service
    private = set(prod.outputs["privateSubnetIds"])
    for service in services:
        network = service.inputs["networkConfiguration"]
        assert network["assignPublicIp"] is False and set(network["subnets"]) == private
        assert service.inputs["deploymentCircuitBreaker"] == {"enable": True, "rollback": True}


def test_public_services_in_prod_scale_from_at_least_two_tasks() -> None:
    # Once an image is released: before the first push the range is 0 to 0 (tests/helpers/released.py).
    prod = plan_of("Pulumi.prod.yaml", released("Pulumi.prod.yaml"))
    staging = plan_of("Pulumi.staging.yaml", released("Pulumi.staging.yaml"))
    targets = {
        t.inputs["resourceId"].rsplit("/", 1)[1]: t.inputs
        for t in prod.of_type("aws:appautoscaling/target:Target")
    }
    api = targets["shopfront-prod-api"]
    assert api["minCapacity"] >= 2 and api["maxCapacity"] == 10
    staging_targets = {
        t.inputs["resourceId"].rsplit("/", 1)[1]: t.inputs
        for t in staging.of_type("aws:appautoscaling/target:Target")
    }
    assert staging_targets["shopfront-staging-api"]["minCapacity"] == 1


def test_the_health_check_uses_the_service_path_not_root(prod: Plan) -> None:
    (group,) = prod.of_type("aws:lb/targetGroup:TargetGroup")
    assert group.inputs["healthCheck"]["path"] == "/health"


def test_secrets_reach_tasks_only_as_references(prod: Plan) -> None:
    text = json.dumps(prod.document())
    assert SECRET_VALUE not in text
    (api,) = [
        t for t in prod.of_type("aws:ecs/taskDefinition:TaskDefinition") if t.inputs["family"].endswith("api")
    ]
    definitions = api.inputs["containerDefinitions"]
    assert definitions != SECRET_MASK, "the task definition must not be a secret blob"
    (container,) = json.loads(definitions)
    references = {s["name"]: s["valueFrom"] for s in container["secrets"]}
    versions = {v.name: v for v in prod.of_type("aws:secretsmanager/secretVersion:SecretVersion")}
    secret_key = versions["shopfront-secret-key"]
    secret_key_arn = prod.outputs["secretArns"]["SECRET_KEY"]
    # The whole secret at its current version: a new value rolls the service.
    assert references["SECRET_KEY"] == f"{secret_key_arn}:::{secret_key.state['versionId']}"
    db_version, cache_version = versions["shopfront-credentials"], versions["shopfront-auth"]
    db_secret, db_version_id = prod.outputs["databaseSecretArn"], db_version.state["versionId"]
    cache_secret, cache_version_id = prod.outputs["cacheAuthSecretArn"], cache_version.state["versionId"]
    # JSON keys of the secrets, pinned to the current version: a rotation changes the task definition.
    assert references["DATABASE_PASSWORD"] == f"{db_secret}:password::{db_version_id}"
    assert references["DATABASE_URL"] == f"{db_secret}:url::{db_version_id}"
    assert references["REDIS_PASSWORD"] == f"{cache_secret}:password::{cache_version_id}"
    assert references["REDIS_URL"] == f"{cache_secret}:url::{cache_version_id}"
    plain = {e["name"] for e in container["environment"]}
    assert not plain & {"SECRET_KEY", "DATABASE_PASSWORD", "REDIS_PASSWORD", "DATABASE_URL", "REDIS_URL"}


def test_services_may_reach_the_database_and_cache_and_nothing_else_may(prod: Plan) -> None:
    groups = {g.id: g.name for g in prod.of_type("aws:ec2/securityGroup:SecurityGroup")}
    database_group = prod.outputs["databaseSecurityGroupId"]
    sources = {
        groups[r.inputs["referencedSecurityGroupId"]]
        for r in prod.of_type("aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule")
        if r.inputs["securityGroupId"] == database_group
    }
    assert sources == {"shopfront-api-sg", "shopfront-worker-sg", "shopfront-nightly-report-sg"}


def test_the_cdn_uses_oac_modern_tls_https_redirects_and_security_headers(prod: Plan) -> None:
    (distribution,) = prod.of_type("aws:cloudfront/distribution:Distribution")
    i = distribution.inputs
    (origin,) = [o for o in i["origins"] if o["originId"] == "s3"]
    (oac,) = prod.of_type("aws:cloudfront/originAccessControl:OriginAccessControl")
    assert origin["originAccessControlId"] == oac.id and "s3OriginConfig" not in origin
    assert i["viewerCertificate"]["minimumProtocolVersion"] in ("TLSv1.2_2021", "TLSv1.2_2025")
    behaviours = [i["defaultCacheBehavior"], *i["orderedCacheBehaviors"]]
    assert all(b["viewerProtocolPolicy"] == "redirect-to-https" for b in behaviours)
    (headers,) = prod.of_type("aws:cloudfront/responseHeadersPolicy:ResponseHeadersPolicy")
    assert i["defaultCacheBehavior"]["responseHeadersPolicyId"] == headers.id
    assert headers.inputs["securityHeadersConfig"]["strictTransportSecurity"]["override"] is True


def test_every_alarm_notifies_the_encrypted_topic(prod: Plan) -> None:
    topics = {t.state["arn"]: t for t in prod.of_type("aws:sns/topic:Topic")}
    assert topics and all(t.inputs["kmsMasterKeyId"] for t in topics.values())
    alarms = prod.of_type("aws:cloudwatch/metricAlarm:MetricAlarm")
    assert len(alarms) >= 10
    for alarm in alarms:
        assert alarm.inputs["alarmActions"] and set(alarm.inputs["alarmActions"]) <= set(topics), alarm.name
        assert set(alarm.inputs["okActions"]) <= set(topics)
    # Staging's profile has no alarms, but its file writes an alarms section, which turns them on.
    assert staging_has_alarms(plan_of("Pulumi.staging.yaml"))


def staging_has_alarms(plan: Plan) -> bool:
    return bool(plan.of_type("aws:cloudwatch/metricAlarm:MetricAlarm"))


@pytest.mark.parametrize("plan_name", ["prod", "staging"])
def test_every_log_group_has_a_retention(plan_name: str, request: pytest.FixtureRequest) -> None:
    plan: Plan = request.getfixturevalue(plan_name)
    groups = plan.of_type("aws:cloudwatch/logGroup:LogGroup")
    assert groups and all(g.inputs.get("retentionInDays") for g in groups)


def test_the_scheduled_job_runs_through_the_scheduler(prod: Plan) -> None:
    (schedule,) = prod.of_type("aws:scheduler/schedule:Schedule")
    assert schedule.inputs["scheduleExpression"] == "cron(0 3 * * ? *)"
    target = schedule.inputs["target"]["ecsParameters"]["networkConfiguration"]
    assert target["assignPublicIp"] is False


def test_staging_workers_run_on_spot_and_prod_workers_do_not(prod: Plan, staging: Plan) -> None:
    def worker_capacity(plan: Plan) -> list[str]:
        (worker,) = [
            s for s in plan.of_type("aws:ecs/service:Service") if s.name.startswith("shopfront-worker")
        ]
        return [c["capacityProvider"] for c in worker.inputs["capacityProviderStrategies"]]

    assert worker_capacity(staging) == ["FARGATE_SPOT"]
    assert "FARGATE_SPOT" not in worker_capacity(prod)


def test_the_site_and_the_load_balancer_write_to_one_hosted_zone(prod: Plan) -> None:
    """Both look up the domain's registrable parent (example.com for shopfront.example.com): one zone to
    create or delegate before the first `pulumi up`, not one per component."""
    records = prod.of_type("aws:route53/record:Record")
    sites = {r.inputs["zoneId"] for r in records if "-site-" in r.urn or "CdnSite" in r.urn}
    balancers = {r.inputs["zoneId"] for r in records if "LoadBalancer" in r.urn}
    assert len(sites) == 1 and sites == balancers
