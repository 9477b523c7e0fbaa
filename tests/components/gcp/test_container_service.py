"""components.gcp.ContainerService: Cloud Run web services, worker pools and scheduled jobs with their own
service accounts, secrets only by reference, LB-only or internal ingress, direct VPC egress, probes, scaling
and concurrency rules, canaries, the public NEG and backend service, Artifact Registry, name limits and
argument checks."""

from __future__ import annotations

import json
import re
from typing import Any, cast

import pulumi
import pytest

from components.gcp.container_service import ContainerService, ContainerServiceArgs
from components.gcp.container_service.settings import ContainerSettings
from stacks.mocks import RecordingMonitor, Registration
from tests.conftest import of_type
from tests.docexamples import run_docstring_example

COMPONENT = "stackyard-gcp:index:ContainerService"
SERVICE = "gcp:cloudrunv2/service:Service"
POOL = "gcp:cloudrunv2/workerPool:WorkerPool"
JOB = "gcp:cloudrunv2/job:Job"
SCHEDULER = "gcp:cloudscheduler/job:Job"
ACCOUNT = "gcp:serviceaccount/account:Account"
PROJECT_MEMBER = "gcp:projects/iAMMember:IAMMember"
SECRET_MEMBER = "gcp:secretmanager/secretIamMember:SecretIamMember"
REPO = "gcp:artifactregistry/repository:Repository"
REPO_MEMBER = "gcp:artifactregistry/repositoryIamMember:RepositoryIamMember"
SERVICE_MEMBER = "gcp:cloudrunv2/serviceIamMember:ServiceIamMember"
JOB_MEMBER = "gcp:cloudrunv2/jobIamMember:JobIamMember"
NEG = "gcp:compute/regionNetworkEndpointGroup:RegionNetworkEndpointGroup"
BACKEND = "gcp:compute/backendService:BackendService"

PROJECT = "stackyard-mock-project"
HELLO = "us-docker.pkg.dev/cloudrun/container/hello"
DB_SECRET = f"projects/{PROJECT}/secrets/shop-db-password"
CACHE_SECRET = f"projects/{PROJECT}/secrets/shop-cache-auth"
NETWORK = f"projects/{PROJECT}/global/networks/shop"
SUBNET = f"projects/{PROJECT}/regions/us-central1/subnetworks/shop-serverless"
ACCOUNT_ID = re.compile(r"^[a-z]([-a-z0-9]{4,28}[a-z0-9])$")
RFC1035 = re.compile(r"^[a-z]([-a-z0-9]*[a-z0-9])?$")
WEB: dict[str, Any] = {"port": 8000}
WORKER: dict[str, Any] = {"command": ["celery", "worker"]}
NIGHTLY: dict[str, Any] = {"schedule": "30 2 * * 1-5"}
KINDS = {"web": WEB, "worker": WORKER, "job": NIGHTLY}
WORKLOAD = {"web": SERVICE, "worker": POOL, "job": JOB}
OUTPUTS = (
    "service_name",
    "job_name",
    "uri",
    "service_account_email",
    "member",
    "repository_url",
    "image",
    "backend_service_id",
)


def build(
    args: dict[str, Any], name: str = "shop-api", allow: dict[str, str] | None = None
) -> dict[str, Any]:
    """Create a ContainerService under mocks (and `allow_from` grants) and return its resolved outputs."""
    resolved: dict[str, Any] = {}

    @pulumi.runtime.test
    def program() -> pulumi.Output:
        service = ContainerService(name, cast(ContainerServiceArgs, args))
        for caller, member in (allow or {}).items():
            service.allow_from(caller, member)
        return pulumi.Output.all(**{key: getattr(service, key) for key in OUTPUTS}).apply(resolved.update)

    program()
    assert resolved, "the ContainerService outputs never resolved"
    return resolved


def one(monitor: RecordingMonitor, type_: str) -> Registration:
    (found,) = of_type(monitor, type_)
    return found


def template(monitor: RecordingMonitor, kind: str) -> dict[str, Any]:
    """The revision (or task) template of the one workload of `kind`."""
    inputs = one(monitor, WORKLOAD[kind]).inputs
    return inputs["template"]["template"] if kind == "job" else inputs["template"]


def container(monitor: RecordingMonitor, kind: str = "web") -> dict[str, Any]:
    (found,) = template(monitor, kind)["containers"]
    return found


def test_private_web_service_secure_defaults(monitor: RecordingMonitor) -> None:
    out = build(WEB)
    service = one(monitor, SERVICE)
    inputs, revision = service.inputs, service.inputs["template"]
    assert inputs["name"] == "shop-api" and inputs["location"] == "us-central1"
    assert inputs["ingress"] == "INGRESS_TRAFFIC_INTERNAL_ONLY"
    assert inputs["deletionProtection"] is False  # set explicitly: the provider's default would block destroy
    assert inputs["labels"] == {"managed-by": "stackyard"}
    assert inputs["traffics"] == [{"type": "TRAFFIC_TARGET_ALLOCATION_TYPE_LATEST", "percent": 100}]
    assert revision["serviceAccount"] == out["service_account_email"]
    assert revision["scaling"] == {"minInstanceCount": 0, "maxInstanceCount": 10}
    assert revision["maxInstanceRequestConcurrency"] == 80
    assert revision["executionEnvironment"] == "EXECUTION_ENVIRONMENT_GEN2"
    assert "vpcAccess" not in revision
    app = container(monitor)
    assert app["image"] == HELLO and app["ports"] == {"containerPort": 8000}
    assert app["resources"] == {
        "limits": {"cpu": "1", "memory": "512Mi"},
        "cpuIdle": True,
        "startupCpuBoost": True,
    }
    assert app["envs"] == []
    assert not of_type(monitor, SERVICE_MEMBER)
    assert not of_type(monitor, NEG) and not of_type(monitor, BACKEND)
    assert not of_type(monitor, POOL) and not of_type(monitor, JOB) and not of_type(monitor, SCHEDULER)

    email = f"shop-api@{PROJECT}.iam.gserviceaccount.com"
    assert out["service_name"] == "shop-api" and out["job_name"] == ""
    assert out["uri"] == service.state["uri"] and out["uri"].startswith("https://shop-api-")
    assert out["service_account_email"] == email and out["member"] == f"serviceAccount:{email}"
    assert out["repository_url"] == f"us-central1-docker.pkg.dev/{PROJECT}/shop-api/shop-api"
    assert out["image"] == HELLO and out["backend_service_id"] == ""
    component = one(monitor, COMPONENT)
    assert all(r.parent == component.urn for r in monitor.registrations.values() if r.custom)


@pytest.mark.parametrize("kind", ["web", "worker", "job"])
def test_each_service_runs_as_its_own_account_without_project_roles(
    monitor: RecordingMonitor, kind: str
) -> None:
    @pulumi.runtime.test
    def program() -> None:
        ContainerService("shop-one", cast(ContainerServiceArgs, KINDS[kind]))
        ContainerService("shop-two", cast(ContainerServiceArgs, KINDS[kind]))

    program()
    accounts = {r.name: r for r in of_type(monitor, ACCOUNT)}
    assert {"shop-one-sa", "shop-two-sa"} <= set(accounts)
    assert accounts["shop-one-sa"].inputs["accountId"] == "shop-one"
    assert accounts["shop-two-sa"].inputs["accountId"] == "shop-two"
    used = sorted(
        (r.inputs["template"]["template"] if kind == "job" else r.inputs["template"])["serviceAccount"]
        for r in of_type(monitor, WORKLOAD[kind])
    )
    assert used == [
        f"shop-one@{PROJECT}.iam.gserviceaccount.com",
        f"shop-two@{PROJECT}.iam.gserviceaccount.com",
    ]
    assert not of_type(monitor, PROJECT_MEMBER)


def test_project_roles_are_granted_to_the_service_account_only(monitor: RecordingMonitor) -> None:
    out = build({**WEB, "project_roles": ["roles/monitoring.metricWriter", "roles/cloudtrace.agent"]})
    grants = {r.inputs["role"]: r.inputs for r in of_type(monitor, PROJECT_MEMBER)}
    assert set(grants) == {"roles/monitoring.metricWriter", "roles/cloudtrace.agent"}
    assert all(g["member"] == out["member"] and g["project"] == PROJECT for g in grants.values())
    service = one(monitor, SERVICE)
    assert {r.urn for r in of_type(monitor, PROJECT_MEMBER)} <= set(service.dependencies)


@pytest.mark.parametrize("kind", ["web", "worker", "job"])
def test_secrets_only_by_reference_with_one_accessor_grant_each(monitor: RecordingMonitor, kind: str) -> None:
    host = pulumi.Output.from_input("10.20.0.3")
    out = build(
        {
            **KINDS[kind],
            "environment": {"LOG_LEVEL": "info", "DATABASE_HOST": host},
            "secrets": {"DATABASE_PASSWORD": DB_SECRET, "REDIS_PASSWORD": CACHE_SECRET},
        }
    )
    envs = {e["name"]: e for e in container(monitor, kind)["envs"]}
    assert set(envs) == {"LOG_LEVEL", "DATABASE_HOST", "DATABASE_PASSWORD", "REDIS_PASSWORD"}
    assert envs["LOG_LEVEL"] == {"name": "LOG_LEVEL", "value": "info"}
    assert envs["DATABASE_HOST"] == {"name": "DATABASE_HOST", "value": "10.20.0.3"}
    for name, secret in (("DATABASE_PASSWORD", DB_SECRET), ("REDIS_PASSWORD", CACHE_SECRET)):
        assert envs[name] == {
            "name": name,
            "valueSource": {"secretKeyRef": {"secret": secret, "version": "latest"}},
        }
    for entry in envs.values():  # every entry: a plain value or a reference, never a secret's id as a value
        assert ("value" in entry) != ("valueSource" in entry)
        assert entry.get("value") not in (DB_SECRET, CACHE_SECRET)
    grants = of_type(monitor, SECRET_MEMBER)
    assert sorted(g.inputs["secretId"] for g in grants) == sorted([DB_SECRET, CACHE_SECRET])
    for grant in grants:
        assert grant.inputs["role"] == "roles/secretmanager.secretAccessor"
        assert grant.inputs["member"] == out["member"]
    # The workload waits for the grants, so the first revision can read the secrets.
    assert {g.urn for g in grants} <= set(one(monitor, WORKLOAD[kind]).dependencies)


@pytest.mark.parametrize("kind", ["web", "worker", "job"])
def test_a_secret_version_reference_is_pinned_and_grants_the_secret(
    monitor: RecordingMonitor, kind: str
) -> None:
    """`…/versions/<n>` pins the version (a new one rolls the service); the grant is on the secret."""
    url_version = f"projects/{PROJECT}/secrets/shop-db-url/versions/3"
    build({**KINDS[kind], "secrets": {"DATABASE_URL": url_version}})
    (env,) = container(monitor, kind)["envs"]
    assert env["valueSource"] == {
        "secretKeyRef": {"secret": f"projects/{PROJECT}/secrets/shop-db-url", "version": "3"}
    }
    (grant,) = of_type(monitor, SECRET_MEMBER)
    assert grant.inputs["secretId"] == f"projects/{PROJECT}/secrets/shop-db-url"


def test_public_web_service_is_reached_only_through_the_load_balancer(monitor: RecordingMonitor) -> None:
    policy = f"projects/{PROJECT}/global/securityPolicies/shop-api"
    out = build({**WEB, "public": True, "security_policy": policy})
    service = one(monitor, SERVICE)
    assert service.inputs["ingress"] == "INGRESS_TRAFFIC_INTERNAL_LOAD_BALANCER"
    (invoker,) = of_type(monitor, SERVICE_MEMBER)
    assert invoker.inputs == {
        "project": PROJECT,
        "location": "us-central1",
        "name": "shop-api",
        "role": "roles/run.invoker",
        "member": "allUsers",
    }
    neg = one(monitor, NEG)
    assert neg.inputs["name"] == "shop-api-neg" and neg.inputs["region"] == "us-central1"
    assert neg.inputs["networkEndpointType"] == "SERVERLESS"
    assert neg.inputs["cloudRun"] == {"service": "shop-api"}
    backend = one(monitor, BACKEND)
    assert backend.inputs["name"] == "shop-api-backend"
    assert backend.inputs["loadBalancingScheme"] == "EXTERNAL_MANAGED"
    assert backend.inputs["protocol"] == "HTTPS"
    assert backend.inputs["backends"] == [{"group": neg.id}]
    assert backend.inputs["logConfig"] == {"enable": True, "sampleRate": 1.0}
    assert backend.inputs["securityPolicy"] == policy
    assert out["backend_service_id"] == backend.id


def test_public_backend_without_a_security_policy(monitor: RecordingMonitor) -> None:
    build({**WEB, "public": True})
    assert "securityPolicy" not in one(monitor, BACKEND).inputs


def test_allow_from_grants_invoker_on_this_service_only(monitor: RecordingMonitor) -> None:
    caller = f"serviceAccount:shop-worker@{PROJECT}.iam.gserviceaccount.com"
    build(WEB, allow={"worker": caller})
    (grant,) = of_type(monitor, SERVICE_MEMBER)
    assert grant.name == "shop-api-invoker-worker"
    assert grant.inputs["name"] == "shop-api" and grant.inputs["role"] == "roles/run.invoker"
    assert grant.inputs["member"] == caller
    assert not any(r.inputs.get("member") == "allUsers" for r in monitor.registrations.values())


@pytest.mark.parametrize("kind", ["web", "worker", "job"])
def test_direct_vpc_egress(monitor: RecordingMonitor, kind: str) -> None:
    build({**KINDS[kind], "network": NETWORK, "subnetwork": SUBNET})
    assert template(monitor, kind)["vpcAccess"] == {
        "networkInterfaces": [{"network": NETWORK, "subnetwork": SUBNET}],
        "egress": "PRIVATE_RANGES_ONLY",
    }


def test_vpc_egress_all_traffic(monitor: RecordingMonitor) -> None:
    build({**WEB, "network": NETWORK, "subnetwork": SUBNET, "vpc_egress": "ALL_TRAFFIC"})
    assert template(monitor, "web")["vpcAccess"]["egress"] == "ALL_TRAFFIC"


def test_probes_use_the_health_path_and_port(monitor: RecordingMonitor) -> None:
    build({"port": 9000, "health_path": "/ready"})
    app = container(monitor)
    http_get = {"path": "/ready", "port": 9000}
    assert app["startupProbe"] == {
        "httpGet": http_get,
        "periodSeconds": 10,
        "timeoutSeconds": 5,
        "failureThreshold": 24,
    }
    assert app["livenessProbe"] == {
        "httpGet": http_get,
        "periodSeconds": 30,
        "timeoutSeconds": 5,
        "failureThreshold": 3,
    }


def test_scaling_concurrency_and_always_allocated_cpu(monitor: RecordingMonitor) -> None:
    build(
        {
            **WEB,
            "cpu": 2,
            "memory_gb": 4,
            "min_count": 2,
            "max_count": 20,
            "concurrency": 250,
            "cpu_always_allocated": True,
        }
    )
    revision = template(monitor, "web")
    assert revision["scaling"] == {"minInstanceCount": 2, "maxInstanceCount": 20}
    assert revision["maxInstanceRequestConcurrency"] == 250
    assert revision["executionEnvironment"] == "EXECUTION_ENVIRONMENT_GEN2"
    assert container(monitor)["resources"] == {
        "limits": {"cpu": "2", "memory": "4096Mi"},
        "cpuIdle": False,
        "startupCpuBoost": True,
    }


def test_fractional_cpu_means_concurrency_one_request_billing_and_gen1(monitor: RecordingMonitor) -> None:
    build({**WEB, "cpu": 0.5, "memory_gb": 1})
    revision = template(monitor, "web")
    assert revision["maxInstanceRequestConcurrency"] == 1
    assert revision["executionEnvironment"] == "EXECUTION_ENVIRONMENT_GEN1"
    resources = container(monitor)["resources"]
    assert resources["limits"] == {"cpu": "500m", "memory": "1024Mi"}
    assert resources["cpuIdle"] is True


def test_min_count_above_the_default_maximum_raises_the_maximum(monitor: RecordingMonitor) -> None:
    build({**WEB, "min_count": 12})
    assert template(monitor, "web")["scaling"] == {"minInstanceCount": 12, "maxInstanceCount": 12}


def test_canary_splits_traffic_with_the_stable_revision(monitor: RecordingMonitor) -> None:
    build({**WEB, "stable_revision": "shop-api-00042-xiz", "canary_percent": 25.0})
    assert one(monitor, SERVICE).inputs["traffics"] == [
        {"type": "TRAFFIC_TARGET_ALLOCATION_TYPE_REVISION", "revision": "shop-api-00042-xiz", "percent": 75},
        {"type": "TRAFFIC_TARGET_ALLOCATION_TYPE_LATEST", "percent": 25},
    ]


def test_canary_percent_defaults_to_ten(monitor: RecordingMonitor) -> None:
    build({**WEB, "stable_revision": "shop-api-00042-xiz"})
    percents = [t["percent"] for t in one(monitor, SERVICE).inputs["traffics"]]
    assert percents == [90, 10]


def test_worker_pool_has_no_ingress_and_scales_manually(monitor: RecordingMonitor) -> None:
    out = build({**WORKER, "min_count": 2, "max_count": 4, "cpu": 2, "memory_gb": 2}, name="shop-worker")
    pool = one(monitor, POOL)
    inputs = pool.inputs
    assert "ingress" not in inputs and "traffics" not in inputs
    assert inputs["name"] == "shop-worker" and inputs["location"] == "us-central1"
    assert inputs["deletionProtection"] is False
    assert inputs["scaling"] == {"scalingMode": "MANUAL", "manualInstanceCount": 2}
    assert inputs["labels"] == {"managed-by": "stackyard"}
    app = container(monitor, "worker")
    assert app["image"] == "us-docker.pkg.dev/cloudrun/container/worker-pool"
    assert app["resources"] == {"limits": {"cpu": "2", "memory": "2048Mi"}}
    assert "ports" not in app and "startupProbe" not in app and "livenessProbe" not in app
    assert inputs["template"]["serviceAccount"] == out["service_account_email"]
    assert (
        not of_type(monitor, SERVICE) and not of_type(monitor, SERVICE_MEMBER) and not of_type(monitor, NEG)
    )
    assert out["service_name"] == "shop-worker" and out["uri"] == "" and out["backend_service_id"] == ""


def test_worker_runs_one_instance_by_default(monitor: RecordingMonitor) -> None:
    build(WORKER, name="shop-worker")
    assert one(monitor, POOL).inputs["scaling"] == {"scalingMode": "MANUAL", "manualInstanceCount": 1}


def test_scheduled_job_runs_through_its_own_scheduler_account(monitor: RecordingMonitor) -> None:
    out = build({**NIGHTLY, "timeout_seconds": 1800, "max_retries": 1}, name="shop-nightly")
    job = one(monitor, JOB)
    assert job.inputs["name"] == "shop-nightly" and job.inputs["location"] == "us-central1"
    assert job.inputs["deletionProtection"] is False
    assert job.inputs["labels"] == {"managed-by": "stackyard"}
    assert job.inputs["template"]["taskCount"] == 1 and job.inputs["template"]["parallelism"] == 1
    task = job.inputs["template"]["template"]
    assert task["maxRetries"] == 1 and task["timeout"] == "1800s"
    assert task["serviceAccount"] == out["service_account_email"]
    assert task["executionEnvironment"] == "EXECUTION_ENVIRONMENT_GEN2"
    assert container(monitor, "job")["image"] == "us-docker.pkg.dev/cloudrun/container/job"

    accounts = {r.name: r for r in of_type(monitor, ACCOUNT)}
    runner = accounts["shop-nightly-scheduler"]
    scheduler_email = f"{runner.inputs['accountId']}@{PROJECT}.iam.gserviceaccount.com"
    assert scheduler_email != out["service_account_email"]
    schedule = one(monitor, SCHEDULER)
    assert schedule.inputs["schedule"] == "30 2 * * 1-5"
    assert schedule.inputs["timeZone"] == "Etc/UTC"
    assert schedule.inputs["region"] == "us-central1"
    assert schedule.inputs["httpTarget"] == {
        "uri": f"https://run.googleapis.com/v2/projects/{PROJECT}/locations/us-central1/jobs/shop-nightly:run",
        "httpMethod": "POST",
        "oauthToken": {
            "serviceAccountEmail": scheduler_email,
            "scope": "https://www.googleapis.com/auth/cloud-platform",
        },
    }
    invoker = one(monitor, JOB_MEMBER)
    assert invoker.inputs == {
        "project": PROJECT,
        "location": "us-central1",
        "name": "shop-nightly",
        "role": "roles/run.invoker",
        "member": f"serviceAccount:{scheduler_email}",
    }
    assert invoker.urn in schedule.dependencies
    # The scheduler's account may run this job and nothing else.
    granted = [
        r for r in monitor.registrations.values() if r.inputs.get("member") == invoker.inputs["member"]
    ]
    assert granted == [invoker]
    assert not of_type(monitor, SERVICE) and not of_type(monitor, POOL)
    assert out["job_name"] == "shop-nightly" and out["service_name"] == "" and out["uri"] == ""


def test_job_defaults_and_fractional_cpu(monitor: RecordingMonitor) -> None:
    build({**NIGHTLY, "cpu": 0.25, "memory_gb": 0.25}, name="shop-nightly")
    task = template(monitor, "job")
    assert task["maxRetries"] == 3 and task["timeout"] == "600s"
    assert task["executionEnvironment"] == "EXECUTION_ENVIRONMENT_GEN1"
    assert container(monitor, "job")["resources"] == {"limits": {"cpu": "250m", "memory": "256Mi"}}


def test_repository_with_cleanup_policies_and_a_reader_grant(monitor: RecordingMonitor) -> None:
    out = build({**WEB, "keep_images": 25, "labels": {"env": "prod"}})
    repo = one(monitor, REPO)
    assert repo.inputs["repositoryId"] == "shop-api" and repo.inputs["location"] == "us-central1"
    assert repo.inputs["format"] == "DOCKER"
    assert repo.inputs["dockerConfig"] == {"immutableTags": True}
    assert repo.inputs["cleanupPolicyDryRun"] is False
    assert repo.inputs["labels"] == {"env": "prod", "managed-by": "stackyard"}
    fourteen_days = "1209600s"
    assert repo.inputs["cleanupPolicies"] == [
        {"id": "keep-recent", "action": "KEEP", "mostRecentVersions": {"keepCount": 25}},
        {
            "id": "delete-untagged",
            "action": "DELETE",
            "condition": {"tagState": "UNTAGGED", "olderThan": fourteen_days},
        },
        {
            "id": "delete-old-tagged",
            "action": "DELETE",
            "condition": {"tagState": "TAGGED", "olderThan": fourteen_days},
        },
    ]
    reader = one(monitor, REPO_MEMBER)
    assert reader.inputs == {
        "project": PROJECT,
        "location": "us-central1",
        "repository": "shop-api",
        "role": "roles/artifactregistry.reader",
        "member": out["member"],
    }
    assert reader.urn in one(monitor, SERVICE).dependencies


def test_keep_images_defaults_to_ten(monitor: RecordingMonitor) -> None:
    build(WEB)
    policies = one(monitor, REPO).inputs["cleanupPolicies"]
    assert policies[0] == {"id": "keep-recent", "action": "KEEP", "mostRecentVersions": {"keepCount": 10}}


def test_external_image_skips_the_repository(monitor: RecordingMonitor) -> None:
    out = build({**WEB, "image": "ghcr.io/shop/api:1.4.2", "command": ["gunicorn", "app:app"]})
    assert not of_type(monitor, REPO) and not of_type(monitor, REPO_MEMBER)
    app = container(monitor)
    assert app["image"] == "ghcr.io/shop/api:1.4.2" and app["args"] == ["gunicorn", "app:app"]
    assert out["repository_url"] == "" and out["image"] == "ghcr.io/shop/api:1.4.2"


@pytest.mark.parametrize(
    ("kind", "placeholder"),
    [
        ("web", HELLO),
        ("worker", "us-docker.pkg.dev/cloudrun/container/worker-pool"),
        ("job", "us-docker.pkg.dev/cloudrun/container/job"),
    ],
)
def test_bootstrap_runs_the_placeholder_without_the_command(
    monitor: RecordingMonitor, kind: str, placeholder: str
) -> None:
    out = build({**KINDS[kind], "command": ["run"], "entrypoint": ["/app/start"]})
    app = container(monitor, kind)
    assert app["image"] == placeholder and out["image"] == placeholder
    assert "args" not in app and "commands" not in app
    assert out["repository_url"] == f"us-central1-docker.pkg.dev/{PROJECT}/shop-api/shop-api"


def test_a_pushed_tag_runs_from_the_repository_with_the_command(monitor: RecordingMonitor) -> None:
    out = build({**WEB, "image_tag": "3f9c2a1", "command": ["serve"], "entrypoint": ["/app/start"]})
    app = container(monitor)
    assert app["image"] == f"us-central1-docker.pkg.dev/{PROJECT}/shop-api/shop-api:3f9c2a1"
    assert out["image"] == app["image"]
    assert app["commands"] == ["/app/start"] and app["args"] == ["serve"]  # ENTRYPOINT, CMD


def test_region_and_labels(monitor: RecordingMonitor) -> None:
    out = build({**WEB, "public": True, "region": "europe-west1", "labels": {"team": "checkout"}})
    service = one(monitor, SERVICE)
    assert service.inputs["location"] == "europe-west1"
    assert service.inputs["labels"] == {"team": "checkout", "managed-by": "stackyard"}
    assert one(monitor, REPO).inputs["location"] == "europe-west1"
    assert one(monitor, NEG).inputs["region"] == "europe-west1"
    assert out["repository_url"].startswith(f"europe-west1-docker.pkg.dev/{PROJECT}/")


@pytest.mark.parametrize("kind", ["web", "worker", "job"])
def test_long_names_fit_the_limits(monitor: RecordingMonitor, kind: str) -> None:
    long_name = "checkout-service-production-europe-west-api-v2-blue"  # 51 characters
    build({**KINDS[kind], "public": True} if kind == "web" else KINDS[kind], name=long_name)
    workload = one(monitor, WORKLOAD[kind]).inputs["name"]
    assert len(workload) <= (63 if kind == "job" else 49) and RFC1035.match(workload)
    for account in of_type(monitor, ACCOUNT):
        assert ACCOUNT_ID.match(account.inputs["accountId"]), account.inputs["accountId"]
    assert len({a.inputs["accountId"] for a in of_type(monitor, ACCOUNT)}) == len(of_type(monitor, ACCOUNT))
    repository_id = one(monitor, REPO).inputs["repositoryId"]
    assert len(repository_id) <= 63 and RFC1035.match(repository_id)
    for type_ in (NEG, BACKEND, SCHEDULER):
        for found in of_type(monitor, type_):
            assert len(found.inputs["name"]) <= 63 and RFC1035.match(found.inputs["name"])


def test_short_names_get_a_valid_account_id(monitor: RecordingMonitor) -> None:
    build(WEB, name="api")
    account_id = one(monitor, ACCOUNT).inputs["accountId"]
    assert ACCOUNT_ID.match(account_id) and account_id.startswith("api")


def test_allow_from_on_a_worker_or_job_is_refused(monitor: RecordingMonitor) -> None:
    caller = f"serviceAccount:shop-api@{PROJECT}.iam.gserviceaccount.com"
    for kind in ("worker", "job"):
        with pytest.raises(ValueError, match=f"^ContainerService allow_from is not allowed on a {kind}"):
            build(KINDS[kind], name=f"shop-{kind}", allow={"api": caller})
    assert not of_type(monitor, SERVICE_MEMBER)


def test_no_secret_value_in_any_input(monitor: RecordingMonitor) -> None:
    build({**WEB, "secrets": {"API_KEY": f"projects/{PROJECT}/secrets/shop-api-key"}})
    dumped = json.dumps([r.inputs for r in monitor.registrations.values()])
    assert '"value": "projects/' not in dumped


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ({"port": 0}, "port 0 is not allowed; use 1-65535"),
        ({"port": 70000}, "port 70000 is not allowed"),
        ({"port": "8000"}, "port '8000' is not allowed"),
        ({"cpu": 3}, "cpu 3 is not offered; use 0.08 to 1"),
        ({"cpu": 0.05}, "cpu 0.05 is not offered"),
        ({"cpu": 0.555}, "cpu 0.555 is not offered"),
        ({"cpu": "1"}, "cpu '1' is not allowed"),
        ({"memory_gb": 8}, "memory_gb 8 does not fit 1 vCPU; use 0.5 to 4 GB"),
        ({"cpu": 4, "memory_gb": 1}, "memory_gb 1 does not fit 4 vCPU; use 2 to 16 GB"),
        ({"cpu": 0.25, "memory_gb": 1}, "memory_gb 1 does not fit 0.25 vCPU"),
        (
            {"cpu": 0.5, "memory_gb": 1, "concurrency": 10},
            "concurrency 10 is not allowed with a fractional cpu",
        ),
        (
            {"cpu": 0.5, "memory_gb": 1, "cpu_always_allocated": True},
            "cpu_always_allocated True is not allowed",
        ),
        ({"concurrency": 0}, "concurrency 0 is not allowed; use 1 to 1000"),
        ({"concurrency": 1001}, "concurrency 1001 is not allowed"),
        ({"min_count": -1}, "min_count -1 is not allowed; use 0 to 1000"),
        ({"max_count": 0}, "max_count 0 is not allowed; use 1 to 1000"),
        ({"min_count": 5, "max_count": 3}, "max_count 3 is not allowed with min_count 5"),
        ({"canary_percent": 10}, "canary_percent is not allowed without stable_revision"),
        (
            {"stable_revision": "r1", "canary_percent": 12.5},
            "canary_percent 12.5 is not allowed; use a whole",
        ),
        ({"stable_revision": "r1", "canary_percent": 100}, "canary_percent 100 is not allowed"),
        ({"stable_revision": "r1", "canary_percent": 0}, "canary_percent 0 is not allowed"),
        ({"stable_revision": "Rev_1"}, "stable_revision 'Rev_1' is not allowed"),
        ({"network": NETWORK}, "network is not allowed without subnetwork"),
        ({"subnetwork": SUBNET}, "subnetwork is not allowed without network"),
        ({"vpc_egress": "ALL_TRAFFIC"}, "vpc_egress is not allowed without network"),
        (
            {"network": NETWORK, "subnetwork": SUBNET, "vpc_egress": "ALL"},
            "vpc_egress 'ALL' is not allowed; use one of PRIVATE_RANGES_ONLY, ALL_TRAFFIC",
        ),
        (
            {"environment": {"DATABASE_PASSWORD": "x"}, "secrets": {"DATABASE_PASSWORD": DB_SECRET}},
            "environment DATABASE_PASSWORD is not allowed: also in secrets",
        ),
        ({"secrets": {"DATABASE_PASSWORD": "hunter2hunter2"}}, "secrets DATABASE_PASSWORD is not allowed"),
        ({"environment": {"PORT": "8000"}}, "environment name 'PORT' is not allowed: Cloud Run sets it"),
        ({"environment": {"X_GOOGLE_A": "1"}}, "environment name 'X_GOOGLE_A' is not allowed"),
        ({"environment": {"1ABC": "1"}}, "environment name '1ABC' is not allowed"),
        ({"environment": {"WORKERS": 4}}, "environment WORKERS is not allowed: its value is not a string"),
        ({"health_path": "health"}, "health_path 'health' is not allowed; use a path starting with /"),
        ({"public": "yes"}, "public 'yes' is not allowed; use True or False"),
        (
            {"security_policy": "projects/p/global/securityPolicies/x"},
            "security_policy is not allowed without public",
        ),
        ({"image": "ghcr.io/a/b:1", "image_tag": "v1"}, "image_tag is not allowed with image"),
        ({"image": "ghcr.io/a/b:1", "keep_images": 5}, "keep_images is not allowed with image"),
        ({"image": "bad image"}, "image 'bad image' is not allowed"),
        ({"image_tag": "-v1"}, "image_tag '-v1' is not allowed"),
        ({"keep_images": 0}, "keep_images 0 is not allowed; use 1 or more"),
        ({"command": "serve"}, "command 'serve' is not allowed; use a non-empty list of strings"),
        ({"entrypoint": []}, "entrypoint \\[\\] is not allowed"),
        (
            {"project_roles": ["roles/editor"]},
            "project_roles 'roles/editor' is not allowed; grant narrow roles",
        ),
        ({"project_roles": ["roles/owner"]}, "project_roles 'roles/owner' is not allowed"),
        ({"project_roles": ["roles/run.admin"]}, "project_roles 'roles/run.admin' is not allowed"),
        ({"project_roles": ["roles/iam.securityAdmin"]}, "project_roles 'roles/iam.securityAdmin' is not"),
        (
            {"project_roles": ["roles/iam.serviceAccountTokenCreator"]},
            "project_roles 'roles/iam.serviceAccountTokenCreator' is not allowed",
        ),
        ({"project_roles": ["monitoring.metricWriter"]}, "project_roles 'monitoring.metricWriter' is not"),
        ({"region": "moon-base"}, "region 'moon-base' is not allowed; use a Google Cloud region"),
        ({"labels": {"Env": "prod"}}, "labels {'Env': 'prod'} is not allowed"),
        ({"timeout_seconds": 60}, "timeout_seconds is not allowed without schedule"),
        ({"max_retries": 1}, "max_retries is not allowed without schedule"),
    ],
)
def test_bad_web_arguments_raise_clear_errors(
    monitor: RecordingMonitor, args: dict[str, Any], message: str
) -> None:
    with pytest.raises(ValueError, match=f"^ContainerService {message}"):
        ContainerService("bad", cast(ContainerServiceArgs, {**WEB, **args}))
    assert monitor.registrations == {}


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ({"schedule": "0 3 * *"}, "schedule '0 3 \\* \\*' is not allowed; use 5 fields"),
        (
            {"schedule": "61 3 * * *"},
            "schedule '61 3 \\* \\* \\*' is not allowed: '61' is not a valid minute",
        ),
        ({"schedule": "0 24 * * *"}, "schedule .* '24' is not a valid hour"),
        ({"schedule": "0 3 * 13 *"}, "schedule .* '13' is not a valid month"),
        ({"schedule": "0 3 * * 8"}, "schedule .* '8' is not a valid day of week"),
        ({"schedule": "*/0 * * * *"}, "schedule .* step '\\*/0' in the minute field"),
        ({"schedule": "0 3 5-1 * *"}, "schedule .* '5-1' is not a valid day of month"),
        ({"schedule": 300}, "schedule 300 is not allowed"),
        ({"schedule": "0 3 * * *", "port": 8000}, "port is not allowed with schedule"),
        ({"schedule": "0 3 * * *", "min_count": 1}, "min_count is not allowed with schedule"),
        ({"schedule": "0 3 * * *", "max_count": 2}, "max_count is not allowed with schedule"),
        ({"schedule": "0 3 * * *", "timeout_seconds": 0}, "timeout_seconds 0 is not allowed; use 1 to 86400"),
        ({"schedule": "0 3 * * *", "max_retries": 11}, "max_retries 11 is not allowed; use 0 to 10"),
        ({"public": True}, "public is not allowed without port"),
        ({"concurrency": 1}, "concurrency is not allowed without port"),
        ({"stable_revision": "r1"}, "stable_revision is not allowed without port"),
        ({"health_path": "/health"}, "health_path is not allowed without port"),
        ({"cpu": 0.5, "memory_gb": 0.5}, "cpu 0.5 is not allowed; use 1, 2, 4, 6 or 8: a worker pool"),
        ({"min_count": 3, "max_count": 2}, "max_count 2 is not allowed with min_count 3"),
    ],
)
def test_bad_worker_and_job_arguments_raise_clear_errors(
    monitor: RecordingMonitor, args: dict[str, Any], message: str
) -> None:
    with pytest.raises(ValueError, match=f"^ContainerService {message}"):
        ContainerService("bad", cast(ContainerServiceArgs, args))
    assert monitor.registrations == {}


@pytest.mark.parametrize(
    "schedule",
    ["0 3 * * *", "*/15 * * * *", "30 2 * * 1-5", "0 0 1 JAN,JUL *", "0 9 * * mon-fri", "0 0 * * 7"],
)
def test_cron_expressions_cloud_scheduler_takes_are_accepted(schedule: str) -> None:
    assert ContainerSettings({"schedule": schedule}).schedule == schedule


def test_docstring_example_runs(monitor: RecordingMonitor) -> None:
    run_docstring_example(ContainerService)
    assert len(of_type(monitor, COMPONENT)) == 4
    members = sorted((r.name, r.inputs["member"]) for r in of_type(monitor, SERVICE_MEMBER))
    assert members == [
        ("shop-api-public", "allUsers"),
        ("shop-search-invoker-api", f"serviceAccount:shop-api@{PROJECT}.iam.gserviceaccount.com"),
    ]
    assert one(monitor, POOL).inputs["scaling"]["manualInstanceCount"] == 2
    assert one(monitor, SCHEDULER).inputs["schedule"] == "30 2 * * *"
