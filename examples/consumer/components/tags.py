"""The tags this organisation puts on every resource (its own convention, not stackyard's)."""


def team_tags(team: str, cost_centre: str) -> dict[str, str]:
    """`team` and `cost-centre` tags, for the components' `tags` argument."""
    if not team or not cost_centre:
        raise ValueError("team_tags: team and cost_centre must be non-empty")
    return {"team": team, "cost-centre": cost_centre}
