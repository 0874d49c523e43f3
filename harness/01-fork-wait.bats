#!/usr/bin/env bats
# Lab 01 — fork and wait. Every program runs under labrun; see lib/common.bash.

setup() {
  load lib/common
  proclab_setup
}

teardown() { proclab_teardown; }

# child_pids_printed — the C of every "hello, I am child of P (pid:C)" line, in order.
child_pids_printed() { sed -nE 's/^hello, I am child of [0-9]+ \(pid:([0-9]+)\)$/\1/p' "$LAB_OUT"; }
# parent_pids_printed — the C of every "hello, I am parent of C (pid:P)" line, in order.
parent_pids_printed() { sed -nE 's/^hello, I am parent of ([0-9]+) \(pid:[0-9]+\)$/\1/p' "$LAB_OUT"; }
sorted() { tr ' ' '\n' | sed '/^$/d' | sort -n | tr '\n' ' '; }

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

@test "01-fork-wait: every child is reaped, and the program then exits 0" {
  run lab_run fork_wait 8
  assert_success
  assert_line "all 8 children reaped"
  local reported
  reported=$(grep -cE '^child [0-9]+ (exited with status|killed by signal) ' <<<"$output" || true)
  [[ $reported -eq 8 ]] || fail "$(printf 'expected 8 child reports, got %s\noutput:\n%s' "$reported" "$output")"
  assert_equal "$(grep -oE '^child [0-9]+' <<<"$output" | sort -u | wc -l)" 8
}

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

@test "01-fork-wait: a child killed by a signal is reported as killed, not as exited" {
  lab_start fork_wait -p 2
  wait_output_lines '^hello, I am child of ' 2
  local -a children
  mapfile -t children < <(child_pids_printed)
  kill -TERM "${children[0]}"
  kill -KILL "${children[1]}"
  wait_output_lines '^all 2 children reaped$' 1
  lab_wait_end

  run cat "$LAB_OUT"
  assert_line "child ${children[0]} killed by signal $(kill -l TERM) (SIGTERM)"
  assert_line "child ${children[1]} killed by signal $(kill -l KILL) (SIGKILL)"
  refute_line --regexp "^child [0-9]+ exited with status"
}
