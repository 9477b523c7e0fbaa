"""`Alarms`: Cloud Monitoring alert policies for a stack's Cloud Run services, Cloud SQL database (with its
slow queries), Memorystore cache, public endpoints (uptime checks) and own metrics, e-mail notification
channels, and a dashboard.

The component reads as its steps, one module each: `args` (the arguments) and `checks` (their checks),
`channels` (the e-mail notification channels every policy notifies), then one module per preset, each with
its policies, their filters and its charts: `services` (Cloud Run), `database` (Cloud SQL, with the
slow-query log-based metric), `cache` (Memorystore), `uptime` (the uptime checks) and `custom`; last the
`dashboard`. `alarm` holds what they share: where the metrics live, one alert policy as every preset makes
it, and Cloud Monitoring's vocabulary."""

import pulumi

from ...checks import refuse_unknown_keys
from ...naming import physical_base
from .alarm import AUTO_CLOSE, COMPARISONS, DISPLAY_NAME_LIMIT, MISSING_DATA, PERIOD, Preset, Scope, Threshold
from .args import (
    AlarmsArgs,
    AlarmsCache,
    AlarmsCustom,
    AlarmsDatabase,
    AlarmsService,
    AlarmsUptimeCheck,
)
from .cache import cache_alarms
from .channels import email_channels
from .checks import (
    ALIGNERS,
    MAX_EVALUATION_MINUTES,
    MAX_FILTER,
    MAX_PERIOD_SECONDS,
    MAX_UPTIME_PATH,
    MAX_UPTIME_TIMEOUT,
    SEVERITIES,
    UPTIME_PERIODS,
    check_args,
)
from .custom import custom_alarms
from .dashboard import dashboard
from .database import LOG_METRIC_NAME_LIMIT, SLOW_QUERY_PERIOD, database_alarms
from .services import service_alarms
from .uptime import UPTIME_FAILING_REGIONS, UPTIME_WINDOW, uptime_alarms

__all__ = [
    "ALIGNERS",
    "AUTO_CLOSE",
    "COMPARISONS",
    "DISPLAY_NAME_LIMIT",
    "LOG_METRIC_NAME_LIMIT",
    "MAX_EVALUATION_MINUTES",
    "MAX_FILTER",
    "MAX_PERIOD_SECONDS",
    "MAX_UPTIME_PATH",
    "MAX_UPTIME_TIMEOUT",
    "MISSING_DATA",
    "PERIOD",
    "SEVERITIES",
    "SLOW_QUERY_PERIOD",
    "UPTIME_FAILING_REGIONS",
    "UPTIME_PERIODS",
    "UPTIME_WINDOW",
    "Alarms",
    "AlarmsArgs",
    "AlarmsCache",
    "AlarmsCustom",
    "AlarmsDatabase",
    "AlarmsService",
    "AlarmsUptimeCheck",
    "Threshold",
]


class Alarms(pulumi.ComponentResource):
    """Cloud Monitoring alert policies with presets for the stack's tiers, notifying e-mail channels.

    Every policy notifies every channel, opens an incident when its condition has held for the preset's
    `evaluation_minutes` (default 5) on one-minute data, closes it by itself 30 minutes after the metric stops
    reporting, says in its documentation what to check, and carries a severity (ERROR for user-facing errors,
    a filling disk and running out of connections; WARNING otherwise). Missing data never breaches: no traffic
    is not an error. Presets: `services` (Cloud Run 5xx ratio, request_count 5xx / all, p95 latency of
    request_latencies across revisions, and container CPU and memory utilization: the 99th percentile of the
    instances, the worst revision), `database` (Cloud SQL CPU, disk, connections, and slow queries counted
    from its PostgreSQL log by a log-based metric), `cache` (Memorystore memory), `uptime` (an HTTPS uptime
    check per public endpoint and a CRITICAL policy when more than one checker region fails it, Google's
    recipe: ALIGN_NEXT_OLDER, REDUCE_COUNT_FALSE). A dashboard named `<physical_name>` charts what the
    presets watch.

    The slow-query metric counts every PostgreSQL instance of the project and the policy picks this one, so
    the metric needs nothing from the instance and is created early: Cloud Monitoring refuses a policy on a
    log-based metric younger than a few minutes ("Cannot find metric(s)"; rerun `pulumi up` if it happens
    when the database already exists and the alarm is new).

    Policies are named by Cloud Monitoring (their `display_name` is "<physical_name> <what>"), so two
    `Alarms` with the same `physical_name` (default: the component name) in one project duplicate display
    names without failing; give each stack its own `physical_name`.

    Example:

        alarms = Alarms(
            "shop",
            {
                "emails": ["ops@example.com"],
                "services": [{"name": "shop-api", "label": "api", "cpu_percent": 70}],
                "database": {"instance_name": "shop-db", "max_connections": 100, "slow_queries_per_5min": 10},
                "cache": {"instance_id": "shop-redis"},
                "uptime": [{"name": "api", "host": "api.shop.example.com", "path": "/health"}],
                "custom": [
                    {
                        "name": "review-backlog",
                        "metric_type": "custom.googleapis.com/queue/pending",
                        "resource_type": "global",
                        "aligner": "ALIGN_MAX",
                        "threshold": 50,
                        "minutes": 30,
                    }
                ],
            },
        )
        pulumi.export("alertPolicies", alarms.alert_policy_names)
        pulumi.export("alarmDashboard", alarms.dashboard_id)
    """

    channel_ids: pulumi.Output[list[str]]
    """Ids of the e-mail notification channels, "projects/<project>/notificationChannels/<id>", in the order
    of `emails`."""
    alert_policy_names: pulumi.Output[list[str]]
    """Names of the alert policies, "projects/<project>/alertPolicies/<id>"."""
    dashboard_id: pulumi.Output[str]
    """Id of the dashboard, "projects/<project number>/dashboards/<id>"; "" when no preset is on."""

    def __init__(self, name: str, args: AlarmsArgs, opts: pulumi.ResourceOptions | None = None) -> None:
        refuse_unknown_keys(Alarms, AlarmsArgs, name, args, opts)
        check_args(args)
        base = physical_base("Alarms", name, args.get("physical_name"))
        super().__init__("stackyard-gcp:index:Alarms", name, None, opts)
        labels = {**(args.get("labels") or {}), "managed-by": "stackyard"}
        scope = Scope(self, name, base, args.get("project"), labels)

        scope.channels = email_channels(scope, args["emails"])
        presets: list[Preset] = []
        if services := list(args.get("services") or []):
            presets.append(service_alarms(scope, services))
        if (database := args.get("database")) is not None:
            presets.append(database_alarms(scope, database))
        if (cache := args.get("cache")) is not None:
            presets.append(cache_alarms(scope, cache))
        if uptime := list(args.get("uptime") or []):
            presets.append(uptime_alarms(scope, uptime))
        if custom := list(args.get("custom") or []):
            presets.append(custom_alarms(scope, custom))
        dashboard_id = dashboard(scope, [widget for preset in presets for widget in preset.widgets])

        self.channel_ids = pulumi.Output.all(*scope.channels)
        self.alert_policy_names = pulumi.Output.all(
            *[policy.name for preset in presets for policy in preset.policies]
        )
        self.dashboard_id = dashboard_id
        self.register_outputs(
            {
                "channel_ids": self.channel_ids,
                "alert_policy_names": self.alert_policy_names,
                "dashboard_id": self.dashboard_id,
            }
        )
