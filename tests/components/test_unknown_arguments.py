"""Every exported component, on every cloud, refuses an unknown or misspelled argument key (nested keys
included) with one ValueError that names the component, the key and the closest valid key, before anything
is registered; with the component's own value checks reported in the same error (issue #15)."""

from __future__ import annotations

import asyncio
from typing import Any

import pulumi
import pytest
from pulumi.runtime.stack import wait_for_rpcs

import components.aws as aws_components
import components.gcp as gcp_components
import components.k8s as k8s_components
from components.checks import _fields, unknown_keys
from stacks.mocks import RecordingMonitor
from tests.components.test_docstring_examples import COMPONENTS

SUBNETS = ["subnet-0a1b2c3d4e5f60718", "subnet-0f1e2d3c4b5a69788"]
AWS_NETWORK = {"vpc_id": "vpc-0a1b2c3d4e5f60718", "subnet_ids": SUBNETS}
GCP_NETWORK = "projects/shop-prod/global/networks/shop"
SERVICE = {
    **AWS_NETWORK,
    "cluster_arn": "arn:aws:ecs:us-east-1:123456789012:cluster/shop",
    "cluster_name": "shop",
}
ROUTE = {
    "host": "api.shop.example.com",
    "backend_service_id": "projects/shop-prod/global/backendServices/api",
}

# (component, minimal valid args, a misspelling of one of its real optional arguments, that argument)
CASES: list[tuple[type, dict[str, Any], str, str]] = [
    (aws_components.Alarms, {"emails": ["ops@example.com"]}, "emials", "emails"),
    (aws_components.Bucket, {}, "forcedestroy", "force_destroy"),
    (aws_components.CdnSite, {}, "webacl", "web_acl"),
    (aws_components.Cluster, {"vpc_id": "vpc-0a1b2c3d4e5f60718"}, "exec_loging", "exec_logging"),
    (aws_components.ContainerService, SERVICE, "max_cuont", "max_count"),
    (aws_components.KubernetesCluster, AWS_NETWORK, "deletion_protetion", "deletion_protection"),
    (
        aws_components.LoadBalancer,
        {**AWS_NETWORK, "domain": "shop.example.com"},
        "idle_timeout_second",
        "idle_timeout_seconds",
    ),
    (aws_components.ManagedPostgres, AWS_NETWORK, "multiaz", "multi_az"),
    (aws_components.RedisCache, AWS_NETWORK, "maxmemorypolicy", "maxmemory_policy"),
    (
        aws_components.Secrets,
        {"values": {"API_KEY": "example"}},
        "recovery_window_days",
        "recovery_window_in_days",
    ),
    (
        aws_components.ServiceDistribution,
        {
            "vpc_origin_id": "vo_0123456789abcdefghijkl",
            "origin_domain_name": "internal-shop.elb.amazonaws.com",
        },
        "price_clas",
        "price_class",
    ),
    (aws_components.Vpc, {}, "zone_cout", "zone_count"),
    (gcp_components.Alarms, {"emails": ["ops@example.com"]}, "uptme", "uptime"),
    (gcp_components.Bucket, {}, "expire_day", "expire_days"),
    (gcp_components.CdnSite, {"domain": "shop.example.com"}, "cache_ttl_second", "cache_ttl_seconds"),
    (gcp_components.ContainerService, {}, "min_cout", "min_count"),
    (
        gcp_components.KubernetesCluster,
        {"network": GCP_NETWORK, "subnetwork": "projects/shop-prod/regions/us-central1/subnetworks/shop"},
        "kubernetes_verison",
        "kubernetes_version",
    ),
    (gcp_components.LoadBalancer, {"routes": [ROUTE]}, "dnszone", "dns_zone"),
    (
        gcp_components.ManagedPostgres,
        {"network_id": GCP_NETWORK},
        "deletionprotection",
        "deletion_protection",
    ),
    (gcp_components.ProjectServices, {"services": ["run.googleapis.com"]}, "projet", "project"),
    (gcp_components.RedisCache, {"network_id": GCP_NETWORK}, "high_availabilty", "high_availability"),
    (gcp_components.Secrets, {"values": {"API_KEY": "example"}}, "prefx", "prefix"),
    (gcp_components.SecurityPolicy, {}, "rate_limits", "rate_limit"),
    (gcp_components.Vpc, {}, "iapssh", "iap_ssh"),
    (k8s_components.AppNamespace, {}, "partof", "part_of"),
    (
        k8s_components.ContainerService,
        {"namespace": "shop", "image": "ghcr.io/shop/api:1.4.2"},
        "cpu_percnt",
        "cpu_percent",
    ),
]


def case_id(value: object) -> str:
    if isinstance(value, type):
        return f"{value.__module__.split('.')[1]}.{value.__name__}"
    return str(value) if isinstance(value, str) else ""


def args_type(component: type) -> type:
    return getattr(__import__(component.__module__, fromlist=["_"]), f"{component.__name__}Args")


def registered(monitor: RecordingMonitor) -> list[str]:
    """What reached the monitor once every pending registration has run (so none hides in the queue), apart
    from the root stack, which the mocks register."""
    asyncio.get_event_loop().run_until_complete(asyncio.wait_for(wait_for_rpcs(), timeout=30))
    assert any(r.type == "pulumi:pulumi:Stack" for r in monitor.registrations.values())
    return [urn for urn, r in monitor.registrations.items() if r.type != "pulumi:pulumi:Stack"]


def test_every_exported_component_has_a_case() -> None:
    assert {case_id(c) for c, *_ in CASES} == {case_id(c) for _, c in COMPONENTS}


@pytest.mark.parametrize(("component", "args", "typo", "key"), CASES, ids=case_id)
def test_a_misspelled_argument_is_refused_with_the_closest_one(
    monitor: RecordingMonitor, component: type, args: dict[str, Any], typo: str, key: str
) -> None:
    name = component.__name__
    with pytest.raises(ValueError) as raised:
        component("shop", {**args, typo: True})
    # Exactly one problem: the minimal args pass the component's own checks, which run too.
    assert str(raised.value) == f"{name}: `{typo}` is not an argument of {name}; did you mean `{key}`?"
    assert registered(monitor) == []


@pytest.mark.parametrize(("component", "args", "typo", "key"), CASES, ids=case_id)
def test_args_that_are_not_a_dict_are_refused(
    monitor: RecordingMonitor, component: type, args: dict[str, Any], typo: str, key: str
) -> None:
    name = component.__name__
    with pytest.raises(
        ValueError, match=rf"^{name} args \[.*\] is not allowed; use a dict of {name}'s argum"
    ):
        component("shop", [args])
    assert registered(monitor) == []


def test_the_minimal_args_build_the_component(monitor: RecordingMonitor) -> None:
    """The cases' args are valid as they are: only the misspelling is refused."""

    @pulumi.runtime.test
    def program() -> None:
        for component, args, _, _ in CASES:
            component(f"ok-{component.__name__.lower()}", dict(args))

    program()
    types = {r.type for r in monitor.registrations.values()}
    for component, *_ in CASES:
        assert f"stackyard-{component.__module__.split('.')[1]}:index:{component.__name__}" in types


def test_a_key_with_no_close_match_lists_the_valid_keys() -> None:
    (problem,) = unknown_keys("Secrets", {"values": {}, "zzzz": 1}, aws_components.SecretsArgs)
    assert problem == (
        "`zzzz` is not an argument of Secrets; use one of kms_key_id, own_key, path, physical_name, "
        "recovery_window_in_days, tags, values"
    )


def test_a_misspelled_key_of_the_container_service_load_balancer_is_refused(
    monitor: RecordingMonitor,
) -> None:
    load_balancer = {
        "listener_arn": "arn:aws:elasticloadbalancing:us-east-1:123456789012:listener/app/shop/0123/4567",
        "security_group_id": "sg-0123456789abcdef0",
        "priority": 10,
        "host": ["api.shop.example.com"],
    }
    with pytest.raises(ValueError) as raised:
        aws_components.ContainerService("api", {**SERVICE, "port": 8000, "load_balancer": load_balancer})
    assert str(raised.value) == (
        "ContainerService: `load_balancer.host` is not an argument of ContainerService; did you mean "
        "`load_balancer.hosts`?"
    )
    assert registered(monitor) == []


def test_misspelled_keys_of_the_aws_alarms_nested_args_are_all_refused(monitor: RecordingMonitor) -> None:
    args = {
        "emails": ["ops@example.com"],
        "load_balancer": {
            "arn_suffix": "app/shop/0123456789abcdef",
            "target_groups": [
                {"name": "api", "arn_suffix": "targetgroup/shop-api/0123456789abcdef"},
                {"name": "web", "arn_suffix": "targetgroup/shop-web/0123456789abcdef", "arnsuffix": "x"},
            ],
        },
        "services": [{"name": "api", "cluster_name": "shop", "service_name": "shop-api", "cpu_percnt": 70}],
        "database": {"identifier": "shop-db", "allocated_storage_gb": 20, "max_conections": 200},
    }
    with pytest.raises(ValueError) as raised:
        aws_components.Alarms("shop", args)
    assert str(raised.value).splitlines() == [
        "Alarms: 3 problems with its arguments:",
        "- `load_balancer.target_groups[1].arnsuffix` is not an argument of Alarms; did you mean "
        "`load_balancer.target_groups[1].arn_suffix`?",
        "- `services[0].cpu_percnt` is not an argument of Alarms; did you mean `services[0].cpu_percent`?",
        "- `database.max_conections` is not an argument of Alarms; did you mean `database.max_connections`?",
    ]
    assert registered(monitor) == []


def test_a_misspelled_key_of_a_gcp_load_balancer_route_is_refused(monitor: RecordingMonitor) -> None:
    routes = [
        ROUTE,
        {**ROUTE, "host": "search.shop.example.com", "path": ["/search/*"]},
    ]
    with pytest.raises(ValueError) as raised:
        gcp_components.LoadBalancer("edge", {"routes": routes})
    assert str(raised.value) == (
        "LoadBalancer: `routes[1].path` is not an argument of LoadBalancer; did you mean `routes[1].paths`?"
    )
    assert registered(monitor) == []


def test_two_unknown_keys_and_a_bad_value_are_reported_together(monitor: RecordingMonitor) -> None:
    args = {**AWS_NETWORK, "multiaz": False, "backup_retention": 3, "allocated_storage_gb": 5}
    with pytest.raises(ValueError) as raised:
        aws_components.ManagedPostgres("db", args)
    lines = str(raised.value).splitlines()
    assert lines[0] == "ManagedPostgres: 3 problems with its arguments:"
    assert lines[1].startswith("- ManagedPostgres allocated_storage_gb 5 is not allowed")
    assert lines[2:] == [
        "- `multiaz` is not an argument of ManagedPostgres; did you mean `multi_az`?",
        "- `backup_retention` is not an argument of ManagedPostgres; did you mean `backup_retention_days`?",
    ]
    assert registered(monitor) == []


def test_checks_written_inline_in_init_are_reported_with_the_unknown_keys(monitor: RecordingMonitor) -> None:
    with pytest.raises(ValueError) as raised:
        gcp_components.Vpc("net", {"routing_mode": "LOCAL", "iapssh": True})
    assert str(raised.value).splitlines() == [
        "Vpc: 2 problems with its arguments:",
        "- `iapssh` is not an argument of Vpc; did you mean `iap_ssh`?",
        "- Vpc routing_mode 'LOCAL' is not allowed; use one of REGIONAL, GLOBAL",
    ]
    assert registered(monitor) == []


def test_a_value_check_alone_still_raises_its_own_message(monitor: RecordingMonitor) -> None:
    with pytest.raises(ValueError, match=r"^ManagedPostgres allocated_storage_gb 5 is not allowed"):
        aws_components.ManagedPostgres("db", {**AWS_NETWORK, "allocated_storage_gb": 5})
    assert registered(monitor) == []


def test_outputs_are_not_looked_into(monitor: RecordingMonitor) -> None:
    lb = pulumi.Output.from_input({"listener_arn": "arn", "bogus": 1})
    assert unknown_keys("ContainerService", {"load_balancer": lb}, aws_components.ContainerServiceArgs) == []


def test_every_nested_args_type_resolves() -> None:
    """Each Args TypedDict's annotations (pulumi.Input's forward reference included) resolve, so the nested
    keys are checked rather than skipped; and the nested types are found where they are expected."""
    seen: set[type] = set()

    def walk(typed_dict: type) -> None:
        if typed_dict in seen:
            return
        seen.add(typed_dict)
        for shape in _fields(typed_dict).values():
            while shape is not None:
                for inner in shape.typed:
                    walk(inner)
                shape = shape.items or shape.values

    for _, component in COMPONENTS:
        walk(args_type(component))
    names = {t.__name__ for t in seen}
    assert {"ServiceLoadBalancer", "TargetGroupAlarmArgs", "LoadBalancerRoute", "EgressRule"} <= names
