"""The AWS rules of stackyard's baseline, one module per topic. `RULES` lists them in this order (the order
the policy pack registers them):

- `databases`: RDS instances and parameter groups, ElastiCache replication groups;
- `network`: security groups and their rules, the VPC's default security group, subnets, flow logs;
- `containers`: ECS task definitions, services, scheduled tasks (and their schedules' keys) and clusters;
- `edge`: load balancers (listeners, listener rules, target groups), WAF web ACLs (rules, association,
  logging) and, between the load balancer's rules and WAF logging's, `cloudfront`'s: CloudFront
  distributions and their access logs;
- `storage`: S3 buckets and their public access blocks, encryption, policies and versioning;
- `iam`: identity policies and managed-policy attachments;
- `kms`: KMS key rotation and key policies, Secrets Manager secrets' keys;
- `observability`: SNS topics and CloudWatch log groups (retention, keys);
- `eks`: EKS clusters.

`helpers` holds what they share: reading inputs, Pulumi's naming facts and the name-length check behind
the rules on the provider name limits the mocks do not check.

Values: an input that is absent (or null: Pulumi drops null inputs) is *not set*, so the provider's default
applies and a rule judges that default (`storageEncrypted` not set means unencrypted). Only an *unknown*
value ("[unknown]" in `stackyard plan`; under CrossGuard reading one raises `UnknownValueError`, which the
policy framework treats as "cannot decide") makes a rule pass. Lists and maps are read through
`Sequence`/`Mapping`, since CrossGuard hands policies proxies rather than `list`/`dict`.
"""

from __future__ import annotations

from ..model import Rule
from . import containers, databases, edge, eks, iam, kms, network, observability, storage
from .containers import ECS_CLUSTER, ECS_SERVICE, SCHEDULE, TASK_DEFINITION
from .databases import (
    RDS_IDENTIFIER_LIMIT,
    RDS_INSTANCE,
    RDS_PARAMETER_GROUP,
    RDS_PREFIX_LIMIT,
    REPLICATION_GROUP,
    REPLICATION_GROUP_ID_LIMIT,
)
from .edge import (
    DISTRIBUTION,
    LB_NAME_LIMIT,
    LB_PREFIX_LIMIT,
    LISTENERS,
    LOAD_BALANCERS,
    LOG_DELIVERY_SOURCE,
    TARGET_GROUPS,
    TLS12_LISTENER_POLICIES,
)
from .eks import EKS_CLUSTER
from .helpers import AUTONAME_SUFFIX, PREFIX_SUFFIX
from .iam import (
    ADMIN_POLICY_ARNS,
    GROUP_POLICY,
    IAM_POLICY,
    ONLY_STAR_WRITE_ACTIONS,
    POLICY_ATTACHMENTS,
    POLICY_DOCUMENTS,
    ROLE,
    ROLE_POLICY,
    USER_POLICY,
)
from .kms import KMS_KEY
from .network import (
    DEFAULT_SECURITY_GROUP,
    FLOW_LOG,
    HTTP_PORTS,
    INGRESS_RULE,
    INGRESS_TYPES,
    SECURITY_GROUP,
    SECURITY_GROUP_RULE,
    SUBNET,
    VPC,
)
from .observability import LOG_GROUP, SNS_TOPIC
from .storage import (
    ACCOUNT_PUBLIC_ACCESS_BLOCK,
    BUCKET_LOGGINGS,
    BUCKET_NAME_LIMIT,
    BUCKET_POLICY,
    BUCKET_PREFIX_LIMIT,
    BUCKETS,
    ENCRYPTIONS,
    PUBLIC_ACCESS_BLOCK,
    VERSIONINGS,
    Matcher,
)

RULES: list[Rule] = [
    *databases.RULES,
    *network.RULES,
    *containers.RULES,
    *edge.RULES,
    *storage.RULES,
    *iam.RULES,
    *kms.RULES,
    *observability.RULES,
    *eks.RULES,
]

__all__ = [
    "ACCOUNT_PUBLIC_ACCESS_BLOCK",
    "ADMIN_POLICY_ARNS",
    "AUTONAME_SUFFIX",
    "BUCKETS",
    "BUCKET_LOGGINGS",
    "BUCKET_NAME_LIMIT",
    "BUCKET_POLICY",
    "BUCKET_PREFIX_LIMIT",
    "DEFAULT_SECURITY_GROUP",
    "DISTRIBUTION",
    "ECS_CLUSTER",
    "ECS_SERVICE",
    "EKS_CLUSTER",
    "ENCRYPTIONS",
    "FLOW_LOG",
    "GROUP_POLICY",
    "HTTP_PORTS",
    "IAM_POLICY",
    "INGRESS_RULE",
    "INGRESS_TYPES",
    "KMS_KEY",
    "LB_NAME_LIMIT",
    "LB_PREFIX_LIMIT",
    "LISTENERS",
    "LOAD_BALANCERS",
    "LOG_DELIVERY_SOURCE",
    "LOG_GROUP",
    "ONLY_STAR_WRITE_ACTIONS",
    "POLICY_ATTACHMENTS",
    "POLICY_DOCUMENTS",
    "PREFIX_SUFFIX",
    "PUBLIC_ACCESS_BLOCK",
    "RDS_IDENTIFIER_LIMIT",
    "RDS_INSTANCE",
    "RDS_PARAMETER_GROUP",
    "RDS_PREFIX_LIMIT",
    "REPLICATION_GROUP",
    "REPLICATION_GROUP_ID_LIMIT",
    "ROLE",
    "ROLE_POLICY",
    "RULES",
    "SCHEDULE",
    "SECURITY_GROUP",
    "SECURITY_GROUP_RULE",
    "SNS_TOPIC",
    "SUBNET",
    "TARGET_GROUPS",
    "TASK_DEFINITION",
    "TLS12_LISTENER_POLICIES",
    "USER_POLICY",
    "VERSIONINGS",
    "VPC",
    "Matcher",
]
