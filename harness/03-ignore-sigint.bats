#!/usr/bin/env bats
# Lab 03 — ignoring SIGINT, catching it, and what cannot be caught.
# Every program runs under labrun, which starts it with every signal at SIG_DFL:
# a program started with & by bash or bats would already have SIGINT ignored,
# and a test of "SIGINT is ignored" would pass on a program that does nothing.
# The Ctrl+C tests type a real Ctrl+C on a pty (lib/03-ignore-sigint.bash).

setup() {
  load lib/common
  load lib/03-ignore-sigint
  proclab_setup
}

teardown() {
  tty_teardown
  proclab_teardown
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

@test "03-ignore-sigint: ignore_sigint sets the SIGINT bit (0x2) in SigIgn, and catches nothing" {
  lab_start ignore_sigint
  wait_mask_bit "$LAB_PID" SigIgn "$SIGINT_NUMBER"
  local caught
  caught=$(sigmask "$LAB_PID" SigCgt)
  ! signal_bit_set "$caught" "$SIGINT_NUMBER" ||
    fail "$(printf 'SIGINT should be ignored (SIG_IGN), not caught by a handler\n%s' "$(describe_masks "$LAB_PID")")"
  assert_equal "$(lab_output)" "ignoring SIGINT (pid:$LAB_PID)"
}

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
    sleep 0.01 # allow-sleep: spacing between samples of a state that must hold, not a wait for one
  done
}

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

@test "03-ignore-sigint: SIGTERM still ends ignore_sigint" {
  lab_start ignore_sigint
  wait_mask_bit "$LAB_PID" SigIgn "$SIGINT_NUMBER"
  kill -TERM "$LAB_PID"
  lab_wait_end
  assert_lab_end "signal $SIGTERM_NUMBER SIGTERM"
}

# ---- Part B: count_sigint --------------------------------------------------

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
  for k in 1 2 3; do
    "$how"
    wait_output_lines '^caught SIGINT$' "$k"
  done
  "$LAB_WAIT_END"
  assert_lab_end "exit 0"
  run -0 cat "$LAB_OUT"
  assert_equal "$(grep -c '^caught SIGINT$' <<<"$output")" 3
  assert_equal "${lines[-1]}" "3 SIGINTs caught, exiting"
}

@test "03-ignore-sigint: count_sigint counts three SIGINTs sent with kill and exits 0 on the third" {
  lab_start count_sigint
  _kill_int() { kill -INT "$LAB_PID"; }
  LAB_WAIT_END=lab_wait_end
  send_sigints_and_check _kill_int
}

@test "03-ignore-sigint: count_sigint counts three real Ctrl+C and exits 0 on the third" {
  tty_lab_start count_sigint
  _ctrl_c() { tty_keys C-c; }
  LAB_WAIT_END=tty_lab_wait_end
  send_sigints_and_check _ctrl_c
}

# ---- SIGKILL and SIGSTOP: uncatchable --------------------------------------

@test "03-ignore-sigint: uncatchable: sigaction on SIGKILL and SIGSTOP fails with EINVAL, for a handler and for SIG_IGN" {
  run -0 lab_run uncatchable
  local signal how
  for signal in SIGKILL SIGSTOP; do
    for how in handler SIG_IGN; do
      assert_line "sigaction($signal, $how): failed with EINVAL (Invalid argument)"
    done
  done
  assert_equal "${#lines[@]}" 4
}

@test "03-ignore-sigint: uncatchable: after trying, SIGSTOP still stops it and SIGKILL still kills it" {
  lab_start uncatchable -s
  wait_output_lines '^waiting \(pid:[0-9]+\)$' 1
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

@test "03-ignore-sigint: ignore_exec: SIG_IGN survives exec: sleep starts with SIGINT ignored and kill -INT leaves it running" {
  lab_start ignore_exec
  wait_exec_of "$LAB_PID" sleep
  signal_bit_set "$(sigmask "$LAB_PID" SigIgn)" "$SIGINT_NUMBER" ||
    fail "$(printf 'the exec'"'"'d sleep should have SIGINT ignored (set SIG_IGN before exec)\n%s\n%s' \
      "$(describe_masks "$LAB_PID")" "$(lab_context)")"
  assert_equal "$(lab_output)" "SIGINT ignored; exec sleep"
  kill -INT "$LAB_PID"
  kill -STOP "$LAB_PID"
  wait_stopped_or_ended "$LAB_PID"
  assert_stopped "$LAB_PID" "kill -INT and kill -STOP to the exec'd sleep"
}

@test "03-ignore-sigint: ignore_exec -H: exec resets a handler: sleep's SIGINT is back to default and kill -INT ends it" {
  lab_start ignore_exec -H
  wait_exec_of "$LAB_PID" sleep
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
