#!/usr/bin/env bats
# Lab 03 — ignoring SIGINT, catching it, and what cannot be caught.
# Every program runs under labrun, which starts it with every signal at SIG_DFL:
# a program started with & by bash or bats would already have SIGINT ignored,
# and a test of "SIGINT is ignored" would pass on a program that does nothing.
# The Ctrl+C tests type a real Ctrl+C on a pty (lib/03-ignore-sigint.bash).

# stderr: set by bats' `run --separate-stderr`.
# shellcheck disable=SC2154

# Loaded outside setup(), where bats does not trace every command yet (lib/common.bash).
load lib/common
load lib/03-ignore-sigint

setup() {
  proclab_setup
}

teardown() {
  tty_teardown
  proclab_teardown
  [[ -z ${LAB03_DIR:-} ]] || rm -rf "$LAB03_DIR"
}


SIGINT_NUMBER=$(kill -l INT)
SIGTERM_NUMBER=$(kill -l TERM)

# sigmask PID FIELD — the hex mask FIELD (SigIgn, SigCgt, ...) of PID, empty if PID is gone.
sigmask() { proc_status_field "$1" "$2" || true; }

# describe_masks PID — SigIgn and SigCgt of PID, for failure messages.
describe_masks() {
  [[ -e /proc/$1 ]] || { printf 'pid %s is gone\n' "$1"; return 0; }
  printf 'SigIgn: %s  SigCgt: %s  (signal N is bit N-1: SIGINT is 0x2)\n' \
    "$(sigmask "$1" SigIgn)" "$(sigmask "$1" SigCgt)"
}

# wait_mask_bit PID FIELD SIGNUM — wait until bit SIGNUM-1 of FIELD is set (or PID ends).
wait_mask_bit() {
  local pid=$1 field=$2 signum=$3 mask
  _bit_set_or_ended() {
    mask=$(sigmask "$1" "$2")
    { [[ -n $mask ]] && signal_bit_set "$mask" "$3"; } || ! pid_alive "$1"
  }
  lab_wait_until _bit_set_or_ended "$pid" "$field" "$signum"
  mask=$(sigmask "$pid" "$field")
  [[ -n $mask ]] && signal_bit_set "$mask" "$signum" && return 0
  fail "$(printf 'expected signal %s (bit %s) set in %s of pid %s\n%s\nps:\n%s\n%s' \
    "$signum" "$((signum - 1))" "$field" "$pid" "$(describe_masks "$pid")" \
    "$(ps_tree_of "$pid")" "$(lab_context)")"
}

# wait_stopped_or_ended PID — wait until PID is stopped (state T) or gone.
# A SIGSTOP or Ctrl+Z sent after a SIGINT is a marker: once PID shows T, the
# SIGINT before it has been dealt with, so "still alive" is a real answer and
# not a race with a SIGINT still on its way.
wait_stopped_or_ended() {
  _stopped_or_ended() { [[ $(pid_state "$1") == T ]] || ! pid_alive "$1"; }
  lab_wait_until _stopped_or_ended "$1" || true
}

# assert_stopped PID WHAT — PID is alive and stopped, after WHAT.
assert_stopped() {
  local state
  state=$(pid_state "$1")
  [[ $state == T ]] && return 0
  fail "$(printf 'after %s, pid %s should still be alive (and now stopped, state T), but its state is "%s"\nps:\n%s\n%s' \
    "$2" "$1" "${state:-gone}" "$(ps_tree_of "$1")" "$(lab_context)")"
}

# continue_and_check_running PID — SIGCONT, then PID is running (not stopped, not gone).
continue_and_check_running() {
  kill -CONT "$1"
  _running() { local s; s=$(pid_state "$1"); [[ -n $s && $s != T && $s != Z ]]; }
  lab_wait_until _running "$1" && return 0
  fail "$(printf 'after SIGCONT pid %s should be running again; state "%s"\n%s' \
    "$1" "$(pid_state "$1")" "$(lab_context)")"
}

# assert_lab_end WANT — the lab started last ended as WANT ("exit 0", "signal 15 SIGTERM").
assert_lab_end() {
  [[ $LAB_END == "$1" ]] && return 0
  fail "$(printf 'expected the program to end with "%s", but it ended with "%s"\n%s' \
    "$1" "$LAB_END" "$(lab_context)")"
}

# ---- Part A: ignore_sigint -------------------------------------------------

# Requirement: R1
@test "03-ignore-sigint: ignore_sigint sets the SIGINT bit (0x2) in SigIgn, and catches nothing" {
  lab_start ignore_sigint
  wait_mask_bit "$LAB_PID" SigIgn "$SIGINT_NUMBER"
  local caught
  caught=$(sigmask "$LAB_PID" SigCgt)
  ! signal_bit_set "$caught" "$SIGINT_NUMBER" ||
    fail "$(printf 'SIGINT should be ignored (SIG_IGN), not caught by a handler\n%s' "$(describe_masks "$LAB_PID")")"
  # labrun relays the output through a pipe: the line may reach the file a
  # moment after the mask is set, so wait for it.
  wait_output_lines '^ignoring SIGINT ' 1
  assert_equal "$(lab_output)" "ignoring SIGINT (pid:$LAB_PID)"
}

# Requirement: R2
@test "03-ignore-sigint: ignore_sigint idles in pause(): ps shows it asleep (S), never spinning (R)" {
  lab_start ignore_sigint
  wait_mask_bit "$LAB_PID" SigIgn "$SIGINT_NUMBER"
  # A pause()d process is always S; a while (1); loop is always R (running or
  # waiting for a CPU), so 20 samples tell them apart on any machine.
  local k state states=
  for k in {1..20}; do
    state=$(pid_state "$LAB_PID")
    states+=$state
    [[ $state == S ]] ||
      fail "$(printf 'sample %s: state "%s" (R: spinning on the CPU; use pause() instead of while (1);)\nps:\n%s\n%s' \
        "$k" "$state" "$(ps -o pid,stat,time,args -p "$LAB_PID")" "$(lab_context)")"
    pause_for 0.01 # allow-sleep: spacing between samples of a state that must hold, not a wait for one
  done
}

# Requirement: R3
@test "03-ignore-sigint: SIGINT sent with kill leaves ignore_sigint running" {
  lab_start ignore_sigint
  wait_mask_bit "$LAB_PID" SigIgn "$SIGINT_NUMBER"
  kill -INT "$LAB_PID"
  kill -INT "$LAB_PID"
  kill -STOP "$LAB_PID"
  wait_stopped_or_ended "$LAB_PID"
  assert_stopped "$LAB_PID" "two kill -INT and a kill -STOP"
  continue_and_check_running "$LAB_PID"
}

# Requirement: R3
@test "03-ignore-sigint: a real Ctrl+C on a terminal leaves ignore_sigint running, and Ctrl+Z stops it" {
  tty_lab_start ignore_sigint
  wait_mask_bit "$LAB_PID" SigIgn "$SIGINT_NUMBER"
  # The terminal driver handles the keys in order: when Ctrl+Z's SIGTSTP has
  # stopped the program, the two Ctrl+C before it have been delivered.
  tty_keys C-c C-c C-z
  wait_stopped_or_ended "$LAB_PID"
  assert_stopped "$LAB_PID" "Ctrl+C, Ctrl+C, Ctrl+Z typed on its terminal"
  continue_and_check_running "$LAB_PID"
  [[ ! -s $LAB_REPORT ]] || fail "$(printf 'the program ended:\n%s' "$(lab_context)")"
}

# Requirement: R4
@test "03-ignore-sigint: SIGTERM still ends ignore_sigint" {
  lab_start ignore_sigint
  wait_mask_bit "$LAB_PID" SigIgn "$SIGINT_NUMBER"
  kill -TERM "$LAB_PID"
  lab_wait_end
  assert_lab_end "signal $SIGTERM_NUMBER SIGTERM"
}

# ---- Part B: count_sigint --------------------------------------------------

# Requirement: R6
@test "03-ignore-sigint: count_sigint installs a handler: SigCgt has the SIGINT bit, SigIgn does not" {
  lab_start count_sigint
  wait_mask_bit "$LAB_PID" SigCgt "$SIGINT_NUMBER"
  local ignored
  ignored=$(sigmask "$LAB_PID" SigIgn)
  ! signal_bit_set "$ignored" "$SIGINT_NUMBER" ||
    fail "$(printf 'SIGINT should be caught by a handler, not ignored\n%s' "$(describe_masks "$LAB_PID")")"
  wait_output_lines "^counting SIGINT \\(pid:$LAB_PID\\): the third one ends me\$" 1
}

# send_sigints_and_check HOW — send three SIGINTs with HOW (a command taking no
# argument), one at a time: each must be counted ("caught SIGINT") before the
# next is sent (signals of one kind do not queue), and the program must end
# with exit status 0 after the third, having counted exactly three.
send_sigints_and_check() {
  local how=$1 k
  wait_mask_bit "$LAB_PID" SigCgt "$SIGINT_NUMBER"
  wait_output_lines '^counting SIGINT ' 1
  for k in 1 2 3; do
    "$how"
    wait_output_lines '^caught SIGINT$' "$k"
  done
  "$LAB_WAIT_END"
  assert_lab_end "exit 0"
  # Byte for byte, first: bash's $output drops a NUL (a handler that writes
  # sizeof message bytes writes the string's terminating NUL too).
  printf '%s\n' "counting SIGINT (pid:$LAB_PID): the third one ends me" \
    "caught SIGINT" "caught SIGINT" "caught SIGINT" "3 SIGINTs caught, exiting" | cmp -s - "$LAB_OUT" ||
    fail "$(printf 'the output should be exactly the five lines, nothing more (a NUL byte?):\n%s' "$(od -c "$LAB_OUT" | head -n 12)")"
  run -0 cat "$LAB_OUT"
  assert_equal "$(grep -c '^caught SIGINT$' <<<"$output")" 3
  assert_equal "${lines[-1]}" "3 SIGINTs caught, exiting"
}

# Requirement: R7
@test "03-ignore-sigint: count_sigint counts three SIGINTs sent with kill and exits 0 on the third" {
  lab_start count_sigint
  _kill_int() { kill -INT "$LAB_PID"; }
  LAB_WAIT_END=lab_wait_end
  send_sigints_and_check _kill_int
}

# Requirement: R7
@test "03-ignore-sigint: count_sigint counts three real Ctrl+C and exits 0 on the third" {
  tty_lab_start count_sigint
  _ctrl_c() { tty_keys C-c; }
  LAB_WAIT_END=tty_lab_wait_end
  send_sigints_and_check _ctrl_c
}

# ---- SIGKILL and SIGSTOP: uncatchable --------------------------------------

# Requirement: R10
@test "03-ignore-sigint: uncatchable: sigaction on SIGKILL and SIGSTOP fails with EINVAL, for a handler and for SIG_IGN" {
  run -0 lab_run uncatchable
  local signal how
  for signal in SIGKILL SIGSTOP; do
    for how in handler SIG_IGN; do
      assert_line "sigaction($signal, $how): failed with EINVAL (Invalid argument)"
    done
  done
  assert_equal "${#lines[@]}" 4
  # An attempt that fails with another error was not refused as SIGKILL and
  # SIGSTOP are: the program says which error, and exits with status 1.
  lab_shim fault_inject
  local eperm eperm_text program
  eperm=$(perl -MPOSIX -e 'print EPERM')
  eperm_text=$(perl -MPOSIX -e '$! = EPERM; print "$!"')
  program=$(lab_program uncatchable)
  run lab_run -- /usr/bin/env "LD_PRELOAD=$SHIM" "PROCLAB_FAIL=sigaction:1:$eperm" "$program"
  ((status == 1)) && [[ ${lines[0]:-} == "sigaction(SIGKILL, handler): failed with EPERM ($eperm_text)" ]] ||
    fail "$(printf 'with its first sigaction failing with EPERM: expected the line "sigaction(SIGKILL, handler): failed with EPERM (%s)" and exit status 1 (not every attempt was refused with EINVAL)\nexit status: %s\noutput:\n%s' \
      "$eperm_text" "$status" "$output")"
  assert_equal "${#lines[@]}" 4
}

# Requirement: R11
@test "03-ignore-sigint: uncatchable: after trying, SIGSTOP still stops it and SIGKILL still kills it" {
  lab_start uncatchable -s
  wait_output_lines '^waiting \(pid:[0-9]+\)$' 1
  # It waits in pause(): asleep, not a loop that spins.
  _asleep() { [[ $(pid_state "$1") == S ]]; }
  lab_wait_until _asleep "$LAB_PID" ||
    fail "$(printf 'after "waiting" it should sleep in pause() (state S)\n%s\n%s' "$(why_wait_ended)" "$(lab_context)")"
  local mask signum
  for signum in "$(kill -l KILL)" "$(kill -l STOP)"; do
    for mask in "$(sigmask "$LAB_PID" SigIgn)" "$(sigmask "$LAB_PID" SigCgt)"; do
      ! signal_bit_set "$mask" "$signum" ||
        fail "$(printf 'signal %s shows as ignored or caught?\n%s' "$signum" "$(describe_masks "$LAB_PID")")"
    done
  done
  kill -STOP "$LAB_PID"
  wait_stopped_or_ended "$LAB_PID"
  assert_stopped "$LAB_PID" "kill -STOP"
  kill -KILL "$LAB_PID"
  lab_wait_end
  assert_lab_end "signal $(kill -l KILL) SIGKILL"
}

# ---- exec: SIG_IGN survives, a handler does not ----------------------------

# wait_exec_of PID NAME — wait until PID runs program NAME (its comm changes at exec).
wait_exec_of() {
  _runs() { [[ $(cat "/proc/$1/comm" 2>/dev/null) == "$2" ]] || ! pid_alive "$1"; }
  lab_wait_until _runs "$1" "$2"
  [[ $(cat "/proc/$1/comm" 2>/dev/null) == "$2" ]] && return 0
  fail "$(printf 'expected pid %s to exec %s\nps:\n%s\n%s' "$1" "$2" "$(ps_tree_of "$1")" "$(lab_context)")"
}

# Requirement: R12
@test "03-ignore-sigint: ignore_exec: SIG_IGN survives exec: sleep starts with SIGINT ignored and kill -INT leaves it running" {
  lab_start ignore_exec
  wait_exec_of "$LAB_PID" sleep
  signal_bit_set "$(sigmask "$LAB_PID" SigIgn)" "$SIGINT_NUMBER" ||
    fail "$(printf 'the exec'"'"'d sleep should have SIGINT ignored (set SIG_IGN before exec)\n%s\n%s' \
      "$(describe_masks "$LAB_PID")" "$(lab_context)")"
  wait_output_lines '^SIGINT ignored; exec ' 1 # relayed: may come after the exec
  assert_equal "$(lab_output)" "SIGINT ignored; exec sleep"
  kill -INT "$LAB_PID"
  kill -STOP "$LAB_PID"
  wait_stopped_or_ended "$LAB_PID"
  assert_stopped "$LAB_PID" "kill -INT and kill -STOP to the exec'd sleep"
}

# Requirement: R13
@test "03-ignore-sigint: ignore_exec -H: exec resets a handler: sleep's SIGINT is back to default and kill -INT ends it" {
  lab_start ignore_exec -H
  wait_exec_of "$LAB_PID" sleep
  wait_output_lines '^SIGINT caught by a handler; exec ' 1 # relayed: may come after the exec
  assert_equal "$(lab_output)" "SIGINT caught by a handler; exec sleep"
  local mask
  for mask in "$(sigmask "$LAB_PID" SigIgn)" "$(sigmask "$LAB_PID" SigCgt)"; do
    ! signal_bit_set "$mask" "$SIGINT_NUMBER" ||
      fail "$(printf 'after exec, SIGINT should be back to SIG_DFL\n%s' "$(describe_masks "$LAB_PID")")"
  done
  kill -INT "$LAB_PID"
  lab_wait_end
  assert_lab_end "signal $SIGINT_NUMBER SIGINT"
}

# ---- fork copies dispositions ----------------------------------------------

# Requirement: R5
@test "03-ignore-sigint: ignore_sigint -f: a child forked after SIG_IGN has SIGINT in its own SigIgn and survives kill -INT" {
  lab_start ignore_sigint -f
  wait_output_lines '^forked child [0-9]+$' 1
  local child
  child=$(sed -nE 's/^forked child ([0-9]+)$/\1/p' "$LAB_OUT")
  [[ $(awk '{ print $4 }' "/proc/$child/stat" 2>/dev/null) == "$LAB_PID" ]] ||
    fail "$(printf 'pid %s should be a child of the program\nps:\n%s\n%s' "$child" "$(ps_tree_of "$LAB_PID")" "$(lab_context)")"
  wait_mask_bit "$child" SigIgn "$SIGINT_NUMBER"
  ! signal_bit_set "$(sigmask "$child" SigCgt)" "$SIGINT_NUMBER" ||
    fail "$(printf 'the child should ignore SIGINT, not catch it\n%s' "$(describe_masks "$child")")"
  kill -INT "$child"
  kill -STOP "$child"
  wait_stopped_or_ended "$child"
  assert_stopped "$child" "kill -INT and kill -STOP to the child"
}

# ---- Part B: rules the output cannot show ----------------------------------

# lab03_dir — LAB03_DIR: a directory of this test's that the lab's uid can read
# and enter (the test's own temp dir may be closed to it). Removed at teardown.
lab03_dir() {
  if [[ -z ${LAB03_DIR:-} ]]; then
    LAB03_DIR=$(mktemp -d "${PROCLAB_TMP:-/tmp}"/proclab-03.XXXXXX)
    chmod 755 "$LAB03_DIR"
  fi
}

# Requirement: R8
@test "03-ignore-sigint: count_sigint's handler calls only async-signal-safe functions and keeps errno" {
  local program
  program=$(lab_program count_sigint)
  handler_audit_file
  lab_start -- /usr/bin/env "LD_PRELOAD=$SHIM" "PROCLAB_AUDIT=$AUDIT" "$program"
  _kill_int() { kill -INT "$LAB_PID"; }
  LAB_WAIT_END=lab_wait_end
  send_sigints_and_check _kill_int
  assert_handler_clean "$SIGINT_NUMBER"
}

# Requirement: R9
@test "03-ignore-sigint: count_sigint loses no SIGINT that arrives just before it sleeps" {
  local program
  program=$(lab_program count_sigint)
  # The shim sends a SIGINT at the start of every pause() or sigsuspend():
  # after the count was tested, before the sleep. Blocked meanwhile, each is
  # taken by sigsuspend and counted; unblocked, the handler runs at once and
  # pause() then sleeps through it, for ever (labrun -S ends it: status 122).
  lab_shim signal_before_sleep
  run lab_run -- /usr/bin/env "LD_PRELOAD=$SHIM" "$program"
  ((status == 0)) && [[ ${lines[-1]:-} == "3 SIGINTs caught, exiting" ]] ||
    fail "$(printf 'with a SIGINT arriving just before each wait, the program should count three and exit 0 by itself\nexit status: %s (122: it slept through a SIGINT it had counted)\noutput:\n%s' \
      "$status" "$output")"
  assert_equal "$(grep -c '^caught SIGINT$' <<<"$output")" 3
}

# Requirement: R9
@test "03-ignore-sigint: count_sigint started with SIGINT blocked still counts: sigsuspend unblocks it" {
  local program
  program=$(lab_program count_sigint)
  # env --block-signal: SIGINT blocked when the program starts (the signal
  # mask is inherited across exec). Blocking SIGINT again keeps it so; the
  # mask sigsuspend sleeps with must take SIGINT out of the one it found, or
  # every SIGINT stays pending for ever.
  lab_start -- /usr/bin/env --block-signal=INT "$program"
  _kill_int() { kill -INT "$LAB_PID"; }
  LAB_WAIT_END=lab_wait_end
  send_sigints_and_check _kill_int
}

# ---- ignore_exec: PROGRAM and ARGs -----------------------------------------

# Requirement: R14
@test "03-ignore-sigint: ignore_exec runs PROGRAM with its ARGs, found on PATH or by a relative path" {
  run -0 lab_run ignore_exec echo two words
  assert_equal "${lines[0]}" "SIGINT ignored; exec echo"
  assert_equal "${lines[1]}" "two words"
  # A program by a path relative to the current directory, from another directory.
  lab03_dir
  mkdir -m 755 "$LAB03_DIR/tools"
  printf '#!/bin/sh\necho "tool ran with: $*"\n' >"$LAB03_DIR/tools/tool"
  chmod 755 "$LAB03_DIR/tools/tool"
  local program
  program=$(lab_program ignore_exec)
  program=$(realpath "$program") # it runs from elsewhere now
  cd "$LAB03_DIR"
  run -0 lab_run "$program" ./tools/tool -x 'a b'
  assert_equal "${lines[0]}" "SIGINT ignored; exec ./tools/tool"
  assert_equal "${lines[1]}" "tool ran with: -x a b"
  # No such program: the exec fails, and the status is 127, as a shell's.
  # The line names the program as given, then the errno text: exactly that.
  run --separate-stderr lab_run "$program" ./tools/no-such-tool
  local enoent
  enoent=$(perl -MPOSIX -e '$! = ENOENT; print "$!"')
  ((status == 127)) && [[ $'\n'$stderr$'\n' == *$'\n'"ignore_exec: execvp ./tools/no-such-tool: $enoent"$'\n'* ]] ||
    fail "$(printf 'exec of a missing program: expected the line "ignore_exec: execvp ./tools/no-such-tool: %s" and status 127\nexit status: %s\nstdout:\n%s\nstderr:\n%s' \
      "$enoent" "$status" "$output" "$stderr")"
}

# ---- restore_sigint: sigaction's third argument ----------------------------

# Requirement: R15, R16
@test "03-ignore-sigint: restore_sigint ignores SIGINT, then restores the default it found: SIGINT ends it again" {
  lab_start restore_sigint
  wait_output_lines "^SIGINT ignored, old action saved \\(pid:$LAB_PID\\)\$" 1
  wait_mask_bit "$LAB_PID" SigIgn "$SIGINT_NUMBER"
  kill -INT "$LAB_PID"
  kill -STOP "$LAB_PID"
  wait_stopped_or_ended "$LAB_PID"
  assert_stopped "$LAB_PID" "kill -INT while SIGINT is ignored, then kill -STOP"
  kill -CONT "$LAB_PID"
  kill -USR1 "$LAB_PID"
  wait_output_lines '^SIGINT restored$' 1
  # Then it idles in pause(): asleep, not a loop that spins.
  _asleep() { [[ $(pid_state "$1") == S ]]; }
  lab_wait_until _asleep "$LAB_PID" ||
    fail "$(printf 'after "SIGINT restored" it should sleep in pause() (state S)\n%s\n%s' "$(why_wait_ended)" "$(lab_context)")"
  local mask
  for mask in "$(sigmask "$LAB_PID" SigIgn)" "$(sigmask "$LAB_PID" SigCgt)"; do
    ! signal_bit_set "$mask" "$SIGINT_NUMBER" ||
      fail "$(printf 'after restoring, SIGINT should be back at its default, as it was\n%s' "$(describe_masks "$LAB_PID")")"
  done
  kill -INT "$LAB_PID"
  lab_wait_end
  assert_lab_end "signal $SIGINT_NUMBER SIGINT"
}

# Requirement: R16
@test "03-ignore-sigint: restore_sigint started with SIGINT ignored restores it as ignored, not as the default" {
  local program
  program=$(lab_program restore_sigint)
  # env --ignore-signal: SIGINT already ignored when the program starts (as nohup does for SIGHUP).
  lab_start -- /usr/bin/env --ignore-signal=INT "$program"
  wait_output_lines '^SIGINT ignored, old action saved ' 1
  kill -USR1 "$LAB_PID"
  wait_output_lines '^SIGINT restored$' 1
  signal_bit_set "$(sigmask "$LAB_PID" SigIgn)" "$SIGINT_NUMBER" ||
    fail "$(printf 'SIGINT was ignored before the program set it: restoring the saved action keeps it ignored\n%s\n%s' \
      "$(describe_masks "$LAB_PID")" "$(lab_context)")"
  kill -INT "$LAB_PID"
  kill -STOP "$LAB_PID"
  wait_stopped_or_ended "$LAB_PID"
  assert_stopped "$LAB_PID" "kill -INT after the restore, then kill -STOP"
}

# ---- segv: a bad memory access ---------------------------------------------

SIGSEGV_NUMBER=$(kill -l SEGV)

# Requirement: R17
@test "03-ignore-sigint: segv: a write to an unmapped address ends the program by signal 11 (SIGSEGV)" {
  lab_start segv
  lab_wait_end
  assert_lab_end "signal $SIGSEGV_NUMBER SIGSEGV"
  run -0 cat "$LAB_OUT"
  assert_line --regexp "^touching unmapped address 0x[0-9a-f]+ \\(pid:$LAB_PID\\)\$"
  assert_equal "${#lines[@]}" 1
}

# Requirement: R18
@test "03-ignore-sigint: segv -h: the SIGSEGV handler reports the faulting address and exits 1" {
  run --separate-stderr lab_run segv -h
  local address
  address=$(sed -nE 's/^touching unmapped address (0x[0-9a-f]+) \(pid:[0-9]+\)$/\1/p' <<<"$output")
  ((status == 1)) && [[ -n $address && ${lines[1]:-} == "caught SIGSEGV at address $address" ]] ||
    fail "$(printf 'expected "caught SIGSEGV at address %s" (si_addr: the address touched) and exit status 1\nexit status: %s (122: the handler returned, and the access faulted again and again)\nstdout:\n%s\nstderr:\n%s' \
      "${address:-ADDR}" "$status" "$output" "$stderr")"
  assert_equal "${#lines[@]}" 2
  # Byte for byte: bash's $output drops a NUL, so read what was written to a file.
  local out=$BATS_TEST_TMPDIR/segv.out
  lab_run segv -h >"$out" 2>/dev/null || true
  address=$(sed -nE 's/^touching unmapped address (0x[0-9a-f]+) \(pid:[0-9]+\)$/\1/p' "$out")
  printf '%s\ncaught SIGSEGV at address %s\n' "$(head -n 1 "$out")" "$address" | cmp -s - "$out" ||
    fail "$(printf 'the output should be exactly the two lines, nothing more (a NUL byte?):\n%s' "$(od -c "$out" | head -n 12)")"
}

# Requirement: R19
@test "03-ignore-sigint: segv -h: the SIGSEGV handler calls only async-signal-safe functions" {
  local program
  program=$(lab_program segv)
  handler_audit_file
  lab_start -- /usr/bin/env "LD_PRELOAD=$SHIM" "PROCLAB_AUDIT=$AUDIT" "$program" -h
  lab_wait_end
  assert_lab_end "exit 1"
  assert_handler_clean "$SIGSEGV_NUMBER"
}

# ---- every program: bad arguments ------------------------------------------

# refused PROGRAM ARG... — a usage line on stderr, nothing on stdout, exit 2.
refused() {
  run --separate-stderr lab_run -t 1 -- "$@"
  ((status == 2)) && [[ -z $output ]] && grep -q '^usage:' <<<"$stderr" && return 0
  fail "$(printf '%s should be refused: "usage: ..." on stderr, nothing on stdout, exit 2\nexit status: %s\nstdout:\n%s\nstderr:\n%s' \
    "$*" "$status" "$output" "$stderr")"
}

# Requirement: R20
@test "03-ignore-sigint: every program takes the arguments its usage line shows and refuses others with exit 2" {
  # What is accepted works (uncatchable with no argument exits 0)...
  run -0 lab_run uncatchable
  # ...and near misses are refused.
  refused ignore_sigint extra
  refused ignore_sigint -x
  refused ignore_sigint -f extra
  refused count_sigint 3
  refused uncatchable -x
  refused uncatchable -s extra
  refused ignore_exec -x
  refused restore_sigint now
  refused segv -x
  refused segv -h extra
}

# Requirement: R21
@test "03-ignore-sigint: a failing sigaction, sigprocmask, sigwaitinfo, fork, mmap or munmap is reported with its errno text, status 1" {
  lab_shim fault_inject
  local eagain einval enomem case name how call reason program
  eagain=$(perl -MPOSIX -e '$! = EAGAIN; print "$!"')
  einval=$(perl -MPOSIX -e '$! = EINVAL; print "$!"')
  enomem=$(perl -MPOSIX -e '$! = ENOMEM; print "$!"')
  # PROGRAM|OPTION|SHIM SETTING|CALL|REASON
  for case in "ignore_sigint||PROCLAB_FAIL=sigaction:1|sigaction|$einval" \
    "ignore_sigint|-f|PROCLAB_FORK_FAILS=1|fork|$eagain" \
    "count_sigint||PROCLAB_FAIL=sigprocmask:1|sigprocmask|$einval" \
    "count_sigint||PROCLAB_FAIL=sigaction:1|sigaction|$einval" \
    "ignore_exec||PROCLAB_FAIL=sigaction:1|sigaction|$einval" \
    "restore_sigint||PROCLAB_FAIL=sigprocmask:1|sigprocmask|$einval" \
    "restore_sigint||PROCLAB_FAIL=sigaction:1|sigaction|$einval" \
    "restore_sigint||PROCLAB_FAIL=sigwaitinfo:1|sigwaitinfo|$einval" \
    "segv|-h|PROCLAB_FAIL=sigaction:1|sigaction|$einval" \
    "segv||PROCLAB_FAIL=mmap:1|mmap|$enomem" \
    "segv||PROCLAB_FAIL=munmap:1|munmap|$einval"; do
    IFS='|' read -r name option how call reason <<<"$case"
    program=$(lab_program "$name")
    local -a args=()
    [[ -z $option ]] || args=("$option")
    run --separate-stderr lab_run -- /usr/bin/env "LD_PRELOAD=$SHIM" "$how" "$program" "${args[@]}"
    # That one line, then it exits: nothing more on stderr.
    ((status == 1)) && [[ $stderr != *$'\n'* && $stderr == "$name: $call"*": $reason" ]] ||
      fail "$(printf '%s %s with %s: expected the one line "%s: %s...: %s" on stderr and status 1\nexit status: %s\nstdout:\n%s\nstderr:\n%s' \
        "$name" "$option" "$how" "$name" "$call" "$reason" "$status" "$output" "$stderr")"
  done
  # restore_sigint's second sigaction, the restore, fails after SIGUSR1.
  program=$(lab_program restore_sigint)
  lab_start -- /usr/bin/env "LD_PRELOAD=$SHIM" PROCLAB_FAIL=sigaction:2 "$program"
  wait_output_lines '^SIGINT ignored, old action saved ' 1
  kill -USR1 "$LAB_PID"
  lab_wait_end
  local errors
  errors=$(cat "$LAB_ERR")
  [[ $LAB_END == "exit 1" && $errors != *$'\n'* && $errors == "restore_sigint: sigaction"*": $einval" ]] ||
    fail "$(printf 'restore_sigint with its second sigaction (the restore) failing: expected the one line "restore_sigint: sigaction...: %s" on stderr and "exit 1"\nit ended: %s\n%s' \
      "$einval" "$LAB_END" "$(lab_context)")"
}
