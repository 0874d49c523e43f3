#!/usr/bin/env bats
# Lab 08 — a mini shell (mysh). Every program runs under labrun; see
# lib/common.bash. Parts A and B are driven through a pipe (no terminal: no
# prompt, no job control); what needs a terminal — the prompt, Ctrl+C, Ctrl+Z,
# process groups — runs on a pty of its own (a private tmux server, as in lab
# 03); the trace files (harness/traces/08-shell/*.trace) are sessions typed at
# that terminal by a driver that waits for events, never for time
# (lib/08-shell.bash).

setup() {
  load lib/common
  load lib/03-ignore-sigint
  load lib/08-shell
  proclab_setup
}

teardown() {
  tty_teardown
  proclab_teardown
}

# shell_says WHAT — a failure message: WHAT, then what the shell printed.
# shellcheck disable=SC2154 # status, output, stderr: set by bats' run
shell_says() {
  printf '%s\n-- exit status: %s\n-- stdout:\n%s\n-- stderr:\n%s\n' "$1" "$status" "$output" "$stderr"
}

# executable NAME BODY... — a /bin/sh script NAME in MYSH_DIR, one line per BODY.
executable() {
  local file=$MYSH_DIR/$1
  shift
  printf '#!/bin/sh\n' >"$file"
  printf '%s\n' "$@" >>"$file"
  chmod 755 "$file"
}

# ---- Part A: the loop, through a pipe -------------------------------------

# Requirement: R1
@test "08-shell: with an argument, mysh prints a usage line on stderr and exits 2" {
  mysh_command
  run --separate-stderr "$LABRUN" -t 10 -S -- "${MYSH_COMMAND[@]}" extra </dev/null
  [[ $status -eq 2 && $stderr == *usage* ]] || fail "$(shell_says 'expected a usage line on stderr and exit status 2')"
}

# Requirement: R2, R3
@test "08-shell: commands from a pipe run in order, each after the one before has ended, with no prompt" {
  mysh_shared_dir
  # A command that prints late: a shell that does not wait for it before the
  # next line prints "third" first.
  executable late 'sleep 0.1 # allow-sleep: the command under test prints late' 'echo second'
  run --separate-stderr mysh_run $'echo first\n'"$MYSH_DIR/late"$'\n/bin/echo third\n'
  assert_success
  [[ $output == $'first\nsecond\nthird' ]] ||
    fail "$(shell_says 'expected exactly "first", "second", "third" on stdout, in order, and no prompt (stdin is not a terminal)')"
}

# Requirement: R5
@test "08-shell: end of input ends the shell with the last command's status; exit N with N, and nothing after it runs" {
  run --separate-stderr mysh_run $'true\nfalse\n'
  [[ $status -eq 1 ]] || fail "$(shell_says 'after "true", "false" and end of input, the exit status should be 1 (false'"'"'s)')"
  run --separate-stderr mysh_run $'false\ntrue\n'
  [[ $status -eq 0 ]] || fail "$(shell_says 'after "false", "true" and end of input, the exit status should be 0')"
  run --separate-stderr mysh_run $'echo before\nexit 3\necho after\n'
  [[ $status -eq 3 && $output == before ]] ||
    fail "$(shell_says 'expected "before" only, and exit status 3 from "exit 3"')"
  run --separate-stderr mysh_run $'false\nexit\n'
  [[ $status -eq 1 ]] || fail "$(shell_says '"exit" with no status should exit with the last command'"'"'s status, 1')"
}

# Requirement: R4
@test "08-shell: an unknown command: 'NAME: command not found', status 127, and the shell reads on exactly once" {
  run -127 --separate-stderr mysh_run $'no-such-command-08\necho after\nno-such-command-08\n'
  [[ $stderr == *"no-such-command-08: command not found"* ]] ||
    fail "$(shell_says 'expected "no-such-command-08: command not found" on stderr')"
  [[ $output == after ]] ||
    fail "$(shell_says 'expected "after" exactly once: a child whose execvp failed must _exit, or it goes on reading the same input as a second shell')"
  [[ $status -eq 127 ]] || fail "$(shell_says 'the last command was not found: the exit status should be 127')"
}

# Requirement: R6
@test "08-shell: cd changes the shell's own directory; a bad one is reported and the shell reads on" {
  mysh_shared_dir
  mkdir -m 777 "$MYSH_DIR/sub"
  run --separate-stderr mysh_run "cd $MYSH_DIR/sub"$'\n/bin/pwd\ncd '"$MYSH_DIR/no-such-dir"$'\n/bin/pwd\n'
  [[ $output == "$MYSH_DIR/sub"$'\n'"$MYSH_DIR/sub" ]] ||
    fail "$(shell_says "expected pwd to print $MYSH_DIR/sub twice: cd must change the shell's own directory (a cd in a child changes only the child's)")"
  [[ $stderr == *"cd: $MYSH_DIR/no-such-dir: No such file or directory"* ]] ||
    fail "$(shell_says 'expected "mysh: cd: DIR: No such file or directory" on stderr')"
  assert_success
}

# Requirement: R7
@test "08-shell: a malformed line is reported on stderr and the shell reads on" {
  run --separate-stderr mysh_run $'echo a & echo b\necho >\necho ok\n'
  [[ $output == ok ]] || fail "$(shell_says 'expected only "ok" on stdout: the two malformed lines run nothing')"
  [[ $(grep -c '^mysh: ' <<<"$stderr") -ge 2 ]] || fail "$(shell_says 'expected a "mysh: ..." message on stderr for each malformed line')"
  assert_success
}

# ---- Part B: redirection, background jobs, reaping ------------------------

# Requirement: R14
@test "08-shell: < > >> are set up in the child: the command's output goes to the file, the shell's own stays on stdout" {
  mysh_shared_dir
  local f=$MYSH_DIR/out
  run --separate-stderr mysh_run "echo one >$f"$'\n'"echo two >> $f"$'\n'"cat < $f"$'\necho three\n'"cat<$f>$f.copy"$'\n'
  assert_success
  [[ $output == $'one\ntwo\nthree' ]] ||
    fail "$(shell_says 'expected stdout "one", "two" (from cat < FILE), then "three": the shell'"'"'s own stdout must stay where it was')"
  [[ $(cat "$f") == $'one\ntwo' && $(cat "$f.copy") == $'one\ntwo' ]] ||
    fail "$(printf 'expected the file to hold "one", "two" (> then >>), and its copy too; it holds:\n%s\n-- the copy:\n%s\n%s' \
      "$(cat "$f")" "$(cat "$f.copy" 2>&1)" "$(shell_says '')")"
}

# Requirement: R14
@test "08-shell: a redirection that cannot be opened is reported by the child, with status 1, and the shell reads on" {
  mysh_shared_dir
  run --separate-stderr mysh_run "cat < $MYSH_DIR/missing"$'\necho still here\n'"cat < $MYSH_DIR/missing"$'\n'
  [[ $stderr == *"$MYSH_DIR/missing: No such file or directory"* ]] ||
    fail "$(shell_says 'expected "mysh: FILE: No such file or directory" on stderr')"
  [[ $output == 'still here' && $status -eq 1 ]] ||
    fail "$(shell_says 'expected "still here" on stdout and exit status 1 (the failed redirection'"'"'s)')"
}

# Requirement: R15
@test "08-shell: exit with jobs still running ends them with SIGHUP, reaps them and reports them" {
  mysh_shared_dir
  mkfifo -m 666 "$MYSH_DIR/hold"
  exec {hold}<>"$MYSH_DIR/hold"
  run --separate-stderr mysh_run "cat $MYSH_DIR/hold &"$'\n'"cat $MYSH_DIR/hold &"$'\nexit 4\n'
  exec {hold}>&-
  [[ $status -eq 4 ]] || fail "$(shell_says 'expected exit status 4')"
  local n pid
  for n in 1 2; do
    pid=$(sed -nE "s/^\\[$n\\] ([0-9]+)\$/\\1/p" <<<"$output")
    [[ -n $pid ]] || fail "$(shell_says "expected a \"[$n] PID\" line for background job $n")"
    grep -qx "\\[$n\\] $pid killed by signal $(kill -l HUP)" <<<"$output" ||
      fail "$(shell_says "expected \"[$n] $pid killed by signal $(kill -l HUP)\": exit must end the jobs it leaves (SIGHUP) and reap them")"
  done
}

# Requirement: R12
@test "08-shell: CMD & prints [N] PID and the shell reads the next line at once" {
  mysh_shared_dir
  mkfifo -m 666 "$MYSH_DIR/hold"
  exec {hold}<>"$MYSH_DIR/hold"
  mysh_start_piped
  mysh_send "cat $MYSH_DIR/hold &" "echo next"
  wait_output_lines '^next$' 1
  local pid
  pid=$(sed -nE 's/^\[1\] ([0-9]+)$/\1/p' "$LAB_OUT")
  [[ -n $pid ]] || fail "$(printf 'expected "[1] PID" for the background job\n%s' "$(mysh_context)")"
  [[ $(ps -o ppid= -p "$pid" | tr -d ' ') == "$LAB_PID" && $(pid_state "$pid") == S ]] ||
    fail "$(printf 'job 1 (pid %s) should be a child of the shell, still running (S) while the shell reads on\n%s' "$pid" "$(mysh_context)")"
  exec {hold}>&-
}

# Requirement: R13
@test "08-shell: a background job that ends is reaped and reported at once, while the shell waits for input" {
  mysh_shared_dir
  executable suicide 'kill -TERM $$'
  # Job 1 runs on until the test closes "hold": the handler must reap the
  # two that end without waiting for it (WNOHANG), and the shell read on.
  mkfifo -m 666 "$MYSH_DIR/hold"
  exec {hold}<>"$MYSH_DIR/hold"
  mysh_start_piped
  mysh_send "cat $MYSH_DIR/hold &" 'true &' "$MYSH_DIR/suicide &"
  wait_output_lines '^\[[0-9]+\] [0-9]+ exited with status 0$' 1
  wait_output_lines "^\\[[0-9]+\\] [0-9]+ killed by signal $(kill -l TERM)\$" 1
  local running
  running=$(sed -nE 's/^\[1\] ([0-9]+)$/\1/p' "$LAB_OUT")
  _only_job_1_left() { [[ $(ps -o pid= --ppid "$LAB_PID" | tr -d ' ') == "$running" ]]; }
  lab_wait_until _only_job_1_left ||
    fail "$(printf 'jobs 2 and 3 have ended: only job 1 (pid %s) should be left, no <defunct> child\n%s' "$running" "$(mysh_context)")"
  mysh_send 'echo the shell reads on'
  lab_wait_until _output_has '^the shell reads on$' 1 ||
    fail "$(printf 'with job 1 still running, the shell should read and run the next line: is the handler waiting\nfor job 1 (waitpid without WNOHANG)?\n%s\n%s' "$(why_wait_ended)" "$(mysh_context)")"
  exec {hold}>&-
}

# Requirement: R13
@test "08-shell: 100 background jobs that end together are all reaped and reported, and none stays <defunct>" {
  mysh_shared_dir
  mkfifo -m 666 "$MYSH_DIR/release"
  exec {release}<>"$MYSH_DIR/release"
  mysh_start_piped -n 300
  local jobs=()
  for _ in {1..100}; do jobs+=("cat $MYSH_DIR/release &"); done
  mysh_send "${jobs[@]}"
  # Every cat must be in read, past its open of the fifo: an open still
  # waiting when the write end closes would wait for ever.
  _all_reading() {
    local pid comm reading=0
    while read -r pid comm; do
      [[ $comm == cat ]] || continue
      kernel_wait_channel "$pid"
      [[ $WAIT_CHANNEL == *read* || $WAIT_CHANNEL == syscall-0 || $WAIT_CHANNEL == syscall-63 ]] && reading=$((reading + 1))
    done < <(ps -o pid=,comm= --ppid "$LAB_PID")
    ((reading >= 100))
  }
  lab_wait_until _all_reading ||
    fail "$(printf 'expected 100 background cat jobs; ps showed %s\n%s' "$(ps -o comm= --ppid "$LAB_PID" | grep -c .)" "$(lab_context)")"
  # Close the only write end: all 100 reads return 0, and all exit at once.
  exec {release}>&-
  _no_children() { [[ -z $(ps_children "$LAB_PID") ]]; }
  if ! lab_wait_until _no_children; then
    fail "$(printf '100 jobs ended together and %s are still <defunct>: one SIGCHLD can stand for many ended children,\nso the handler must loop on waitpid(-1, &status, WNOHANG) until it returns 0\n%s\n%s' \
      "$(count_defunct "$LAB_PID")" "$(defunct_children "$LAB_PID" | head -n 5)" "$(why_wait_ended)")"
  fi
  # The last report is written after its job has left the process table, and
  # labrun relays it a moment later: wait for the reports themselves (the wait
  # ends at once, settled, when the shell is back in read without them).
  local pattern='^\[[0-9]+\] [0-9]+ exited with status 0$' reports
  lab_wait_until _output_has "$pattern" 100 || true
  reports=$(grep -cE "$pattern" "$LAB_OUT" || true)
  [[ $reports -eq 100 ]] ||
    fail "$(printf 'expected 100 "[N] PID exited with status 0" reports, got %s\n%s\n%s' "$reports" "$(why_wait_ended)" "$(lab_context)")"
}

# Requirement: R13
@test "08-shell: the SIGCHLD handler calls no printf or exit, and gives errno back as it found it" {
  # The handler_audit shim runs every handler the shell installs inside a
  # trampoline that notes stdio and exit calls and a changed errno.
  lab_shim handler_audit
  local audit=$LAB_SHARED_DIR/audit
  : >"$audit"
  chmod 666 "$audit"
  MYSH_ENV=("LD_PRELOAD=$SHIM" "PROCLAB_AUDIT=$audit")
  mysh_start_piped
  mysh_send 'false &' 'true &'
  wait_output_lines '^\[[0-9]+\] [0-9]+ exited with status 1$' 1
  wait_output_lines '^\[[0-9]+\] [0-9]+ exited with status 0$' 1
  mysh_send 'true' 'echo after'
  wait_output_lines '^after$' 1
  grep -q "^handler ran: signal $(kill -l CHLD)\$" "$audit" ||
    fail "$(printf 'the SIGCHLD handler never ran (installed with sigaction?); the audit:\n%s\n%s' "$(cat "$audit")" "$(mysh_context)")"
  local called
  called=$(sed -nE "s/^handler called ([a-z_]+): signal $(kill -l CHLD)\$/\\1/p" "$audit" | sort -u | tr '\n' ' ')
  [[ -z $called ]] ||
    fail "$(printf 'the SIGCHLD handler called %s— not async-signal-safe (signal-safety(7)): report with report_job, which builds the line and write(2)s it\n%s' "$called" "$(cat "$audit")")"
  ! grep -q "^handler changed errno: signal $(kill -l CHLD)\$" "$audit" ||
    fail "$(printf 'the SIGCHLD handler returned with errno changed (waitpid and write set it): save errno on entry, restore it before returning\n%s' "$(cat "$audit")")"
}

# Requirement: R16
@test "08-shell: a job that ends before fork returns to the shell is still recorded, reaped and reported, never listed" {
  # The child_first shim makes fork return to the shell only once the child
  # has ended: a SIGCHLD that is not blocked around fork and add_job comes
  # before the job is in the table, and the job is never seen to end.
  lab_shim child_first
  mysh_command
  MYSH_COMMAND=(/usr/bin/env "LD_PRELOAD=$SHIM" "${MYSH_COMMAND[@]:1}")
  local input=$BATS_TEST_TMPDIR/input
  printf 'true &\njobs\ntrue\necho after\n' >"$input"
  run --separate-stderr "$LABRUN" -t 10 -S -- "${MYSH_COMMAND[@]}" <"$input" 3>&-
  local want='^\[1\] [0-9]+'$'\n''\[1\] [0-9]+ exited with status 0'$'\n''after$'
  [[ $status -eq 0 && $output =~ $want ]] ||
    fail "$(shell_says 'expected "[1] PID", "[1] PID exited with status 0" (jobs lists nothing), "after", and status 0: block SIGCHLD from before fork until the job is in the table')"
}

# ---- On a terminal ---------------------------------------------------------

# Requirement: R2, R5
@test "08-shell: on a terminal the prompt is 'mysh> ', and Ctrl+D at the prompt ends the shell with status 0" {
  mysh_tty_start
  tty_keys C-d
  tty_lab_wait_end
  [[ $LAB_END == "exit 0" ]] ||
    fail "$(printf 'after Ctrl+D at the prompt the shell should exit with 0; it ended with "%s"\n%s' "$LAB_END" "$(lab_context)")"
}

# Requirement: R18
@test "08-shell: job control: each job has a process group of its own, and the foreground one owns the terminal" {
  mysh_shared_dir
  mkfifo -m 666 "$MYSH_DIR/hold"
  exec {hold}<>"$MYSH_DIR/hold"
  mysh_tty_start
  mysh_type "cat $MYSH_DIR/hold &"
  mysh_type "cat $MYSH_DIR/hold"
  [[ $MYSH_SYNCED == job ]] || fail "$(printf 'the second cat should run in the foreground (%s)\n%s' "$MYSH_SYNCED" "$(mysh_context)")"
  local shell_pgid terminal_pgid pid pgid count=0
  read -r shell_pgid terminal_pgid < <(ps -o pgid=,tpgid= -p "$LAB_PID")
  while read -r pid pgid; do
    count=$((count + 1))
    [[ $pgid == "$pid" && $pgid != "$shell_pgid" ]] ||
      fail "$(printf 'job %s should lead a process group of its own (PGID = its PID), not be in the shell'"'"'s (%s)\n%s' "$pid" "$shell_pgid" "$(mysh_context)")"
  done < <(ps -o pid=,pgid= --ppid "$LAB_PID")
  ((count == 2)) || fail "$(printf 'expected two jobs\n%s' "$(mysh_context)")"
  local background foreground
  background=$(mysh_job_pid 1)
  foreground=$(ps -o pid= --ppid "$LAB_PID" | tr -d ' ' | grep -vx "$background" | head -n 1)
  [[ -n $foreground && $terminal_pgid == "$foreground" ]] ||
    fail "$(printf 'the terminal'"'"'s foreground group (TPGID %s) should be the foreground job'"'"'s (%s), not the shell'"'"'s (%s): tcsetpgrp\n%s' \
      "$terminal_pgid" "$foreground" "$shell_pgid" "$(mysh_context)")"
  exec {hold}>&-
}

# Requirement: R17, R19
@test "08-shell: job control: the shell ignores SIGINT and SIGTSTP, and its foreground job has them at their defaults" {
  mysh_tty_start
  mysh_type cat
  [[ $MYSH_SYNCED == job ]] || fail "$(printf 'cat should run in the foreground (%s)\n%s' "$MYSH_SYNCED" "$(mysh_context)")"
  local signal ignored job
  job=$(ps -o pid= --ppid "$LAB_PID" | head -n 1 | tr -d ' ')
  for signal in INT TSTP; do
    ignored=$(proc_status_field "$LAB_PID" SigIgn)
    signal_bit_set "$ignored" "$(kill -l "$signal")" ||
      fail "$(printf 'the shell should ignore SIG%s (SigIgn %s)\n%s' "$signal" "$ignored" "$(mysh_context)")"
    ignored=$(proc_status_field "$job" SigIgn)
    ! signal_bit_set "$ignored" "$(kill -l "$signal")" ||
      fail "$(printf 'the foreground job (pid %s) ignores SIG%s (SigIgn %s): the child must set it back to SIG_DFL before exec (SIG_IGN survives exec)\n%s' "$job" "$signal" "$ignored" "$(mysh_context)")"
  done
}

# ---- Traces ------------------------------------------------------------------

# Requirement: R12, R13
@test "08-shell: the traces of Part B pass (harness/traces/08-shell/b-*.trace)" {
  mysh_traces 'b-*.trace'
}

# Requirement: R17, R18, R19, R20, R21
@test "08-shell: job control: the traces of Part C pass (harness/traces/08-shell/c-*.trace)" {
  mysh_traces 'c-*.trace'
}
