"""The `database` preset: CPU, disk and connections of a Cloud SQL for PostgreSQL instance, and its slow
queries counted from its log by a log-based metric; their charts.

Cloud SQL `cpu/utilization` and `disk/utilization` (GAUGE DOUBLE, a fraction 0-1) and
`postgresql/num_backends` (GAUGE INT64, one series per database) on `cloudsql_database`, whose `database_id`
label is "<project>:<instance>" (https://cloud.google.com/monitoring/api/metrics_gcp). Slow queries come from
Cloud SQL's PostgreSQL log (`projects/<project>/logs/cloudsql.googleapis.com%2Fpostgres.log`, one text entry
per line, a slow statement "… LOG:  duration: 1234.567 ms  statement: …") through a log-based counter
metric, whose series keep the log entries' `cloudsql_database` resource and labels."""

from typing import Any

import pulumi
import pulumi_gcp as gcp

from ...naming import physical_name
from .alarm import (
    COMPARISONS,
    MISSING_DATA,
    Aggregation,
    Preset,
    Scope,
    Threshold,
    aggregation,
    duration,
    minutes_text,
)
from .args import AlarmsDatabase
from .dashboard import chart, dataset

SQL_CPU = "cloudsql.googleapis.com/database/cpu/utilization"
SQL_DISK = "cloudsql.googleapis.com/database/disk/utilization"
SQL_BACKENDS = "cloudsql.googleapis.com/database/postgresql/num_backends"
USER_METRIC = "logging.googleapis.com/user/"
POSTGRES_LOG = "cloudsql.googleapis.com%2Fpostgres.log"
SLOW_QUERY_TEXT = "duration:"  # the text PostgreSQL starts a log_min_duration_statement line with
SLOW_QUERY_PERIOD = "300s"  # the threshold counts slow statements per 5 minutes
LOG_METRIC_NAME_LIMIT = 100  # LogMetric.name: at most 100 characters
BY_DATABASE = "resource.label.database_id"


def database_alarms(scope: Scope, database: AlarmsDatabase) -> Preset:
    """The instance's policies, the slow-query metric and its policy when `slow_queries_per_5min` is set,
    and their charts."""
    policies = _database(scope, database)
    slow_metric = None
    if database.get("slow_queries_per_5min") is not None:
        slow_policy, slow_metric = _slow_queries(scope, database)
        policies.append(slow_policy)
    return Preset(policies, database_widgets(database, _database_id(scope, database), slow_metric))


def _database_id(scope: Scope, database: AlarmsDatabase) -> pulumi.Output[str]:
    return database_id(scope.project_id(), database["instance_name"])


def sql_filter(database_id: pulumi.Input[str], metric: str) -> pulumi.Output[str]:
    return pulumi.Output.concat(
        'resource.type="cloudsql_database" AND resource.labels.database_id="',
        database_id,
        f'" AND metric.type="{metric}"',
    )


def slow_query_log_filter(project: pulumi.Input[str]) -> pulumi.Output[str]:
    """The slow-statement lines of every Cloud SQL for PostgreSQL instance of the project. The instance is
    picked by the alert policy (the metric's series keep the entries' `database_id`), so the metric needs
    nothing from the instance and exists well before the policy: Cloud Monitoring refuses a policy on a
    log-based metric created moments before ("Cannot find metric(s) … could take up to 10 minutes",
    github.com/hashicorp/terraform-provider-google/issues/11102)."""
    return pulumi.Output.concat(
        'resource.type="cloudsql_database" AND logName="projects/',
        project,
        f'/logs/{POSTGRES_LOG}" AND textPayload:"{SLOW_QUERY_TEXT}"',
    )


def slow_query_filter(metric_name: pulumi.Input[str], database_id: pulumi.Input[str]) -> pulumi.Output[str]:
    """The log-based metric's series of one instance."""
    return pulumi.Output.concat(
        f'metric.type="{USER_METRIC}',
        metric_name,
        '" AND resource.type="cloudsql_database" AND resource.labels.database_id="',
        database_id,
        '"',
    )


def database_id(project: pulumi.Input[str], instance: pulumi.Input[str]) -> pulumi.Output[str]:
    """The `cloudsql_database` resource's `database_id` label: "<project>:<instance name>"."""
    return pulumi.Output.concat(project, ":", instance)


def slow_query_aggregation() -> Aggregation:
    """The slow statements of each 5 minutes, summed over the instance's series."""
    return aggregation("ALIGN_SUM", "REDUCE_SUM", BY_DATABASE, period=SLOW_QUERY_PERIOD)


# -- policies -----------------------------------------------------------------------------------------------


def _database(scope: Scope, database: AlarmsDatabase) -> list[gcp.monitoring.AlertPolicy]:
    instance = database["instance_name"]
    database_id = _database_id(scope, database)
    minutes = database.get("evaluation_minutes", 5)
    cpu = database.get("cpu_percent", 80)
    disk = database.get("disk_percent", 85)
    share = database.get("connections_percent", 80)
    max_connections = database.get("max_connections")
    over = f"for {minutes_text(minutes)}"

    def condition(metric: str, threshold: float, step: Aggregation) -> Threshold:
        return {
            "filter": sql_filter(database_id, metric),
            "aggregations": [step],
            "comparison": COMPARISONS[">"],
            "threshold_value": threshold,
            "duration": duration(minutes),
            "evaluation_missing_data": MISSING_DATA,
        }

    def docs(text: str) -> pulumi.Output[str]:
        return pulumi.Output.concat("Cloud SQL instance **", instance, f"** {text}")

    mean = aggregation("ALIGN_MEAN")
    policies = [
        scope.policy(
            "db-cpu",
            "database CPU",
            condition(SQL_CPU, cpu / 100, mean),
            docs(
                f"used more than {cpu:g}% CPU {over}.\n\nCheck Query Insights for the top queries and "
                "missing indexes, then the machine type."
            ),
            "WARNING",
        ),
        scope.policy(
            "db-disk",
            "database disk",
            condition(SQL_DISK, disk / 100, mean),
            docs(
                f"has used more than {disk:g}% of its disk {over}.\n\nCheck automatic storage "
                "increase (and its limit), large tables and indexes, and replication slots holding WAL; "
                "add storage before it fills up."
            ),
            "ERROR",
        ),
    ]
    if max_connections is None:
        return policies
    policies.append(
        scope.policy(
            "db-connections",
            "database connections",
            # num_backends has one series per database: their sum is the instance's connections.
            condition(
                SQL_BACKENDS,
                max_connections * share / 100,
                aggregation("ALIGN_MEAN", "REDUCE_SUM", BY_DATABASE),
            ),
            docs(
                f"had more than {share:g}% of its {max_connections} connections open {over}.\n\n"
                "Check pool sizes times instance counts (Cloud Run max instances), leaked connections, "
                "and whether a pooler is needed."
            ),
            "ERROR",
        )
    )
    return policies


def _slow_queries(
    scope: Scope, database: AlarmsDatabase
) -> tuple[gcp.monitoring.AlertPolicy, pulumi.Output[str]]:
    """The project's log-based counter of slow statements (see the `Alarms` docstring for why it is not
    limited to this instance), and the policy on this instance's series."""
    threshold = database.get("slow_queries_per_5min") or 0
    metric = gcp.logging.Metric(
        f"{scope.name}-db-slow-queries",
        name=physical_name(f"{scope.base}-db-slow-queries", LOG_METRIC_NAME_LIMIT),
        description="Statements slower than log_min_duration_statement in the Cloud SQL PostgreSQL "
        "logs, managed by stackyard",
        filter=slow_query_log_filter(scope.project_id()),
        metric_descriptor={
            "metric_kind": "DELTA",
            "value_type": "INT64",
            "unit": "1",
            "display_name": f"{scope.base} slow queries",
        },
        project=scope.project,
        opts=pulumi.ResourceOptions(parent=scope.owner),
    )
    policy = scope.policy(
        "db-slow-queries",
        "database slow queries",
        {
            "filter": slow_query_filter(metric.name, _database_id(scope, database)),
            "aggregations": [slow_query_aggregation()],
            "comparison": COMPARISONS[">"],
            "threshold_value": threshold,
            "duration": "0s",  # the 5-minute window is the aggregation's
            "evaluation_missing_data": MISSING_DATA,
        },
        pulumi.Output.concat(
            "Cloud SQL instance **",
            database["instance_name"],
            f"** logged more than {threshold} statement{'s' if threshold != 1 else ''} slower than "
            "log_min_duration_statement (1 s unless the flags change it) in 5 minutes.\n\n"
            'Find them in its postgres.log ("duration:" lines) and in Query Insights\' top queries; '
            "check missing indexes, locks and the instance's CPU and disk.",
        ),
        "WARNING",
    )
    return policy, metric.name


# -- dashboard ----------------------------------------------------------------------------------------------


def database_widgets(
    database: AlarmsDatabase, database_id: pulumi.Output[str], slow_metric: pulumi.Output[str] | None = None
) -> list[dict[str, Any]]:
    mean = aggregation("ALIGN_MEAN")
    usage = [
        dataset(sql_filter(database_id, SQL_CPU), mean, "CPU"),
        dataset(sql_filter(database_id, SQL_DISK), mean, "disk"),
    ]
    connections = [
        dataset(
            sql_filter(database_id, SQL_BACKENDS),
            aggregation("ALIGN_MEAN", "REDUCE_SUM", BY_DATABASE),
            "connections",
        )
    ]
    max_connections = database.get("max_connections")
    limits = (
        [] if max_connections is None else [max_connections * database.get("connections_percent", 80) / 100]
    )
    ratios = [database.get("cpu_percent", 80) / 100, database.get("disk_percent", 85) / 100]
    widgets = [
        chart("Cloud SQL CPU and disk utilization", usage, "ratio", ratios),
        chart("Cloud SQL connections", connections, "connections", limits),
    ]
    if slow_metric is not None:
        slow = dataset(slow_query_filter(slow_metric, database_id), slow_query_aggregation(), "slow queries")
        threshold = database.get("slow_queries_per_5min")
        widgets.append(
            chart(
                "Slow queries per 5 minutes",
                [slow],
                "statements",
                [float(threshold)] if threshold is not None else None,
            )
        )
    return widgets
