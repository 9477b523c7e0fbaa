"""Pulumi mocks for running the real program offline: `stackyard plan` and the tests use these.

The package reads as its parts, one module each:

- `answers`: `StackyardMocks`, which answers resource registrations with stable, unique, realistic ids
  (`vpc-0a1b…`, `subnet-…`), AWS ARNs and GCP self links, and answers the provider functions the stacks
  call (availability zones, caller identity, region, partition, GCP client config, zones, …); an unmocked
  function fails loudly instead of returning empty data. The answers per provider:
  - `aws`: ids, ARNs and computed attributes of AWS resources, and the AWS functions (`MOCK_ACCOUNT_ID`);
  - `gcp`: ids, self links and computed attributes of GCP resources, and the GCP functions
    (`MOCK_GCP_PROJECT`, `MOCK_GCP_PROJECT_NUMBER`);
  - `random`: pulumi-random passwords and strings;
  - `common`: what they share (the digest behind every id, UUIDs, region codes, a CA certificate).
- `monitor`: `RecordingMonitor`, Pulumi's `MockMonitor` plus what the plan needs and the stock monitor
  drops: each registration's parent, `protect`, `retainOnDelete` and inputs, recorded as a
  `Registration`, and URNs built the way the Pulumi engine builds them (the full parent type chain; none
  for children of the root stack).
- `masking`: every secret in the recorded inputs replaced by "[secret]" (`SECRET_MASK`), every unknown by
  "[unknown]" (`UNKNOWN_MASK`).
- `loops`: the event loops the SDK's executor threads need, owned and closed by the monitor.
"""

from .answers import StackyardMocks
from .aws import MOCK_ACCOUNT_ID
from .gcp import MOCK_GCP_PROJECT, MOCK_GCP_PROJECT_NUMBER
from .masking import SECRET_MASK, UNKNOWN_MASK, mask_secrets
from .monitor import MockArgs, RecordingMonitor, Registration

__all__ = [
    "MOCK_ACCOUNT_ID",
    "MOCK_GCP_PROJECT",
    "MOCK_GCP_PROJECT_NUMBER",
    "SECRET_MASK",
    "UNKNOWN_MASK",
    "MockArgs",
    "RecordingMonitor",
    "Registration",
    "StackyardMocks",
    "mask_secrets",
]
