"""What the cloud does instead (stacks/stand_ins.py), the data-tier keys it speaks for (cache.maxmemory_mb,
snapshot_every_hours, persistence: aof, database.cpu / memory_gb, database.name), and the blueprints that
use them: stand-ins in the plan's text and JSON and in `pulumi up`'s log, recovery beyond one region, the
guide's health-check timings."""

from __future__ import annotations

import json
from typing import Any

import pulumi
import pytest

from stacks import stand_ins
from stacks.config import load_stack_config
from stacks.errors import ConfigError
from stacks.plan import Plan
from tests.conftest import plan_of, plan_of_config

KARIGAR = "blueprints/karigar/Pulumi.prod.yaml"
KARIGAR_GCP = "blueprints/karigar/Pulumi.gcp-prod.yaml"
GROUP = "aws:elasticache/replicationGroup:ReplicationGroup"
MEMORYSTORE = "gcp:redis/instance:Instance"


def aws(environment: str = "prod", **app: Any) -> dict[str, Any]:
    return {
        "stackyard:cloud": "aws",
        "stackyard:environment": environment,
        "aws:region": "us-east-1",
        "stackyard:app": {"name": "shop", **app},
    }


def gcp(environment: str = "prod", **app: Any) -> dict[str, Any]:
    return {
        "stackyard:cloud": "gcp",
        "stackyard:environment": environment,
        "gcp:project": "shop-project",
        "gcp:region": "us-east1",
        "stackyard:app": {"name": "shop", "alarms": {"emails": ["ops@example.com"]}, **app},
    }


def found(values: dict[str, Any]) -> dict[str, stand_ins.StandIn]:
    return {s.key: s for s in stand_ins.stand_ins(load_stack_config(values))}


def problems(values: dict[str, Any]) -> list[str]:
    with pytest.raises(ConfigError) as caught:
        load_stack_config(values)
    return caught.value.problems


def one(plan: Plan, type_: str) -> Any:
    (resource,) = plan.of_type(type_)
    return resource


# -- the plan shows them, the program logs them --------------------------------------------------------------


def test_karigar_on_aws_lists_what_elasticache_and_rds_give_instead() -> None:
    document = plan_of(KARIGAR).document()
    # The computed ones; the stack file's own (app.stand_ins, guide.*) are in blueprints/karigar/README.md.
    by_key = {s["key"]: s for s in document["standIns"] if not s["key"].startswith("guide.")}
    assert set(by_key) == {
        "app.database.cpu, memory_gb",
        "app.cache.persistence",
        "app.cache.maxmemory_mb",
        "app.cache.snapshot_every_hours",
    }
    assert all(set(s) == {"key", "asked", "instead", "reason", "source"} for s in by_key.values())
    assert by_key["app.database.cpu, memory_gb"]["instead"].startswith("db.m7g.xlarge, 4 vCPU / 16 GiB")
    assert "Multi-AZ" in by_key["app.cache.persistence"]["instead"]
    assert "cache.t4g.medium" in by_key["app.cache.maxmemory_mb"]["instead"]
    assert "09:00, 15:00, 21:00" in by_key["app.cache.snapshot_every_hours"]["instead"]
    # The plan is what the stand-ins say: the class, and the schedule between the daily snapshots.
    plan = plan_of(KARIGAR)
    assert one(plan, "aws:rds/instance:Instance").inputs["instanceClass"] == "db.m7g.xlarge"
    assert (
        one(plan, "aws:scheduler/schedule:Schedule").inputs["scheduleExpression"] == "cron(0 9,15,21 * * ? *)"
    )
    assert one(plan, GROUP).inputs["snapshotRetentionLimit"] == 7
    text = plan.text()
    assert "What the cloud does instead:" in text and "`app.cache.persistence: aof`" in text


def test_karigar_on_gcp_gets_hourly_snapshots_for_aof_and_its_maxmemory() -> None:
    plan = plan_of(KARIGAR_GCP)
    instance = one(plan, MEMORYSTORE).inputs
    assert instance["persistenceConfig"] == {"persistenceMode": "RDB", "rdbSnapshotPeriod": "ONE_HOUR"}
    assert instance["redisConfigs"] == {"maxmemory-policy": "allkeys-lru", "maxmemory-gb": "0.5"}
    keys = [s["key"] for s in plan.document()["standIns"] if not s["key"].startswith("guide.")]
    assert keys == ["app.cache.persistence", "app.cache.replicas"]  # 4 CPU / 8 GB is a Cloud SQL shape
    assert (
        one(plan, "gcp:sql/databaseInstance:DatabaseInstance").inputs["settings"]["tier"]
        == "db-custom-4-8192"
    )


def test_a_stack_that_asks_nothing_refused_has_an_empty_list_and_keeps_every_key() -> None:
    document = plan_of("Pulumi.staging.yaml").document()
    assert document["standIns"] == []
    assert {"project", "stack", "cloud", "environment", "resources", "outputs", "notes"} <= set(document)
    assert "What the cloud does instead" not in plan_of("Pulumi.staging.yaml").text()


def test_pulumi_up_logs_them_once(monkeypatch: pytest.MonkeyPatch) -> None:
    logged: list[str] = []
    monkeypatch.setattr(pulumi.log, "info", lambda message, *a, **k: logged.append(message))
    items = stand_ins.stand_ins(load_stack_config(aws(cache={"persistence": "aof"})))
    stand_ins.announce(items)
    (message,) = logged
    assert message.startswith("What the cloud does instead of what this stack file asks:")
    assert "`app.cache.persistence: aof`" in message
    with stand_ins.collecting() as collected:
        stand_ins.announce(items)
    assert collected == items and len(logged) == 1


def test_the_program_announces_them(monkeypatch: pytest.MonkeyPatch) -> None:
    """`stacks.program.main` (what `pulumi up` runs) hands them on: the plan collects what it announced."""
    plan = plan_of_config({**aws("staging", cache={"persistence": "aof"})})
    assert [s.key for s in plan.stand_ins] == ["app.cache.persistence"]


# -- the cache -----------------------------------------------------------------------------------------------


def test_aof_is_accepted_on_both_clouds_and_says_what_stands_in() -> None:
    on_aws = found(aws("staging", cache={"persistence": "aof"}))["app.cache.persistence"]
    assert "set cache.replicas: 1 and automatic_failover: true" in on_aws.instead  # staging: no replica
    assert "Append only files (AOF)" in on_aws.source
    on_gcp = found(gcp("staging", cache={"persistence": "aof"}))["app.cache.persistence"]
    assert on_gcp.instead.startswith("an RDB snapshot every hour")


def test_a_maxmemory_the_node_cannot_hold_is_refused_on_aws() -> None:
    (problem,) = problems(aws(cache={"size": "micro", "maxmemory_mb": 512}))
    assert problem.startswith("stackyard:app.cache.maxmemory_mb: 512 MB does not fit cache.t4g.micro")
    assert problem.endswith("use size small or larger")


def test_maxmemory_on_gcp_is_maxmemory_gb_at_least_a_fifth_of_the_instance() -> None:
    plan = plan_of_config(gcp("staging", cache={"size": "5", "maxmemory_mb": 512}))
    assert one(plan, MEMORYSTORE).inputs["redisConfigs"]["maxmemory-gb"] == "1"
    (item,) = [s for s in plan.stand_ins if s.key == "app.cache.maxmemory_mb"]
    assert item.instead == "maxmemory-gb 1, 20 % of the 5 GB instance"
    assert problems(gcp(cache={"size": "1", "maxmemory_mb": 2048})) == [
        "stackyard:app.cache.maxmemory_mb: 2048 is more than the 1 GB instance (cache.size); use a size "
        "of at least 2"
    ]


@pytest.mark.parametrize(
    ("every", "period", "said"), [(6, "SIX_HOURS", False), (8, "SIX_HOURS", True), (3, "ONE_HOUR", True)]
)
def test_gcp_snapshot_periods(every: int, period: str, said: bool) -> None:
    plan = plan_of_config(gcp("staging", cache={"snapshot_every_hours": every}))
    assert one(plan, MEMORYSTORE).inputs["persistenceConfig"]["rdbSnapshotPeriod"] == period
    assert any(s.key == "app.cache.snapshot_every_hours" for s in plan.stand_ins) == said


def test_hourly_snapshots_on_aws_are_every_two_hours() -> None:
    plan = plan_of_config(aws("staging", cache={"snapshot_every_hours": 1}))
    assert (
        one(plan, "aws:scheduler/schedule:Schedule").inputs["scheduleExpression"].startswith("cron(0 1,7,9,")
    )
    (item,) = plan.stand_ins
    assert "every 2 hours (at most 20 manual snapshots a day)" in item.instead


def test_daily_snapshots_need_no_schedule_and_none_refuses_a_period() -> None:
    plan = plan_of_config(aws("staging", cache={"snapshot_every_hours": 24}))
    assert plan.of_type("aws:scheduler/schedule:Schedule") == [] and plan.stand_ins == []
    assert (
        "stackyard:app.cache.snapshot_every_hours: not with persistence: none; remove one of them"
        in problems(aws(cache={"snapshot_every_hours": 6, "persistence": "none"}))
    )


def test_small_memorystore_replicas_are_said_to_be_a_standby_only() -> None:
    item = found(gcp(cache={"size": "1", "replicas": 1}))["app.cache.replicas"]
    assert item.instead.startswith("the STANDARD_HA standby only")
    assert "app.cache.replicas" not in found(gcp(cache={"size": "5", "replicas": 1}))


# -- the database --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("cpu", "memory", "aws_class", "gcp_tier"),
    [
        (4, 8, "db.m7g.xlarge", "db-custom-4-8192"),
        (2, 16, "db.r7g.large", "db-custom-4-16384"),
        (1, 1, "db.t4g.micro", "db-custom-1-3840"),
        (3, 20, "db.r7g.xlarge", "db-custom-4-20480"),
    ],
)
def test_cpu_and_memory_pick_the_smallest_class(
    cpu: float, memory: float, aws_class: str, gcp_tier: str
) -> None:
    from stacks import data_sizing

    on_aws = load_stack_config(aws(database={"cpu": cpu, "memory_gb": memory})).app.database
    on_gcp = load_stack_config(gcp(database={"cpu": cpu, "memory_gb": memory})).app.database
    assert on_aws is not None and on_gcp is not None
    assert data_sizing.database_class(on_aws) == aws_class
    assert data_sizing.database_tier(on_gcp) == gcp_tier


def test_size_and_cpu_together_or_half_an_ask_are_refused() -> None:
    assert problems(aws(database={"size": "large", "cpu": 4, "memory_gb": 8})) == [
        "stackyard:app.database.size: give size or cpu and memory_gb, not both"
    ]
    assert problems(aws(database={"cpu": 4})) == [
        "stackyard:app.database.memory_gb: required with cpu; give both, or size"
    ]


def test_the_database_name_is_the_guides_on_both_clouds() -> None:
    assert one(plan_of(KARIGAR), "aws:rds/instance:Instance").inputs["dbName"] == "karigar"
    (database,) = [d for d in plan_of(KARIGAR_GCP).of_type("gcp:sql/database:Database")]
    assert database.inputs["name"] == "karigar"
    # Without the key each cloud keeps its default: no database is renamed by the upgrade.
    assert (
        one(plan_of("blueprints/chowkar/Pulumi.gcp-prod.yaml"), "gcp:sql/database:Database").inputs["name"]
        == "app"
    )


# -- recovery beyond one region, and the guide's health checks -----------------------------------------------


@pytest.mark.parametrize(
    "stack_file",
    [
        "blueprints/karigar/Pulumi.prod.yaml",
        "blueprints/karigar/Pulumi.k8s-prod.yaml",
        "blueprints/nestjs-api/Pulumi.prod.yaml",
    ],
)
def test_prod_backups_are_copied_to_another_region(stack_file: str) -> None:
    replication = one(
        plan_of(stack_file), "aws:rds/instanceAutomatedBackupsReplication:InstanceAutomatedBackupsReplication"
    )
    # us-east-1 -> us-west-2: a pair RDS supports ("Replicating automated backups to another AWS Region").
    assert replication.inputs["region"] == "us-west-2"
    assert (
        replication.inputs["retentionPeriod"]
        == plan_of(stack_file).of_type("aws:rds/instance:Instance")[0].inputs["backupRetentionPeriod"]
    )


def test_karigar_on_gcp_keeps_its_backups_in_the_us_multi_region() -> None:
    instance = one(plan_of(KARIGAR_GCP), "gcp:sql/databaseInstance:DatabaseInstance")
    assert instance.inputs["settings"]["backupConfiguration"]["location"] == "us"


@pytest.mark.parametrize(("service", "start"), [("frontend", 0), ("api", 40)])
def test_karigar_health_checks_have_the_guides_timings(service: str, start: int) -> None:
    definitions = [
        json.loads(t.inputs["containerDefinitions"])
        for t in plan_of(KARIGAR).of_type("aws:ecs/taskDefinition:TaskDefinition")
        if t.name == f"karigar-{service}-task"
    ]
    (container,) = definitions[0]
    check = container["healthCheck"]
    assert (check["interval"], check["timeout"], check["retries"], check["startPeriod"]) == (30, 10, 3, start)


@pytest.mark.parametrize(
    ("check", "message"),
    [
        (
            {"command": ["CMD", "true"], "timeout_seconds": 121},
            "health_check.timeout_seconds: 121 is out of range",
        ),
        (
            {"command": ["CMD", "true"], "interval_seconds": 4},
            "health_check.interval_seconds: 4 is out of range",
        ),
        ({"command": ["CMD", "true"], "retries": 11}, "health_check.retries: 11 is out of range"),
        ({"command": ["CMD", "true"], "start_period_seconds": 301}, "health_check.start_period_seconds: 301"),
        ({"command": ["wget", "x"]}, "health_check.command: ['wget', 'x'] starts with neither CMD"),
    ],
)
def test_health_check_bounds(check: dict[str, Any], message: str) -> None:
    found_problems = problems(aws(services={"api": {"port": 80, "health_check": check}}))
    assert any(p.startswith(f"stackyard:app.services.api.{message}") for p in found_problems), found_problems


def test_a_health_check_is_refused_on_cloud_run() -> None:
    assert any(
        p.startswith("stackyard:app.services.api.health_check: Cloud Run probes are HTTP requests")
        for p in problems(gcp(services={"api": {"port": 80, "health_check": {"command": ["CMD", "true"]}}}))
    )


def test_a_stack_file_declares_stand_ins_for_asks_no_key_expresses() -> None:
    """`app.stand_ins`: shown with the computed ones, marked as declared; a bad entry is a config error."""
    from stacks.config import load_stack_config
    from stacks.errors import ConfigError
    from stacks.stand_ins import stand_ins

    declared = {
        "key": "guide.uptime-robot",
        "asked": "Uptime Robot",
        "instead": "uptime checks",
        "reason": "x",
    }
    values = {
        "stackyard:cloud": "aws",
        "stackyard:environment": "staging",
        "aws:region": "us-east-1",
        "stackyard:app": {"name": "shop", "stand_ins": [declared]},
    }
    (found,) = stand_ins(load_stack_config(values))
    assert (found.key, found.asked, found.instead) == ("guide.uptime-robot", "Uptime Robot", "uptime checks")
    assert "declared in the stack file" in found.source
    values["stackyard:app"] = {"name": "shop", "stand_ins": [{**declared, "key": "Not A Key"}]}
    with pytest.raises(ConfigError, match=r"stackyard:app.stand_ins\[0\].key"):
        load_stack_config(values)


def test_tls_13_at_cloudfront_leaves_the_load_balancer_behind_it_at_tls_12() -> None:
    """`site.min_tls: "1.3"` in front of a service: CloudFront reaches its origins with TLS 1.2 at most, so
    the load balancer keeps its default policy, and the plan says so (CharterFlow's "TLS 1.3 everywhere")."""
    from components.aws.load_balancer import DEFAULT_SSL_POLICY

    site = {"service": "web", "min_tls": "1.3"}
    values = aws(domain="shop.example.com", services={"web": {"port": 3000, "public": True}}, site=site)
    stand_in = found(values)["app.site.min_tls"]
    assert stand_in.asked == "1.3" and DEFAULT_SSL_POLICY in stand_in.instead
    bucket_site = {**values, "stackyard:app": {**values["stackyard:app"], "site": {}}}
    assert "app.site.min_tls" not in found(bucket_site)
    site["min_tls"] = "1.2"
    assert "app.site.min_tls" not in found(values)
    plan = plan_of("blueprints/charterflow/Pulumi.prod.yaml")
    assert "app.site.min_tls" in {s["key"] for s in plan.document()["standIns"]}
    (distribution,) = plan.of_type("aws:cloudfront/distribution:Distribution")
    assert distribution.inputs["viewerCertificate"]["minimumProtocolVersion"] == "TLSv1.3_2025"
    https = next(r for r in plan.of_type("aws:lb/listener:Listener") if r.inputs["port"] == 443)
    assert https.inputs["sslPolicy"] == DEFAULT_SSL_POLICY
