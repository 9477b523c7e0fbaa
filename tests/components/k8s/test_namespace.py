"""components.k8s.AppNamespace: the namespace enforces Pod Security "restricted" (enforce, audit, warn), a
namespace-wide default-deny NetworkPolicy in both directions, explicit names and labels, the provider reaching
both objects, and argument checks."""

from __future__ import annotations

from typing import Any, cast

import pulumi
import pulumi_kubernetes as k8s
import pytest

from components.k8s import AppNamespace, AppNamespaceArgs
from stacks.mocks import RecordingMonitor, Registration
from tests.components.k8s import kubernetes_registrations, valid_objects
from tests.conftest import of_type
from tests.docexamples import run_docstring_example

COMPONENT = "stackyard-k8s:index:AppNamespace"
NAMESPACE = "kubernetes:core/v1:Namespace"
POLICY = "kubernetes:networking.k8s.io/v1:NetworkPolicy"


def build(args: dict[str, Any], name: str = "shop", opts: pulumi.ResourceOptions | None = None) -> str:
    """Create an AppNamespace under mocks and return its `namespace` output."""
    resolved: dict[str, str] = {}

    @pulumi.runtime.test
    def program() -> pulumi.Output:
        namespace = AppNamespace(name, cast(AppNamespaceArgs, args), opts)
        return namespace.namespace.apply(lambda value: resolved.update(namespace=value))

    program()
    assert resolved, "the AppNamespace output never resolved"
    return resolved["namespace"]


def one(monitor: RecordingMonitor, type_: str) -> Registration:
    (found,) = of_type(monitor, type_)
    return found


def pod_security(level: str = "restricted", version: str = "latest") -> dict[str, str]:
    return {
        "pod-security.kubernetes.io/enforce": level,
        "pod-security.kubernetes.io/enforce-version": version,
        "pod-security.kubernetes.io/audit": level,
        "pod-security.kubernetes.io/audit-version": version,
        "pod-security.kubernetes.io/warn": level,
        "pod-security.kubernetes.io/warn-version": version,
    }


def test_namespace_enforces_pod_security_restricted(monitor: RecordingMonitor) -> None:
    assert build({}) == "shop"
    namespace = one(monitor, NAMESPACE).inputs
    assert namespace["apiVersion"] == "v1" and namespace["kind"] == "Namespace"
    assert namespace["metadata"] == {
        "name": "shop",
        "labels": {
            **pod_security(),
            "app.kubernetes.io/name": "shop",
            "app.kubernetes.io/instance": "shop",
            "app.kubernetes.io/part-of": "shop",
            "app.kubernetes.io/managed-by": "stackyard",
            "app.kubernetes.io/component": "namespace",
        },
    }
    assert sorted(valid_objects(monitor)) == ["Namespace//shop", "NetworkPolicy/shop/default-deny"]
    component = one(monitor, COMPONENT)
    assert all(r.parent == component.urn for r in kubernetes_registrations(monitor))


def test_default_deny_in_both_directions(monitor: RecordingMonitor) -> None:
    build({})
    policy = one(monitor, POLICY)
    assert policy.inputs["apiVersion"] == "networking.k8s.io/v1"
    assert policy.inputs["metadata"]["name"] == "default-deny"
    assert policy.inputs["metadata"]["namespace"] == "shop"
    # Every pod of the namespace, both directions isolated, and no rule that would let anything through.
    assert policy.inputs["spec"] == {"podSelector": {}, "policyTypes": ["Ingress", "Egress"]}
    assert one(monitor, NAMESPACE).urn in policy.dependencies


def test_pinned_pod_security_version(monitor: RecordingMonitor) -> None:
    build({"pod_security_version": "v1.33"})
    labels = one(monitor, NAMESPACE).inputs["metadata"]["labels"]
    assert {k: v for k, v in labels.items() if k.startswith("pod-security")} == pod_security(version="v1.33")


def test_labels_and_part_of(monitor: RecordingMonitor) -> None:
    build(
        {"labels": {"team": "payments", "example.com/cost-center": "42"}, "part_of": "shop"}, name="shop-prod"
    )
    for registration in kubernetes_registrations(monitor):
        labels = registration.inputs["metadata"]["labels"]
        assert labels["team"] == "payments" and labels["example.com/cost-center"] == "42"
        assert labels["app.kubernetes.io/part-of"] == "shop"
        assert labels["app.kubernetes.io/name"] == "shop-prod"
    assert (
        one(monitor, NAMESPACE).inputs["metadata"]["labels"]["pod-security.kubernetes.io/enforce"]
        == "restricted"
    )
    assert (
        one(monitor, POLICY).inputs["metadata"]["labels"]["app.kubernetes.io/component"] == "network-policy"
    )


def test_long_and_odd_names_become_valid_namespace_names(monitor: RecordingMonitor) -> None:
    name = "Checkout_Service.production-europe-west-with-a-very-long-suffix-that-does-not-fit"
    namespace = build({}, name=name)
    assert len(namespace) == 63 and namespace.startswith("checkout-service-production")
    assert one(monitor, POLICY).inputs["metadata"]["namespace"] == namespace
    valid_objects(monitor)


def test_provider_reaches_both_objects(monitor: RecordingMonitor) -> None:
    @pulumi.runtime.test
    def program() -> None:
        cluster = k8s.Provider("cluster", kubeconfig="~/.kube/config")
        AppNamespace("shop", {}, pulumi.ResourceOptions(provider=cluster))

    program()
    (provider,) = of_type(monitor, "pulumi:providers:kubernetes")
    registrations = kubernetes_registrations(monitor)
    assert len(registrations) == 2
    for registration in registrations:
        assert registration.provider.startswith(f"{provider.urn}::"), registration.name


@pytest.mark.parametrize(
    ("name", "args", "message"),
    [
        ("default", {}, "name 'default' is not allowed: default is the default or a system namespace"),
        ("kube-system", {}, "name 'kube-system' is not allowed"),
        ("kube-shop", {}, "name 'kube-shop' is not allowed"),
        ("shop", {"pod_security_version": "1.33"}, "pod_security_version '1.33' is not allowed; use latest"),
        ("shop", {"pod_security_version": "v2"}, "pod_security_version 'v2' is not allowed"),
        ("shop", {"labels": {"team": "a b"}}, "labels \\{'team': 'a b'\\} is not allowed"),
        ("shop", {"labels": {"a/b/c": "x"}}, "labels \\{'a/b/c': 'x'\\} is not allowed"),
        (
            "shop",
            {"labels": {"pod-security.kubernetes.io/enforce": "privileged"}},
            "labels 'pod-security.kubernetes.io/enforce' is not allowed: stackyard or Kubernetes sets it",
        ),
        ("shop", {"labels": {"app.kubernetes.io/part-of": "x"}}, "labels 'app.kubernetes.io/part-of' is not"),
        ("shop", {"labels": "team=a"}, "labels 'team=a' is not allowed"),
        ("shop", {"part_of": ""}, "part_of '' is not allowed"),
        ("shop", {"part_of": "x" * 64}, "part_of 'x+' is not allowed"),
    ],
)
def test_bad_arguments_raise_clear_errors(
    monitor: RecordingMonitor, name: str, args: dict[str, Any], message: str
) -> None:
    with pytest.raises(ValueError, match=f"^AppNamespace {message}"):
        AppNamespace(name, cast(AppNamespaceArgs, args))
    assert monitor.registrations == {}


def test_docstring_example_runs(monitor: RecordingMonitor) -> None:
    run_docstring_example(AppNamespace)
    assert len(of_type(monitor, COMPONENT)) == 1
    assert one(monitor, NAMESPACE).inputs["metadata"]["labels"]["team"] == "payments"
    assert sorted(valid_objects(monitor)) == ["Namespace//shop", "NetworkPolicy/shop/default-deny"]
