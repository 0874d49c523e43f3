#!/usr/bin/env bats
# shellcheck disable=SC2154 # output: set by bats' run
# Hidden tests of lab 05 — an example of the instructor's own tests (see
# harness/hidden/README.md). scripts/grade runs them with harness/05-reap-handler.bats;
# the handout never contains them. Loaded by absolute path, so a copy of this
# file works from any directory given to scripts/grade --hidden DIR.

# Loaded outside setup(), where bats does not trace every command yet (lib/common.bash).
load "${PROCLAB_ROOT:?}/harness/lib/common"

setup() {
  proclab_setup
}

teardown() { proclab_teardown; }

forked_pids() { sed -nE 's/^forked child ([0-9]+)$/\1/p' "$LAB_OUT"; }
reported_pids() { sed -nE 's/^child ([0-9]+) (exited with status|killed by signal) [0-9]+$/\1/p' "$LAB_OUT"; }

@test "05-reap-handler: hidden: two children are each reported once and reaped, then 'all 2' once" {
  lab_start reap_handler -s 2
  wait_output_lines '^all 2 children reaped$' 1
  assert_equal "$(forked_pids | sort -n | tr '\n' ' ')" "$(reported_pids | sort -n | tr '\n' ' ')"
  assert_equal "$(reported_pids | grep -c .)" 2
  assert_no_defunct "$LAB_PID"
}
