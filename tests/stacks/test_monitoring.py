"""Monitoring the guides specify (#20), through the plans: uptime checks on the public endpoints in prod,
a slow-query alarm wherever there is a database, Cloud Run CPU and memory alerts, the guides' disk
threshold, staging files' alarms sections applied (never silently dropped), and the EKS pods' logs kept in
CloudWatch."""

from __future__ import annotations

import json
from typing import Any

import pytest

from stacks.config import load_stack_config
from stacks.errors import ConfigError
from stacks.plan import Plan
from stacks.profiles import apply_profile
from tests.conftest import ROOT, plan_of, plan_of_config

ALARM = "aws:cloudwatch/metricAlarm:MetricAlarm"
METRIC_FILTER = "aws:cloudwatch/logMetricFilter:LogMetricFilter"
HEALTH_CHECK = "aws:route53/healthCheck:HealthCheck"
TOPIC = "aws:sns/topic:Topic"
RDS = "aws:rds/instance:Instance"
POLICY = "gcp:monitoring/alertPolicy:AlertPolicy"
UPTIME_CHECK = "gcp:monitoring/uptimeCheckConfig:UptimeCheckConfig"
LOG_METRIC = "gcp:logging/metric:Metric"
SQL = "gcp:sql/databaseInstance:DatabaseInstance"
ADDON = "aws:eks/addon:Addon"
LOG_GROUP = "aws:cloudwatch/logGroup:LogGroup"

PROD_FILES = sorted(
    str(path.relative_to(ROOT))
    for path in [ROOT / "Pulumi.prod.yaml", *ROOT.glob("blueprints/*/Pulumi.*prod.yaml")]
)
# The staging files that write an alarms section, and one alarm threshold each sets.
STAGING_WITH_ALARMS = {
    "Pulumi.staging.yaml": None,
    "blueprints/charterflow/Pulumi.staging.yaml": ("lb-5xx-rate", 1),
    "blueprints/chowkar/Pulumi.staging.yaml": ("lb-5xx-rate", 1),
    "blueprints/karigar/Pulumi.staging.yaml": ("lb-p95-latency", 0.5),
    "blueprints/nestjs-api/Pulumi.staging.yaml": ("db-slow-queries", 0),
    "blueprints/propflow/Pulumi.staging.yaml": ("custom-queue-backlog", 50),
}


def by_suffix(plan: Plan, type_: str, suffix: str) -> dict[str, Any]:
    (found,) = [r.inputs for r in plan.of_type(type_) if r.name.endswith(suffix)]
    return found


def condition(policy: dict[str, Any]) -> dict[str, Any]:
    (only,) = policy["conditions"]
    return only["conditionThreshold"]


def aws_uptime(plan: Plan) -> set[tuple[str, str]]:
    return {(r.inputs["fqdn"], r.inputs["resourcePath"]) for r in plan.of_type(HEALTH_CHECK)}


def gcp_uptime(plan: Plan) -> set[tuple[str, str]]:
    return {
        (r.inputs["monitoredResource"]["labels"]["host"], r.inputs["httpCheck"]["path"])
        for r in plan.of_type(UPTIME_CHECK)
    }


# -- uptime checks ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("stack_file", "endpoints"),
    [
        # "Uptime Robot: Ping every 5 mins" of /health (200 when DB and Redis are connected).
        (
            "blueprints/chowkar/Pulumi.prod.yaml",
            {("api.chowkar.example.com", "/health"), ("chowkar.example.com", "/")},
        ),
        (
            "blueprints/chowkar/Pulumi.gcp-prod.yaml",
            {("api.chowkar.example.com", "/health"), ("chowkar.example.com", "/")},
        ),
        # "Health Checks / Uptime Monitoring", readiness on /health/ready.
        (
            "blueprints/charterflow/Pulumi.prod.yaml",
            {("api.charterflow.app", "/health/ready"), ("charterflow.app", "/")},
        ),
    ],
)
def test_prod_plans_that_ask_for_uptime_pings_check_their_public_hosts(
    stack_file: str, endpoints: set[tuple[str, str]]
) -> None:
    plan = plan_of(stack_file)
    if plan.cloud == "aws":
        assert endpoints <= aws_uptime(plan)
        topics = {t.state["arn"]: t.inputs.get("region") for t in plan.of_type(TOPIC)}
        checks = {r.id: r for r in plan.of_type(HEALTH_CHECK)}
        for check in checks.values():
            assert check.inputs["type"] == "HTTPS" and check.inputs["port"] == 443
            assert check.inputs["requestInterval"] == 30  # every 30 s, finer than the guide's 5 minutes
        uptime_alarms = [a for a in plan.of_type(ALARM) if "-uptime-" in a.name]
        assert {a.inputs["dimensions"]["HealthCheckId"] for a in uptime_alarms} == set(checks)
        for alarm in uptime_alarms:
            # Route 53's metrics exist only in us-east-1: the alarm and the topic it notifies are there.
            assert alarm.inputs["region"] == "us-east-1" and alarm.inputs["namespace"] == "AWS/Route53"
            (topic,) = alarm.inputs["alarmActions"]
            # CHOWKAR is in ap-south-1: a second topic in us-east-1; CharterFlow's main topic is there.
            assert topics[topic] == ("us-east-1" if "chowkar" in stack_file else None)
    else:
        assert endpoints <= gcp_uptime(plan)
        checks = {r.state["uptimeCheckId"] for r in plan.of_type(UPTIME_CHECK)}
        policies = [r.inputs for r in plan.of_type(POLICY) if "-uptime-" in r.name]
        assert len(policies) == len(checks)
        assert {condition(p)["filter"].rsplit('check_id="', 1)[1].rstrip('"') for p in policies} == checks
        assert all(r.inputs["httpCheck"]["validateSsl"] is True for r in plan.of_type(UPTIME_CHECK))


@pytest.mark.parametrize("stack_file", PROD_FILES)
def test_every_prod_plan_checks_each_public_endpoint(stack_file: str) -> None:
    plan = plan_of(stack_file)
    found = aws_uptime(plan) | gcp_uptime(plan)
    hosts = {host for host, _ in found}
    assert found, "prod turns uptime checks on"
    assert len(found) == len(plan.of_type(HEALTH_CHECK)) + len(plan.of_type(UPTIME_CHECK))
    assert all("/" not in host and not host.startswith("http") for host in hosts)


@pytest.mark.parametrize(
    "stack_file", [f for f in STAGING_WITH_ALARMS if f.startswith("blueprints/")] + ["Pulumi.staging.yaml"]
)
def test_staging_has_no_uptime_checks(stack_file: str) -> None:
    plan = plan_of(stack_file)
    assert not plan.of_type(HEALTH_CHECK) and not plan.of_type(UPTIME_CHECK)


def test_outside_us_east_1_the_alarm_emails_note_asks_for_two_confirmations() -> None:
    notes = {n.topic: n.text for n in plan_of("blueprints/chowkar/Pulumi.prod.yaml").notes}
    assert (
        "Each address gets two: the CDN and uptime alarms notify a second topic in us-east-1."
        in notes["alarm-emails"]
    )
    notes = {n.topic: n.text for n in plan_of("blueprints/charterflow/Pulumi.prod.yaml").notes}
    assert "Each address gets two" not in notes["alarm-emails"]


def test_the_uptime_period_reaches_each_cloud() -> None:
    aws = plan_of("blueprints/chowkar/Pulumi.prod.yaml", ("app.alarms.uptime_period_seconds=10",))
    assert {r.inputs["requestInterval"] for r in aws.of_type(HEALTH_CHECK)} == {10}
    gcp = plan_of("blueprints/chowkar/Pulumi.gcp-prod.yaml", ("app.alarms.uptime_period_seconds=300",))
    assert {r.inputs["period"] for r in gcp.of_type(UPTIME_CHECK)} == {"300s"}


def test_a_site_without_a_domain_is_checked_on_the_distributions_name() -> None:
    plan = plan_of_config(
        {
            "stackyard:cloud": "aws",
            "stackyard:environment": "staging",  # a prod site needs its domain
            "aws:region": "us-east-1",
            "stackyard:app": {"name": "shop", "site": {"spa": True}, "alarms": {"uptime": True}},
        }
    )
    (check,) = plan.of_type(HEALTH_CHECK)
    (distribution,) = plan.of_type("aws:cloudfront/distribution:Distribution")
    assert check.inputs["fqdn"] == distribution.state["domainName"] and check.inputs["resourcePath"] == "/"


# -- slow queries -----------------------------------------------------------------------------------------


@pytest.mark.parametrize("stack_file", PROD_FILES)
def test_every_prod_plan_with_a_database_has_a_slow_query_alarm(stack_file: str) -> None:
    plan = plan_of(stack_file)
    if plan.of_type(RDS):
        (primary,) = [r for r in plan.of_type(RDS) if not r.inputs.get("replicateSourceDb")]
        log_filter = by_suffix(plan, METRIC_FILTER, "-db-slow-queries")
        assert log_filter["logGroupName"] == f"/aws/rds/instance/{primary.inputs['identifier']}/postgresql"
        assert log_filter["pattern"] == '"duration:"'
        # ManagedPostgres logs every statement over a second, the line the filter counts.
        (parameters,) = plan.of_type("aws:rds/parameterGroup:ParameterGroup")[:1]
        settings = {p["name"]: p["value"] for p in parameters.inputs["parameters"]}
        assert settings["log_min_duration_statement"] == "1000"
        alarm = by_suffix(plan, ALARM, "-db-slow-queries")
        assert alarm["metricName"] == log_filter["metricTransformation"]["name"]
        assert alarm["period"] == 300 and alarm["statistic"] == "Sum"
    else:
        (instance,) = [r for r in plan.of_type(SQL) if not r.inputs.get("masterInstanceName")]
        flags = {f["name"]: f["value"] for f in instance.inputs["settings"]["databaseFlags"]}
        assert flags["log_min_duration_statement"] == "1000"
        metric = by_suffix(plan, LOG_METRIC, "-db-slow-queries")
        assert 'textPayload:"duration:"' in metric["filter"]
        policy = by_suffix(plan, POLICY, "-db-slow-queries")
        assert f"logging.googleapis.com/user/{metric['name']}" in condition(policy)["filter"]
        assert f':{instance.inputs["name"]}"' in condition(policy)["filter"]


def test_the_gcp_slow_query_metric_does_not_wait_for_the_database() -> None:
    """Cloud Monitoring refuses a policy on a log-based metric created moments before: the metric must be
    made early, the policy after the database."""
    plan = plan_of("blueprints/karigar/Pulumi.gcp-prod.yaml")
    (metric,) = plan.of_type(LOG_METRIC)
    (instance,) = [r for r in plan.of_type(SQL) if not r.inputs.get("masterInstanceName")]
    (policy,) = [r for r in plan.of_type(POLICY) if r.name.endswith("-db-slow-queries")]
    assert not plan.depends_on(metric, instance)
    assert plan.depends_on(policy, instance) and plan.depends_on(policy, metric)


def test_nestjs_alarms_on_any_slow_query_and_an_80_percent_full_disk() -> None:
    """'Database: slow queries > 1s, disk usage > 80%'."""
    plan = plan_of("blueprints/nestjs-api/Pulumi.prod.yaml")
    assert by_suffix(plan, ALARM, "-db-slow-queries")["threshold"] == 0
    (primary,) = [r for r in plan.of_type(RDS) if not r.inputs.get("replicateSourceDb")]
    free = by_suffix(plan, ALARM, "-db-free-storage")
    assert free["threshold"] == 0.2 * primary.inputs["allocatedStorage"] * 1024**3


def test_gcp_honours_the_disk_threshold_and_the_slow_query_knob() -> None:
    plan = plan_of(
        "blueprints/karigar/Pulumi.gcp-prod.yaml",
        ("app.alarms.db_free_storage_percent=20", "app.alarms.slow_queries_per_5min=3"),
    )
    assert condition(by_suffix(plan, POLICY, "-db-disk"))["thresholdValue"] == 0.8
    assert condition(by_suffix(plan, POLICY, "-db-slow-queries"))["thresholdValue"] == 3


def test_slow_query_alarms_can_be_turned_off() -> None:
    plan = plan_of("blueprints/propflow/Pulumi.prod.yaml", ("app.alarms.slow_queries_per_5min=null",))
    assert not plan.of_type(METRIC_FILTER)
    assert not [a for a in plan.of_type(ALARM) if a.name.endswith("-db-slow-queries")]


# -- Cloud Run CPU and memory -----------------------------------------------------------------------------


def test_karigar_gcp_prod_alerts_on_its_services_cpu_and_memory() -> None:
    """Karigar sets 70 % CPU and 80 % memory: Cloud Run's container utilizations alert on them."""
    plan = plan_of("blueprints/karigar/Pulumi.gcp-prod.yaml")
    for service in ("frontend", "api"):
        cpu = condition(by_suffix(plan, POLICY, f"-service-{service}-cpu"))
        memory = condition(by_suffix(plan, POLICY, f"-service-{service}-memory"))
        assert 'metric.type="run.googleapis.com/container/cpu/utilizations"' in cpu["filter"]
        assert 'metric.type="run.googleapis.com/container/memory/utilizations"' in memory["filter"]
        assert cpu["thresholdValue"] == 0.7 and memory["thresholdValue"] == 0.8
        for found in (cpu, memory):
            (step,) = found["aggregations"]
            assert (step["perSeriesAligner"], step["crossSeriesReducer"]) == (
                "ALIGN_PERCENTILE_99",
                "REDUCE_MAX",
            )


# -- staging files' alarms sections -----------------------------------------------------------------------


@pytest.mark.parametrize("stack_file", sorted(STAGING_WITH_ALARMS))
def test_a_staging_files_alarms_section_is_applied(stack_file: str) -> None:
    plan = plan_of(stack_file)
    assert plan.environment == "staging"
    assert plan.of_type(ALARM), "the file writes an alarms section: its alarms exist"
    expected = STAGING_WITH_ALARMS[stack_file]
    if expected is not None:
        suffix, threshold = expected
        assert by_suffix(plan, ALARM, f"-{suffix}")["threshold"] == threshold


def test_enabled_false_keeps_a_staging_files_alarms_off() -> None:
    plan = plan_of("blueprints/propflow/Pulumi.staging.yaml", ("app.alarms.enabled=false",))
    assert not plan.of_type(ALARM) and not plan.of_type(TOPIC)


@pytest.mark.parametrize(
    "stack_file",
    ["blueprints/karigar/Pulumi.gcp-staging.yaml", "blueprints/nestjs-api/Pulumi.k8s-staging.yaml"],
)
def test_a_staging_file_without_an_alarms_section_has_no_alarms(stack_file: str) -> None:
    plan = plan_of(stack_file)
    assert not plan.of_type(ALARM) and not plan.of_type(POLICY)


@pytest.mark.parametrize(
    ("given", "enabled"),
    [
        ({}, False),
        ({"enabled": True}, True),
        ({"enabled": False}, False),
        ({"emails": ["ops@example.com"]}, True),
        ({"p95_latency_ms": 500}, True),
        ({"custom": []}, True),
        ({"emails": ["ops@example.com"], "enabled": False}, False),
    ],
)
def test_the_staging_rule_writing_the_section_turns_alarms_on(given: dict[str, Any], enabled: bool) -> None:
    assert apply_profile({"alarms": given}, "staging")["alarms"]["enabled"] is enabled
    assert apply_profile({"alarms": given}, "staging")["alarms"]["uptime"] is False  # prod only
    assert apply_profile({"alarms": given}, "prod")["alarms"]["enabled"] is given.get("enabled", True)
    assert apply_profile({"alarms": given}, "prod")["alarms"]["uptime"] is True


def test_a_staging_section_without_enabled_or_settings_stays_off() -> None:
    assert apply_profile({}, "staging")["alarms"] == {"enabled": False, "uptime": False}


# -- config rules -----------------------------------------------------------------------------------------


def values(cloud: str, environment: str, **alarms: Any) -> dict[str, Any]:
    location = (
        {"aws:region": "us-east-1"}
        if cloud == "aws"
        else {"gcp:project": "shop-project", "gcp:region": "europe-west1"}
    )
    app = {"name": "shop", "domain": "shop.example.com", "alarms": alarms}
    return {
        "stackyard:cloud": cloud,
        "stackyard:environment": environment,
        **location,
        "stackyard:app": json.dumps(app),
    }


def problems(found: dict[str, Any]) -> list[str]:
    with pytest.raises(ConfigError) as caught:
        load_stack_config(found, set())
    return caught.value.problems


@pytest.mark.parametrize(
    ("cloud", "period", "message"),
    [
        (
            "aws",
            60,
            "stackyard:app.alarms.uptime_period_seconds: Route 53 health checks request every 30 or 10 "
            "seconds, not 60",
        ),
        (
            "gcp",
            30,
            "stackyard:app.alarms.uptime_period_seconds: Cloud Monitoring uptime checks request every 60 or "
            "300 or 600 or 900 seconds, not 30",
        ),
    ],
)
def test_an_uptime_period_the_cloud_does_not_offer_is_refused(cloud: str, period: int, message: str) -> None:
    found = problems(values(cloud, "prod", emails=["ops@example.com"], uptime_period_seconds=period))
    assert found == [message]


def test_an_uptime_period_without_uptime_checks_is_refused_not_ignored() -> None:
    found = problems(values("aws", "staging", emails=["ops@example.com"], uptime_period_seconds=30))
    assert found == [
        "stackyard:app.alarms.uptime_period_seconds: uptime checks are off (alarms.uptime; the staging "
        "profile turns them off); set alarms.uptime: true or remove this key"
    ]
    config = load_stack_config(values("aws", "staging", uptime=True, uptime_period_seconds=10), set())
    assert config.app.alarms.enabled and config.app.alarms.uptime


def test_a_gcp_staging_alarms_section_needs_someone_to_notify() -> None:
    found = problems(values("gcp", "staging", p95_latency_ms=500))
    assert len(found) == 1 and found[0].startswith("stackyard:app.alarms.emails: alarms are on")
    assert "and so does an alarms section with settings" in found[0]


def test_slow_queries_per_5min_is_a_count() -> None:
    found = problems(values("aws", "prod", slow_queries_per_5min=-1))
    assert any(p.startswith("stackyard:app.alarms.slow_queries_per_5min") for p in found)
    assert load_stack_config(values("aws", "prod"), set()).app.alarms.slow_queries_per_5min == 10


# -- EKS: the pods' logs ----------------------------------------------------------------------------------


def test_karigar_on_eks_keeps_the_pods_logs_a_year_in_cloudwatch() -> None:
    """'Retention: 30 days' of the container logs at least, on EKS Auto Mode: the CloudWatch Observability
    add-on; prod keeps them a year (the prod profile's, issue #18)."""
    plan = plan_of("blueprints/karigar/Pulumi.k8s-prod.yaml")
    (addon,) = plan.of_type(ADDON)
    assert addon.inputs["addonName"] == "amazon-cloudwatch-observability"
    assert addon.inputs["podIdentityAssociations"][0]["serviceAccount"] == "cloudwatch-agent"
    (cluster,) = plan.of_type("aws:eks/cluster:Cluster")
    groups = {r.inputs.get("name"): r for r in plan.of_type(LOG_GROUP)}
    application = groups[f"/aws/containerinsights/{cluster.inputs['name']}/application"]
    assert application.inputs["retentionInDays"] == 365
    assert application.urn in addon.dependencies


def test_the_longest_service_log_retention_sets_the_pods_log_group() -> None:
    plan = plan_of("blueprints/karigar/Pulumi.k8s-prod.yaml", ("app.services.api.log_retention_days=731",))
    (cluster,) = plan.of_type("aws:eks/cluster:Cluster")
    groups = {r.inputs.get("name"): r.inputs["retentionInDays"] for r in plan.of_type(LOG_GROUP)}
    assert groups[f"/aws/containerinsights/{cluster.inputs['name']}/application"] == 731
