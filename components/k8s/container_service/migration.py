"""The migration (`migrate`): a Job that runs it once per image and command, with the service's pod template
and a NetworkPolicy of its own, which the Deployment waits for."""

import hashlib
import json

import pulumi
import pulumi_kubernetes as k8s

from ...naming import physical_name
from .configuration import PodConfiguration
from .names import INSTANCE_LABEL, NAME_LABEL, NAME_LIMIT, recommended_labels
from .network import _network_policy
from .pod import _pod_spec
from .settings import CONTAINER, ContainerSettings

MIGRATION_HASH_LENGTH = 8  # hex characters of the image and command in a migration Job's name
SCHEDULING_MARGIN_SECONDS = 300  # how much longer than its deadline Pulumi waits for a migration Job


def migration_job(
    owner: pulumi.Resource,
    name: str,
    s: ContainerSettings,
    account: k8s.core.v1.ServiceAccount,
    config: PodConfiguration,
) -> k8s.batch.v1.Job:
    """The Job that runs `migrate` once per image and command, and the NetworkPolicy of its pod."""
    assert s.migrate is not None
    role = physical_name(f"{s.name}-migrate", NAME_LIMIT)
    # Labels of their own: the Service, the PodDisruptionBudget and the service's NetworkPolicy select
    # name and instance `s.name`, which the migration's pod must not match (a running pod without a
    # readiness probe would get the Service's traffic).
    job_labels = {**s.labels, **recommended_labels(role, s.part_of, "migration")}
    selector = {NAME_LABEL: role, INSTANCE_LABEL: role}
    network = _network_policy(s, selector)
    network.pop("ingress", None)  # both policy types, no ingress rule: nothing may connect to it
    child = pulumi.ResourceOptions(parent=owner)
    policy = k8s.networking.v1.NetworkPolicy(
        f"{name}-migrate-network",
        metadata={"name": role, "namespace": s.namespace, "labels": job_labels},
        spec=network,
        opts=child,
    )
    pod = _pod_spec(s, selector, account, config.env_from, config.env, migrate=s.migrate)
    run = json.dumps([s.image, s.entrypoint, s.migrate])
    digest = hashlib.sha256(run.encode()).hexdigest()[:MIGRATION_HASH_LENGTH]
    job_name = f"{physical_name(role, NAME_LIMIT - MIGRATION_HASH_LENGTH - 1)}-{digest}"
    timeout = s.migrate_timeout_seconds
    return k8s.batch.v1.Job(
        f"{name}-migrate",
        metadata={
            "name": job_name,
            "namespace": s.namespace,
            "labels": job_labels,
            # A Job that failed is replaced, and so run again, by the next `pulumi up`, instead of
            # being awaited again while it stays Failed (the Job resource's docs, "replaceUnready").
            "annotations": {"pulumi.com/replaceUnready": "true"},
        },
        spec={
            "backoff_limit": 0,  # once per rollout: a failed migration is fixed and deployed again
            "active_deadline_seconds": timeout,
            "completions": 1,
            "parallelism": 1,
            "template": {
                "metadata": {
                    "labels": job_labels,
                    "annotations": {"kubectl.kubernetes.io/default-container": CONTAINER},
                },
                "spec": pod,
            },
        },
        opts=pulumi.ResourceOptions(
            parent=owner,
            depends_on=[policy],
            # pulumi-kubernetes waits 10 minutes for a Job by default; wait as long as it may run,
            # plus time to schedule its pod (a new node on EKS Auto Mode or GKE Autopilot).
            custom_timeouts=pulumi.CustomTimeouts(
                create=f"{timeout + SCHEDULING_MARGIN_SECONDS}s",
                update=f"{timeout + SCHEDULING_MARGIN_SECONDS}s",
            ),
        ),
    )
