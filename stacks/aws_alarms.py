"""The AWS alarms: one `Alarms` component for every part the stack has (`build_alarms`)."""

from __future__ import annotations

from typing import Any

import pulumi

from components.aws import Alarms, AlarmsArgs, CdnSite
from components.aws.alarms import CustomAlarmArgs, ServiceAlarmsArgs, UptimeCheckArgs

from .aws_tiers import AppTier, DataTier, _is_public
from .config import Job, StackConfig, physical_base, uptime_targets


def build_alarms(
    config: StackConfig,
    data: DataTier,
    tier: AppTier,
    site: CdnSite | None,
    tags: dict[str, str],
) -> dict[str, Any]:
    """Alarms for every part the stack has, with the thresholds of `app.alarms`."""
    app = config.app
    settings = app.alarms
    if not settings.enabled:
        return {}
    cluster, load_balancer, services = tier.cluster, tier.load_balancer, tier.services
    args: AlarmsArgs = {
        "emails": list(settings.emails),
        "tags": tags,
        "physical_name": physical_base(app, pulumi.get_stack()),
    }
    if load_balancer is not None:
        args["load_balancer"] = {
            "arn_suffix": load_balancer.arn_suffix,
            "error_rate_percent": settings.error_rate_percent,
            "p95_latency_ms": settings.p95_latency_ms,
            "target_groups": [
                {"name": n, "arn_suffix": s.target_group_arn_suffix}
                for n, s in services.items()
                if _is_public(app.services[n])
            ],
        }
    service_alarms: list[ServiceAlarmsArgs] = [
        {
            "name": n,
            "cluster_name": cluster.name,
            "service_name": s.service_name,
            "cpu_percent": settings.cpu_percent,
            "memory_percent": settings.memory_percent,
        }
        for n, s in services.items()
        if cluster is not None and not isinstance(app.services[n], Job)
    ]
    if service_alarms:
        args["services"] = service_alarms
    if data.database is not None and app.database is not None:
        # What the database owns (its storage, its autoscaling ceiling, its max_connections, its
        # replicas) comes from the database itself; the stack adds only the thresholds.
        args["database"] = {
            **data.database.alarm_target(),
            "cpu_percent": settings.cpu_percent,
            "free_storage_percent": settings.db_free_storage_percent,
            "connections_percent": settings.db_connections_percent,
        }
        if settings.slow_queries_per_5min is not None:
            args["database"]["slow_queries_per_5min"] = settings.slow_queries_per_5min
    if data.cache is not None and app.cache is not None:
        args["cache"] = {
            **data.cache.alarm_target(),
            "cpu_percent": settings.cpu_percent,
            "memory_percent": settings.memory_percent,
        }
    if site is not None:
        args["cdn"] = {
            "distribution_id": site.distribution_id,
            "error_rate_percent": settings.error_rate_percent,
        }
    if settings.uptime:
        uptime: list[UptimeCheckArgs] = [
            {"name": label, "host": host, "path": path}
            for label, host, path in uptime_targets(
                config, {n: d.domain_name for n, d in tier.distributions.items()}
            )
        ]
        if site is not None and not app.domain:  # the distribution's own name
            uptime.append({"name": "site", "host": site.domain_name, "path": "/"})
        for check in uptime:
            check["request_interval_seconds"] = settings.uptime_period_seconds or 30
        if uptime:
            args["uptime"] = uptime
    custom: list[CustomAlarmArgs] = []
    for alarm in settings.custom:
        periods = max(1, alarm.minutes * 60 // alarm.period_seconds)
        custom.append(
            {
                "name": alarm.name,
                "namespace": alarm.namespace or "",  # required on aws by the config check
                "metric_name": alarm.metric,
                "dimensions": dict(alarm.dimensions),
                "statistic": alarm.statistic,
                "comparison": alarm.comparison,
                "threshold": alarm.threshold,
                "period_seconds": alarm.period_seconds,
                "evaluation_periods": periods,
            }
        )
    if custom:
        args["custom"] = custom
    alarms = Alarms(app.name, args)
    return {"alarmTopicArn": alarms.topic_arn, "dashboardName": alarms.dashboard_name}
