"""components.k8s.ContainerService `migrate`: a Job with the service's pod template (image, security
context, ServiceAccount, ConfigMap, Secret, resources) under a NetworkPolicy with the service's egress,
named after the image and command, that the Deployment waits for; labels the Service never selects; one
run and a deadline; argument checks."""

from __future__ import annotations

import hashlib
import json
from typing import Any, cast

import pulumi
import pytest

from components.k8s import ContainerService, ContainerServiceArgs
from stacks.mocks import RecordingMonitor, Registration
from tests.components.k8s import valid_objects
from tests.conftest import of_type

JOB = "kubernetes:batch/v1:Job"
DEPLOYMENT = "kubernetes:apps/v1:Deployment"
SERVICE = "kubernetes:core/v1:Service"
POLICY = "kubernetes:networking.k8s.io/v1:NetworkPolicy"
IMAGE = "ghcr.io/shop/api:1.4.2"
MIGRATE = ["npx", "prisma", "migrate", "deploy"]
EGRESS = [{"cidr": "10.20.0.0/24", "ports": [5432, 6379]}]


def build(args: dict[str, Any], seen: dict[str, pulumi.ResourceOptions] | None = None) -> None:
    """Create a ContainerService under mocks; `seen` gets each child's options by type."""

    def capture(child: pulumi.ResourceTransformationArgs) -> None:
        if seen is not None:
            seen[child.type_] = child.opts

    @pulumi.runtime.test
    def program() -> pulumi.Output:
        secrets = {"DATABASE_URL": pulumi.Output.secret("postgresql://u:p@db/shop")}
        service = ContainerService(
            "shop-api",
            cast(
                ContainerServiceArgs,
                {
                    "namespace": "shop",
                    "image": IMAGE,
                    "port": 8000,
                    "environment": {"LOG_LEVEL": "info"},
                    "secrets": secrets,
                    "egress": EGRESS,
                    "internet_egress": True,
                    **args,
                },
            ),
            pulumi.ResourceOptions(transformations=[capture]),
        )
        assert (service.migration is None) == ("migrate" not in args or args.get("image", IMAGE) is None)
        return service.deployment_name

    program()


def one(monitor: RecordingMonitor, type_: str) -> Registration:
    (found,) = of_type(monitor, type_)
    return found


def test_the_job_runs_the_command_with_the_service_pod_template(monitor: RecordingMonitor) -> None:
    build({"migrate": MIGRATE})
    job = one(monitor, JOB)
    deployment = one(monitor, DEPLOYMENT)
    pod = job.inputs["spec"]["template"]["spec"]
    served = deployment.inputs["spec"]["template"]["spec"]
    (container,) = pod["containers"]
    (service_container,) = served["containers"]
    assert container["args"] == MIGRATE and "args" not in service_container
    # The same image, settings, secrets (by reference), resources and security context as the service.
    for key in ("image", "imagePullPolicy", "envFrom", "env", "resources", "securityContext", "volumeMounts"):
        assert container[key] == service_container[key], key
    assert any(e["valueFrom"]["secretKeyRef"]["key"] == "DATABASE_URL" for e in container["env"])
    for key in ("serviceAccountName", "automountServiceAccountToken", "securityContext", "volumes"):
        assert pod[key] == served[key], key
    # A one-off pod: nothing serves, nothing restarts it.
    assert not {"ports", "startupProbe", "livenessProbe", "readinessProbe"} & set(container)
    assert pod["restartPolicy"] == "Never"
    spec = job.inputs["spec"]
    assert spec["backoffLimit"] == 0 and spec["activeDeadlineSeconds"] == 1800
    assert "ttlSecondsAfterFinished" not in spec  # a TTL-deleted Job would run again after a refresh
    # A failed Job is replaced (run again) by the next `pulumi up`, not awaited again while Failed.
    assert job.inputs["metadata"]["annotations"] == {"pulumi.com/replaceUnready": "true"}
    assert valid_objects(monitor)


def test_the_deployment_waits_for_the_job(monitor: RecordingMonitor) -> None:
    seen: dict[str, pulumi.ResourceOptions] = {}
    build({"migrate": MIGRATE, "migrate_timeout_seconds": 600}, seen)
    job = one(monitor, JOB)
    assert job.urn in one(monitor, DEPLOYMENT).dependencies
    assert job.inputs["spec"]["activeDeadlineSeconds"] == 600
    # Pulumi's own wait (10 minutes by default) covers the deadline and time to schedule the pod.
    timeouts = seen[JOB].custom_timeouts
    assert timeouts is not None and timeouts.create == "900s" and timeouts.update == "900s"


def test_the_job_is_named_after_the_image_and_command(monitor: RecordingMonitor) -> None:
    build({"migrate": MIGRATE})
    name = one(monitor, JOB).inputs["metadata"]["name"]
    digest = hashlib.sha256(json.dumps([IMAGE, None, MIGRATE]).encode()).hexdigest()[:8]
    assert name == f"shop-api-migrate-{digest}" and len(name) <= 63


def test_the_job_pod_has_the_service_egress_and_no_ingress(monitor: RecordingMonitor) -> None:
    build({"migrate": MIGRATE})
    job = one(monitor, JOB)
    labels = job.inputs["spec"]["template"]["metadata"]["labels"]
    selector = one(monitor, SERVICE).inputs["spec"]["selector"]
    # The Service (and the service's own NetworkPolicy and budget) never selects the migration's pod.
    assert not all(labels.get(k) == v for k, v in selector.items())
    policies = {p.inputs["metadata"]["name"]: p.inputs["spec"] for p in of_type(monitor, POLICY)}
    own, service = policies["shop-api-migrate"], policies["shop-api"]
    assert all(labels.get(k) == v for k, v in own["podSelector"]["matchLabels"].items())
    assert own["egress"] == service["egress"] and own["policyTypes"] == ["Ingress", "Egress"]
    assert "ingress" not in own
    (policy,) = [p for p in of_type(monitor, POLICY) if p.inputs["metadata"]["name"] == "shop-api-migrate"]
    assert policy.urn in job.dependencies


def test_without_an_image_nothing_is_migrated(monitor: RecordingMonitor) -> None:
    build({"migrate": MIGRATE, "image": None})
    assert of_type(monitor, JOB) == []
    assert one(monitor, DEPLOYMENT).inputs["spec"]["replicas"] == 0


def test_without_migrate_there_is_no_job(monitor: RecordingMonitor) -> None:
    build({})
    assert not of_type(monitor, JOB)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ({"migrate": []}, "ContainerService migrate"),
        ({"migrate": "npx prisma migrate deploy"}, "ContainerService migrate"),
        ({"migrate": MIGRATE, "migrate_timeout_seconds": 10}, "migrate_timeout_seconds 10"),
        ({"migrate_timeout_seconds": 600}, "migrate_timeout_seconds is not allowed without migrate"),
        (
            {"migrate": MIGRATE, "port": None, "schedule": "0 3 * * *"},
            "migrate is not allowed with schedule",
        ),
    ],
)
def test_bad_migrate_arguments_are_refused(
    monitor: RecordingMonitor, args: dict[str, Any], message: str
) -> None:
    with pytest.raises(ValueError, match=message):
        build(args)
