#!/usr/bin/env bats
# Lab 02 — zombies. Part A (zombie): children end, the parent never waits and
# idles, so ps shows them <defunct>; kill -9 of the parent lets them be reaped.
# Part B (reaper): the shell's remedy, a non-blocking waitpid loop run every tick.
# Every program runs under labrun (its subreaper stands in for init); see lib/common.bash.

# stderr: set by bats' `run --separate-stderr`.
# shellcheck disable=SC2154

# Loaded outside setup(), where bats does not trace every command yet (lib/common.bash).
load lib/common

setup() {
  proclab_setup
}

teardown() { proclab_teardown; }

# parent_pids_printed — the C of every "hello, I am parent of C (pid:P)" line, in order.
parent_pids_printed() { sed -nE 's/^hello, I am parent of ([0-9]+) \(pid:[0-9]+\)$/\1/p' "$LAB_OUT"; }
# child_pids_printed — the C of every "hello, I am child of P (pid:C)" line, in order.
child_pids_printed() { sed -nE 's/^hello, I am child of [0-9]+ \(pid:([0-9]+)\)$/\1/p' "$LAB_OUT"; }
# sorted — whitespace-separated numbers on stdin, sorted, on one line.
sorted() { tr ' ' '\n' | sed '/^$/d' | sort -n | tr '\n' ' '; }

# stat_fields PID — the fields of /proc/PID/stat after the command name: the
# state is field 1 of these, utime and stime (clock ticks) fields 12 and 13.
stat_fields() {
  local stat
  { read -r stat <"/proc/$1/stat"; } 2>/dev/null || return 1
  printf '%s\n' "${stat##*) }"
}

# cpu_ticks PID — the CPU time PID has used so far (utime + stime, clock ticks).
cpu_ticks() {
  local -a f
  read -ra f <<<"$(stat_fields "$1")" || return 1
  ((${#f[@]} > 13)) || return 1
  printf '%s\n' $((f[11] + f[12]))
}

# sleeping_or_gone PID — true when PID sleeps (S) or no longer runs at all.
sleeping_or_gone() { [[ $(pid_state "$1") == S ]] || ! pid_alive "$1"; }

# voluntary_switches PID — how many times PID has gone to sleep of its own accord.
voluntary_switches() { proc_status_field "$1" voluntary_ctxt_switches; }

# worked_since PID BASE — true once PID has slept BASE+3 times (three more ticks of
# "work"), or once it no longer runs (the caller then fails on pid_alive).
worked_since() {
  local now
  now=$(voluntary_switches "$1")
  [[ -z $now ]] || ((now >= $2 + 3)) || ! pid_alive "$1"
}

# ---------------------------------------------------------------- Part A: zombie

# Requirement: R3, R5
@test "02-zombie: ps shows exactly N <defunct> children in state Z whose PPID is the program" {
  lab_start zombie 5
  wait_output_lines "^parent $LAB_PID: not waiting for 5 children; pausing\$" 1
  wait_defunct_count "$LAB_PID" 5

  # The zombies are the children the program forked, and each knew its parent.
  local zombies forked said
  zombies=$(defunct_children "$LAB_PID" | awk '{ print $1 }' | sorted)
  forked=$(parent_pids_printed | sorted)
  said=$(child_pids_printed | sorted)
  [[ $zombies == "$forked" && $zombies == "$said" ]] ||
    fail "$(printf 'the zombies should be the children the program printed\n  zombies in ps:            %s\n  "I am parent of C" lines: %s\n  "I am child of .. (pid:C)": %s\nps showed:\n%s\n%s' \
      "$zombies" "$forked" "$said" "$(ps_tree_of "$LAB_PID")" "$(lab_context)")"
  assert_equal "$(sed -nE 's/^hello, I am child of ([0-9]+) .*/\1/p' "$LAB_OUT" | sort -u)" "$LAB_PID"

  # Each ps line: PPID is the program, STAT is Z, and args shows the <defunct> marker.
  local lines bad
  lines=$(ps_children "$LAB_PID")
  bad=$(awk -v p="$LAB_PID" '$2 != p || $3 !~ /^Z/ || $0 !~ /<defunct>/' <<<"$lines")
  [[ -n $lines && -z $bad ]] ||
    fail "$(printf 'every child of %s should be a zombie: PPID %s, STAT Z, args <defunct>; not so:\n%s\nps showed:\n%s' \
      "$LAB_PID" "$LAB_PID" "$bad" "$(ps_tree_of "$LAB_PID")")"
  # A zombie keeps its exit status for the parent that never asks: field 52
  # of /proc/PID/stat (exit_code, as waitpid would report it). _exit(0): 0.
  local zombie stat code
  for zombie in $zombies; do
    read -r stat <"/proc/$zombie/stat" || fail "could not read /proc/$zombie/stat"
    read -ra stat <<<"${stat##*) }"
    code=${stat[49]:-} # fields from 3 (state) on: field 52 is index 49
    [[ $code == 0 ]] ||
      fail "$(printf 'zombie %s left with raw status %s (exit_code in /proc/PID/stat); each child leaves with _exit(0)' "$zombie" "${code:-?}")"
  done
  pid_alive "$LAB_PID" ||
    fail "$(printf 'the parent should stay alive (its zombies stay with it)\n%s' "$(lab_context)")"
}

# Requirement: R4
@test "02-zombie: the parent idles in pause(), not a busy loop" {
  lab_start zombie
  wait_output_lines 'pausing$' 1
  wait_defunct_count "$LAB_PID" 3

  # A busy loop is always R (running or waiting for a CPU), never S: so the
  # parent must get to sleep...
  lab_wait_until sleeping_or_gone "$LAB_PID" || true
  pid_alive "$LAB_PID" || fail "$(printf 'the parent should stay alive\n%s' "$(lab_context)")"
  local state
  state=$(pid_state "$LAB_PID")
  [[ $state == S ]] ||
    fail "$(printf 'the parent should sleep in pause() (state S), but it is in state %s: a busy loop?\nps showed:\n%s\n%s' \
      "$state" "$(ps -o pid,ppid,stat,time,wchan:20,args -p "$LAB_PID")" "$(why_wait_ended)")"

  # ...and stay asleep, using no CPU, over a short window of samples. This
  # watches a state that must persist; it does not wait for one.
  local before after samples=0 woke=()
  before=$(cpu_ticks "$LAB_PID")
  local end_us=$((${EPOCHREALTIME/[.,]/} + 300000))
  while ((${EPOCHREALTIME/[.,]/} < end_us)); do
    state=$(pid_state "$LAB_PID")
    samples=$((samples + 1))
    [[ $state == S ]] || woke+=("$state")
    pause_for 0.01 # allow-sleep: the interval between samples of a persisting state
  done
  after=$(cpu_ticks "$LAB_PID")
  ((${#woke[@]} == 0)) ||
    fail "$(printf 'the parent should stay asleep in pause(); in %s samples it was not S %s times (%s)\nps showed:\n%s' \
      "$samples" "${#woke[@]}" "${woke[*]}" "$(ps -o pid,ppid,stat,time,wchan:20,args -p "$LAB_PID")")"
  if [[ -z $before || -z $after ]] || ((after - before > 1)); then
    fail "$(printf 'an idle parent uses no CPU, but its utime+stime went from %s to %s ticks in 0.3 s\nps showed:\n%s' \
      "$before" "$after" "$(ps -o pid,ppid,stat,time,wchan:20,args -p "$LAB_PID")")"
  fi
}

# Requirement: R4
@test "02-zombie: after kill -9 of the parent, the zombies are reparented, reaped, and gone from ps" {
  lab_start zombie 4
  wait_output_lines 'pausing$' 1
  wait_defunct_count "$LAB_PID" 4
  local -a zombies
  mapfile -t zombies < <(defunct_children "$LAB_PID" | awk '{ print $1 }')

  # The lecture's manual remedy. Orphans go to the nearest subreaper — here
  # labrun, standing in for init — which reaps them.
  kill -KILL "$LAB_PID"
  local zombie
  for zombie in "${zombies[@]}"; do
    wait_gone "$zombie"
  done
  lab_wait_end
  [[ $LAB_END == "signal 9 SIGKILL" ]] ||
    fail "$(printf 'the parent should have lived until kill -9 ended it\n%s' "$(lab_context)")"
}

# ---------------------------------------------------------------- Part B: reaper

# _stalled — the reaper can no longer reap by itself: every child is <defunct>
# or stopped, one at least <defunct>, and the parent has gone through 5 more
# ticks of its work (5 more sleeps) since that was first seen, reaping none.
# A parent that ticks in nanosleep never settles, so this is what ends its waits.
_stalled() {
  local children switches
  children=$(ps_children "$LAB_PID")
  if [[ -z $children || -n $(awk '$3 !~ /^[ZT]/' <<<"$children") || -z $(awk '$3 ~ /^Z/' <<<"$children") ]]; then
    STALL_BASE=''
    return 1
  fi
  switches=$(voluntary_switches "$LAB_PID")
  [[ -n $STALL_BASE ]] || STALL_BASE=$switches
  # shellcheck disable=SC2034 # WAIT_ENDED is read by why_wait_ended
  [[ -n $switches ]] && ((switches >= STALL_BASE + 5)) &&
    WAIT_ENDED="settled: its children are <defunct> (or stopped) and the parent has slept 5 ticks since without reaping one"
}

# _line_or_stalled PATTERN — the reaper printed a line matching PATTERN, or it is stalled.
_line_or_stalled() { _output_has "$1" 1 || _stalled; }

# wait_reaper_line PATTERN — wait for a line of the reaper's output; the wait
# ends early once it cannot come any more (_stalled), and fails saying why.
wait_reaper_line() {
  STALL_BASE=''
  lab_wait_until _line_or_stalled "$1" || true
  _output_has "$1" 1 && return 0
  fail "$(printf 'expected a line matching /%s/; ps showed:\n%s\n%s\n%s' \
    "$1" "$(ps_tree_of "$LAB_PID")" "$(why_wait_ended)" "$(lab_context)")"
}

# wait_all_reaped N — wait_reaper_line for "all N children reaped".
wait_all_reaped() { wait_reaper_line "^all $1 children reaped\$"; }

# Requirement: R5, R6, R9, R11, R13
@test "02-zombie: children that exit at different times are all reaped while the parent stays alive" {
  lab_start reaper 4
  wait_all_reaped 4
  wait_output_lines '^no children left \(waitpid: ECHILD\); still working$' 1
  # Each child's own line names the program as its parent and itself as pid.
  assert_equal "$(sed -nE 's/^hello, I am child of ([0-9]+) .*/\1/p' "$LAB_OUT" | sort -u)" "$LAB_PID"
  assert_equal "$(child_pids_printed | sorted)" "$(parent_pids_printed | sorted)"

  # One report per child: child k (forked k-th) exited with status k.
  local -a forked
  mapfile -t forked < <(parent_pids_printed)
  assert_equal "${#forked[@]}" 4
  local k child
  for k in 1 2 3 4; do
    child=${forked[k - 1]}
    [[ $(grep -cx "reaped child $child: exited with status $k" "$LAB_OUT") -eq 1 ]] ||
      fail "$(printf 'child %s (forked as number %s) should be reported once, as "reaped child %s: exited with status %s"\n%s' \
        "$child" "$k" "$child" "$k" "$(lab_context)")"
  done
  local reports
  reports=$(grep -c '^reaped child ' "$LAB_OUT" || true)
  [[ $reports -eq 4 ]] ||
    fail "$(printf 'expected exactly 4 "reaped child" lines, got %s\n%s' "$reports" "$(lab_context)")"

  # The parent stays alive and keeps working (it goes on sleeping tick after
  # tick) with nothing of its children left in the process table.
  local base
  base=$(voluntary_switches "$LAB_PID")
  lab_wait_until worked_since "$LAB_PID" "${base:-0}" || true
  pid_alive "$LAB_PID" ||
    fail "$(printf 'the parent should stay alive and keep working after reaping\n%s' "$(lab_context)")"
  assert_no_defunct "$LAB_PID"
  local left
  left=$(ps_children "$LAB_PID")
  [[ -z $left ]] ||
    fail "$(printf 'after reaping, the parent should have no children; ps showed:\n%s' "$(ps_tree_of "$LAB_PID")")"
}

# sample_wchan PID N — record where PID sleeps in the kernel (WCHAN_SAMPLES);
# true once the lab has said "all N children reaped" or has ended.
sample_wchan() {
  kernel_wait_channel "$1"
  WCHAN_SAMPLES+=("${WAIT_CHANNEL:-?}")
  grep -q "^all $2 children reaped\$" "$LAB_OUT" || ! pid_alive "$LABRUN_PID" || _stalled
}

# Requirement: R7
@test "02-zombie: the parent never blocks in wait while children run" {
  lab_start reaper 5
  wait_output_lines '^hello, I am parent of ' 5

  # While the children run (child k lives k*100 ms), see where the parent
  # sleeps: a parent blocked in wait()/waitpid(.., 0) sleeps in do_wait; one
  # that works in ticks, in its tick (hrtimer_nanosleep for nanosleep).
  WCHAN_SAMPLES=() STALL_BASE=''
  lab_wait_until sample_wchan "$LAB_PID" 5 || true
  wait_output_lines '^all 5 children reaped$' 1 0 # already waited for above

  local blocked=0 known=0 sample
  for sample in "${WCHAN_SAMPLES[@]}"; do
    [[ $sample == do_wait ]] && blocked=$((blocked + 1))
    [[ $sample != [0?] ]] && known=$((known + 1))
  done
  local summary
  summary=$(printf '%s\n' "${WCHAN_SAMPLES[@]}" | sort | uniq -c | sort -rn)
  ((known > 0)) ||
    fail "$(printf 'could not see where the parent sleeps (/proc/%s/wchan gave only 0 or nothing):\n%s' "$LAB_PID" "$summary")"
  ((blocked == 0)) ||
    fail "$(printf 'the parent was blocked in wait (wchan do_wait) in %s of %s samples while its children ran; it should poll with WNOHANG and go back to work.\nwchan samples (count, function):\n%s\n%s' \
      "$blocked" "${#WCHAN_SAMPLES[@]}" "$summary" "$(lab_context)")"
}

# Requirement: R6, R12
@test "02-zombie: a child killed by a signal is reported as killed, not as exited" {
  lab_start reaper 13
  wait_output_lines '^hello, I am child of ' 13
  local -a forked
  mapfile -t forked < <(parent_pids_printed)
  assert_equal "${#forked[@]}" 13
  # Children 9, 11, 12 and 13 live 900 ms and more: still running now. Each
  # gets a signal with a name of another kind: a standard one; the first and
  # the last real-time signals (SIGRTMIN+0, SIGRTMIN+30); signal 32, below
  # SIGRTMIN, which has no name of either kind.
  local k rtmin rtmax
  rtmin=$(kill -l RTMIN) rtmax=$(kill -l RTMAX)
  for k in 9 11 12 13; do
    pid_alive "${forked[k - 1]}" ||
      fail "$(printf 'child %s (number %s) should still be running (it sleeps %s ms)\nps showed:\n%s' \
        "${forked[k - 1]}" "$k" "$((k * 100))" "$(ps_tree_of "$LAB_PID")")"
  done
  kill -TERM "${forked[8]}"
  kill -s RTMIN "${forked[10]}"
  kill -s RTMAX "${forked[11]}"
  kill -32 "${forked[12]}"
  wait_all_reaped 13

  run cat "$LAB_OUT"
  assert_line "reaped child ${forked[8]}: killed by signal $(kill -l TERM) (SIGTERM)"
  assert_line "reaped child ${forked[10]}: killed by signal $rtmin (SIGRTMIN+0)"
  assert_line "reaped child ${forked[11]}: killed by signal $rtmax (SIGRTMIN+$((rtmax - rtmin)))"
  assert_line "reaped child ${forked[12]}: killed by signal 32 (signal 32)"
  for k in 9 11 12 13; do refute_line --regexp "^reaped child ${forked[k - 1]}: exited"; done
  for k in 1 2 3 4 5 6 7 8 10; do
    assert_line "reaped child ${forked[k - 1]}: exited with status $k"
  done
  # Child k lives k x 100 ms, so the others end, and are reaped, in the order
  # they were forked; child 10's second (1000 ms) is a whole second.
  local order
  order=$(sed -nE 's/^reaped child [0-9]+: exited with status ([0-9]+)$/\1/p' "$LAB_OUT" | paste -sd' ')
  [[ $order == "1 2 3 4 5 6 7 8 10" ]] ||
    fail "$(printf 'child k sleeps k x 100 ms: the children that exited should be reaped in the order 1 2 3 4 5 6 7 8 10, not %s\n%s' \
      "$order" "$(lab_context)")"
}

# ---------------------------------------------------------------- both: arguments, output

# refused PROGRAM ARG... — PROGRAM must print a usage line naming itself (its
# argv[0], the path it was run by) on stderr, nothing on stdout, fork nothing,
# and exit 2.
refused() {
  local path
  path=$(lab_program "$1")
  # A refusal takes milliseconds; a program that takes the argument and runs
  # (reaper goes on ticking: never settled) is stopped after 1 s, not 3.
  run --separate-stderr lab_run -t 1 -- "$@"
  ((status == 2)) && [[ -z $output ]] && grep -qF "usage: $path " <<<"$stderr" && return 0
  fail "$(printf '%s should be refused: "usage: %s ..." on stderr, nothing on stdout, exit 2\nexit status: %s\nstdout:\n%s\nstderr:\n%s' \
    "$*" "$path" "$status" "$output" "$stderr")"
}

# Requirement: R1, R2
@test "02-zombie: N from 1 to 64 is accepted, default 3; anything else gets the usage line and exit 2" {
  # The edges that work: 64 zombies (labrun -n: room for all), and no N at all.
  lab_start -n 80 -- zombie 64
  wait_output_lines 'pausing$' 1
  wait_defunct_count "$LAB_PID" 64
  lab_stop
  lab_start zombie
  wait_output_lines "^parent $LAB_PID: not waiting for 3 children; pausing\$" 1
  wait_defunct_count "$LAB_PID" 3
  lab_stop
  lab_start zombie 1
  wait_output_lines "^parent $LAB_PID: not waiting for 1 children; pausing\$" 1
  lab_stop
  lab_start -n 80 -- reaper 64
  wait_output_lines '^hello, I am parent of ' 64
  lab_stop
  lab_start reaper 1
  wait_output_lines '^hello, I am parent of ' 1
  lab_stop
  # reaper's default is 3 too: all reaped, then "no children left".
  lab_start reaper
  wait_output_lines '^no children left ' 1
  assert_equal "$(grep -c '^hello, I am parent of ' "$LAB_OUT")" 3
  grep -qx 'all 3 children reaped' "$LAB_OUT" || fail "$(printf 'reaper with no N: expected "all 3 children reaped"\n%s' "$(lab_context)")"
  lab_stop
  local program arg
  for program in zombie reaper; do
    for arg in 0 65 -1 3x '' 99999999999999999999 18446744073709551617; do
      refused "$program" "$arg"
    done
    refused "$program" 3 4
  done
}

# Requirement: R5
@test "02-zombie: with stdout a pipe, zombie prints every line exactly once" {
  lab_start zombie 3
  wait_output_lines 'pausing$' 1
  wait_defunct_count "$LAB_PID" 3
  local -a forked
  mapfile -t forked < <(parent_pids_printed)
  assert_equal "${#forked[@]}" 3
  run -0 cat "$LAB_OUT"
  assert_equal "${lines[0]}" "hello world (pid:$LAB_PID)"
  assert_equal "$(grep -c '^hello world ' "$LAB_OUT")" 1
  assert_equal "$(grep -c 'pausing$' "$LAB_OUT")" 1
  local child
  for child in "${forked[@]}"; do
    assert_equal "$(grep -c "^hello, I am child of $LAB_PID (pid:$child)\$" "$LAB_OUT")" 1
    assert_equal "$(grep -c "^hello, I am parent of $child (pid:$LAB_PID)\$" "$LAB_OUT")" 1
  done
  # 1 hello world + 3 child + 3 parent lines + pausing: nothing else.
  assert_equal "${#lines[@]}" 8
}

# _slept_ticks PID BASE N — PID has gone to sleep of its own accord N times
# more than BASE (voluntary context switches): N ticks of work, slept through.
_slept_ticks() {
  local now
  now=$(voluntary_switches "$1")
  [[ -n $now ]] && ((now >= $2 + $3))
}

# Requirement: R8
@test "02-zombie: the reaper's parent sleeps between ticks, never polling waitpid in a hot loop" {
  lab_start reaper 2
  wait_output_lines '^hello, I am parent of ' 2
  # A parent that ticks in nanosleep goes to sleep every 20 ms; one that polls
  # without sleeping never does, and the wait ends when it has spun 0.3 s of
  # CPU (a verdict on CPU time, so a loaded machine does not change it).
  local base
  base=$(voluntary_switches "$LAB_PID")
  lab_wait_until _slept_ticks "$LAB_PID" "${base:-0}" 10 ||
    fail "$(printf 'while children run the parent should sleep between ticks, not spin\n%s\n%s' "$(why_wait_ended)" "$(lab_context)")"
  wait_output_lines '^no children left ' 1
  base=$(voluntary_switches "$LAB_PID")
  lab_wait_until _slept_ticks "$LAB_PID" "${base:-0}" 10 ||
    fail "$(printf 'with no child left the parent should still sleep between ticks, not spin\n%s\n%s' "$(why_wait_ended)" "$(lab_context)")"
  pid_alive "$LAB_PID" || fail "$(printf 'the parent should work on\n%s' "$(lab_context)")"
}

# Requirement: R10, R12
@test "02-zombie: a stopped child is not reported or counted until a signal ends it" {
  lab_start reaper 5
  wait_output_lines '^hello, I am child of ' 5
  wait_output_lines '^hello, I am parent of ' 5
  local -a forked
  mapfile -t forked < <(parent_pids_printed)
  local stopped=${forked[4]} # it lives 500 ms: still running now
  kill -STOP "$stopped"
  _stopped_or_gone() { [[ $(pid_state "$1") == T ]] || ! pid_alive "$1"; }
  lab_wait_until _stopped_or_gone "$stopped" || true
  [[ $(pid_state "$stopped") == T ]] ||
    fail "$(printf 'child %s should be stopped (it sleeps 500 ms)\n%s' "$stopped" "$(ps_tree_of "$LAB_PID")")"
  # The other four end by themselves; then the parent goes through more ticks.
  wait_reaper_line "^reaped child ${forked[3]}: exited with status 4\$"
  local base
  base=$(voluntary_switches "$LAB_PID")
  lab_wait_until worked_since "$LAB_PID" "${base:-0}" || true
  if grep -qE "^reaped child $stopped:|^all " "$LAB_OUT"; then
    fail "$(printf 'child %s is only stopped: it must not be reported, nor all be said reaped\n%s' "$stopped" "$(lab_context)")"
  fi
  [[ $(pid_state "$stopped") == T ]] ||
    fail "$(printf 'child %s should still be there, stopped\n%s\n%s' "$stopped" "$(ps_tree_of "$LAB_PID")" "$(lab_context)")"
  # Now end it, with a real-time signal (no abbreviation: SIGRTMIN+k); a
  # stopped process acts on it (only SIGKILL is exempt) once it is continued.
  kill -s RTMIN+1 "$stopped"
  kill -CONT "$stopped"
  wait_all_reaped 5
  run cat "$LAB_OUT"
  assert_line "reaped child $stopped: killed by signal $(kill -l RTMIN+1) (SIGRTMIN+$(($(kill -l RTMIN+1) - $(kill -l RTMIN))))"
  assert_equal "$(grep -c "^reaped child $stopped:" "$LAB_OUT")" 1
}

# fails_with PROGRAM N CALL REASON ENV... — PROGRAM N, run with the
# fault_inject shim set up by ENV (PROCLAB_FAIL=... or PROCLAB_FORK_FAILS=...),
# must say "PROGRAM: CALL: REASON" on stderr and exit 1. (-t 1: the failure
# comes at the program's first fork, waitpid or nanosleep, and the report and
# exit right after it take milliseconds; a program that takes the failure for
# something else goes on ticking, and 1 s decides it.)
fails_with() {
  local name=$1 n=$2 call=$3 reason=$4 program
  shift 4
  program=$(lab_program "$name")
  run --separate-stderr lab_run -t 1 -- /usr/bin/env "LD_PRELOAD=$SHIM" "$@" "$program" "$n"
  ((status == 1)) && grep -qF "$name: $call: $reason" <<<"$stderr" && return 0
  fail "$(printf '%s %s with %s: expected "%s: %s: %s" on stderr and exit status 1\nexit status: %s\nstdout:\n%s\nstderr:\n%s' \
    "$name" "$n" "$*" "$name" "$call" "$reason" "$status" "$output" "$stderr")"
}

# Requirement: R14
@test "02-zombie: a failing fork, waitpid or nanosleep is reported with the call and errno text, exit 1" {
  lab_shim fault_inject
  local eagain einval
  eagain=$(perl -MPOSIX -e '$! = EAGAIN; print "$!"')
  einval=$(perl -MPOSIX -e '$! = EINVAL; print "$!"')
  fails_with zombie 3 fork "$eagain" PROCLAB_FORK_FAILS=2
  fails_with reaper 3 fork "$eagain" PROCLAB_FORK_FAILS=2
  # EINVAL, not ECHILD: ECHILD means "no children", which is no error.
  fails_with reaper 2 waitpid "$einval" "PROCLAB_FAIL=waitpid:1:$(perl -MPOSIX -e 'print EINVAL')"
  fails_with reaper 2 nanosleep "$einval" PROCLAB_FAIL=nanosleep:1
}
