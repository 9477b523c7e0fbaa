"""Auto Mode's load balancing (`ingress`): the regional WAF web ACL of the ALB (`ingress.web_acl`), the
certificate, and the IngressClass with its IngressClassParams."""

from dataclasses import dataclass
from typing import Any

import pulumi
import pulumi_aws as aws
import pulumi_kubernetes as k8s

from ..certificate import dns_validated_certificate, zone_name
from ..kms import log_encryption_key
from ..load_balancer import DEFAULT_SSL_POLICY
from ..waf import acl_logging, web_acl
from ..waf import log_group_name as waf_log_group_name
from .in_cluster import _labels
from .settings import (
    ALB_CONTROLLER,
    DEFAULT_INGRESS_CLASS,
    DEFAULT_RATE_LIMIT,
    DEFAULT_WAF_LOG_RETENTION_DAYS,
    EKS_API_GROUP,
    KubernetesIngressArgs,
    _Settings,
)


@dataclass(frozen=True)
class AlbIngressClass:
    """What the component outputs of its IngressClass."""

    class_name: pulumi.Output[str]
    certificate_arn: pulumi.Output[str]


def alb_web_acl(
    owner: pulumi.Resource, name: str, settings: _Settings, ingress: KubernetesIngressArgs
) -> pulumi.Output[str]:
    """The ALB's regional web ACL and its logging (components.aws.waf, as LoadBalancer's); returns its
    ARN. The Ingresses associate it (their wafv2-acl-arn annotation)."""
    physical = f"{settings.base}-eks-alb"
    acl = web_acl(
        owner,
        f"{name}-waf",
        physical=physical,
        description=f"Firewall of the ALB of the EKS cluster {name}, managed by stackyard",
        scope="REGIONAL",
        rate_limit=ingress.get("rate_limit", DEFAULT_RATE_LIMIT),
        tags=settings.tags,
    )
    log_key = (
        log_encryption_key(
            f"{name}-eks-waf-logs",
            f"Web ACL logs of the ALB of the EKS cluster {name}",
            owner,
            settings.tags,
            [waf_log_group_name(physical)],
            alias=f"{settings.base}-eks-waf-logs",
            delivery=True,
        ).arn
        if settings.encrypt_logs
        else None
    )
    acl_logging(
        owner,
        f"{name}-waf-logs",
        acl=acl,
        physical=physical,
        retention_days=ingress.get("waf_log_retention_days", DEFAULT_WAF_LOG_RETENTION_DAYS),
        tags=settings.tags,
        kms_key_arn=log_key,
    )
    return acl.arn


def alb_ingress_class(
    owner: pulumi.Resource,
    name: str,
    settings: _Settings,
    ingress: KubernetesIngressArgs,
    opts: pulumi.ResourceOptions,
) -> AlbIngressClass:
    """The certificate, the IngressClassParams and the IngressClass of Auto Mode's ALB."""
    hostnames = ingress["hostnames"]
    given = ingress.get("certificate_arn")
    if given is not None:
        certificate_arn = pulumi.Output.from_input(given)
    else:
        zone = ingress.get("hosted_zone_id")
        zone_id = (
            pulumi.Output.from_input(zone)
            if zone is not None
            else aws.route53.get_zone_output(
                name=zone_name(hostnames[0]),
                private_zone=False,
                opts=pulumi.InvokeOutputOptions(parent=owner),
            ).zone_id
        )
        certificate_arn = dns_validated_certificate(
            owner, f"{name}-ingress", hostnames[0], zone_id, settings.tags, hostnames=hostnames
        )
    class_name = ingress.get("class_name", DEFAULT_INGRESS_CLASS)
    spec: dict[str, Any] = {
        "scheme": "internet-facing",
        "ipAddressType": "ipv4",
        "group": {"name": ingress.get("group_name", "")},  # set by _ingress
        "targetType": "ip",
        "certificateARNs": [certificate_arn],
        "sslPolicy": ingress.get("ssl_policy", DEFAULT_SSL_POLICY),
        "loadBalancerAttributes": [
            {"key": "routing.http.drop_invalid_header_fields.enabled", "value": "true"}
        ],
    }
    subnet_ids = ingress.get("subnet_ids")
    if subnet_ids is not None:
        spec["subnets"] = {"ids": subnet_ids}
    params = k8s.apiextensions.CustomResource(
        f"{name}-ingress-params",
        api_version=f"{EKS_API_GROUP}/v1",
        kind="IngressClassParams",
        metadata={"name": class_name, "labels": _labels(name, "ingress-class")},
        spec=spec,
        opts=opts,
    )
    ingress_class = k8s.networking.v1.IngressClass(
        f"{name}-ingress-class",
        metadata={"name": class_name, "labels": _labels(name, "ingress-class")},
        spec={
            "controller": ALB_CONTROLLER,
            "parameters": {"api_group": EKS_API_GROUP, "kind": "IngressClassParams", "name": class_name},
        },
        opts=pulumi.ResourceOptions.merge(opts, pulumi.ResourceOptions(depends_on=[params])),
    )
    return AlbIngressClass(ingress_class.metadata.name, certificate_arn)
