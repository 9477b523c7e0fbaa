"""The GCP blueprints carry their deployment guides' specifics (shared/seeds/000 and 001, mapped in
blueprints/<system>/README.md): sizes, versions, ports, health paths, scaling, alert thresholds and grants."""

from __future__ import annotations

from functools import cache
from typing import Any

from stacks.plan import Plan
from stacks.plan_text import setting
from tests.conftest import plan_of

SQL = "gcp:sql/databaseInstance:DatabaseInstance"
RUN = "gcp:cloudrunv2/service:Service"


@cache
def blueprint(system: str, stack: str = "gcp-prod") -> Plan:
    return plan_of(f"blueprints/{system}/Pulumi.{stack}.yaml")


def service(plan: Plan, name: str) -> dict[str, Any]:
    (found,) = [s.inputs for s in plan.of_type(RUN) if s.name == name]
    return found


def container(plan: Plan, name: str) -> dict[str, Any]:
    (only,) = service(plan, name)["template"]["containers"]
    return only


def alert(plan: Plan, suffix: str) -> dict[str, Any]:
    (found,) = [
        a.inputs["conditions"][0]["conditionThreshold"]
        for a in plan.of_type("gcp:monitoring/alertPolicy:AlertPolicy")
        if a.name.endswith(suffix)
    ]
    return found


def test_karigar_database_and_cache_have_the_guides_sizes() -> None:
    plan = blueprint("karigar")
    (db,) = plan.of_type(SQL)
    assert db.inputs["databaseVersion"] == "POSTGRES_15"
    settings = db.inputs["settings"]
    assert settings["tier"] == "db-custom-4-8192"  # "PostgreSQL 4 CPU / 8 GB"
    assert (settings["diskSize"], settings["diskAutoresizeLimit"]) == (100, 200)
    assert settings["backupConfiguration"]["backupRetentionSettings"]["retainedBackups"] == 30
    (redis,) = plan.of_type("gcp:redis/instance:Instance")
    assert redis.inputs["redisVersion"] == "REDIS_7_2"
    assert redis.inputs["redisConfigs"] == {"maxmemory-policy": "allkeys-lru", "maxmemory-gb": "0.5"}
    assert redis.inputs["persistenceConfig"] == {"persistenceMode": "RDB", "rdbSnapshotPeriod": "ONE_HOUR"}


def test_karigar_services_have_the_guides_ports_sizes_probes_and_scaling() -> None:
    plan = blueprint("karigar")
    expected = {
        "karigar-frontend": (3000, "1", "1024Mi", "/"),
        "karigar-api": (8080, "2", "2048Mi", "/health"),
    }
    for name, (port, cpu, memory, health) in expected.items():
        found = container(plan, name)
        assert found["ports"]["containerPort"] == port
        assert found["resources"]["limits"] == {"cpu": cpu, "memory": memory}
        assert setting(found, "startupProbe.httpGet.path") == health
        assert setting(found, "livenessProbe.httpGet.path") == health
        assert service(plan, name)["template"]["scaling"] == {"minInstanceCount": 2, "maxInstanceCount": 10}
    assert alert(plan, "api-p95-latency")["thresholdValue"] == 500  # "Response time > 500ms"


def test_karigar_site_serves_the_api_under_api_path() -> None:
    plan = blueprint("karigar")
    (backend,) = [
        b
        for b in plan.of_type("gcp:compute/backendService:BackendService")
        if b.name == "karigar-api-backend"
    ]
    site_map = plan.get("stackyard-gcp:index:CdnSite$gcp:compute/uRLMap:URLMap::karigar")
    assert site_map.inputs["name"] == "karigar-gcp-prod-site"
    (matcher,) = site_map.inputs["pathMatchers"]
    # Besides the frontend's static paths (site.static_paths): tests/stacks/test_site_frontends.py.
    assert [r for r in matcher["pathRules"] if r["service"] == backend.id] == [
        {"paths": ["/api/*"], "service": backend.id}
    ]


def test_karigar_staging_uses_development_sizes_and_scales_to_zero() -> None:
    plan = blueprint("karigar", "gcp-staging")
    (db,) = plan.of_type(SQL)
    assert db.inputs["settings"]["tier"] == "db-g1-small"
    for name in ("karigar-frontend", "karigar-api"):
        assert service(plan, name)["template"]["scaling"] == {"minInstanceCount": 0, "maxInstanceCount": 2}


def test_chowkar_api_keeps_its_keys_server_side_and_uploads_with_a_create_only_identity() -> None:
    plan = blueprint("chowkar")
    api = service(plan, "chowkar-api")
    assert api["location"] == "asia-south1"
    envs = {e["name"]: e for e in api["template"]["containers"][0]["envs"]}
    for secret in ("API_KEY", "JWT_SECRET", "FIREBASE_ADMIN_CONFIG"):
        assert "value" not in envs[secret] and envs[secret]["valueSource"]["secretKeyRef"]["secret"]
    account = f"serviceAccount:{api['template']['serviceAccount']}"
    grants = [g.inputs for g in plan.of_type("gcp:storage/bucketIAMMember:BucketIAMMember")]
    uploads = [g for g in grants if g["bucket"] == plan.outputs["bucketNames"]["uploads"]]
    assert uploads == [
        {
            "bucket": plan.outputs["bucketNames"]["uploads"],
            "role": "roles/storage.objectCreator",
            "member": account,
        }
    ]
    assert 'CREATE EXTENSION IF NOT EXISTS "postgis";' in plan.outputs["databaseExtensionStatements"]


def test_chowkar_alerts_on_5xx_over_1_percent_and_ai_latency_over_5_seconds() -> None:
    plan = blueprint("chowkar")
    assert alert(plan, "api-5xx-rate")["thresholdValue"] == 0.01
    latency = alert(plan, "custom-ai-latency")
    assert latency["filter"] == 'metric.type="custom.googleapis.com/chowkar/gemini_response_time"'
    assert (latency["aggregations"][0]["perSeriesAligner"], latency["thresholdValue"]) == (
        "ALIGN_PERCENTILE_95",
        5000,
    )


def test_chowkar_site_is_a_single_page_app_from_the_cdn() -> None:
    plan = blueprint("chowkar")
    site_map = plan.get("stackyard-gcp:index:CdnSite$gcp:compute/uRLMap:URLMap::chowkar")
    assert site_map.inputs["name"] == "chowkar-gcp-prod-site"
    (rule,) = site_map.inputs["pathMatchers"][0]["pathRules"]
    (fallback,) = rule["customErrorResponsePolicy"]["errorResponseRules"]
    assert fallback == {"matchResponseCodes": ["404"], "path": "/index.html", "overrideResponseCode": 200}
