"""components.gcp.KubernetesCluster: GKE Autopilot, regional, private nodes, a private control plane by
default and CIDR-restricted otherwise, VPC-native pod ranges, release channel, CMEK for secrets, deletion
protection, labels, a secret kubeconfig with the gke-gcloud-auth-plugin exec plugin, and the global
addresses and SSL policy GKE's Ingresses refer to."""

from __future__ import annotations

import json
from typing import Any, cast

import pulumi
import pulumi_kubernetes as k8s
import pytest

from components.gcp.kubernetes_cluster import KubernetesCluster, KubernetesClusterArgs
from stacks.mocks import MOCK_GCP_PROJECT_NUMBER, SECRET_MASK, RecordingMonitor, Registration
from tests.conftest import of_type
from tests.docexamples import run_docstring_example

COMPONENT = "stackyard-gcp:index:KubernetesCluster"
CLUSTER = "gcp:container/cluster:Cluster"
KEY_MEMBER = "gcp:kms/cryptoKeyIAMMember:CryptoKeyIAMMember"
K8S_PROVIDER = "pulumi:providers:kubernetes"
PROJECT = "stackyard-mock-project"
NETWORK = f"projects/{PROJECT}/global/networks/shop"
SUBNETWORK = f"projects/{PROJECT}/regions/us-central1/subnetworks/shop-private"
KEY = f"projects/{PROJECT}/locations/us-central1/keyRings/shop/cryptoKeys/etcd"
OUTPUTS = (
    "cluster_name",
    "cluster_id",
    "endpoint",
    "ca_certificate",
    "kubeconfig",
    "ingress_address_names",
    "ingress_addresses",
    "ingress_ssl_policy",
)
ADDRESS = "gcp:compute/globalAddress:GlobalAddress"
SSL_POLICY = "gcp:compute/sSLPolicy:SSLPolicy"
RECORD = "gcp:dns/recordSet:RecordSet"
HOSTS = ["api.shop.example.com", "www.shop.example.com"]


def build(args: dict[str, Any] | None = None, name: str = "shop") -> dict[str, Any]:
    """Create a KubernetesCluster (network, subnetwork plus `args`) under mocks, and a Kubernetes provider
    from its kubeconfig as the stack does; return the resolved outputs and whether kubeconfig is secret."""
    resolved: dict[str, Any] = {}
    full = cast(KubernetesClusterArgs, {"network": NETWORK, "subnetwork": SUBNETWORK, **(args or {})})

    @pulumi.runtime.test
    def program() -> pulumi.Output:
        cluster = KubernetesCluster(name, full)
        k8s.Provider(f"{name}-apps", kubeconfig=cluster.kubeconfig)
        return pulumi.Output.all(
            kubeconfig_is_secret=pulumi.Output.from_input(cluster.kubeconfig.is_secret()),
            **{key: getattr(cluster, key) for key in OUTPUTS},
        ).apply(resolved.update)

    program()
    assert resolved, "the KubernetesCluster's outputs never resolved"
    return resolved


def one(monitor: RecordingMonitor, type_: str) -> Registration:
    (found,) = of_type(monitor, type_)
    return found


def test_autopilot_regional_private_nodes_and_private_endpoint_by_default(monitor: RecordingMonitor) -> None:
    out = build()
    cluster = one(monitor, CLUSTER)
    inputs = cluster.inputs
    assert inputs["enableAutopilot"] is True
    assert inputs["name"] == "shop" == out["cluster_name"]
    assert inputs["location"] == "us-central1"  # the provider's region: a regional cluster
    assert inputs["network"] == NETWORK and inputs["subnetwork"] == SUBNETWORK
    assert inputs["privateClusterConfig"] == {"enablePrivateNodes": True, "enablePrivateEndpoint": True}
    # Authorized networks on (the API requires it with a private endpoint) with no CIDR, no Google Cloud
    # public addresses, and no DNS endpoint from outside Google Cloud.
    assert inputs["masterAuthorizedNetworksConfig"] == {"gcpPublicCidrsAccessEnabled": False}
    assert inputs["controlPlaneEndpointsConfig"] == {"dnsEndpointConfig": {"allowExternalTraffic": False}}
    assert inputs["releaseChannel"] == {"channel": "REGULAR"}
    assert "minMasterVersion" not in inputs
    assert "workloadIdentityConfig" not in inputs  # Autopilot turns Workload Identity on itself
    assert (
        out["endpoint"]
        == cluster.state["endpoint"]
        == cluster.state["privateClusterConfig"]["privateEndpoint"]
    )
    assert out["cluster_id"] == f"projects/{PROJECT}/locations/us-central1/clusters/shop" == cluster.id
    assert out["ca_certificate"] == cluster.state["masterAuth"]["clusterCaCertificate"] != ""


def test_vpc_native_with_a_gke_managed_pod_range(monitor: RecordingMonitor) -> None:
    build()
    inputs = one(monitor, CLUSTER).inputs
    assert inputs["networkingMode"] == "VPC_NATIVE"
    assert inputs["ipAllocationPolicy"] == {"stackType": "IPV4", "clusterIpv4CidrBlock": "/17"}


@pytest.mark.parametrize("pods", ["/20", "10.64.0.0/17", "172.20.0.0/16"])
def test_pods_cidr_knob(monitor: RecordingMonitor, pods: str) -> None:
    build({"pods_cidr": pods})
    assert one(monitor, CLUSTER).inputs["ipAllocationPolicy"]["clusterIpv4CidrBlock"] == pods


def test_master_authorized_cidrs_open_the_public_endpoint_to_those_only(monitor: RecordingMonitor) -> None:
    out = build({"master_authorized_cidrs": ["203.0.113.0/24", "198.51.100.7/32", "203.0.113.0/24"]})
    cluster = one(monitor, CLUSTER)
    assert cluster.inputs["privateClusterConfig"] == {
        "enablePrivateNodes": True,
        "enablePrivateEndpoint": False,
    }
    assert cluster.inputs["masterAuthorizedNetworksConfig"] == {
        "gcpPublicCidrsAccessEnabled": False,
        "cidrBlocks": [
            {"cidrBlock": "203.0.113.0/24", "displayName": "authorized-1"},
            {"cidrBlock": "198.51.100.7/32", "displayName": "authorized-2"},
        ],
    }
    assert cluster.inputs["controlPlaneEndpointsConfig"] == {
        "dnsEndpointConfig": {"allowExternalTraffic": False}
    }
    assert out["endpoint"] == cluster.state["privateClusterConfig"]["publicEndpoint"] != ""


@pytest.mark.parametrize("cidr", ["0.0.0.0/0", "::/0"])
def test_the_whole_internet_is_refused(monitor: RecordingMonitor, cidr: str) -> None:
    with pytest.raises(ValueError, match="KubernetesCluster master_authorized_cidrs"):
        KubernetesCluster(
            "bad", {"network": NETWORK, "subnetwork": SUBNETWORK, "master_authorized_cidrs": [cidr]}
        )
    assert monitor.registrations == {}


def test_zero_slash_zero_gets_a_clear_message(monitor: RecordingMonitor) -> None:
    with pytest.raises(ValueError, match="opens the Kubernetes API to the whole internet"):
        KubernetesCluster(
            "bad",
            {
                "network": NETWORK,
                "subnetwork": SUBNETWORK,
                "master_authorized_cidrs": ["10.0.0.0/8", "0.0.0.0/0"],
            },
        )
    assert monitor.registrations == {}


def test_secrets_use_google_managed_encryption_by_default(monitor: RecordingMonitor) -> None:
    build()
    assert one(monitor, CLUSTER).inputs["databaseEncryption"] == {"state": "DECRYPTED"}
    assert of_type(monitor, KEY_MEMBER) == []


def test_a_database_encryption_key_encrypts_secrets_and_gke_may_use_it(monitor: RecordingMonitor) -> None:
    build({"database_encryption_key": KEY, "region": "us-central1"})
    cluster, member = one(monitor, CLUSTER), one(monitor, KEY_MEMBER)
    assert cluster.inputs["databaseEncryption"] == {"state": "ENCRYPTED", "keyName": KEY}
    assert member.inputs == {
        "cryptoKeyId": KEY,
        "role": "roles/cloudkms.cryptoKeyEncrypterDecrypter",
        "member": (
            f"serviceAccount:service-{MOCK_GCP_PROJECT_NUMBER}@container-engine-robot.iam.gserviceaccount.com"
        ),
    }
    assert member.urn in cluster.dependencies  # the grant exists before GKE uses the key


def test_deletion_protection_is_explicitly_off_and_nothing_protected_by_default(
    monitor: RecordingMonitor,
) -> None:
    build()
    assert one(monitor, CLUSTER).inputs["deletionProtection"] is False
    assert not any(r.protect for r in monitor.registrations.values())


def test_deletion_protection_and_protect(monitor: RecordingMonitor) -> None:
    build({"deletion_protection": True, "protect": True})
    cluster = one(monitor, CLUSTER)
    assert cluster.inputs["deletionProtection"] is True
    assert {(r.type, r.name) for r in monitor.registrations.values() if r.protect} == {(CLUSTER, "shop")}


def test_kubeconfig_is_a_secret_that_runs_the_gke_auth_plugin(monitor: RecordingMonitor) -> None:
    out = build()
    assert out["kubeconfig_is_secret"] is True
    # Masked wherever the plan shows it, e.g. in the inputs of the Kubernetes provider built from it.
    assert one(monitor, K8S_PROVIDER).inputs["kubeconfig"] == SECRET_MASK
    config = json.loads(out["kubeconfig"])
    context = f"gke_{PROJECT}_us-central1_shop"
    assert config["current-context"] == context
    assert config["clusters"] == [
        {
            "name": context,
            "cluster": {
                "server": f"https://{out['endpoint']}",
                "certificate-authority-data": out["ca_certificate"],
            },
        }
    ]
    assert config["contexts"] == [{"name": context, "context": {"cluster": context, "user": context}}]
    (user,) = config["users"]
    exec_ = user["user"]["exec"]
    assert exec_["apiVersion"] == "client.authentication.k8s.io/v1beta1"
    assert exec_["command"] == "gke-gcloud-auth-plugin" and exec_["provideClusterInfo"] is True
    assert set(user["user"]) == {"exec"}  # no token, no client certificate


def test_every_knob_reaches_the_cluster(monitor: RecordingMonitor) -> None:
    out = build(
        {
            "region": "europe-west1",
            "cluster_name": "shop-prod",
            "kubernetes_version": "1.33",
            "release_channel": "STABLE",
            "labels": {"team": "web", "env": "prod"},
        }
    )
    inputs = one(monitor, CLUSTER).inputs
    assert inputs["location"] == "europe-west1" and inputs["name"] == "shop-prod"
    assert inputs["minMasterVersion"] == "1.33"
    assert inputs["releaseChannel"] == {"channel": "STABLE"}
    assert inputs["resourceLabels"] == {"team": "web", "env": "prod", "managed-by": "stackyard"}
    assert out["cluster_id"] == f"projects/{PROJECT}/locations/europe-west1/clusters/shop-prod"
    assert json.loads(out["kubeconfig"])["current-context"] == f"gke_{PROJECT}_europe-west1_shop-prod"


def test_labels_and_parent(monitor: RecordingMonitor) -> None:
    build()
    component, cluster = one(monitor, COMPONENT), one(monitor, CLUSTER)
    assert cluster.inputs["resourceLabels"] == {"managed-by": "stackyard"}
    assert cluster.parent == component.urn


def test_no_datapath_setting_autopilot_runs_dataplane_v2_which_enforces_network_policy(
    monitor: RecordingMonitor,
) -> None:
    """Autopilot brings GKE Dataplane V2 (and so NetworkPolicy enforcement) itself; setting the datapath or
    the legacy network policy add-on would be refused for Autopilot or replace the cluster."""
    build()
    inputs = one(monitor, CLUSTER).inputs
    assert "datapathProvider" not in inputs and "networkPolicy" not in inputs


def test_no_ingress_objects_by_default(monitor: RecordingMonitor) -> None:
    out = build()
    assert not of_type(monitor, ADDRESS) and not of_type(monitor, SSL_POLICY)
    assert (out["ingress_address_names"], out["ingress_addresses"], out["ingress_ssl_policy"]) == ({}, {}, "")


def test_ingress_addresses_per_host_and_a_tls12_ssl_policy(monitor: RecordingMonitor) -> None:
    out = build({"ingress": {"hosts": HOSTS}})
    addresses = {r.name: r for r in of_type(monitor, ADDRESS)}
    assert set(addresses) == {f"shop-ingress-{host}" for host in HOSTS}
    for host in HOSTS:
        address = addresses[f"shop-ingress-{host}"]
        # Global, external, IPv4: what GKE's external Ingress needs for global-static-ip-name.
        assert address.inputs["addressType"] == "EXTERNAL" and address.inputs["ipVersion"] == "IPV4"
        assert "region" not in address.inputs
        assert (
            out["ingress_address_names"][host] == address.inputs["name"] == f"shop-{host.replace('.', '-')}"
        )
        assert out["ingress_addresses"][host] == address.state["address"]
        assert address.parent == one(monitor, COMPONENT).urn
    policy = one(monitor, SSL_POLICY)
    assert policy.inputs["profile"] == "MODERN" and policy.inputs["minTlsVersion"] == "TLS_1_2"
    assert out["ingress_ssl_policy"] == policy.inputs["name"] == "shop-ingress-tls"
    assert not of_type(monitor, RECORD)


def test_ingress_dns_records_and_tls13(monitor: RecordingMonitor) -> None:
    out = build(
        {
            "ingress": {
                "hosts": HOSTS,
                "dns_zone": "shop-example-com",
                "ssl_profile": "RESTRICTED",
                "min_tls_version": "TLS_1_3",
            }
        }
    )
    records = {r.inputs["name"]: r.inputs for r in of_type(monitor, RECORD)}
    assert set(records) == {f"{host}." for host in HOSTS}
    for host in HOSTS:
        assert records[f"{host}."]["type"] == "A" and records[f"{host}."]["managedZone"] == "shop-example-com"
        assert records[f"{host}."]["rrdatas"] == [out["ingress_addresses"][host]]
    assert one(monitor, SSL_POLICY).inputs["minTlsVersion"] == "TLS_1_3"


def test_names_fit_limits(monitor: RecordingMonitor) -> None:
    out = build(name="Propflow_Marketplace-Kubernetes-Platform-Production")
    assert len(out["cluster_name"]) <= 40 and out["cluster_name"].startswith("propflow-marketplace-")
    assert out["cluster_name"][-1].isalnum()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ({"network": None}, "KubernetesCluster network is required"),
        ({"subnetwork": ""}, "KubernetesCluster subnetwork is required"),
        ({"network": 7}, "KubernetesCluster network 7 is not allowed"),
        ({"region": "us-central1-a"}, "KubernetesCluster region 'us-central1-a' is not allowed"),
        ({"cluster_name": "Shop"}, "KubernetesCluster cluster_name 'Shop' is not allowed"),
        ({"cluster_name": "s" * 41}, "KubernetesCluster cluster_name 's+' is not allowed"),
        ({"cluster_name": "shop-"}, "KubernetesCluster cluster_name 'shop-' is not allowed"),
        ({"kubernetes_version": "latest"}, "KubernetesCluster kubernetes_version 'latest' is not allowed"),
        ({"kubernetes_version": 1.33}, "KubernetesCluster kubernetes_version 1.33 is not allowed"),
        (
            {"release_channel": "UNSPECIFIED"},
            "KubernetesCluster release_channel 'UNSPECIFIED' is not allowed; use one of RAPID, REGULAR",
        ),
        ({"master_authorized_cidrs": "203.0.113.0/24"}, "master_authorized_cidrs '203.0.113.0/24' is not"),
        ({"master_authorized_cidrs": ["203.0.113.9/24"]}, "master_authorized_cidrs '203.0.113.9/24' is not"),
        ({"pods_cidr": "/12"}, 'KubernetesCluster pods_cidr \'/12\' is not allowed; use "/14" to "/22"'),
        ({"pods_cidr": "/24"}, "KubernetesCluster pods_cidr '/24' is not allowed"),
        ({"pods_cidr": "100.64.0.0/16"}, "KubernetesCluster pods_cidr '100.64.0.0/16' is not allowed"),
        ({"pods_cidr": "10.64.0.1/17"}, "KubernetesCluster pods_cidr '10.64.0.1/17' is not allowed"),
        ({"pods_cidr": 17}, "KubernetesCluster pods_cidr 17 is not allowed"),
        (
            {"database_encryption_key": "etcd"},
            "KubernetesCluster database_encryption_key 'etcd' is not allowed",
        ),
        (
            {"database_encryption_key": KEY, "region": "europe-west1"},
            "database_encryption_key .* is not allowed; use a key in the cluster's region europe-west1",
        ),
        (
            {"deletion_protection": "no"},
            "KubernetesCluster deletion_protection 'no' is not allowed; use True",
        ),
        ({"protect": None}, "KubernetesCluster protect None is not allowed; use True or False"),
        ({"labels": {"Team": "web"}}, "KubernetesCluster labels .* is not allowed"),
        ({"ingress": HOSTS}, "KubernetesCluster ingress .* is not allowed; use a dict"),
        (
            {"ingress": {"hosts": HOSTS, "zone": "z"}},
            "`ingress.zone` is not an argument of KubernetesCluster",
        ),
        ({"ingress": {"hosts": []}}, "KubernetesCluster ingress hosts \\[\\] is not allowed"),
        ({"ingress": {"hosts": [HOSTS[0], HOSTS[0]]}}, "ingress hosts .* distinct"),
        ({"ingress": {"hosts": ["API.example.com"]}}, "ingress hosts 'API.example.com' is not allowed"),
        ({"ingress": {"hosts": HOSTS, "dns_zone": "Shop Zone"}}, "dns_zone 'Shop Zone' is not allowed"),
        (
            {"ingress": {"hosts": HOSTS, "ssl_profile": "COMPATIBLE"}},
            "ssl_profile 'COMPATIBLE' is not allowed",
        ),
        (
            {"ingress": {"hosts": HOSTS, "min_tls_version": "TLS_1_3"}},
            "min_tls_version 'TLS_1_3' is not allowed with ssl_profile 'MODERN'",
        ),
    ],
)
def test_bad_arguments_raise_clear_errors_and_create_nothing(
    monitor: RecordingMonitor, args: dict[str, Any], message: str
) -> None:
    with pytest.raises(ValueError, match=message):
        KubernetesCluster(
            "bad", cast(KubernetesClusterArgs, {"network": NETWORK, "subnetwork": SUBNETWORK, **args})
        )
    assert monitor.registrations == {}


def test_docstring_example_runs(monitor: RecordingMonitor) -> None:
    run_docstring_example(KubernetesCluster)
    cluster = one(monitor, CLUSTER)
    assert cluster.inputs["masterAuthorizedNetworksConfig"]["cidrBlocks"] == [
        {"cidrBlock": "203.0.113.0/24", "displayName": "authorized-1"}
    ]
    assert cluster.inputs["resourceLabels"] == {"team": "web", "managed-by": "stackyard"}
