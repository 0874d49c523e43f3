#!/usr/bin/env bats
# The grader holds against hostile submissions (harness/selftest/hostile/*.c,
# each a lab 01 fork_wait.c written to attack rather than pass), and reports
# bad input clearly. Run as root only: that is how untrusted code is graded
# (labrun then runs it as an unprivileged uid). Run as an ordinary user, the
# hostile programs would share the user's uid and could reach the user's
# other processes: a kill(-1) from them would end the user's session.

setup() {
  load ../lib/common
  proclab_setup
  GRADE=$PROCLAB_ROOT/scripts/grade
  HOSTILE=$PROCLAB_ROOT/harness/selftest/hostile
}

teardown() { proclab_teardown; }

# grade_hostile NAME — grade hostile/NAME.c as lab 01 of a fresh submission.
# Sets JSON to the results file. Short deadlines: these programs never behave.
grade_hostile() {
  [[ $(id -u) -eq 0 ]] || skip "hostile code is graded as root only (see the header)"
  local submission=$BATS_TEST_TMPDIR/submission
  mkdir -p "$submission/01-fork-wait"
  cp "$HOSTILE/$1.c" "$submission/01-fork-wait/fork_wait.c"
  JSON=$BATS_TEST_TMPDIR/results.json
  PROCLAB_DEADLINE=3 run "$GRADE" "$submission" --lab 01 --json "$JSON"
}

# assert_zero_score — grading ran (status 0), results.json scores 0 of 5.
assert_zero_score() {
  assert_success
  assert_output --partial "TOTAL  0/5"
  grep -qE '^  "score": 0,$' "$JSON" || fail "$(printf 'results.json does not score 0:\n%s' "$(cat "$JSON")")"
  assert_equal "$(grep -c '"status": "failed"' "$JSON")" 5
}

# assert_nothing_left — no process of the grading uid, no zombie under us.
assert_nothing_left() {
  local left
  _none_of_uid() { [[ -z $(pgrep -u 65533 || true) ]]; }
  wait_until "$PROCLAB_DEADLINE" _none_of_uid ||
    fail "$(printf 'processes of the grading uid outlived grading:\n%s' "$(ps -o pid,ppid,stat,args -u 65533)")"
  left=$(ps -eo pid=,ppid=,stat=,args= | awk '$3 ~ /^Z/')
  [[ -z $left ]] || fail "$(printf 'zombies after grading:\n%s' "$left")"
}

@test "grade: a fork bomb that floods stdout is contained, scored 0, and leaves nothing" {
  grade_hostile fork_bomb
  assert_zero_score
  assert_nothing_left
}

@test "grade: kill(-1), kill(0), a double-forked daemon and a write to results.json cannot touch the grader" {
  rm -f "$PROCLAB_ROOT/build/grade/tampered"
  grade_hostile kill_everything
  assert_zero_score
  # The results are the grader's: the program's {"score": 100} is not there,
  # and it could not leave a file of its own beside them.
  assert_equal "$(grep -c '"name": "01-fork-wait: ' "$JSON")" 5
  [[ ! -e $PROCLAB_ROOT/build/grade/tampered ]] || fail "the lab program wrote into build/grade/"
  assert_nothing_left
}

@test "grade: a program that ignores signals, eats memory and spins is stopped and scored 0" {
  grade_hostile hog
  assert_zero_score
  assert_nothing_left
}

@test "grade: the compiler cannot be made to print a file the grader may read" {
  grade_hostile include_secret
  assert_zero_score
  assert_output --partial "does not compile"
  assert_output --partial "Permission denied"
  refute_output --regexp 'root:[^:]*:[0-9]+:'
}

@test "grade: a missing lab directory scores 0 with a reason, and grading goes on" {
  mkdir -p "$BATS_TEST_TMPDIR/empty"
  run "$GRADE" "$BATS_TEST_TMPDIR/empty" --lab 01 --json "$BATS_TEST_TMPDIR/r.json"
  assert_success
  assert_output --partial "TOTAL  0/5"
  assert_output --partial "has no 01-fork-wait/ directory"
}

@test "grade: bad arguments get a usage line and status 2" {
  run -2 "$GRADE" /nonexistent/dir
  assert_output --partial "not a directory"
  assert_output --partial "usage: scripts/grade"
  run -2 "$GRADE" --lab zz
  assert_output --partial "expected a lab number"
  run -2 "$GRADE" --frobnicate
  assert_output --partial "unknown option"
}

@test "grade: the Check unit-test build cannot be made to print a file the grader may read" {
  [[ $(id -u) -eq 0 ]] || skip "hostile code is graded as root only (see the header)"
  # A header that reaches for /etc/shadow only when check.h came first: the
  # programs build cleanly, only the unit tests' build is the attack.
  local submission=$BATS_TEST_TMPDIR/submission
  mkdir -p "$submission"
  cp -r "$PROCLAB_ROOT/solutions/07-address-space" "$submission/"
  printf '#ifdef CHECK_MAJOR_VERSION\n#include "/etc/shadow"\n#endif\n' >"$BATS_TEST_TMPDIR/attack.h"
  cat "$BATS_TEST_TMPDIR/attack.h" "$submission/07-address-space/classify.h" >"$BATS_TEST_TMPDIR/classify.h"
  cp "$BATS_TEST_TMPDIR/classify.h" "$submission/07-address-space/classify.h"
  run "$GRADE" "$submission" --lab 07 --json "$BATS_TEST_TMPDIR/r.json"
  assert_success
  assert_output --partial "Permission denied"
  refute_output --regexp 'root:[^:]*:[0-9]+:'
  run grep -cE 'root:[^:]*:[0-9]+:' "$BATS_TEST_TMPDIR/r.json"
  assert_output 0
}
