"""The `cache` preset: the memory of a Memorystore for Redis instance (the fullest node); its chart.

Memorystore `stats/memory/usage_ratio` (GAUGE DOUBLE 0-1, one series per node) on `redis_instance`, whose
`instance_id` label is the full name "projects/<project>/locations/<region>/instances/<id>"
(https://cloud.google.com/monitoring/api/metrics_gcp)."""

from typing import Any

import pulumi
import pulumi_gcp as gcp

from .alarm import COMPARISONS, MISSING_DATA, Preset, Scope, aggregation, duration, minutes_text
from .args import AlarmsCache
from .dashboard import chart, dataset

REDIS_MEMORY = "redis.googleapis.com/stats/memory/usage_ratio"
BY_REDIS = "resource.label.instance_id"


def cache_alarms(scope: Scope, cache: AlarmsCache) -> Preset:
    """The instance's memory policy and its chart."""
    instance = _redis_instance(scope, cache)
    return Preset([_cache(scope, cache, instance)], [cache_widget(cache, instance)])


def _redis_instance(scope: Scope, cache: AlarmsCache) -> pulumi.Output[str]:
    given = cache["instance_id"]
    if isinstance(given, str) and given.startswith("projects/"):
        return pulumi.Output.from_input(given)
    region = cache.get("region")
    return redis_instance_name(
        given, scope.project_id(), region if region is not None else scope.provider_setting("region")
    )


def redis_filter(instance: pulumi.Input[str]) -> pulumi.Output[str]:
    return pulumi.Output.concat(
        'resource.type="redis_instance" AND resource.labels.instance_id="',
        instance,
        f'" AND metric.type="{REDIS_MEMORY}"',
    )


def redis_instance_name(
    instance: pulumi.Input[str], project: pulumi.Input[str], region: pulumi.Input[str]
) -> pulumi.Output[str]:
    """The `redis_instance` resource's `instance_id` label, the instance's full name: `instance` itself when
    it is already "projects/…/instances/<id>", else built from the project and region."""

    def full(values: list[Any]) -> str:
        given, project_id, location = (str(value) for value in values)
        if given.startswith("projects/"):
            return given
        return f"projects/{project_id}/locations/{location}/instances/{given}"

    return pulumi.Output.all(instance, project, region).apply(full)


def _cache(scope: Scope, cache: AlarmsCache, instance: pulumi.Output[str]) -> gcp.monitoring.AlertPolicy:
    memory = cache.get("memory_percent", 80)
    minutes = cache.get("evaluation_minutes", 5)
    return scope.policy(
        "cache-memory",
        "cache memory",
        {
            "filter": redis_filter(instance),
            # usage_ratio has one series per node: the fullest one alarms.
            "aggregations": [aggregation("ALIGN_MEAN", "REDUCE_MAX", BY_REDIS)],
            "comparison": COMPARISONS[">"],
            "threshold_value": memory / 100,
            "duration": duration(minutes),
            "evaluation_missing_data": MISSING_DATA,
        },
        pulumi.Output.concat(
            "Memorystore instance **",
            instance,
            f"** used more than {memory:g}% of its memory for {minutes_text(minutes)}.\n\n"
            "Check key TTLs, the eviction policy (`maxmemory-policy`) and evicted keys, then the memory "
            "size.",
        ),
        "WARNING",
    )


def cache_widget(cache: AlarmsCache, instance: pulumi.Output[str]) -> dict[str, Any]:
    memory = dataset(
        redis_filter(instance),
        aggregation("ALIGN_MEAN", "REDUCE_MAX", BY_REDIS),
        "memory (fullest node)",
    )
    return chart("Memorystore memory usage", [memory], "ratio", [cache.get("memory_percent", 80) / 100])
