"""The `uptime` preset: an HTTPS uptime check per public endpoint and a CRITICAL policy when more than one
checker region fails it; their chart.

Uptime checks' `monitoring.googleapis.com/uptime_check/check_passed` (GAUGE BOOL, one series per checker
region, label `check_id`) on `uptime_url` (https://cloud.google.com/monitoring/api/metrics_gcp)."""

from typing import Any

import pulumi
import pulumi_gcp as gcp

from .alarm import (
    COMPARISONS,
    MISSING_DATA,
    Aggregation,
    Preset,
    Scope,
    aggregation,
    duration,
    minutes_text,
)
from .args import AlarmsUptimeCheck
from .dashboard import chart, dataset

UPTIME_PASSED = "monitoring.googleapis.com/uptime_check/check_passed"
# Google's recipe for an uptime check's alert policy (Cloud Monitoring, "Alerting policies for uptime
# checks"): each checker region's latest result (ALIGN_NEXT_OLDER over a window long enough to hold one),
# then the number of regions whose latest check failed (REDUCE_COUNT_FALSE); more than one failing region
# alarms, so one region's network trouble does not.
UPTIME_WINDOW = "1200s"
UPTIME_FAILING_REGIONS = 1
BY_UPTIME_TARGET = "resource.label.*"


def uptime_alarms(scope: Scope, uptime: list[AlarmsUptimeCheck]) -> Preset:
    """Each endpoint's check and policy, in the order of `uptime`, and their chart."""
    checks = [_uptime(scope, check) for check in uptime]
    return Preset(
        [policy for policy, _ in checks], [uptime_widget(uptime, [check_id for _, check_id in checks])]
    )


def uptime_filter(check_id: pulumi.Input[str]) -> pulumi.Output[str]:
    """The results of one uptime check, one series per checker region."""
    return pulumi.Output.concat(
        f'metric.type="{UPTIME_PASSED}" AND resource.type="uptime_url" AND metric.labels.check_id="',
        check_id,
        '"',
    )


def uptime_aggregation() -> Aggregation:
    return aggregation("ALIGN_NEXT_OLDER", "REDUCE_COUNT_FALSE", BY_UPTIME_TARGET, period=UPTIME_WINDOW)


def _uptime(scope: Scope, check: AlarmsUptimeCheck) -> tuple[gcp.monitoring.AlertPolicy, pulumi.Output[str]]:
    """An HTTPS uptime check of one public endpoint and its policy."""
    label, host, path = check["name"], check["host"], check.get("path", "/")
    minutes = check.get("evaluation_minutes", 2)
    uptime = gcp.monitoring.UptimeCheckConfig(
        f"{scope.name}-uptime-{label}",
        display_name=f"{scope.base} uptime {label}",
        period=f"{check.get('period_seconds', 60)}s",
        timeout=f"{check.get('timeout_seconds', 10)}s",
        http_check={
            "path": path,
            "port": 443,
            "use_ssl": True,
            "validate_ssl": True,
            "request_method": "GET",
            # As Route 53 on AWS: a redirect is an answer (a site's / may redirect to a locale).
            "accepted_response_status_codes": [
                {"status_class": "STATUS_CLASS_2XX"},
                {"status_class": "STATUS_CLASS_3XX"},
            ],
        },
        monitored_resource={
            "type": "uptime_url",
            "labels": {"host": host, "project_id": scope.project_id()},
        },
        log_check_failures=True,
        user_labels=scope.labels,
        project=scope.project,
        opts=pulumi.ResourceOptions(parent=scope.owner),
    )
    policy = scope.policy(
        f"uptime-{label}",
        f"uptime {label}",
        {
            "filter": uptime_filter(uptime.uptime_check_id),
            "aggregations": [uptime_aggregation()],
            "comparison": COMPARISONS[">"],
            "threshold_value": UPTIME_FAILING_REGIONS,
            "duration": duration(minutes),
            "evaluation_missing_data": MISSING_DATA,
        },
        pulumi.Output.concat(
            "https://",
            host,
            f"{path} has failed its uptime check from more than one checker region for "
            f"{minutes_text(minutes)}: users likely cannot reach it either.\n\n"
            "Check the uptime check's failure logs, the DNS record and the certificate, the load "
            "balancer's backend health and the service's latest revision.",
        ),
        "CRITICAL",
    )
    return policy, uptime.uptime_check_id


def uptime_widget(checks: list[AlarmsUptimeCheck], check_ids: list[pulumi.Output[str]]) -> dict[str, Any]:
    failing = [
        dataset(uptime_filter(check_id), uptime_aggregation(), check["name"])
        for check, check_id in zip(checks, check_ids, strict=True)
    ]
    return chart("Uptime: checker regions failing", failing, "regions", [float(UPTIME_FAILING_REGIONS)])
