#!/usr/bin/env bats
# Lab 08 — a mini shell (mysh). Every program runs under labrun; see
# lib/common.bash. Parts A and B are driven through a pipe (no terminal: no
# prompt, no job control); what needs a terminal — the prompt, Ctrl+C, Ctrl+Z,
# process groups — runs on a pty of its own (a private tmux server, as in lab
# 03); the trace files (harness/traces/08-shell/*.trace) are sessions typed at
# that terminal by a driver that waits for events, never for time
# (lib/08-shell.bash).

# Loaded outside setup(), where bats does not trace every command yet (lib/common.bash).
load lib/common
load lib/03-ignore-sigint
load lib/08-shell

setup() {
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
  [[ $status -eq 2 && $stderr == "usage: "*mysh* ]] || fail "$(shell_says 'expected a usage line naming the program ("usage: mysh ...", from argv[0]) on stderr and exit status 2')"
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
  [[ -z $stderr ]] || fail "$(shell_says 'expected nothing on stderr: every command ran, and end of input is no error')"
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
  run --separate-stderr mysh_run $'false\ntrue &\n'
  [[ $status -eq 0 ]] || fail "$(shell_says 'after "false" and "true &", end of input should exit with 0: a command started in the background has status 0')"
  # A read error (standard input is a directory: EISDIR) ends the shell too, reported.
  mysh_shared_dir
  mysh_command
  run --separate-stderr "$LABRUN" -t 10 -S -- "${MYSH_COMMAND[@]}" <"$MYSH_DIR"
  [[ $status -eq 0 && $stderr == *"mysh: read: $(perl -MPOSIX -e '$! = EISDIR; print "$!"')"* ]] ||
    fail "$(shell_says 'with a directory on standard input, expected "mysh: read: <strerror of EISDIR>" on stderr and exit status 0 (no command ran)')"
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
  run --separate-stderr mysh_run $'true\necho >\n'
  [[ $status -eq 2 ]] || fail "$(shell_says 'after a malformed line and end of input, the exit status should be 2 (the rejected line'"'"'s)')"
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
  mysh_hold
  run --separate-stderr mysh_run "cat $MYSH_DIR/hold &"$'\n'"cat $MYSH_DIR/hold &"$'\nexit 4\n'
  mysh_release
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
  mysh_hold
  mysh_start_piped
  mysh_send "cat $MYSH_DIR/hold &" "echo next"
  wait_output_lines '^next$' 1
  local pid
  pid=$(sed -nE 's/^\[1\] ([0-9]+)$/\1/p' "$LAB_OUT")
  [[ -n $pid ]] || fail "$(printf 'expected "[1] PID" for the background job\n%s' "$(mysh_context)")"
  [[ $(ps -o ppid= -p "$pid" | tr -d ' ') == "$LAB_PID" && $(pid_state "$pid") == S ]] ||
    fail "$(printf 'job 1 (pid %s) should be a child of the shell, still running (S) while the shell reads on\n%s' "$pid" "$(mysh_context)")"
  mysh_release
}

# Requirement: R13
@test "08-shell: a background job that ends is reaped and reported at once, while the shell waits for input" {
  mysh_shared_dir
  executable suicide 'kill -TERM $$'
  # Job 1 runs on until the test closes "hold": the handler must reap the
  # two that end without waiting for it (WNOHANG), and the shell read on.
  mysh_hold
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
  mysh_release
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
  handler_audit_file
  MYSH_ENV=("LD_PRELOAD=$SHIM" "PROCLAB_AUDIT=$AUDIT")
  mysh_start_piped
  mysh_send 'false &' 'true &'
  wait_output_lines '^\[[0-9]+\] [0-9]+ exited with status 1$' 1
  wait_output_lines '^\[[0-9]+\] [0-9]+ exited with status 0$' 1
  mysh_send 'true' 'echo after'
  wait_output_lines '^after$' 1
  assert_handler_clean "$(kill -l CHLD)" 'Report with report_job, which builds the line and write(2)s it; waitpid and write set errno.'
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

# Requirement: R4
@test "08-shell: a command that exists but cannot be executed: 'NAME: <strerror>', status 126" {
  mysh_shared_dir
  local file=$MYSH_DIR/not-executable denied
  printf '#!/bin/sh\necho ran\n' >"$file"
  chmod 644 "$file"
  denied=$(perl -MPOSIX -e '$! = EACCES; print "$!"')
  run --separate-stderr mysh_run "$file"$'\n'
  grep -qxF "$file: $denied" <<<"$stderr" ||
    fail "$(shell_says "expected \"$file: $denied\" on stderr: execvp failed with EACCES, not ENOENT (the file is there, without x)")"
  [[ $status -eq 126 && -z $output ]] ||
    fail "$(shell_says 'expected exit status 126 (the file exists but cannot run: not 127, which means not found) and nothing on stdout')"
}

# Requirement: R3
@test "08-shell: a failed fork or sigprocmask is reported, runs nothing, and the shell reads on" {
  lab_shim fault_inject
  mysh_hold
  local eagain einval pid
  eagain=$(perl -MPOSIX -e '$! = EAGAIN; print "$!"')
  einval=$(perl -MPOSIX -e '$! = EINVAL; print "$!"')
  # The job's fork works; the second (true) and every later one fail. At end
  # of input the job gets its SIGHUP, and its end can only be seen if the
  # failed fork left SIGCHLD unblocked.
  MYSH_ENV=("LD_PRELOAD=$SHIM" PROCLAB_FORK_FAILS=2)
  run --separate-stderr mysh_run "cat $MYSH_DIR/hold &"$'\ntrue\n'
  mysh_release
  [[ $stderr == *"mysh: fork: $eagain"* ]] ||
    fail "$(shell_says "expected \"mysh: fork: $eagain\" on stderr for the command whose fork failed")"
  pid=$(sed -nE 's/^\[1\] ([0-9]+)$/\1/p' <<<"$output")
  [[ $status -eq 1 && -n $pid ]] && grep -qx "\\[1\\] $pid killed by signal $(kill -l HUP)" <<<"$output" ||
    fail "$(shell_says 'expected exit status 1 (the failed command'"'"'s) and "[1] PID killed by signal 1" at end of input: after a failed fork the shell must unblock SIGCHLD again')"
  # The first sigprocmask (blocking SIGCHLD before the first fork) fails.
  MYSH_ENV=("LD_PRELOAD=$SHIM" PROCLAB_FAIL=sigprocmask:1)
  run --separate-stderr mysh_run $'echo one\necho two\n'
  [[ $stderr == *"mysh: sigprocmask: $einval"* && $output == two && $status -eq 0 ]] ||
    fail "$(shell_says "expected \"mysh: sigprocmask: $einval\" on stderr, \"echo one\" not run (SIGCHLD could not be blocked), then \"two\", and status 0")"
}

# Requirement: R12
@test "08-shell: with 128 jobs running, one more command is refused with 'mysh: too many jobs', status 1" {
  mysh_hold
  local input='' reports
  for _ in {1..128}; do input+="cat $MYSH_DIR/hold &"$'\n'; done
  run --separate-stderr mysh_run -n 300 "$input"$'true\n'
  mysh_release
  [[ $stderr == *"mysh: too many jobs"* ]] ||
    fail "$(shell_says 'expected "mysh: too many jobs ..." on stderr for the 129th command (the job table holds 128)')"
  reports=$(grep -cE "^\\[[0-9]+\\] [0-9]+ killed by signal $(kill -l HUP)\$" <<<"$output" || true)
  [[ $status -eq 1 && $reports -eq 128 ]] ||
    fail "$(shell_says "expected exit status 1 (the refused command's) and 128 \"[N] PID killed by signal 1\" reports at end of input (got $reports): the refused command must unblock SIGCHLD again")"
}

# Requirement: R13
@test "08-shell: a SIGCHLD handler that cannot be installed is reported, and the shell exits with 1" {
  lab_shim fault_inject
  local einval
  einval=$(perl -MPOSIX -e '$! = EINVAL; print "$!"')
  # shellcheck disable=SC2034 # MYSH_ENV: read by mysh_command (lib/08-shell.bash)
  MYSH_ENV=("LD_PRELOAD=$SHIM" PROCLAB_FAIL=sigaction:1)
  run --separate-stderr mysh_run $'echo ran\n'
  [[ $stderr == *"mysh: sigaction: $einval"* && $status -eq 1 && -z $output ]] ||
    fail "$(shell_says "expected \"mysh: sigaction: $einval\" on stderr, nothing run, and exit status 1")"
}

# Requirement: R18
@test "08-shell: job control: a job makes its own process group and takes the terminal itself; the shell's setpgid is no error either way" {
  mysh_shared_dir
  executable ids 'read -r pid comm state ppid pgid session tty tpgid rest </proc/$$/stat' 'echo "ids $pid $pgid $tpgid"'
  # On a terminal, with child_first: fork returns to the shell only once the
  # child has ended, so the job must have called setpgid and (in the
  # foreground) tcsetpgrp itself; the shell's setpgid then fails with EACCES,
  # which is no error.
  lab_shim child_first
  MYSH_ENV=("LD_PRELOAD=$SHIM")
  mysh_tty_start
  local shell_pgid lines
  shell_pgid=$(ps -o pgid= -p "$LAB_PID" | tr -d ' ')
  mysh_type "$MYSH_DIR/ids"
  mysh_type "$MYSH_DIR/ids &"
  wait_output_lines 'ids [0-9]+ [0-9]+ -?[0-9]+$' 2
  lines=$(grep -oE 'ids [0-9]+ [0-9]+ -?[0-9]+$' "$LAB_OUT")
  local pid pgid tpgid
  read -r _ pid pgid tpgid <<<"$(sed -n 1p <<<"$lines")"
  [[ $pgid == "$pid" && $tpgid == "$pid" ]] ||
    fail "$(printf 'the foreground job (pid %s) saw its group %s and the terminal'"'"'s %s: it must run setpgid(0, 0) and take the terminal itself, before exec (the shell may run only after it)\n%s' \
      "$pid" "$pgid" "$tpgid" "$(mysh_context)")"
  read -r _ pid pgid tpgid <<<"$(sed -n 2p <<<"$lines")"
  [[ $pgid == "$pid" && $tpgid == "$shell_pgid" ]] ||
    fail "$(printf 'the background job (pid %s) saw its group %s and the terminal'"'"'s %s: expected a group of its own, and the terminal left to the shell (%s)\n%s' \
      "$pid" "$pgid" "$tpgid" "$shell_pgid" "$(mysh_context)")"
  tty_keys C-d
  tty_lab_wait_end
  [[ $LAB_END == "exit 0" && ! -s $LAB_ERR ]] ||
    fail "$(printf 'expected the shell to end with 0 at Ctrl+D and nothing on stderr (a setpgid that lost the race to the job is no error); it ended with "%s"\n%s' "$LAB_END" "$(lab_context)")"
  tty_teardown
  # Without the shim, a job that waits in its redirection's open of a fifo
  # has not exec'd yet: the shell's setpgid succeeds, and is no error either.
  MYSH_ENV=()
  mkfifo -m 666 "$MYSH_DIR/in"
  mysh_tty_start
  _tty_tmux send-keys -l "cat < $MYSH_DIR/in" \; send-keys Enter || fail "tmux send-keys failed"
  # Asleep, and not at the terminal: waiting for its job — or, if it set the
  # redirection up itself, in the open of the fifo, with no job at all.
  _shell_asleep() { [[ $(pid_state "$LAB_PID") == S ]] && ! _mysh_in_terminal_io; }
  lab_wait_until _shell_asleep ||
    fail "$(printf 'expected the shell to wait for its job, which waits in open\n%s\n%s' "$(why_wait_ended)" "$(mysh_context)")"
  [[ -n $(ps -o pid= --ppid "$LAB_PID") ]] ||
    fail "$(printf 'the shell waits with no job: it opens the redirection itself, before fork (R14: in the child)\n%s' "$(mysh_context)")"
  local in
  exec {in}>"$MYSH_DIR/in"
  exec {in}>&-
  lab_wait_until _mysh_prompts_at_least 2 ||
    fail "$(printf 'the job (cat of an empty fifo) should end, and the prompt come back\n%s\n%s' "$(why_wait_ended)" "$(mysh_context)")"
  tty_keys C-d
  tty_lab_wait_end
  [[ $LAB_END == "exit 0" && ! -s $LAB_ERR ]] ||
    fail "$(printf 'expected the shell to end with 0 at Ctrl+D and nothing on stderr (the shell'"'"'s setpgid succeeded: no error); it ended with "%s"\n%s' "$LAB_END" "$(lab_context)")"
}

# Requirement: R18
@test "08-shell: job control: a shell started in another's process group makes one of its own and takes the terminal" {
  # /bin/sh (no job control) runs the shell as its child, in sh's group.
  mysh_command
  tty_lab_start /bin/sh -c '"$@"; exit $?' sh "${MYSH_COMMAND[@]}"
  lab_wait_until _mysh_prompts_at_least 1 ||
    fail "$(printf 'the shell should print its prompt\n%s\n%s' "$(why_wait_ended)" "$(lab_context)")"
  local shell stat fields
  shell=$(ps -o pid= --ppid "$LAB_PID" | tr -d ' ')
  { read -r stat <"/proc/$shell/stat"; } 2>/dev/null || true
  read -ra fields <<<"${stat##*) }"
  [[ -n $shell && ${fields[2]:-} == "$shell" && ${fields[5]:-} == "$shell" ]] ||
    fail "$(printf 'the shell (pid %s), started in the group of /bin/sh (%s), should lead a group of its own (it has %s) and own the terminal (TPGID %s)\n%s' \
      "$shell" "$LAB_PID" "${fields[2]:-}" "${fields[5]:-}" "$(mysh_context)")"
  tty_keys C-d
  tty_lab_wait_end
  [[ $LAB_END == "exit 0" && ! -s $LAB_ERR ]] ||
    fail "$(printf 'expected Ctrl+D to end the shell with 0 and nothing on stderr; it ended with "%s"\n%s' "$LAB_END" "$(lab_context)")"
}

# Requirement: R21
@test "08-shell: job control: without a terminal, bg %N sends its SIGCONT to job N's process and no other" {
  mysh_hold
  mysh_start_piped
  mysh_send "cat $MYSH_DIR/hold &" "cat $MYSH_DIR/hold &"
  wait_output_lines '^\[2\] [0-9]+$' 1
  local one two
  one=$(sed -nE 's/^\[1\] ([0-9]+)$/\1/p' "$LAB_OUT")
  two=$(sed -nE 's/^\[2\] ([0-9]+)$/\1/p' "$LAB_OUT")
  kill -STOP "$one" "$two"
  wait_output_lines "^\\[[12]\\] [0-9]+ stopped by signal $(kill -l STOP)\$" 2
  mysh_send 'bg %1'
  wait_output_lines "^\\[1\\] $one Running " 1
  # The SIGCONT is sent before bg prints its line: by now job 2 has it, or never will.
  lab_wait_until _trace_state_is "$one" S ||
    fail "$(printf 'job 1 (pid %s) should run again after bg %%1\n%s\n%s' "$one" "$(why_wait_ended)" "$(mysh_context)")"
  [[ $(pid_state "$two") == T ]] ||
    fail "$(printf 'job 2 (pid %s) should still be stopped: without job control a job shares the shell'"'"'s group, so bg %%1 signals the pid of job 1 only (not -PGID, never -1)\n%s' "$two" "$(mysh_context)")"
  mysh_release
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
  mysh_hold
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
  mysh_release
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

# ---- More of the built-ins, statuses and redirection ---------------------------

# Requirement: R5, R15
@test "08-shell: a foreground command killed or stopped by signal N leaves the status 128+N; exit ends a stopped job too" {
  mysh_shared_dir
  executable suicide 'kill -TERM $$'
  executable stopper 'kill -STOP $$'
  run --separate-stderr mysh_run "$MYSH_DIR/suicide"$'\n'
  [[ $status -eq $((128 + $(kill -l TERM))) ]] ||
    fail "$(shell_says "a command killed by SIGTERM ($(kill -l TERM)) was the last one: the exit status should be $((128 + $(kill -l TERM))) (128+N)")"
  # Without a terminal the stopped command is in the shell's own process
  # group: the shell reads on, and exit must end the stopped job (SIGHUP, and
  # SIGCONT, or it never dies) and reap it.
  run --separate-stderr mysh_run "$MYSH_DIR/stopper"$'\nexit\n'
  [[ $status -eq $((128 + $(kill -l STOP))) ]] ||
    fail "$(shell_says "a command stopped by SIGSTOP ($(kill -l STOP)) was the last one: \"exit\" should exit with $((128 + $(kill -l STOP))) (128+N)")"
  local pid
  pid=$(sed -nE "s/^\\[1\\] ([0-9]+) stopped by signal $(kill -l STOP)\$/\\1/p" <<<"$output")
  [[ -n $pid ]] && grep -qx "\\[1\\] $pid killed by signal $(kill -l HUP)" <<<"$output" ||
    fail "$(shell_says "expected \"[1] PID stopped by signal $(kill -l STOP)\", then \"[1] PID killed by signal $(kill -l HUP)\": exit sends the stopped job SIGHUP and SIGCONT, and reaps it")"
}

# Requirement: R5
@test "08-shell: exit STATUS takes 0 to 255; any other STATUS is a usage error with status 2, and the shell reads on" {
  local n word
  for n in 0 10 255; do
    run --separate-stderr mysh_run $'false\nexit '"$n"$'\necho after\n'
    [[ $status -eq $n && -z $output && -z $stderr ]] ||
      fail "$(shell_says "expected \"exit $n\" to end the shell at once with status $n, silently")"
  done
  for word in 256 -1 1x '1 2'; do
    run --separate-stderr mysh_run "exit $word"$'\necho after\n'"exit $word"$'\n'
    [[ $status -eq 2 && $output == after ]] ||
      fail "$(shell_says "\"exit $word\" is a usage error: the shell should read on (\"after\") and end at end of input with 2, the failed exit's status")"
    [[ $(grep -c '^mysh: usage: exit' <<<"$stderr") -eq 2 && $stderr != *'not found'* ]] ||
      fail "$(shell_says "expected \"mysh: usage: exit ...\" on stderr for each \"exit $word\" (a built-in: nothing is run for it)")"
  done
}

# Requirement: R6
@test "08-shell: cd with no DIR goes to HOME, or says 'mysh: cd: HOME is not set'; cd's status is 0, or 1 when it fails" {
  mysh_shared_dir
  mkdir -m 777 "$MYSH_DIR/home"
  MYSH_ENV=("HOME=$MYSH_DIR/home")
  run --separate-stderr mysh_run $'cd /\n/bin/pwd\nfalse\ncd\n/bin/pwd\nfalse\ncd\n'
  [[ $output == /$'\n'"$MYSH_DIR/home" && $status -eq 0 && -z $stderr ]] ||
    fail "$(shell_says "expected pwd to print / then $MYSH_DIR/home (\$HOME: cd with no DIR), nothing on stderr, and status 0 (cd's, after false)")"
  run --separate-stderr mysh_run $'cd '"$MYSH_DIR/no-such-dir"$'\n'
  [[ $status -eq 1 ]] || fail "$(shell_says 'the last command was a cd that failed: the exit status should be 1')"
  MYSH_ENV=()
  _without_home() ( unset HOME; mysh_run "$1" )
  run --separate-stderr _without_home $'/bin/pwd\ncd\n/bin/pwd\ncd\n'
  [[ $stderr == *'mysh: cd: HOME is not set'* && $status -eq 1 ]] ||
    fail "$(shell_says 'with HOME unset, expected "mysh: cd: HOME is not set" on stderr, and status 1 (the failed cd'"'"'s)')"
  local lines
  mapfile -t lines <<<"$output"
  [[ ${#lines[@]} -eq 2 && ${lines[0]} == "${lines[1]}" ]] ||
    fail "$(shell_says 'with HOME unset, cd with no DIR should stay where it is: pwd should print the same directory twice')"
}

# Requirement: R21
@test "08-shell: job control: fg and bg continue a stopped job (fg waits, its status is the job's; bg prints it Running, status 0); a bad %N is an error" {
  mysh_shared_dir
  executable stopper 'kill -STOP $$' 'exit 5'
  # fg continues the stopped job and waits for it: its status is 5.
  run --separate-stderr mysh_run "$MYSH_DIR/stopper"$'\nfg %1\n'
  [[ $status -eq 5 && $output =~ ^\[1\]\ [0-9]+\ stopped\ by\ signal\ $(kill -l STOP)$ && -z $stderr ]] ||
    fail "$(shell_says "expected \"[1] PID stopped by signal $(kill -l STOP)\", then \"fg %1\" to continue the job (SIGCONT) and wait for it: exit status 5, the job's")"
  # bg continues it in the background and says so; bg's status is 0.
  mysh_start_piped
  mysh_send "$MYSH_DIR/stopper"
  wait_output_lines "^\\[1\\] [0-9]+ stopped by signal $(kill -l STOP)\$" 1
  mysh_send 'bg %1'
  wait_output_lines '^\[1\] [0-9]+ exited with status 5$' 1
  mysh_end_input
  lab_wait_end
  local pid
  pid=$(mysh_job_pid 1)
  [[ $LAB_END == 'exit 0' ]] && grep -qx "\\[1\\] $pid Running $MYSH_DIR/stopper" "$LAB_OUT" ||
    fail "$(printf 'expected "[1] %s Running %s" from bg, and status 0 (bg'"'"'s) at end of input; the shell ended with "%s"\n%s' \
      "$pid" "$MYSH_DIR/stopper" "$LAB_END" "$(lab_context)")"
  # A missing or malformed %N: usage, status 2; no such job: status 1.
  run --separate-stderr mysh_run $'fg\n'
  [[ $status -eq 2 && $stderr == 'mysh: usage: fg %N' ]] ||
    fail "$(shell_says 'expected "mysh: usage: fg %N" on stderr and status 2')"
  run --separate-stderr mysh_run $'bg %x\nbg %1 %2\nfg %9\nbg %10\n'
  [[ $stderr == $'mysh: usage: bg %N\nmysh: usage: bg %N\nmysh: fg: %9: no such job\nmysh: bg: %10: no such job' && $status -eq 1 ]] ||
    fail "$(shell_says 'expected "mysh: usage: bg %N" twice, "mysh: fg: %9: no such job", "mysh: bg: %10: no such job" on stderr, and status 1 (no such job)')"
}

# Requirement: R14
@test "08-shell: a redirected command has the file on fd 0 or 1 only: the child closes the fd it opened" {
  mysh_shared_dir
  executable fds 'ls -l /proc/$$/fd'
  local in=$MYSH_DIR/in out=$MYSH_DIR/out
  : >"$in"
  chmod 644 "$in"
  run --separate-stderr mysh_run "$MYSH_DIR/fds < $in > $out"$'\n'
  assert_success
  local on_in on_out
  on_in=$(grep -c -- "-> $in\$" "$out" || true)
  on_out=$(grep -c -- "-> $out\$" "$out" || true)
  [[ $on_in -eq 1 && $on_out -eq 1 ]] ||
    fail "$(printf 'the command should have FILE open once (fd 0 for <, fd 1 for >); it had < FILE open %s times and > FILE %s times: close the fd open returned, after dup2\n-- its fds (ls -l /proc/PID/fd):\n%s' \
      "$on_in" "$on_out" "$(cat "$out")")"
}

# Requirement: R14
@test "08-shell: an output file that cannot be opened is reported by the child, its status is 1, and the command does not run" {
  mysh_shared_dir
  local file=$MYSH_DIR/no-such-dir/out missing
  missing=$(perl -MPOSIX -e '$! = ENOENT; print "$!"')
  run --separate-stderr mysh_run "echo lost > $file"$'\n'
  [[ $stderr == "mysh: $file: $missing" ]] ||
    fail "$(shell_says "expected \"mysh: $file: $missing\" on stderr (open's error, not a later call's)")"
  [[ -z $output && $status -eq 1 ]] ||
    fail "$(shell_says 'expected nothing on stdout (the command must not run with its output in the wrong place) and status 1')"
}

# mysh_with_late_sigchld — the shell is to run under the late_signal shim,
# which holds its first sigsuspend until a SIGCHLD has been handled or is
# pending (it then writes "holding before sigsuspend" to LATE_REPORT), with a
# held fifo (mysh_hold) for a job to wait on.
mysh_with_late_sigchld() {
  lab_shim late_signal
  LATE_REPORT=$LAB_SHARED_DIR/late
  : >"$LATE_REPORT"
  chmod 666 "$LATE_REPORT"
  mysh_hold
  # shellcheck disable=SC2034 # MYSH_ENV: read by mysh_command (lib/08-shell.bash)
  MYSH_ENV=("LD_PRELOAD=$SHIM" "PROCLAB_LATE_REPORT=$LATE_REPORT" "PROCLAB_LATE_SIGNAL=$(kill -l CHLD)")
}

# _late_holding — the shim holds the shell's sigsuspend.
_late_holding() { grep -q '^holding before sigsuspend$' "$LATE_REPORT"; }

# Requirement: R15
@test "08-shell: exit waits for a job that outlives its SIGHUP, with SIGCHLD blocked from its check to its sleep" {
  # The late_signal shim holds the shell's first sigsuspend until a SIGCHLD
  # has been handled or is pending: a shell that checks "any job left?" with
  # SIGCHLD unblocked has its job reaped between the check and the sleep, and
  # sleeps for ever.
  mysh_with_late_sigchld
  executable hupless "trap '' HUP" "exec cat $MYSH_DIR/hold"
  mysh_start_piped
  mysh_send "$MYSH_DIR/hupless &"
  wait_output_lines '^\[1\] [0-9]+$' 1
  local pid
  pid=$(mysh_job_pid 1)
  # Once it is cat, the job ignores SIGHUP (SIG_IGN survives exec).
  _job_is_cat() { [[ $(cat "/proc/$pid/comm" 2>/dev/null) == cat ]]; }
  lab_wait_until _job_is_cat || fail "$(printf 'job 1 (pid %s) should become cat\n%s' "$pid" "$(mysh_context)")"
  mysh_send 'exit 6'
  lab_wait_until _late_holding ||
    fail "$(printf 'exit with a job left should wait for it in sigsuspend (the job ignores SIGHUP); %s\n-- the shim'"'"'s report:\n%s\n%s' \
      "$(why_wait_ended)" "$(cat "$LATE_REPORT")" "$(mysh_context)")"
  mysh_release
  lab_wait_end
  [[ $LAB_END == 'exit 6' ]] && grep -qx "\\[1\\] $pid exited with status 0" "$LAB_OUT" ||
    fail "$(printf 'once the job ended, expected "[1] %s exited with status 0" and the shell to exit with 6; it ended with "%s":\nblock SIGCHLD before counting the jobs left, and sleep with sigsuspend\n%s' \
      "$pid" "$LAB_END" "$(lab_context)")"
}

# Requirement: R21
@test "08-shell: job control: fg waits with SIGCHLD blocked from its check to its sleep" {
  # As above: the late_signal shim holds fg's sigsuspend until the job's
  # SIGCHLD has been handled or is pending.
  mysh_with_late_sigchld
  mysh_start_piped
  mysh_send "cat $MYSH_DIR/hold &"
  wait_output_lines '^\[1\] [0-9]+$' 1
  mysh_send 'fg %1'
  lab_wait_until _late_holding ||
    fail "$(printf 'fg %%1 should wait for the job in sigsuspend; %s\n-- the shim'"'"'s report:\n%s\n%s' \
      "$(why_wait_ended)" "$(cat "$LATE_REPORT")" "$(mysh_context)")"
  mysh_release
  mysh_send 'echo after'
  lab_wait_until _output_has '^after$' 1 ||
    fail "$(printf 'the job fg waited for has ended: the shell should read on; %s\nblock SIGCHLD before looking the job up, and sleep with sigsuspend\n%s' \
      "$(why_wait_ended)" "$(mysh_context)")"
}

# Requirement: R21
@test "08-shell: job control: jobs lists with SIGCHLD blocked: a job that ends meanwhile is reported after the list" {
  # The late_signal shim holds jobs' printf of a job's line until a SIGCHLD
  # has been handled or is pending; the test ends job 1 just then. Blocked,
  # the SIGCHLD waits for the list to end; let in, the handler reports job 1
  # ended before its line, which then lists a job that is gone.
  mysh_with_late_sigchld
  MYSH_ENV+=("PROCLAB_LATE_PRINTF= Running ")
  mysh_start_piped
  mysh_send "cat $MYSH_DIR/hold &"
  wait_output_lines '^\[1\] [0-9]+$' 1
  local pid
  pid=$(mysh_job_pid 1)
  mysh_send 'jobs'
  _holding_printf() { grep -q '^holding before printf$' "$LATE_REPORT"; }
  lab_wait_until _holding_printf ||
    fail "$(printf 'jobs should list job 1 with printf (the provided list_jobs); %s\n-- the shim'"'"'s report:\n%s\n%s' \
      "$(why_wait_ended)" "$(cat "$LATE_REPORT")" "$(mysh_context)")"
  mysh_release
  mysh_send 'echo after'
  wait_output_lines '^after$' 1
  wait_output_lines "^\\[1\\] $pid exited with status 0\$" 1
  local listed reported
  listed=$(grep -nE "^\\[1\\] $pid Running " "$LAB_OUT" | head -n 1 | cut -d: -f1)
  reported=$(grep -nx "\\[1\\] $pid exited with status 0" "$LAB_OUT" | head -n 1 | cut -d: -f1)
  [[ -n $listed && $listed -lt $reported ]] ||
    fail "$(printf 'job 1 ended while jobs listed it: its line should come first, then "[1] %s exited with status 0";\nblock SIGCHLD around the listing\n%s' "$pid" "$(mysh_context)")"
}

# Requirement: R21
@test "08-shell: job control: jobs lists each job by number, Running or Stopped, with status 0, and leaves SIGCHLD unblocked" {
  # The stack_poison shim fills the stack with all-ones bytes first: a signal
  # set used without being filled in (sigprocmask's old set) holds every signal.
  lab_shim stack_poison
  mysh_hold
  executable stopper 'kill -STOP $$'
  # shellcheck disable=SC2034 # MYSH_ENV: read by mysh_command (lib/08-shell.bash)
  MYSH_ENV=("LD_PRELOAD=$SHIM")
  mysh_start_piped
  mysh_send 'jobs' "$MYSH_DIR/stopper" "cat $MYSH_DIR/hold &" 'jobs'
  _listed() { _output_has ' Running ' 1; }
  lab_wait_until _listed ||
    fail "$(printf 'expected "jobs" to list the jobs; %s\n%s' "$(why_wait_ended)" "$(mysh_context)")"
  local stopped running
  stopped=$(mysh_job_pid 1) running=$(mysh_job_pid 2)
  grep -qxF "[1] $stopped Stopped $MYSH_DIR/stopper" "$LAB_OUT" && grep -qxF "[2] $running Running cat $MYSH_DIR/hold &" "$LAB_OUT" ||
    fail "$(printf 'expected "[1] %s Stopped %s" and "[2] %s Running cat %s &" from jobs\n%s' \
      "$stopped" "$MYSH_DIR/stopper" "$running" "$MYSH_DIR/hold" "$(mysh_context)")"
  # After jobs, a job that ends is still reaped and reported at once.
  mysh_send 'true &'
  lab_wait_until _output_has '^\[3\] [0-9]+ exited with status 0$' 1 ||
    fail "$(printf 'after jobs, a background job that ends should be reported at once: jobs must give the signal mask back\nas it found it (SIGCHLD unblocked); %s\n%s' "$(why_wait_ended)" "$(mysh_context)")"
  mysh_send 'false' 'jobs'
  mysh_end_input
  mysh_release
  lab_wait_end
  [[ $LAB_END == 'exit 0' && ! -s $LAB_ERR ]] ||
    fail "$(printf 'the last command was jobs, a built-in: nothing on stderr, and the shell should end with 0; it ended with "%s"\n%s' "$LAB_END" "$(lab_context)")"
}

# Requirement: R21
@test "08-shell: job control: bg %N works for every job number up to 128" {
  mysh_hold
  local input=''
  for _ in {1..128}; do input+="cat $MYSH_DIR/hold &"$'\n'; done
  run --separate-stderr mysh_run -n 300 "$input"$'bg %128\n'
  mysh_release
  local pid
  pid=$(sed -nE 's/^\[128\] ([0-9]+)$/\1/p' <<<"$output")
  [[ -n $pid ]] && grep -qxF "[128] $pid Running cat $MYSH_DIR/hold &" <<<"$output" && [[ $status -eq 0 && -z $stderr ]] ||
    fail "$(shell_says "expected \"[128] PID\", then \"[128] PID Running cat $MYSH_DIR/hold &\" from \"bg %128\", nothing on stderr, and status 0")"
}
