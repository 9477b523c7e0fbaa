"""stackyard components for Kubernetes. Type tokens: `stackyard-k8s:index:<Class>`.

`ContainerService` has the same name and role as in `components.aws` and `components.gcp`; `AppNamespace`
is the namespace the services of one application share.
"""

from .container_service import ContainerService, ContainerServiceArgs, EgressRule
from .namespace import AppNamespace, AppNamespaceArgs

__all__ = [
    "AppNamespace",
    "AppNamespaceArgs",
    "ContainerService",
    "ContainerServiceArgs",
    "EgressRule",
]
