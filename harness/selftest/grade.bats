#!/usr/bin/env bats
# The grader holds against hostile submissions (harness/selftest/hostile/*.c,
# each a lab 01 fork_wait.c written to attack rather than pass), hostile peers
# and concurrent runs, and reports bad input clearly.
#
# Hostile code is graded as root here: that is how untrusted code is graded
# (each lab's programs then run as a uid of their own, in a PID namespace of
# their own). Those tests skip when not root. The normal-user tests need root
# too, to become a throwaway uid (setpriv) that owns a copy of the project.
# Anything that could change the project when the grader fails to protect it
# (tampering, a broken harness) works on a copy of the project, never on the
# checkout this runs from: others may be using it.

# Loaded outside setup(), where bats does not trace every command yet (lib/common.bash).
load ../lib/common

setup() {
  proclab_setup
  GRADE=$PROCLAB_ROOT/scripts/grade
  HOSTILE=$PROCLAB_ROOT/harness/selftest/hostile
  USED_UIDS=()
}

teardown() {
  proclab_teardown
  [[ -z ${USER_DIR:-} ]] || rm -rf "$USER_DIR"
}

need_root() { [[ $(id -u) -eq 0 ]] || skip "hostile code is graded as root only (see the header)"; }

# submission_with NAME [LAB...] — $BATS_TEST_TMPDIR/submission: hostile/NAME.c
# as lab 01, and each LAB (02-zombie, ...) copied from the solutions.
submission_with() {
  SUBMISSION=$BATS_TEST_TMPDIR/submission
  mkdir -p "$SUBMISSION/01-fork-wait"
  cp "$HOSTILE/$1.c" "$SUBMISSION/01-fork-wait/fork_wait.c"
  shift
  local lab
  for lab in "$@"; do cp -r "$PROCLAB_ROOT/solutions/$lab" "$SUBMISSION/"; done
}

# grade ARG... — run the grader (stderr kept apart: progress lines), remember
# the uids it gave the labs (from its "containment:" line) for assert_nothing_left.
grade() {
  run --separate-stderr "$GRADE" "$@"
  local uids
  # shellcheck disable=SC2154 # $stderr: set by run --separate-stderr
  uids=$(sed -nE 's/.*\(uids: (.*)\)$/\1/p' <<<"$stderr")
  for pair in $uids; do USED_UIDS+=("${pair#*=}"); done
}

# grade_hostile NAME [LAB...] — grade submission_with NAME LAB..., lab 01 and each LAB.
# Sets JSON to the results file. Short deadlines: these programs never behave.
grade_hostile() {
  need_root
  submission_with "$@"
  local -a labs=(--lab 01)
  local lab
  for lab in "${@:2}"; do labs+=(--lab "$lab"); done
  JSON=$BATS_TEST_TMPDIR/results.json
  PROCLAB_DEADLINE=3 grade "$SUBMISSION" "${labs[@]}" --json "$JSON"
}

# tests_of LAB — how many tests the lab has (they change: never hard-coded here).
tests_of() { "$PROCLAB_ROOT/harness/run-lab" --list "$1" | wc -l; }

# assert_lab_score LAB SCORE|all MAX|all — the table and results.json agree on it.
# (Every test is worth 1 point unless harness/rubric says otherwise: the
# assertions here only use all-or-nothing.)
assert_lab_score() {
  local max=$3 score=$2
  if [[ $max == all ]]; then
    max=$(jq --arg lab "$1: " '[.tests[] | select(.name | startswith($lab)) | .max_score] | add' "$JSON")
    assert_equal "$(jq --arg lab "$1: " '[.tests[] | select(.name | startswith($lab))] | length' "$JSON")" "$(tests_of "$1")"
  fi
  [[ $score == all ]] && score=$max
  set -- "$1" "$score" "$max"
  assert_output --regexp "[[:space:]]$2/$3 +$1: subtotal"
  local got
  got=$(jq -r --arg lab "$1: " '[.tests[] | select(.name | startswith($lab))] | "\(map(.score) | add)/\(map(.max_score) | add)"' "$JSON")
  assert_equal "$got" "$2/$3"
}

# assert_zero_score — grading ran (status 0), lab 01 scores 0 in table and results.json.
assert_zero_score() {
  assert_success
  assert_lab_score 01-fork-wait 0 all
  assert_equal "$(jq '[.tests[] | select(.name | startswith("01-fork-wait: ")) | select(.status == "failed")] | length' "$JSON")" \
    "$(tests_of 01-fork-wait)"
}

# assert_nothing_left — no process of a uid the grader used, no zombie of ours.
assert_nothing_left() {
  local uid
  _none_of_uids() {
    local uid
    for uid in "${USED_UIDS[@]}"; do [[ -z $(pgrep -u "$uid" || true) ]] || return 1; done
  }
  wait_until "$PROCLAB_DEADLINE" _none_of_uids ||
    fail "$(printf 'processes of the grading uids outlived grading:\n%s' "$(for uid in "${USED_UIDS[@]}"; do ps -o pid,ppid,stat,args -u "$uid"; done)")"
  _no_zombie_of_ours() { [[ -z $(ps -eo pid=,ppid=,stat=,args= | awk -v me=$$ '$3 ~ /^Z/ && $2 == me') ]]; }
  wait_until "$PROCLAB_DEADLINE" _no_zombie_of_ours || fail "zombies left under the test"
  [[ -z $(pgrep -f -- "$BATS_TEST_TMPDIR" || true) ]] || fail "$(printf 'processes still running from the test:\n%s' "$(pgrep -af -- "$BATS_TEST_TMPDIR")")"
}

# assert_no_temporary_files_left DIR — the grading that ran with TMPDIR=DIR
# left nothing in it: its own work areas, bats' and the tests' directories
# (a stopped bats never cleans up; run-lab removes them for it).
assert_no_temporary_files_left() {
  _nothing_in() { [[ -z $(find "$1" -mindepth 1 -maxdepth 1 -print -quit) ]]; }
  wait_until "$PROCLAB_DEADLINE" _nothing_in "$1" ||
    fail "$(printf 'the grading left temporary files behind:\n%s' "$(find "$1" -maxdepth 3 | head -n 40)")"
}

# wait_for_grading PID COMMAND [ARG...] — wait until COMMAND holds or the
# grader PID has ended (it ends by itself: every lab it grades runs under time
# limits). A fixed deadline for "got so far" is a guess at the machine's
# speed: 60 s was not enough for lab 01 and a test of lab 02 on a loaded
# machine where a process start costs 5 ms. 900 s is only the last resort.
wait_for_grading() {
  local grader=$1
  shift
  _holds_or_ended() { "${@:2}" || ! pid_alive "$1"; }
  wait_until 900 _holds_or_ended "$grader" "$@" || true
}

# copy_project DEST — a copy of the project to break or to hand to another uid:
# sources, harness, scripts, and what is built of the harness (mtimes kept, so
# make does not rebuild it).
copy_project() {
  mkdir -p "$1/build"
  cp -a "$PROCLAB_ROOT/Makefile" "$PROCLAB_ROOT/harness" "$PROCLAB_ROOT/scripts" \
    "$PROCLAB_ROOT/labs" "$PROCLAB_ROOT/solutions" "$1/"
  local built
  for built in labrun labprobe shims; do
    [[ -e $PROCLAB_ROOT/build/$built ]] && cp -a "$PROCLAB_ROOT/build/$built" "$1/build/"
  done
  return 0
}

# user_area — USER_DIR: a directory a throwaway uid (65532) can own and reach
# (bats' own temporary directories are root's, 700), removed by teardown.
user_area() {
  USER_DIR=$(mktemp -d /tmp/proclab-selftest-user.XXXXXX)
  chmod 755 "$USER_DIR"
  mkdir -p "$USER_DIR/tmp"
}

# as_user COMMAND... — run COMMAND as the throwaway uid, which owns USER_DIR.
as_user() {
  chown -R 65532:65532 "$USER_DIR"
  setpriv --reuid=65532 --regid=65532 --clear-groups env HOME="$USER_DIR" TMPDIR="$USER_DIR/tmp" "$@"
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
  assert_equal "$(grep -c '"name": "01-fork-wait: ' "$JSON")" "$(tests_of 01-fork-wait)"
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

@test "grade: a long failure output: the whole report, exit 0, and a bounded head and tail kept per test" {
  grade_hostile long_output 04-ignore-sigchld
  assert_zero_score
  assert_lab_score 04-ignore-sigchld all all
  assert_output --partial "results.json: $JSON"
  assert_output --partial "lines cut (all in results.json)"
  jq -e '[.tests[] | select(.output | test("… [0-9]+ bytes cut …"))] | length > 0' "$JSON" >/dev/null ||
    fail "no test's output in results.json says what was cut"
  # Every test's output is bounded (8000 bytes kept, plus the cut notice).
  assert_equal "$(jq '[.tests[] | select((.output | utf8bytelength) > 9000)] | length' "$JSON")" 0
  assert_nothing_left
}

@test "grade: short lines printed forever cost the grader little, and the other labs are graded right" {
  grade_hostile line_flood 04-ignore-sigchld
  assert_zero_score
  assert_lab_score 04-ignore-sigchld all all
  assert_equal "$(jq '.tests | length' "$JSON")" "$(($(tests_of 01-fork-wait) + $(tests_of 04-ignore-sigchld)))"
  assert_nothing_left
}

@test "grade: kill(-1) from a detached child reaches neither the other labs nor another grading" {
  need_root
  # Another grading of the reference solutions, at the same time.
  local other_json=$BATS_TEST_TMPDIR/other.json other_out=$BATS_TEST_TMPDIR/other.out
  # (One lab in each is enough to be reached; these are cheap to grade.)
  "$GRADE" "$PROCLAB_ROOT/solutions" --lab 05 --json "$other_json" >"$other_out" 2>&1 &
  local other=$!
  grade_hostile detached_kill 04-ignore-sigchld
  local other_status=0
  wait "$other" || other_status=$?
  assert_success
  assert_lab_score 04-ignore-sigchld all all
  [[ $other_status -eq 0 ]] || fail "$(printf 'the other grading failed (%d):\n%s' "$other_status" "$(cat "$other_out")")"
  jq -e '.score == .max_score and .max_score > 0' "$other_json" >/dev/null ||
    fail "$(printf 'the other grading lost points:\n%s' "$(cat "$other_out")")"
  assert_nothing_left
}

@test "grade: two gradings from one checkout, started together, each get their own results" {
  local a=$BATS_TEST_TMPDIR/a.json b=$BATS_TEST_TMPDIR/b.json
  "$GRADE" "$PROCLAB_ROOT/solutions" --lab 04 --json "$a" -q >"$BATS_TEST_TMPDIR/a.out" 2>&1 &
  local first=$!
  "$GRADE" "$PROCLAB_ROOT/labs" --lab 04 --json "$b" -q >"$BATS_TEST_TMPDIR/b.out" 2>&1 &
  local second=$!
  wait "$first" || fail "$(printf 'the solutions grading failed:\n%s' "$(cat "$BATS_TEST_TMPDIR/a.out")")"
  wait "$second" || fail "$(printf 'the stubs grading failed:\n%s' "$(cat "$BATS_TEST_TMPDIR/b.out")")"
  local n
  n=$(tests_of 04-ignore-sigchld)
  assert_equal "$(jq -r '"\(.score)/\(.max_score)"' "$a")" "$n/$n"
  assert_equal "$(jq -r '"\(.score)/\(.max_score)"' "$b")" "0/$n"
  grep -q 'not implemented' "$a" && fail "the solutions' results hold the stubs' messages"
  return 0
}

@test "grade: tampering with the harness as root changes nothing, and the other labs are graded right" {
  need_root
  local project=$BATS_TEST_TMPDIR/project
  copy_project "$project"
  local before
  before=$(cd "$project" && sha256sum harness/*.bats harness/rubric)
  submission_with tamper 04-ignore-sigchld
  JSON=$BATS_TEST_TMPDIR/results.json
  GRADE=$project/scripts/grade grade "$SUBMISSION" --lab 01 --lab 04 --json "$JSON"
  assert_success
  assert_lab_score 04-ignore-sigchld all all
  assert_equal "$(cd "$project" && sha256sum harness/*.bats harness/rubric)" "$before"
  [[ ! -e $project/tampered ]] || fail "the lab program wrote into the checkout"
  assert_nothing_left
}

@test "grade: tampering and kill(-1) as a normal user fail harmlessly in the lab's namespaces" {
  need_root   # to become a throwaway user
  user_area
  local project=$USER_DIR/project
  copy_project "$project"
  submission_with tamper 04-ignore-sigchld
  mv "$SUBMISSION" "$USER_DIR/submission"
  SUBMISSION=$USER_DIR/submission
  cp "$HOSTILE/detached_kill.c" "$SUBMISSION/01-fork-wait/fork_wait.c.kill"
  as_user "$project/harness/contain" --check ||
    skip "unprivileged user namespaces are not allowed here"
  local before
  before=$(cd "$project" && sha256sum harness/*.bats harness/rubric)
  JSON=$project/results.json
  run --separate-stderr as_user "$project/scripts/grade" "$SUBMISSION" --lab 01 --lab 04 --json "$JSON"
  assert_success
  [[ $(jq -r '.output' "$JSON") == *"containment: namespaces"* ]] || fail "$(jq -r .output "$JSON")"
  assert_lab_score 04-ignore-sigchld all all
  assert_equal "$(cd "$project" && sha256sum harness/*.bats harness/rubric)" "$before"
  [[ ! -e $project/tampered ]] || fail "the lab program wrote into the checkout"
  # Now a kill(-1) from a detached child, as the same user as the grader.
  mv "$SUBMISSION/01-fork-wait/fork_wait.c.kill" "$SUBMISSION/01-fork-wait/fork_wait.c"
  run --separate-stderr as_user "$project/scripts/grade" "$SUBMISSION" --lab 01 --lab 04 --json "$JSON"
  assert_success
  assert_lab_score 04-ignore-sigchld all all
  _none_of_user() { [[ -z $(pgrep -u 65532 || true) ]]; }
  wait_until "$PROCLAB_DEADLINE" _none_of_user || fail "$(printf 'left behind:\n%s' "$(ps -o pid,ppid,stat,args -u 65532)")"
}

@test "grade: as a normal user without containment, an untrusted submission is refused unless --unsafe" {
  need_root   # to become a throwaway user
  user_area
  local project=$USER_DIR/project
  copy_project "$project"
  mkdir -p "$project/sub"
  cp -r "$PROCLAB_ROOT/solutions/01-fork-wait" "$project/sub/"
  PROCLAB_CONTAINMENT=none run --separate-stderr as_user "$project/scripts/grade" "$project/sub" --lab 01 --json "$project/r.json"
  assert_failure 1
  [[ $stderr == *"refusing to grade"*"containment: none"*"--unsafe"* ]] || fail "stderr: $stderr"
  [[ ! -e $project/r.json ]] || fail "results.json written for a refused grading"
  # The project's own solutions are trusted.
  PROCLAB_CONTAINMENT=none run --separate-stderr as_user "$project/scripts/grade" "$project/solutions" --lab 01 --json "$project/r.json" -q
  assert_success
  PROCLAB_CONTAINMENT=none run --separate-stderr as_user "$project/scripts/grade" "$project/sub" --lab 01 --json "$project/r.json" -q --unsafe
  assert_success
  assert_output --partial "TOTAL  $(tests_of 01-fork-wait)/$(tests_of 01-fork-wait)"
}

@test "grade: a compile error in one program zeroes only its tests, and the compiler is quoted once" {
  local submission=$BATS_TEST_TMPDIR/submission
  mkdir -p "$submission"
  cp -r "$PROCLAB_ROOT/solutions/03-ignore-sigint" "$submission/"
  printf 'this is not C;\n' >>"$submission/03-ignore-sigint/count_sigint.c"
  JSON=$BATS_TEST_TMPDIR/results.json
  grade "$submission" --lab 03 --json "$JSON"
  assert_success
  # ignore_sigint's own tests still pass.
  assert_equal "$(jq '[.tests[] | select(.name | test("^03-ignore-sigint: (ignore_sigint sets|ignore_sigint idles|SIGINT sent with kill|SIGTERM still ends)")) | select(.status == "passed")] | length' "$JSON")" 4
  # count_sigint's own tests fail (the tests of every program together may too).
  jq -e '[.tests[] | select(.name | test("^03-ignore-sigint: count_sigint")) | select(.status == "passed")] | length == 0' "$JSON" >/dev/null
  # The compiler's messages: once, under the lab, not under each test.
  assert_equal "$(grep -c 'does not compile with' <<<"$output")" 1
  assert_output --partial 'this is not C'
  jq -e '[.tests[] | select(.output | contains("this is not C"))] | length == 0' "$JSON" >/dev/null ||
    fail "the compiler's messages are repeated under tests"
  jq -e '.output | contains("this is not C")' "$JSON" >/dev/null || fail "results.json lacks the compiler's messages"
}

@test "grade: a missing lab directory scores 0 with a reason, and grading goes on" {
  mkdir -p "$BATS_TEST_TMPDIR/empty"
  run "$GRADE" "$BATS_TEST_TMPDIR/empty" --lab 01 --json "$BATS_TEST_TMPDIR/r.json" -q
  assert_success
  assert_output --partial "TOTAL  0/$(tests_of 01-fork-wait)"
  assert_output --partial "has no 01-fork-wait/ directory"
}

@test "grade: bad arguments get a clear message, the usage line and status 2, and write nothing" {
  run -2 "$GRADE" /nonexistent/dir
  assert_output --partial "no such file or directory"
  assert_output --partial "usage: scripts/grade"
  run -2 "$GRADE" "$PROCLAB_ROOT/Makefile"
  assert_output --partial "not a directory"
  run -2 "$GRADE" --lab zz
  assert_output --partial "expected a lab number"
  run -2 "$GRADE" --lab 02-zombi
  assert_output --partial "no lab has that name; the labs are: 01-fork-wait"
  run -2 "$GRADE" --lab 06-zombie
  assert_output --partial "no lab has that name"
  run -2 "$GRADE" --lab 99
  assert_output --partial "there is no lab 99; the labs are: 01-fork-wait 02-zombie"
  run -2 "$GRADE" --frobnicate
  assert_output --partial "unknown option"
  run -2 "$GRADE" --jobs 0
  assert_output --partial "--jobs 0"
  run -2 "$GRADE" --lab
  assert_output --partial "--lab needs a value"
  run -2 "$GRADE" labs solutions
  assert_output --partial "more than one submission directory"
  local dir=$BATS_TEST_TMPDIR/out
  mkdir -p "$dir"
  run -2 "$GRADE" --json "$dir"
  assert_output --partial "is a directory"
  assert_equal "$(find "$dir" -mindepth 1 | wc -l)" 0
  run -2 "$GRADE" --json "$BATS_TEST_TMPDIR/no/such/dir/x.json"
  assert_output --partial "does not exist"
  [[ ! -e $BATS_TEST_TMPDIR/no ]] || fail "the grader created the directories of --json"
}

@test "grade: make grade takes a SUBMISSION path with spaces" {
  local submission="$BATS_TEST_TMPDIR/bob smith"
  mkdir -p "$submission"
  cp -r "$PROCLAB_ROOT/solutions/01-fork-wait" "$submission/"
  run make --no-print-directory -s -C "$PROCLAB_ROOT" -n grade SUBMISSION="$submission" LAB=01
  assert_success
  assert_output --partial "scripts/grade '$submission' --lab '01'"
}

@test "grade: a broken harness (a malformed rubric line, a .bats without tests) is said so, status 1" {
  local project=$BATS_TEST_TMPDIR/project
  copy_project "$project"
  printf '2 01-fork-wait: a space, not a tab\n' >>"$project/harness/rubric"
  run -1 "$project/scripts/grade" "$project/solutions" --lab 01 --json "$BATS_TEST_TMPDIR/r.json"
  assert_output --partial "the harness is broken: harness/rubric line"
  copy_project "$BATS_TEST_TMPDIR/project2"
  project=$BATS_TEST_TMPDIR/project2
  printf '#!/usr/bin/env bats\n# no tests at all\n' >"$project/harness/01-fork-wait.bats"
  run -1 "$project/scripts/grade" "$project/solutions" --lab 01 --json "$BATS_TEST_TMPDIR/r.json" -q
  assert_output --partial "the harness is broken"
  assert_output --partial "01-fork-wait.bats has no tests"
}

@test "grade: in a fresh copy without build/, the grader builds what the tests run" {
  local project=$BATS_TEST_TMPDIR/project
  copy_project "$project"
  rm -rf "$project/build"
  run "$project/scripts/grade" "$project/solutions" --lab 01 --json "$BATS_TEST_TMPDIR/r.json" -q
  assert_success
  assert_output --partial "TOTAL  $(tests_of 01-fork-wait)/$(tests_of 01-fork-wait)"
  [[ -x $project/build/labrun ]]
}

@test "grade: stopped half way, it still writes results.json: what was scored, the rest not run" {
  local json=$BATS_TEST_TMPDIR/r.json err=$BATS_TEST_TMPDIR/err
  user_area # (a TMPDIR of its own that the lab's uid can reach, as it can /tmp)
  TMPDIR=$USER_DIR/tmp "$GRADE" "$PROCLAB_ROOT/solutions" --lab 01 --lab 02 --lab 03 --jobs 1 --json "$json" \
    >"$BATS_TEST_TMPDIR/out" 2>"$err" &
  local grader=$!
  _first_lab_done() { grep -q '^  PASS .*02-zombie: ' "$err"; }
  wait_for_grading "$grader" _first_lab_done
  _first_lab_done || fail "$(printf 'grading ended before it got to lab 02:\n%s' "$(cat "$err")")"
  kill -TERM "$grader"
  local status=0
  wait "$grader" || status=$?
  assert_equal "$status" 1
  grep -q 'stopped by SIGTERM' "$err" || fail "$(cat "$err")"
  jq -e --argjson n "$(tests_of 01-fork-wait)" '[.tests[] | select(.name | startswith("01-fork-wait: ")) | .score] | add == $n' "$json" >/dev/null ||
    fail "$(printf 'lab 01 was graded but its score is lost:\n%s' "$(cat "$json")")"
  jq -e --argjson n "$(tests_of 03-ignore-sigint)" '[.tests[] | select(.name | startswith("03-ignore-sigint: ")) | select(.output | startswith("This test did not run"))] | length == $n' "$json" >/dev/null ||
    fail "$(printf 'lab 03 is not recorded as not run:\n%s' "$(cat "$json")")"
  # Nothing of the stopped grading runs on: no process of its lab uids (as
  # root), none under the test or in the grading's work area, no zombie.
  for pair in $(sed -nE 's/.*\(uids: (.*)\)$/\1/p' "$err"); do USED_UIDS+=("${pair#*=}"); done
  assert_nothing_left
  _none_in_user_area() { [[ -z $(pgrep -f -- "$USER_DIR/" || true) ]]; }
  wait_until "$PROCLAB_DEADLINE" _none_in_user_area ||
    fail "$(printf 'processes of the stopped grading still running:\n%s' "$(pgrep -af -- "$USER_DIR/")")"
  assert_no_temporary_files_left "$USER_DIR/tmp"
}

@test "grade: a lab split into shares gets the verdicts of an unsplit run, each share its own uid, and a stop keeps what they scored" {
  need_root # (only root splits a lab: each share needs a uid of its own)
  # A lab 01 whose programs only print their uid: every test fails, and its
  # output shows the uid its share ran the lab as.
  submission_with uid_report
  local one=$BATS_TEST_TMPDIR/one.json three=$BATS_TEST_TMPDIR/three.json
  PROCLAB_LAB_SHARDS=1 grade "$SUBMISSION" --lab 01 --json "$one"
  assert_success
  PROCLAB_LAB_SHARDS=3 grade "$SUBMISSION" --lab 01 --json "$three"
  assert_success
  local verdicts='[.tests[] | {name, status, score, failed_with_output: (.status == "failed" and (.output | length) > 0)}]'
  assert_equal "$(jq -c "$verdicts" "$three")" "$(jq -c "$verdicts" "$one")"
  assert_equal "$(jq "$verdicts | map(select(.failed_with_output | not)) | length" "$three")" 0
  # Three shares, three uids taken, and each of them ran some of the tests.
  local taken seen
  taken=$(sed -nE 's/.*\(uids: (.*)\)$/\1/p' <<<"$stderr" | tr ' ' '\n' | sed -nE 's/^01-fork-wait=//p' | sort -u)
  seen=$(jq -r '.tests[].output' "$three" | sed -nE 's/.*running as uid ([0-9]+).*/\1/p' | sort -u)
  assert_equal "$(wc -l <<<"$taken")" 3
  assert_equal "$seen" "$taken"
  # Stopped half way: what the shares scored is kept, the rest is not run.
  local json=$BATS_TEST_TMPDIR/stopped.json err=$BATS_TEST_TMPDIR/err
  user_area # (a TMPDIR of its own that the lab's uids can reach, as they can /tmp)
  TMPDIR=$USER_DIR/tmp PROCLAB_LAB_SHARDS=2 "$GRADE" "$PROCLAB_ROOT/solutions" --lab 08 --json "$json" \
    >"$BATS_TEST_TMPDIR/out" 2>"$err" &
  local grader=$!
  _some_passed() { (($(grep -c '^  PASS ' "$err") >= 4)); }
  wait_for_grading "$grader" _some_passed
  _some_passed || fail "$(printf 'grading ended before 4 tests had passed:\n%s' "$(cat "$err")")"
  kill -TERM "$grader"
  local status=0
  wait "$grader" || status=$?
  assert_equal "$status" 1
  local passed not_run
  passed=$(jq '[.tests[] | select(.status == "passed")] | length' "$json")
  not_run=$(jq '[.tests[] | select(.output | startswith("This test did not run"))] | length' "$json")
  ((passed >= 4 && not_run > 0)) || fail "$(printf '%s passed and %s not run after a stop:\n%s' "$passed" "$not_run" "$(cat "$json")")"
  assert_equal "$((passed + not_run))" "$(tests_of 08-shell)"
  for pair in $(sed -nE 's/.*\(uids: (.*)\)$/\1/p' "$err"); do USED_UIDS+=("${pair#*=}"); done
  assert_nothing_left
  assert_no_temporary_files_left "$USER_DIR/tmp"
}

@test "grade: the Check unit-test build cannot be made to print a file the grader may read" {
  need_root
  # A header that reaches for /etc/shadow only when check.h came first: the
  # programs build cleanly, only the unit tests' build is the attack.
  local submission=$BATS_TEST_TMPDIR/submission
  mkdir -p "$submission"
  cp -r "$PROCLAB_ROOT/solutions/07-address-space" "$submission/"
  printf '#ifdef CHECK_MAJOR_VERSION\n#include "/etc/shadow"\n#endif\n' >"$BATS_TEST_TMPDIR/attack.h"
  cat "$BATS_TEST_TMPDIR/attack.h" "$submission/07-address-space/classify.h" >"$BATS_TEST_TMPDIR/classify.h"
  cp "$BATS_TEST_TMPDIR/classify.h" "$submission/07-address-space/classify.h"
  run "$GRADE" "$submission" --lab 07 --json "$BATS_TEST_TMPDIR/r.json" -q
  assert_success
  assert_output --partial "Permission denied"
  refute_output --regexp 'root:[^:]*:[0-9]+:'
  run grep -cE 'root:[^:]*:[0-9]+:' "$BATS_TEST_TMPDIR/r.json"
  assert_output 0
}

@test "grade: a module cannot pass its unit tests by forging Check's logs, from a destructor or by killing Check's process" {
  # Both parsers parse nothing and rewrite the TAP and XML logs to say every
  # test passed: one from a destructor (after Check has written them), one
  # from inside a test, killing Check's process so it writes nothing after.
  local name json count passed in_test
  for name in forge_unit_destructor forge_unit_kill_parent; do
    SUBMISSION=$BATS_TEST_TMPDIR/$name
    mkdir -p "$SUBMISSION"
    cp -r "$PROCLAB_ROOT/solutions/08-shell" "$SUBMISSION/"
    in_test=0
    [[ $name == forge_unit_kill_parent ]] && in_test=1
    sed "s/^#define FORGE_IN_TEST 0\$/#define FORGE_IN_TEST $in_test/" "$HOSTILE/forge_unit_results.c" >"$SUBMISSION/08-shell/parse.c"
    grep -qx "#define FORGE_IN_TEST $in_test" "$SUBMISSION/08-shell/parse.c" || fail "forge_unit_results.c: no FORGE_IN_TEST line to set"
    json=$BATS_TEST_TMPDIR/$name.json
    grade "$SUBMISSION" --lab 08 --test '^08-shell: unit: ' --json "$json" -q
    assert_success
    count=$(jq '[.tests[] | select(.name | startswith("08-shell: unit: "))] | length' "$json")
    ((count > 0)) || fail "$name: no unit test of lab 08 was graded"
    passed=$(jq -r '[.tests[] | select(.status == "passed") | .name] | join("\n")' "$json")
    [[ -z $passed ]] || fail "$(printf '%s forged its way through these unit tests:\n%s' "$name" "$passed")"
  done
  jq -e '.tests[0].output | test("runs code outside the tests")' "$BATS_TEST_TMPDIR/forge_unit_destructor.json" >/dev/null ||
    fail "the destructor's module should be refused for running code outside the tests"
  jq -e '.tests[0].output | test("did not end normally")' "$BATS_TEST_TMPDIR/forge_unit_kill_parent.json" >/dev/null ||
    fail "the results of a Check process that was killed should not count"
}
