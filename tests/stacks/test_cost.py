"""`stackyard cost`: the price tables, the pricing rules, the usage file and the command.

Each expected figure is computed here from the table's own unit prices times the quantities read from the
plan (or, where an Infracost golden output exists for the same resource, that published figure), never copied
from the estimate under test.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from stacks import cli
from stacks.cost import document_of, estimate, load_usage, monthly_costs, price_table
from stacks.cost.anchors import ANCHORS, anchored
from stacks.cost.aws import FREE as AWS_FREE
from stacks.cost.aws import RULES as AWS_RULES
from stacks.cost.aws import runs_per_month
from stacks.cost.gcp import FREE as GCP_FREE
from stacks.cost.gcp import RULES as GCP_RULES
from stacks.cost.model import HOURS_PER_MONTH, SECONDS_PER_MONTH, Estimate, StackEstimate
from stacks.cost.usage import UsageError
from tests.conftest import MAIN, ROOT, plan_of, stack_source
from tests.helpers import plan_cache
from tests.helpers.released import released

H = HOURS_PER_MONTH
AWS = price_table("aws")
GCP = price_table("gcp")
STACK_FILES = sorted(
    [p.relative_to(ROOT) for p in ROOT.glob("Pulumi.*.yaml")]
    + [p.relative_to(ROOT) for p in (ROOT / "blueprints").glob("*/Pulumi.*.yaml")]
)


def price(cloud: str, item: str, region: str) -> float:
    found = price_table(cloud).lookup(item, region)
    assert found is not None, f"the {cloud} table has no {item} in {region}"
    return found.price


def estimate_of(stack_file: str | Path) -> StackEstimate:
    """The estimate `stackyard cost` gives: the stack as it runs once released (`stacks.released`)."""
    return estimate(document_of(plan_of(stack_file, released(stack_file))))


def one(cloud: str, type_: str, inputs: dict[str, Any], region: str, **more: Any) -> Estimate:
    """The estimate of a single resource in a one-resource document."""
    document = {
        "cloud": cloud,
        "region": region,
        "resources": [
            {"urn": f"urn:test::{type_}::r", "type": type_, "name": "r", "custom": True, "inputs": inputs}
        ],
        **more,
    }
    (found,) = estimate(document).resources
    return found


def line(item: Estimate, prefix: str) -> float:
    (found,) = [x for x in item.lines if x.name.startswith(prefix)]
    assert found.monthly is not None, f"{found.name} has no price"
    return found.monthly


# -- the price tables ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("cloud", ["aws", "gcp"])
def test_every_price_carries_its_unit_region_currency_source_and_date(cloud: str) -> None:
    data = json.loads(price_table(cloud).path.read_text())
    assert data["prices"], cloud
    for entry in data["prices"]:
        where = f"{cloud}.json {entry['item']} {entry['region']}"
        assert entry["price"] > 0 and entry["unit"] and entry["currency"] == "USD", where
        source = data["sources"][entry["source"]]
        assert entry["url"] == source["url"] and entry["read"] == source["checked"], where
        assert source["kind"] in (
            "infracost-golden",
            "vendor-page",
            "vendor-page-transcript",
            "third-party",
        ), where
        if entry["verified"]:
            # a verified figure was read at its URL on a recorded date
            assert entry["url"] and re.fullmatch(r"\d{4}-\d{2}-\d{2}", entry["read"] or ""), where
        else:
            # an unverified one says where it comes from
            assert source["title"], where


def test_a_price_is_looked_up_in_its_region_then_global_then_any_region() -> None:
    assert AWS.lookup("ec2.nat_gateway.hour", "ap-south-1").region == "ap-south-1"  # type: ignore[union-attr]
    assert AWS.lookup("route53.hosted_zone.month", "ap-south-1").region == "global"  # type: ignore[union-attr]
    assert AWS.lookup("kms.key.month", "sa-east-1").region == "*"  # type: ignore[union-attr]
    assert AWS.lookup("rds.postgres.db.t3.small.hour", "ap-south-1") is None
    assert GCP.lookup("monitoring.alerting.condition.month", "asia-south1").region == "global"  # type: ignore[union-attr]


# -- every resource of every stack: priced, free with a reason, or a declared gap ----------------------------


@pytest.mark.parametrize("stack_file", STACK_FILES, ids=str)
def test_every_resource_is_priced_free_or_not_priced_with_a_reason(stack_file: Path) -> None:
    result = estimate_of(stack_file)
    table = price_table(result.cloud or "aws")
    assert result.region, f"{stack_file}: no region found in the plan"
    for item in result.resources:
        where = f"{stack_file}: {item.type} {item.name}"
        assert item.note != "no pricing rule for this resource type", (
            f"{where}: no pricing rule and not declared"
        )
        if item.status == "free":
            assert item.note and not item.lines, where
            continue
        for missing in item.missing:
            assert table.gap(missing.item, result.region), (
                f"{where}: no price for {missing.item} in {result.region}, and the price table does not "
                "declare the gap (add the price with its source, or a `gaps` entry with the reason)"
            )
        if item.status == "not priced" and not item.lines:
            assert item.note, f"{where}: not priced without a reason"


BLUEPRINT_REGIONS = {"aws": ("us-east-1", "us-west-2", "ap-south-1"), "gcp": ("us-east1", "asia-south1")}


def test_every_price_the_stacks_use_exists_or_is_a_declared_gap_in_every_blueprint_region() -> None:
    """The blueprints run in us-east-1, us-west-2 and ap-south-1 (AWS), us-east1 and asia-south1 (GCP): each
    price item any stack's estimate uses is priced there, or the table says why not."""
    used: dict[str, set[str]] = {"aws": set(), "gcp": set()}
    for stack_file in STACK_FILES:
        result = estimate_of(stack_file)
        used[result.cloud or "aws"] |= {line.item for item in result.resources for line in item.lines}
    assert used["aws"] and used["gcp"]
    problems = [
        f"{cloud}: {item} in {region}"
        for cloud, items in used.items()
        for item in sorted(items)
        for region in BLUEPRINT_REGIONS[cloud]
        if price_table(cloud).lookup(item, region) is None and not price_table(cloud).gap(item, region)
    ]
    assert not problems, "no price and no declared gap: " + "; ".join(problems)


def test_every_priced_type_has_a_rule_for_both_free_and_priced_cases_declared_once() -> None:
    assert not set(AWS_RULES) & set(AWS_FREE)
    assert not set(GCP_RULES) & set(GCP_FREE)


def test_a_type_without_a_rule_is_not_priced_never_zero() -> None:
    item = one("aws", "aws:made/up:Thing", {}, "us-east-1")
    assert item.status == "not priced" and item.monthly == 0
    result = estimate(
        {
            "cloud": "aws",
            "region": "us-east-1",
            "resources": [
                {"urn": "u", "type": "aws:made/up:Thing", "name": "x", "custom": True, "inputs": {}}
            ],
        }
    )
    assert [e.urn for e in result.not_priced] == ["u"]


# -- figures against the table and against Infracost's published outputs -------------------------------------


def test_postgres_db_t4g_micro_single_az_20_gb_gp3_in_us_east_1() -> None:
    inputs = {
        "engine": "postgres",
        "instanceClass": "db.t4g.micro",
        "allocatedStorage": 20,
        "storageType": "gp3",
    }
    item = one("aws", "aws:rds/instance:Instance", inputs, "us-east-1")
    expected = (
        price("aws", "rds.postgres.db.t4g.micro.hour", "us-east-1") * H
        + price("aws", "rds.storage.gp3.gb_month", "us-east-1") * 20
    )
    assert item.fixed == pytest.approx(expected)
    assert item.status == "priced"


def test_multi_az_doubles_the_instance_and_the_storage() -> None:
    inputs = {
        "engine": "postgres",
        "instanceClass": "db.t4g.small",
        "allocatedStorage": 50,
        "storageType": "gp3",
    }
    single = one("aws", "aws:rds/instance:Instance", inputs, "us-east-1")
    multi = one("aws", "aws:rds/instance:Instance", {**inputs, "multiAz": True}, "us-east-1")
    assert line(multi, "Database instance") == pytest.approx(2 * line(single, "Database instance"))
    assert line(multi, "Storage (gp3") == pytest.approx(2 * line(single, "Storage (gp3"))
    assert line(single, "Database instance") == pytest.approx(
        price("aws", "rds.postgres.db.t4g.small.hour", "us-east-1") * H
    )


def test_rds_matches_infracost_golden_figures() -> None:
    # db_instance_test.golden: postgres db.t3.large Single-AZ $105.85; gp3 400 GB Multi-AZ $92.00
    postgres = one(
        "aws",
        "aws:rds/instance:Instance",
        {"engine": "postgres", "instanceClass": "db.t3.large"},
        "us-east-1",
    )
    assert round(line(postgres, "Database instance"), 2) == 105.85
    gp3 = {"instanceClass": "db.t3.large", "allocatedStorage": 400, "storageType": "gp3", "multiAz": True}
    assert round(line(one("aws", "aws:rds/instance:Instance", gp3, "us-east-1"), "Storage (gp3"), 2) == 92.00


def test_a_read_replica_takes_its_primarys_storage_and_engine() -> None:
    document = {
        "cloud": "aws",
        "region": "us-east-1",
        "resources": [
            {
                "urn": "p",
                "type": "aws:rds/instance:Instance",
                "name": "p",
                "inputs": {
                    "identifier": "db",
                    "engine": "postgres",
                    "instanceClass": "db.t4g.medium",
                    "allocatedStorage": 100,
                    "storageType": "gp3",
                    "multiAz": True,
                },
            },
            {
                "urn": "r",
                "type": "aws:rds/instance:Instance",
                "name": "r",
                "inputs": {
                    "replicateSourceDb": "arn:aws:rds:us-east-1:1:db:db",
                    "instanceClass": "db.t4g.medium",
                },
            },
        ],
    }
    replica = monthly_costs(document)["r"]
    assert line(replica, "Storage (gp3") == pytest.approx(
        100 * price("aws", "rds.storage.gp3.gb_month", "us-east-1")
    )
    assert line(replica, "Database instance") == pytest.approx(
        price("aws", "rds.postgres.db.t4g.medium.hour", "us-east-1") * H
    )


def test_nat_gateways_are_zones_times_the_hourly_price() -> None:
    plan = plan_of("Pulumi.prod.yaml")
    result = estimate(document_of(plan))
    nats = [e for e in result.resources if e.type == "aws:ec2/natGateway:NatGateway"]
    zones = len(plan.of_type("aws:ec2/natGateway:NatGateway"))
    assert zones == 3
    assert sum(line(e, "NAT gateway") for e in nats) == pytest.approx(
        zones * price("aws", "ec2.nat_gateway.hour", "us-east-1") * H
    )
    assert round(line(nats[0], "NAT gateway"), 2) == 32.85  # nat_gateway_test.golden


def test_the_load_balancer_is_its_hours_plus_one_public_address_per_zone() -> None:
    plan = plan_of("Pulumi.prod.yaml")
    (alb,) = plan.of_type("aws:lb/loadBalancer:LoadBalancer")
    item = monthly_costs(plan.document())[alb.urn]
    zones = len(alb.inputs["subnets"])
    expected = (
        price("aws", "elb.application.hour", "us-east-1")
        + zones * price("aws", "ec2.public_ipv4.hour", "us-east-1")
    ) * H
    assert item.fixed == pytest.approx(expected)


def test_fargate_services_cost_tasks_times_vcpu_and_memory_hours() -> None:
    plan = plan_of("Pulumi.prod.yaml")
    costs = monthly_costs(plan.document())
    tasks = {t.inputs["family"]: t.inputs for t in plan.of_type("aws:ecs/taskDefinition:TaskDefinition")}
    services = plan.of_type("aws:ecs/service:Service")
    assert services
    for service in services:
        task = tasks[service.inputs["taskDefinition"].rsplit("/", 1)[1].split(":")[0]]
        (strategy,) = service.inputs["capacityProviderStrategies"]
        prefix = "fargate_spot" if strategy["capacityProvider"] == "FARGATE_SPOT" else "fargate"
        vcpu, gb = int(task["cpu"]) / 1024, int(task["memory"]) / 1024
        count = service.inputs["desiredCount"]
        expected = (
            count
            * H
            * (
                vcpu * price("aws", f"{prefix}.linux_x86.vcpu_hour", "us-east-1")
                + gb * price("aws", f"{prefix}.linux_x86.gb_hour", "us-east-1")
            )
        )
        assert costs[service.urn].fixed == pytest.approx(expected), service.name


def test_fargate_matches_the_infracost_golden() -> None:
    # ecs_service_test.golden: 2 vCPU $59.10, 4 GB $12.98 for one task a month
    assert round(2 * price("aws", "fargate.linux_x86.vcpu_hour", "us-east-1") * H, 2) == 59.10
    assert round(4 * price("aws", "fargate.linux_x86.gb_hour", "us-east-1") * H, 2) == 12.98


def test_spot_and_on_demand_split_by_base_and_weight() -> None:
    document = {
        "cloud": "aws",
        "region": "us-east-1",
        "resources": [
            {
                "urn": "t",
                "type": "aws:ecs/taskDefinition:TaskDefinition",
                "name": "t",
                "inputs": {"family": "app", "cpu": "1024", "memory": "2048"},
            },
            {
                "urn": "s",
                "type": "aws:ecs/service:Service",
                "name": "s",
                "inputs": {
                    "name": "s",
                    "taskDefinition": "arn:aws:ecs:us-east-1:1:task-definition/app:4",
                    "desiredCount": 3,
                    "capacityProviderStrategies": [
                        {"capacityProvider": "FARGATE", "base": 1, "weight": 1},
                        {"capacityProvider": "FARGATE_SPOT", "weight": 1},
                    ],
                },
            },
        ],
    }
    item = monthly_costs(document)["s"]
    on_demand = (
        2
        * H
        * (
            price("aws", "fargate.linux_x86.vcpu_hour", "us-east-1")
            + 2 * price("aws", "fargate.linux_x86.gb_hour", "us-east-1")
        )
    )
    spot = (
        1
        * H
        * (
            price("aws", "fargate_spot.linux_x86.vcpu_hour", "us-east-1")
            + 2 * price("aws", "fargate_spot.linux_x86.gb_hour", "us-east-1")
        )
    )
    assert item.fixed == pytest.approx(on_demand + spot)
    assert "two-minute warning" in item.note


def test_cache_nodes_are_nodes_times_the_node_price() -> None:
    plan = plan_of("Pulumi.prod.yaml")
    (group,) = plan.of_type("aws:elasticache/replicationGroup:ReplicationGroup")
    item = monthly_costs(plan.document())[group.urn]
    nodes, node_type = group.inputs["numCacheClusters"], group.inputs["nodeType"]
    assert nodes == 2
    assert item.fixed == pytest.approx(
        nodes * H * price("aws", f"elasticache.redis.{node_type}.hour", "us-east-1")
    )


def test_elasticache_matches_the_infracost_golden() -> None:
    # elasticache_replication_group_test.golden: 16 cache.m4.large nodes (11,680 h) $1,822.08
    item = one(
        "aws",
        "aws:elasticache/replicationGroup:ReplicationGroup",
        {"nodeType": "cache.m4.large", "numNodeGroups": 4, "replicasPerNodeGroup": 3},
        "us-east-1",
    )
    assert round(line(item, "Cache nodes"), 2) == 1822.08


def test_cloud_sql_matches_the_table_and_the_infracost_golden() -> None:
    # sql_database_instance_test.golden, db-custom-2-7680 regional: vCPUs $120.60, memory $76.65,
    # SSD 10 GB $3.40
    inputs = {
        "settings": {
            "tier": "db-custom-2-7680",
            "availabilityType": "REGIONAL",
            "diskSize": 10,
            "diskType": "PD_SSD",
        }
    }
    item = one("gcp", "gcp:sql/databaseInstance:DatabaseInstance", inputs, "us-central1")
    assert round(line(item, "vCPUs"), 2) == 120.60
    assert round(line(item, "Memory"), 2) == 76.65
    assert round(line(item, "Storage (SSD"), 2) == 3.40
    plan = plan_of("blueprints/karigar/Pulumi.gcp-prod.yaml")
    (db,) = plan.of_type("gcp:sql/databaseInstance:DatabaseInstance")
    settings = db.inputs["settings"]
    cpus, memory = (int(x) for x in settings["tier"].removeprefix("db-custom-").split("-"))
    factor = 2 if settings["availabilityType"] == "REGIONAL" else 1
    expected = (
        factor
        * H
        * (
            cpus * price("gcp", "cloudsql.enterprise.vcpu_hour", "us-east1")
            + memory / 1024 * price("gcp", "cloudsql.enterprise.ram_gb_hour", "us-east1")
        )
    )
    expected += factor * settings["diskSize"] * price("gcp", "cloudsql.storage.ssd.gb_month", "us-east1")
    assert monthly_costs(plan.document())[db.urn].fixed == pytest.approx(expected)


@pytest.mark.parametrize(("tier", "expected"), [("BASIC", 35.77), ("STANDARD_HA", 46.72)])
def test_memorystore_matches_the_infracost_golden(tier: str, expected: float) -> None:
    # redis_instance_test.golden: 1 GB basic M1 $35.77, standard M1 $46.72
    item = one("gcp", "gcp:redis/instance:Instance", {"tier": tier, "memorySizeGb": 1}, "us-central1")
    assert round(item.fixed, 2) == expected


def test_cloud_run_minimum_instances_match_the_infracost_golden() -> None:
    # cloud_run_v2_service_test.golden (europe-west3, Tier 2 like asia-south1): 1 vCPU, 512 Mi, min 2,
    # CPU always allocated: CPU $113.53, memory $6.31
    inputs = {
        "location": "asia-south1",
        "template": {
            "containers": [{"resources": {"cpuIdle": False, "limits": {"cpu": "1", "memory": "512Mi"}}}],
            "scaling": {"minInstanceCount": 2},
        },
    }
    item = one("gcp", "gcp:cloudrunv2/service:Service", inputs, "asia-south1")
    assert round(line(item, "Minimum instances, CPU"), 2) == 113.53
    assert round(line(item, "Minimum instances, memory"), 2) == 6.31


def test_cloud_run_services_of_a_blueprint_against_the_table() -> None:
    plan = plan_of("blueprints/chowkar/Pulumi.gcp-prod.yaml")
    costs = monthly_costs(plan.document())
    for service in plan.of_type("gcp:cloudrunv2/service:Service"):
        (container,) = service.inputs["template"]["containers"]
        cpu = float(container["resources"]["limits"]["cpu"])
        minimum = service.inputs["template"]["scaling"]["minInstanceCount"]
        expected = (
            minimum * cpu * SECONDS_PER_MONTH * price("gcp", "cloudrun.instance.vcpu_second", "asia-south1")
        )
        assert line(costs[service.urn], "Minimum instances, CPU") == pytest.approx(expected)


def test_the_component_roll_up_is_the_sum_of_its_resources() -> None:
    result = estimate_of("Pulumi.prod.yaml")
    document = plan_of("Pulumi.prod.yaml").document()
    parents = {r["urn"]: r["parent"] for r in document["resources"]}
    for component in result.components:

        def under(urn: str | None, target: str = component.urn) -> bool:
            while urn is not None:
                if urn == target:
                    return True
                urn = parents.get(urn)
            return False

        expected = sum(e.monthly for e in result.resources if under(e.component))
        assert component.monthly == pytest.approx(expected), component.name
    top = [c for c in result.components if c.parent not in {x.urn for x in result.components}]
    outside = sum(e.monthly for e in result.resources if e.component is None)
    assert sum(c.monthly for c in top) + outside == pytest.approx(result.monthly)


# -- regional prices added for the ap-south-1, us-east1 and asia-south1 blueprints ---------------------------


def resources_of(stack_file: str, type_: str) -> list[Any]:
    found = plan_of(stack_file).of_type(type_)
    assert found, f"{stack_file} has no {type_}"
    return found


def test_cache_nodes_in_ap_south_1_are_nodes_times_the_mumbai_node_price() -> None:
    plan = plan_of("blueprints/chowkar/Pulumi.staging.yaml")
    costs = monthly_costs(plan.document())
    for group in plan.of_type("aws:elasticache/replicationGroup:ReplicationGroup"):
        engine, node_type = group.inputs.get("engine", "redis"), group.inputs["nodeType"]
        nodes = group.inputs["numCacheClusters"]
        item = costs[group.urn]
        assert item.status == "priced", item.note
        assert line(item, "Cache nodes") == pytest.approx(
            nodes * H * price("aws", f"elasticache.{engine}.{node_type}.hour", "ap-south-1")
        )


def test_elasticache_node_prices_come_from_one_vendor_map_in_every_region() -> None:
    # the map's us-east-1 cache.m4.large is the Infracost golden's $0.156 (elasticache_replication_group_test)
    for region in ("us-east-1", "us-west-2", "ap-south-1", "eu-west-1"):
        for node in ("cache.t4g.small", "cache.t3.small", "cache.r7g.large"):
            redis = AWS.lookup(f"elasticache.redis.{node}.hour", region)
            valkey = AWS.lookup(f"elasticache.valkey.{node}.hour", region)
            assert redis is not None and valkey is not None, (region, node)
            assert redis.source == valkey.source == "aws-elasticache-map" and redis.verified
            assert valkey.price < redis.price, (region, node)


def test_rds_multi_az_in_ap_south_1_reproduces_the_listed_multi_az_price() -> None:
    # db.t4g.small Multi-AZ is listed at $0.084/h and gp3 Multi-AZ at $0.262/GB-month in ap-south-1; the table
    # holds half of each as the Single-AZ price, so the Multi-AZ rule (x2) gives the listed figures back
    plan = plan_of("blueprints/chowkar/Pulumi.prod.yaml")
    (db,) = plan.of_type("aws:rds/instance:Instance")
    assert db.inputs["multiAz"] and db.inputs["instanceClass"] == "db.t4g.small"
    item = monthly_costs(plan.document())[db.urn]
    assert item.status == "priced", item.note
    assert line(item, "Database instance") == pytest.approx(0.084 * H)
    assert line(item, "Storage (gp3") == pytest.approx(0.262 * db.inputs["allocatedStorage"])
    assert line(item, "Database instance") == pytest.approx(
        2 * H * price("aws", "rds.postgres.db.t4g.small.hour", "ap-south-1")
    )


def test_load_balancer_capacity_units_in_ap_south_1() -> None:
    plan = plan_of("blueprints/chowkar/Pulumi.staging.yaml")
    (alb,) = plan.of_type("aws:lb/loadBalancer:LoadBalancer")
    item = monthly_costs(plan.document())[alb.urn]
    lcu = load_usage().sections["load_balancer"]["lcu"]
    assert item.status == "priced"
    assert line(item, "Load balancer capacity units") == pytest.approx(
        lcu * H * price("aws", "elb.application.lcu_hour", "ap-south-1")
    )


def test_s3_buckets_in_ap_south_1_are_usage_times_the_mumbai_prices() -> None:
    defaults = load_usage().sections["bucket"]
    expected = (
        defaults["storage_gb"] * price("aws", "s3.standard.gb_month", "ap-south-1")
        + defaults["put_requests_1k"] * price("aws", "s3.put_requests.1k", "ap-south-1")
        + defaults["get_requests_1k"] * price("aws", "s3.get_requests.1k", "ap-south-1")
    )
    plan = plan_of("blueprints/propflow/Pulumi.staging.yaml")
    costs = monthly_costs(plan.document())
    for bucket in plan.of_type("aws:s3/bucket:Bucket"):
        assert costs[bucket.urn].status == "priced"
        assert costs[bucket.urn].usage == pytest.approx(expected), bucket.name


def test_a_kms_key_costs_one_dollar_a_month_in_every_region() -> None:
    # the KMS pricing page gives one key-storage rate with no regional table
    for region in ("us-east-1", "ap-south-1", "eu-west-1", "sa-east-1"):
        item = one("aws", "aws:kms/key:Key", {}, region)
        assert line(item, "Customer managed key") == pytest.approx(1.0), region
    assert AWS.lookup("kms.key.month", "ap-south-1").verified  # type: ignore[union-attr]


def test_cloudwatch_logs_in_eu_west_1_match_the_infracost_golden() -> None:
    # elastic_beanstalk_environment_test.golden (eu-west-1): 1,000 GB ingested $570.00, archived $30.00
    assert round(1000 * price("aws", "cloudwatch.logs.ingested_gb", "eu-west-1"), 2) == 570.00
    assert round(1000 * price("aws", "cloudwatch.logs.stored_gb_month", "eu-west-1"), 2) == 30.00


def test_memorystore_standard_is_gb_times_the_band_price_times_730() -> None:
    for gb, band in ((1, 1), (5, 2), (20, 3), (50, 4), (150, 5)):
        item = one(
            "gcp", "gcp:redis/instance:Instance", {"tier": "STANDARD_HA", "memorySizeGb": gb}, "us-central1"
        )
        assert item.fixed == pytest.approx(
            gb * price("gcp", f"memorystore.standard.m{band}.gb_hour", "us-central1") * H
        )


def test_cloud_sql_shared_core_db_g1_small_matches_the_infracost_golden() -> None:
    # sql_database_instance_test.golden: db-g1-small zonal $25.55, regional $51.10 (us-central1)
    settings = {"tier": "db-g1-small", "diskSize": 10, "diskType": "PD_SSD"}
    zonal = one("gcp", "gcp:sql/databaseInstance:DatabaseInstance", {"settings": settings}, "us-central1")
    regional = one(
        "gcp",
        "gcp:sql/databaseInstance:DatabaseInstance",
        {"settings": {**settings, "availabilityType": "REGIONAL"}},
        "us-central1",
    )
    assert round(line(zonal, "Instance (db-g1-small"), 2) == 25.55
    assert round(line(regional, "Instance (db-g1-small"), 2) == 51.10


@pytest.mark.parametrize(
    ("stack_file", "region"),
    [
        ("blueprints/karigar/Pulumi.gcp-prod.yaml", "us-east1"),
        ("blueprints/chowkar/Pulumi.gcp-prod.yaml", "asia-south1"),
    ],
)
def test_cloud_storage_buckets_are_usage_times_the_regional_prices(stack_file: str, region: str) -> None:
    defaults = load_usage().sections["bucket"]
    plan = plan_of(stack_file)
    costs = monthly_costs(plan.document())
    for bucket in resources_of(stack_file, "gcp:storage/bucket:Bucket"):
        assert bucket.inputs["location"].lower() == region
        expected = (
            defaults["storage_gb"] * price("gcp", "gcs.standard.gb_month", region)
            + defaults["put_requests_1k"] * price("gcp", "gcs.standard.region.class_a.1k", region)
            + defaults["get_requests_1k"] * price("gcp", "gcs.standard.region.class_b.1k", region)
        )
        assert costs[bucket.urn].status == "priced"
        assert costs[bucket.urn].usage == pytest.approx(expected), bucket.name


def test_a_bucket_is_priced_in_its_own_location_and_a_multi_region_one_is_not_priced() -> None:
    item = one("gcp", "gcp:storage/bucket:Bucket", {"location": "EUROPE-WEST1"}, "asia-south1")
    storage = load_usage().sections["bucket"]["storage_gb"]
    assert line(item, "Storage (Standard") == pytest.approx(
        storage * price("gcp", "gcs.standard.gb_month", "europe-west1")
    )
    multi = one("gcp", "gcp:storage/bucket:Bucket", {"location": "US"}, "us-east1")
    assert multi.status == "not priced" and "multi-region" in multi.note


def test_alerting_policies_are_conditions_times_the_condition_price_plus_time_series() -> None:
    plan = plan_of("blueprints/karigar/Pulumi.gcp-prod.yaml")
    costs = monthly_costs(plan.document())
    usage = load_usage().sections["alert_policy"]
    policies = resources_of(
        "blueprints/karigar/Pulumi.gcp-prod.yaml", "gcp:monitoring/alertPolicy:AlertPolicy"
    )
    for policy in policies:
        conditions = len(policy.inputs["conditions"])
        item = costs[policy.urn]
        assert item.fixed == pytest.approx(
            conditions * price("gcp", "monitoring.alerting.condition.month", "us-east1")
        )
        assert item.usage == pytest.approx(
            conditions
            * usage["time_series_per_condition"]
            * usage["execution_periods"]
            / 1e6
            * price("gcp", "monitoring.alerting.time_series.million", "us-east1")
        )
    # Google's example: 100 conditions on a 30-second period, one series each, $150 + $3.02 a month
    assert 100 * price("gcp", "monitoring.alerting.condition.month", "global") == pytest.approx(150)
    series = 100 * 86_400 / 1e6 * price("gcp", "monitoring.alerting.time_series.million", "global")
    assert round(series, 2) == 3.02


def test_a_log_based_metric_is_its_metric_data_times_the_monitoring_price() -> None:
    (metric,) = resources_of("blueprints/chowkar/Pulumi.gcp-prod.yaml", "gcp:logging/metric:Metric")
    item = monthly_costs(plan_of("blueprints/chowkar/Pulumi.gcp-prod.yaml").document())[metric.urn]
    mib = load_usage().sections["log_metric"]["ingested_mib"]
    assert item.usage == pytest.approx(mib * price("gcp", "monitoring.metric_data.mib", "asia-south1"))
    # monitoring_metric_descriptor_test.golden: 100,000 MB (first 100K) $25,800.00
    assert round(100_000 * price("gcp", "monitoring.metric_data.mib", "global"), 2) == 25_800.00


@pytest.mark.parametrize(
    ("stack_file", "area"),
    [
        ("blueprints/karigar/Pulumi.gcp-prod.yaml", "north_america"),
        ("blueprints/chowkar/Pulumi.gcp-prod.yaml", "asia_pacific"),
    ],
)
def test_cloud_cdn_backends_are_cache_egress_and_lookups_for_viewers_near_the_region(
    stack_file: str, area: str
) -> None:
    plan = plan_of(stack_file)
    costs = monthly_costs(plan.document())
    usage = load_usage().sections["cdn"]
    expected = usage["data_out_gb"] * price("gcp", f"cdn.cache_egress.{area}.gib", "global") + usage[
        "https_requests_10k"
    ] * price("gcp", "cdn.cache_lookup.10k", "global")
    backends = [
        r
        for type_ in ("gcp:compute/backendBucket:BackendBucket", "gcp:compute/backendService:BackendService")
        for r in plan.of_type(type_)
        if r.inputs.get("enableCdn")
    ]
    assert backends
    for backend in backends:
        assert costs[backend.urn].usage == pytest.approx(expected), backend.name


def test_a_line_of_quantity_zero_without_a_price_leaves_the_estimate_complete() -> None:
    """ElastiCache backup storage has no ap-south-1 price; at the default usage (0 GB) it costs nothing, so
    the cache is priced; with a usage above 0 it is partly priced."""
    inputs = {"nodeType": "cache.t4g.small", "numCacheClusters": 1}
    item = one("aws", "aws:elasticache/replicationGroup:ReplicationGroup", inputs, "ap-south-1")
    backup = next(x for x in item.lines if x.name.startswith("Backup storage"))
    assert backup.quantity == 0 and backup.price is None and backup.monthly == 0.0 and not backup.unpriced
    assert item.status == "priced" and item.missing == []
    document = {
        "cloud": "aws",
        "region": "ap-south-1",
        "resources": [
            {
                "urn": "u",
                "type": "aws:elasticache/replicationGroup:ReplicationGroup",
                "name": "cache",
                "custom": True,
                "inputs": inputs,
            }
        ],
    }
    usage = load_usage()
    usage.sections["cache"]["backup_storage_gb"] = 5
    (with_backups,) = estimate(document, usage).resources
    assert with_backups.status == "partly priced"
    assert [x.item for x in with_backups.missing] == ["elasticache.backup.gb_month"]


# -- the unpriced list: short, and each entry with its reason ------------------------------------------------

UNPRICED_REASONS: dict[str, str] = {
    "aws:ec2/instance:Instance": "no sourced EC2 t4g (the staging NAT instance) price for ap-south-1",
    "gcp:cloudrunv2/job:Job": "a migration job bills per second of each run; no executions in the usage file",
    "aws:cloudwatch/metricAlarm:MetricAlarm": "no sourced CloudWatch alarm price for ap-south-1",
    "aws:cloudwatch/logGroup:LogGroup": "no sourced CloudWatch Logs storage price for ap-south-1",
    "aws:ecr/repository:Repository": "no sourced ECR storage price for ap-south-1",
    "aws:rds/instance:Instance": "no sourced PostgreSQL db.t3.small price for ap-south-1",
    "aws:cloudwatch/logDelivery:LogDelivery": "vended log delivery is billed per GB; no price in the table",
    "aws:cloudfront/function:Function": "billed per million invocations; no price in the table",
    "aws:s3/bucketReplicationConfig:BucketReplicationConfig": "cross-region replication transfer; no price",
    "aws:rds/instanceAutomatedBackupsReplication:InstanceAutomatedBackupsReplication": (
        "cross-region backup storage and transfer; no price"
    ),
    "kubernetes:apps/v1:Deployment": "pods run on nodes the cluster provisions at run time",
    "kubernetes:batch/v1:Job": "pods run on nodes the cluster provisions at run time",
    "gcp:monitoring/uptimeCheckConfig:UptimeCheckConfig": "per-execution rate not sourced (free allowance)",
    "gcp:compute/securityPolicy:SecurityPolicy": "no first-party Cloud Armor price could be read",
    "gcp:compute/globalAddress:GlobalAddress": "whether an address held by a forwarding rule is billed",
    "gcp:redis/instance:Instance": "no sourced Memorystore price outside us-central1",
    "gcp:sql/databaseInstance:DatabaseInstance": (
        "no sourced db-g1-small price outside us-central1, nor SSD storage in asia-south1"
    ),
    "gcp:cloudrunv2/service:Service": "no sourced Tier 1 instance-based memory price",
}

AP_SOUTH_1_CLOUDWATCH = ("aws:cloudwatch/metricAlarm:MetricAlarm", "aws:cloudwatch/logGroup:LogGroup")

UNPRICED_BUDGET: dict[str, tuple[int, tuple[str, ...]]] = {
    "Pulumi.prod.yaml": (1, ("aws:cloudwatch/logDelivery:LogDelivery",)),
    "Pulumi.staging.yaml": (1, ("aws:cloudwatch/logDelivery:LogDelivery",)),
    "blueprints/charterflow/Pulumi.prod.yaml": (
        3,
        (
            "aws:cloudwatch/logDelivery:LogDelivery",
            "aws:cloudfront/function:Function",
            "aws:s3/bucketReplicationConfig:BucketReplicationConfig",
        ),
    ),
    "blueprints/charterflow/Pulumi.staging.yaml": (
        2,
        ("aws:cloudwatch/logDelivery:LogDelivery", "aws:cloudfront/function:Function"),
    ),
    "blueprints/chowkar/Pulumi.gcp-prod.yaml": (
        8,
        (
            "gcp:monitoring/uptimeCheckConfig:UptimeCheckConfig",
            "gcp:compute/securityPolicy:SecurityPolicy",
            "gcp:compute/globalAddress:GlobalAddress",
            "gcp:cloudrunv2/job:Job",
            "gcp:redis/instance:Instance",
            "gcp:sql/databaseInstance:DatabaseInstance",
        ),
    ),
    "blueprints/chowkar/Pulumi.gcp-staging.yaml": (
        5,
        (
            "gcp:compute/globalAddress:GlobalAddress",
            "gcp:cloudrunv2/job:Job",
            "gcp:redis/instance:Instance",
            "gcp:sql/databaseInstance:DatabaseInstance",
        ),
    ),
    "blueprints/chowkar/Pulumi.prod.yaml": (
        27,
        (*AP_SOUTH_1_CLOUDWATCH, "aws:ecr/repository:Repository", "aws:cloudwatch/logDelivery:LogDelivery"),
    ),
    "blueprints/chowkar/Pulumi.staging.yaml": (
        24,
        (
            *AP_SOUTH_1_CLOUDWATCH,
            "aws:ecr/repository:Repository",
            "aws:cloudwatch/logDelivery:LogDelivery",
            "aws:ec2/instance:Instance",
        ),
    ),
    "blueprints/karigar/Pulumi.gcp-prod.yaml": (
        10,
        (
            "gcp:monitoring/uptimeCheckConfig:UptimeCheckConfig",
            "gcp:compute/securityPolicy:SecurityPolicy",
            "gcp:compute/globalAddress:GlobalAddress",
            "gcp:cloudrunv2/job:Job",
            "gcp:redis/instance:Instance",
            "gcp:cloudrunv2/service:Service",
        ),
    ),
    "blueprints/karigar/Pulumi.gcp-staging.yaml": (
        5,
        (
            "gcp:compute/globalAddress:GlobalAddress",
            "gcp:cloudrunv2/job:Job",
            "gcp:redis/instance:Instance",
            "gcp:sql/databaseInstance:DatabaseInstance",
        ),
    ),
    "blueprints/karigar/Pulumi.k8s-prod.yaml": (
        4,
        (
            "kubernetes:apps/v1:Deployment",
            "kubernetes:batch/v1:Job",
            "aws:rds/instanceAutomatedBackupsReplication:InstanceAutomatedBackupsReplication",
        ),
    ),
    "blueprints/karigar/Pulumi.prod.yaml": (
        3,
        (
            "aws:cloudwatch/logDelivery:LogDelivery",
            "aws:cloudfront/function:Function",
            "aws:rds/instanceAutomatedBackupsReplication:InstanceAutomatedBackupsReplication",
        ),
    ),
    "blueprints/karigar/Pulumi.staging.yaml": (
        2,
        ("aws:cloudwatch/logDelivery:LogDelivery", "aws:cloudfront/function:Function"),
    ),
    "blueprints/nestjs-api/Pulumi.k8s-staging.yaml": (
        2,
        ("kubernetes:apps/v1:Deployment", "kubernetes:batch/v1:Job"),
    ),
    "blueprints/nestjs-api/Pulumi.prod.yaml": (
        1,
        ("aws:rds/instanceAutomatedBackupsReplication:InstanceAutomatedBackupsReplication",),
    ),
    "blueprints/nestjs-api/Pulumi.staging.yaml": (0, ()),
    "blueprints/propflow/Pulumi.prod.yaml": (
        38,
        (*AP_SOUTH_1_CLOUDWATCH, "aws:ecr/repository:Repository", "aws:rds/instance:Instance"),
    ),
    "blueprints/propflow/Pulumi.staging.yaml": (
        36,
        (
            *AP_SOUTH_1_CLOUDWATCH,
            "aws:ecr/repository:Repository",
            "aws:rds/instance:Instance",
            "aws:ec2/instance:Instance",
        ),
    ),
}


def test_every_stack_file_declares_its_unpriced_budget_with_reasons() -> None:
    assert sorted(UNPRICED_BUDGET) == sorted(str(f) for f in STACK_FILES)
    for _, types in UNPRICED_BUDGET.values():
        assert set(types) <= set(UNPRICED_REASONS), set(types) - set(UNPRICED_REASONS)


@pytest.mark.parametrize("stack_file", STACK_FILES, ids=str)
def test_the_unpriced_list_stays_within_its_budget_and_its_reasons(stack_file: Path) -> None:
    most, allowed = UNPRICED_BUDGET[str(stack_file)]
    result = estimate_of(stack_file)
    unpriced = result.not_priced
    found = sorted({e.type for e in unpriced})
    assert len(unpriced) <= most, (
        f"{stack_file}: {len(unpriced)} resources not priced, budget {most}: "
        + "; ".join(f"{e.type} {e.name}" for e in unpriced)
    )
    assert set(found) <= set(allowed), (
        f"{stack_file}: newly unpriced types {sorted(set(found) - set(allowed))}"
    )
    for item in unpriced:
        assert item.note or item.missing, f"{stack_file}: {item.type} {item.name} not priced without a reason"
    # only the GCP gaps (Cloud Armor, uptime checks, a migration job …) and usage-billed types remain
    # outside ap-south-1
    if result.region != "ap-south-1":
        assert len(unpriced) <= 10, stack_file


# -- usage ---------------------------------------------------------------------------------------------------


def test_a_usage_file_changes_only_the_usage_dependent_figures(tmp_path: Path) -> None:
    document = plan_of("Pulumi.staging.yaml").document()
    default = estimate(document)
    path = tmp_path / "usage.yaml"
    path.write_text(
        "nat_gateway:\n  data_processed_gb: 1000\nresources:\n  shopfront-uploads:\n    storage_gb: 500\n"
    )
    custom = estimate(document, load_usage([path]))
    assert custom.fixed == pytest.approx(default.fixed)
    nat_gb = price("aws", "ec2.nat_gateway.gb", "us-east-1")
    s3_gb = price("aws", "s3.standard.gb_month", "us-east-1")
    defaults = load_usage()
    nats = len([e for e in default.resources if e.type == "aws:ec2/natGateway:NatGateway"])
    expected = nats * (1000 - defaults.sections["nat_gateway"]["data_processed_gb"]) * nat_gb
    expected += (500 - defaults.sections["bucket"]["storage_gb"]) * s3_gb
    assert custom.usage - default.usage == pytest.approx(expected)
    changed = {e.name for e, d in zip(custom.resources, default.resources, strict=True) if e.usage != d.usage}
    assert changed == {"shopfront-uploads"} | {
        e.name for e in default.resources if e.type == "aws:ec2/natGateway:NatGateway"
    }


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("nat_gatway:\n  data_processed_gb: 1\n", "did you mean 'nat_gateway'"),
        ("nat_gateway:\n  data_processd_gb: 1\n", "did you mean 'data_processed_gb'"),
        ("bucket:\n  storage_gb: -1\n", "not a number ≥ 0"),
        ("- 1\n", "a usage file is a mapping"),
    ],
)
def test_a_bad_usage_file_is_refused_with_its_problem(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "usage.yaml"
    path.write_text(text)
    with pytest.raises(UsageError, match=re.escape(message)):
        load_usage([path])


def test_a_usage_entry_for_a_resource_the_stack_lacks_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "usage.yaml"
    path.write_text("resources:\n  no-such-bucket:\n    storage_gb: 5\n")
    with pytest.raises(UsageError, match="no-such-bucket: no resource of that name"):
        estimate(plan_of("Pulumi.staging.yaml").document(), load_usage([path]))
    path.write_text("resources:\n  shopfront-uploads:\n    lcu: 5\n")
    with pytest.raises(
        UsageError, match=re.escape("shopfront-uploads.lcu: no resource named shopfront-uploads reads lcu")
    ):
        estimate(plan_of("Pulumi.staging.yaml").document(), load_usage([path]))


def test_a_resource_entry_reaches_every_resource_of_that_name_by_its_own_keys(tmp_path: Path) -> None:
    """`shopfront-access-logs` is a bucket, a log group and a log delivery: each takes its own keys."""
    document = plan_of("Pulumi.staging.yaml").document()
    path = tmp_path / "usage.yaml"
    path.write_text("resources:\n  shopfront-access-logs:\n    storage_gb: 100\n    ingested_gb: 10\n")
    default, custom = estimate(document), estimate(document, load_usage([path]))
    changed = {
        (e.type, e.name): e.usage - d.usage
        for e, d in zip(custom.resources, default.resources, strict=True)
        if e.usage != d.usage
    }
    defaults = load_usage().sections
    assert changed == {
        ("aws:s3/bucket:Bucket", "shopfront-access-logs"): pytest.approx(
            (100 - defaults["bucket"]["storage_gb"]) * price("aws", "s3.standard.gb_month", "us-east-1")
        ),
        ("aws:cloudwatch/logGroup:LogGroup", "shopfront-access-logs"): pytest.approx(
            (10 - defaults["log_group"]["ingested_gb"])
            * price("aws", "cloudwatch.logs.ingested_gb", "us-east-1")
        ),
    }


def test_every_usage_key_is_read_by_some_rule() -> None:
    cost = ROOT / "stacks" / "cost"
    files = [*sorted(cost.glob("aws/*.py")), *sorted(cost.glob("gcp/*.py")), cost / "kubernetes.py"]
    source = "".join(path.read_text() for path in files)
    for section, keys in load_usage().sections.items():
        assert f'"{section}"' in source, section
        for key in keys:
            assert f'"{key}"' in source, f"{section}.{key}"


# -- profiles: staging is far cheaper than prod --------------------------------------------------------------


def systems() -> list[tuple[Path, Path]]:
    pairs = []
    for staging in STACK_FILES:
        match = re.fullmatch(r"Pulumi\.((?:[a-z0-9]+-)?)staging\.yaml", staging.name)
        if match:
            prod = staging.with_name(f"Pulumi.{match.group(1)}prod.yaml")
            if (ROOT / prod).exists():
                pairs.append((staging, prod))
    return pairs


def test_every_system_with_both_profiles_is_paired() -> None:
    assert len(systems()) >= 8


@pytest.mark.parametrize(("staging", "prod"), systems(), ids=lambda p: str(p))
def test_staging_costs_far_less_than_prod(staging: Path, prod: Path) -> None:
    low, high = estimate_of(staging), estimate_of(prod)
    assert low.fixed < high.fixed and low.monthly < high.monthly
    assert low.monthly <= 0.6 * high.monthly, (
        f"{staging}: ${low.monthly:.2f} against {prod}: ${high.monthly:.2f}"
    )


# -- schedules -----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("expression", "runs"),
    [
        ("cron(0 3 * * ? *)", 365 / 12),
        ("cron(0/15 * * * ? *)", 4 * 24 * 365 / 12),
        ("cron(0 9 ? * MON-FRI *)", 5 * 365 / 12 / 7),
        ("rate(6 hours)", H / 6),
        ("rate(1 day)", H / 24),
        ("at(2030-01-01T00:00:00)", 0),
    ],
)
def test_schedule_expressions_become_runs_a_month(expression: str, runs: float) -> None:
    assert runs_per_month(expression) == pytest.approx(runs)


# -- the command and the plan's summary line -----------------------------------------------------------------


def test_stackyard_cost_prints_a_table_and_a_total(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(ROOT)
    assert cli.main(["cost", "staging"]) == 0
    text = capsys.readouterr().out
    total = estimate_of("Pulumi.staging.yaml")
    assert f"Fixed:            {'$' + format(total.fixed, ',.2f'):>12} a month" in text
    assert "aws:ec2/instance:Instance  shopfront-nat-us-east-1a" in text  # the staging NAT instance
    assert "Not modelled: free tiers" in text


def test_stackyard_cost_json_reports_resources_components_and_totals(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(ROOT)
    assert cli.main(["cost", "--config-file", "blueprints/chowkar/Pulumi.staging.yaml", "--json"]) == 0
    document = json.loads(capsys.readouterr().out)
    assert document["region"] == "ap-south-1" and document["currency"] == "USD"
    assert document["total"]["monthly"] == pytest.approx(
        document["total"]["fixed"] + document["total"]["usage"]
    )
    assert sum(r["monthly"] for r in document["resources"]) == pytest.approx(document["total"]["monthly"])
    assert {r["status"] for r in document["resources"]} <= {"priced", "partly priced", "not priced", "free"}
    assert len(document["notPriced"]) == len(
        [r for r in document["resources"] if r["status"] in ("not priced", "partly priced")]
    )
    assert all(n["reason"] for n in document["notPriced"])


def test_stackyard_cost_exits_2_on_a_bad_usage_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(ROOT)
    path = tmp_path / "usage.yaml"
    path.write_text("nat_gateway:\n  gigabytes: 3\n")
    assert cli.main(["cost", "staging", "--usage", str(path)]) == 2
    assert "nat_gateway.gigabytes: not a nat_gateway key" in capsys.readouterr().err


def test_the_plan_text_ends_with_the_monthly_estimate_before_the_counts() -> None:
    plan = plan_of("Pulumi.staging.yaml")
    lines = plan.text().splitlines()
    total = estimate(document_of(plan))
    assert lines[-2] == ""
    assert lines[-3].startswith(
        f"Estimated cost: ${total.fixed:,.2f} a month fixed + ${total.usage:,.2f} usage-dependent"
    )
    assert re.fullmatch(r"\d+ resources: \d+ cloud resources in \d+ components; .*", lines[-1])


def test_monthly_costs_gives_each_cloud_resource_by_urn() -> None:
    document = plan_of("Pulumi.staging.yaml").document()
    costs = monthly_costs(document)
    custom = {r["urn"] for r in document["resources"] if r["custom"]}
    assert set(costs) == custom
    assert sum(c.monthly for c in costs.values()) == pytest.approx(estimate(document).monthly)


def test_the_region_comes_from_the_plan() -> None:
    by_file: dict[str, Callable[[], str | None]] = {
        "Pulumi.staging.yaml": lambda: estimate_of("Pulumi.staging.yaml").region,
        "blueprints/propflow/Pulumi.prod.yaml": lambda: (
            estimate_of("blueprints/propflow/Pulumi.prod.yaml").region
        ),
        "blueprints/chowkar/Pulumi.gcp-staging.yaml": lambda: (
            estimate_of("blueprints/chowkar/Pulumi.gcp-staging.yaml").region
        ),
    }
    assert {name: region() for name, region in by_file.items()} == {
        "Pulumi.staging.yaml": "us-east-1",
        "blueprints/propflow/Pulumi.prod.yaml": "ap-south-1",
        "blueprints/chowkar/Pulumi.gcp-staging.yaml": "asia-south1",
    }


# -- the README's table of estimates -------------------------------------------------------------------------

README = ROOT / "README.md"
TABLE = re.compile(
    r"<!-- cost table: generated by (?P<command>[^>]*?) -->\n(?P<table>.*?)<!-- end of cost table -->", re.S
)


def cost_table() -> str:
    rows = [
        "| stack file | region | fixed | usage-dependent | total | not priced |",
        "|---|---|---:|---:|---:|---:|",
    ]
    for stack_file in STACK_FILES:
        result = estimate_of(stack_file)
        rows.append(
            f"| `{stack_file}` | {result.region} | {result.fixed:,.2f} | {result.usage:,.2f} | "
            f"{result.monthly:,.2f} | {len(result.not_priced)} |"
        )
    return "\n".join(rows) + "\n"


def test_the_readme_table_of_estimates_is_current() -> None:
    text = README.read_text()
    found = TABLE.search(text)
    assert found, "README.md lost its cost table markers"
    expected = cost_table()
    if os.environ.get("STACKYARD_UPDATE_COST_TABLE"):
        README.write_text(text[: found.start("table")] + expected + text[found.end("table") :])
        return
    assert found.group("table") == expected, f"README.md's cost table is stale; run: {found.group('command')}"


# -- staging beside the same app on awsx's defaults (issue #17) ----------------------------------------------

AWSX = ANCHORS["awsx"]


def anchored_estimate(stack_file: str) -> StackEstimate:
    """What `stackyard cost STACK --compare awsx` sets beside the stack: the same app on awsx's defaults."""
    source = anchored(stack_source(stack_file, released(stack_file)), AWSX)
    return estimate(document_of(plan_cache.shared_render(source, MAIN)))


def test_the_awsx_anchor_differs_from_the_stack_only_where_awsx_defaults_do() -> None:
    source = anchored(stack_source("Pulumi.staging.yaml", released("Pulumi.staging.yaml")), AWSX)
    plan = plan_cache.shared_render(source, MAIN)
    mine = plan_of("Pulumi.staging.yaml", released("Pulumi.staging.yaml"))
    # awsx.ec2.Vpc: three zones, a NAT gateway in each; stackyard's staging: one NAT instance.
    assert len(plan.of_type("aws:ec2/natGateway:NatGateway")) == 3
    assert (
        len(mine.of_type("aws:ec2/natGateway:NatGateway")),
        len(mine.of_type("aws:ec2/instance:Instance")),
    ) == (
        0,
        1,
    )
    # Fargate on-demand, X86_64, in the anchor; the database at least db.t4g.small.
    for task in plan.of_type("aws:ecs/taskDefinition:TaskDefinition"):
        assert task.inputs.get("runtimePlatform", {}).get("cpuArchitecture", "X86_64") == "X86_64"
    for service in plan.of_type("aws:ecs/service:Service"):
        providers = [s["capacityProvider"] for s in service.inputs.get("capacityProviderStrategies", [])]
        assert "FARGATE_SPOT" not in providers, service.name
    (database,) = plan.of_type("aws:rds/instance:Instance")
    assert database.inputs["instanceClass"] == "db.t4g.small"
    # What awsx does not decide stays the stack's: the same services, buckets, cache and alarms.
    for type_ in (
        "aws:ecs/service:Service",
        "aws:s3/bucket:Bucket",
        "aws:cloudwatch/metricAlarm:MetricAlarm",
    ):
        assert sorted(r.name for r in plan.of_type(type_)) == sorted(r.name for r in mine.of_type(type_))


def test_the_root_staging_costs_at_most_40_percent_of_the_same_app_on_awsx_defaults() -> None:
    mine, anchor = estimate_of("Pulumi.staging.yaml"), anchored_estimate("Pulumi.staging.yaml")
    assert mine.fixed <= 0.40 * anchor.fixed, (mine.fixed, anchor.fixed)
    # The anchor's NAT gateways alone: 3 x (hourly x 730), the figure a reviewer can check by hand.
    nat = [e for e in anchor.resources if e.type == "aws:ec2/natGateway:NatGateway"]
    hourly = price("aws", "ec2.nat_gateway.hour", "us-east-1")
    assert sum(line(e, "NAT gateway") for e in nat) == pytest.approx(3 * hourly * H, abs=0.01)


def test_cost_compare_prints_the_share_and_refuses_what_it_cannot_compare(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(ROOT)
    assert cli.main(["cost", "staging", "--compare", "awsx", "--json"]) == 0
    document = json.loads(capsys.readouterr().out)
    anchor = anchored_estimate("Pulumi.staging.yaml")
    assert document["comparison"]["fixed"] == pytest.approx(anchor.fixed, abs=0.01)
    assert document["comparison"]["fixedShare"] == pytest.approx(
        document["total"]["fixed"] / anchor.fixed, 1e-3
    )
    assert document["pricedAsReleased"] == ["api", "nightly-report", "worker"]
    gcp = ["cost", "--config-file", "blueprints/karigar/Pulumi.gcp-staging.yaml", "--compare", "awsx"]
    assert cli.main(gcp) == 2
    assert "--compare awsx: compares aws stacks" in capsys.readouterr().err


ANCHOR_TABLE = re.compile(
    r"<!-- anchor table: generated by (?P<command>[^>]*?) -->\n(?P<table>.*?)<!-- end of anchor table -->",
    re.S,
)


def anchor_table() -> str:
    rows = [
        "| stack file | stackyard: fixed | same app on awsx defaults: fixed | share |",
        "|---|---:|---:|---:|",
    ]
    for stack_file in ("Pulumi.staging.yaml", "Pulumi.prod.yaml"):
        mine, anchor = estimate_of(stack_file), anchored_estimate(stack_file)
        rows.append(
            f"| `{stack_file}` | {mine.fixed:,.2f} | {anchor.fixed:,.2f} | {mine.fixed / anchor.fixed:.1%} |"
        )
    return "\n".join(rows) + "\n"


def test_the_readme_comparison_with_awsx_is_current() -> None:
    text = README.read_text()
    found = ANCHOR_TABLE.search(text)
    assert found, "README.md lost its anchor table markers"
    expected = anchor_table()
    if os.environ.get("STACKYARD_UPDATE_COST_TABLE"):
        README.write_text(text[: found.start("table")] + expected + text[found.end("table") :])
        return
    assert found.group("table") == expected, (
        f"README.md's awsx comparison is stale; run: {found.group('command')}"
    )
