"""Test infrastructure: the plan cache the xdist workers share (`plan_cache`)."""
