#!/usr/bin/env bats
# Lab 02 — zombies. Part A (zombie): children end, the parent never waits and
# idles, so ps shows them <defunct>; kill -9 of the parent lets them be reaped.
# Part B (reaper): the shell's remedy, a non-blocking waitpid loop run every tick.
# Every program runs under labrun (its subreaper stands in for init); see lib/common.bash.

setup() {
  load lib/common
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
  pid_alive "$LAB_PID" ||
    fail "$(printf 'the parent should stay alive (its zombies stay with it)\n%s' "$(lab_context)")"
}

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
    sleep 0.01 # allow-sleep: the interval between samples of a persisting state
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

# _reaped_or_stalled N — the lab has said "all N children reaped", or it no
# longer can: N children have ended (all <defunct>) and the parent has gone
# through 5 more ticks of its work (5 more sleeps) without reaping one. A
# parent that ticks in nanosleep never settles, so this is what ends the wait.
_reaped_or_stalled() {
  _output_has "^all $1 children reaped\$" 1 && return 0
  local children switches
  children=$(ps_children "$LAB_PID")
  if [[ $(grep -c . <<<"$children") -lt $1 || -n $(awk '$3 !~ /^Z/' <<<"$children") ]]; then
    STALL_BASE=''
    return 1
  fi
  switches=$(voluntary_switches "$LAB_PID")
  [[ -n $STALL_BASE ]] || STALL_BASE=$switches
  # shellcheck disable=SC2034 # WAIT_ENDED is read by why_wait_ended
  [[ -n $switches ]] && ((switches >= STALL_BASE + 5)) && WAIT_ENDED="settled: the $1 children are all <defunct> and the parent has slept 5 ticks since without reaping them"
}

@test "02-zombie: children that exit at different times are all reaped while the parent stays alive" {
  lab_start reaper 4
  STALL_BASE=''
  lab_wait_until _reaped_or_stalled 4 || true
  _output_has '^all 4 children reaped$' 1 ||
    fail "$(printf 'expected "all 4 children reaped"; ps showed:\n%s\n%s\n%s' \
      "$(ps_tree_of "$LAB_PID")" "$(why_wait_ended)" "$(lab_context)")"
  wait_output_lines '^no children left \(waitpid: ECHILD\); still working$' 1

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
  grep -q "^all $2 children reaped\$" "$LAB_OUT" || ! pid_alive "$LABRUN_PID"
}

@test "02-zombie: the parent never blocks in wait while children run" {
  lab_start reaper 5
  wait_output_lines '^hello, I am parent of ' 5

  # While the children run (child k lives k*100 ms), see where the parent
  # sleeps: a parent blocked in wait()/waitpid(.., 0) sleeps in do_wait; one
  # that works in ticks, in its tick (hrtimer_nanosleep for nanosleep).
  WCHAN_SAMPLES=()
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

@test "02-zombie: a child killed by a signal is reported as killed, not as exited" {
  lab_start reaper 5
  wait_output_lines '^hello, I am child of ' 5
  local -a forked
  mapfile -t forked < <(parent_pids_printed)
  assert_equal "${#forked[@]}" 5
  local victim=${forked[4]} # it lives 500 ms: still running now
  pid_alive "$victim" ||
    fail "$(printf 'child %s should still be running (it sleeps 500 ms)\nps showed:\n%s' "$victim" "$(ps_tree_of "$LAB_PID")")"
  kill -TERM "$victim"
  wait_output_lines '^all 5 children reaped$' 1

  run cat "$LAB_OUT"
  assert_line "reaped child $victim: killed by signal $(kill -l TERM) (SIGTERM)"
  refute_line --regexp "^reaped child $victim: exited"
  local k
  for k in 1 2 3 4; do
    assert_line "reaped child ${forked[k - 1]}: exited with status $k"
  done
}
