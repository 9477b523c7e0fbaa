"""The GCP stack builder: what the GCP blueprint files create in prod and staging, read from their plans.

Every claim of the GCP issue that concerns a whole stack is checked here on the rendered plans of
`blueprints/{chowkar,karigar}/Pulumi.gcp-{staging,prod}.yaml` (the same code path as `stackyard plan`).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest

from stacks.mocks import SECRET_MASK, Registration
from stacks.plan import Plan
from tests.conftest import plan_of, plan_of_config, run_cli

SYSTEMS = ("chowkar", "karigar")
PROD = [f"blueprints/{s}/Pulumi.gcp-prod.yaml" for s in SYSTEMS]
STAGING = [f"blueprints/{s}/Pulumi.gcp-staging.yaml" for s in SYSTEMS]

SQL = "gcp:sql/databaseInstance:DatabaseInstance"
REDIS = "gcp:redis/instance:Instance"
RUN_SERVICE = "gcp:cloudrunv2/service:Service"
RUN_WORKER = "gcp:cloudrunv2/workerPool:WorkerPool"
RUN_JOB = "gcp:cloudrunv2/job:Job"
ACCOUNT = "gcp:serviceaccount/account:Account"
FIREWALL = "gcp:compute/firewall:Firewall"
BUCKET = "gcp:storage/bucket:Bucket"
HTTPS_PROXY = "gcp:compute/targetHttpsProxy:TargetHttpsProxy"
SSL_POLICY = "gcp:compute/sSLPolicy:SSLPolicy"
ALERT = "gcp:monitoring/alertPolicy:AlertPolicy"
WORLD = {"0.0.0.0/0", "::/0"}


def primary(plan: Plan) -> Registration:
    (found,) = [r for r in plan.of_type(SQL) if not r.inputs.get("masterInstanceName")]
    return found


def workloads(plan: Plan) -> list[Registration]:
    """Every Cloud Run service, worker pool and job of the plan."""
    return plan.of_type(RUN_SERVICE) + plan.of_type(RUN_WORKER) + plan.of_type(RUN_JOB)


def revision_template(workload: Registration) -> dict[str, Any]:
    """The revision (task) template, which a job nests one level deeper."""
    template = workload.inputs["template"]
    return template["template"] if workload.type == RUN_JOB else template


def env_entries(workload: Registration) -> Iterator[dict[str, Any]]:
    for container in revision_template(workload)["containers"]:
        yield from container.get("envs", [])


def declared_secrets(stack_file: str) -> set[str]:
    plan = plan_of(stack_file)
    return set(plan.outputs.get("secretIds", {}))


# --- `stackyard plan` of the four GCP blueprint files ---------------------------------------------------


@pytest.mark.parametrize("stack_file", PROD + STAGING)
def test_stackyard_plan_of_each_gcp_blueprint_exits_0(stack_file: str) -> None:
    result = run_cli("plan", "--config-file", stack_file, "--json")
    assert result.returncode == 0, result.stderr
    document = json.loads(result.stdout)
    assert (document["cloud"], document["environment"]) == ("gcp", stack_file.split("gcp-")[1][:-5])
    assert "Traceback" not in result.stderr


# --- prod --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("stack_file", PROD)
def test_prod_database_is_regional_private_encrypted_backed_up_and_protected(stack_file: str) -> None:
    db = primary(plan_of(stack_file))
    settings = db.inputs["settings"]
    assert settings["availabilityType"] == "REGIONAL"
    assert settings["ipConfiguration"]["ipv4Enabled"] is False  # private IP only, set explicitly
    assert settings["ipConfiguration"]["privateNetwork"]
    assert settings["ipConfiguration"]["sslMode"] in ("ENCRYPTED_ONLY", "TRUSTED_CLIENT_CERTIFICATE_REQUIRED")
    backups = settings["backupConfiguration"]
    assert backups["enabled"] is True and backups["pointInTimeRecoveryEnabled"] is True
    assert backups["backupRetentionSettings"]["retainedBackups"] >= 14
    assert db.inputs["deletionProtection"] is True and settings["deletionProtectionEnabled"] is True
    assert db.protect
    flags = {f["name"]: f["value"] for f in settings["databaseFlags"]}
    assert flags["cloudsql.iam_authentication"] == "on"


@pytest.mark.parametrize("stack_file", PROD)
def test_prod_cache_is_standard_ha_with_auth_tls_and_private_service_access(stack_file: str) -> None:
    (cache,) = plan_of(stack_file).of_type(REDIS)
    inputs = cache.inputs
    assert inputs["tier"] == "STANDARD_HA"
    assert inputs["authEnabled"] is True
    assert inputs["transitEncryptionMode"] == "SERVER_AUTHENTICATION"
    assert inputs["connectMode"] == "PRIVATE_SERVICE_ACCESS"
    assert cache.protect


@pytest.mark.parametrize("stack_file", PROD + STAGING)
def test_every_cloud_run_workload_has_its_own_account_vpc_egress_and_limited_ingress(stack_file: str) -> None:
    plan = plan_of(stack_file)
    accounts = {a.state["email"] for a in plan.of_type(ACCOUNT)}
    found = workloads(plan)
    assert found
    emails = [revision_template(w)["serviceAccount"] for w in found]
    assert len(set(emails)) == len(emails), "two workloads share a service account"
    assert set(emails) <= accounts, "a workload runs as an account the stack did not create"
    for workload in found:
        interfaces = revision_template(workload)["vpcAccess"]["networkInterfaces"]
        assert interfaces and interfaces[0]["network"] and interfaces[0]["subnetwork"], workload.name
    for service in plan.of_type(RUN_SERVICE):
        assert service.inputs["ingress"] in (
            "INGRESS_TRAFFIC_INTERNAL_LOAD_BALANCER",
            "INGRESS_TRAFFIC_INTERNAL_ONLY",
        ), service.name


@pytest.mark.parametrize("stack_file", PROD + STAGING)
def test_no_secret_reaches_a_container_as_a_plain_value(stack_file: str) -> None:
    """Secret Outputs given as a plain `value` would show as "[secret]" in the plan; declared secrets and
    the connection passwords must come by reference."""
    by_reference = declared_secrets(stack_file) | {
        "DATABASE_PASSWORD",
        "REDIS_PASSWORD",
        "DATABASE_URL",
        "REDIS_URL",
    }
    checked = 0
    for workload in workloads(plan_of(stack_file)):
        for entry in env_entries(workload):
            checked += 1
            assert entry.get("value") != SECRET_MASK, f"{workload.name}: {entry['name']} is a plain secret"
            if entry["name"] in by_reference:
                assert "value" not in entry, f"{workload.name}: {entry['name']} has a plain value"
                reference = entry["valueSource"]["secretKeyRef"]
                assert reference["secret"].startswith("projects/") and reference["version"]
    assert checked


@pytest.mark.parametrize("stack_file", PROD + STAGING)
def test_no_firewall_rule_lets_the_world_in(stack_file: str) -> None:
    rules = plan_of(stack_file).of_type(FIREWALL)
    assert rules
    for rule in rules:
        if rule.inputs["direction"] == "INGRESS" and rule.inputs.get("allows"):
            assert not WORLD & set(rule.inputs.get("sourceRanges", [])), rule.name


@pytest.mark.parametrize("stack_file", PROD)
def test_prod_network_has_cloud_nat_and_a_private_service_access_connection(stack_file: str) -> None:
    plan = plan_of(stack_file)
    assert len(plan.of_type("gcp:compute/routerNat:RouterNat")) == 1
    (connection,) = plan.of_type("gcp:servicenetworking/connection:Connection")
    assert connection.inputs["service"] == "servicenetworking.googleapis.com"
    (psa,) = [a for a in plan.of_type("gcp:compute/globalAddress:GlobalAddress") if a.inputs.get("purpose")]
    assert psa.inputs["purpose"] == "VPC_PEERING"


@pytest.mark.parametrize("stack_file", PROD)
def test_prod_edge_has_a_cdn_backend_bucket_and_tls_12_or_newer_everywhere(stack_file: str) -> None:
    plan = plan_of(stack_file)
    (backend_bucket,) = plan.of_type("gcp:compute/backendBucket:BackendBucket")
    assert backend_bucket.inputs["enableCdn"] is True
    policies = {p.id: p.inputs for p in plan.of_type(SSL_POLICY)}
    assert policies and all(p["minTlsVersion"] in ("TLS_1_2", "TLS_1_3") for p in policies.values())
    proxies = plan.of_type(HTTPS_PROXY)
    assert len(proxies) == 2  # the services' load balancer and the site's
    for proxy in proxies:
        assert proxy.inputs["sslPolicy"] in policies, proxy.name


@pytest.mark.parametrize("stack_file", PROD)
def test_prod_has_at_least_four_alert_policies_that_notify(stack_file: str) -> None:
    alerts = plan_of(stack_file).of_type(ALERT)
    assert len(alerts) >= 4
    assert all(a.inputs["notificationChannels"] for a in alerts)


@pytest.mark.parametrize("stack_file", PROD + STAGING)
def test_every_bucket_has_uniform_access_and_public_access_prevention(stack_file: str) -> None:
    buckets = plan_of(stack_file).of_type(BUCKET)
    assert buckets
    for bucket in buckets:
        assert bucket.inputs["uniformBucketLevelAccess"] is True, bucket.name
        assert bucket.inputs["publicAccessPrevention"] == "enforced", bucket.name


def test_prod_data_buckets_are_protected() -> None:
    plan = plan_of("blueprints/chowkar/Pulumi.gcp-prod.yaml")
    (uploads,) = [b for b in plan.of_type(BUCKET) if b.name.startswith("chowkar-uploads")]
    assert uploads.protect


# --- staging -----------------------------------------------------------------------------------------------


@pytest.mark.parametrize("stack_file", STAGING)
def test_staging_is_zonal_basic_and_scales_to_zero(stack_file: str) -> None:
    plan = plan_of(stack_file)
    db = primary(plan)
    assert db.inputs["settings"]["availabilityType"] == "ZONAL"
    assert db.inputs["deletionProtection"] is False and not db.protect
    (cache,) = plan.of_type(REDIS)
    assert cache.inputs["tier"] == "BASIC"
    services = plan.of_type(RUN_SERVICE)
    assert services
    for service in services:
        assert service.inputs["template"]["scaling"]["minInstanceCount"] == 0, service.name
    assert not plan.of_type(ALERT)


# --- wiring that the blueprints do not exercise ---------------------------------------------------------


WIRED_APP = {
    "stackyard:cloud": "gcp",
    "stackyard:environment": "staging",
    "gcp:project": "shop-staging",
    "gcp:region": "europe-west1",
    "stackyard:app": {
        "name": "shop",
        "domain": "shop.example.com",
        "services": {
            "web": {"port": 8080, "public": True, "cpu": 1, "memory_gb": 0.5},
            "search": {"port": 9000, "cpu": 1, "memory_gb": 1},
            "worker": {"command": ["celery", "worker"], "scale": {"min": 1, "max": 3}},
            "nightly": {"schedule": "0 3 * * *", "command": ["python", "cleanup.py"]},
        },
        "alarms": {
            "emails": ["ops@shop.example.com"],  # the section turns staging's alarms on: someone is told
            "custom": [{"name": "backlog", "metric": "custom.googleapis.com/shop/backlog", "threshold": 9}],
        },
    },
}


@pytest.fixture(scope="module")
def wired() -> Plan:
    return plan_of_config(WIRED_APP)


def test_an_internal_service_admits_only_the_apps_other_services(wired: Plan) -> None:
    (search,) = [s for s in wired.of_type(RUN_SERVICE) if s.name == "shop-search"]
    assert search.inputs["ingress"] == "INGRESS_TRAFFIC_INTERNAL_ONLY"
    grants = [
        g.inputs
        for g in wired.of_type("gcp:cloudrunv2/serviceIamMember:ServiceIamMember")
        if g.inputs["name"] == search.inputs["name"]
    ]
    callers = {g["member"] for g in grants}
    assert {g["role"] for g in grants} == {"roles/run.invoker"}
    assert "allUsers" not in callers and len(callers) == 3  # web, worker and nightly, not itself
    # An internal service is reached only through the VPC, so every workload sends all egress there.
    for workload in workloads(wired):
        assert revision_template(workload)["vpcAccess"]["egress"] == "ALL_TRAFFIC", workload.name


def test_worker_is_a_worker_pool_and_the_job_runs_on_a_schedule(wired: Plan) -> None:
    (worker,) = wired.of_type(RUN_WORKER)
    assert "ingress" not in worker.inputs
    assert worker.inputs["scaling"]["manualInstanceCount"] == 1
    (job,) = wired.of_type(RUN_JOB)
    (trigger,) = wired.of_type("gcp:cloudscheduler/job:Job")
    assert trigger.inputs["schedule"] == "0 3 * * *"
    assert trigger.inputs["httpTarget"]["uri"].endswith(f"/jobs/{job.inputs['name']}:run")


def test_services_may_write_the_custom_metrics_their_alarms_watch(wired: Plan) -> None:
    writers = [
        m.inputs
        for m in wired.of_type("gcp:projects/iAMMember:IAMMember")
        if m.inputs["role"] == "roles/monitoring.metricWriter"
    ]
    assert len(writers) == len(workloads(wired))


@pytest.mark.parametrize("stack_file", PROD)
def test_prod_cache_has_the_apis_deletion_protection_too(stack_file: str) -> None:
    (cache,) = plan_of(stack_file).of_type(REDIS)
    assert cache.inputs["deletionProtection"] is True
