"""components.gcp.Alarms: one e-mail channel per address, every preset's exact filter, aggregation and
threshold (Cloud Run CPU and memory, slow queries from a log-based metric, uptime checks included), policies
that notify every channel and close themselves, custom policies, the dashboard, names and argument checks."""

from __future__ import annotations

import asyncio
import json
from typing import Any, cast

import pulumi
import pytest

from components.gcp.alarms import DISPLAY_NAME_LIMIT, Alarms, AlarmsArgs, AlarmsService
from stacks.mocks import MOCK_GCP_PROJECT, RecordingMonitor, Registration, StackyardMocks
from tests.conftest import of_type
from tests.docexamples import run_docstring_example

COMPONENT = "stackyard-gcp:index:Alarms"
CHANNEL = "gcp:monitoring/notificationChannel:NotificationChannel"
POLICY = "gcp:monitoring/alertPolicy:AlertPolicy"
DASHBOARD = "gcp:monitoring/dashboard:Dashboard"
UPTIME_CHECK = "gcp:monitoring/uptimeCheckConfig:UptimeCheckConfig"
LOG_METRIC = "gcp:logging/metric:Metric"
CLIENT_CONFIG = "gcp:organizations/getClientConfig:getClientConfig"

NAME_40 = "payments-ledger-alerting-production-euw1"
RUN = (
    'resource.type="cloud_run_revision" AND resource.labels.service_name="{}" AND '
    'metric.type="run.googleapis.com/{}"'
)
SQL = (
    'resource.type="cloudsql_database" AND resource.labels.database_id="{}" AND '
    'metric.type="cloudsql.googleapis.com/database/{}"'
)
REDIS = (
    'resource.type="redis_instance" AND resource.labels.instance_id="{}" AND '
    'metric.type="redis.googleapis.com/stats/memory/usage_ratio"'
)
REDIS_NAME = f"projects/{MOCK_GCP_PROJECT}/locations/us-central1/instances/shop-redis"

EMAILS = ["ops@example.com", "Oncall@Example.org"]
SERVICE: dict[str, Any] = {"name": "shop-api"}
DATABASE: dict[str, Any] = {"instance_name": "shop-db", "max_connections": 100}
CACHE: dict[str, Any] = {"instance_id": "shop-redis"}
CUSTOM: list[dict[str, Any]] = [
    {"name": "review-backlog", "metric_type": "custom.googleapis.com/queue/pending", "threshold": 50}
]
EVERYTHING: dict[str, Any] = {
    "emails": EMAILS,
    "services": [SERVICE],
    "database": DATABASE,
    "cache": CACHE,
    "custom": CUSTOM,
}
ALL_POLICIES = {
    "service-shop-api-5xx-rate",
    "service-shop-api-p95-latency",
    "service-shop-api-cpu",
    "service-shop-api-memory",
    "db-cpu",
    "db-disk",
    "db-connections",
    "cache-memory",
    "custom-review-backlog",
}


def build(monitor: RecordingMonitor, args: dict[str, Any], name: str = "shop") -> dict[str, Any]:
    """Create Alarms under mocks; return its resolved outputs."""
    resolved: dict[str, Any] = {}
    full = cast(AlarmsArgs, args)

    @pulumi.runtime.test
    def program() -> pulumi.Output:
        alarms = Alarms(name, full)
        return pulumi.Output.all(
            channel_ids=alarms.channel_ids,
            alert_policy_names=alarms.alert_policy_names,
            dashboard_id=alarms.dashboard_id,
        ).apply(resolved.update)

    program()
    assert resolved, "the Alarms' outputs never resolved"
    return resolved


def policies(monitor: RecordingMonitor, name: str = "shop") -> dict[str, dict[str, Any]]:
    """Each policy's inputs by the part of its logical name after `<name>-`."""
    return {r.name.removeprefix(f"{name}-"): r.inputs for r in of_type(monitor, POLICY)}


def threshold(policy: dict[str, Any]) -> dict[str, Any]:
    (condition,) = policy["conditions"]
    return condition["conditionThreshold"]


def one(monitor: RecordingMonitor, type_: str) -> Registration:
    (found,) = of_type(monitor, type_)
    return found


def dashboard(monitor: RecordingMonitor) -> dict[str, Any]:
    return json.loads(one(monitor, DASHBOARD).inputs["dashboardJson"])


def calls(monitor: RecordingMonitor, token: str) -> list[dict[str, Any]]:
    return [args for name, args in cast(StackyardMocks, monitor.mocks).calls if name == token]


def aggregation(aligner: str, reducer: str | None = None, group_by: str | None = None) -> dict[str, Any]:
    step: dict[str, Any] = {"alignmentPeriod": "60s", "perSeriesAligner": aligner}
    if reducer:
        step["crossSeriesReducer"] = reducer
    if group_by:
        step["groupByFields"] = [group_by]
    return step


# -- channels and outputs ---------------------------------------------------------------------------------


def test_one_email_channel_per_address(monitor: RecordingMonitor) -> None:
    out = build(monitor, {"emails": EMAILS})
    channels = {r.name: r.inputs for r in of_type(monitor, CHANNEL)}
    assert set(channels) == {"shop-email-ops@example.com", "shop-email-oncall@example.org"}
    for email in EMAILS:
        channel = channels[f"shop-email-{email.lower()}"]
        assert channel["type"] == "email"
        assert channel["labels"] == {"email_address": email}
        assert channel["displayName"] == f"shop alarms: {email}"
        assert channel["userLabels"] == {"managed-by": "stackyard"}
        assert channel["enabled"] is True
    by_name = {r.name: r.id for r in of_type(monitor, CHANNEL)}
    assert out["channel_ids"] == [by_name[f"shop-email-{e.lower()}"] for e in EMAILS]  # in the order given
    assert all(i.startswith(f"projects/{MOCK_GCP_PROJECT}/notificationChannels/") for i in out["channel_ids"])


def test_outputs_are_the_policy_names_and_the_dashboard_id(monitor: RecordingMonitor) -> None:
    out = build(monitor, EVERYTHING)
    assert sorted(out["alert_policy_names"]) == sorted(r.state["name"] for r in of_type(monitor, POLICY))
    assert len(out["alert_policy_names"]) == len(ALL_POLICIES)
    assert all(n.startswith(f"projects/{MOCK_GCP_PROJECT}/alertPolicies/") for n in out["alert_policy_names"])
    assert out["dashboard_id"] == one(monitor, DASHBOARD).id
    component = one(monitor, COMPONENT)
    assert all(r.parent == component.urn for r in monitor.registrations.values() if r.custom)


def test_no_preset_means_channels_only(monitor: RecordingMonitor) -> None:
    out = build(monitor, {"emails": ["ops@example.com"], "services": [], "custom": [], "database": None})
    assert of_type(monitor, POLICY) == [] and of_type(monitor, DASHBOARD) == []
    assert out["alert_policy_names"] == [] and out["dashboard_id"] == ""
    assert len(of_type(monitor, CHANNEL)) == 1
    assert calls(monitor, CLIENT_CONFIG) == []  # nothing needed the provider's project


# -- every policy -----------------------------------------------------------------------------------------


def test_every_policy_notifies_every_channel_and_closes_itself(monitor: RecordingMonitor) -> None:
    out = build(monitor, EVERYTHING)
    found = policies(monitor)
    assert set(found) == ALL_POLICIES
    for key, policy in found.items():
        assert sorted(policy["notificationChannels"]) == sorted(out["channel_ids"]), key
        assert len(policy["notificationChannels"]) == 2
        assert policy["combiner"] == "OR"
        assert policy["enabled"] is True
        assert policy["alertStrategy"] == {"autoClose": "1800s"}
        assert policy["documentation"]["mimeType"] == "text/markdown"
        assert "Check" in policy["documentation"]["content"]
        assert policy["severity"] in ("ERROR", "WARNING")
        assert policy["userLabels"] == {"managed-by": "stackyard"}
        assert policy["displayName"].startswith("shop ")
        condition = threshold(policy)
        assert condition["evaluationMissingData"] == "EVALUATION_MISSING_DATA_INACTIVE"
        assert condition["comparison"] == "COMPARISON_GT"
        assert condition["duration"] == "300s"  # 5 minutes by default
        assert "project" not in policy  # the provider's project


def test_severities(monitor: RecordingMonitor) -> None:
    build(monitor, EVERYTHING)
    severity = {key: policy["severity"] for key, policy in policies(monitor).items()}
    assert severity == {
        "service-shop-api-5xx-rate": "ERROR",
        "service-shop-api-p95-latency": "WARNING",
        "service-shop-api-cpu": "WARNING",
        "service-shop-api-memory": "WARNING",
        "db-cpu": "WARNING",
        "db-disk": "ERROR",
        "db-connections": "ERROR",
        "cache-memory": "WARNING",
        "custom-review-backlog": "WARNING",
    }


# -- services ---------------------------------------------------------------------------------------------


def test_service_5xx_ratio(monitor: RecordingMonitor) -> None:
    build(monitor, {"emails": EMAILS, "services": [SERVICE]})
    policy = policies(monitor)["service-shop-api-5xx-rate"]
    assert policy["displayName"] == "shop shop-api 5xx rate"
    assert policy["conditions"][0]["displayName"] == "shop-api 5xx rate"
    condition = threshold(policy)
    assert condition["filter"] == (
        'resource.type="cloud_run_revision" AND resource.labels.service_name="shop-api" AND '
        'metric.type="run.googleapis.com/request_count" AND metric.labels.response_code_class="5xx"'
    )
    assert condition["denominatorFilter"] == RUN.format("shop-api", "request_count")
    total = aggregation("ALIGN_RATE", "REDUCE_SUM", "resource.label.service_name")
    assert condition["aggregations"] == [total]
    assert condition["denominatorAggregations"] == [total]
    assert condition["comparison"] == "COMPARISON_GT"
    assert condition["thresholdValue"] == 0.05
    assert condition["duration"] == "300s"
    assert "more than 5% of the requests" in policy["documentation"]["content"].lower()


def test_service_p95_latency_takes_the_percentile_of_the_whole_distribution(
    monitor: RecordingMonitor,
) -> None:
    build(monitor, {"emails": EMAILS, "services": [SERVICE]})
    policy = policies(monitor)["service-shop-api-p95-latency"]
    assert policy["displayName"] == "shop shop-api p95 latency"
    condition = threshold(policy)
    assert condition["filter"] == RUN.format("shop-api", "request_latencies")
    assert condition["aggregations"] == [
        aggregation("ALIGN_DELTA", "REDUCE_PERCENTILE_95", "resource.label.service_name")
    ]
    assert "denominatorFilter" not in condition
    assert condition["thresholdValue"] == 1000  # request_latencies is in milliseconds
    assert "1000 ms" in policy["documentation"]["content"]


def test_service_knobs(monitor: RecordingMonitor) -> None:
    service = {
        "name": "shop-web",
        "label": "web",
        "error_rate_percent": 2.5,
        "p95_latency_ms": 300,
        "cpu_percent": 70,
        "memory_percent": 90,
        "evaluation_minutes": 3,
    }
    build(monitor, {"emails": EMAILS, "services": [SERVICE, service]})
    found = policies(monitor)
    assert set(found) == {
        f"service-{label}-{what}"
        for label in ("shop-api", "web")
        for what in ("5xx-rate", "p95-latency", "cpu", "memory")
    }
    assert threshold(found["service-web-cpu"])["thresholdValue"] == 0.7
    assert threshold(found["service-web-memory"])["thresholdValue"] == 0.9
    assert threshold(found["service-web-memory"])["duration"] == "180s"
    assert threshold(found["service-shop-api-cpu"])["thresholdValue"] == 0.8  # the defaults: 80 %
    assert threshold(found["service-shop-api-memory"])["thresholdValue"] == 0.8
    assert threshold(found["service-web-5xx-rate"])["thresholdValue"] == 0.025
    assert threshold(found["service-web-p95-latency"])["thresholdValue"] == 300
    assert threshold(found["service-web-5xx-rate"])["duration"] == "180s"
    assert threshold(found["service-web-p95-latency"])["duration"] == "180s"
    assert threshold(found["service-web-5xx-rate"])["denominatorFilter"] == RUN.format(
        "shop-web", "request_count"
    )
    assert "3 minutes" in found["service-web-5xx-rate"]["documentation"]["content"]
    assert threshold(found["service-shop-api-5xx-rate"])["thresholdValue"] == 0.05  # the other keeps defaults


def unknown() -> pulumi.Output[str]:
    """A value not known yet, as a service name is in a preview before its service exists."""
    loop = asyncio.get_event_loop()
    value: asyncio.Future[str] = loop.create_future()
    value.set_result("")
    known: asyncio.Future[bool] = loop.create_future()
    known.set_result(False)
    return pulumi.Output(set(), value, known)


def test_service_names_may_be_outputs(monitor: RecordingMonitor) -> None:
    @pulumi.runtime.test
    def program() -> None:
        name = pulumi.Output.from_input("shop-worker").apply(lambda n: n)
        services: list[AlarmsService] = [{"name": name}, {"name": unknown(), "label": "later"}]
        Alarms("shop", {"emails": EMAILS, "services": services})

    program()
    found = policies(monitor)
    assert set(found) == {
        "service-service-1-5xx-rate",  # an Output cannot name a resource: its position does
        "service-service-1-p95-latency",
        "service-service-1-cpu",
        "service-service-1-memory",
        "service-later-5xx-rate",
        "service-later-p95-latency",
        "service-later-cpu",
        "service-later-memory",
    }
    assert threshold(found["service-service-1-cpu"])["filter"] == RUN.format(
        "shop-worker", "container/cpu/utilizations"
    )
    assert one(monitor, DASHBOARD)  # registered even with an unknown name in its JSON
    condition = threshold(found["service-service-1-5xx-rate"])
    assert condition["denominatorFilter"] == RUN.format("shop-worker", "request_count")
    assert found["service-service-1-p95-latency"]["displayName"] == "shop shop-worker p95 latency"
    assert "**shop-worker**" in found["service-service-1-5xx-rate"]["documentation"]["content"]
    assert not isinstance(threshold(found["service-later-5xx-rate"])["filter"], str)  # known at `up`


# -- database ---------------------------------------------------------------------------------------------


def test_database_cpu_disk_and_connections(monitor: RecordingMonitor) -> None:
    build(monitor, {"emails": EMAILS, "database": DATABASE})
    found = policies(monitor)
    assert set(found) == {"db-cpu", "db-disk", "db-connections"}
    database_id = f"{MOCK_GCP_PROJECT}:shop-db"  # the cloudsql_database resource's label: "<project>:<name>"
    cpu, disk, connections = (threshold(found[k]) for k in ("db-cpu", "db-disk", "db-connections"))
    assert cpu["filter"] == SQL.format(database_id, "cpu/utilization")
    assert cpu["aggregations"] == [aggregation("ALIGN_MEAN")]
    assert cpu["thresholdValue"] == 0.8  # utilization is a fraction
    assert disk["filter"] == SQL.format(database_id, "disk/utilization")
    assert disk["thresholdValue"] == 0.85
    assert connections["filter"] == SQL.format(database_id, "postgresql/num_backends")
    assert connections["aggregations"] == [
        aggregation("ALIGN_MEAN", "REDUCE_SUM", "resource.label.database_id")  # one series per database
    ]
    assert connections["thresholdValue"] == 80  # 80 % of 100
    assert all(
        c["duration"] == "300s" and c["comparison"] == "COMPARISON_GT" for c in (cpu, disk, connections)
    )
    assert found["db-cpu"]["displayName"] == "shop database CPU"
    assert "**shop-db**" in found["db-disk"]["documentation"]["content"]
    assert "of its 100 connections" in found["db-connections"]["documentation"]["content"]
    assert len(calls(monitor, CLIENT_CONFIG)) == 1  # the provider's project, looked up once


def test_database_without_max_connections_has_no_connections_alarm(monitor: RecordingMonitor) -> None:
    build(monitor, {"emails": EMAILS, "database": {"instance_name": "shop-db"}})
    assert set(policies(monitor)) == {"db-cpu", "db-disk"}
    assert one(monitor, DASHBOARD)


def test_database_knobs_and_project(monitor: RecordingMonitor) -> None:
    database = {
        "instance_name": "shop-db",
        "max_connections": 400,
        "cpu_percent": 90,
        "disk_percent": 70,
        "connections_percent": 50,
        "evaluation_minutes": 10,
    }
    build(monitor, {"emails": EMAILS, "database": database, "project": "other-project-1"})
    found = policies(monitor)
    assert threshold(found["db-cpu"])["thresholdValue"] == 0.9
    assert threshold(found["db-disk"])["thresholdValue"] == 0.7
    assert threshold(found["db-connections"])["thresholdValue"] == 200
    assert all(threshold(p)["duration"] == "600s" for p in found.values())
    assert threshold(found["db-cpu"])["filter"] == SQL.format("other-project-1:shop-db", "cpu/utilization")
    assert all(p["project"] == "other-project-1" for p in found.values())
    assert all(r.inputs["project"] == "other-project-1" for r in of_type(monitor, CHANNEL))
    assert one(monitor, DASHBOARD).inputs["project"] == "other-project-1"
    assert calls(monitor, CLIENT_CONFIG) == []


# -- cache ------------------------------------------------------------------------------------------------


def test_cache_memory_of_the_fullest_node(monitor: RecordingMonitor) -> None:
    build(monitor, {"emails": EMAILS, "cache": CACHE})
    (key,) = policies(monitor)
    policy = policies(monitor)[key]
    assert key == "cache-memory" and policy["displayName"] == "shop cache memory"
    condition = threshold(policy)
    assert condition["filter"] == REDIS.format(REDIS_NAME)  # instance_id is the instance's full name
    assert condition["aggregations"] == [
        aggregation("ALIGN_MEAN", "REDUCE_MAX", "resource.label.instance_id")
    ]
    assert condition["thresholdValue"] == 0.8
    assert condition["duration"] == "300s"


def test_cache_knobs(monitor: RecordingMonitor) -> None:
    cache = {
        "instance_id": "shop-redis",
        "region": "europe-west1",
        "memory_percent": 65,
        "evaluation_minutes": 2,
    }
    build(monitor, {"emails": EMAILS, "cache": cache})
    condition = threshold(policies(monitor)["cache-memory"])
    assert condition["filter"] == REDIS.format(
        f"projects/{MOCK_GCP_PROJECT}/locations/europe-west1/instances/shop-redis"
    )
    assert condition["thresholdValue"] == 0.65 and condition["duration"] == "120s"


def test_cache_full_name_is_used_as_given(monitor: RecordingMonitor) -> None:
    full = "projects/cache-project/locations/asia-east1/instances/shop-redis"
    build(monitor, {"emails": EMAILS, "cache": {"instance_id": full}})
    assert threshold(policies(monitor)["cache-memory"])["filter"] == REDIS.format(full)
    assert calls(monitor, CLIENT_CONFIG) == []


# -- custom -----------------------------------------------------------------------------------------------


def test_custom_policy_defaults(monitor: RecordingMonitor) -> None:
    build(monitor, {"emails": EMAILS, "custom": CUSTOM})
    policy = policies(monitor)["custom-review-backlog"]
    assert policy["displayName"] == "shop review-backlog"
    condition = threshold(policy)
    assert condition["filter"] == 'metric.type="custom.googleapis.com/queue/pending"'
    assert condition["aggregations"] == [aggregation("ALIGN_MEAN")]
    assert condition["comparison"] == "COMPARISON_GT"
    assert condition["thresholdValue"] == 50
    assert condition["duration"] == "300s"
    assert policy["severity"] == "WARNING"
    assert "custom.googleapis.com/queue/pending" in policy["documentation"]["content"]


def test_custom_policy_knobs(monitor: RecordingMonitor) -> None:
    alarm = {
        "name": "healthy-workers",
        "metric_type": "logging.googleapis.com/user/worker-heartbeats",
        "resource_type": "cloud_run_revision",
        "labels": {"queue": "reviews", "env": "prod"},
        "aligner": "ALIGN_SUM",
        "comparison": "<",
        "threshold": 1,
        "period_seconds": 300,
        "minutes": 30,
        "description": "No worker heartbeat. Check the worker service.",
        "severity": "CRITICAL",
    }
    build(monitor, {"emails": EMAILS, "custom": [alarm]})
    policy = policies(monitor)["custom-healthy-workers"]
    condition = threshold(policy)
    assert condition["filter"] == (
        'metric.type="logging.googleapis.com/user/worker-heartbeats" AND resource.type="cloud_run_revision" '
        'AND metric.labels.env="prod" AND metric.labels.queue="reviews"'
    )
    assert condition["aggregations"] == [{"alignmentPeriod": "300s", "perSeriesAligner": "ALIGN_SUM"}]
    assert condition["comparison"] == "COMPARISON_LT"
    assert condition["thresholdValue"] == 1
    assert condition["duration"] == "1800s"
    assert policy["documentation"]["content"] == "No worker heartbeat. Check the worker service."
    assert policy["severity"] == "CRITICAL"


# -- Cloud Run CPU and memory ----------------------------------------------------------------------------


@pytest.mark.parametrize(("what", "metric"), [("cpu", "cpu"), ("memory", "memory")])
def test_service_cpu_and_memory_take_the_busiest_instances(
    monitor: RecordingMonitor, what: str, metric: str
) -> None:
    build(monitor, {"emails": EMAILS, "services": [{**SERVICE, f"{what}_percent": 70}]})
    policy = policies(monitor)[f"service-shop-api-{what}"]
    assert policy["displayName"] == f"shop shop-api {'CPU' if what == 'cpu' else 'memory'}"
    condition = threshold(policy)
    assert condition["filter"] == RUN.format("shop-api", f"container/{metric}/utilizations")
    # A distribution of per-instance samples: its 99th percentile per revision, the worst revision.
    assert condition["aggregations"] == [
        aggregation("ALIGN_PERCENTILE_99", "REDUCE_MAX", "resource.label.service_name")
    ]
    assert condition["comparison"] == "COMPARISON_GT"
    assert condition["thresholdValue"] == 0.7  # the metric is a fraction
    assert condition["duration"] == "300s"
    assert "more than 70% of their" in policy["documentation"]["content"]
    assert policy["severity"] == "WARNING"


# -- slow queries -----------------------------------------------------------------------------------------


SLOW_LOG = (
    f'resource.type="cloudsql_database" AND logName="projects/{MOCK_GCP_PROJECT}/logs/'
    'cloudsql.googleapis.com%2Fpostgres.log" AND textPayload:"duration:"'
)


def test_slow_queries_are_a_log_based_metric_and_a_policy_on_the_instance(monitor: RecordingMonitor) -> None:
    build(monitor, {"emails": EMAILS, "database": {**DATABASE, "slow_queries_per_5min": 10}})
    metric = one(monitor, LOG_METRIC)
    assert metric.inputs["name"] == "shop-db-slow-queries"
    assert metric.inputs["filter"] == SLOW_LOG  # every instance: it must not wait for this one
    assert metric.inputs["metricDescriptor"] == {
        "metricKind": "DELTA",
        "valueType": "INT64",
        "unit": "1",
        "displayName": "shop slow queries",
    }
    assert "project" not in metric.inputs
    policy = policies(monitor)["db-slow-queries"]
    condition = threshold(policy)
    assert condition["filter"] == (
        'metric.type="logging.googleapis.com/user/shop-db-slow-queries" AND '
        f'resource.type="cloudsql_database" AND resource.labels.database_id="{MOCK_GCP_PROJECT}:shop-db"'
    )
    assert condition["aggregations"] == [
        {
            "alignmentPeriod": "300s",
            "perSeriesAligner": "ALIGN_SUM",
            "crossSeriesReducer": "REDUCE_SUM",
            "groupByFields": ["resource.label.database_id"],
        }
    ]
    assert condition["thresholdValue"] == 10 and condition["duration"] == "0s"
    assert condition["comparison"] == "COMPARISON_GT"
    assert (
        "more than 10 statements slower than log_min_duration_statement" in policy["documentation"]["content"]
    )
    slow_policy = next(p for p in of_type(monitor, POLICY) if p.name == "shop-db-slow-queries")
    assert metric.urn in slow_policy.dependencies
    titles = [tile["widget"]["title"] for tile in dashboard(monitor)["mosaicLayout"]["tiles"]]
    assert titles[-1] == "Slow queries per 5 minutes"


def test_slow_queries_in_a_given_project_and_none_by_default(monitor: RecordingMonitor) -> None:
    build(
        monitor,
        {
            "emails": EMAILS,
            "database": {**DATABASE, "slow_queries_per_5min": 0},
            "project": "other-project-1",
            "physical_name": "shop-prod",
        },
    )
    metric = one(monitor, LOG_METRIC)
    assert metric.inputs["project"] == "other-project-1"
    assert metric.inputs["name"] == "shop-prod-db-slow-queries"
    assert 'logName="projects/other-project-1/logs/' in metric.inputs["filter"]
    assert threshold(policies(monitor)["db-slow-queries"])["thresholdValue"] == 0


def test_without_slow_queries_there_is_no_log_metric(monitor: RecordingMonitor) -> None:
    build(monitor, {"emails": EMAILS, "database": DATABASE})
    assert of_type(monitor, LOG_METRIC) == [] and "db-slow-queries" not in policies(monitor)


# -- uptime -----------------------------------------------------------------------------------------------


def test_uptime_check_over_https_and_googles_alert_recipe(monitor: RecordingMonitor) -> None:
    build(
        monitor,
        {"emails": EMAILS, "uptime": [{"name": "api", "host": "api.shop.example.com", "path": "/health"}]},
    )
    check = one(monitor, UPTIME_CHECK)
    assert check.inputs == {
        "displayName": "shop uptime api",
        "period": "60s",
        "timeout": "10s",
        "httpCheck": {
            "path": "/health",
            "port": 443,
            "useSsl": True,
            "validateSsl": True,
            "requestMethod": "GET",
            "acceptedResponseStatusCodes": [
                {"statusClass": "STATUS_CLASS_2XX"},
                {"statusClass": "STATUS_CLASS_3XX"},
            ],
        },
        "monitoredResource": {
            "type": "uptime_url",
            "labels": {"host": "api.shop.example.com", "project_id": MOCK_GCP_PROJECT},
        },
        "logCheckFailures": True,
        "userLabels": {"managed-by": "stackyard"},
    }
    policy = policies(monitor)["uptime-api"]
    assert policy["displayName"] == "shop uptime api" and policy["severity"] == "CRITICAL"
    condition = threshold(policy)
    assert condition["filter"] == (
        'metric.type="monitoring.googleapis.com/uptime_check/check_passed" AND resource.type="uptime_url" '
        f'AND metric.labels.check_id="{check.state["uptimeCheckId"]}"'
    )
    assert condition["aggregations"] == [
        {
            "alignmentPeriod": "1200s",
            "perSeriesAligner": "ALIGN_NEXT_OLDER",
            "crossSeriesReducer": "REDUCE_COUNT_FALSE",
            "groupByFields": ["resource.label.*"],
        }
    ]
    assert condition["comparison"] == "COMPARISON_GT" and condition["thresholdValue"] == 1  # 2+ regions fail
    assert condition["duration"] == "120s"
    assert "https://api.shop.example.com/health has failed" in policy["documentation"]["content"]
    assert check.urn in next(p for p in of_type(monitor, POLICY) if p.name == "shop-uptime-api").dependencies
    titles = [tile["widget"]["title"] for tile in dashboard(monitor)["mosaicLayout"]["tiles"]]
    assert titles == ["Uptime: checker regions failing"]


def test_uptime_knobs(monitor: RecordingMonitor) -> None:
    build(
        monitor,
        {
            "emails": EMAILS,
            "project": "other-project-1",
            "uptime": [
                {
                    "name": "site",
                    "host": "shop.example.com",
                    "period_seconds": 300,
                    "timeout_seconds": 30,
                    "evaluation_minutes": 5,
                },
                {"name": "api", "host": pulumi.Output.from_input("api.shop.example.com")},
            ],
        },
    )
    checks = {r.name: r.inputs for r in of_type(monitor, UPTIME_CHECK)}
    site = checks["shop-uptime-site"]
    assert site["period"] == "300s" and site["timeout"] == "30s" and site["httpCheck"]["path"] == "/"
    assert site["project"] == "other-project-1"
    assert site["monitoredResource"]["labels"]["project_id"] == "other-project-1"
    assert checks["shop-uptime-api"]["monitoredResource"]["labels"]["host"] == "api.shop.example.com"
    assert threshold(policies(monitor)["uptime-site"])["duration"] == "300s"


# -- dashboard --------------------------------------------------------------------------------------------


def test_dashboard_charts_what_the_presets_watch(monitor: RecordingMonitor) -> None:
    services = [SERVICE, {"name": "shop-web", "p95_latency_ms": 500}]
    build(monitor, {**EVERYTHING, "services": services, "labels": {"team": "payments"}})
    document = dashboard(monitor)
    assert document["displayName"] == "shop"
    assert document["labels"] == {"team": "payments", "managed-by": "stackyard"}
    layout = document["mosaicLayout"]
    assert layout["columns"] == 48
    titles = [tile["widget"]["title"] for tile in layout["tiles"]]
    assert titles == [
        "Requests per second by response class",
        "p95 latency (ms)",
        "Container CPU utilization (p99 of instances)",
        "Container memory utilization (p99 of instances)",
        "Cloud SQL CPU and disk utilization",
        "Cloud SQL connections",
        "Memorystore memory usage",
        "Custom metrics",
    ]
    cells = set()
    for tile in layout["tiles"]:
        assert tile["xPos"] + tile["width"] <= 48
        cell = (tile["xPos"], tile["yPos"])
        assert cell not in cells  # no two tiles overlap
        cells.add(cell)
    charts = {tile["widget"]["title"]: tile["widget"]["xyChart"] for tile in layout["tiles"]}

    def filters(title: str) -> list[str]:
        return [d["timeSeriesQuery"]["timeSeriesFilter"]["filter"] for d in charts[title]["dataSets"]]

    assert filters("Requests per second by response class") == [
        RUN.format("shop-api", "request_count"),
        RUN.format("shop-web", "request_count"),
    ]
    by_class = charts["Requests per second by response class"]["dataSets"][0]
    assert by_class["timeSeriesQuery"]["timeSeriesFilter"]["aggregation"] == aggregation(
        "ALIGN_RATE", "REDUCE_SUM", "metric.label.response_code_class"
    )
    assert filters("p95 latency (ms)") == [
        RUN.format("shop-api", "request_latencies"),
        RUN.format("shop-web", "request_latencies"),
    ]
    p95 = charts["p95 latency (ms)"]["dataSets"][0]["timeSeriesQuery"]["timeSeriesFilter"]["aggregation"]
    assert p95 == aggregation("ALIGN_DELTA", "REDUCE_PERCENTILE_95", "resource.label.service_name")
    assert [t["value"] for t in charts["p95 latency (ms)"]["thresholds"]] == [500, 1000]
    database_id = f"{MOCK_GCP_PROJECT}:shop-db"
    assert filters("Cloud SQL CPU and disk utilization") == [
        SQL.format(database_id, "cpu/utilization"),
        SQL.format(database_id, "disk/utilization"),
    ]
    assert filters("Cloud SQL connections") == [SQL.format(database_id, "postgresql/num_backends")]
    assert filters("Memorystore memory usage") == [REDIS.format(REDIS_NAME)]
    assert filters("Custom metrics") == ['metric.type="custom.googleapis.com/queue/pending"']
    assert filters("Container memory utilization (p99 of instances)") == [
        RUN.format("shop-api", "container/memory/utilizations"),
        RUN.format("shop-web", "container/memory/utilizations"),
    ]
    cpu = charts["Container CPU utilization (p99 of instances)"]
    assert cpu["dataSets"][0]["timeSeriesQuery"]["timeSeriesFilter"]["aggregation"] == aggregation(
        "ALIGN_PERCENTILE_99", "REDUCE_MAX", "resource.label.service_name"
    )
    assert [t["value"] for t in cpu["thresholds"]] == [0.8]


@pytest.mark.parametrize(
    ("preset", "value", "titles"),
    [
        (
            "services",
            [SERVICE],
            [
                "Requests per second by response class",
                "p95 latency (ms)",
                "Container CPU utilization (p99 of instances)",
                "Container memory utilization (p99 of instances)",
            ],
        ),
        ("database", DATABASE, ["Cloud SQL CPU and disk utilization", "Cloud SQL connections"]),
        ("cache", CACHE, ["Memorystore memory usage"]),
        ("custom", CUSTOM, ["Custom metrics"]),
    ],
)
def test_each_preset_charts_only_itself(
    monitor: RecordingMonitor, preset: str, value: Any, titles: list[str]
) -> None:
    build(monitor, {"emails": EMAILS, preset: value})
    assert [tile["widget"]["title"] for tile in dashboard(monitor)["mosaicLayout"]["tiles"]] == titles


# -- labels and names -------------------------------------------------------------------------------------


def test_labels_reach_policies_and_channels(monitor: RecordingMonitor) -> None:
    build(monitor, {**EVERYTHING, "labels": {"app": "shop", "environment": "prod"}})
    expected = {"app": "shop", "environment": "prod", "managed-by": "stackyard"}
    assert all(r.inputs["userLabels"] == expected for r in of_type(monitor, POLICY))
    assert all(r.inputs["userLabels"] == expected for r in of_type(monitor, CHANNEL))


def test_names_with_a_40_character_component_name(monitor: RecordingMonitor) -> None:
    long_service = "s" + "-x" * 24  # 49 characters, Cloud Run's limit
    assert len(NAME_40) == 40 and len(long_service) == 49
    build(
        monitor,
        {**EVERYTHING, "services": [{"name": long_service}], "custom": [{**CUSTOM[0], "name": "c" * 40}]},
        name=NAME_40,
    )
    found = policies(monitor, NAME_40)
    assert len(found) == len(ALL_POLICIES)
    for registration in of_type(monitor, POLICY) + of_type(monitor, CHANNEL):
        display = registration.inputs["displayName"]
        assert display.startswith(f"{NAME_40} ") or display.startswith(f"{NAME_40} alarms: ")
        assert len(display) <= DISPLAY_NAME_LIMIT
        assert "name" not in registration.inputs  # Cloud Monitoring names policies and channels itself
    assert dashboard(monitor)["displayName"] == NAME_40
    assert f"service-{long_service}-5xx-rate" in found
    assert all(len(threshold(p)["filter"]) <= 2048 for p in found.values())


# -- argument checks --------------------------------------------------------------------------------------


def custom(**changes: Any) -> dict[str, Any]:
    return {"emails": EMAILS, "custom": [{**CUSTOM[0], **changes}]}


def service(**changes: Any) -> dict[str, Any]:
    return {"emails": EMAILS, "services": [{**SERVICE, **changes}]}


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ({}, "Alarms emails None is not allowed; use a list of at least one e-mail address"),
        ({"emails": []}, r"Alarms emails \[\] is not allowed; use a list of at least one e-mail address"),
        ({"emails": "ops@example.com"}, "Alarms emails 'ops@example.com' is not allowed; use a list"),
        (
            {"emails": ["ops.example.com"]},
            "Alarms emails 'ops.example.com' is not allowed; use e-mail addresses",
        ),
        ({"emails": ["ops@example"]}, "Alarms emails 'ops@example' is not allowed"),
        ({"emails": ["a@example.com", "A@example.com"]}, "Alarms emails 'A@example.com' is listed twice"),
        (
            {"emails": EMAILS, "alarms": []},
            "`alarms` is not an argument of Alarms; use one of cache, custom, database, emails",
        ),
        ({"emails": EMAILS, "project": "Bad_Project"}, "Alarms project 'Bad_Project' is not allowed"),
        (
            {"emails": EMAILS, "labels": {"Team": "x"}},
            r"Alarms labels \{'Team': 'x'\} is not allowed; use keys",
        ),
        (
            {"emails": EMAILS, "labels": {"team": "Payments"}},
            r"Alarms labels \{'team': 'Payments'\} is not allowed",
        ),
        # services
        ({"emails": EMAILS, "services": [{}]}, r"Alarms services\[0\].name is required"),
        (
            service(error_rate_percent=0),
            r"Alarms services\[0\].error_rate_percent 0 is not allowed; use a number from above 0 to 100",
        ),
        (service(error_rate_percent=101), r"Alarms services\[0\].error_rate_percent 101 is not allowed"),
        (service(error_rate_percent="5"), r"Alarms services\[0\].error_rate_percent '5' is not allowed"),
        (
            service(p95_latency_ms=0),
            r"Alarms services\[0\].p95_latency_ms 0 is not allowed; use a whole number of 1 or more",
        ),
        (
            service(evaluation_minutes=1441),
            r"Alarms services\[0\].evaluation_minutes 1441 is not allowed; use a whole number from 1 to 1440",
        ),
        (service(name="Shop_API"), r"Alarms services\[0\].name 'Shop_API' is not allowed; use a Cloud Run"),
        (service(name="s" * 50), r"Alarms services\[0\].name 's{50}' is not allowed"),
        (service(label="API"), r"Alarms services\[0\].label 'API' is not allowed; use lowercase letters"),
        (service(cpu=80), r"`services\[0\].cpu` is not an argument of Alarms; use one of cpu_percent"),
        (service(cpu_percent=0), r"Alarms services\[0\].cpu_percent 0 is not allowed"),
        (service(memory_percent=101), r"Alarms services\[0\].memory_percent 101 is not allowed"),
        (
            {"emails": EMAILS, "database": {**DATABASE, "slow_queries_per_5min": -1}},
            r"Alarms database.slow_queries_per_5min -1 is not allowed; use a whole number of 0 or more",
        ),
        (
            {"emails": EMAILS, "uptime": [{"name": "api", "host": "api.example.com", "period_seconds": 30}]},
            r"Alarms uptime\[0\].period_seconds 30 is not allowed; use one of 60, 300, 600, 900",
        ),
        (
            {"emails": EMAILS, "uptime": [{"name": "api", "host": "api.example.com", "timeout_seconds": 61}]},
            r"Alarms uptime\[0\].timeout_seconds 61 is not allowed",
        ),
        (
            {"emails": EMAILS, "uptime": [{"name": "api", "host": "http://api.example.com"}]},
            r"Alarms uptime\[0\].host 'http://api.example.com' is not allowed; use a public DNS name",
        ),
        (
            {"emails": EMAILS, "uptime": [{"name": "api", "host": "api.example.com", "path": "x"}]},
            r"Alarms uptime\[0\].path 'x' is not allowed",
        ),
        (
            {
                "emails": EMAILS,
                "uptime": [{"name": "a", "host": "a.example.com"}, {"name": "a", "host": "b.example.com"}],
            },
            r"Alarms uptime\[1\].name 'a' is already used",
        ),
        ({"emails": EMAILS, "uptime": [{"host": "a.example.com"}]}, r"Alarms uptime\[0\].name is required"),
        (
            {"emails": EMAILS, "services": [SERVICE, SERVICE]},
            r"Alarms services\[1\].name 'shop-api' is already used",
        ),
        (
            {"emails": EMAILS, "services": [SERVICE, {"name": "shop-web", "label": "shop-api"}]},
            r"Alarms services\[1\].label 'shop-api' is already used",
        ),
        # database
        (
            {"emails": EMAILS, "database": {**DATABASE, "instance_name": "proj:us-central1:db"}},
            "Alarms database.instance_name 'proj:us-central1:db' is not allowed; use the Cloud SQL instance",
        ),
        (
            {"emails": EMAILS, "database": {**DATABASE, "max_connections": 0}},
            "Alarms database.max_connections 0 is not allowed; use a whole number of 1 or more",
        ),
        ({"emails": EMAILS, "database": {**DATABASE, "cpu_percent": 0}}, "Alarms database.cpu_percent 0"),
        ({"emails": EMAILS, "database": {**DATABASE, "disk_percent": 100.5}}, "Alarms database.disk_percent"),
        (
            {"emails": EMAILS, "database": {**DATABASE, "connections_percent": -1}},
            "Alarms database.connections_percent -1 is not allowed",
        ),
        ({"emails": EMAILS, "database": "shop-db"}, "Alarms database 'shop-db' is not allowed; use a dict"),
        # cache
        ({"emails": EMAILS, "cache": {}}, "Alarms cache.instance_id is required"),
        ({"emails": EMAILS, "cache": {"instance_id": "Shop Redis"}}, "Alarms cache.instance_id 'Shop Redis'"),
        (
            {"emails": EMAILS, "cache": {**CACHE, "memory_percent": 0}},
            "Alarms cache.memory_percent 0 is not allowed; use a number from above 0 to 100",
        ),
        ({"emails": EMAILS, "cache": {**CACHE, "region": "us central"}}, "Alarms cache.region 'us central'"),
        # custom
        (
            custom(name="Review Backlog"),
            r"Alarms custom\[0\].name 'Review Backlog' is not allowed; use lowercase",
        ),
        (custom(name="a" * 41), r"Alarms custom\[0\].name 'a{41}' is not allowed"),
        (
            {"emails": EMAILS, "custom": [CUSTOM[0], CUSTOM[0]]},
            r"Alarms custom\[1\].name 'review-backlog' is already used",
        ),
        (
            custom(aligner="ALIGN_AVERAGE"),
            r"Alarms custom\[0\].aligner 'ALIGN_AVERAGE' is not allowed; use one of ALIGN_MEAN, ALIGN_SUM",
        ),
        (custom(aligner="ALIGN_DELTA"), r"Alarms custom\[0\].aligner 'ALIGN_DELTA' is not allowed"),
        (
            custom(comparison=">="),
            r"Alarms custom\[0\].comparison '>=' is not allowed; use > or < \(Cloud Monitoring",
        ),
        (custom(comparison="<="), r"Alarms custom\[0\].comparison '<=' is not allowed"),
        (custom(comparison="COMPARISON_GT"), r"Alarms custom\[0\].comparison 'COMPARISON_GT' is not allowed"),
        (custom(threshold="50"), r"Alarms custom\[0\].threshold '50' is not allowed; use a number"),
        (custom(threshold=True), r"Alarms custom\[0\].threshold True is not allowed"),
        (
            custom(metric_type="PendingReviews"),
            r"Alarms custom\[0\].metric_type 'PendingReviews' is not allowed",
        ),
        (custom(resource_type="Cloud Run"), r"Alarms custom\[0\].resource_type 'Cloud Run' is not allowed"),
        (custom(labels={"queue": 'a"b'}), r"Alarms custom\[0\].labels .* is not allowed"),
        (custom(labels={"queue": "x" * 2100}), r"Alarms custom\[0\].labels .* use fewer or shorter labels"),
        (
            custom(period_seconds=30),
            r"Alarms custom\[0\].period_seconds 30 is not allowed; use a multiple of 60 from 60 to 90000",
        ),
        (custom(period_seconds=90), r"Alarms custom\[0\].period_seconds 90 is not allowed"),
        (
            custom(minutes=0),
            r"Alarms custom\[0\].minutes 0 is not allowed; use a whole number from 1 to 1440",
        ),
        (custom(severity="INFO"), r"Alarms custom\[0\].severity 'INFO' is not allowed; use one of CRITICAL"),
        (custom(statistic="Average"), r"`custom\[0\].statistic` is not an argument of Alarms"),
        (
            {"emails": EMAILS, "custom": [{"name": "x", "metric_type": "custom.googleapis.com/x"}]},
            r"Alarms custom\[0\].threshold is required",
        ),
    ],
)
def test_bad_arguments_raise_clear_errors(
    monitor: RecordingMonitor, args: dict[str, Any], message: str
) -> None:
    with pytest.raises(ValueError, match=message):
        Alarms("bad", cast(AlarmsArgs, args))
    assert monitor.registrations == {}  # checked before anything is registered, the component included


def test_docstring_example_runs(monitor: RecordingMonitor) -> None:
    run_docstring_example(Alarms)
    found = policies(monitor)
    assert set(found) == {
        "service-api-5xx-rate",
        "service-api-p95-latency",
        "service-api-cpu",
        "service-api-memory",
        "db-cpu",
        "db-disk",
        "db-connections",
        "db-slow-queries",
        "cache-memory",
        "uptime-api",
        "custom-review-backlog",
    }
    assert threshold(found["custom-review-backlog"])["duration"] == "1800s"
    assert threshold(found["db-connections"])["thresholdValue"] == 80
    assert threshold(found["service-api-cpu"])["thresholdValue"] == 0.7
    assert one(monitor, CHANNEL).inputs["labels"] == {"email_address": "ops@example.com"}
    assert one(monitor, UPTIME_CHECK).inputs["monitoredResource"]["labels"]["host"] == "api.shop.example.com"
    assert len(dashboard(monitor)["mosaicLayout"]["tiles"]) == 10
