# shellcheck shell=bash
# harness/core.sh — what the harness needs to find itself and its tools.
# Sourced, not run. The harness knows no front end: scripts/lib.sh builds on
# this file, never the other way round.
#
# Sets PROCLAB_ROOT (exported), PROCLAB_DEPS_DIR, BATS_MINIMUM_VERSION,
# BATS_PINNED_VERSION (exported) and BATS_LIB_PATH (exported); defines
# version_at_least, bats_version and proclab_bats.

PROCLAB_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
PROCLAB_DEPS_DIR=$PROCLAB_ROOT/build/deps   # a pinned bats-core from npm, when needed
BATS_MINIMUM_VERSION=1.7.0                  # bats_load_library, run -N, --separate-stderr
export BATS_PINNED_VERSION=1.11.1           # installed from npm when the system's is older

export PROCLAB_ROOT

# bats libraries: ours from npm first (matching a pinned bats), then the system's.
export BATS_LIB_PATH="$PROCLAB_DEPS_DIR/node_modules:/usr/lib/bats:/usr/local/lib/bats${BATS_LIB_PATH:+:$BATS_LIB_PATH}"

# version_at_least HAVE WANT — dotted versions compared field by field.
version_at_least() {
  local lowest
  lowest=$(printf '%s\n%s\n' "$1" "$2" | sort -V)
  lowest=${lowest%%$'\n'*}   # the first line, without a pipe into head (SIGPIPE under pipefail)
  [[ $lowest == "$2" ]]
}

# bats_version PATH — the version a bats executable reports, or nothing.
bats_version() { "$1" --version 2>/dev/null | awk '{ print $2 }'; }

# proclab_bats — path of a bats-core new enough for the harness, or nothing.
proclab_bats() {
  local candidate version
  for candidate in "$PROCLAB_DEPS_DIR/node_modules/bats/bin/bats" "$(command -v bats || true)"; do
    [[ -n $candidate && -x $candidate ]] || continue
    version=$(bats_version "$candidate")
    if [[ -n $version ]] && version_at_least "$version" "$BATS_MINIMUM_VERSION"; then
      printf '%s\n' "$candidate"
      return 0
    fi
  done
  return 1
}
