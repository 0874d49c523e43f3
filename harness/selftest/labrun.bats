#!/usr/bin/env bats
# The supervisor's own tests: every promise labrun.c makes, with a program that
# would break it. Small shell programs stand in for lab code.

# Loaded outside setup(), where bats does not trace every command yet (lib/common.bash).
load ../lib/common

setup() {
  proclab_setup
  # shellcheck disable=SC2034 # read by lab_program: these tests name programs by path
  LAB_BIN=/nonexistent
}

teardown() { proclab_teardown; }

@test "labrun: reports a normal exit as 'exit N' and exits with N" {
  run -3 "$LABRUN" -R "$BATS_TEST_TMPDIR/r" -- /bin/sh -c 'exit 3'
  assert_equal "$(cat "$BATS_TEST_TMPDIR/r")" "exit 3"
}

@test "labrun: reports death by a signal as 'signal N NAME' and exits 128+N" {
  run -137 "$LABRUN" -R "$BATS_TEST_TMPDIR/r" -- /bin/sh -c 'kill -KILL $$'
  assert_equal "$(cat "$BATS_TEST_TMPDIR/r")" "signal 9 SIGKILL"
}

@test "labrun: the lab starts with default dispositions and an empty mask, even if SIGINT was ignored" {
  # bash's own trap '' makes SIGINT and SIGQUIT ignored in what it starts, as `&` does.
  run -0 bash -c 'trap "" INT QUIT; exec "$0" -- /bin/sh -c "grep -E \"^Sig(Ign|Blk)\" /proc/self/status"' "$LABRUN"
  assert_line --regexp '^SigIgn:[[:space:]]+0+$'
  assert_line --regexp '^SigBlk:[[:space:]]+0+$'
}

@test "labrun: no fd beyond 0-2 reaches the lab" {
  run -0 bash -c 'exec 7>/dev/null; "$0" -- /bin/sh -c "ls /proc/\$\$/fd"' "$LABRUN"
  assert_equal "$(tr '\n' ' ' <<<"$output")" "0 1 2 "
}

@test "labrun: a timeout kills the lab's whole process group and reports 'timeout'" {
  run -124 "$LABRUN" -t 1 -R "$BATS_TEST_TMPDIR/r" -- /bin/sh -c 'sleep 60 & echo "$!"; sleep 60' # allow-sleep: sleep is the program under test here, not a wait
  assert_equal "$(cat "$BATS_TEST_TMPDIR/r")" "timeout"
  wait_gone "${lines[0]}"
}

@test "labrun: a background child holding stdout open does not hang it, and is killed" {
  local started=$EPOCHSECONDS
  run -0 "$LABRUN" -t 20 -- /bin/sh -c 'sleep 60 & echo "$!"' # allow-sleep: sleep is the program under test here, not a wait
  ((EPOCHSECONDS - started < 10)) || fail "labrun waited for the background child"
  wait_gone "${lines[0]}"
}

@test "labrun: an orphan of the lab is reparented to labrun, not to PID 1" {
  local orphan
  lab_start /bin/sh -c '/bin/sh -c "sleep 60 & echo \$!"; exec sleep 60' # allow-sleep: sleep is the program under test here, not a wait
  wait_output_lines '^[0-9]+$' 1
  orphan=$(head -n 1 "$LAB_OUT")
  _ppid_is() { [[ $(ps -o ppid= -p "$1" | tr -d ' ') == "$2" ]]; }
  wait_until "$PROCLAB_DEADLINE" _ppid_is "$orphan" "$LABRUN_PID" ||
    fail "$(printf 'orphan %s should have labrun (%s) as parent:\n%s' "$orphan" "$LABRUN_PID" "$(ps -o pid,ppid,stat,args -p "$orphan")")"
  lab_stop
  wait_gone "$orphan"
}

@test "labrun: leaves the lab's own zombies alone while the lab lives, reaps them once it dies" {
  # `true &` ends at once; the shell then execs sleep, which never waits: one zombie.
  lab_start /bin/sh -c 'true & exec sleep 60' # allow-sleep: sleep is the program under test here, not a wait
  wait_defunct_count "$LAB_PID" 1
  local zombie
  zombie=$(defunct_children "$LAB_PID" | awk '{ print $1 }')
  # Still there a moment later: labrun did not reap it.
  ! wait_until 1 _pid_gone_now "$zombie" || fail "labrun reaped the lab's own zombie child"
  kill -KILL "$LAB_PID"
  wait_gone "$zombie"
  wait_gone "$LAB_PID"
}
_pid_gone_now() { [[ ! -e /proc/$1 ]]; }

@test "labrun: SIGTERM to labrun kills and reaps everything the lab started" {
  lab_start /bin/sh -c 'sleep 60 & sleep 60 & echo "$!"; wait' # allow-sleep: sleep is the program under test here, not a wait
  wait_output_lines '^[0-9]+$' 1
  local child
  child=$(head -n 1 "$LAB_OUT")
  lab_stop
  assert_equal "$LAB_END" "terminated"
  wait_gone "$child"
  wait_gone "$LAB_PID"
}

@test "labrun: the output limit cuts a flood off and kills the lab" {
  run -123 "$LABRUN" -o 1000 -R "$BATS_TEST_TMPDIR/r" -- /usr/bin/yes
  assert_equal "$(cat "$BATS_TEST_TMPDIR/r")" "output-limit"
  ((${#output} <= 1100)) || fail "relayed ${#output} bytes past a 1000-byte limit"
}

@test "labrun: the process limit stops a fork loop, and nothing is left afterwards" {
  run "$LABRUN" -n 10 -t 20 -- /bin/sh -c 'for i in $(seq 50); do sleep 30 & done; echo done' # allow-sleep: sleep is the program under test here, not a wait
  assert_output --partial "fork"   # sh: ... Cannot fork / Resource temporarily unavailable
  [[ -z $(pgrep -f 'sleep 30' -u 65533 || true) ]] || fail "sleeps outlived labrun" # allow-sleep: sleep is the program under test here, not a wait
}

@test "labrun: as root, the lab runs as an unprivileged uid" {
  [[ $(id -u) -eq 0 ]] || skip "only meaningful as root"
  run -0 "$LABRUN" -- /usr/bin/id -u
  assert_output 65533
}

@test "labrun: a program that cannot be run is reported, with status 127" {
  run -127 "$LABRUN" -R "$BATS_TEST_TMPDIR/r" -- /nonexistent/program
  assert_output --partial "No such file or directory"
  assert_equal "$(cat "$BATS_TEST_TMPDIR/r")" "exec-failed No such file or directory"
}

@test "labrun: bad options get a usage line and status 125" {
  run -125 "$LABRUN" -t banana -- /bin/true
  assert_output --partial "usage: labrun"
  run -125 "$LABRUN"
  assert_output --partial "no program given"
}

@test "helpers: wait_until gives up after its deadline" {
  run wait_until 1 false
  assert_failure
}

@test "helpers: wait_defunct_count fails on a program that leaves none, showing ps" {
  lab_start /bin/sh -c 'exec sleep 60' # allow-sleep: sleep is the program under test here, not a wait
  run wait_defunct_count "$LAB_PID" 1 1
  assert_failure
  assert_output --partial "expected exactly 1 <defunct> children of $LAB_PID"
  assert_output --partial "sleep 60" # allow-sleep: sleep is the program under test here, not a wait
}

@test "helpers: assert_no_defunct fails on a zombie and shows the <defunct> line" {
  lab_start /bin/sh -c 'true & exec sleep 60' # allow-sleep: sleep is the program under test here, not a wait
  wait_defunct_count "$LAB_PID" 1
  run assert_no_defunct "$LAB_PID"
  assert_failure
  assert_output --partial "<defunct>"
}

@test "labrun -N: the lab runs as pid 2 of its own PID namespace and sees only that in ps" {
  # The shell execs ps, so the namespace holds exactly its init (1) and ps (2).
  run -0 "$LABRUN" -N -- /bin/sh -c 'echo "me=$$"; exec ps -e -o pid='
  assert_equal "$(tr -d ' ' <<<"$output" | tr '\n' ' ')" "me=2 1 2 "
}

@test "labrun -N: kill -1 inside the namespace reaches nothing outside it" {
  [[ $(id -u) -eq 0 ]] || skip "as root: the bystander shares the lab's unprivileged uid"
  lab_start /bin/sleep 60 # allow-sleep: sleep is the program under test here, not a wait
  local bystander=$LAB_PID
  run "$LABRUN" -N -- /bin/sh -c 'kill -KILL -1; echo "kill -1 returned $?"'
  assert_line --partial "kill -1 returned"
  pid_alive "$bystander" || fail "kill -1 from inside -N killed the bystander $bystander outside"
}

@test "labrun: nested in another, it keeps the outer limits instead of failing" {
  # The inner one asks for far more processes than the outer allows.
  run -0 "$LABRUN" -u 0 -n 10 -- /bin/bash -c 'ulimit -u; "$0" -u 0 -n 100000 -- /bin/bash -c "ulimit -u"' "$LABRUN"
  local outer=${lines[0]} inner=${lines[1]}
  [[ $outer =~ ^[0-9]+$ && $inner =~ ^[0-9]+$ ]] || fail "expected two limits, got: $output"
  ((inner <= outer)) || fail "the inner labrun loosened the outer process limit: $outer -> $inner"
}
