"""components.aws.Alarms: the encrypted SNS topic CloudWatch may publish to, subscriptions, every preset's
metrics, dimensions and thresholds, slow queries from the PostgreSQL log, Route 53 uptime checks, custom
alarms, the us-east-1 topic for CloudFront and Route 53, the dashboard, name limits and argument checks."""

from __future__ import annotations

import json
import re
from typing import Any

import pulumi
import pytest

from components.aws.alarms import Alarms, AlarmsArgs
from components.aws.naming import physical_name
from stacks.mocks import MOCK_ACCOUNT_ID, RecordingMonitor, Registration
from tests.conftest import of_type
from tests.docexamples import run_docstring_example

COMPONENT = "stackyard-aws:index:Alarms"
ALARM = "aws:cloudwatch/metricAlarm:MetricAlarm"
TOPIC = "aws:sns/topic:Topic"
TOPIC_POLICY = "aws:sns/topicPolicy:TopicPolicy"
SUBSCRIPTION = "aws:sns/topicSubscription:TopicSubscription"
DASHBOARD = "aws:cloudwatch/dashboard:Dashboard"
KEY = "aws:kms/key:Key"
HEALTH_CHECK = "aws:route53/healthCheck:HealthCheck"
METRIC_FILTER = "aws:cloudwatch/logMetricFilter:LogMetricFilter"
ALIAS = "aws:kms/alias:Alias"
UNTAGGABLE = (ALIAS, TOPIC_POLICY, SUBSCRIPTION, DASHBOARD, METRIC_FILTER)

GIB = 1024**3
NAME_40 = "payments-ledger-alerting-production-euw1"
ALARM_NAME = re.compile(r"^[a-z][a-z0-9-]*[a-z0-9]$")
KEY_ARN = "arn:aws:kms:us-east-1:123456789012:key/11111111-2222-3333-4444-555555555555"
ALB = "app/shop/0123456789abcdef"
TG_API = "targetgroup/shop-api/0123456789abcdef"
TG_WEB = "targetgroup/shop-web/fedcba9876543210"

LOAD_BALANCER: dict[str, Any] = {"arn_suffix": ALB, "target_groups": [{"name": "api", "arn_suffix": TG_API}]}
SERVICES: list[dict[str, Any]] = [{"name": "api", "cluster_name": "shop", "service_name": "shop-api"}]
DATABASE: dict[str, Any] = {"identifier": "shop-db", "allocated_storage_gb": 20}
CACHE: dict[str, Any] = {"replication_group_id": "shop-redis"}
CDN: dict[str, Any] = {"distribution_id": "E2QWRUHAPOMQZL"}
UPTIME: list[dict[str, Any]] = [{"name": "api", "host": "api.shop.example.com", "path": "/health"}]
CUSTOM: list[dict[str, Any]] = [
    {
        "name": "review-backlog",
        "namespace": "PropFlow/Queues",
        "metric_name": "PendingReviews",
        "statistic": "Maximum",
        "threshold": 50,
        "evaluation_periods": 30,
    }
]
EVERYTHING: dict[str, Any] = {
    "emails": ["ops@example.com"],
    "load_balancer": LOAD_BALANCER,
    "services": SERVICES,
    "database": DATABASE,
    "cache": CACHE,
    "cdn": CDN,
    "uptime": UPTIME,
    "custom": CUSTOM,
}
PRESET_ALARMS = {
    "load_balancer": {"lb-5xx-rate", "lb-p95-latency", "tg-api-unhealthy", "tg-api-no-healthy"},
    "services": {"service-api-cpu", "service-api-memory"},
    "database": {"db-cpu", "db-free-storage"},
    "cache": {"cache-cpu", "cache-memory", "cache-evictions"},
    "cdn": {"cdn-5xx-rate"},
    "uptime": {"uptime-api"},
    "custom": {"custom-review-backlog"},
}
PRESET_ARGS = {
    "load_balancer": LOAD_BALANCER,
    "services": SERVICES,
    "database": DATABASE,
    "cache": CACHE,
    "cdn": CDN,
    "uptime": UPTIME,
    "custom": CUSTOM,
}
WIDGET_TITLES = {
    "load_balancer": "Load balancer",
    "services": "Services",
    "database": "Database",
    "cache": "Cache",
    "cdn": "CDN",
    "uptime": "Uptime",
    "custom": "Custom metrics",
}


def build(
    monitor: RecordingMonitor, args: dict[str, Any] | None = None, name: str = "shop"
) -> dict[str, Any]:
    """Create Alarms under mocks; return its resolved outputs."""
    resolved: dict[str, Any] = {}
    full: AlarmsArgs = dict(args or {})  # type: ignore[assignment]

    @pulumi.runtime.test
    def program() -> pulumi.Output:
        alarms = Alarms(name, full)
        outputs = {
            "topic_arn": alarms.topic_arn,
            "cdn_topic_arn": alarms.cdn_topic_arn,
            "kms_key_arn": alarms.kms_key_arn,
            "alarm_names": alarms.alarm_names,
            "dashboard_name": alarms.dashboard_name,
        }
        return pulumi.Output.all(**outputs).apply(resolved.update)

    program()
    assert resolved, "the Alarms' outputs never resolved"
    return resolved


def one(monitor: RecordingMonitor, type_: str) -> Registration:
    (found,) = of_type(monitor, type_)
    return found


def alarms_by_key(monitor: RecordingMonitor, name: str = "shop") -> dict[str, dict[str, Any]]:
    """Each alarm's inputs by the part of its logical name after `<name>-`."""
    return {r.name.removeprefix(f"{name}-"): r.inputs for r in of_type(monitor, ALARM)}


def statements(registration: Registration) -> list[dict[str, Any]]:
    return json.loads(registration.inputs["policy"])["Statement"]


def widgets(monitor: RecordingMonitor) -> list[dict[str, Any]]:
    return json.loads(one(monitor, DASHBOARD).inputs["dashboardBody"])["widgets"]


def single_metric(inputs: dict[str, Any]) -> tuple[str, str, dict[str, str]]:
    return inputs["namespace"], inputs["metricName"], inputs["dimensions"]


# -- topic, key, subscriptions ------------------------------------------------------------------------------


def test_outputs_resolve_to_the_topic_key_alarms_and_dashboard(monitor: RecordingMonitor) -> None:
    out = build(monitor, EVERYTHING)
    topic = one(monitor, TOPIC)
    assert out["topic_arn"] == topic.state["arn"]
    assert out["cdn_topic_arn"] == out["topic_arn"]  # the stack is in us-east-1
    assert out["kms_key_arn"] == one(monitor, KEY).state["arn"]
    assert sorted(out["alarm_names"]) == sorted(r.inputs["name"] for r in of_type(monitor, ALARM))
    assert len(out["alarm_names"]) == sum(len(keys) for keys in PRESET_ALARMS.values())
    assert out["dashboard_name"] == one(monitor, DASHBOARD).inputs["dashboardName"] == "shop-alarms"


def test_topic_is_encrypted_with_a_key_cloudwatch_may_use(monitor: RecordingMonitor) -> None:
    build(monitor, EVERYTHING)
    topic, key = one(monitor, TOPIC), one(monitor, KEY)
    assert topic.inputs["kmsMasterKeyId"] == key.state["arn"]
    assert "alias/aws/sns" not in json.dumps(topic.inputs)
    assert key.inputs["enableKeyRotation"] is True and key.inputs["deletionWindowInDays"] == 30
    assert one(monitor, ALIAS).inputs["name"] == "alias/shop-alarms"

    admin, cloudwatch = statements(key)
    assert admin["Principal"] == {"AWS": f"arn:aws:iam::{MOCK_ACCOUNT_ID}:root"}
    assert admin["Effect"] == "Allow" and admin["Action"] == "kms:*"
    assert cloudwatch == {
        "Sid": "CloudWatchAlarmsUseTheKey",
        "Effect": "Allow",
        "Principal": {"Service": "cloudwatch.amazonaws.com"},
        "Action": ["kms:Decrypt", "kms:GenerateDataKey*"],
        "Resource": "*",
        "Condition": {"StringEquals": {"aws:SourceAccount": MOCK_ACCOUNT_ID}},
    }
    assert all(s["Action"] != "*" for s in statements(key))


def test_topic_policy_lets_only_this_accounts_cloudwatch_publish_over_tls(monitor: RecordingMonitor) -> None:
    out = build(monitor, {"load_balancer": LOAD_BALANCER})
    policy = one(monitor, TOPIC_POLICY)
    assert policy.inputs["arn"] == out["topic_arn"]
    allow, deny = statements(policy)
    assert allow == {
        "Sid": "CloudWatchAlarmsPublish",
        "Effect": "Allow",
        "Principal": {"Service": "cloudwatch.amazonaws.com"},
        "Action": "sns:Publish",
        "Resource": out["topic_arn"],
        "Condition": {"StringEquals": {"aws:SourceAccount": MOCK_ACCOUNT_ID}},
    }
    assert deny["Effect"] == "Deny" and deny["Action"] == "sns:Publish"
    assert deny["Condition"] == {"Bool": {"aws:SecureTransport": "false"}}
    assert not any(s["Effect"] == "Allow" and s["Principal"] == "*" for s in statements(policy))


def test_a_given_kms_key_encrypts_the_topic_and_no_key_is_created(monitor: RecordingMonitor) -> None:
    out = build(monitor, {"kms_key_arn": KEY_ARN, "services": SERVICES})
    assert of_type(monitor, KEY) == [] and of_type(monitor, ALIAS) == []
    assert one(monitor, TOPIC).inputs["kmsMasterKeyId"] == KEY_ARN == out["kms_key_arn"]


def test_topic_name_is_a_prefix_the_provider_completes(monitor: RecordingMonitor) -> None:
    build(monitor)
    topic = one(monitor, TOPIC)
    assert topic.inputs["namePrefix"] == "shop-alarms-" and "name" not in topic.inputs
    assert topic.state["name"].startswith("shop-alarms-")


def test_email_and_https_subscriptions(monitor: RecordingMonitor) -> None:
    out = build(
        monitor,
        {
            "emails": ["ops@example.com", "Oncall@Example.org"],
            "https_endpoints": ["https://hooks.example.com/alarms?token=abc"],
        },
    )
    subscriptions = {(r.inputs["protocol"], r.inputs["endpoint"]) for r in of_type(monitor, SUBSCRIPTION)}
    assert subscriptions == {
        ("email", "ops@example.com"),
        ("email", "Oncall@Example.org"),
        ("https", "https://hooks.example.com/alarms?token=abc"),
    }
    assert all(r.inputs["topic"] == out["topic_arn"] for r in of_type(monitor, SUBSCRIPTION))
    assert "shop-alarms-email-ops@example.com" in {r.name for r in of_type(monitor, SUBSCRIPTION)}


def test_no_subscription_by_default(monitor: RecordingMonitor) -> None:
    build(monitor, {"services": SERVICES})
    assert of_type(monitor, SUBSCRIPTION) == []


# -- every alarm ------------------------------------------------------------------------------------------


def test_every_alarm_notifies_the_topic_on_alarm_and_on_ok(monitor: RecordingMonitor) -> None:
    out = build(monitor, EVERYTHING)
    alarms = of_type(monitor, ALARM)
    policy = one(monitor, TOPIC_POLICY)
    assert len(alarms) == 14
    for alarm in alarms:
        inputs = alarm.inputs
        assert inputs["alarmActions"] == [out["topic_arn"]], alarm.name
        assert inputs["okActions"] == [out["topic_arn"]], alarm.name
        assert inputs["actionsEnabled"] is True
        assert "insufficientDataActions" not in inputs
        assert "Check" in inputs["alarmDescription"] and len(inputs["alarmDescription"]) <= 1024
        assert inputs["alarmDescription"].startswith("shop: ")
        assert inputs["name"] == physical_name(alarm.name, 255)
        assert policy.urn in alarm.dependencies  # CloudWatch may publish the first change


def test_no_preset_means_no_alarm_and_no_dashboard(monitor: RecordingMonitor) -> None:
    out = build(monitor, {"emails": ["ops@example.com"]})
    assert of_type(monitor, ALARM) == [] and of_type(monitor, DASHBOARD) == []
    assert out["alarm_names"] == [] and out["dashboard_name"] == ""
    assert out["cdn_topic_arn"] == ""
    assert len(of_type(monitor, TOPIC)) == 1


@pytest.mark.parametrize("preset", sorted(PRESET_ALARMS))
def test_each_preset_creates_only_its_own_alarms(monitor: RecordingMonitor, preset: str) -> None:
    build(monitor, {preset: PRESET_ARGS[preset]})
    assert set(alarms_by_key(monitor)) == PRESET_ALARMS[preset]
    assert [w["properties"]["title"] for w in widgets(monitor)] == [WIDGET_TITLES[preset]]


def test_empty_lists_and_none_presets_are_off(monitor: RecordingMonitor) -> None:
    build(
        monitor,
        {"services": [], "custom": [], "load_balancer": None, "database": None, "cache": None, "cdn": None},
    )
    assert of_type(monitor, ALARM) == [] and of_type(monitor, DASHBOARD) == []


# -- load balancer ----------------------------------------------------------------------------------------


def test_load_balancer_5xx_rate_is_metric_math_in_percent(monitor: RecordingMonitor) -> None:
    build(monitor, {"load_balancer": LOAD_BALANCER})
    rate = alarms_by_key(monitor)["lb-5xx-rate"]
    assert not any(k in rate for k in ("metricName", "namespace", "statistic", "extendedStatistic"))
    errors, requests, expression = rate["metricQueries"]
    for query, metric in ((errors, "HTTPCode_Target_5XX_Count"), (requests, "RequestCount")):
        assert query["returnData"] is False
        assert query["metric"] == {
            "namespace": "AWS/ApplicationELB",
            "metricName": metric,
            "dimensions": {"LoadBalancer": ALB},
            "stat": "Sum",
            "period": 60,
        }
    assert (errors["id"], requests["id"]) == ("errors", "requests")
    assert expression["expression"] == "100 * FILL(errors, 0) / requests"
    assert expression["returnData"] is True
    assert rate["comparisonOperator"] == "GreaterThanThreshold" and rate["threshold"] == 5
    assert rate["evaluationPeriods"] == 5 and rate["treatMissingData"] == "notBreaching"
    assert "5%" in rate["alarmDescription"]


def test_load_balancer_p95_latency_uses_the_extended_statistic(monitor: RecordingMonitor) -> None:
    build(monitor, {"load_balancer": LOAD_BALANCER})
    alarms = alarms_by_key(monitor)
    p95 = alarms["lb-p95-latency"]
    assert single_metric(p95) == ("AWS/ApplicationELB", "TargetResponseTime", {"LoadBalancer": ALB})
    assert p95["extendedStatistic"] == "p95" and "statistic" not in p95
    assert p95["evaluateLowSampleCountPercentiles"] == "ignore"
    assert p95["threshold"] == 1.0  # seconds: 1000 ms
    assert p95["period"] == 60 and p95["evaluationPeriods"] == 5
    assert p95["comparisonOperator"] == "GreaterThanThreshold"
    assert "lb-p99-latency" not in alarms  # no p99 unless asked


def test_load_balancer_knobs(monitor: RecordingMonitor) -> None:
    build(
        monitor,
        {
            "load_balancer": {
                "arn_suffix": ALB,
                "error_rate_percent": 2.5,
                "p95_latency_ms": 300,
                "p99_latency_ms": 1500,
                "evaluation_minutes": 3,
            }
        },
    )
    alarms = alarms_by_key(monitor)
    assert set(alarms) == {"lb-5xx-rate", "lb-p95-latency", "lb-p99-latency"}  # no target groups
    assert alarms["lb-5xx-rate"]["threshold"] == 2.5
    assert alarms["lb-p95-latency"]["threshold"] == 0.3
    assert alarms["lb-p99-latency"]["threshold"] == 1.5
    assert alarms["lb-p99-latency"]["extendedStatistic"] == "p99"
    assert all(alarm["evaluationPeriods"] == 3 for alarm in alarms.values())


def test_target_groups_alarm_on_unhealthy_and_on_no_healthy_target(monitor: RecordingMonitor) -> None:
    build(
        monitor,
        {
            "load_balancer": {
                "arn_suffix": ALB,
                "target_groups": [
                    {"name": "api", "arn_suffix": TG_API},
                    {"name": "web", "arn_suffix": TG_WEB},
                ],
            }
        },
    )
    alarms = alarms_by_key(monitor)
    for label, suffix in (("api", TG_API), ("web", TG_WEB)):
        dimensions = {"TargetGroup": suffix, "LoadBalancer": ALB}
        unhealthy, none_healthy = alarms[f"tg-{label}-unhealthy"], alarms[f"tg-{label}-no-healthy"]
        assert single_metric(unhealthy) == ("AWS/ApplicationELB", "UnHealthyHostCount", dimensions)
        assert unhealthy["statistic"] == "Maximum" and unhealthy["threshold"] == 0
        assert unhealthy["comparisonOperator"] == "GreaterThanThreshold"
        assert unhealthy["treatMissingData"] == "notBreaching"
        assert single_metric(none_healthy) == ("AWS/ApplicationELB", "HealthyHostCount", dimensions)
        assert none_healthy["statistic"] == "Minimum" and none_healthy["threshold"] == 1
        assert none_healthy["comparisonOperator"] == "LessThanThreshold"
        assert none_healthy["treatMissingData"] == "breaching"  # a silent target group is a down one
        assert label in unhealthy["alarmDescription"] and label in none_healthy["alarmDescription"]


def test_load_balancer_arn_suffix_may_be_an_output(monitor: RecordingMonitor) -> None:
    build(monitor, {"load_balancer": {"arn_suffix": pulumi.Output.from_input(ALB)}})
    assert alarms_by_key(monitor)["lb-p95-latency"]["dimensions"] == {"LoadBalancer": ALB}
    assert ALB in json.dumps(widgets(monitor))


# -- services, database, cache, CDN -----------------------------------------------------------------------


def test_services_alarm_on_ecs_cpu_and_memory(monitor: RecordingMonitor) -> None:
    build(
        monitor,
        {
            "services": [
                {"name": "api", "cluster_name": "shop", "service_name": "shop-api"},
                {
                    "name": "worker",
                    "cluster_name": "shop",
                    "service_name": "shop-worker",
                    "cpu_percent": 90,
                    "memory_percent": 70,
                    "evaluation_minutes": 15,
                },
            ]
        },
    )
    alarms = alarms_by_key(monitor)
    assert set(alarms) == {
        "service-api-cpu",
        "service-api-memory",
        "service-worker-cpu",
        "service-worker-memory",
    }
    for label, cpu, memory, minutes in (("api", 80, 80, 5), ("worker", 90, 70, 15)):
        dimensions = {"ClusterName": "shop", "ServiceName": f"shop-{label}"}
        assert single_metric(alarms[f"service-{label}-cpu"]) == ("AWS/ECS", "CPUUtilization", dimensions)
        assert single_metric(alarms[f"service-{label}-memory"]) == (
            "AWS/ECS",
            "MemoryUtilization",
            dimensions,
        )
        for what, threshold in (("cpu", cpu), ("memory", memory)):
            alarm = alarms[f"service-{label}-{what}"]
            assert alarm["statistic"] == "Average" and alarm["threshold"] == threshold
            assert alarm["comparisonOperator"] == "GreaterThanThreshold"
            assert alarm["period"] == 60 and alarm["evaluationPeriods"] == minutes


def test_database_defaults_cpu_and_free_storage_without_connections(monitor: RecordingMonitor) -> None:
    build(monitor, {"database": DATABASE})
    alarms = alarms_by_key(monitor)
    assert set(alarms) == {"db-cpu", "db-free-storage"}  # no max_connections, no replicas
    primary = {"DBInstanceIdentifier": "shop-db"}
    assert single_metric(alarms["db-cpu"]) == ("AWS/RDS", "CPUUtilization", primary)
    assert alarms["db-cpu"]["threshold"] == 80 and alarms["db-cpu"]["statistic"] == "Average"
    storage = alarms["db-free-storage"]
    assert single_metric(storage) == ("AWS/RDS", "FreeStorageSpace", primary)
    assert storage["statistic"] == "Minimum" and storage["comparisonOperator"] == "LessThanThreshold"
    assert storage["threshold"] == round(20 * GIB * 0.15)  # bytes: 15 % of 20 GiB
    assert "20 GB" in storage["alarmDescription"]


def test_database_connections_and_replica_lag(monitor: RecordingMonitor) -> None:
    build(
        monitor,
        {
            "database": {
                "identifier": "shop-db",
                "allocated_storage_gb": 100,
                "cpu_percent": 70,
                "free_storage_percent": 10,
                "max_connections": 200,
                "connections_percent": 90,
                "replica_identifiers": ["shop-db-replica-1", pulumi.Output.from_input("shop-db-replica-2")],
                "replica_lag_seconds": 30,
                "evaluation_minutes": 10,
            }
        },
    )
    alarms = alarms_by_key(monitor)
    assert set(alarms) == {
        "db-cpu",
        "db-free-storage",
        "db-connections",
        "db-replica-1-lag",
        "db-replica-2-lag",
    }
    assert alarms["db-cpu"]["threshold"] == 70
    assert alarms["db-free-storage"]["threshold"] == 10 * GIB
    connections = alarms["db-connections"]
    assert single_metric(connections) == (
        "AWS/RDS",
        "DatabaseConnections",
        {"DBInstanceIdentifier": "shop-db"},
    )
    assert connections["threshold"] == 180 and connections["statistic"] == "Maximum"  # 90 % of 200
    assert connections["comparisonOperator"] == "GreaterThanThreshold"
    for index in (1, 2):
        lag = alarms[f"db-replica-{index}-lag"]
        replica = {"DBInstanceIdentifier": f"shop-db-replica-{index}"}
        assert single_metric(lag) == ("AWS/RDS", "ReplicaLag", replica)
        assert lag["threshold"] == 30 and lag["statistic"] == "Maximum"
    assert all(alarm["evaluationPeriods"] == 10 for alarm in alarms.values())


def test_default_connections_share_is_80_percent(monitor: RecordingMonitor) -> None:
    build(monitor, {"database": {**DATABASE, "max_connections": 250}})
    assert alarms_by_key(monitor)["db-connections"]["threshold"] == 200


def test_cache_alarms_take_the_worst_node(monitor: RecordingMonitor) -> None:
    build(monitor, {"cache": CACHE})
    alarms = alarms_by_key(monitor)
    expected = {
        "cache-cpu": ("EngineCPUUtilization", "Average", "MAX", 80),
        "cache-memory": ("DatabaseMemoryUsagePercentage", "Average", "MAX", 80),
        "cache-evictions": ("Evictions", "Sum", "SUM", 0),
    }
    assert set(alarms) == set(expected)
    for key, (metric, stat, combine, threshold) in expected.items():
        alarm = alarms[key]
        *nodes, value = alarm["metricQueries"]
        assert [node["metric"] for node in nodes] == [
            {
                "namespace": "AWS/ElastiCache",
                "metricName": metric,
                "dimensions": {"CacheClusterId": f"shop-redis-00{index}"},
                "stat": stat,
                "period": 60,
            }
            for index in (1, 2)
        ]
        assert all(node["returnData"] is False for node in nodes)
        assert value["expression"] == f"{combine}([node1, node2])" and value["returnData"] is True
        assert alarm["threshold"] == threshold and alarm["comparisonOperator"] == "GreaterThanThreshold"
        assert alarm["evaluationPeriods"] == 5 and alarm["treatMissingData"] == "notBreaching"


def test_cache_knobs(monitor: RecordingMonitor) -> None:
    build(
        monitor,
        {
            "cache": {
                "replication_group_id": pulumi.Output.from_input("shop-valkey"),
                "nodes": 3,
                "cpu_percent": 60,
                "memory_percent": 75,
                "evictions": 100,
                "evaluation_minutes": 2,
            }
        },
    )
    alarms = alarms_by_key(monitor)
    nodes = [q["metric"]["dimensions"]["CacheClusterId"] for q in alarms["cache-cpu"]["metricQueries"][:-1]]
    assert nodes == ["shop-valkey-001", "shop-valkey-002", "shop-valkey-003"]
    assert alarms["cache-cpu"]["metricQueries"][-1]["expression"] == "MAX([node1, node2, node3])"
    assert alarms["cache-cpu"]["threshold"] == 60
    assert alarms["cache-memory"]["threshold"] == 75
    assert alarms["cache-evictions"]["threshold"] == 100
    assert all(alarm["evaluationPeriods"] == 2 for alarm in alarms.values())


def test_cdn_alarm_is_in_us_east_1_and_uses_the_main_topic_there(monitor: RecordingMonitor) -> None:
    out = build(monitor, {"cdn": CDN, "services": SERVICES})
    cdn = alarms_by_key(monitor)["cdn-5xx-rate"]
    dimensions = {"DistributionId": "E2QWRUHAPOMQZL", "Region": "Global"}
    assert single_metric(cdn) == ("AWS/CloudFront", "5xxErrorRate", dimensions)
    assert cdn["statistic"] == "Average" and cdn["threshold"] == 5
    assert cdn["comparisonOperator"] == "GreaterThanThreshold" and cdn["evaluationPeriods"] == 5
    assert cdn["region"] == "us-east-1"
    assert len(of_type(monitor, TOPIC)) == 1 and len(of_type(monitor, KEY)) == 1
    assert cdn["alarmActions"] == cdn["okActions"] == [out["topic_arn"]] == [out["cdn_topic_arn"]]
    others = [r for r in of_type(monitor, ALARM) if r.name != "shop-cdn-5xx-rate"]
    assert others and not any("region" in r.inputs for r in others)


def test_cdn_knobs(monitor: RecordingMonitor) -> None:
    build(monitor, {"cdn": {**CDN, "error_rate_percent": 1, "evaluation_minutes": 10}})
    cdn = alarms_by_key(monitor)["cdn-5xx-rate"]
    assert cdn["threshold"] == 1 and cdn["evaluationPeriods"] == 10


def test_cdn_outside_us_east_1_gets_a_topic_and_key_there(monitor: RecordingMonitor) -> None:
    monitor.mocks.aws_region = "eu-west-1"  # type: ignore[attr-defined]
    out = build(monitor, {"cdn": CDN, "services": SERVICES, "emails": ["ops@example.com"]})
    topics = {r.inputs.get("region"): r for r in of_type(monitor, TOPIC)}
    assert set(topics) == {None, "us-east-1"}
    main, east = topics[None], topics["us-east-1"]
    assert out["topic_arn"] == main.state["arn"] and out["cdn_topic_arn"] == east.state["arn"]

    keys = {r.inputs.get("region"): r for r in of_type(monitor, KEY)}
    assert set(keys) == {None, "us-east-1"}
    assert east.inputs["kmsMasterKeyId"] == keys["us-east-1"].state["arn"]
    assert main.inputs["kmsMasterKeyId"] == keys[None].state["arn"]
    assert statements(keys["us-east-1"]) == statements(keys[None])  # CloudWatch may use both
    aliases = {r.inputs.get("region"): r.inputs["name"] for r in of_type(monitor, ALIAS)}
    assert aliases == {None: "alias/shop-alarms", "us-east-1": "alias/shop-alarms"}

    policies = {r.inputs.get("region"): r for r in of_type(monitor, TOPIC_POLICY)}
    assert policies["us-east-1"].inputs["arn"] == east.state["arn"]
    assert statements(policies["us-east-1"])[0]["Principal"] == {"Service": "cloudwatch.amazonaws.com"}
    subscriptions = {(r.inputs.get("region"), r.inputs["topic"]) for r in of_type(monitor, SUBSCRIPTION)}
    assert subscriptions == {(None, main.state["arn"]), ("us-east-1", east.state["arn"])}

    alarms = alarms_by_key(monitor)
    assert alarms["cdn-5xx-rate"]["region"] == "us-east-1"
    assert (
        alarms["cdn-5xx-rate"]["alarmActions"] == alarms["cdn-5xx-rate"]["okActions"] == [east.state["arn"]]
    )
    assert alarms["service-api-cpu"]["alarmActions"] == [main.state["arn"]]
    regions = {w["properties"]["title"]: w["properties"]["region"] for w in widgets(monitor)}
    assert regions == {"Services": "eu-west-1", "CDN": "us-east-1"}


def test_outside_us_east_1_a_given_key_stays_in_its_region(monitor: RecordingMonitor) -> None:
    monitor.mocks.aws_region = "eu-west-1"  # type: ignore[attr-defined]
    given = "arn:aws:kms:eu-west-1:123456789012:key/11111111-2222-3333-4444-555555555555"
    build(monitor, {"cdn": CDN, "kms_key_arn": given})
    topics = {r.inputs.get("region"): r for r in of_type(monitor, TOPIC)}
    assert topics[None].inputs["kmsMasterKeyId"] == given
    (key,) = of_type(monitor, KEY)  # a KMS key is regional: us-east-1 gets its own
    assert key.inputs["region"] == "us-east-1"
    assert topics["us-east-1"].inputs["kmsMasterKeyId"] == key.state["arn"]


def test_without_cdn_there_is_one_topic_even_outside_us_east_1(monitor: RecordingMonitor) -> None:
    monitor.mocks.aws_region = "eu-west-1"  # type: ignore[attr-defined]
    out = build(monitor, {"services": SERVICES})
    assert len(of_type(monitor, TOPIC)) == 1 and out["cdn_topic_arn"] == ""
    assert not any("region" in r.inputs for r in monitor.registrations.values())


# -- slow queries -----------------------------------------------------------------------------------------


def test_slow_queries_are_counted_from_the_postgresql_log_per_5_minutes(monitor: RecordingMonitor) -> None:
    build(monitor, {"database": {**DATABASE, "slow_queries_per_5min": 10}})
    (metric_filter,) = of_type(monitor, METRIC_FILTER)
    assert metric_filter.inputs["logGroupName"] == "/aws/rds/instance/shop-db/postgresql"
    assert metric_filter.inputs["pattern"] == '"duration:"'  # the literal term, colon included
    assert metric_filter.inputs["name"] == "shop-db-slow-queries"
    assert metric_filter.inputs["metricTransformation"] == {
        "name": "shop-db-slow-queries",
        "namespace": "Stackyard/PostgreSQL",
        "value": "1",
        "unit": "Count",
    }
    alarm = alarms_by_key(monitor)["db-slow-queries"]
    assert (alarm["namespace"], alarm["metricName"]) == ("Stackyard/PostgreSQL", "shop-db-slow-queries")
    assert "dimensions" not in alarm  # a metric filter on plain text publishes no dimensions
    assert alarm["statistic"] == "Sum" and alarm["period"] == 300 and alarm["evaluationPeriods"] == 1
    assert alarm["comparisonOperator"] == "GreaterThanThreshold" and alarm["threshold"] == 10
    assert alarm["treatMissingData"] == "notBreaching"  # no slow statement logged: nothing to count
    assert "more than 10 statements slower than log_min_duration_statement" in alarm["alarmDescription"]
    (database,) = [w for w in widgets(monitor) if w["properties"]["title"] == "Database"]
    assert ["Stackyard/PostgreSQL", "shop-db-slow-queries"] in [
        row[:2] for row in database["properties"]["metrics"]
    ]


def test_zero_slow_queries_alarms_on_any_and_none_means_no_filter(monitor: RecordingMonitor) -> None:
    build(monitor, {"database": {**DATABASE, "slow_queries_per_5min": 0}, "physical_name": "shop-prod"})
    alarm = alarms_by_key(monitor)["db-slow-queries"]
    assert alarm["threshold"] == 0 and alarm["metricName"] == "shop-prod-db-slow-queries"
    assert one(monitor, METRIC_FILTER).inputs["metricTransformation"]["name"] == "shop-prod-db-slow-queries"


def test_without_slow_queries_there_is_no_metric_filter(monitor: RecordingMonitor) -> None:
    build(monitor, {"database": DATABASE})
    assert of_type(monitor, METRIC_FILTER) == [] and "db-slow-queries" not in alarms_by_key(monitor)


def test_slow_query_log_group_follows_an_identifier_output(monitor: RecordingMonitor) -> None:
    @pulumi.runtime.test
    def program() -> None:
        Alarms(
            "shop",
            {
                "database": {
                    "identifier": pulumi.Output.from_input("shop-prod-db"),
                    "allocated_storage_gb": 20,
                    "slow_queries_per_5min": 5,
                }
            },
        )

    program()
    assert one(monitor, METRIC_FILTER).inputs["logGroupName"] == "/aws/rds/instance/shop-prod-db/postgresql"


# -- uptime -----------------------------------------------------------------------------------------------


def test_uptime_is_a_route53_https_health_check_with_an_alarm_in_us_east_1(monitor: RecordingMonitor) -> None:
    out = build(monitor, {"uptime": UPTIME})
    health = one(monitor, HEALTH_CHECK)
    assert health.inputs == {
        "type": "HTTPS",
        "fqdn": "api.shop.example.com",
        "port": 443,
        "resourcePath": "/health",
        "enableSni": True,
        "requestInterval": 30,
        "failureThreshold": 3,
        "tags": {"Name": "shop-uptime-api"},
    }
    alarm = alarms_by_key(monitor)["uptime-api"]
    assert single_metric(alarm) == ("AWS/Route53", "HealthCheckStatus", {"HealthCheckId": health.id})
    assert alarm["statistic"] == "Minimum" and alarm["period"] == 60
    assert alarm["comparisonOperator"] == "LessThanThreshold" and alarm["threshold"] == 1
    assert alarm["evaluationPeriods"] == 2 and alarm["treatMissingData"] == "missing"
    assert alarm["region"] == "us-east-1"  # where Route 53 publishes its health check metrics
    assert alarm["alarmActions"] == alarm["okActions"] == [out["topic_arn"]] == [out["cdn_topic_arn"]]
    assert "https://api.shop.example.com/health has failed" in alarm["alarmDescription"]
    assert [w["properties"]["title"] for w in widgets(monitor)] == ["Uptime"]


def test_uptime_knobs(monitor: RecordingMonitor) -> None:
    build(
        monitor,
        {
            "uptime": [
                {
                    "name": "site",
                    "host": "shop.example.com",
                    "request_interval_seconds": 10,
                    "failure_threshold": 5,
                    "evaluation_minutes": 4,
                },
                {"name": "api", "host": pulumi.Output.from_input("api.shop.example.com")},
            ]
        },
    )
    checks = {r.name: r.inputs for r in of_type(monitor, HEALTH_CHECK)}
    site, api = checks["shop-uptime-site"], checks["shop-uptime-api"]
    assert site["resourcePath"] == "/" and site["requestInterval"] == 10 and site["failureThreshold"] == 5
    assert api["fqdn"] == "api.shop.example.com"
    alarms = alarms_by_key(monitor)
    assert alarms["uptime-site"]["evaluationPeriods"] == 4
    assert "https://shop.example.com/ has failed" in alarms["uptime-site"]["alarmDescription"]


def test_uptime_outside_us_east_1_shares_the_us_east_1_topic_with_the_cdn(monitor: RecordingMonitor) -> None:
    monitor.mocks.aws_region = "eu-west-1"  # type: ignore[attr-defined]
    out = build(monitor, {"uptime": UPTIME, "cdn": CDN, "services": SERVICES, "emails": ["ops@example.com"]})
    topics = {r.inputs.get("region"): r for r in of_type(monitor, TOPIC)}
    assert set(topics) == {None, "us-east-1"}  # one topic there for both
    east = topics["us-east-1"]
    assert out["cdn_topic_arn"] == east.state["arn"]
    alarms = alarms_by_key(monitor)
    for key in ("uptime-api", "cdn-5xx-rate"):
        assert alarms[key]["region"] == "us-east-1" and alarms[key]["alarmActions"] == [east.state["arn"]]
    assert alarms["service-api-cpu"]["alarmActions"] == [topics[None].state["arn"]]
    assert "region" not in one(monitor, HEALTH_CHECK).inputs  # Route 53 is global
    regions = {w["properties"]["title"]: w["properties"]["region"] for w in widgets(monitor)}
    assert regions == {"Services": "eu-west-1", "CDN": "us-east-1", "Uptime": "us-east-1"}


def test_uptime_alone_outside_us_east_1_gets_its_topic_there(monitor: RecordingMonitor) -> None:
    monitor.mocks.aws_region = "ap-south-1"  # type: ignore[attr-defined]
    out = build(monitor, {"uptime": UPTIME})
    topics = {r.inputs.get("region"): r for r in of_type(monitor, TOPIC)}
    assert set(topics) == {None, "us-east-1"}
    assert out["cdn_topic_arn"] == topics["us-east-1"].state["arn"] != out["topic_arn"]
    assert alarms_by_key(monitor)["uptime-api"]["alarmActions"] == [out["cdn_topic_arn"]]


# -- custom alarms ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(("period", "periods"), [(60, 30), (300, 6)])
def test_custom_queue_backlog_above_50_for_30_minutes(
    monitor: RecordingMonitor, period: int, periods: int
) -> None:
    build(
        monitor,
        {
            "custom": [
                {
                    "name": "review-backlog",
                    "namespace": "PropFlow/Queues",
                    "metric_name": "PendingReviews",
                    "dimensions": {"Queue": "reviews"},
                    "statistic": "Maximum",
                    "threshold": 50,
                    "period_seconds": period,
                    "evaluation_periods": periods,
                }
            ]
        },
    )
    backlog = alarms_by_key(monitor)["custom-review-backlog"]
    assert single_metric(backlog) == ("PropFlow/Queues", "PendingReviews", {"Queue": "reviews"})
    assert backlog["statistic"] == "Maximum" and "extendedStatistic" not in backlog
    assert backlog["threshold"] == 50 and backlog["comparisonOperator"] == "GreaterThanThreshold"
    assert backlog["period"] == period and backlog["evaluationPeriods"] == periods
    assert backlog["period"] * backlog["evaluationPeriods"] == 30 * 60
    assert "datapointsToAlarm" not in backlog and backlog["treatMissingData"] == "notBreaching"
    assert backlog["name"] == "shop-custom-review-backlog"
    assert "PropFlow/Queues PendingReviews" in backlog["alarmDescription"]


def test_custom_ai_latency_p95_above_5_seconds_and_every_knob(monitor: RecordingMonitor) -> None:
    build(
        monitor,
        {
            "custom": [
                {
                    "name": "ai-latency",
                    "namespace": "Chowkar/AI",
                    "metric_name": "CompletionSeconds",
                    "statistic": "p95",
                    "threshold": 5,
                    "evaluation_periods": 10,
                    "datapoints_to_alarm": 8,
                    "treat_missing_data": "ignore",
                    "description": "AI answers are slow: check the model provider's status page.",
                },
                {
                    "name": "healthy-workers",
                    "namespace": "Chowkar/Workers",
                    "metric_name": "Heartbeats",
                    "statistic": "SampleCount",
                    "comparison": "<=",
                    "threshold": 0,
                    "treat_missing_data": "breaching",
                },
                {
                    "name": "retries",
                    "namespace": "Chowkar/AI",
                    "metric_name": "Retries",
                    "statistic": "p99.9",
                    "comparison": ">=",
                    "threshold": 3,
                    "period_seconds": 10,
                },
                {
                    "name": "queue-age",
                    "namespace": "AWS/SQS",
                    "metric_name": "Age",
                    "comparison": "<",
                    "threshold": 1,
                },
            ]
        },
    )
    alarms = alarms_by_key(monitor)
    latency = alarms["custom-ai-latency"]
    assert latency["extendedStatistic"] == "p95" and "statistic" not in latency
    assert latency["evaluateLowSampleCountPercentiles"] == "ignore"
    assert latency["threshold"] == 5 and latency["comparisonOperator"] == "GreaterThanThreshold"
    assert latency["evaluationPeriods"] == 10 and latency["datapointsToAlarm"] == 8
    assert latency["treatMissingData"] == "ignore" and "dimensions" not in latency
    assert latency["alarmDescription"] == "AI answers are slow: check the model provider's status page."
    workers = alarms["custom-healthy-workers"]
    assert (
        workers["statistic"] == "SampleCount"
        and workers["comparisonOperator"] == "LessThanOrEqualToThreshold"
    )
    assert workers["treatMissingData"] == "breaching"
    retries = alarms["custom-retries"]
    assert retries["extendedStatistic"] == "p99.9" and retries["period"] == 10
    assert retries["comparisonOperator"] == "GreaterThanOrEqualToThreshold"
    age = alarms["custom-queue-age"]
    assert age["statistic"] == "Average" and age["comparisonOperator"] == "LessThanThreshold"
    assert age["period"] == 60 and age["evaluationPeriods"] == 5


# -- dashboard --------------------------------------------------------------------------------------------


def test_dashboard_has_one_widget_per_preset_that_is_on(monitor: RecordingMonitor) -> None:
    build(monitor, EVERYTHING)
    found = widgets(monitor)
    assert [w["properties"]["title"] for w in found] == list(WIDGET_TITLES.values())
    namespaces = {
        w["properties"]["title"]: {row[0] for row in w["properties"]["metrics"] if isinstance(row[0], str)}
        for w in found
    }
    assert namespaces == {
        "Load balancer": {"AWS/ApplicationELB"},
        "Services": {"AWS/ECS"},
        "Database": {"AWS/RDS"},
        "Cache": {"AWS/ElastiCache"},
        "CDN": {"AWS/CloudFront"},
        "Uptime": {"AWS/Route53"},
        "Custom metrics": {"PropFlow/Queues"},
    }
    assert all(w["type"] == "metric" and w["width"] == 12 and w["height"] == 6 for w in found)
    assert len({(w["x"], w["y"]) for w in found}) == len(found)  # no two widgets on top of each other
    regions = {w["properties"]["title"]: w["properties"]["region"] for w in found}
    assert regions["CDN"] == regions["Uptime"] == regions["Database"] == "us-east-1"


def test_dashboard_graphs_show_the_alarmed_metrics(monitor: RecordingMonitor) -> None:
    build(monitor, {**EVERYTHING, "load_balancer": {**LOAD_BALANCER, "p99_latency_ms": 2000}})
    by_title = {w["properties"]["title"]: w["properties"]["metrics"] for w in widgets(monitor)}
    lb = by_title["Load balancer"]
    assert lb[0] == [
        {"id": "rate", "expression": "100 * FILL(errors, 0) / requests", "label": "Target 5xx rate (%)"}
    ]
    assert lb[1][:4] == ["AWS/ApplicationELB", "HTTPCode_Target_5XX_Count", "LoadBalancer", ALB]
    assert [row[-1]["stat"] for row in lb[3:]] == ["p95", "p99"]
    assert by_title["Services"][0][:6] == [
        "AWS/ECS",
        "CPUUtilization",
        "ClusterName",
        "shop",
        "ServiceName",
        "shop-api",
    ]
    assert by_title["Database"][0][:4] == ["AWS/RDS", "CPUUtilization", "DBInstanceIdentifier", "shop-db"]
    assert {row[3] for row in by_title["Cache"]} == {"shop-redis-001", "shop-redis-002"}
    assert by_title["CDN"][0][:6] == [
        "AWS/CloudFront",
        "5xxErrorRate",
        "DistributionId",
        "E2QWRUHAPOMQZL",
        "Region",
        "Global",
    ]
    assert by_title["Custom metrics"] == [
        ["PropFlow/Queues", "PendingReviews", {"label": "review-backlog", "stat": "Maximum", "period": 60}]
    ]


# -- names, tags, parents ---------------------------------------------------------------------------------


def test_names_fit_limits_with_a_40_character_name(monitor: RecordingMonitor) -> None:
    assert len(NAME_40) == 40
    args = {
        **EVERYTHING,
        "load_balancer": {
            "arn_suffix": ALB,
            "p99_latency_ms": 2000,
            "target_groups": [{"name": "a" * 40, "arn_suffix": TG_API}],
        },
        "services": [{"name": "s" * 40, "cluster_name": "c", "service_name": "s"}],
        "database": {**DATABASE, "max_connections": 100, "replica_identifiers": ["r1"]},
        "custom": [{**CUSTOM[0], "name": "c" * 40}],
    }
    out = build(monitor, args, name=NAME_40)
    names = [r.inputs["name"] for r in of_type(monitor, ALARM)]
    assert len(names) == len(set(names)) == 17
    assert all(len(n) <= 255 and ALARM_NAME.match(n) for n in names)
    assert all(n.startswith(f"{NAME_40}-") for n in names)
    assert sorted(out["alarm_names"]) == sorted(names)
    assert out["dashboard_name"] == f"{NAME_40}-alarms" and len(out["dashboard_name"]) <= 255
    topic = one(monitor, TOPIC)
    assert len(topic.inputs["namePrefix"]) + 26 <= 256 and len(topic.state["name"]) <= 256
    assert len(one(monitor, ALIAS).inputs["name"]) <= 256


def test_names_are_valid_and_stable_for_any_component_name(monitor: RecordingMonitor) -> None:
    out = build(monitor, {"services": SERVICES, "cdn": CDN}, name="Shop_Prod")
    assert out["alarm_names"] == [
        "shop-prod-service-api-cpu",
        "shop-prod-service-api-memory",
        "shop-prod-cdn-5xx-rate",
    ]
    assert out["dashboard_name"] == "shop-prod-alarms"
    assert one(monitor, TOPIC).inputs["namePrefix"] == "shop-prod-alarms-"


def test_very_long_component_names_are_shortened_with_a_hash(monitor: RecordingMonitor) -> None:
    name = "x" * 300
    out = build(monitor, {"services": SERVICES}, name=name)
    assert out["alarm_names"] == [
        physical_name(f"{name}-service-api-{what}", 255) for what in ("cpu", "memory")
    ]
    assert all(len(n) == 255 for n in out["alarm_names"]) and len(set(out["alarm_names"])) == 2
    assert len(out["dashboard_name"]) <= 255


def test_tags_reach_every_taggable_resource(monitor: RecordingMonitor) -> None:
    build(monitor, {**EVERYTHING, "tags": {"team": "web"}})
    tagged = [r for r in monitor.registrations.values() if r.custom and r.type not in UNTAGGABLE]
    assert {r.type for r in tagged} == {ALARM, TOPIC, KEY, HEALTH_CHECK}
    assert all(r.inputs["tags"]["team"] == "web" and r.inputs["tags"]["Name"] for r in tagged)


def test_every_child_is_parented_to_the_component(monitor: RecordingMonitor) -> None:
    build(monitor, {**EVERYTHING, "https_endpoints": ["https://hooks.example.com/x"]})
    component = one(monitor, COMPONENT)
    assert component.urn == "urn:pulumi:test::stackyard::stackyard-aws:index:Alarms::shop"
    children = [r for r in monitor.registrations.values() if r.custom]
    assert {r.type for r in children} == {
        KEY,
        ALIAS,
        TOPIC,
        TOPIC_POLICY,
        SUBSCRIPTION,
        ALARM,
        DASHBOARD,
        HEALTH_CHECK,
    }
    assert all(r.parent == component.urn for r in children)
    assert not any(r.protect for r in monitor.registrations.values())


# -- bad arguments ----------------------------------------------------------------------------------------


def custom(**overrides: Any) -> dict[str, Any]:
    return {"custom": [{**CUSTOM[0], **overrides}]}


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            {"emails": ["ops.example.com"]},
            "Alarms emails 'ops.example.com' is not allowed; use e-mail addresses",
        ),
        ({"emails": ["ops@example"]}, "Alarms emails 'ops@example' is not allowed"),
        (
            {"uptime": [{"name": "api", "host": "https://api.shop.example.com"}]},
            r"Alarms uptime\[0\].host 'https://api.shop.example.com' is not allowed; use a public DNS name",
        ),
        (
            {"uptime": [{"name": "api", "host": "api.shop.example.com", "path": "health"}]},
            r"Alarms uptime\[0\].path 'health' is not allowed; use a path starting with /",
        ),
        (
            {"uptime": [{"name": "api", "host": "api.shop.example.com", "path": "/" + "x" * 255}]},
            "at most 255 characters",
        ),
        (
            {"uptime": [{"name": "api", "host": "a.example.com", "request_interval_seconds": 60}]},
            r"Alarms uptime\[0\].request_interval_seconds 60 is not allowed; "
            r"use one of 10, 30",
        ),
        (
            {"uptime": [{"name": "api", "host": "a.example.com", "failure_threshold": 11}]},
            r"Alarms uptime\[0\].failure_threshold 11 is not allowed; use a whole number from 1 to 10",
        ),
        (
            {"uptime": [{"name": "api", "host": "a.example.com"}, {"name": "api", "host": "b.example.com"}]},
            r"Alarms uptime\[1\].name 'api' is already used",
        ),
        ({"uptime": [{"name": "api"}]}, r"Alarms uptime\[0\].host is required"),
        (
            {"uptime": [{"name": "Api", "host": "a.example.com"}]},
            r"Alarms uptime\[0\].name 'Api' is not allowed",
        ),
        (
            {"uptime": [{"name": "api", "host": "a.example.com", "interval": 30}]},
            r"`uptime\[0\].interval` is not an argument of Alarms; use one of evaluation_minutes",
        ),
        (
            {"database": {**DATABASE, "slow_queries_per_5min": -1}},
            "Alarms database.slow_queries_per_5min -1 is not allowed; use a whole number of 0 or more",
        ),
        (
            {"database": {**DATABASE, "slow_queries_per_5min": 2.5}},
            "Alarms database.slow_queries_per_5min 2.5 is not allowed",
        ),
        ({"emails": "ops@example.com"}, "Alarms emails 'ops@example.com' is not allowed; use a list"),
        ({"emails": ["a@example.com", "A@example.com"]}, "Alarms emails 'A@example.com' is listed twice"),
        (
            {"https_endpoints": ["http://hooks.example.com/x"]},
            "Alarms https_endpoints 'http://hooks.example.com/x' is not allowed; use https:// URLs",
        ),
        (
            {"https_endpoints": ["hooks.example.com"]},
            "Alarms https_endpoints 'hooks.example.com' is not allowed",
        ),
        (
            {"kms_key_arn": "alias/aws/sns"},
            "Alarms kms_key_arn 'alias/aws/sns' is not allowed; use a customer-managed",
        ),
        (
            {"kms_key_arn": "arn:aws:kms:us-east-1:123456789012:alias/aws/sns"},
            "Alarms kms_key_arn 'arn:aws:kms:us-east-1:123456789012:alias/aws/sns' is not allowed",
        ),
        ({"alarms": []}, "`alarms` is not an argument of Alarms; use one of cache, cdn, custom"),
        ({"tags": {"team": 1}}, "Alarms tags {'team': 1} is not allowed"),
        # load balancer
        ({"load_balancer": {}}, r"Alarms load_balancer.arn_suffix is required"),
        ({"load_balancer": "app/shop/1"}, "Alarms load_balancer 'app/shop/1' is not allowed; use a dict"),
        (
            {
                "load_balancer": {
                    "arn_suffix": "arn:aws:elasticloadbalancing:us-east-1:1:loadbalancer/app/s/1"
                }
            },
            r"Alarms load_balancer.arn_suffix 'arn:aws:elastic.* is not allowed; use the ARN suffix",
        ),
        (
            {"load_balancer": {"arn_suffix": ALB, "error_rate": 5}},
            "`load_balancer.error_rate` is not an argument of Alarms; did you mean "
            "`load_balancer.error_rate_percent`",
        ),
        (
            {"load_balancer": {"arn_suffix": ALB, "error_rate_percent": 0}},
            "Alarms load_balancer.error_rate_percent 0 is not allowed; use a number from above 0 to 100",
        ),
        (
            {"load_balancer": {"arn_suffix": ALB, "error_rate_percent": 101}},
            "error_rate_percent 101 is not allowed",
        ),
        (
            {"load_balancer": {"arn_suffix": ALB, "error_rate_percent": "5"}},
            "error_rate_percent '5' is not allowed",
        ),
        (
            {"load_balancer": {"arn_suffix": ALB, "p95_latency_ms": 0}},
            "Alarms load_balancer.p95_latency_ms 0 is not allowed; use a whole number of 1 or more",
        ),
        ({"load_balancer": {"arn_suffix": ALB, "p99_latency_ms": 1.5}}, "p99_latency_ms 1.5 is not allowed"),
        (
            {"load_balancer": {"arn_suffix": ALB, "evaluation_minutes": 0}},
            "Alarms load_balancer.evaluation_minutes 0 is not allowed; use a whole number from 1 to 1440",
        ),
        ({"load_balancer": {"arn_suffix": ALB, "evaluation_minutes": 1441}}, "evaluation_minutes 1441"),
        (
            {"load_balancer": {"arn_suffix": ALB, "target_groups": [{"name": "api"}]}},
            r"Alarms load_balancer.target_groups\[0\].arn_suffix is required",
        ),
        (
            {"load_balancer": {"arn_suffix": ALB, "target_groups": [{"name": "API", "arn_suffix": TG_API}]}},
            r"Alarms load_balancer.target_groups\[0\].name 'API' is not allowed; use lowercase letters",
        ),
        (
            {
                "load_balancer": {
                    "arn_suffix": ALB,
                    "target_groups": [
                        {"name": "api", "arn_suffix": TG_API},
                        {"name": "api", "arn_suffix": TG_WEB},
                    ],
                }
            },
            r"Alarms load_balancer.target_groups\[1\].name 'api' is already used",
        ),
        (
            {
                "load_balancer": {
                    "arn_suffix": ALB,
                    "target_groups": [{"name": "api", "arn_suffix": "shop-api"}],
                }
            },
            r"Alarms load_balancer.target_groups\[0\].arn_suffix 'shop-api' is not allowed",
        ),
        # services
        (
            {"services": [{"name": "api", "cluster_name": "shop"}]},
            r"Alarms services\[0\].service_name is required",
        ),
        (
            {
                "services": [
                    {"name": "api", "cluster_name": "shop", "service_name": "shop-api", "cpu_percent": 0}
                ]
            },
            r"Alarms services\[0\].cpu_percent 0 is not allowed; use a number from above 0 to 100",
        ),
        (
            {"services": [{"name": "api", "cluster_name": "s", "service_name": "s", "memory_percent": 120}]},
            r"Alarms services\[0\].memory_percent 120 is not allowed",
        ),
        ({"services": [SERVICES[0], SERVICES[0]]}, r"Alarms services\[1\].name 'api' is already used"),
        (
            {"services": [{"name": "a" * 41, "cluster_name": "s", "service_name": "s"}]},
            r"Alarms services\[0\].name 'a{41}' is not allowed",
        ),
        ({"services": {"api": SERVICES[0]}}, "Alarms services .* is not allowed; use a list"),
        # database
        ({"database": {"identifier": "shop-db"}}, "Alarms database.allocated_storage_gb is required"),
        (
            {"database": {**DATABASE, "allocated_storage_gb": 0}},
            "Alarms database.allocated_storage_gb 0 is not allowed; use a whole number from 1 to 65536",
        ),
        (
            {"database": {**DATABASE, "free_storage_percent": 100}},
            "Alarms database.free_storage_percent 100 is not allowed; use a number above 0 and below 100",
        ),
        (
            {"database": {**DATABASE, "max_connections": 0}},
            "Alarms database.max_connections 0 is not allowed",
        ),
        ({"database": {**DATABASE, "connections_percent": 0}}, "Alarms database.connections_percent 0"),
        ({"database": {**DATABASE, "replica_lag_seconds": 0}}, "Alarms database.replica_lag_seconds 0"),
        (
            {"database": {**DATABASE, "replica_identifiers": [""]}},
            r"Alarms database.replica_identifiers\[0\] ''",
        ),
        ({"database": {**DATABASE, "cpu": 80}}, "`database.cpu` is not an argument of Alarms; use one of"),
        # cache and CDN
        ({"cache": {}}, "Alarms cache.replication_group_id is required"),
        (
            {"cache": {**CACHE, "nodes": 7}},
            "Alarms cache.nodes 7 is not allowed; use a whole number from 1 to 6",
        ),
        (
            {"cache": {**CACHE, "evictions": -1}},
            "Alarms cache.evictions -1 is not allowed; use a whole number of 0",
        ),
        ({"cache": {**CACHE, "memory_percent": 0}}, "Alarms cache.memory_percent 0 is not allowed"),
        ({"cdn": {}}, "Alarms cdn.distribution_id is required"),
        ({"cdn": {**CDN, "error_rate_percent": 0}}, "Alarms cdn.error_rate_percent 0 is not allowed"),
        # custom
        (
            custom(comparison="=>"),
            r"Alarms custom\[0\].comparison '=>' is not allowed; use one of >, >=, <, <=",
        ),
        (custom(comparison="GreaterThanThreshold"), r"Alarms custom\[0\].comparison 'GreaterThanThreshold'"),
        (
            custom(statistic="avg"),
            r"Alarms custom\[0\].statistic 'avg' is not allowed; use one of Average, Sum",
        ),
        (custom(statistic="p101"), r"Alarms custom\[0\].statistic 'p101' is not allowed"),
        (custom(statistic="P95"), r"Alarms custom\[0\].statistic 'P95' is not allowed"),
        (custom(threshold="50"), r"Alarms custom\[0\].threshold '50' is not allowed; use a number"),
        (custom(threshold=True), r"Alarms custom\[0\].threshold True is not allowed"),
        (custom(period_seconds=45), r"Alarms custom\[0\].period_seconds 45 is not allowed; use 10, 20, 30"),
        (
            custom(period_seconds=60, evaluation_periods=1441),
            r"Alarms custom\[0\].evaluation_periods 1441 is not allowed; use 1 to 1440 with period_seconds",
        ),
        (custom(evaluation_periods=0), r"Alarms custom\[0\].evaluation_periods 0 is not allowed"),
        (
            custom(evaluation_periods=5, datapoints_to_alarm=6),
            r"Alarms custom\[0\].datapoints_to_alarm 6 is not allowed; use a whole number from 1 to 5",
        ),
        (custom(treat_missing_data="zero"), r"Alarms custom\[0\].treat_missing_data 'zero' is not allowed"),
        (custom(name="Review Backlog"), r"Alarms custom\[0\].name 'Review Backlog' is not allowed"),
        (custom(namespace=""), r"Alarms custom\[0\].namespace is required"),
        (custom(dimensions={"QueueName": ""}), r"Alarms custom\[0\].dimensions .* is not allowed"),
        (custom(description="x" * 1025), r"Alarms custom\[0\].description 'x+' is not allowed"),
        (custom(unit="Count"), r"`custom\[0\].unit` is not an argument of Alarms"),
        ({"custom": [CUSTOM[0], CUSTOM[0]]}, r"Alarms custom\[1\].name 'review-backlog' is already used"),
        (
            {"custom": [{"name": "x", "namespace": "N", "metric_name": "M"}]},
            r"Alarms custom\[0\].threshold is required",
        ),
    ],
)
def test_bad_arguments_raise_clear_errors(
    monitor: RecordingMonitor, args: dict[str, Any], message: str
) -> None:
    with pytest.raises(ValueError, match=message):
        Alarms("bad", args)  # type: ignore[arg-type]
    assert monitor.registrations == {}  # checked before anything is registered, the component included


def test_periods_of_an_hour_may_span_a_week(monitor: RecordingMonitor) -> None:
    build(monitor, custom(period_seconds=3600, evaluation_periods=168))
    assert alarms_by_key(monitor)["custom-review-backlog"]["evaluationPeriods"] == 168
    with pytest.raises(
        ValueError, match=r"evaluation_periods 169 is not allowed; use 1 to 168 with period_seconds"
    ):
        Alarms("bad", custom(period_seconds=3600, evaluation_periods=169))  # type: ignore[arg-type]


def test_docstring_example_runs(monitor: RecordingMonitor) -> None:
    run_docstring_example(Alarms)
    alarms = alarms_by_key(monitor)
    assert set(alarms) == set().union(*(PRESET_ALARMS[p] for p in PRESET_ALARMS if p != "cdn")) | {
        "db-connections",
        "db-slow-queries",
    }
    topic = one(monitor, TOPIC)
    assert all(a["alarmActions"] == a["okActions"] == [topic.state["arn"]] for a in alarms.values())
    assert alarms["custom-review-backlog"]["evaluationPeriods"] == 30
    assert alarms["db-connections"]["threshold"] == 160
    assert one(monitor, SUBSCRIPTION).inputs["endpoint"] == "ops@example.com"
    assert len(widgets(monitor)) == 6
    assert one(monitor, HEALTH_CHECK).inputs["fqdn"] == "api.shop.example.com"
