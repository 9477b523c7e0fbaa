"""Labels on GCP resources: the rule every GCP component checks its `labels` argument against.

Keys: a lowercase letter, then lowercase letters, digits, _ or -, at most 63 characters; values: the same
characters, at most 63, possibly empty; at most 64 labels per resource
(cloud.google.com/resource-manager/docs/labels-overview, "Requirements for labels"). stackyard adds
`managed-by: stackyard` to every resource it labels, so a user may give 63.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

LABEL_KEY = re.compile(r"^[a-z][a-z0-9_-]{0,62}$")
LABEL_VALUE = re.compile(r"^[a-z0-9_-]{0,63}$")
MAX_USER_LABELS = 63
MANAGED_BY = {"managed-by": "stackyard"}


def check_labels(component: str, labels: object) -> dict[str, str]:
    """`labels` (None means none) as a dict, or a ValueError naming `component` and the labels that break
    the rule. A `managed-by` key is accepted and later overwritten by `managed_labels`."""
    if labels is None:
        return {}
    if not isinstance(labels, Mapping) or len(labels) > MAX_USER_LABELS:
        raise ValueError(
            f"{component} labels {labels!r} is not allowed; use a dict of at most {MAX_USER_LABELS} labels"
        )
    bad = {
        k: v
        for k, v in labels.items()
        if not isinstance(k, str)
        or not isinstance(v, str)
        or not LABEL_KEY.match(k)
        or not LABEL_VALUE.match(v)
    }
    if bad:
        raise ValueError(
            f"{component} labels {bad} is not allowed; use keys of a lowercase letter then lowercase "
            "letters, digits, _ or - (at most 63), and values of those characters"
        )
    return dict(labels)


def managed_labels(labels: Mapping[str, str]) -> dict[str, str]:
    """`labels` plus `managed-by: stackyard`."""
    return {**labels, **MANAGED_BY}
