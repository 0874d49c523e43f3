# shellcheck shell=bash
# scripts/lib.sh — shared by the scripts: where the project and its tools are.
# Sourced, not run. Everything of harness/core.sh (PROCLAB_ROOT, BATS_LIB_PATH,
# proclab_bats, ...), plus die and note for the front-end scripts.

# shellcheck source=../harness/core.sh
source "$(dirname "${BASH_SOURCE[0]}")/../harness/core.sh"

die() { printf '%s: %s\n' "$(basename "$0")" "$*" >&2; exit 1; }
note() { printf '%s: %s\n' "$(basename "$0")" "$*" >&2; }
