#!/usr/bin/env bats
# shellcheck disable=SC2154 # output, stderr: set by bats' run
# Lab 05 — reaping from a SIGCHLD handler. Every program runs under labrun; see lib/common.bash.

# Loaded outside setup(), where bats does not trace every command yet (lib/common.bash).
load lib/common

setup() {
  proclab_setup
}

teardown() { proclab_teardown; }

# forked_pids — the C of every "forked child C" line, in fork order.
forked_pids() { sed -nE 's/^forked child ([0-9]+)$/\1/p' "$LAB_OUT"; }
# reported_pids — the C of every report line from the handler, in output order.
reported_pids() { sed -nE 's/^child ([0-9]+) (exited with status|killed by signal) [0-9]+$/\1/p' "$LAB_OUT"; }
sorted() { sed '/^$/d' | sort -n | tr '\n' ' '; }

# live_children PID — ps lines of PID's children that have not ended yet.
live_children() { ps_children "$1" | awk '$3 !~ /^Z/'; }
# _children_settled PID N — N children forked and none of them still running.
_children_settled() { [[ $(forked_pids | grep -c .) -ge $2 && -z $(live_children "$1") ]] || ! pid_alive "$1"; }
# _children_settled_alive PID N — N children forked, all of them running.
_children_settled_alive() { [[ $(forked_pids | grep -c .) -ge $2 && $(live_children "$1" | grep -c .) -ge $2 ]]; }
# _no_children PID — PID has no child at all, not even a zombie.
_no_children() { [[ -z $(ps_children "$1") ]]; }

# released_round N — one run of N children released together; fails unless all
# N are reported exactly once and none is left <defunct>.
released_round() {
  local n=$1
  lab_start -n $((n + 36)) -- reap_handler -r -s "$n"
  lab_wait_until _children_settled "$LAB_PID" "$n" ||
    fail "$(printf 'expected %s children to be forked and to exit; ps showed:\n%s\n%s' "$n" "$(ps_tree_of "$LAB_PID")" "$(lab_context)")"
  # Every child has exited: a handler that reaps them all leaves no zombie.
  if ! lab_wait_until _no_children "$LAB_PID"; then
    fail "$(printf '%s children exited at the same moment and %s are still <defunct>\n(standard signals do not queue: one SIGCHLD can stand for many ended children;\nthe handler must loop on waitpid(-1, &status, WNOHANG) until it returns 0)\nps showed:\n%s\n-- reports printed: %s\n%s' \
      "$n" "$(count_defunct "$LAB_PID")" "$(defunct_children "$LAB_PID" | head -n 8)" "$(reported_pids | grep -c .)" "$(why_wait_ended)")"
  fi
  wait_output_lines "^all $n children reaped\$" 1
  local reports
  reports=$(reported_pids | grep -c . || true)
  [[ $reports -eq $n ]] || fail "$(printf 'expected exactly %s reports, got %s\n%s' "$n" "$reports" "$(lab_context)")"
  assert_equal "$(reported_pids | sorted)" "$(forked_pids | sorted)"
  assert_no_defunct "$LAB_PID"
  lab_stop
}

# Requirement: R9, R10, R11
@test "05-reap-handler: one child is reported once, with its exit status, and is reaped" {
  lab_start reap_handler -s 1
  wait_output_lines '^all 1 children reaped$' 1
  local child
  child=$(forked_pids)
  [[ $child =~ ^[0-9]+$ ]] || fail "$(printf 'expected one "forked child C" line\n%s' "$(lab_context)")"
  assert_equal "$(grep -c "^child $child exited with status 1\$" "$LAB_OUT")" 1
  assert_equal "$(reported_pids | grep -c .)" 1
  assert_no_defunct "$LAB_PID"
  [[ -z $(ps_children "$LAB_PID") ]] || fail "$(printf 'the child should be gone; ps showed:\n%s' "$(ps_tree_of "$LAB_PID")")"
}

# Requirement: R1
@test "05-reap-handler: 64 children exiting at the same moment: 64 reports and no <defunct>" {
  # "The same moment" is the release: with -r every child waits in read() on
  # the pipe until the parent, done forking, closes it. The shim stops the
  # parent right after its last fork, before it can close anything: then all
  # 3 children must still be there, waiting, none ended.
  local program
  program=$(lab_program reap_handler)
  lab_shim fault_inject
  lab_start -- /usr/bin/env "LD_PRELOAD=$SHIM" PROCLAB_STOP_AFTER_FORK=3 "$program" -r 3
  _release_pending() { [[ $(pid_state "$1") == T && $(ps_children "$1" | awk '$3 ~ /^S/' | grep -c .) -eq 3 ]]; }
  lab_wait_until _release_pending "$LAB_PID" ||
    fail "$(printf 'with the parent stopped before the release, its 3 children should all be waiting (state S), none ended\nps showed:\n%s\n%s\n%s' \
      "$(ps_tree_of "$LAB_PID")" "$(why_wait_ended)" "$(lab_context)")"
  kill -CONT "$LAB_PID"
  wait_output_lines '^all 3 children reaped$' 1
  lab_stop
  # Two rounds: one delivery of SIGCHLD for many ended children is the rule
  # here, not luck, but a second round costs a tenth of a second when it works.
  released_round 64
  released_round 64
}

# Requirement: R10
@test "05-reap-handler: children killed by signals are reported as killed, with the signal number" {
  lab_start reap_handler -p -s 3
  lab_wait_until _children_settled_alive "$LAB_PID" 3 ||
    fail "$(printf 'expected 3 paused children; ps showed:\n%s\n%s' "$(ps_tree_of "$LAB_PID")" "$(lab_context)")"
  local -a children
  mapfile -t children < <(forked_pids)
  kill -s TERM "${children[0]}"
  kill -s KILL "${children[1]}"
  kill -s USR1 "${children[2]}"
  wait_output_lines '^all 3 children reaped$' 1

  run cat "$LAB_OUT"
  assert_line "child ${children[0]} killed by signal $(kill -l TERM)"
  assert_line "child ${children[1]} killed by signal $(kill -l KILL)"
  assert_line "child ${children[2]} killed by signal $(kill -l USR1)"
  refute_line --regexp '^child [0-9]+ exited with status'
  assert_no_defunct "$LAB_PID"
}

# Requirement: R10, R11
@test "05-reap-handler: staggered exits are each reported, then the program ends with 0" {
  local began=${EPOCHREALTIME/[.,]/} took_ms
  # Child k lives k*100 ms: the last one 800 ms, and the program waits for it.
  lab_start reap_handler -g 100 8
  # A child living out its time is asleep (in its nanosleep), not ended: seen
  # so whatever the machine's speed, where the program's run time alone, on a
  # loaded machine, can reach 800 ms with children that end at once.
  _child_asleep() { live_children "$1" | awk '$3 ~ /^S/' | grep -q .; }
  lab_wait_until _child_asleep "$LAB_PID" ||
    fail "$(printf 'with -g 100 8 child k should live k*100 ms, asleep, but no child was seen alive and asleep\nps showed:\n%s\n%s\n%s' \
      "$(ps_tree_of "$LAB_PID")" "$(why_wait_ended)" "$(lab_context)")"
  lab_wait_end
  took_ms=$(((${EPOCHREALTIME/[.,]/} - began) / 1000))
  [[ $LAB_END == "exit 0" ]] || fail "$(printf 'expected the program to end with status 0\n%s' "$(lab_context)")"
  output=$(<"$LAB_OUT")
  ((took_ms >= 795)) || fail "$(printf 'with -g 100 8 the last child lives 800 ms, but the program ended after %s ms\n%s' "$took_ms" "$output")"
  local -a forked
  mapfile -t forked < <(forked_pids)
  assert_equal "${#forked[@]}" 8
  local k
  for k in 1 2 3 4 5 6 7 8; do
    [[ $(grep -c "^child ${forked[k - 1]} exited with status $k\$" <<<"$output") -eq 1 ]] ||
      fail "$(printf 'child %s (forked as number %s) should be reported once as "child %s exited with status %s"\noutput:\n%s' \
        "${forked[k - 1]}" "$k" "${forked[k - 1]}" "$k" "$output")"
  done
  assert_equal "$(reported_pids | grep -c .)" 8
  # "all ... reaped" only after the last report: main waited for all of them.
  assert_equal "$(tail -n 1 <<<"$output")" "all 8 children reaped"
}

# Requirement: R2, R7
@test "05-reap-handler: while children run, the parent sleeps (no busy loop) with a SIGCHLD handler" {
  lab_start reap_handler -p -s 2
  lab_wait_until _children_settled_alive "$LAB_PID" 2 ||
    fail "$(printf 'expected 2 paused children; ps showed:\n%s\n%s' "$(ps_tree_of "$LAB_PID")" "$(lab_context)")"
  local caught
  caught=$(proc_status_field "$LAB_PID" SigCgt)
  signal_bit_set "$caught" "$(kill -l CHLD)" ||
    fail "$(printf 'SigCgt of the parent is %s: no handler for SIGCHLD is installed\n%s' "$caught" "$(lab_context)")"
  # A parent waiting in sigsuspend/pause is S (sleeping); a busy loop is always R.
  _parent_sleeping() { [[ $(pid_state "$LAB_PID") == S ]]; }
  lab_wait_until _parent_sleeping ||
    fail "$(printf 'the parent should sleep while its children run (state S), but ps showed:\n%s\n%s' \
      "$(ps -o pid,ppid,stat,time,args -p "$LAB_PID")" "$(lab_context)")"
  local -a children
  mapfile -t children < <(forked_pids)
  # One child ends, the other still runs: the handler reaps the one, sees 0
  # ("the rest still run") and returns; the parent sleeps again.
  kill -s TERM "${children[0]}"
  wait_output_lines "^child ${children[0]} killed by signal " 1
  lab_wait_settled ||
    fail "$(printf 'with one child reaped and one still running, the parent should sleep again (state S): a handler that loops while waitpid says 0 spins\nps showed:\n%s\n%s\n%s' \
      "$(ps -o pid,ppid,stat,time,args -p "$LAB_PID")" "$(why_wait_ended)" "$(lab_context)")"
  kill -s TERM "${children[1]}"
  wait_output_lines '^all 2 children reaped$' 1
  _parent_sleeping || lab_wait_until _parent_sleeping ||
    fail "$(printf 'after reaping, with -s the parent should sleep (state S); ps showed:\n%s' "$(ps -o pid,ppid,stat,time,args -p "$LAB_PID")")"
}

# Requirement: R8
@test "05-reap-handler: SIGCHLD is blocked only in the parent, up to its last report: children run with it unblocked" {
  lab_start reap_handler -p -s 2
  lab_wait_until _children_settled_alive "$LAB_PID" 2 ||
    fail "$(printf 'expected 2 paused children; ps showed:\n%s\n%s' "$(ps_tree_of "$LAB_PID")" "$(lab_context)")"
  local chld child blocked
  local -a children
  chld=$(kill -l CHLD)
  mapfile -t children < <(forked_pids)
  for child in "${children[@]}"; do
    blocked=$(proc_status_field "$child" SigBlk)
    [[ -n $blocked ]] && ! signal_bit_set "$blocked" "$chld" ||
      fail "$(printf 'child %s runs with SIGCHLD blocked (SigBlk %s): a child must set back the mask the program started with\n%s' \
        "$child" "${blocked:-gone}" "$(lab_context)")"
  done
  kill -s TERM "${children[@]}"
  wait_output_lines '^all 2 children reaped$' 1
  blocked=$(proc_status_field "$LAB_PID" SigBlk)
  [[ -n $blocked ]] && ! signal_bit_set "$blocked" "$chld" ||
    fail "$(printf 'after its last report the parent still blocks SIGCHLD (SigBlk %s): it must set back the mask it started with\n%s' \
      "${blocked:-gone}" "$(lab_context)")"
}

# _sample_until_reaped PID N — record where PID sleeps (WAIT_SAMPLES); true
# once the lab has said "all N children reaped" or has ended.
_sample_until_reaped() {
  kernel_wait_channel "$1"
  WAIT_SAMPLES+=("${WAIT_CHANNEL:-?}")
  grep -q "^all $2 children reaped\$" "$LAB_OUT" || ! pid_alive "$LABRUN_PID"
}

# Requirement: R2
@test "05-reap-handler: the handler never blocks in wait: with children still running, the parent sleeps elsewhere" {
  # Child k exits k*100 ms after it starts: for half a second some have ended
  # and some still run. A handler that loops on a blocking waitpid(.., 0) sits
  # in the kernel's do_wait until the last child ends; with WNOHANG it returns.
  lab_start reap_handler -g 100 -s 5
  WAIT_SAMPLES=()
  lab_wait_until _sample_until_reaped "$LAB_PID" 5 || true
  wait_output_lines '^all 5 children reaped$' 1 0 # already waited for above

  local blocked=0 known=0 sample summary
  for sample in "${WAIT_SAMPLES[@]}"; do
    [[ $sample == do_wait ]] && blocked=$((blocked + 1))
    [[ $sample != '?' ]] && known=$((known + 1))
  done
  summary=$(printf '%s\n' "${WAIT_SAMPLES[@]}" | sort | uniq -c | sort -rn)
  ((known > 0)) ||
    fail "$(printf 'could not see where the parent sleeps (/proc/%s/wchan and syscall gave nothing):\n%s' "$LAB_PID" "$summary")"
  ((blocked == 0)) ||
    fail "$(printf 'the parent was blocked in wait (do_wait) in %s of %s samples while children still ran: the handler must use WNOHANG and return when waitpid says 0.\nwhere it slept (count, kernel function):\n%s\n%s' \
      "$blocked" "${#WAIT_SAMPLES[@]}" "$summary" "$(lab_context)")"
}

# _state_is PID LETTER — PID's state (ps STAT's first letter) is LETTER.
_state_is() { [[ $(pid_state "$1") == "$2" ]]; }
# _anything_reported — a report line or the final line has been printed.
_anything_reported() { [[ -n $(reported_pids) ]] || grep -q '^all ' "$LAB_OUT"; }

# Requirement: R6
@test "05-reap-handler: a child that is stopped and continued is not reported; it is reported once when it ends" {
  lab_start reap_handler -p -s 2
  lab_wait_until _children_settled_alive "$LAB_PID" 2 ||
    fail "$(printf 'expected 2 paused children; ps showed:\n%s\n%s' "$(ps_tree_of "$LAB_PID")" "$(lab_context)")"
  local -a children
  mapfile -t children < <(forked_pids)
  kill -s STOP "${children[0]}"
  lab_wait_until _state_is "${children[0]}" T ||
    fail "$(printf 'child %s should be stopped (T); ps showed:\n%s' "${children[0]}" "$(ps_tree_of "$LAB_PID")")"
  # Nothing may be reported: the wait ends (as a failure) once the lab has
  # settled with no report, which is the right outcome.
  if lab_wait_until -t 3 _anything_reported; then
    fail "$(printf 'child %s was only stopped (SIGSTOP), but it was reported:\n%s\n(a stopped child has not ended: SA_NOCLDSTOP, and no WUNTRACED)' "${children[0]}" "$(lab_context)")"
  fi
  kill -s CONT "${children[0]}"
  lab_wait_until _state_is "${children[0]}" S ||
    fail "$(printf 'child %s should be running again after SIGCONT; ps showed:\n%s' "${children[0]}" "$(ps_tree_of "$LAB_PID")")"
  if lab_wait_until -t 3 _anything_reported; then
    fail "$(printf 'child %s was only continued (SIGCONT), but it was reported:\n%s' "${children[0]}" "$(lab_context)")"
  fi
  kill -s TERM "${children[@]}"
  wait_output_lines '^all 2 children reaped$' 1
  run cat "$LAB_OUT"
  assert_equal "$(grep -c "^child ${children[0]} killed by signal $(kill -l TERM)\$" "$LAB_OUT")" 1
  assert_equal "$(grep -c "^child ${children[1]} killed by signal $(kill -l TERM)\$" "$LAB_OUT")" 1
  assert_equal "$(reported_pids | grep -c .)" 2
  assert_no_defunct "$LAB_PID"
}

# Requirement: R1, R10, R11
@test "05-reap-handler: children ending in the reverse of fork order are each reported as they end, and 'all 3' once" {
  lab_start reap_handler -p -s 3
  lab_wait_until _children_settled_alive "$LAB_PID" 3 ||
    fail "$(printf 'expected 3 paused children; ps showed:\n%s\n%s' "$(ps_tree_of "$LAB_PID")" "$(lab_context)")"
  local -a children signals=(TERM KILL USR1)
  mapfile -t children < <(forked_pids)
  local k
  for k in 2 1 0; do
    kill -s "${signals[k]}" "${children[k]}"
    # Reported (and reaped) now, while the children forked before it still run.
    wait_output_lines "^child ${children[k]} killed by signal $(kill -l "${signals[k]}")\$" 1
    lab_wait_until _pid_gone "${children[k]}" ||
      fail "$(printf 'child %s was reported but is still in the process table:\n%s' "${children[k]}" "$(ps_tree_of "$LAB_PID")")"
  done
  wait_output_lines '^all 3 children reaped$' 1
  assert_equal "$(reported_pids | grep -c .)" 3
  assert_equal "$(grep -c '^all 3 children reaped$' "$LAB_OUT")" 1
  assert_equal "$(tail -n 1 "$LAB_OUT")" "all 3 children reaped"
}

# Requirement: R5
@test "05-reap-handler: the SIGCHLD handler is installed with sigaction, SA_RESTART and SA_NOCLDSTOP" {
  lab_shim late_signal
  local report=$LAB_SHARED_DIR/report program
  : >"$report"
  chmod 666 "$report"
  program=$(lab_program reap_handler)
  run --separate-stderr lab_run -- /usr/bin/env "LD_PRELOAD=$SHIM" "PROCLAB_LATE_REPORT=$report" "$program" 2
  assert_success
  assert_line "all 2 children reaped"
  local flags
  flags=$(sed -nE "s/^sigaction $(kill -l CHLD) flags 0x([0-9a-f]+)\$/\1/p" "$report" | tail -n 1)
  [[ -n $flags ]] ||
    fail "$(printf 'no handler for SIGCHLD was installed with sigaction; what sigaction saw:\n%s' "$(cat "$report")")"
  local restart=0x10000000 nocldstop=0x1
  (((16#$flags & restart) != 0)) ||
    fail "$(printf 'SIGCHLD handler installed with flags 0x%s: SA_RESTART (0x10000000) is missing' "$flags")"
  (((16#$flags & nocldstop) != 0)) ||
    fail "$(printf 'SIGCHLD handler installed with flags 0x%s: SA_NOCLDSTOP (0x1) is missing' "$flags")"
}

# Requirement: R3, R4
@test "05-reap-handler: the handler calls no printf or exit, and gives errno back as it found it" {
  handler_audit_file
  local program
  program=$(lab_program reap_handler)
  run --separate-stderr lab_run -- /usr/bin/env "LD_PRELOAD=$SHIM" "PROCLAB_AUDIT=$AUDIT" "$program" -g 20 3
  assert_success
  assert_line "all 3 children reaped"
  assert_handler_clean "$(kill -l CHLD)" 'Build the report line and write(2) it; waitpid and write set errno.'
}

# Requirement: R8
@test "05-reap-handler: a SIGCHLD that arrives between the parent's check and its sleep is not lost" {
  # The late_signal shim holds the parent's first pause()/sigsuspend() until
  # SIGCHLD has come; the child is killed exactly then. Blocked, SIGCHLD waits
  # for sigsuspend; unblocked, the handler runs first and pause() sleeps for ever.
  lab_shim late_signal
  local report=$LAB_SHARED_DIR/report program
  : >"$report"
  chmod 666 "$report"
  program=$(lab_program reap_handler)
  lab_start -- /usr/bin/env "LD_PRELOAD=$SHIM" "PROCLAB_LATE_REPORT=$report" \
    "PROCLAB_LATE_SIGNAL=$(kill -l CHLD)" "$program" -p -s 1
  _holding() { grep -q '^holding before ' "$report"; }
  lab_wait_until _holding ||
    fail "$(printf 'the parent never went to sleep in pause() or sigsuspend() after installing its SIGCHLD handler\n%s\n%s' "$(cat "$report")" "$(lab_context)")"
  local child
  child=$(forked_pids)
  [[ $child =~ ^[0-9]+$ ]] || fail "$(printf 'expected one "forked child C" line\n%s' "$(lab_context)")"
  kill -s TERM "$child"
  lab_wait_until grep -q '^all 1 children reaped$' "$LAB_OUT" ||
    fail "$(printf 'the child ended (and SIGCHLD came) right before the parent went to sleep, and the parent slept through it:\n%s\nblock SIGCHLD before the check, and sleep with sigsuspend(mask without SIGCHLD)\n-- ps:\n%s\n%s\n%s' \
      "$(cat "$report")" "$(ps_tree_of "$LAB_PID")" "$(why_wait_ended)" "$(lab_context)")"
  assert_equal "$(grep -c "^child $child killed by signal $(kill -l TERM)\$" "$LAB_OUT")" 1
}

# Requirement: R12
@test "05-reap-handler: N and MS at their range's ends run; beyond it, or with a sign, space or junk, usage and status 2" {
  run --separate-stderr lab_run -n 100 -- reap_handler 64
  assert_success
  assert_line "all 64 children reaped"
  local began=${EPOCHREALTIME/[.,]/} took_ms
  run --separate-stderr lab_run reap_handler -g 1000 1
  took_ms=$(((${EPOCHREALTIME/[.,]/} - began) / 1000))
  assert_success
  assert_line "all 1 children reaped"
  ((took_ms >= 995)) || fail "$(printf 'with -g 1000 1 the child lives 1000 ms, but the program ended after %s ms\n%s' "$took_ms" "$output")"
  run --separate-stderr lab_run reap_handler
  assert_success
  assert_line "all 1 children reaped"
  local bad program
  program=$(lab_program reap_handler)
  for bad in 0 65 +5 " 5" 5x 4294967297 9223372036854775808 "" "-g 0 1" "-g 1001 1" "-g +5 1" \
    "-g 4294967297 1" "-g" "-r -p 2" "-r -g 5 2" "1 2"; do
    local -a args=()
    if [[ $bad == -* ]]; then read -ra args <<<"$bad"; else args=("$bad"); fi
    run --separate-stderr lab_run reap_handler "${args[@]}"
    [[ $status -eq 2 && $stderr == *"usage: $program "* && -z $output ]] ||
      fail "$(printf 'reap_handler %s: expected the usage line naming the program ("usage: %s ...") on stderr, nothing on stdout and status 2; got status %s\nstdout:\n%s\nstderr:\n%s' \
        "$(printf "'%s' " "${args[@]}")" "$program" "$status" "$output" "$stderr")"
  done
}

# Requirement: R13
@test "05-reap-handler: a failing sigaction, sigprocmask, pipe or fork is reported with its errno text, status 1" {
  local program how call reason
  program=$(lab_program reap_handler)
  lab_shim fault_inject
  # HOW (the shim's setting) : CALL : REASON. sigprocmask:2 is the parent's
  # second call, the one that restores the mask once all are reaped (the
  # child's own restore fails too: it leaves with 127, as the stub says).
  for how in "PROCLAB_FAIL=sigaction:1:sigaction:Invalid argument" \
    "PROCLAB_FAIL=sigprocmask:1:sigprocmask:Invalid argument" \
    "PROCLAB_FAIL=sigprocmask:2:sigprocmask:Invalid argument" \
    "PROCLAB_FAIL=pipe:1:pipe:Too many open files" \
    "PROCLAB_FORK_FAILS=2:fork:Resource temporarily unavailable"; do
    reason=${how##*:}
    how=${how%:*}
    call=${how##*:}
    how=${how%:*}
    run --separate-stderr lab_run -- /usr/bin/env "LD_PRELOAD=$SHIM" "$how" "$program" -r 2
    [[ $status -eq 1 && $stderr == *"$call: $reason"* ]] ||
      fail "$(printf 'with %s: expected "%s: %s" on stderr and status 1; got status %s\nstdout:\n%s\nstderr:\n%s' \
        "$how" "$call" "$reason" "$status" "$output" "$stderr")"
    # Each child's own sigprocmask is its second call too: it fails, and the
    # child leaves at once with 127.
    if [[ $how == *sigprocmask:2 ]]; then
      [[ $(grep -c '^child [0-9]* exited with status 127$' <<<"$output") -eq 2 ]] ||
        fail "$(printf 'with %s each child'"'"'s sigprocmask fails: both should leave with status 127\nstdout:\n%s' "$how" "$output")"
    fi
  done
}
