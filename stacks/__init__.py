"""stackyard stacks: the config model and profiles, the per-cloud builders, and `stackyard plan`."""
