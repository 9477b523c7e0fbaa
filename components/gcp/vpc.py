"""`Vpc`: a private Google Cloud network for one region: a custom-mode VPC with a workload subnet and a
Cloud Run direct-VPC-egress subnet, Private Service Access for Cloud SQL and Memorystore, Cloud NAT, and
a firewall baseline that lets nothing in from the internet."""

import ipaddress
import re
from typing import TypedDict

import pulumi
import pulumi_gcp as gcp

from ..checks import refuse_unknown_keys
from ..cidr import MAX_PREFIX, MIN_PREFIX, subnet_cidr
from ..naming import physical_base, physical_name
from . import vpc_firewall
from .limitations import cloud_sql_docker_bridge, require

ROUTING_MODES = ("REGIONAL", "GLOBAL")
PSA_SERVICE = "servicenetworking.googleapis.com"
# The name Google gives the VPC peering that a servicenetworking.googleapis.com connection creates.
PSA_PEERING = "servicenetworking-googleapis-com"
# Cloud SQL: "The minimum size is a single /24 block, but the recommended size is a /16 block"
# (cloud.google.com/sql/docs/postgres/private-ip, "Allocated range size").
PSA_MAX_PREFIX = 24


class VpcArgs(TypedDict, total=False):
    cidr_block: str
    """IPv4 range the subnets are planned from, /16 to /20. Default "10.0.0.0/16". The workload subnet is
    the `private` tier's first block (10.0.0.0/20 of a /16), the Cloud Run egress subnet its second
    (10.0.16.0/20), and the Private Service Access range the last quarter (10.0.192.0/18), which
    `components.cidr` keeps free for this. It must not overlap 172.17.0.0/16, which Cloud SQL reserves for
    the Docker bridge network."""
    private_service_cidr: str | None
    """Range reserved for Private Service Access (Cloud SQL, Memorystore private IPs), /24 or larger, not
    overlapping the subnets nor 172.17.0.0/16. Default None: the last quarter of `cidr_block`."""
    region: pulumi.Input[str] | None
    """Region of the subnets, router and NAT, e.g. "europe-west8". Default None: the provider's region."""
    nat: bool
    """Cloud Router + Cloud NAT so private instances and Cloud Run egress reach the internet. Default
    True. Cloud NAT is regional and already zone-redundant, so AWS's "single" / "per-zone" choice does not
    exist here."""
    flow_logs: bool
    """VPC flow logs on both subnets (5-second aggregation, all metadata). Default True."""
    flow_log_sampling: float
    """Fraction of flows logged, more than 0 and at most 1. Default 0.5."""
    iap_ssh: bool
    """Allow SSH (TCP 22) from IAP TCP forwarding (35.235.240.0/20) to instances tagged "iap-ssh".
    Default False."""
    health_check_ports: list[int]
    """TCP ports Google's health checkers (35.191.0.0/16, 130.211.0.0/22) may reach on instances tagged
    "lb-backend". Default [80, 443, 8080]; [] creates no health-check rule."""
    routing_mode: str
    """Network routing mode: "REGIONAL" or "GLOBAL" (Cloud Routers advertise subnets of every region).
    Default "REGIONAL"."""
    labels: dict[str, str]
    """Labels on the resources that take them (only the Private Service Access address: networks,
    subnets, firewalls, routers and NAT have none), plus managed-by: stackyard. Default {}."""
    physical_name: str
    """The base of the physical names of this component's cloud resources (the network `<physical_name>`,
    its subnets, firewall rules, Private Service Access range, router and NAT). Default: the component's
    name. Give each stack its own (e.g. "shop-staging") so that two stacks in one project never collide,
    while the logical names, and so the URNs, stay the same. 1-63 lowercase letters, digits and hyphens,
    starting with a letter. Changing it on a deployed stack replaces the network."""


class SubnetSelection(TypedDict):
    """Where a workload goes in a Vpc: the network and one subnet, as `Vpc.private` (clusters) and
    `Vpc.serverless` (Cloud Run direct VPC egress) give them (CDK's `SubnetSelection`; the AWS Vpc's tiers).
    Spread it into the arguments of a component that takes `network` and `subnetwork`:
    `ContainerService("api", {**net.serverless, "port": 8000})`. A network of your own is given the same
    two keys directly."""

    network: pulumi.Input[str]
    subnetwork: pulumi.Input[str]


class DatabasePlacement(TypedDict):
    """Where Cloud SQL goes in a Vpc (`Vpc.database`): the network as the Private Service Access connection
    reports it and the PSA range, for `ManagedPostgres`."""

    network_id: pulumi.Input[str]
    allocated_ip_range: pulumi.Input[str]


class CachePlacement(TypedDict):
    """Where Memorystore goes in a Vpc (`Vpc.cache`): the network as the Private Service Access connection
    reports it and the PSA range, for `RedisCache`."""

    network_id: pulumi.Input[str]
    reserved_ip_range: pulumi.Input[str]


class Vpc(pulumi.ComponentResource):
    """A custom-mode VPC for one region, private by default.

    - Two subnets with Private Google Access and flow logs: `private` for workloads and `serverless` for
      Cloud Run direct VPC egress, planned deterministically from `cidr_block` (`components.cidr`).
    - Private Service Access: a VPC_PEERING range (the last quarter of `cidr_block`) and the
      servicenetworking connection that Cloud SQL and Memorystore use for their private IPs. The
      connection is abandoned, not deleted, on destroy (Cloud SQL keeps using the peering for days after
      an instance is deleted, so deleting it fails); remove the peering with `gcloud services
      vpc-peerings delete` before deleting the network itself.
    - **Use `private_network_id`, not `vpc_id`, for Cloud SQL's `private_network` and Memorystore's
      `authorized_network`**: it is read from the servicenetworking connection, so whatever takes it
      waits until the peering exists.
    - Cloud Router + Cloud NAT (automatic addresses, every subnet range, error logging). Cloud NAT is a
      regional, zone-redundant service: one gateway serves every zone. The network keeps its default
      internet route, which Cloud NAT and Private Google Access need.
    - Firewall: an explicit deny-all ingress (priority 65534), Google's health checks to instances tagged
      "lb-backend", and SSH from IAP to instances tagged "iap-ssh" only with `iap_ssh`.

    Resource names are explicit (`<physical_name>`, `<physical_name>-private`, `-serverless`, `-psa`,
    `-router`, `-nat`, `-deny-all-ingress` …, shortened with a hash beyond 63 characters): stable and
    readable, with no random suffix, so two Vpcs with the same `physical_name` (default: the component name)
    in one project collide. Give each stack sharing a project its own `physical_name`.

    Example:

        net = Vpc("shop", {"cidr_block": "10.20.0.0/16", "iap_ssh": True})
        pulumi.export("privateNetworkId", net.private_network_id)

    Components are placed by what they are rather than by loose ids: `{**net.database, ...}` for
    `ManagedPostgres`, `{**net.cache, ...}` for `RedisCache` (both in the Private Service Access range, the
    counterpart of the AWS Vpc's isolated tier), `{**net.serverless, ...}` for a `ContainerService` and
    `{**net.private, ...}` for a `KubernetesCluster`.
    """

    vpc_id: pulumi.Output[str]
    """The network id, `projects/<project>/global/networks/<name>`."""
    network_name: pulumi.Output[str]
    """The network's name."""
    network_self_link: pulumi.Output[str]
    """The network's self link, `https://www.googleapis.com/compute/v1/projects/…/networks/<name>`."""
    cidr_block: pulumi.Output[str]
    """The range the subnets were planned from (a GCP network has no range of its own)."""
    private_subnet_ids: pulumi.Output[list[str]]
    """The workload subnet's id, in a list (one region)."""
    private_subnet_self_links: pulumi.Output[list[str]]
    """The workload subnet's self link, in a list."""
    serverless_subnet_id: pulumi.Output[str]
    """The id of the subnet for Cloud Run direct VPC egress."""
    serverless_subnet_name: pulumi.Output[str]
    """The name of the subnet for Cloud Run direct VPC egress."""
    private_service_range_name: pulumi.Output[str]
    """The name of the Private Service Access range (Cloud SQL `allocated_ip_range`, Memorystore
    `reserved_ip_range`)."""
    private_network_id: pulumi.Output[str]
    """The network id as the servicenetworking connection reports it: resources given this wait for the
    Private Service Access peering. Use it for Cloud SQL and Memorystore."""
    router_name: pulumi.Output[str]
    """The Cloud Router's name; "" without NAT."""
    nat_name: pulumi.Output[str]
    """The Cloud NAT gateway's name; "" without NAT."""

    def __init__(self, name: str, args: VpcArgs, opts: pulumi.ResourceOptions | None = None) -> None:
        refuse_unknown_keys(Vpc, VpcArgs, name, args, opts)
        cidr = args.get("cidr_block", "10.0.0.0/16")
        _check_cidr(cidr)
        private_cidr = subnet_cidr(cidr, "private", 0)
        serverless_cidr = subnet_cidr(cidr, "private", 1)
        psa = _check_psa(args.get("private_service_cidr"), cidr, [private_cidr, serverless_cidr])
        # Cloud SQL takes its private IPs from the PSA range and is reached from the subnets.
        require("Vpc", "cidr_block", cloud_sql_docker_bridge(cidr))
        require("Vpc", "private_service_cidr", cloud_sql_docker_bridge(str(psa)))
        routing_mode = args.get("routing_mode", "REGIONAL")
        if routing_mode not in ROUTING_MODES:
            raise ValueError(f"Vpc routing_mode {routing_mode!r} is not allowed; use one of REGIONAL, GLOBAL")
        sampling = args.get("flow_log_sampling", 0.5)
        if isinstance(sampling, bool) or not isinstance(sampling, int | float) or not 0 < sampling <= 1:
            raise ValueError(f"Vpc flow_log_sampling {sampling!r} is not allowed; use a number > 0 and <= 1")
        ports = vpc_firewall.check_ports(
            list(args.get("health_check_ports", vpc_firewall.DEFAULT_HEALTH_CHECK_PORTS))
        )
        region_arg = args.get("region")
        if isinstance(region_arg, str) and not re.match(r"^[a-z]+-[a-z]+[0-9]+$", region_arg):
            raise ValueError(f"Vpc region {region_arg!r} is not allowed; use a region name like us-central1")
        nat = args.get("nat", True)
        labels = {**(args.get("labels") or {}), "managed-by": "stackyard"}
        base = physical_base("Vpc", name, args.get("physical_name"))
        super().__init__("stackyard-gcp:index:Vpc", name, None, opts)
        child = pulumi.ResourceOptions(parent=self)
        region: pulumi.Input[str] = region_arg or (
            gcp.organizations.get_client_config_output(opts=pulumi.InvokeOutputOptions(parent=self)).region
        )

        network = gcp.compute.Network(
            name,
            name=physical_name(base, 63),
            description="stackyard private network",
            auto_create_subnetworks=False,
            routing_mode=routing_mode,
            # Keep the default 0.0.0.0/0 route to the internet gateway: Cloud NAT and Private Google
            # Access both send their traffic through it.
            delete_default_routes_on_create=False,
            opts=child,
        )
        log_config: gcp.compute.SubnetworkLogConfigArgsDict | None = (
            {
                "aggregation_interval": "INTERVAL_5_SEC",
                "flow_sampling": float(sampling),
                "metadata": "INCLUDE_ALL_METADATA",
            }
            if args.get("flow_logs", True)
            else None
        )

        def subnet(suffix: str, ip_range: str, description: str) -> gcp.compute.Subnetwork:
            return gcp.compute.Subnetwork(
                f"{name}-{suffix}",
                name=physical_name(f"{base}-{suffix}", 63),
                description=description,
                network=network.id,
                region=region,
                ip_cidr_range=ip_range,
                purpose="PRIVATE",
                stack_type="IPV4_ONLY",
                private_ip_google_access=True,
                log_config=log_config,
                opts=child,
            )

        private = subnet("private", private_cidr, "stackyard workloads")
        serverless = subnet("serverless", serverless_cidr, "stackyard Cloud Run direct VPC egress")
        vpc_firewall.create(self, name, base, network, ports, bool(args.get("iap_ssh", False)))

        # Private Service Access: the range, then the peering connection that uses it.
        psa_range = gcp.compute.GlobalAddress(
            f"{name}-psa",
            name=physical_name(f"{base}-psa", 63),
            description="stackyard Private Service Access range (Cloud SQL, Memorystore)",
            purpose="VPC_PEERING",
            address_type="INTERNAL",
            address=str(psa.network_address),
            prefix_length=psa.prefixlen,
            network=network.id,
            labels=labels,
            opts=child,
        )
        connection = gcp.servicenetworking.Connection(
            f"{name}-psa",
            network=network.id,
            service=PSA_SERVICE,
            reserved_peering_ranges=[psa_range.name],
            # As Fabric's net-vpc (which offers only ABANDON): deleting the connection fails while Cloud
            # SQL still holds the peering, which it does for days after an instance is deleted.
            deletion_policy="ABANDON",
            opts=child,
        )
        # The peering Google creates already imports and exports no custom routes; managing it pins that,
        # so a manual change (e.g. exporting routes to Google's producer network) is reverted on `up`.
        gcp.compute.NetworkPeeringRoutesConfig(
            f"{name}-psa-routes",
            network=network.name,
            peering=PSA_PEERING,
            import_custom_routes=False,
            export_custom_routes=False,
            opts=pulumi.ResourceOptions(parent=self, depends_on=[connection]),
        )

        router_name: pulumi.Output[str] = pulumi.Output.from_input("")
        nat_name: pulumi.Output[str] = pulumi.Output.from_input("")
        if nat:
            router = gcp.compute.Router(
                f"{name}-router",
                name=physical_name(f"{base}-router", 63),
                description="stackyard Cloud NAT router",
                network=network.id,
                region=region,
                opts=child,
            )
            gateway = gcp.compute.RouterNat(
                f"{name}-nat",
                name=physical_name(f"{base}-nat", 63),
                router=router.name,
                region=region,
                nat_ip_allocate_option="AUTO_ONLY",
                source_subnetwork_ip_ranges_to_nat="ALL_SUBNETWORKS_ALL_IP_RANGES",
                log_config={"enable": True, "filter": "ERRORS_ONLY"},
                # Off (Fabric turns it on): Cloud NAT's troubleshooting guide (cloud.google.com/nat/docs/
                # troubleshooting) names it as a cause of both "out of resources" and "endpoint-independent
                # conflict" drops. 64 ports per VM is Cloud NAT's own default minimum.
                enable_endpoint_independent_mapping=False,
                min_ports_per_vm=64,
                opts=child,
            )
            router_name, nat_name = router.name, gateway.name

        self.vpc_id = network.id
        self.network_name = network.name
        self.network_self_link = network.self_link
        self.cidr_block = pulumi.Output.from_input(cidr)
        self._private_subnet_id = private.id
        self.private_subnet_ids = pulumi.Output.all(private.id)
        self.private_subnet_self_links = pulumi.Output.all(private.self_link)
        self.serverless_subnet_id = serverless.id
        self.serverless_subnet_name = serverless.name
        self.private_service_range_name = psa_range.name
        self.private_network_id = connection.network
        self.router_name = router_name
        self.nat_name = nat_name
        self.register_outputs(
            {
                "vpc_id": self.vpc_id,
                "network_name": self.network_name,
                "network_self_link": self.network_self_link,
                "cidr_block": self.cidr_block,
                "private_subnet_ids": self.private_subnet_ids,
                "private_subnet_self_links": self.private_subnet_self_links,
                "serverless_subnet_id": self.serverless_subnet_id,
                "serverless_subnet_name": self.serverless_subnet_name,
                "private_service_range_name": self.private_service_range_name,
                "private_network_id": self.private_network_id,
                "router_name": self.router_name,
                "nat_name": self.nat_name,
            }
        )

    @property
    def private(self) -> SubnetSelection:
        """The workload subnet (clusters, instances; outbound through Cloud NAT) and its network."""
        return {"network": self.vpc_id, "subnetwork": self._private_subnet_id}

    @property
    def serverless(self) -> SubnetSelection:
        """The Cloud Run direct VPC egress subnet and its network, for a `ContainerService`."""
        return {"network": self.vpc_id, "subnetwork": self.serverless_subnet_id}

    @property
    def database(self) -> DatabasePlacement:
        """Cloud SQL's placement: the network once its Private Service Access peering exists, and the
        range."""
        return {"network_id": self.private_network_id, "allocated_ip_range": self.private_service_range_name}

    @property
    def cache(self) -> CachePlacement:
        """Memorystore's placement: the network once its Private Service Access peering exists, and the
        range."""
        return {"network_id": self.private_network_id, "reserved_ip_range": self.private_service_range_name}


def _check_cidr(cidr: str) -> None:
    try:
        prefix = ipaddress.IPv4Network(cidr).prefixlen
    except ValueError:
        raise ValueError(
            f"Vpc cidr_block {cidr!r} is not allowed; use an IPv4 CIDR block such as 10.0.0.0/16"
        ) from None
    if not MIN_PREFIX <= prefix <= MAX_PREFIX:
        raise ValueError(
            f"Vpc cidr_block {cidr} is not allowed; use a prefix from /{MIN_PREFIX} to /{MAX_PREFIX}"
        )


def _check_psa(override: str | None, cidr: str, subnets: list[str]) -> ipaddress.IPv4Network:
    """The Private Service Access range: `override`, or the last quarter of `cidr`, which
    `components.cidr` leaves to no tier ("reserved for future tiers"), e.g. 10.0.192.0/18 of 10.0.0.0/16."""
    if override is None:
        return list(ipaddress.IPv4Network(cidr).subnets(prefixlen_diff=2))[3]
    try:
        psa = ipaddress.IPv4Network(override)
    except ValueError:
        raise ValueError(
            f"Vpc private_service_cidr {override!r} is not allowed; "
            "use an IPv4 CIDR block such as 10.60.0.0/16"
        ) from None
    if psa.prefixlen > PSA_MAX_PREFIX:
        raise ValueError(
            f"Vpc private_service_cidr {override} is not allowed; use a /{PSA_MAX_PREFIX} or larger block"
        )
    clashes = [s for s in subnets if psa.overlaps(ipaddress.IPv4Network(s))]
    if clashes:
        raise ValueError(
            f"Vpc private_service_cidr {override} is not allowed; it overlaps the subnets {clashes}: "
            "use a block outside them, e.g. the last quarter of cidr_block"
        )
    return psa
