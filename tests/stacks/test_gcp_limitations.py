"""stacks.gcp_limitations: a gcp stack file that Google Cloud would refuse gets one line per problem, with
the full key path, before anything is created (and what it accepts passes)."""

from __future__ import annotations

import json
from typing import Any

import pytest

from stacks.config import load_stack_config
from stacks.errors import ConfigError
from stacks.gcp_limitations import problems as gcp_problems

APP = "stackyard:app"


def gcp(environment: str = "staging", region: str = "europe-west1", **app: Any) -> dict[str, Any]:
    return {
        "stackyard:cloud": "gcp",
        "stackyard:environment": environment,
        "gcp:project": "shop-project",
        "gcp:region": region,
        "stackyard:app": {"name": "shop", "domain": "shop.example.com", **app},
    }


def load(values: dict[str, Any]) -> Any:
    wire = {k: json.dumps(v) if isinstance(v, (dict, list)) else v for k, v in values.items()}
    return load_stack_config(wire, set())


def problems(values: dict[str, Any]) -> list[str]:
    with pytest.raises(ConfigError) as caught:
        load(values)
    return caught.value.problems


def test_nothing_to_report_without_sections() -> None:
    assert gcp_problems({}, {"services": {}}) == []


# -- the network and Cloud SQL's Docker bridge range -------------------------------------------------------


def test_a_network_in_the_docker_bridge_range_is_refused() -> None:
    assert problems(gcp(network={"cidr": "172.17.0.0/16"})) == [
        f"{APP}.network.cidr: 172.17.0.0/16 is the range Cloud SQL reserves for the Docker bridge network "
        "(an instance with an address there is unreachable, and connections from there to its private IP "
        "fail); use a range outside 172.17.0.0/16, e.g. 10.0.0.0/16"
    ]


def test_a_neighbouring_network_is_accepted() -> None:
    assert load(gcp(network={"cidr": "172.18.0.0/16"})).app.network.cidr == "172.18.0.0/16"


# -- Cloud Run Direct VPC egress addresses -----------------------------------------------------------------


def services(count: int, max_instances: int) -> dict[str, Any]:
    return {f"api{i}": {"port": 8080, "cpu": 1, "scale": {"max": max_instances}} for i in range(count)}


def test_more_instances_than_a_small_networks_egress_subnet_holds_are_refused() -> None:
    found = problems(gcp(network={"cidr": "10.0.0.0/20"}, services=services(4, 40)))
    assert found == [
        f"{APP}.services: 160 instances need about 320 addresses of the Direct VPC egress subnet "
        "10.0.1.0/24, which has 252 (Cloud Run takes about 2 per instance, in blocks of 16); use fewer "
        "instances, or a larger network so that the subnet grows (the services' scale.max and the workers' "
        "scale.min; network.cidr)"
    ]


def test_workers_count_their_instances_and_jobs_one_task() -> None:
    app = {
        "network": {"cidr": "10.0.0.0/20"},
        "services": {
            **services(1, 40),  # 80 addresses
            "worker": {"scale": {"min": 80, "max": 80}},  # 160: 240 in all, of 252
            "nightly": {"schedule": "0 3 * * *"},  # one block of 16: 256
        },
    }
    (found,) = problems(gcp(**app))
    assert found.startswith(f"{APP}.services: 121 instances need about 256 addresses")
    del app["services"]["nightly"]
    assert load(gcp(**app)).app.network.cidr == "10.0.0.0/20"


def test_the_default_network_holds_large_services() -> None:
    assert len(load(gcp(services=services(4, 400))).app.services) == 4  # 3200 of 4092 (a /20)


# -- the load balancers' URL maps --------------------------------------------------------------------------


def public(**spec: Any) -> dict[str, Any]:
    return {"port": 8080, "public": True, **spec}


def test_an_alb_style_path_pattern_is_refused() -> None:
    assert problems(gcp(services={"api": public(paths=["/api*"])})) == [
        f"{APP}.services.api.paths: '/api*' is not allowed; use a path starting with / with at most one * at "
        'the very end after a / (e.g. "/*", "/api/*", "/health"), no ? or #'
    ]


def test_the_sites_api_path_follows_the_same_pattern_rule() -> None:
    (found,) = problems(gcp(services={"api": public()}, site={"api_service": "api", "api_path": "/api*"}))
    assert found.startswith(f"{APP}.site.api_path: '/api*' is not allowed; use a path starting with /")


def test_one_host_routes_each_path_pattern_once() -> None:
    host = "www.shop.example.com"
    found = problems(gcp(services={"web": public(host=host), "api": public(host=host)}))
    assert found == [
        f"{APP}.services.api.paths: ['/*'] is not allowed; host {host} already routes /* (each path pattern "
        "goes to one backend)"
    ]
    shared = {"web": public(host=host), "api": public(host=host, paths=["/api/*"])}
    assert load(gcp(services=shared, site={"api_service": "api"})).app.site.api_path == "/api/*"


def test_at_most_15_public_hosts() -> None:
    found = problems(gcp(services={f"api{i}": public() for i in range(16)}))
    assert found == [
        f"{APP}.services: the public services take 16 hosts; at most 15 are allowed (one certificate each, "
        "the target HTTPS proxy's limit)"
    ]
    assert len(load(gcp(services={f"api{i}": public() for i in range(15)})).app.services) == 15


# -- Cloud SQL: the components' own checks, with the stack file's key paths --------------------------------


def test_a_custom_machine_type_cloud_sql_does_not_offer_is_refused() -> None:
    (found,) = problems(gcp(database={"size": "db-custom-3-7680"}))
    assert found.startswith(
        f"{APP}.database.size: 'db-custom-3-7680' is not allowed with edition ENTERPRISE; use db-f1-micro"
    )


@pytest.mark.parametrize("size", ["small", "db-g1-small", "db-custom-2-7680", "db-custom-4-8192"])
def test_machine_types_cloud_sql_offers_are_accepted(size: str) -> None:
    assert load(gcp(database={"size": size})).app.database.size == size


@pytest.mark.parametrize(
    ("parameters", "message"),
    [
        ({"log_connections": "off"}, "log_connections 'off' is not allowed; use 'on' (audit logging is"),
        ({"cloudsql.iam_authentication": "off"}, "cloudsql.iam_authentication 'off' is not allowed with"),
        ({"Max Connections": "100"}, "'Max Connections': '100' is not allowed; use Cloud SQL flag names"),
    ],
)
def test_database_flags_the_stack_keeps_or_cannot_name_are_refused(
    parameters: dict[str, str], message: str
) -> None:
    (found,) = problems(gcp(database={"parameters": parameters}))
    assert found.startswith(f"{APP}.database.parameters: {message}")


def test_database_flags_are_accepted() -> None:
    parameters = {"max_connections": "200", "log_min_duration_statement": "500"}
    assert load(gcp(database={"parameters": parameters})).app.database.parameters == parameters


# -- Memorystore for Redis ---------------------------------------------------------------------------------


def test_a_cache_beyond_memorystores_capacity_is_refused() -> None:
    assert problems(gcp(cache={"size": "500"})) == [
        f"{APP}.cache.size: 500 GB is not a Memorystore for Redis capacity; use 1 to 300"
    ]


@pytest.mark.parametrize(
    ("cache", "message"),
    [
        ({"parameters": {"appendonly": "yes"}}, "'appendonly' is not allowed; use configs Memorystore"),
        ({"size": "5", "parameters": {"maxmemory-gb": "6"}}, "maxmemory-gb '6' is not allowed; use a number"),
        ({"parameters": {"activedefrag": "on"}}, "activedefrag 'on' is not allowed; use yes or no"),
    ],
)
def test_redis_configs_memorystore_refuses_are_reported(cache: dict[str, Any], message: str) -> None:
    (found,) = problems(gcp(cache=cache))
    assert found.startswith(f"{APP}.cache.parameters: {message}")


def test_maxmemory_policy_in_parameters_is_reported_once() -> None:
    assert problems(gcp(cache={"parameters": {"maxmemory-policy": "allkeys-lru"}})) == [
        f"{APP}.cache.parameters.maxmemory-policy: set it with cache.eviction instead"
    ]


@pytest.mark.parametrize(
    "cache",
    [
        {"size": "300"},
        {"size": "medium", "parameters": {"maxmemory-gb": "4", "notify-keyspace-events": "Ex"}},
        {"version": "7.0", "parameters": {"lazyfree-lazy-eviction": "yes"}},
    ],
)
def test_caches_memorystore_takes_are_accepted(cache: dict[str, Any]) -> None:
    assert load(gcp(cache=cache)).app.cache is not None


# -- Cloud Storage dual-regions ----------------------------------------------------------------------------


def test_a_replication_region_outside_the_regions_dual_region_area_is_refused() -> None:
    (found,) = problems(gcp(buckets={"uploads": {"replication_region": "us-east1"}}))
    assert found.startswith(
        f"{APP}.buckets.uploads.replication_region: 'us-east1' is not allowed with gcp:region "
        "'europe-west1'; use two regions of the same configurable dual-region area (US: us-central1"
    )


def test_a_pair_cloud_storage_offers_only_as_a_predefined_dual_region_is_refused() -> None:
    values = gcp(region="us-central1", buckets={"uploads": {"replication_region": "us-east1"}})
    assert problems(values) == [
        f"{APP}.buckets.uploads.replication_region: us-east1 with gcp:region us-central1 is only Cloud "
        "Storage's predefined dual-region NAM4, not a configurable one; use another region of the same area"
    ]


@pytest.mark.parametrize(
    ("region", "replica"),
    [("europe-west1", "europe-west9"), ("us-east1", "us-west1"), ("asia-south1", "asia-south2")],
)
def test_configurable_dual_regions_are_accepted(region: str, replica: str) -> None:
    config = load(gcp(region=region, buckets={"uploads": {"replication_region": replica}}))
    assert config.app.buckets["uploads"].replication_region == replica
