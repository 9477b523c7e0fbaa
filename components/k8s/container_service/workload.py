"""The workload: a Deployment (a web service or a worker) with its HorizontalPodAutoscaler and
PodDisruptionBudget, or a CronJob (a scheduled job)."""

import pulumi
import pulumi_kubernetes as k8s

from .settings import SKIP_AWAIT, ContainerSettings, MetadataFor

JOB_HISTORY = 3  # finished Jobs kept (successful and failed each)
# A run that could not start within 5 minutes of its time is skipped (kube-score: "CronJob has deadline").
STARTING_DEADLINE_SECONDS = 300


def deployment(
    owner: pulumi.Resource,
    name: str,
    s: ContainerSettings,
    metadata: MetadataFor,
    selector: dict[str, str],
    template: k8s.core.v1.PodTemplateSpecArgsDict,
    opts: pulumi.ResourceOptions,
) -> k8s.apps.v1.Deployment:
    """The Deployment, its autoscaler (when `max_count` > `min_count`) and its disruption budget (with 2 or
    more replicas)."""
    child = pulumi.ResourceOptions(parent=owner)
    spec: k8s.apps.v1.DeploymentSpecArgsDict = {
        "selector": {"match_labels": selector},
        "strategy": {"type": "RollingUpdate", "rolling_update": {"max_unavailable": 0, "max_surge": 1}},
        "template": template,
    }
    if not s.autoscaled:
        spec["replicas"] = s.replicas  # under an autoscaler the field stays unset (kube-score)
    deployment = k8s.apps.v1.Deployment(name, metadata=_awaited(s, metadata(s.name)), spec=spec, opts=opts)

    if s.autoscaled:
        metrics: list[k8s.autoscaling.v2.MetricSpecArgsDict] = [_utilization("cpu", s.cpu_percent)]
        if s.memory_percent is not None:
            metrics.append(_utilization("memory", s.memory_percent))
        k8s.autoscaling.v2.HorizontalPodAutoscaler(
            f"{name}-autoscaler",
            metadata=metadata(s.name),
            spec={
                "scale_target_ref": {
                    "api_version": "apps/v1",
                    "kind": "Deployment",
                    "name": deployment.metadata.name,
                },
                "min_replicas": s.min_count,
                "max_replicas": s.max_count,
                "metrics": metrics,
            },
            opts=child,
        )
    if s.disruption_budget:
        k8s.policy.v1.PodDisruptionBudget(
            f"{name}-disruption-budget",
            metadata=metadata(s.name),
            spec={
                "max_unavailable": 1,
                "selector": {"match_labels": selector},
                # A pod that is not ready may be evicted, so a crash-looping pod never blocks a drain.
                "unhealthy_pod_eviction_policy": "AlwaysAllow",
            },
            opts=child,
        )
    return deployment


def cron_job(
    name: str,
    s: ContainerSettings,
    metadata: k8s.meta.v1.ObjectMetaArgsDict,
    labels: dict[str, str],
    template: k8s.core.v1.PodTemplateSpecArgsDict,
    opts: pulumi.ResourceOptions,
) -> k8s.batch.v1.CronJob:
    """The CronJob of a scheduled job, suspended while the service has no image."""
    assert s.schedule is not None
    spec: k8s.batch.v1.CronJobSpecArgsDict = {
        "schedule": s.schedule,
        "time_zone": "Etc/UTC",
        "concurrency_policy": "Forbid",
        "starting_deadline_seconds": STARTING_DEADLINE_SECONDS,
        "successful_jobs_history_limit": JOB_HISTORY,
        "failed_jobs_history_limit": JOB_HISTORY,
        "job_template": {
            "metadata": {"labels": labels},
            "spec": {
                "backoff_limit": s.max_retries,
                "active_deadline_seconds": s.timeout_seconds,
                "template": template,
            },
        },
    }
    if s.awaits_image:
        spec["suspend"] = True  # no run starts before the first image (unset afterwards: false)
    return k8s.batch.v1.CronJob(name, metadata=metadata, spec=spec, opts=opts)


def _awaited(
    s: ContainerSettings, metadata: k8s.meta.v1.ObjectMetaArgsDict
) -> k8s.meta.v1.ObjectMetaArgsDict:
    """`metadata`, telling pulumi-kubernetes not to wait for pods while the service has no image."""
    if not s.awaits_image:
        return metadata
    annotations = metadata.get("annotations") or {}
    assert isinstance(annotations, dict), "ContainerService builds annotations as a dict"
    return {**metadata, "annotations": {**annotations, **SKIP_AWAIT}}


def _utilization(resource: str, percent: int) -> k8s.autoscaling.v2.MetricSpecArgsDict:
    return {
        "type": "Resource",
        "resource": {"name": resource, "target": {"type": "Utilization", "average_utilization": percent}},
    }
