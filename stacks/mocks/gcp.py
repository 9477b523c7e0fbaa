"""GCP: the id, self link and computed attributes of each resource (service account e-mails, Cloud SQL and
Memorystore addresses, Cloud Run URLs, GKE endpoints, …), and the answers to the GCP functions the stacks
call (client config, project, secret versions, zones)."""

from __future__ import annotations

import re
from typing import Any

from .common import _MOCK_CA_BASE64, _digest, _region_code

MOCK_GCP_PROJECT = "stackyard-mock-project"
MOCK_GCP_PROJECT_NUMBER = "123456789012"


def gcp_resource(
    typ: str, name: str, urn: str, state: dict[str, Any], default_project: str, default_region: str
) -> tuple[str, dict[str, Any]]:
    """The id and state of a GCP resource; `project` and `region` default to the provider's."""
    project = state.get("project") or default_project
    state.setdefault("project", project)
    module, _, class_name = typ.split(":", 1)[1].partition(":")
    service = module.split("/", 1)[0]
    if "name" not in state:
        state["name"] = f"{name}-{_digest(urn, 7)}"
    collection = _plural(class_name[0].lower() + class_name[1:])
    if state.get("zone"):
        scope = f"zones/{state['zone']}"
    elif state.get("region"):
        scope = f"regions/{state['region']}"
    elif state.get("location"):
        scope = f"locations/{state['location']}"
    else:
        scope = "global"
    resource_id = f"projects/{project}/{scope}/{collection}/{state['name']}"
    if service == "compute":
        state["selfLink"] = f"https://www.googleapis.com/compute/v1/{resource_id}"
    enrich = _GCP_OUTPUTS.get(typ)
    if enrich is not None:
        resource_id = enrich(state, project, urn, default_region) or resource_id
    return resource_id, state


def _plural(word: str) -> str:
    if word.endswith("ss") or word.endswith("sh"):
        return word + "es"
    if word.endswith("y"):
        return word[:-1] + "ies"
    return word if word.endswith("s") else word + "s"


def _gcp_service_account(state: dict[str, Any], project: str, urn: str, default_region: str) -> str:
    email = f"{state.get('accountId') or state['name']}@{project}.iam.gserviceaccount.com"
    state.update(email=email, member=f"serviceAccount:{email}", uniqueId=str(int(_digest(urn, 12), 16)))
    state["name"] = f"projects/{project}/serviceAccounts/{email}"
    return state["name"]


def _gcp_sql_instance(state: dict[str, Any], project: str, urn: str, default_region: str) -> str:
    region = state.get("region") or default_region
    private_ip = f"10.{100 + int(_digest(urn, 2), 16) % 50}.0.{int(_digest(urn + 'ip', 2), 16) % 250 + 3}"
    state.update(
        connectionName=f"{project}:{region}:{state['name']}",
        privateIpAddress=private_ip,
        publicIpAddress="",
        ipAddresses=[{"ipAddress": private_ip, "type": "PRIVATE"}],
        selfLink=f"https://sqladmin.googleapis.com/sql/v1beta4/projects/{project}/instances/{state['name']}",
        serviceAccountEmailAddress=(
            f"p{MOCK_GCP_PROJECT_NUMBER}-{_digest(urn, 6)}@gcp-sa-cloud-sql.iam.gserviceaccount.com"
        ),
    )
    return state["name"]


def _gcp_redis_instance(state: dict[str, Any], project: str, urn: str, default_region: str) -> str:
    region = state.get("region") or default_region
    tls = state.get("transitEncryptionMode") == "SERVER_AUTHENTICATION"
    subnet = f"10.{150 + int(_digest(urn, 2), 16) % 50}.0"
    state.update(
        host=f"{subnet}.{int(_digest(urn + 'ip', 2), 16) % 250 + 3}",
        port=6378 if tls else 6379,
        readEndpoint=f"{subnet}.{int(_digest(urn + 'ro', 2), 16) % 250 + 3}",
        readEndpointPort=6378 if tls else 6379,
        currentLocationId=state.get("locationId") or f"{region}-a",
        serverCaCerts=[{"cert": "-----BEGIN CERTIFICATE-----\nMOCK\n-----END CERTIFICATE-----\n"}]
        if tls
        else [],
    )
    if state.get("authEnabled"):
        state["authString"] = _digest(urn + "auth", 32)
    return f"projects/{project}/locations/{region}/instances/{state['name']}"


def _gcp_secret(state: dict[str, Any], project: str, urn: str, default_region: str) -> str:
    secret_id = state.get("secretId") or state["name"]
    state["name"] = f"projects/{MOCK_GCP_PROJECT_NUMBER}/secrets/{secret_id}"
    return f"projects/{project}/secrets/{secret_id}"


def _gcp_secret_version(state: dict[str, Any], project: str, urn: str, default_region: str) -> str:
    secret = str(state.get("secret") or f"projects/{project}/secrets/unknown")
    state.update(name=f"{secret}/versions/1", version="1")
    return state["name"]


def _gcp_cloud_run(state: dict[str, Any], project: str, urn: str, default_region: str) -> str:
    location = state.get("location") or default_region
    state["uri"] = f"https://{state['name']}-{_digest(urn, 10)}-{_region_code(location)[:2]}.a.run.app"
    state["urls"] = [state["uri"]]
    return f"projects/{project}/locations/{location}/services/{state['name']}"


def _gcp_bucket(state: dict[str, Any], project: str, urn: str, default_region: str) -> str:
    state.update(
        url=f"gs://{state['name']}",
        selfLink=f"https://www.googleapis.com/storage/v1/b/{state['name']}",
    )
    return state["name"]


def _gcp_global_address(state: dict[str, Any], project: str, urn: str, default_region: str) -> None:
    if state.get("purpose") == "VPC_PEERING":
        state.setdefault("address", "10.200.0.0")
    else:
        state.setdefault(
            "address", f"34.{int(_digest(urn, 2), 16) % 200 + 10}.{int(_digest(urn, 4)[2:], 16) % 250}.10"
        )
    return None


def _gcp_repository(state: dict[str, Any], project: str, urn: str, default_region: str) -> str:
    location = state.get("location") or default_region
    repository = state.get("repositoryId") or state["name"]
    state["name"] = repository
    return f"projects/{project}/locations/{location}/repositories/{repository}"


def _gcp_notification_channel(state: dict[str, Any], project: str, urn: str, default_region: str) -> str:
    state["name"] = f"projects/{project}/notificationChannels/{int(_digest(urn, 12), 16)}"
    return state["name"]


def _gcp_alert_policy(state: dict[str, Any], project: str, urn: str, default_region: str) -> str:
    state["name"] = f"projects/{project}/alertPolicies/{int(_digest(urn, 12), 16)}"
    return state["name"]


def _gcp_uptime_check(state: dict[str, Any], project: str, urn: str, default_region: str) -> str:
    """Cloud Monitoring names an uptime check after its display name plus a random suffix: the id that its
    results carry as the `check_id` label."""
    display = re.sub(r"[^a-z0-9-]+", "-", str(state.get("displayName") or "uptime").lower()).strip("-")
    state["uptimeCheckId"] = f"{display[:50]}-{_digest(urn, 11)}"
    state["name"] = f"projects/{project}/uptimeCheckConfigs/{state['uptimeCheckId']}"
    return state["name"]


def _gcp_ssl_certificate(state: dict[str, Any], project: str, urn: str, default_region: str) -> None:
    state["certificateId"] = int(_digest(urn, 10), 16)
    return None


def _gcp_container_cluster(state: dict[str, Any], project: str, urn: str, default_region: str) -> str:
    """GKE: the control plane's endpoint (its private IP with `enable_private_endpoint`) and CA."""
    location = state.get("location") or default_region
    cluster_id = f"projects/{project}/locations/{location}/clusters/{state['name']}"
    private = dict(state.get("privateClusterConfig") or {})
    private_ip = f"10.{int(_digest(urn, 2), 16) % 250}.0.2"
    public_ip = f"34.{int(_digest(urn, 2), 16) % 200 + 10}.{int(_digest(urn, 4)[2:], 16) % 250}.20"
    private.update(
        privateEndpoint=private_ip, publicEndpoint="" if private.get("enablePrivateEndpoint") else public_ip
    )
    state.update(
        location=location,
        endpoint=private_ip if private.get("enablePrivateEndpoint") else public_ip,
        privateClusterConfig=private,
        masterAuth={
            "clusterCaCertificate": _MOCK_CA_BASE64,
            "clientCertificateConfig": {"issueClientCertificate": False},
        },
        selfLink=f"https://container.googleapis.com/v1/{cluster_id}",
    )
    return cluster_id


def _gcp_managed_zone(state: dict[str, Any], project: str, urn: str, default_region: str) -> str:
    """A created Cloud DNS zone (`hosted_zone: create`) and the name servers Cloud DNS assigns it."""
    shard = "abcde"[int(_digest(urn, 2), 16) % 5]
    state["nameServers"] = [f"ns-cloud-{shard}{n}.googledomains.com." for n in (1, 2, 3, 4)]
    return f"projects/{project}/managedZones/{state['name']}"


# Per-type output fields the GCP provider computes (and the components read), with the provider's id.
_GCP_OUTPUTS = {
    "gcp:serviceaccount/account:Account": _gcp_service_account,
    "gcp:sql/databaseInstance:DatabaseInstance": _gcp_sql_instance,
    "gcp:redis/instance:Instance": _gcp_redis_instance,
    "gcp:secretmanager/secret:Secret": _gcp_secret,
    "gcp:secretmanager/secretVersion:SecretVersion": _gcp_secret_version,
    "gcp:cloudrunv2/service:Service": _gcp_cloud_run,
    "gcp:storage/bucket:Bucket": _gcp_bucket,
    "gcp:compute/globalAddress:GlobalAddress": _gcp_global_address,
    "gcp:artifactregistry/repository:Repository": _gcp_repository,
    "gcp:monitoring/notificationChannel:NotificationChannel": _gcp_notification_channel,
    "gcp:monitoring/alertPolicy:AlertPolicy": _gcp_alert_policy,
    "gcp:monitoring/uptimeCheckConfig:UptimeCheckConfig": _gcp_uptime_check,
    "gcp:compute/managedSslCertificate:ManagedSslCertificate": _gcp_ssl_certificate,
    "gcp:container/cluster:Cluster": _gcp_container_cluster,
    "gcp:dns/managedZone:ManagedZone": _gcp_managed_zone,
}


def gcp_functions(project: str, region: str) -> dict[str, Any]:
    """The GCP function answers by token, for the provider configured with `project` and `region`."""
    return {
        "gcp:organizations/getClientConfig:getClientConfig": lambda a: {
            "project": project,
            "region": region,
            "zone": f"{region}-a",
            "id": project,
            "accessToken": "mock-token",
        },
        "gcp:organizations/getProject:getProject": lambda a: {
            "projectId": a.get("projectId") or project,
            "number": MOCK_GCP_PROJECT_NUMBER,
            "name": a.get("projectId") or project,
            "id": f"projects/{a.get('projectId') or project}",
        },
        "gcp:secretmanager/getSecretVersion:getSecretVersion": lambda a: {
            "secret": a.get("secret"),
            "version": "1",
            "name": f"{a.get('secret')}/versions/1",
            "id": f"{a.get('secret')}/versions/1",
            "secretData": "mock-secret-data",
        },
        "gcp:compute/getZones:getZones": lambda a: {
            "names": [f"{a.get('region') or region}-{z}" for z in "abcf"],
            "project": a.get("project") or project,
            "region": a.get("region") or region,
            "id": f"projects/{project}/regions/{a.get('region') or region}",
        },
    }
