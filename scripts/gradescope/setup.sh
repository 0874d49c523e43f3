#!/usr/bin/env bash
# setup.sh — Gradescope runs this once, as root, when it builds the autograder's
# image (Ubuntu): the packages proclab needs (scripts/deps, the same list as
# everywhere) and the harness's own programs (labrun, labprobe, the shims).
set -euo pipefail
source_dir=${AUTOGRADER_ROOT:-/autograder}/source
cd "$source_dir"
apt-get update -qq
scripts/deps
make --no-print-directory harness
