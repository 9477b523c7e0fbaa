"""The text and Markdown forms of a `stacks.diff.PlanDiff` (`stackyard diff`, `stackyard diff --markdown`).

Text is for a terminal: stateful replacements first (in red on a terminal: stacks/terminal.py), then every
changed resource with its property changes, `~ path: before → after`, the outputs and a summary line.

Markdown is for a pull-request comment: a summary line, a caution block for stateful replacements, a
table of every changed resource, then one collapsible `<details>` per resource with its changes as a
`diff` block. It stays under `max_chars` (GitHub's comment limit, 65,536 characters, by default): what
does not fit is left out from the end, and a note says how much and how to see all of it.
"""

from __future__ import annotations

import html
import json
from collections.abc import Iterator
from typing import Any

from .diff import SYMBOLS, Change, PlanDiff, ResourceDiff
from .mocks import SECRET_MASK, UNKNOWN_MASK
from .plan_text import KEY_SETTINGS, setting
from .replacement import MISSING
from .terminal import CODES, Palette

GITHUB_COMMENT_LIMIT = 65_536
RED = CODES["red"]
TEXT_VALUE_LIMIT = 160
MARKDOWN_VALUE_LIMIT = 300
MAX_INPUT_LINES = 40
"""Inputs shown for a created or deleted resource in Markdown."""
MASKS = (SECRET_MASK, UNKNOWN_MASK)


def show(value: Any, limit: int = TEXT_VALUE_LIMIT) -> str:
    """A value on one line: JSON, except the plan's masks as they are; cut at `limit` characters."""
    if value is MISSING:
        return "(absent)"
    text = value if isinstance(value, str) and value in MASKS else json.dumps(value, default=str)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _change_line(change: Change, limit: int) -> str:
    note = "  (forces replacement)" if change.forces_replacement else ""
    if change.kind == "add":
        return f"+ {change.path}: {show(change.after, limit)}{note}"
    if change.kind == "remove":
        return f"- {change.path}: {show(change.before, limit)}{note}"
    return f"~ {change.path}: {show(change.before, limit)} → {show(change.after, limit)}{note}"


def _why(resource: ResourceDiff) -> str:
    if resource.action == "delete":
        return "deleted" + (" (retained in the cloud: retainOnDelete)" if resource.retain_on_delete else "")
    if resource.action == "create":
        return "created"
    if resource.reasons:
        return "; ".join(resource.reasons)
    count = len(resource.changes)
    return f"{count} propert{'y' if count == 1 else 'ies'}"


def _flags(resource: ResourceDiff) -> list[str]:
    flags = []
    if resource.protect and resource.action in ("replace", "delete"):
        flags.append("protect: pulumi up refuses to replace or delete it until it is unprotected")
    if resource.old_urn and resource.aliased:
        flags.append("renamed; an alias keeps it")
    return flags


def _delta(value: float | None) -> str:
    return "" if value is None else f"{value:+,.2f} USD/month"


def _key_settings(resource: ResourceDiff) -> str:
    keys = KEY_SETTINGS.get(resource.type, ())
    found = [(k, setting(resource.inputs, k)) for k in keys]
    return " ".join(f"{k}={show(v, 40)}" for k, v in found if v is not None)


# -- text ----------------------------------------------------------------------------------------------------


def render_text(diff: PlanDiff, color: bool = False) -> str:
    palette = Palette(color)
    red = palette.red

    lines = [f"stackyard diff · {diff.before_label} → {diff.after_label}", ""]
    if not diff.has_changes:
        lines += ["No changes: both plans create the same resources with the same inputs.", ""]
    if diff.dangerous:
        header = "Stateful resources that would be replaced or deleted (exit 3 unless --allow-replace):"
        lines.append(palette.paint(header, "bold", "red"))
        for resource in diff.dangerous:
            lines.append(
                red(f"  {SYMBOLS[resource.action]} {resource.type}  {resource.name}: {_why(resource)}")
            )
        lines.append("")
    if diff.resources:
        lines.append("Resources:")
        for resource in diff.resources:
            head = f"  {SYMBOLS[resource.action]:<2} {resource.type}  {resource.name}"
            extra = [f for f in (_delta(resource.monthly_delta),) if f]
            if resource.action in ("create", "delete") and resource.custom:
                extra.insert(0, _key_settings(resource))
            head += "".join(f"  {e}" for e in extra if e)
            lines.append(red(head) if resource.dangerous else head)
            if resource.old_urn:
                lines.append(f"       was {resource.old_urn}")
            lines += [f"       [{flag}]" for flag in _flags(resource)]
            lines += [f"       replace: {reason}" for reason in resource.reasons]
            lines += [f"       {_change_line(c, TEXT_VALUE_LIMIT)}" for c in resource.changes]
        lines.append("")
    if diff.dependents:
        lines.append("Depend on a replaced resource (pulumi up updates those that read its outputs):")
        lines += [f"  ~  {d.type}  {d.name}  (from {', '.join(d.replaced)})" for d in diff.dependents]
        lines.append("")
    if diff.cost_shifts:
        lines.append("Cost moves with another change (the resource itself is unchanged):")
        lines += [f"     {c.type}  {c.name}  {_delta(c.monthly_delta)}" for c in diff.cost_shifts]
        lines.append("")
    if diff.outputs:
        lines.append("Outputs:")
        lines += [f"  {_change_line(c, TEXT_VALUE_LIMIT)}" for c in diff.outputs]
        lines.append("")
    if diff.notes:
        lines += ["Notes:", *(f"  - {note}" for note in diff.notes), ""]
    total = diff.monthly_delta
    lines.append(f"Summary: {diff.summary()}" + (f"; {_delta(total)}" if total is not None else ""))
    return "\n".join(lines)


# -- markdown ------------------------------------------------------------------------------------------------


def _code(text: str) -> str:
    """`text` as inline code, safe in a table cell."""
    text = text.replace("\n", " ").replace("|", "\\|")
    if "`" in text:
        return f"`` {text} ``"
    return f"`{text}`"


def _cell(text: str) -> str:
    return text.replace("\n", " ").replace("|", "\\|")


def _details(resource: ResourceDiff) -> str:
    summary = (
        f"<code>{html.escape(SYMBOLS[resource.action])}</code> {html.escape(resource.action)} "
        f"<code>{html.escape(resource.name)}</code> <code>{html.escape(resource.type)}</code>"
    )
    if resource.dangerous:
        summary = f"🔴 {summary}"
    lines: list[str] = []
    if resource.old_urn:
        lines.append(f"  was {resource.old_urn}")
    lines += [f"  [{flag}]" for flag in _flags(resource)]
    lines += [f"  replace: {reason}" for reason in resource.reasons]
    for change in resource.changes:
        lines += _diff_lines(change)
    if resource.action in ("create", "delete"):
        sign = "+" if resource.action == "create" else "-"
        inputs = list(_flatten(resource.inputs))
        lines += [
            f"{sign} {path}: {show(value, MARKDOWN_VALUE_LIMIT)}" for path, value in inputs[:MAX_INPUT_LINES]
        ]
        if len(inputs) > MAX_INPUT_LINES:
            lines.append(f"  … {len(inputs) - MAX_INPUT_LINES} more inputs")
    body = "\n".join(lines) if lines else "  (no input changes)"
    return f"<details><summary>{summary}</summary>\n\n```diff\n{body}\n```\n\n</details>\n"


def _dependents(diff: PlanDiff) -> str:
    count = len(diff.dependents)
    lines = "\n".join(
        f"- {_code(d.name)} {_code(d.type)}, from {', '.join(_code(n) for n in d.replaced)}"
        for d in diff.dependents
    )
    what = f"{count} resource{'' if count == 1 else 's'} depend{'s' if count == 1 else ''} on a replaced one"
    return (
        f"<details><summary>{what}: <code>pulumi up</code> updates those that read its outputs</summary>"
        f"\n\n{lines}\n\n</details>\n"
    )


def _cost_shifts(diff: PlanDiff) -> str:
    lines = "\n".join(
        f"- {_code(c.name)} {_code(c.type)}: {_delta(c.monthly_delta)}" for c in diff.cost_shifts
    )
    count = len(diff.cost_shifts)
    what = f"{count} unchanged resource{'' if count == 1 else 's'} whose cost moves with another change"
    return f"<details><summary>{what}</summary>\n\n{lines}\n\n</details>\n"


def _outputs(outputs: list[Change]) -> str:
    body = "\n".join(line for change in outputs for line in _diff_lines(change))
    count = len(outputs)
    return (
        f"<details><summary>Stack outputs: {count} change{'' if count == 1 else 's'}</summary>\n\n"
        f"```diff\n{body}\n```\n\n</details>\n"
    )


def _diff_lines(change: Change) -> list[str]:
    note = "   # forces replacement" if change.forces_replacement else ""
    lines = []
    if change.before is not MISSING:
        lines.append(f"- {change.path}: {show(change.before, MARKDOWN_VALUE_LIMIT)}{note}")
    if change.after is not MISSING:
        lines.append(f"+ {change.path}: {show(change.after, MARKDOWN_VALUE_LIMIT)}{note}")
    return lines


def _flatten(value: Any, path: str = "") -> Iterator[tuple[str, Any]]:
    if isinstance(value, dict) and value:
        for key, item in value.items():
            yield from _flatten(item, f"{path}.{key}" if path else str(key))
    else:
        yield path, value


def _row(resource: ResourceDiff, priced: bool) -> str:
    action = f"{'🔴 ' if resource.dangerous else ''}`{SYMBOLS[resource.action]}` {resource.action}"
    cells = [action, _code(resource.name), _code(resource.type), _cell(_why(resource))]
    if priced:
        cells.append(_cell(_delta(resource.monthly_delta)))
    return "| " + " | ".join(cells) + " |"


def render_markdown(diff: PlanDiff, max_chars: int = GITHUB_COMMENT_LIMIT, rerun: str | None = None) -> str:
    """The diff as a PR comment of at most `max_chars` characters; `rerun` is the command that shows the
    whole diff, named in the truncation note."""
    head: list[str] = []
    counts = " · ".join(f"{diff.count(a)} to {a}" for a in ("create", "update", "replace", "delete"))
    title = f"**{_cell(diff.before_label)}** → **{_cell(diff.after_label)}**"
    if not diff.has_changes:
        head.append(f"{title}: no changes ({diff.unchanged} resources unchanged).")
        return _fit("\n".join(head) + "\n", max_chars)
    total = diff.monthly_delta
    cost = f" · {_delta(total)}" if total is not None else ""
    head.append(f"{title}: {counts} · {diff.unchanged} unchanged{cost}\n")
    if diff.dangerous:
        count = len(diff.dangerous)
        head += [
            "> [!CAUTION]",
            f"> **{count} stateful resource{'s' if count != 1 else ''} would be replaced or deleted** "
            "(`stackyard diff` exits 3 unless `--allow-replace`):",
        ]
        head += [
            f"> - `{SYMBOLS[r.action]}` {r.action} {_code(r.name)} {_code(r.type)}: {_cell(_why(r))}"
            for r in diff.dangerous
        ]
        head.append("")
    priced = any(r.monthly_delta is not None for r in diff.resources)
    tail: list[str] = []
    if diff.notes:
        tail += [f"> {_cell(note)}" for note in diff.notes]
        tail.append("")
    table_head = [
        "| Action | Resource | Type | Why |" + (" Monthly Δ |" if priced else ""),
        "|---|---|---|---|",
    ]
    if priced:
        table_head[1] += "---|"
    rows = [_row(r, priced) for r in diff.resources]
    details = [_details(r) for r in diff.resources]
    outputs = _outputs(diff.outputs) if diff.outputs else ""
    if diff.dependents:
        details.append(_dependents(diff))
    if diff.cost_shifts:
        details.append(_cost_shifts(diff))
    return _assemble(head, table_head, rows, details, outputs, tail, max_chars, rerun)


def _assemble(
    head: list[str],
    table_head: list[str],
    rows: list[str],
    details: list[str],
    outputs: str,
    tail: list[str],
    max_chars: int,
    rerun: str | None,
) -> str:
    """Head, table, details and outputs while they fit in `max_chars` with the tail and a truncation
    note; what does not fit is left out from the end and counted in the note."""
    reserve = 600  # the truncation note
    text_tail = "\n".join(tail) + ("\n" if tail else "")
    budget = max_chars - reserve - len(text_tail)
    body = "\n".join(head) + "\n" + "\n".join(table_head) + "\n"
    shown_rows = 0
    for row in rows:
        if len(body) + len(row) + 1 > budget:
            break
        body += row + "\n"
        shown_rows += 1
    body += "\n"
    shown_details = 0
    if shown_rows == len(rows):
        for block in details:
            if len(body) + len(block) + 1 > budget:
                break
            body += block + "\n"
            shown_details += 1
    outputs_shown = False
    if outputs and shown_details == len(details) and len(body) + len(outputs) + 1 <= budget:
        body += outputs + "\n"
        outputs_shown = True
    missing = []
    if shown_rows < len(rows):
        missing.append(f"{len(rows) - shown_rows} of {len(rows)} rows of the table")
    if shown_details < len(details):
        missing.append(f"the details of {len(details) - shown_details} of {len(details)} resources")
    if outputs and not outputs_shown:
        missing.append("the changes of the stack outputs")
    note = ""
    if missing:
        how = f"Run `{rerun}` to see everything" if rerun else "Run the same `stackyard diff` locally"
        note = (
            f"> [!NOTE]\n> Truncated to stay under GitHub's comment size limit ({max_chars:,} characters): "
            f"{', '.join(missing)} are not shown. {how} (`--json` for a machine-readable diff).\n\n"
        )
    return _fit(body + note + text_tail, max_chars)


def _fit(text: str, max_chars: int) -> str:
    """A last guard: never more than `max_chars` characters."""
    if len(text) <= max_chars:
        return text
    cut = "\n\n> [!NOTE]\n> Truncated to stay under the comment size limit.\n"
    return text[: max(0, max_chars - len(cut))] + cut
