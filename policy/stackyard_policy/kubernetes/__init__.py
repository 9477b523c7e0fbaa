"""Kubernetes rules, one module per topic. `RULES` lists them in this order (the order the policy pack
registers them):

- `pod_security`: Pod Security "restricted" one requirement per rule;
- `container_config`: kube-score's, checkov's (CKV_K8S) and Pulumi's compliance policies (CRP) for the
  containers of workloads: resources, probes, image, identity;
- `secrets`: no secret as a literal env value or in a ConfigMap;
- `objects`: namespaces, service accounts, object kinds;
- `relations`: stack rules for what relates objects (a PodDisruptionBudget and a NetworkPolicy for the pods
  of each workload, HPA and replicas);
- `ingress`: Ingresses and the load balancers made of them (EKS Auto Mode's ALB behind a WAF web ACL in
  prod).

`helpers` holds what they share: the workload types, where each keeps its pod template, and how the rules
read objects (pod templates and specs, containers, names, namespaces).

Inputs are the Kubernetes object as the provider receives it (apiVersion, kind, metadata, spec) in
camelCase. A field that is absent has its Kubernetes default (no `allowPrivilegeEscalation` means it is
allowed, no `metadata.namespace` means the provider's namespace, `default` unless configured); a field
whose value is unknown (None or "[unknown]") makes a rule pass, since it cannot decide.

Sources: shared/reference/security-baseline.md, "Kubernetes"; Pod Security Standards
(kubernetes.io/docs/concepts/security/pod-security-standards, pod-security-admission `policy/check_*.go`);
kube-score `score/**`; checkov `checkov/kubernetes/checks/resource/k8s/`.
"""

from __future__ import annotations

from ..model import Rule
from . import container_config, ingress, objects, pod_security, relations, secrets
from .container_config import BATCH, MIN_HIGH_ID
from .helpers import (
    CRON_JOB,
    DAEMON_SET,
    DEPLOYMENT,
    JOB,
    POD,
    REPLICA_SET,
    REPLICATION_CONTROLLER,
    STATEFUL_SET,
    WORKLOADS,
    containers,
    pod_labels,
    pod_spec,
    pod_template,
)
from .ingress import INGRESS_CLASS, WAF_ANNOTATION
from .objects import (
    INGRESS,
    NAMESPACE,
    NAMESPACED,
    PLATFORM_SETTINGS,
    PSA_ENFORCE_LABEL,
    ROLE,
    ROLE_BINDING,
    SECRET,
    SERVICE,
    SERVICE_ACCOUNT,
    SYSTEM_NAMESPACES,
)
from .pod_security import (
    ADDABLE_CAPABILITY,
    APPARMOR_ANNOTATION,
    APPARMOR_TYPES,
    RESTRICTED_VOLUMES,
    SAFE_SYSCTLS,
    SECCOMP_TYPES,
    SELINUX_TYPES,
)
from .relations import HPA, NETWORK_POLICY, PDB, SCALABLE
from .secrets import CONFIG_MAP, SECRET_MARK, secret_like

RULES: list[Rule] = [
    *pod_security.RULES,
    *container_config.RULES,
    *secrets.RULES,
    *objects.RULES,
    *relations.RULES,
    *ingress.RULES,
]

__all__ = [
    "ADDABLE_CAPABILITY",
    "APPARMOR_ANNOTATION",
    "APPARMOR_TYPES",
    "BATCH",
    "CONFIG_MAP",
    "CRON_JOB",
    "DAEMON_SET",
    "DEPLOYMENT",
    "HPA",
    "INGRESS",
    "INGRESS_CLASS",
    "JOB",
    "MIN_HIGH_ID",
    "NAMESPACE",
    "NAMESPACED",
    "NETWORK_POLICY",
    "PDB",
    "PLATFORM_SETTINGS",
    "POD",
    "PSA_ENFORCE_LABEL",
    "REPLICATION_CONTROLLER",
    "REPLICA_SET",
    "RESTRICTED_VOLUMES",
    "ROLE",
    "ROLE_BINDING",
    "RULES",
    "SAFE_SYSCTLS",
    "SCALABLE",
    "SECCOMP_TYPES",
    "SECRET",
    "SECRET_MARK",
    "SELINUX_TYPES",
    "SERVICE",
    "SERVICE_ACCOUNT",
    "STATEFUL_SET",
    "SYSTEM_NAMESPACES",
    "WAF_ANNOTATION",
    "WORKLOADS",
    "containers",
    "pod_labels",
    "pod_spec",
    "pod_template",
    "secret_like",
]
