"""The `services` preset: per Cloud Run service, its 5xx ratio, p95 latency, and container CPU and memory
utilization; their charts.

Metric types, monitored-resource labels and value units come from Google's metric list
(https://cloud.google.com/monitoring/api/metrics_gcp): Cloud Run `request_count` (DELTA INT64, label
`response_code_class` "2xx" … "5xx") and `request_latencies` (DELTA DISTRIBUTION, milliseconds), and
`container/cpu/utilizations` and `container/memory/utilizations` (DELTA DISTRIBUTION of per-instance
utilization samples, a fraction 0-1) on `cloud_run_revision`."""

from typing import Any

import pulumi
import pulumi_gcp as gcp

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
from .args import AlarmsService
from .dashboard import chart, dataset

CLOUD_RUN = "cloud_run_revision"
REQUEST_COUNT = "run.googleapis.com/request_count"
REQUEST_LATENCIES = "run.googleapis.com/request_latencies"
RUN_CPU = "run.googleapis.com/container/cpu/utilizations"
RUN_MEMORY = "run.googleapis.com/container/memory/utilizations"
BY_SERVICE = "resource.label.service_name"
BY_CLASS = "metric.label.response_code_class"


def service_alarms(scope: Scope, services: list[AlarmsService]) -> Preset:
    """Each service's policies, in the order of `services`, and their charts."""
    policies: list[gcp.monitoring.AlertPolicy] = []
    for index, service in enumerate(services, start=1):
        policies += _service(scope, index, service)
    return Preset(policies, service_widgets(services))


def run_filter(service: pulumi.Input[str], metric: str, extra: str = "") -> pulumi.Output[str]:
    """A Cloud Run service's time series of `metric` (the service name may be an unknown Output)."""
    return pulumi.Output.concat(
        f'resource.type="{CLOUD_RUN}" AND resource.labels.service_name="',
        service,
        f'" AND metric.type="{metric}"{extra}',
    )


def errors_filter(service: pulumi.Input[str]) -> pulumi.Output[str]:
    """The service's requests answered with a 5xx: the numerator of the error ratio."""
    return run_filter(service, REQUEST_COUNT, ' AND metric.labels.response_code_class="5xx"')


def service_label(index: int, service: AlarmsService) -> str:
    label = service.get("label")
    if label:
        return label
    name = service["name"]
    return name if isinstance(name, str) else f"service-{index}"


def utilization_aggregation() -> Aggregation:
    """Cloud Run's container CPU and memory utilizations are distributions of per-instance samples, with no
    max aligner: ALIGN_PERCENTILE_99 takes, per revision and minute, the utilization 99 % of the samples stay
    under (the busiest instances, without one sample's spike), and REDUCE_MAX keeps the worst revision (two
    serve during a rollout). A mean would hide the one instance that runs out of memory and is killed, or
    that saturates its CPU, while the others idle: "memory > 80 %" is a per-instance limit."""
    return aggregation("ALIGN_PERCENTILE_99", "REDUCE_MAX", BY_SERVICE)


# -- policies -----------------------------------------------------------------------------------------------


def _service(scope: Scope, index: int, service: AlarmsService) -> list[gcp.monitoring.AlertPolicy]:
    run = service["name"]
    label = service_label(index, service)
    minutes = service.get("evaluation_minutes", 5)
    rate = service.get("error_rate_percent", 5)
    p95 = service.get("p95_latency_ms", 1000)
    cpu = service.get("cpu_percent", 80)
    memory = service.get("memory_percent", 80)
    total = aggregation("ALIGN_RATE", "REDUCE_SUM", BY_SERVICE)
    # request_latencies is a distribution: ALIGN_DELTA keeps each period's distribution per series and
    # REDUCE_PERCENTILE_95 takes the 95th percentile of all of them together (the service's true p95, not
    # an average of per-revision percentiles).
    latency = aggregation("ALIGN_DELTA", "REDUCE_PERCENTILE_95", BY_SERVICE)
    return [
        scope.policy(
            f"service-{label}-5xx-rate",
            pulumi.Output.concat(run, " 5xx rate"),
            {
                "filter": errors_filter(run),
                "denominator_filter": run_filter(run, REQUEST_COUNT),
                "aggregations": [total],
                "denominator_aggregations": [total],
                "comparison": COMPARISONS[">"],
                "threshold_value": rate / 100,
                "duration": duration(minutes),
                "evaluation_missing_data": MISSING_DATA,
            },
            pulumi.Output.concat(
                f"More than {rate:g}% of the requests to Cloud Run service **",
                run,
                f"** were answered with a 5xx for {minutes_text(minutes)}.\n\n"
                "Check the service's logs and Error Reporting, and the latest revision (roll back by "
                "sending traffic to the previous one if the errors started with it), then the database "
                "and cache alarms.",
            ),
            "ERROR",
        ),
        scope.policy(
            f"service-{label}-p95-latency",
            pulumi.Output.concat(run, " p95 latency"),
            {
                "filter": run_filter(run, REQUEST_LATENCIES),
                "aggregations": [latency],
                "comparison": COMPARISONS[">"],
                "threshold_value": p95,
                "duration": duration(minutes),
                "evaluation_missing_data": MISSING_DATA,
            },
            pulumi.Output.concat(
                "The 95th percentile latency of Cloud Run service **",
                run,
                f"** stayed above {p95} ms for {minutes_text(minutes)}.\n\n"
                "Check the instance count (max instances reached?), CPU and memory utilization, cold "
                "starts, slow database queries (Query Insights) and slow downstream calls.",
            ),
            "WARNING",
        ),
        scope.policy(
            f"service-{label}-cpu",
            pulumi.Output.concat(run, " CPU"),
            _utilization(run, RUN_CPU, cpu, minutes),
            pulumi.Output.concat(
                "The busiest instances of Cloud Run service **",
                run,
                f"** (the 99th percentile) used more than {cpu:g}% of their CPU for "
                f"{minutes_text(minutes)}.\n\n"
                "Check whether the service reached its maximum instances, the traffic and the latest "
                "revision; give it more CPU or lower its concurrency if it is undersized.",
            ),
            "WARNING",
        ),
        scope.policy(
            f"service-{label}-memory",
            pulumi.Output.concat(run, " memory"),
            _utilization(run, RUN_MEMORY, memory, minutes),
            pulumi.Output.concat(
                "The fullest instances of Cloud Run service **",
                run,
                f"** (the 99th percentile) used more than {memory:g}% of their memory for "
                f"{minutes_text(minutes)}; an instance that runs out is killed and its requests "
                "fail.\n\nCheck for a leak (memory rising after each revision), the concurrency, or give "
                "the service more memory.",
            ),
            "WARNING",
        ),
    ]


def _utilization(run: pulumi.Input[str], metric: str, percent: float, minutes: int) -> Threshold:
    return {
        "filter": run_filter(run, metric),
        "aggregations": [utilization_aggregation()],
        "comparison": COMPARISONS[">"],
        "threshold_value": percent / 100,
        "duration": duration(minutes),
        "evaluation_missing_data": MISSING_DATA,
    }


# -- dashboard ----------------------------------------------------------------------------------------------


def service_widgets(services: list[AlarmsService]) -> list[dict[str, Any]]:
    by_class = aggregation("ALIGN_RATE", "REDUCE_SUM", BY_CLASS)
    p95 = aggregation("ALIGN_DELTA", "REDUCE_PERCENTILE_95", BY_SERVICE)
    requests = [
        dataset(
            run_filter(s["name"], REQUEST_COUNT),
            by_class,
            pulumi.Output.concat(s["name"], " ${metric.labels.response_code_class}"),
        )
        for s in services
    ]
    latencies = [dataset(run_filter(s["name"], REQUEST_LATENCIES), p95, s["name"]) for s in services]
    thresholds = [float(s.get("p95_latency_ms", 1000)) for s in services]
    busiest = utilization_aggregation()
    cpu = [dataset(run_filter(s["name"], RUN_CPU), busiest, s["name"]) for s in services]
    memory = [dataset(run_filter(s["name"], RUN_MEMORY), busiest, s["name"]) for s in services]
    return [
        chart("Requests per second by response class", requests, "requests/s"),
        chart("p95 latency (ms)", latencies, "ms", thresholds),
        chart(
            "Container CPU utilization (p99 of instances)",
            cpu,
            "ratio",
            [s.get("cpu_percent", 80) / 100 for s in services],
        ),
        chart(
            "Container memory utilization (p99 of instances)",
            memory,
            "ratio",
            [s.get("memory_percent", 80) / 100 for s in services],
        ),
    ]
