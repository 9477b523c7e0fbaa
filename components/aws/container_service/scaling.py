"""Autoscaling of a service: a scalable target between `min_count` and `max_count` (0 and 0 while `image_tag`
is "bootstrap") and target-tracking policies on CPU, and optionally memory and ALB requests per task."""

import pulumi
import pulumi_aws as aws

from ..naming import physical_name
from .service import EcsService
from .settings import FAMILY_LIMIT, ContainerServiceArgs, _Settings


def autoscaling(
    owner: pulumi.Resource,
    name: str,
    base: str,
    settings: _Settings,
    args: ContainerServiceArgs,
    service: EcsService,
) -> None:
    """The scalable target of the service's task count, and one target-tracking policy per metric."""
    child = pulumi.ResourceOptions(parent=owner)
    load_balancer = args.get("load_balancer")
    primary = service.target_group
    target = aws.appautoscaling.Target(
        f"{name}-scaling",
        service_namespace="ecs",
        scalable_dimension="ecs:service:DesiredCount",
        resource_id=pulumi.Output.concat("service/", args["cluster_name"], "/", service.service.name),
        # 0 to 0 while `image_tag` is "bootstrap" (nothing pushed: no task may start, and no policy may
        # scale out); a real tag's range moves the current count into min_count..max_count
        # (RegisterScalableTarget: docs.aws.amazon.com/autoscaling/application/APIReference/
        # API_RegisterScalableTarget.html, "it changes the resource's current capacity to a value that is
        # inside of this range").
        min_capacity=0 if settings.bootstrap else settings.min_count,
        max_capacity=0 if settings.bootstrap else settings.max_count,
        tags={**settings.tags, "Name": f"{name}-scaling"},
        opts=child,
    )
    metrics: list[tuple[str, str, int, pulumi.Input[str] | None]] = [
        ("cpu", "ECSServiceAverageCPUUtilization", settings.cpu_target_percent, None)
    ]
    if settings.memory_target_percent is not None:
        metrics.append(("memory", "ECSServiceAverageMemoryUtilization", settings.memory_target_percent, None))
    if settings.requests_per_target is not None and primary is not None and load_balancer is not None:
        label = pulumi.Output.concat(load_balancer.get("arn_suffix") or "", "/", primary.arn_suffix)
        metrics.append(("requests", "ALBRequestCountPerTarget", settings.requests_per_target, label))
    for suffix, metric, value, label in metrics:
        aws.appautoscaling.Policy(
            f"{name}-{suffix}",
            name=physical_name(f"{base}-{suffix}", FAMILY_LIMIT),
            policy_type="TargetTrackingScaling",
            service_namespace=target.service_namespace,
            scalable_dimension=target.scalable_dimension,
            resource_id=target.resource_id,
            target_tracking_scaling_policy_configuration={
                "target_value": value,
                "predefined_metric_specification": {
                    "predefined_metric_type": metric,
                    "resource_label": label,
                },
                "scale_out_cooldown": 60,
                "scale_in_cooldown": 300,
            },
            opts=child,
        )
