#!/usr/bin/env bats
# shellcheck disable=SC2154 # output, stderr: set by bats' run
# Lab 06 — mykill. Safety first: every mykill run is inside a PID namespace of
# its own (labrun -N, see lib/06-kill.bash), with its targets beside it, so a
# mykill that sends to -1, 0 or a process group reaches nothing outside.

# Loaded outside setup(), where bats does not trace every command yet (lib/common.bash).
load lib/common
load lib/06-kill

setup() {
  proclab_setup
  kill_setup
}

teardown() {
  proclab_teardown
  kill_teardown
}

# expect_end K WANT — target K ended as WANT ("signal 9 SIGKILL"; a target
# mykill left alone is ended by the driver: "signal 64 SIGRTMAX").
expect_end() {
  local got
  got=$(target_end "$1")
  [[ $got == "$2" ]] && return 0
  fail "$(printf 'target %s should have ended with "%s", but it ended with "%s"\n%s' "$1" "$2" "${got:-nothing (the driver did not report it)}" "$(kill_context)")"
}

# expect_mykill_status S — mykill exited with S.
expect_mykill_status() {
  [[ $(mykill_status) == "$1" ]] && return 0
  fail "$(printf 'mykill should exit with %s, but exited with "%s"\n%s' "$1" "$(mykill_status)" "$(kill_context)")"
}

UNTOUCHED="signal $(kill -l RTMAX) SIGRTMAX"

# Requirement: R5
@test "06-kill: -l lists the 31 standard signals, number and name, as kill -l does" {
  run --separate-stderr lab_run -N -- mykill -l
  assert_success
  assert_equal "$(grep -c . <<<"$output")" 31
  # Each line "N NAME": NAME is signal N's name (glibc's sigabbrev_np says POLL
  # where bash says IO; both are 29).
  local number name
  while read -r number name; do
    [[ $name == "$(kill -l "$number")" || "$number $name" == "29 POLL" ]] ||
      fail "$(printf 'line "%s %s": signal %s is %s\noutput:\n%s' "$number" "$name" "$number" "$(kill -l "$number")" "$output")"
  done <<<"$output"
  assert_line "9 KILL"
  assert_line "15 TERM"
}

# Requirement: R4
@test "06-kill: with no signal given, it sends SIGTERM to every pid" {
  run --separate-stderr kill_scenario 2 %1 %2
  expect_mykill_status 0
  expect_end 1 "signal $(kill -l TERM) SIGTERM"
  expect_end 2 "signal $(kill -l TERM) SIGTERM"
}

# Requirement: R1
@test "06-kill: -N sends signal number N (-9, and -1 is SIGHUP, not 'every process')" {
  run --separate-stderr kill_scenario 2 -9 %1 %2
  expect_mykill_status 0
  expect_end 1 "signal 9 SIGKILL"
  expect_end 2 "signal 9 SIGKILL"
  run --separate-stderr kill_scenario 2 -1 %2
  expect_mykill_status 0
  expect_end 1 "$UNTOUCHED"
  expect_end 2 "signal 1 SIGHUP"
}

# Requirement: R2, R3
@test "06-kill: -NAME, -SIGNAME and -s NAME|N send the signal named" {
  run --separate-stderr kill_scenario 1 -HUP %1
  expect_mykill_status 0
  expect_end 1 "signal $(kill -l HUP) SIGHUP"
  run --separate-stderr kill_scenario 1 -SIGUSR1 %1
  expect_mykill_status 0
  expect_end 1 "signal $(kill -l USR1) SIGUSR1"
  run --separate-stderr kill_scenario 2 -s USR2 %1 %2
  expect_mykill_status 0
  expect_end 1 "signal $(kill -l USR2) SIGUSR2"
  expect_end 2 "signal $(kill -l USR2) SIGUSR2"
  run --separate-stderr kill_scenario 1 -s "$(kill -l ALRM)" %1
  expect_mykill_status 0
  expect_end 1 "signal $(kill -l ALRM) SIGALRM"
}

# Requirement: R9
@test "06-kill: signal 0 only checks that the pid exists" {
  run --separate-stderr kill_scenario 1 -0 %1
  expect_mykill_status 0
  expect_end 1 "$UNTOUCHED"
  run --separate-stderr kill_scenario 1 -s 0 %gone
  expect_mykill_status 1
  local gone
  gone=$(sed -nE 's/^driver: mykill -s 0 ([0-9]+)$/\1/p' <<<"$output")
  [[ $stderr == *"$gone"*"No such process"* ]] ||
    fail "$(printf 'mykill -s 0 %s (no such pid) should name the pid and say "No such process"\n%s' "$gone" "$(kill_context)")"
}

# Requirement: R8
@test "06-kill: a pid that does not exist is reported by pid and errno text, and the others are still signalled" {
  run --separate-stderr kill_scenario 2 -KILL %gone %1 %2
  expect_mykill_status 1
  expect_end 1 "signal 9 SIGKILL"
  expect_end 2 "signal 9 SIGKILL"
  local gone
  gone=$(sed -nE 's/^driver: mykill -KILL ([0-9]+) .*/\1/p' <<<"$output")
  [[ $stderr == *"$gone"*"$(strerror_of ESRCH)"* ]] ||
    fail "$(printf 'stderr should name pid %s and say "%s"\n%s' "$gone" "$(strerror_of ESRCH)" "$(kill_context)")"
  assert_equal "$(grep -c . <<<"$stderr")" 1
}

# Requirement: R8
@test "06-kill: a pid it may not signal is reported with EPERM's text, and the others are still signalled" {
  [[ $EUID -eq 0 ]] || skip "needs root: inside the namespace, only root's init is another user's process"
  # pid 1 of the namespace is labrun's init, running as root; mykill runs as
  # an unprivileged uid, so kill(1, SIGKILL) fails with EPERM.
  run --separate-stderr kill_scenario 1 -KILL 1 %1
  expect_mykill_status 1
  expect_end 1 "signal 9 SIGKILL"
  [[ $stderr =~ (^|[^0-9])1([^0-9].*)?"$(strerror_of EPERM)" ]] ||
    fail "$(printf 'stderr should name pid 1 and say "%s"\n%s' "$(strerror_of EPERM)" "$(kill_context)")"
}

# Requirement: R7
@test "06-kill: an unknown signal gets the usage line and status 2, and nothing is sent" {
  local spec
  for spec in -NOSUCH -SIGFOO -65 -9x; do
    run --separate-stderr kill_scenario 1 "$spec" %1
    expect_mykill_status 2
    expect_end 1 "$UNTOUCHED"
    [[ $stderr == *usage* ]] || fail "$(printf 'mykill %s should print a usage line\n%s' "$spec" "$(kill_context)")"
    [[ $stderr == *"${spec#-}"* ]] || fail "$(printf 'mykill %s: the message should name the unknown signal\n%s' "$spec" "$(kill_context)")"
  done
  run --separate-stderr kill_scenario 1 -s NOSUCH %1
  expect_mykill_status 2
  expect_end 1 "$UNTOUCHED"
  [[ $stderr == *NOSUCH* ]] || fail "$(printf 'mykill -s NOSUCH: the message should name the unknown signal\n%s' "$(kill_context)")"
}

# Requirement: R6, R7
@test "06-kill: a bad pid (0, -1, a group, not a number) gets usage and status 2; nothing is sent, in or out of its namespace" {
  # A bystander outside the namespace, of the same unprivileged uid the labs
  # run as: a mykill that sent to -1 without a namespace would end it too.
  lab_start /bin/sleep 1000 # allow-sleep: sleep is the program under test here, not a wait
  local bystander=$LAB_PID
  local pid
  for pid in -1 0 -%1 12x ''; do
    run --separate-stderr kill_scenario 1 -KILL %1 "$pid"
    pid_alive "$bystander" ||
      fail "$(printf 'the bystander outside the namespace (pid %s) was killed: containment failed\n%s' "$bystander" "$(kill_context)")"
    expect_mykill_status 2
    expect_end 1 "$UNTOUCHED"
    [[ $stderr == *usage* ]] || fail "$(printf 'mykill -KILL PID "%s" should print a usage line\n%s' "$pid" "$(kill_context)")"
    [[ $pid != 12x || $stderr == *12x* ]] || fail "$(printf 'mykill -KILL PID 12x: the message should name the bad pid\n%s' "$(kill_context)")"
  done
  run --separate-stderr kill_scenario 1 -KILL
  expect_mykill_status 2
  # No argument at all: argv[1] is NULL, not a string to compare.
  run --separate-stderr kill_scenario 1
  expect_refused '(no arguments)'
}

# Requirement: R10
@test "06-kill: killing the parent of the <defunct> entries found with ps makes them go away" {
  run --separate-stderr kill_zombie_scenario 4
  local parent
  parent=$(sed -nE 's/^driver: parent of the <defunct> entries: ([0-9]+) ?$/\1/p' <<<"$output")
  [[ -n $parent ]] || fail "$(printf 'expected the 4 <defunct> entries to have one parent\n%s' "$(kill_context)")"
  expect_mykill_status 0
  assert_line "driver: zombie maker ended: signal 9 SIGKILL"
  # Orphaned, the zombies are adopted by init (here: the namespace's), which reaps them.
  assert_line "driver: <defunct> entries left: 0"
}

# expect_refused SPEC... — after a kill_scenario: mykill gave the usage line
# and status 2, and target 1 was left alone.
expect_refused() {
  expect_mykill_status 2
  expect_end 1 "$UNTOUCHED"
  [[ $stderr == *usage* ]] || fail "$(printf 'mykill %s should print a usage line on stderr\n%s' "$*" "$(kill_context)")"
}

# Requirement: R6, R7
@test "06-kill: a pid beyond pid_t's range gets usage and status 2, never a truncated pid" {
  # 2^31 is INT_MIN in an int (a group), 2^32-1 is -1 (every process), %w1 is
  # 2^32 + target 1's pid (target 1 itself), then LONG_MAX, 2^64-1 and beyond.
  local pid
  for pid in 2147483648 4294967295 %w1 9223372036854775807 18446744073709551615 99999999999999999999; do
    run --separate-stderr kill_scenario 1 -KILL "$pid"
    expect_refused -KILL "$pid"
  done
}

# Requirement: R6, R8
@test "06-kill: the largest pid, 2147483647, is a pid: it is tried, fails with ESRCH (status 1), and the others are still signalled" {
  run --separate-stderr kill_scenario 1 -KILL 2147483647 %1
  expect_mykill_status 1
  expect_end 1 "signal 9 SIGKILL"
  [[ $stderr == *2147483647*"$(strerror_of ESRCH)"* ]] ||
    fail "$(printf 'stderr should name pid 2147483647 and say "%s"\n%s' "$(strerror_of ESRCH)" "$(kill_context)")"
}

# Requirement: R6, R7
@test "06-kill: a pid with a sign, a space or junk around its digits gets usage and status 2" {
  local pid
  for pid in +%1 " %1" "%1 " 0x%1 %1x 0%1.0; do
    run --separate-stderr kill_scenario 1 -KILL "$pid"
    expect_refused -KILL "'$pid'"
  done
}

# Requirement: R1, R7
@test "06-kill: signal numbers at and beyond the range: 63 and 64 are sent, 65 and 2^32+9 are unknown" {
  run --separate-stderr kill_scenario 1 -63 %1
  expect_mykill_status 0
  expect_end 1 "signal 63 SIG$(kill -l 63)"
  # Signal 64 ends the target as the driver's own SIGRTMAX would: a pid that is
  # gone shows that mykill tried (ESRCH, status 1) rather than refused (2).
  run --separate-stderr kill_scenario 1 -s 64 %gone
  expect_mykill_status 1
  local spec
  for spec in -65 -4294967305 -18446744073709551625; do
    run --separate-stderr kill_scenario 1 "$spec" %1
    expect_refused "$spec"
  done
  run --separate-stderr kill_scenario 1 -s 4294967305 %1
  expect_refused -s 4294967305
}

# Requirement: R2, R7
@test "06-kill: a signal name must match exactly: a prefix (-TER, -SIG) or a longer word (-SIGTERMX) is unknown" {
  local spec
  # -SIXHUP: "SIX" is not "SIG"; skipping any three letters would leave HUP.
  for spec in -TER -SIGTER -K -SIG -SIGTERMX -TERMINATE -KILLALL -SIXHUP; do
    run --separate-stderr kill_scenario 1 "$spec" %1
    expect_refused "$spec"
  done
  run --separate-stderr kill_scenario 1 -s TER %1
  expect_refused -s TER
}

# Requirement: R3, R7
@test "06-kill: -s without its signal, or with a signal but no pid, gets usage and status 2" {
  run --separate-stderr kill_scenario 1 -s
  expect_refused -s
  # The pid after -s is read as the signal (a small number in the namespace),
  # and then no pid is left.
  run --separate-stderr kill_scenario 1 -s %1
  expect_refused -s PID
}

# strerror_of NAME — the C library's text for errno NAME, as mykill prints it.
strerror_of() {
  case $1 in
    ESRCH) echo "No such process" ;;
    EPERM) echo "Operation not permitted" ;;
  esac
}
