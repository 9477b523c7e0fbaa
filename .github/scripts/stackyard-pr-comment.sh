#!/usr/bin/env bash
# The offline preview of a pull request, as the body of one PR comment: for each stack,
#
#   uv run --locked stackyard diff <stack> --base <ref> --markdown --max-chars <n>
#
# renders the stack's plan at the pull request and at the base ref under Pulumi mocks (no cloud, no
# Pulumi backend, no secret) and compares them: the summary with the monthly cost delta, the stateful
# replacements first, a table of every change and a collapsible diff per resource.
#
# Run from the stackyard project's directory (the one with Pulumi.yaml and the Pulumi.<stack>.yaml files).
# Two callers run it exactly so:
#   - .github/workflows/stackyard-diff.yml, the reusable workflow users copy, on every pull request;
#   - .ci/run, on a known change in a temporary clone with no secret in the environment; and
#     tests/test_pr_comment.py renders docs/guides/pr-comment-example.md with it.
#
# Environment:
#   STACKS         the stacks to diff (Pulumi.<stack>.yaml here), separated by spaces, commas or newlines
#   BASE           the git ref to compare with, e.g. origin/main
#   OUT            the directory to write into: comment.md, the comment's body, and pr-number
#   PR_NUMBER      optional: the pull request's number, written to OUT/pr-number for the workflow that
#                  posts the comment (preview-comment.yml)
#   ALLOW_LABEL    optional: the label that allows a stateful replacement, named in the comment
#   RUN_URL        optional: a link to the run, shown in the comment (default: the GitHub Actions run's)
#   MAX_CHARS      optional: the most characters of one stack's diff (default: 58,000 shared among the
#                  stacks, so that the whole body stays under GitHub's 65,536-character comment limit)
#   GITHUB_OUTPUT  optional (GitHub Actions sets it): receives `replaced=<stacks>` (a stateful resource
#                  would be replaced or deleted: `stackyard diff` exited 3) and `failed=<stacks>` (the
#                  diff could not be made: any other non-zero exit)
#
# Exit status: 0 once comment.md is written, whatever the diffs found (the caller decides what fails the
# check, from `replaced` and `failed`); 2 on a usage error.
set -euo pipefail

usage() {
  echo "stackyard-pr-comment.sh: $*" >&2
  exit 2
}

[ -n "${STACKS:-}" ] || usage "STACKS is empty: name the stacks to diff, e.g. STACKS='staging prod'"
[ -n "${BASE:-}" ] || usage "BASE is empty: give the git ref to compare with, e.g. BASE=origin/main"
[ -n "${OUT:-}" ] || usage "OUT is empty: give the directory to write the comment into"
[[ "$BASE" != -* ]] || usage "BASE=${BASE}: a git ref, not an option"
if [ -n "${PR_NUMBER:-}" ] && ! [[ "$PR_NUMBER" =~ ^[1-9][0-9]{0,9}$ ]]; then
  usage "PR_NUMBER=${PR_NUMBER}: not a pull request number"
fi

mapfile -t stacks < <(printf '%s\n' "$STACKS" | tr ', \t' '\n\n\n' | sed '/^$/d')
[ "${#stacks[@]}" -gt 0 ] || usage "STACKS names no stack"
for stack in "${stacks[@]}"; do
  # A stack name becomes a file name and an argument: letters, digits, '.', '_' and '-' only.
  [[ "$stack" =~ ^[A-Za-z0-9][A-Za-z0-9._-]*$ ]] || usage "STACKS: '${stack}' is not a stack name"
done

max_chars=${MAX_CHARS:-$((58000 / ${#stacks[@]}))}
[[ "$max_chars" =~ ^[0-9]+$ ]] || usage "MAX_CHARS=${max_chars}: not a number"
run_url=${RUN_URL:-}
if [ -z "$run_url" ] && [ -n "${GITHUB_RUN_ID:-}" ]; then
  run_url="${GITHUB_SERVER_URL:-https://github.com}/${GITHUB_REPOSITORY:-}/actions/runs/${GITHUB_RUN_ID}"
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$OUT"
comment="$OUT/comment.md"
if [ -n "${PR_NUMBER:-}" ]; then
  printf '%s\n' "$PR_NUMBER" > "$OUT/pr-number"
fi

sections="$work/sections.md"
: > "$sections"
replaced=() failed=()
for stack in "${stacks[@]}"; do
  echo "stackyard diff ${stack} --base ${BASE}" >&2
  set +e
  uv run --locked stackyard diff "$stack" --base "$BASE" --markdown --max-chars "$max_chars" \
    > "$work/$stack.md" 2> "$work/$stack.err"
  code=$?
  set -e
  cat "$work/$stack.err" >&2
  printf '\n### `%s`\n\n' "$stack" >> "$sections"
  case "$code" in
    0 | 3)
      [ "$code" = 0 ] || replaced+=("$stack")
      cat "$work/$stack.md" >> "$sections"
      # stackyard's Markdown may end without a newline; the next heading needs one.
      [ -z "$(tail -c 1 "$work/$stack.md")" ] || echo >> "$sections"
      ;;
    *)
      failed+=("$stack")
      {
        printf ':x: `stackyard diff %s` failed with exit code %s' "$stack" "$code"
        [ -z "$run_url" ] || printf ' (see the [log](%s))' "$run_url"
        printf ':\n\n'
        echo '```text'
        tail -n 20 "$work/$stack.err" | cut -c 1-300
        echo '```'
      } >> "$sections"
      ;;
  esac
done

# The verdict first, then each stack's diff, then what the figures leave out.
{
  echo "## stackyard diff"
  echo
  printf 'What this pull request changes in each stack, against `%s`: both plans rendered offline by' "$BASE"
  printf ' `stackyard diff`, under mocks and without cloud credentials%s.\n' "${run_url:+ ([run](${run_url}))}"
  if [ "${#replaced[@]}" -gt 0 ]; then
    echo
    echo '> [!CAUTION]'
    printf '> A stateful resource would be replaced or deleted in:'
    printf ' `%s`' "${replaced[@]}"
    if [ -n "${ALLOW_LABEL:-}" ]; then
      printf '. The check fails unless the pull request has the label `%s`.\n' "$ALLOW_LABEL"
    else
      printf '. The check fails.\n'
    fi
  fi
  if [ "${#failed[@]}" -gt 0 ]; then
    echo
    echo '> [!WARNING]'
    printf '> The diff could not be made for:'
    printf ' `%s`' "${failed[@]}"
    printf '; the check fails. The error is under the stack.\n'
  fi
  cat "$sections"
  echo
  echo '<sub>Offline: each plan is rendered under mocks from the code and the stack files alone, so drift in'
  echo 'the cloud does not show (the real `pulumi preview` does, where cloud credentials are configured); the'
  echo 'monthly delta is at list prices and default usage (`stackyard cost`).</sub>'
} > "$comment"

printf 'replaced=%s\nfailed=%s\n' "${replaced[*]}" "${failed[*]}" >> "${GITHUB_OUTPUT:-/dev/null}"
echo "wrote ${comment} ($(wc -c < "$comment") bytes);" \
  "replaced: ${replaced[*]:-none}; failed: ${failed[*]:-none}" >&2
