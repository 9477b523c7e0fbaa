"""components.gcp.Vpc: custom-mode network, planned subnets, Private Service Access, Cloud NAT, firewall."""

from __future__ import annotations

import ipaddress
import re
from typing import Any, cast

import pulumi
import pulumi_gcp as gcp
import pytest

from components.cidr import subnet_cidr
from components.gcp.vpc import Vpc, VpcArgs
from stacks.mocks import RecordingMonitor, Registration, StackyardMocks
from tests.conftest import of_type
from tests.docexamples import run_docstring_example

NETWORK = "gcp:compute/network:Network"
SUBNET = "gcp:compute/subnetwork:Subnetwork"
FIREWALL = "gcp:compute/firewall:Firewall"
ADDRESS = "gcp:compute/globalAddress:GlobalAddress"
CONNECTION = "gcp:servicenetworking/connection:Connection"
PEERING_ROUTES = "gcp:compute/networkPeeringRoutesConfig:NetworkPeeringRoutesConfig"
ROUTER = "gcp:compute/router:Router"
NAT = "gcp:compute/routerNat:RouterNat"
PROJECT = "stackyard-mock-project"
RFC1035 = re.compile(r"^[a-z]([-a-z0-9]*[a-z0-9])?$")
OUTPUTS = (
    "vpc_id",
    "network_name",
    "network_self_link",
    "cidr_block",
    "private_subnet_ids",
    "private_subnet_self_links",
    "serverless_subnet_id",
    "serverless_subnet_name",
    "private_service_range_name",
    "private_network_id",
    "router_name",
    "nat_name",
)


def build(args: VpcArgs, name: str = "net") -> dict[str, Any]:
    """Create a Vpc under mocks; return its resolved outputs."""
    resolved: dict[str, Any] = {}

    @pulumi.runtime.test
    def program() -> pulumi.Output:
        vpc = Vpc(name, args)
        return pulumi.Output.all(**{key: getattr(vpc, key) for key in OUTPUTS}).apply(resolved.update)

    program()
    assert resolved, "the Vpc's outputs never resolved"
    return resolved


def lookups(monitor: RecordingMonitor) -> list[str]:
    """The tokens of the functions the program called."""
    return [token for token, _ in cast(StackyardMocks, monitor.mocks).calls]


def subnets(monitor: RecordingMonitor) -> dict[str, Registration]:
    """Subnets by logical name suffix ("private", "serverless")."""
    return {s.name.rsplit("-", 1)[1]: s for s in of_type(monitor, SUBNET)}


def firewalls(monitor: RecordingMonitor) -> dict[str, Registration]:
    return {f.inputs["name"]: f for f in of_type(monitor, FIREWALL)}


def test_network_is_custom_mode_and_keeps_the_default_route(monitor: RecordingMonitor) -> None:
    out = build({})
    (network,) = of_type(monitor, NETWORK)
    assert network.inputs["name"] == "net"
    assert network.inputs["autoCreateSubnetworks"] is False
    assert network.inputs["routingMode"] == "REGIONAL"
    assert network.inputs["deleteDefaultRoutesOnCreate"] is False  # Cloud NAT needs the internet route
    assert out["vpc_id"] == network.id == f"projects/{PROJECT}/global/networks/net"
    assert out["network_name"] == "net"
    assert out["network_self_link"] == network.state["selfLink"]
    assert out["network_self_link"].endswith(f"/projects/{PROJECT}/global/networks/net")
    assert out["cidr_block"] == "10.0.0.0/16"


def test_routing_mode_can_be_global(monitor: RecordingMonitor) -> None:
    build({"routing_mode": "GLOBAL"})
    (network,) = of_type(monitor, NETWORK)
    assert network.inputs["routingMode"] == "GLOBAL"


def test_both_subnets_are_private_with_google_access_and_flow_logs(monitor: RecordingMonitor) -> None:
    out = build({})
    found = subnets(monitor)
    assert set(found) == {"private", "serverless"}
    for subnet in found.values():
        assert subnet.inputs["network"] == out["vpc_id"]
        assert subnet.inputs["region"] == "us-central1"  # the provider's region, from getClientConfig
        assert subnet.inputs["privateIpGoogleAccess"] is True
        assert subnet.inputs["purpose"] == "PRIVATE"
        assert subnet.inputs["stackType"] == "IPV4_ONLY"
        assert subnet.inputs["logConfig"] == {
            "aggregationInterval": "INTERVAL_5_SEC",
            "flowSampling": 0.5,
            "metadata": "INCLUDE_ALL_METADATA",
        }
    assert found["private"].inputs["ipCidrRange"] == "10.0.0.0/20"
    assert found["serverless"].inputs["ipCidrRange"] == "10.0.16.0/20"
    assert out["private_subnet_ids"] == [found["private"].id]
    assert found["private"].id == f"projects/{PROJECT}/regions/us-central1/subnetworks/net-private"
    assert out["private_subnet_self_links"] == [found["private"].state["selfLink"]]
    assert out["serverless_subnet_id"] == found["serverless"].id
    assert out["serverless_subnet_name"] == "net-serverless"
    assert "gcp:organizations/getClientConfig:getClientConfig" in lookups(monitor)


def test_flow_logs_can_be_sampled_less_or_turned_off(monitor: RecordingMonitor) -> None:
    @pulumi.runtime.test
    def program() -> None:
        Vpc("sampled", {"flow_log_sampling": 0.1})
        Vpc("quiet", {"flow_logs": False})

    program()
    by_network = {s.inputs["name"]: s for s in of_type(monitor, SUBNET)}
    assert by_network["sampled-private"].inputs["logConfig"]["flowSampling"] == 0.1
    assert by_network["sampled-serverless"].inputs["logConfig"]["flowSampling"] == 0.1
    assert "logConfig" not in by_network["quiet-private"].inputs
    assert "logConfig" not in by_network["quiet-serverless"].inputs


def test_an_explicit_region_is_used_without_a_lookup(monitor: RecordingMonitor) -> None:
    build({"region": "europe-west8"})
    assert {s.inputs["region"] for s in of_type(monitor, SUBNET)} == {"europe-west8"}
    (router,) = of_type(monitor, ROUTER)
    (nat,) = of_type(monitor, NAT)
    assert router.inputs["region"] == nat.inputs["region"] == "europe-west8"
    assert "gcp:organizations/getClientConfig:getClientConfig" not in lookups(monitor)


@pytest.mark.parametrize(
    ("cidr", "private", "serverless", "psa"),
    [
        ("10.0.0.0/16", "10.0.0.0/20", "10.0.16.0/20", "10.0.192.0/18"),
        ("172.16.0.0/18", "172.16.0.0/22", "172.16.4.0/22", "172.16.48.0/20"),
        ("192.168.16.0/20", "192.168.16.0/24", "192.168.17.0/24", "192.168.28.0/22"),
    ],
)
def test_ranges_are_planned_deterministically_and_never_overlap(
    monitor: RecordingMonitor, cidr: str, private: str, serverless: str, psa: str
) -> None:
    @pulumi.runtime.test
    def program() -> None:
        Vpc("first", {"cidr_block": cidr})
        Vpc("second", {"cidr_block": cidr})

    program()

    def ranges(vpc: str) -> tuple[str, str, str]:
        by_name = {s.inputs["name"]: s.inputs["ipCidrRange"] for s in of_type(monitor, SUBNET)}
        (address,) = [a for a in of_type(monitor, ADDRESS) if a.inputs["name"] == f"{vpc}-psa"]
        psa_range = f"{address.inputs['address']}/{address.inputs['prefixLength']}"
        return by_name[f"{vpc}-private"], by_name[f"{vpc}-serverless"], psa_range

    assert ranges("first") == ranges("second") == (private, serverless, psa)
    assert (private, serverless) == (subnet_cidr(cidr, "private", 0), subnet_cidr(cidr, "private", 1))
    planned = [ipaddress.IPv4Network(r) for r in (private, serverless, psa)]
    assert all(r.subnet_of(ipaddress.IPv4Network(cidr)) for r in planned)
    assert not any(a.overlaps(b) for i, a in enumerate(planned) for b in planned[i + 1 :])
    # the PSA range is the last quarter, which components.cidr gives to no tier
    for tier in ("private", "public", "isolated"):
        for index in range(8):
            assert not planned[2].overlaps(ipaddress.IPv4Network(subnet_cidr(cidr, tier, index)))


def test_private_service_cidr_can_be_overridden(monitor: RecordingMonitor) -> None:
    build({"private_service_cidr": "10.60.0.0/16"})
    (address,) = of_type(monitor, ADDRESS)
    assert (address.inputs["address"], address.inputs["prefixLength"]) == ("10.60.0.0", 16)


def test_private_service_access_range_and_connection(monitor: RecordingMonitor) -> None:
    out = build({"labels": {"team": "web"}})
    (address,) = of_type(monitor, ADDRESS)
    assert address.inputs["name"] == out["private_service_range_name"] == "net-psa"
    assert address.inputs["purpose"] == "VPC_PEERING"
    assert address.inputs["addressType"] == "INTERNAL"
    assert (address.inputs["address"], address.inputs["prefixLength"]) == ("10.0.192.0", 18)
    assert address.inputs["network"] == out["vpc_id"]
    assert address.inputs["labels"] == {"team": "web", "managed-by": "stackyard"}
    (connection,) = of_type(monitor, CONNECTION)
    assert connection.inputs["service"] == "servicenetworking.googleapis.com"
    assert connection.inputs["network"] == out["vpc_id"]
    assert connection.inputs["reservedPeeringRanges"] == [address.state["name"]]
    assert address.urn in connection.dependencies
    assert connection.inputs["deletionPolicy"] == "ABANDON"
    (routes,) = of_type(monitor, PEERING_ROUTES)
    assert routes.inputs["peering"] == "servicenetworking-googleapis-com"
    assert routes.inputs["network"] == "net"
    assert routes.inputs["importCustomRoutes"] is False and routes.inputs["exportCustomRoutes"] is False
    assert connection.urn in routes.dependencies


def test_private_network_id_waits_for_the_peering(monitor: RecordingMonitor) -> None:
    resolved: dict[str, Any] = {}

    @pulumi.runtime.test
    def program() -> pulumi.Output:
        vpc = Vpc("net", {})
        # Stands in for a Cloud SQL instance or Memorystore: anything given private_network_id.
        gcp.compute.GlobalAddress("consumer", network=vpc.private_network_id, purpose="VPC_PEERING")
        return pulumi.Output.all(net=vpc.private_network_id, vpc=vpc.vpc_id).apply(resolved.update)

    program()
    (connection,) = of_type(monitor, CONNECTION)
    (consumer,) = [a for a in of_type(monitor, ADDRESS) if a.name == "consumer"]
    assert connection.urn in consumer.dependencies
    assert resolved["net"] == connection.state["network"] == resolved["vpc"]


def test_components_are_placed_by_what_they_are(monitor: RecordingMonitor) -> None:
    """`Vpc.database`, `.cache`, `.serverless` and `.private` spread into the real components: Cloud SQL and
    Memorystore get the PSA-connected network and range (and wait for the peering), Cloud Run its direct
    VPC egress subnet, the cluster the workload subnet."""
    from components.gcp import ContainerService, KubernetesCluster, ManagedPostgres, RedisCache

    @pulumi.runtime.test
    def program() -> None:
        net = Vpc("net", {})
        ManagedPostgres("db", {**net.database})
        RedisCache("cache", {**net.cache})
        ContainerService("api", {**net.serverless, "port": 8000})
        KubernetesCluster("gke", {**net.private})

    program()
    (connection,) = of_type(monitor, CONNECTION)
    (network,) = of_type(monitor, NETWORK)
    (psa,) = [a for a in of_type(monitor, ADDRESS) if a.inputs.get("purpose") == "VPC_PEERING"]
    network_id = network.id
    (instance,) = of_type(monitor, "gcp:sql/databaseInstance:DatabaseInstance")
    assert instance.inputs["settings"]["ipConfiguration"]["privateNetwork"] == network_id
    assert instance.inputs["settings"]["ipConfiguration"]["allocatedIpRange"] == psa.inputs["name"]
    (redis,) = of_type(monitor, "gcp:redis/instance:Instance")
    assert redis.inputs["authorizedNetwork"] == network_id
    assert redis.inputs["reservedIpRange"] == psa.inputs["name"]
    for data in (instance, redis):
        assert connection.urn in data.dependencies  # through private_network_id: after the peering
    subnet = subnets(monitor)
    (service,) = of_type(monitor, "gcp:cloudrunv2/service:Service")
    (interface,) = service.inputs["template"]["vpcAccess"]["networkInterfaces"]
    assert interface == {"network": network_id, "subnetwork": subnet["serverless"].id}
    (cluster,) = of_type(monitor, "gcp:container/cluster:Cluster")
    assert (cluster.inputs["network"], cluster.inputs["subnetwork"]) == (
        network_id,
        subnet["private"].id,
    )


def test_deny_all_ingress_rule_closes_the_network(monitor: RecordingMonitor) -> None:
    out = build({})
    deny = firewalls(monitor)["net-deny-all-ingress"]
    assert deny.inputs["network"] == out["vpc_id"]
    assert deny.inputs["direction"] == "INGRESS"
    assert deny.inputs["priority"] == 65534
    assert deny.inputs["sourceRanges"] == ["0.0.0.0/0"]
    assert deny.inputs["denies"] == [{"protocol": "all"}]
    assert "allows" not in deny.inputs


@pytest.mark.parametrize("args", [{}, {"iap_ssh": True}, {"health_check_ports": [8000, 22]}])
def test_no_ingress_allow_rule_is_open_to_the_world(monitor: RecordingMonitor, args: VpcArgs) -> None:
    build(args)
    allows = [f for f in of_type(monitor, FIREWALL) if f.inputs.get("allows")]
    assert allows
    for rule in allows:
        assert rule.inputs["direction"] == "INGRESS"
        assert not {"0.0.0.0/0", "::/0"} & set(rule.inputs["sourceRanges"])
        assert rule.inputs["targetTags"]  # never every instance of the network
        assert rule.inputs["logConfig"] == {"metadata": "INCLUDE_ALL_METADATA"}
        assert rule.inputs["priority"] < 65534
    denies = [f for f in of_type(monitor, FIREWALL) if f.inputs.get("denies")]
    assert len(denies) == 1 and len(allows) + len(denies) == len(of_type(monitor, FIREWALL))


def test_health_checks_reach_only_tagged_backends_on_the_given_ports(monitor: RecordingMonitor) -> None:
    @pulumi.runtime.test
    def program() -> None:
        Vpc("default", {})
        Vpc("custom", {"health_check_ports": [8000, 443, 8000]})
        Vpc("none", {"health_check_ports": []})

    program()
    rules = firewalls(monitor)
    check = rules["default-allow-health-checks"]
    assert sorted(check.inputs["sourceRanges"]) == ["130.211.0.0/22", "35.191.0.0/16"]
    assert check.inputs["targetTags"] == ["lb-backend"]
    assert check.inputs["allows"] == [{"protocol": "tcp", "ports": ["80", "443", "8080"]}]
    assert rules["custom-allow-health-checks"].inputs["allows"] == [
        {"protocol": "tcp", "ports": ["443", "8000"]}
    ]
    assert "none-allow-health-checks" not in rules and "none-deny-all-ingress" in rules


def test_iap_ssh_rule_only_when_asked(monitor: RecordingMonitor) -> None:
    @pulumi.runtime.test
    def program() -> None:
        Vpc("closed", {})
        Vpc("open", {"iap_ssh": True})

    program()
    rules = firewalls(monitor)
    assert not any(n.startswith("closed-") and "ssh" in n for n in rules)
    ssh = rules["open-allow-iap-ssh"]
    assert ssh.inputs["sourceRanges"] == ["35.235.240.0/20"]
    assert ssh.inputs["targetTags"] == ["iap-ssh"]
    assert ssh.inputs["allows"] == [{"protocol": "tcp", "ports": ["22"]}]
    assert ssh.inputs["direction"] == "INGRESS"


def test_cloud_nat_logs_errors_and_uses_automatic_addresses(monitor: RecordingMonitor) -> None:
    out = build({})
    (router,) = of_type(monitor, ROUTER)
    (nat,) = of_type(monitor, NAT)
    assert router.inputs["network"] == out["vpc_id"] and router.inputs["region"] == "us-central1"
    assert nat.inputs["router"] == router.state["name"] == out["router_name"] == "net-router"
    assert nat.inputs["name"] == out["nat_name"] == "net-nat"
    assert nat.inputs["region"] == "us-central1"
    assert nat.inputs["natIpAllocateOption"] == "AUTO_ONLY"
    assert nat.inputs["sourceSubnetworkIpRangesToNat"] == "ALL_SUBNETWORKS_ALL_IP_RANGES"
    assert nat.inputs["logConfig"] == {"enable": True, "filter": "ERRORS_ONLY"}
    assert nat.inputs["enableEndpointIndependentMapping"] is False
    assert nat.inputs["minPortsPerVm"] == 64


def test_no_nat_creates_no_router(monitor: RecordingMonitor) -> None:
    out = build({"nat": False})
    assert of_type(monitor, ROUTER) == [] and of_type(monitor, NAT) == []
    assert out["router_name"] == "" and out["nat_name"] == ""
    assert len(of_type(monitor, CONNECTION)) == 1  # Private Service Access does not depend on NAT


def test_every_child_is_parented_to_the_component(monitor: RecordingMonitor) -> None:
    build({"iap_ssh": True})
    (component,) = of_type(monitor, "stackyard-gcp:index:Vpc")
    assert component.urn == "urn:pulumi:test::stackyard::stackyard-gcp:index:Vpc::net"
    children = [r for r in monitor.registrations.values() if r.custom]
    assert len(children) == 11 and all(r.parent == component.urn for r in children)


def physical_names(monitor: RecordingMonitor) -> dict[str, str]:
    """Resource type and logical name -> the explicit GCP name of every named child."""
    return {
        f"{r.type}::{r.name}": r.inputs["name"]
        for r in monitor.registrations.values()
        if r.custom and r.type not in (CONNECTION, PEERING_ROUTES)
    }


@pytest.mark.parametrize("length", [40, 62])
def test_physical_names_fit_gcp_limits_and_are_stable(monitor: RecordingMonitor, length: int) -> None:
    name = ("application-name-for-limits-" * 3)[: length - 1] + "z"
    assert len(name) == length
    build({"iap_ssh": True}, name=name)
    names = physical_names(monitor)
    # network, 2 subnets, 3 firewall rules, the PSA range, router, NAT
    assert len(names) == 9 and len(set(names.values())) == 9
    assert all(len(n) <= 63 and RFC1035.match(n) for n in names.values()), names
    if length == 40:  # short enough to stay readable: no hash
        assert all(n.startswith(name) for n in names.values())
    monitor.registrations.clear()
    build({"iap_ssh": True}, name=name)
    assert physical_names(monitor) == names  # deterministic: no random suffix, nothing replaced on `up`


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            {"cidr_block": "10.0.0.0/24"},
            "Vpc cidr_block 10.0.0.0/24 is not allowed; use a prefix from /16 to /20",
        ),
        (
            {"cidr_block": "10.0.0.0/8"},
            "Vpc cidr_block 10.0.0.0/8 is not allowed; use a prefix from /16 to /20",
        ),
        ({"cidr_block": "ten"}, "Vpc cidr_block 'ten' is not allowed; use an IPv4 CIDR block"),
        ({"routing_mode": "global"}, "Vpc routing_mode 'global' is not allowed; use one of REGIONAL, GLOBAL"),
        ({"flow_log_sampling": 0}, r"Vpc flow_log_sampling 0 is not allowed; use a number > 0 and <= 1"),
        ({"flow_log_sampling": 1.5}, r"Vpc flow_log_sampling 1.5 is not allowed"),
        (
            {"health_check_ports": [0, 80]},
            r"Vpc health_check_ports \[0\] is not allowed; use TCP ports from 1",
        ),
        ({"health_check_ports": [70000]}, r"Vpc health_check_ports \[70000\] is not allowed"),
        (
            {"private_service_cidr": "10.0.8.0/21"},
            r"Vpc private_service_cidr 10.0.8.0/21 is not allowed; it overlaps",
        ),
        (
            {"private_service_cidr": "10.60.0.0/25"},
            "Vpc private_service_cidr 10.60.0.0/25 is not allowed; use a /24",
        ),
        ({"private_service_cidr": "10.60.0.1/16"}, "Vpc private_service_cidr '10.60.0.1/16' is not allowed"),
        (
            {"region": "Europe West"},
            "Vpc region 'Europe West' is not allowed; use a region name like us-central1",
        ),
    ],
)
def test_bad_arguments_raise_clear_errors(monitor: RecordingMonitor, args: VpcArgs, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        Vpc("bad", args)
    assert monitor.registrations == {}  # checked before anything is registered, the component included


def test_docstring_example_runs(monitor: RecordingMonitor) -> None:
    run_docstring_example(Vpc)
    assert {s.inputs["ipCidrRange"] for s in of_type(monitor, SUBNET)} == {"10.20.0.0/20", "10.20.16.0/20"}
    assert "shop-allow-iap-ssh" in firewalls(monitor)
    assert len(of_type(monitor, CONNECTION)) == 1
