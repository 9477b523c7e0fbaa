"""Ingresses and the load balancers the platform makes of them: in prod, EKS Auto Mode's internet-facing ALB
sits behind a WAF web ACL, which its Ingresses name.

Source: EKS User Guide, "Create an IngressClass to configure an Application Load Balancer": an
IngressClass with controller eks.amazonaws.com/alb makes Auto Mode create one ALB per group from its
Ingresses; of the AWS Load Balancer Controller's WAF annotations Auto Mode supports only
`alb.ingress.kubernetes.io/wafv2-acl-arn` (waf-acl-id and web-acl-id: "Not supported — Use WAF v2
instead"), whose merge behaviour is Exclusive: every Ingress of the group carries the same value."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence

from ..model import MANDATORY, Resource, Rule, is_unknown, stack_rule
from .helpers import _at, _of
from .objects import INGRESS

RULES: list[Rule] = []


INGRESS_CLASS = "kubernetes:networking.k8s.io/v1:IngressClass"
AUTO_MODE_ALB_CONTROLLER = "eks.amazonaws.com/alb"
WAF_ANNOTATION = "alb.ingress.kubernetes.io/wafv2-acl-arn"


def _auto_mode_class(ingress: Resource, classes: Mapping[str, str]) -> str | None:
    """The Auto Mode IngressClass (of `classes`, name by URN) that serves `ingress`: the one its
    ingressClassName names, or, that name not known yet, the one it depends on; None for another class."""
    name = _at(ingress.inputs, "spec", "ingressClassName")
    if isinstance(name, str):
        return name if name in classes.values() else None
    if name is None:  # unknown
        return next((classes[urn] for urn in ingress.dependencies if urn in classes), None)
    return None


@stack_rule(
    "kubernetes-eks-alb-waf-prod",
    MANDATORY,
    (INGRESS_CLASS, INGRESS),
    "A production Ingress served by EKS Auto Mode's internet-facing ALB (an IngressClass with controller "
    "eks.amazonaws.com/alb) puts that ALB behind a regional WAF web ACL, as aws-lb-waf-prod asks of the ecs "
    "runtime's load balancer: Auto Mode creates the ALB from the Ingresses and associates a web ACL only "
    "through their alb.ingress.kubernetes.io/wafv2-acl-arn annotation, the same on every Ingress of the "
    "group (checkov CKV2_AWS_28 on the ALB, issue #18).",
    "keep the prod profile's web ACL (KubernetesCluster ingress.web_acl) and give every public "
    "ContainerService its ARN as web_acl_arn (the stack does)",
    RULES,
)
def _eks_alb_waf(resources: Sequence[Resource]) -> Iterator[tuple[Resource, str]]:
    classes: dict[str, str] = {}
    for ingress_class in _of(resources, INGRESS_CLASS):
        name = _at(ingress_class.inputs, "metadata", "name")
        controller = _at(ingress_class.inputs, "spec", "controller")
        if controller == AUTO_MODE_ALB_CONTROLLER and (isinstance(name, str) or name is None):
            classes[ingress_class.urn] = name if isinstance(name, str) else ingress_class.name
    named: dict[str, str] = {}  # the first web ACL named by an Ingress of each class
    for ingress in _of(resources, INGRESS):
        served_by = _auto_mode_class(ingress, classes) if ingress.is_prod else None
        if served_by is None:
            continue
        annotations = _at(ingress.inputs, "metadata", "annotations")
        if annotations is None:  # unknown
            continue
        given = isinstance(annotations, Mapping) and WAF_ANNOTATION in annotations
        arn = annotations[WAF_ANNOTATION] if given else None
        if given and is_unknown(arn):
            continue
        if not (isinstance(arn, str) and arn):
            yield ingress, f"no {WAF_ANNOTATION} annotation: EKS Auto Mode's ALB is behind no WAF web ACL"
        elif ":wafv2:" not in arn:
            yield ingress, f"{WAF_ANNOTATION} is {arn!r}, not the ARN of a WAF v2 web ACL"
        elif named.setdefault(served_by, arn) != arn:
            yield (
                ingress,
                f"{WAF_ANNOTATION} is {arn!r} while another Ingress of the class {served_by} names "
                f"{named[served_by]!r}: Auto Mode needs one web ACL on every Ingress of the group",
            )
