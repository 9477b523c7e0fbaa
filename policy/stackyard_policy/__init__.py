"""stackyard's security baseline as code: the rules of the CrossGuard pack in `policy/` and of
`stackyard check`, one list, `RULES`. Each rule is MANDATORY or ADVISORY, with its reason and a one-line
fix (see `model.Rule`). Sources: shared/reference/security-baseline.md (cdk-nag, checkov, AWSGuard, Pulumi
compliance policies, Pod Security Standards, kube-score)."""

from .aws import RULES as AWS_RULES
from .gcp import RULES as GCP_RULES
from .kubernetes import RULES as KUBERNETES_RULES
from .model import ADVISORY, MANDATORY, Resource, Rule, Violation, evaluate, resources_from_plan

RULES: list[Rule] = [*AWS_RULES, *GCP_RULES, *KUBERNETES_RULES]

__all__ = [
    "ADVISORY",
    "MANDATORY",
    "RULES",
    "Resource",
    "Rule",
    "Violation",
    "evaluate",
    "resources_from_plan",
]
