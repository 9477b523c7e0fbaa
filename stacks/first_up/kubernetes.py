"""Notes of the Kubernetes runtime: reaching the cluster's API (or pointing the stack at an existing
cluster), and the ingress controller, certificates and DNS names of the public services. Each rule returns
None when its note does not apply.
"""

from __future__ import annotations

from .rules import Facts, _listing


def _kubernetes_cluster(f: Facts) -> str | None:
    if f.managed:
        return None
    settings = f.app.kubernetes
    if settings is not None and settings.cluster == "existing":
        return (
            "Point this stack at your cluster: `pulumi config set kubernetes:kubeconfig …` (or KUBECONFIG in "
            "the environment of `pulumi up`); the services are deployed there."
        )
    if settings is None or not settings.api_access_cidrs:
        return (
            "The new cluster's API endpoint is private: run `pulumi up` from inside the stack's network (a "
            "CI runner or a bastion there), or list the networks that run pulumi in "
            "`app.kubernetes.api_access_cidrs`; from elsewhere the Kubernetes objects cannot be created."
        )
    return (
        f"The new cluster's API endpoint admits only {_listing(settings.api_access_cidrs)} "
        "(`app.kubernetes.api_access_cidrs`): run `pulumi up` from there, or the Kubernetes objects cannot "
        "be created."
    )


def _ingress(f: Facts) -> str | None:
    hosts = f.public_hosts
    if f.managed or not hosts:
        return None
    settings = f.app.kubernetes
    names = _listing(sorted(set(hosts.values())))
    if settings is not None and settings.ingress_class:
        where = f" (namespace `{settings.ingress_namespace}`)" if settings.ingress_namespace else ""
        return (
            f"Install your ingress controller for IngressClass `{settings.ingress_class}`{where} and "
            f"cert-manager with the ClusterIssuer `{settings.cert_issuer}` on the cluster, and point {names} "
            "at the controller's load balancer: the Ingresses get no address or certificate until then."
        )
    if f.config.cloud == "gcp":  # GKE's Ingress: a static address and a Google-managed certificate per host
        return (
            f"After the first `pulumi up`, point A records of {names} to their addresses in the output "
            "`ingressAddresses`: Google-managed certificates become active, and HTTPS works, only once the "
            "names resolve there."
        )
    namespace = (
        settings.namespace if settings and settings.namespace else f"{f.app.name}-{f.config.environment}"
    )
    return (
        f"After the first `pulumi up`, point {names} at the load balancer of their Ingress (its DNS name: "
        f"`kubectl get ingress -n {namespace}`): the services are reachable by name only once the names "
        "resolve there."
    )
