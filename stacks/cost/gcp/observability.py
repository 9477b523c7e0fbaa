"""Google Cloud observability: Cloud Monitoring alert policies, dashboards, notification channels
and uptime checks, log-based metrics."""

from __future__ import annotations

from collections.abc import Mapping

from ..context import Context, Outcome, Resource, Rule
from .common import registrar

FREE: dict[str, str] = {
    "gcp:monitoring/notificationChannel:NotificationChannel": "notification channels have no charge",
    "gcp:monitoring/dashboard:Dashboard": "Cloud Monitoring dashboards have no charge",
}

NOT_PRICED: dict[str, str] = {
    "gcp:monitoring/uptimeCheckConfig:UptimeCheckConfig": (
        "uptime checks are billed per execution from each checker location, beyond 1 million free "
        "executions a project (so a few checks a minute usually cost nothing); no sourced per-execution "
        "rate in the table"
    ),
}

RULES: dict[str, Rule] = {}
rule = registrar(RULES)


@rule("gcp:monitoring/alertPolicy:AlertPolicy")
def alert_policy(r: Resource, ctx: Context) -> Outcome:
    conditions = len([c for c in r.get("conditions", []) if isinstance(c, Mapping)]) or 1
    usage = ctx.usage_of(r, "alert_policy")
    series = conditions * usage["time_series_per_condition"] * usage["execution_periods"]
    return Outcome(
        [
            ctx.fixed(
                f"Alerting conditions ({conditions})",
                conditions,
                "condition-months",
                "monitoring.alerting.condition.month",
            ),
            ctx.use(
                f"Time series returned ({usage['execution_periods']:g} execution periods)",
                series / 1e6,
                "1M time series",
                "monitoring.alerting.time_series.million",
                "alert_policy.time_series_per_condition",
            ),
        ]
    )


@rule("gcp:logging/metric:Metric")
def log_metric(r: Resource, ctx: Context) -> Outcome:
    usage = ctx.usage_of(r, "log_metric")
    return Outcome(
        [
            ctx.use(
                "Metric data written (user-defined log-based metric)",
                usage["ingested_mib"],
                "MiB",
                "monitoring.metric_data.mib",
                "log_metric.ingested_mib",
            )
        ],
        note="billed as Cloud Monitoring metric data; the free allotment per billing account is not modelled",
    )
