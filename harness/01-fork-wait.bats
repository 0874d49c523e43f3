#!/usr/bin/env bats
# Lab 01 — fork and wait. Every program runs under labrun; see lib/common.bash.

# stderr: set by bats' `run --separate-stderr`.
# shellcheck disable=SC2154

# Loaded outside setup(), where bats does not trace every command yet (lib/common.bash).
load lib/common

setup() {
  proclab_setup
}

teardown() { proclab_teardown; }

# child_pids_printed — the C of every "hello, I am child of P (pid:C)" line, in order.
child_pids_printed() { sed -nE 's/^hello, I am child of [0-9]+ \(pid:([0-9]+)\)$/\1/p' "$LAB_OUT"; }
# parent_pids_printed — the C of every "hello, I am parent of C (pid:P)" line, in order.
parent_pids_printed() { sed -nE 's/^hello, I am parent of ([0-9]+) \(pid:[0-9]+\)$/\1/p' "$LAB_OUT"; }
sorted() { tr ' ' '\n' | sed '/^$/d' | sort -n | tr '\n' ' '; }

# Requirement: R4, R6, R7, R8
@test "01-fork-wait: pids and ppids printed agree with each other and with ps" {
  lab_start fork_wait -p 3
  wait_output_lines '^hello, I am child of ' 3
  wait_output_lines '^hello, I am parent of ' 3

  run grep -c '^hello world (pid:' "$LAB_OUT"
  [[ $output == 1 ]] || fail "$(printf '"hello world" should be printed once (is stdout flushed before fork?)\n%s' "$(lab_context)")"
  assert_equal "$(grep '^hello world' "$LAB_OUT")" "hello world (pid:$LAB_PID)"

  # Every child names the lab as its parent, and the parent names the same pids.
  local ppids
  ppids=$(sed -nE 's/^hello, I am child of ([0-9]+) .*/\1/p' "$LAB_OUT" | sort -u)
  assert_equal "$ppids" "$LAB_PID"
  assert_equal "$(grep -c "^hello, I am parent of [0-9]* (pid:$LAB_PID)\$" "$LAB_OUT")" 3
  assert_equal "$(child_pids_printed | sorted)" "$(parent_pids_printed | sorted)"

  # ...and ps agrees: those pids are the lab's children right now.
  local from_ps
  from_ps=$(ps -o pid= --ppid "$LAB_PID" | sorted)
  [[ $from_ps == "$(child_pids_printed | sorted)" ]] ||
    fail "$(printf 'children printed: %s\nchildren in ps:\n%s' "$(child_pids_printed | sorted)" "$(ps_tree_of "$LAB_PID")")"
}

# Requirement: R3, R9
@test "01-fork-wait: each child is reported after its own line, with its exit status" {
  run lab_run fork_wait 5
  assert_success
  LAB_OUT=$BATS_TEST_TMPDIR/out
  printf '%s\n' "$output" >"$LAB_OUT"

  local -a forked
  mapfile -t forked < <(parent_pids_printed)
  assert_equal "${#forked[@]}" 5
  local k child child_line report_line
  for k in 1 2 3 4 5; do
    child=${forked[k - 1]}
    child_line=$(grep -n "^hello, I am child of [0-9]* (pid:$child)\$" "$LAB_OUT" | cut -d: -f1)
    report_line=$(grep -n "^child $child exited with status $k\$" "$LAB_OUT" | cut -d: -f1)
    [[ -n $child_line && -n $report_line ]] ||
      fail "$(printf 'child %s (forked as number %s) should print its line and be reported as "child %s exited with status %s"\noutput:\n%s' \
        "$child" "$k" "$child" "$k" "$output")"
    ((report_line > child_line)) ||
      fail "$(printf 'the report of child %s (line %s) comes before its own line (%s)\noutput:\n%s' \
        "$child" "$report_line" "$child_line" "$output")"
  done
}

# Requirement: R11
@test "01-fork-wait: every child is reaped, and the program then exits 0" {
  run lab_run fork_wait 8
  assert_success
  assert_line "all 8 children reaped"
  local reported
  reported=$(grep -cE '^child [0-9]+ (exited with status|killed by signal) ' <<<"$output" || true)
  [[ $reported -eq 8 ]] || fail "$(printf 'expected 8 child reports, got %s\noutput:\n%s' "$reported" "$output")"
  assert_equal "$(grep -oE '^child [0-9]+' <<<"$output" | sort -u | wc -l)" 8
}

# Requirement: R5
@test "01-fork-wait: staying alive after reaping, ps shows no <defunct> child" {
  lab_start fork_wait -s 4
  wait_output_lines '^all 4 children reaped$' 1
  pid_alive "$LAB_PID" || fail "$(printf 'with -s the program should stay alive after reaping\n%s' "$(lab_context)")"
  assert_equal "$(grep -cE '^hello, I am child of ' "$LAB_OUT")" 4
  assert_no_defunct "$LAB_PID"
  local left
  left=$(ps_children "$LAB_PID")
  [[ -z $left ]] || fail "$(printf 'after reaping, the program should have no children; ps showed:\n%s' "$(ps_tree_of "$LAB_PID")")"
}

# Requirement: R4, R10
@test "01-fork-wait: a child killed by a signal is reported as killed, not as exited" {
  lab_start fork_wait -p 5
  wait_output_lines '^hello, I am child of ' 5
  local -a children
  mapfile -t children < <(child_pids_printed)
  # With -p the children wait in pause(): asleep (S), not spinning.
  _children_asleep() {
    local child
    for child; do [[ $(pid_state "$child") == S ]] || return 1; done
  }
  lab_wait_until _children_asleep "${children[@]}" ||
    fail "$(printf 'with -p every child should sleep in pause() (state S)\n%s\n%s\n%s' "$(ps_tree_of "$LAB_PID")" "$(why_wait_ended)" "$(lab_context)")"
  kill -TERM "${children[0]}"
  kill -KILL "${children[1]}"
  # A real-time signal has no abbreviation (sigabbrev_np gives NULL).
  # The last real-time signal, SIGRTMAX: the top end of "SIGRTMIN+k".
  kill -s RTMAX "${children[2]}"
  # ... and the first one, SIGRTMIN: SIGRTMIN+0.
  kill -s RTMIN "${children[3]}"
  # Signal 32, below SIGRTMIN (glibc keeps 32 and 33 for itself): no name of
  # either kind, so "signal 32".
  kill -32 "${children[4]}"
  wait_output_lines '^all 5 children reaped$' 1
  lab_wait_end

  run cat "$LAB_OUT"
  assert_line "child ${children[0]} killed by signal $(kill -l TERM) (SIGTERM)"
  assert_line "child ${children[1]} killed by signal $(kill -l KILL) (SIGKILL)"
  assert_line "child ${children[2]} killed by signal $(kill -l RTMAX) (SIGRTMIN+$(($(kill -l RTMAX) - $(kill -l RTMIN))))"
  assert_line "child ${children[3]} killed by signal $(kill -l RTMIN) (SIGRTMIN+0)"
  assert_line "child ${children[4]} killed by signal 32 (signal 32)"
  refute_line --regexp "^child [0-9]+ exited with status"
}

# ---- boundaries, orders and rules the happy path does not show --------------

# refused ARG... — fork_wait ARG... must print a usage line naming the program
# (its argv[0], the path it was run by) on stderr (getopt's complaint may come
# first), nothing on stdout, fork nothing, and exit 2.
refused() {
  local program
  program=$(lab_program fork_wait)
  run --separate-stderr lab_run -t 1 -- fork_wait "$@"
  ((status == 2)) && [[ -z $output ]] && grep -qF "usage: $program " <<<"$stderr" && return 0
  fail "$(printf 'fork_wait %s should be refused: "usage: %s ..." on stderr, nothing on stdout, exit 2\nexit status: %s\nstdout:\n%s\nstderr:\n%s' \
    "$*" "$program" "$status" "$output" "$stderr")"
}

# Requirement: R1, R2
@test "01-fork-wait: N from 1 to 64 is accepted, default 1; anything else gets the usage line and exit 2" {
  # The edges that work: 64 children (labrun -n: room for all of them), and no N at all.
  run -0 lab_run -n 80 -- fork_wait 64
  assert_line "all 64 children reaped"
  assert_equal "$(grep -c '^hello, I am parent of ' <<<"$output")" 64
  run -0 lab_run fork_wait
  assert_line "all 1 children reaped"
  assert_equal "$(grep -c '^hello, I am child of ' <<<"$output")" 1
  run -0 lab_run fork_wait 1
  assert_line "all 1 children reaped"
  # Just beyond, and what atoi would take for a number.
  refused 0
  refused 65
  refused -1
  refused 3x
  refused ''
  refused 99999999999999999999
  refused 18446744073709551617
  refused 3 4
  refused -x 3
}

# Requirement: R12
@test "01-fork-wait: children that end in the reverse of fork order are each reported as they end" {
  lab_start fork_wait -p 3
  wait_output_lines '^hello, I am parent of ' 3
  wait_output_lines '^hello, I am child of ' 3
  local -a forked
  mapfile -t forked < <(parent_pids_printed)
  # Last forked ends first. A parent that waits for its children in fork order
  # is still blocked on the first one: that report never comes.
  local k child
  for k in 2 1 0; do
    child=${forked[k]}
    kill -TERM "$child"
    wait_output_lines "^child $child killed by signal $(kill -l TERM) " 1
  done
  wait_output_lines '^all 3 children reaped$' 1
  assert_equal "$(sed -nE 's/^child ([0-9]+) killed by .*/\1/p' "$LAB_OUT" | tr '\n' ' ')" \
    "${forked[2]} ${forked[1]} ${forked[0]} "
}

# stopped PID — PID is in state T (stopped), or gone.
stopped_or_gone() { [[ $(pid_state "$1") == T ]] || ! pid_alive "$1"; }

# Requirement: R13
@test "01-fork-wait: a stopped child is not reported or counted as ended; it is, once killed" {
  lab_start fork_wait -p 2
  wait_output_lines '^hello, I am child of ' 2
  wait_output_lines '^hello, I am parent of ' 2
  local -a forked
  mapfile -t forked < <(parent_pids_printed)
  local stopped=${forked[0]} other=${forked[1]}
  kill -STOP "$stopped"
  lab_wait_until stopped_or_gone "$stopped" || true
  [[ $(pid_state "$stopped") == T ]] || fail "$(printf 'child %s should be stopped (T)\n%s' "$stopped" "$(ps_tree_of "$LAB_PID")")"
  kill -TERM "$other"
  wait_output_lines "^child $other killed by signal " 1
  # Now the parent must wait on: the wait ends when the lab settles (parent
  # asleep in waitpid, the child stopped), not when "all 2" comes.
  if lab_wait_until _output_has '^all 2 children reaped$' 1; then
    fail "$(printf 'child %s was only stopped, yet the parent said all were reaped\n%s' "$stopped" "$(lab_context)")"
  fi
  if grep -q "^child $stopped " "$LAB_OUT"; then
    fail "$(printf 'child %s was stopped, not ended, but it was reported (WIFSTOPPED is not an exit)\n%s' "$stopped" "$(lab_context)")"
  fi
  [[ $(pid_state "$stopped") == T ]] ||
    fail "$(printf 'child %s should still be there, stopped\n%s\n%s' "$stopped" "$(ps_tree_of "$LAB_PID")" "$(lab_context)")"
  kill -KILL "$stopped"
  wait_output_lines '^all 2 children reaped$' 1
  run cat "$LAB_OUT"
  assert_line "child $stopped killed by signal $(kill -l KILL) (SIGKILL)"
  assert_equal "$(grep -c "^child $stopped " "$LAB_OUT")" 1
}

# Requirement: R6, R7, R8, R9, R11, R14
@test "01-fork-wait: with stdout a pipe, every line is printed exactly once, hello world first and all reaped last" {
  run -0 lab_run fork_wait 3
  local -a forked
  LAB_OUT=$BATS_TEST_TMPDIR/out
  printf '%s\n' "$output" >"$LAB_OUT"
  mapfile -t forked < <(parent_pids_printed)
  assert_equal "${#forked[@]}" 3
  assert_equal "$(grep -c '^hello world (pid:' "$LAB_OUT")" 1
  [[ ${lines[0]} == "hello world (pid:"* ]] || fail "$(printf '"hello world" should be the first line\n%s' "$output")"
  assert_equal "${lines[-1]}" "all 3 children reaped"
  assert_equal "$(grep -c '^all 3 children reaped$' "$LAB_OUT")" 1
  local child
  for child in "${forked[@]}"; do
    assert_equal "$(grep -c "^hello, I am child of [0-9]* (pid:$child)\$" "$LAB_OUT")" 1
    assert_equal "$(grep -c "^hello, I am parent of $child " "$LAB_OUT")" 1
    assert_equal "$(grep -c "^child $child exited with status " "$LAB_OUT")" 1
  done
  # 1 hello world + 3 child + 3 parent + 3 report lines + all reaped: nothing else.
  assert_equal "${#lines[@]}" 11
}

# _never — a condition that never holds: lab_wait_until then ends when the lab
# settles (asleep, nothing to wake it) or spins, and WAIT_ENDED says which.
_never() { return 1; }

# Requirement: R5
@test "01-fork-wait: with -s, after reaping, the parent sleeps in pause() and uses no CPU" {
  lab_start fork_wait -s 2
  wait_output_lines '^all 2 children reaped$' 1
  lab_wait_until -t 5 _never || true
  pid_alive "$LAB_PID" || fail "$(printf 'with -s the program should stay alive\n%s' "$(lab_context)")"
  [[ $WAIT_ENDED == settled* ]] ||
    fail "$(printf 'with -s the parent should idle asleep in pause(), using no CPU\n%s\nps:\n%s\n%s' \
      "$(why_wait_ended)" "$(ps -o pid,stat,time,wchan:20,args -p "$LAB_PID")" "$(lab_context)")"
  assert_equal "$(pid_state "$LAB_PID")" S
}

# Requirement: R15
@test "01-fork-wait: a waitpid interrupted with EINTR is called again, not taken for an error" {
  local program
  program=$(lab_program fork_wait)
  lab_shim fault_inject
  run --separate-stderr lab_run -- /usr/bin/env "LD_PRELOAD=$SHIM" PROCLAB_WAIT_EINTR=2 "$program" 3
  ((status == 0)) && [[ ${lines[-1]:-} == "all 3 children reaped" ]] ||
    fail "$(printf 'with the first two waitpid calls failing with EINTR, all 3 children should still be reaped and the program exit 0\nexit status: %s\nstdout:\n%s\nstderr:\n%s' \
      "$status" "$output" "$stderr")"
  assert_equal "$(grep -cE '^child [0-9]+ exited with status ' <<<"$output")" 3
}

# strerror_of NAME — the C library's text for errno NAME ("Resource temporarily unavailable").
strerror_of() { perl -MPOSIX -e "\$! = POSIX::$1(); print \"\$!\\n\""; }

# Requirement: R16, R17
@test "01-fork-wait: when fork or waitpid fails, the program says so on stderr and exits 1" {
  local program reason
  program=$(lab_program fork_wait)
  reason=$(strerror_of EAGAIN)
  lab_shim fault_inject
  # The third fork fails with EAGAIN, as at the process limit.
  run --separate-stderr lab_run -- /usr/bin/env "LD_PRELOAD=$SHIM" PROCLAB_FORK_FAILS=3 "$program" 5
  ((status == 1)) && grep -q "fork: $reason" <<<"$stderr" ||
    fail "$(printf 'the third fork fails with EAGAIN: expected "fork: %s" on stderr and exit status 1\nexit status: %s\nstdout:\n%s\nstderr:\n%s' \
      "$reason" "$status" "$output" "$stderr")"
  assert_equal "$(grep -c '^hello, I am parent of ' <<<"$output")" 2
  refute_line --regexp '^hello, I am parent of -'
  # The first waitpid fails with ECHILD: an error, not the end of the children.
  reason=$(strerror_of ECHILD)
  run --separate-stderr lab_run -- /usr/bin/env "LD_PRELOAD=$SHIM" PROCLAB_FAIL=waitpid:1 "$program" 2
  ((status == 1)) && grep -q "waitpid: $reason" <<<"$stderr" ||
    fail "$(printf 'the first waitpid fails with ECHILD: expected "waitpid: %s" on stderr and exit status 1\nexit status: %s\nstdout:\n%s\nstderr:\n%s' \
      "$reason" "$status" "$output" "$stderr")"
  refute_line --regexp '^all [0-9]+ children reaped'
}
