"""The `database` preset: the RDS primary's CPU, free storage (a share of its allocated storage) and
connections, each read replica's lag, and slow queries counted from the exported PostgreSQL log by a metric
filter; its graph."""

from typing import Any

import pulumi
import pulumi_aws as aws

from ..naming import physical_name
from .alarm import ALARM_NAME_LIMIT, COMPARISONS, PERIOD, AlarmTopic, Preset, Scope
from .args import DatabaseAlarmsArgs
from .dashboard import graph, row

# Slow queries: PostgreSQL logs every statement slower than log_min_duration_statement (ManagedPostgres sets
# 1000 ms) as "LOG:  duration: 1234.567 ms  statement: …" to the exported log group
# /aws/rds/instance/<identifier>/postgresql; a metric filter counts those lines.
SLOW_QUERY_LOG = "/aws/rds/instance/{identifier}/postgresql"
SLOW_QUERY_PATTERN = '"duration:"'  # a quoted term: matches the literal text, colon included
SLOW_QUERY_NAMESPACE = "Stackyard/PostgreSQL"
SLOW_QUERY_PERIOD = 300  # the threshold counts slow statements per 5 minutes
METRIC_FILTER_NAME_LIMIT = 512
GIB = 1024**3


def database_alarms(scope: Scope, database: DatabaseAlarmsArgs, topic: AlarmTopic, region: str) -> Preset:
    """The database's alarms (and the slow-query metric filter), notifying `topic`, and its graph."""
    return Preset(
        _database(scope, database, topic), _database_widget(database, region, _slow_query_metric(scope))
    )


def _database(
    scope: Scope, database: DatabaseAlarmsArgs, topic: AlarmTopic
) -> list[aws.cloudwatch.MetricAlarm]:
    name = scope.name
    minutes = database.get("evaluation_minutes", 5)
    over = f"for {minutes} minute{'s' if minutes != 1 else ''}"
    primary: dict[str, pulumi.Input[str]] = {"DBInstanceIdentifier": database["identifier"]}
    cpu = database.get("cpu_percent", 80)
    free = database.get("free_storage_percent", 15)
    storage = pulumi.Output.from_input(database["allocated_storage_gb"])
    ceiling = database.get("max_allocated_storage_gb")
    growth = (
        f"Storage autoscaling grows the disk up to {ceiling} GB; past that, raise max_storage_gb. "
        if ceiling
        else ""
    )
    created = [
        scope.alarm(
            "db-cpu",
            topic,
            f"{name}: the database used more than {cpu:g}% CPU {over}. Check Performance Insights for "
            "the top queries and missing indexes, then the instance class.",
            namespace="AWS/RDS",
            metric_name="CPUUtilization",
            dimensions=primary,
            statistic="Average",
            period=PERIOD,
            comparison=COMPARISONS[">"],
            threshold=cpu,
            evaluation_periods=minutes,
        ),
        scope.alarm(
            "db-free-storage",
            topic,
            storage.apply(
                lambda gb: (
                    f"{name}: the database has had less than {free:g}% of its {gb} GB storage "
                    f"free {over}. {growth}Check large tables and indexes, and inactive replication "
                    "slots holding WAL; add storage before it fills up."
                )
            ),
            namespace="AWS/RDS",
            metric_name="FreeStorageSpace",
            dimensions=primary,
            statistic="Minimum",
            period=PERIOD,
            comparison=COMPARISONS["<"],
            threshold=storage.apply(lambda gb: float(round(gb * GIB * free / 100))),
            evaluation_periods=minutes,
        ),
    ]
    max_connections = database.get("max_connections")
    if max_connections is not None:
        share = database.get("connections_percent", 80)
        created.append(
            scope.alarm(
                "db-connections",
                topic,
                f"{name}: the database had more than {share:g}% of its {max_connections} connections "
                f"open {over}. Check pool sizes times task counts, leaked connections, and whether a "
                "pooler (RDS Proxy, PgBouncer) is needed.",
                namespace="AWS/RDS",
                metric_name="DatabaseConnections",
                dimensions=primary,
                statistic="Maximum",
                period=PERIOD,
                comparison=COMPARISONS[">"],
                threshold=max_connections * share / 100,
                evaluation_periods=minutes,
            )
        )
    slow = database.get("slow_queries_per_5min")
    if slow is not None:
        created.append(_slow_queries(scope, database["identifier"], slow, topic))
    lag = database.get("replica_lag_seconds", 60)
    for index, replica in enumerate(database.get("replica_identifiers") or [], start=1):
        created.append(
            scope.alarm(
                f"db-replica-{index}-lag",
                topic,
                f"{name}: read replica {index} has lagged the primary by more than {lag} s {over}; its "
                "readers see stale data. Check the replica's CPU and I/O, long queries on it, and write "
                "bursts on the primary.",
                namespace="AWS/RDS",
                metric_name="ReplicaLag",
                dimensions={"DBInstanceIdentifier": replica},
                statistic="Maximum",
                period=PERIOD,
                comparison=COMPARISONS[">"],
                threshold=lag,
                evaluation_periods=minutes,
            )
        )
    return created


def _slow_query_metric(scope: Scope) -> str:
    """The metric the slow-query filter writes: one per `physical_name`, so stacks sharing an account
    never count each other's statements."""
    return physical_name(f"{scope.base}-db-slow-queries", ALARM_NAME_LIMIT)


def _slow_queries(
    scope: Scope, identifier: pulumi.Input[str], threshold: int, topic: AlarmTopic
) -> aws.cloudwatch.MetricAlarm:
    """A metric filter counting the slow statements in the primary's PostgreSQL log, and its alarm. The
    log group's name comes from the instance's identifier, an output of the instance, which RDS creates
    after the log groups (`ManagedPostgres` creates them first): the filter waits for both."""
    metric = _slow_query_metric(scope)
    aws.cloudwatch.LogMetricFilter(
        f"{scope.name}-db-slow-queries",
        name=physical_name(f"{scope.base}-db-slow-queries", METRIC_FILTER_NAME_LIMIT),
        log_group_name=pulumi.Output.from_input(identifier).apply(
            lambda value: SLOW_QUERY_LOG.format(identifier=value)
        ),
        pattern=SLOW_QUERY_PATTERN,
        metric_transformation={
            "name": metric,
            "namespace": SLOW_QUERY_NAMESPACE,
            "value": "1",
            "unit": "Count",
        },
        opts=pulumi.ResourceOptions(parent=scope.owner),
    )
    return scope.alarm(
        "db-slow-queries",
        topic,
        f"{scope.name}: the database logged more than {threshold} statement"
        f"{'s' if threshold != 1 else ''} slower than log_min_duration_statement (1 s unless the "
        'parameters change it) in 5 minutes. Find them in the postgresql log group ("duration:" lines, '
        "CloudWatch Logs Insights) and in Performance Insights' top SQL; check missing indexes, locks "
        "and the instance's CPU and I/O.",
        namespace=SLOW_QUERY_NAMESPACE,
        metric_name=metric,
        statistic="Sum",
        period=SLOW_QUERY_PERIOD,
        comparison=COMPARISONS[">"],
        threshold=threshold,
        evaluation_periods=1,
    )


def _database_widget(database: DatabaseAlarmsArgs, region: str, slow_query_metric: str) -> dict[str, Any]:
    rds = {"DBInstanceIdentifier": database["identifier"]}
    metrics: list[list[Any]] = [
        row("AWS/RDS", "CPUUtilization", rds, label="CPU (%)"),
        row("AWS/RDS", "DatabaseConnections", rds, label="Connections", stat="Maximum", yAxis="right"),
    ]
    if database.get("slow_queries_per_5min") is not None:
        metrics.append(
            row(
                SLOW_QUERY_NAMESPACE,
                slow_query_metric,
                {},
                label="Slow queries per 5 min",
                stat="Sum",
                period=SLOW_QUERY_PERIOD,
                yAxis="right",
            )
        )
    for index, replica in enumerate(database.get("replica_identifiers") or [], start=1):
        lag = {"DBInstanceIdentifier": replica}
        label = f"Replica {index} lag (s)"
        metrics.append(row("AWS/RDS", "ReplicaLag", lag, label=label, stat="Maximum", yAxis="right"))
    return graph("Database", region, metrics)
