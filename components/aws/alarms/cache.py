"""The `cache` preset: engine CPU, memory use and evictions of an ElastiCache replication group (the worst
node, the sum for evictions); its graph."""

from typing import Any

import pulumi
import pulumi_aws as aws

from .alarm import COMPARISONS, PERIOD, AlarmTopic, Preset, Scope
from .args import CacheAlarmsArgs
from .dashboard import graph, row

CACHE = "AWS/ElastiCache"


def cache_alarms(scope: Scope, cache: CacheAlarmsArgs, topic: AlarmTopic, region: str) -> Preset:
    """The cache's alarms, notifying `topic`, and its graph."""
    return Preset(_cache(scope, cache, topic), _cache_widget(cache, region))


def _cache(scope: Scope, cache: CacheAlarmsArgs, topic: AlarmTopic) -> list[aws.cloudwatch.MetricAlarm]:
    name = scope.name
    minutes = cache.get("evaluation_minutes", 5)
    over = f"for {minutes} minute{'s' if minutes != 1 else ''}"
    nodes = _cache_nodes(cache)

    def across_nodes(
        metric: str, stat: str, combine: str, label: str
    ) -> list[aws.cloudwatch.MetricAlarmMetricQueryArgsDict]:
        """One hidden query per node and `combine` (MAX or SUM) of them, the alarm's value."""
        queries: list[aws.cloudwatch.MetricAlarmMetricQueryArgsDict] = [
            {
                "id": f"node{index}",
                "metric": {
                    "namespace": "AWS/ElastiCache",
                    "metric_name": metric,
                    "dimensions": {"CacheClusterId": node},
                    "stat": stat,
                    "period": PERIOD,
                },
                "return_data": False,
            }
            for index, node in enumerate(nodes, start=1)
        ]
        ids = ", ".join(f"node{index}" for index in range(1, len(nodes) + 1))
        expression = f"{combine}([{ids}])"
        queries.append({"id": "value", "expression": expression, "label": label, "return_data": True})
        return queries

    cpu = cache.get("cpu_percent", 80)
    memory = cache.get("memory_percent", 80)
    evictions = cache.get("evictions", 0)
    return [
        scope.alarm(
            "cache-cpu",
            topic,
            f"{name}: a cache node's engine CPU stayed above {cpu:g}% {over}. Check the slow log for "
            "expensive commands (KEYS, large sets) and the node type.",
            metric_queries=across_nodes("EngineCPUUtilization", "Average", "MAX", "Worst node engine CPU"),
            comparison=COMPARISONS[">"],
            threshold=cpu,
            evaluation_periods=minutes,
        ),
        scope.alarm(
            "cache-memory",
            topic,
            f"{name}: a cache node used more than {memory:g}% of its memory {over}. Check key TTLs, the "
            "eviction policy and the node type.",
            metric_queries=across_nodes(
                "DatabaseMemoryUsagePercentage", "Average", "MAX", "Worst node memory use"
            ),
            comparison=COMPARISONS[">"],
            threshold=memory,
            evaluation_periods=minutes,
        ),
        scope.alarm(
            "cache-evictions",
            topic,
            f"{name}: the cache evicted more than {evictions} keys a minute {over}: it is full and drops "
            "data. Check memory use, key TTLs and the eviction policy, or use a larger node type.",
            metric_queries=across_nodes("Evictions", "Sum", "SUM", "Evictions"),
            comparison=COMPARISONS[">"],
            threshold=evictions,
            evaluation_periods=minutes,
        ),
    ]


def _cache_widget(cache: CacheAlarmsArgs, region: str) -> dict[str, Any]:
    metrics: list[list[Any]] = []
    for index, node in enumerate(_cache_nodes(cache), start=1):
        member = {"CacheClusterId": node}
        metrics += [
            row(CACHE, "EngineCPUUtilization", member, label=f"Node {index} engine CPU (%)"),
            row(CACHE, "DatabaseMemoryUsagePercentage", member, label=f"Node {index} memory (%)"),
            row(CACHE, "Evictions", member, label=f"Node {index} evictions", stat="Sum", yAxis="right"),
        ]
    return graph("Cache", region, metrics)


def _cache_nodes(cache: CacheAlarmsArgs) -> list[pulumi.Output[str]]:
    """The member cluster ids of a replication group (cluster mode disabled): `<id>-001`, `<id>-002` …"""
    group = cache["replication_group_id"]
    return [pulumi.Output.concat(group, f"-{index:03d}") for index in range(1, cache.get("nodes", 2) + 1)]
