"""components.gcp.ContainerService `direct_ingress`: a web service served to the internet at its own run.app
URL (ingress all, `allUsers` invoker) without the load balancer's NEG and backend service, its refusals, and
the `public` and private modes it leaves unchanged."""

from __future__ import annotations

from typing import Any, cast

import pytest

from components.gcp.container_service import ContainerService, ContainerServiceArgs
from components.gcp.container_service.settings import ContainerSettings
from stacks.mocks import RecordingMonitor
from tests.components.gcp.test_container_service import (
    BACKEND,
    NEG,
    NIGHTLY,
    PROJECT,
    SERVICE,
    SERVICE_MEMBER,
    WEB,
    WORKER,
    build,
    one,
)
from tests.conftest import of_type

POLICY = f"projects/{PROJECT}/global/securityPolicies/shop-api"
PUBLIC_INVOKER = {
    "project": PROJECT,
    "location": "us-central1",
    "name": "shop-api",
    "role": "roles/run.invoker",
    "member": "allUsers",
}


def test_direct_ingress_serves_the_run_app_url_without_a_backend(monitor: RecordingMonitor) -> None:
    out = build({**WEB, "direct_ingress": True})
    service = one(monitor, SERVICE)
    assert service.inputs["ingress"] == "INGRESS_TRAFFIC_ALL"
    (invoker,) = of_type(monitor, SERVICE_MEMBER)
    assert invoker.name == "shop-api-public"
    assert invoker.inputs == PUBLIC_INVOKER
    assert not of_type(monitor, NEG) and not of_type(monitor, BACKEND)
    assert out["uri"] == service.state["uri"] and out["uri"].startswith("https://shop-api-")
    assert out["backend_service_id"] == ""


def test_direct_ingress_keeps_allow_from_grants(monitor: RecordingMonitor) -> None:
    caller = f"serviceAccount:shop-worker@{PROJECT}.iam.gserviceaccount.com"
    build({**WEB, "direct_ingress": True}, allow={"worker": caller})
    members = sorted((r.name, r.inputs["member"]) for r in of_type(monitor, SERVICE_MEMBER))
    assert members == [("shop-api-invoker-worker", caller), ("shop-api-public", "allUsers")]


@pytest.mark.parametrize("direct", [None, False])
def test_public_mode_is_unchanged(monitor: RecordingMonitor, direct: bool | None) -> None:
    args: dict[str, Any] = {**WEB, "public": True, "security_policy": POLICY}
    if direct is not None:
        args["direct_ingress"] = direct
    out = build(args)
    assert one(monitor, SERVICE).inputs["ingress"] == "INGRESS_TRAFFIC_INTERNAL_LOAD_BALANCER"
    (invoker,) = of_type(monitor, SERVICE_MEMBER)
    assert invoker.name == "shop-api-public" and invoker.inputs == PUBLIC_INVOKER
    neg, backend = one(monitor, NEG), one(monitor, BACKEND)
    assert neg.name == "shop-api-neg" and backend.name == "shop-api-backend"
    assert backend.inputs["backends"] == [{"group": neg.id}]
    assert backend.inputs["securityPolicy"] == POLICY
    assert out["backend_service_id"] == backend.id


def test_private_mode_is_unchanged_with_direct_ingress_false(monitor: RecordingMonitor) -> None:
    out = build({**WEB, "direct_ingress": False})
    assert one(monitor, SERVICE).inputs["ingress"] == "INGRESS_TRAFFIC_INTERNAL_ONLY"
    assert not of_type(monitor, SERVICE_MEMBER)
    assert not of_type(monitor, NEG) and not of_type(monitor, BACKEND)
    assert out["backend_service_id"] == ""


def test_settings_default_direct_ingress_false() -> None:
    assert ContainerSettings(WEB).direct_ingress is False
    assert ContainerSettings({**WEB, "direct_ingress": True}).direct_ingress is True


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ({**WEB, "public": True}, "direct_ingress is not allowed with public: .*; choose one$"),
        (
            {**WEB, "security_policy": POLICY},
            "direct_ingress is not allowed with security_policy: no backend service is created",
        ),
        (WORKER, "direct_ingress is not allowed on a worker \\(without port\\): only a web service"),
        (NIGHTLY, "direct_ingress is not allowed on a job \\(without port\\): only a web service"),
    ],
)
def test_direct_ingress_refusals(monitor: RecordingMonitor, args: dict[str, Any], message: str) -> None:
    with pytest.raises(ValueError, match=f"^ContainerService {message}"):
        ContainerService("bad", cast(ContainerServiceArgs, {**args, "direct_ingress": True}))
    assert monitor.registrations == {}


def test_direct_ingress_refusals_come_in_one_message(monitor: RecordingMonitor) -> None:
    args = {**WEB, "direct_ingress": True, "public": True, "security_policy": POLICY}
    with pytest.raises(ValueError) as raised:
        ContainerService("bad", cast(ContainerServiceArgs, args))
    lines = str(raised.value).splitlines()
    assert lines[0] == "ContainerService direct_ingress is not allowed (2 problems):"
    assert lines[1].startswith("- with public: ")
    assert lines[2].startswith("- with security_policy: ")
    assert len(lines) == 3
    assert monitor.registrations == {}


def test_direct_ingress_on_a_worker_with_public_names_both(monitor: RecordingMonitor) -> None:
    with pytest.raises(ValueError) as raised:
        ContainerService(
            "bad", cast(ContainerServiceArgs, {**WORKER, "direct_ingress": True, "public": True})
        )
    lines = str(raised.value).splitlines()
    assert lines[0] == "ContainerService direct_ingress is not allowed (2 problems):"
    assert lines[1].startswith("- on a worker (without port): ")
    assert lines[2].startswith("- with public: ")
    assert monitor.registrations == {}


def test_direct_ingress_must_be_a_bool(monitor: RecordingMonitor) -> None:
    with pytest.raises(
        ValueError, match=r"^ContainerService direct_ingress 'yes' is not allowed; use True or"
    ):
        ContainerService("bad", cast(ContainerServiceArgs, {**WEB, "direct_ingress": "yes"}))
    assert monitor.registrations == {}
