#!/usr/bin/env bats
# shellcheck disable=SC2154 # output, stderr, status: set by bats' run
# Lab 04 — SIGCHLD set to SIG_IGN: children are reaped by the kernel, never
# left as zombies, and wait() has nothing to return (ECHILD).
# Every program runs under labrun (default dispositions: SIGCHLD starts at SIG_DFL).

# Loaded outside setup(), where bats does not trace every command yet (lib/common.bash).
load lib/common

setup() {
  proclab_setup
}

teardown() { proclab_teardown; }

SIGCHLD_NUMBER=$(kill -l CHLD)
ECHILD_LINE_RE='^wait returned -1 with ECHILD: the kernel reaped all [0-9]+ children$'

# forked_pids — the C of every "forked child C" line the lab printed, one per line.
forked_pids() { sed -nE 's/^forked child ([0-9]+)$/\1/p' "$LAB_OUT"; }

# zombies_that_stay PID... — those of the PIDs still <defunct> 0.2 s on,
# one per line; nothing once every one of them has gone. A child of a parent
# that ignores SIGCHLD is, for the moment the kernel takes to notify the
# parent and release it, in state Z (exit_notify marks it a zombie first, then
# finds that the parent ignores SIGCHLD); on a loaded virtual machine a ps can
# catch that moment (seen once in a soak). A zombie nobody reaps is still
# there 0.2 s later: that one is the bug.
zombies_that_stay() {
  local -a left=("$@")
  local limit_us=$((${EPOCHREALTIME/[.,]/} + 200000)) pid
  while ((${#left[@]} > 0)); do
    local -a still=()
    for pid in "${left[@]}"; do [[ $(pid_state "$pid") == Z ]] && still+=("$pid"); done
    left=("${still[@]}")
    ((${EPOCHREALTIME/[.,]/} > limit_us)) && break
    pause_for 0.01 # allow-sleep: the poll interval of a 0.2 s deadline loop
  done
  ((${#left[@]} == 0)) || printf '%s\n' "${left[@]}"
}

# _sample_children — one ps sample of the lab's children, kept in SAMPLES_LOG;
# counts samples with a live child, notes the first one with a <defunct>
# child that stays one (SAW_DEFUNCT; see zombies_that_stay). True once such a
# zombie was seen, or once no child is left and the lab has printed its wait
# report (or ended). Not at the report alone: a wrong program's wait may
# return at the first child's end while the others still have to come and go.
_sample_children() {
  SAMPLE_COUNT=$((SAMPLE_COUNT + 1))
  local sample staying
  local -a zombies
  sample=$(ps_children "$LAB_PID")
  printf -- '-- sample %s\n%s\n' "$SAMPLE_COUNT" "$sample" >>"$SAMPLES_LOG"
  mapfile -t zombies < <(awk '$3 ~ /^Z/ { print $1 }' <<<"$sample")
  if ((${#zombies[@]} > 0)); then
    staying=$(zombies_that_stay "${zombies[@]}")
    if [[ -n $staying ]]; then
      SAW_DEFUNCT="$SAMPLE_COUNT (pid ${staying//$'\n'/ } still <defunct> 0.2 s later)"
      return 0
    fi
    printf -- '-- (gone within 0.2 s: %s)\n' "${zombies[*]}" >>"$SAMPLES_LOG"
  fi
  [[ -n $sample ]] && SAMPLES_WITH_LIVE_CHILD=$((SAMPLES_WITH_LIVE_CHILD + 1))
  [[ -z $sample ]] && { grep -qE '^wait returned ' "$LAB_OUT" || ! pid_alive "$LAB_PID"; }
}

# sample_children_until_report — sample the lab's children with ps, again and
# again, while they come and go, until none is left and the lab has printed its
# wait report (see _sample_children). Fails at the first sample that shows a
# <defunct> child.
sample_children_until_report() {
  SAMPLES_LOG=$BATS_TEST_TMPDIR/samples
  SAMPLES_WITH_LIVE_CHILD=0 SAMPLE_COUNT=0 SAW_DEFUNCT=
  : >"$SAMPLES_LOG"
  lab_wait_until _sample_children || true
  [[ -z $SAW_DEFUNCT ]] ||
    fail "$(printf 'sample %s: ps shows a <defunct> child of %s while its children come and go:\n%s\n%s' \
      "$SAW_DEFUNCT" "$LAB_PID" "$(ps_tree_of "$LAB_PID")" "$(lab_context)")"
}

# Requirement: R1, R5
@test "04-ignore-sigchld: SIGCHLD is ignored: the SIGCHLD bit (0x10000) is set in SigIgn" {
  lab_start ignore_sigchld -i 1000 1
  wait_output_lines '^ignoring SIGCHLD \(pid:[0-9]+\)$' 1
  local mask
  mask=$(proc_status_field "$LAB_PID" SigIgn)
  [[ -n $mask ]] && signal_bit_set "$mask" "$SIGCHLD_NUMBER" ||
    fail "$(printf 'expected signal %s (SIGCHLD, bit %s) set in SigIgn of %s; SigIgn: %s SigCgt: %s\n%s' \
      "$SIGCHLD_NUMBER" "$((SIGCHLD_NUMBER - 1))" "$LAB_PID" "${mask:-gone}" \
      "$(proc_status_field "$LAB_PID" SigCgt)" "$(lab_context)")"
  assert_equal "$(head -n 1 "$LAB_OUT")" "ignoring SIGCHLD (pid:$LAB_PID)"
}

# Requirement: R2, R5
@test "04-ignore-sigchld: ps never shows a <defunct> child while 8 children come and go" {
  lab_start ignore_sigchld -i 150 8
  sample_children_until_report
  # The samples saw children alive (so they were really this program's
  # children, printed as forked), and none of them ever as a zombie.
  ((SAMPLES_WITH_LIVE_CHILD > 0)) ||
    fail "$(printf 'no sample showed a live child of %s: did it fork?\n%s' "$LAB_PID" "$(lab_context)")"
  local pid seen=0
  for pid in $(forked_pids); do
    grep -qE "^ *$pid +$LAB_PID " "$SAMPLES_LOG" && seen=$((seen + 1))
  done
  ((seen > 0)) ||
    fail "$(printf 'ps showed children of %s, but none of the pids it printed as forked\n%s\n%s' \
      "$LAB_PID" "$(cat "$SAMPLES_LOG")" "$(lab_context)")"
  assert_equal "$(forked_pids | wc -l)" 8
  wait_output_lines "$ECHILD_LINE_RE" 1
  assert_no_defunct "$LAB_PID"
}

# Requirement: R1, R2
@test "04-ignore-sigchld: 32 children ending at once leave no <defunct> child" {
  lab_start ignore_sigchld -i 0 32
  wait_output_lines '^wait returned ' 1
  assert_equal "$(forked_pids | wc -l)" 32
  assert_no_defunct "$LAB_PID"
  wait_output_lines "$ECHILD_LINE_RE" 1
  lab_stop

  # Again, with every child ended before its parent runs on after fork: a
  # program that ignores SIGCHLD only after forking has zombies then, every
  # run. Whether that happens by itself is the scheduler's choice; the
  # child_first shim (harness/shims) makes it certain.
  local program
  program=$(lab_program ignore_sigchld)
  lab_shim child_first
  lab_start -- /usr/bin/env "LD_PRELOAD=$SHIM" "$program" -i 0 8
  wait_output_lines '^wait returned ' 1
  assert_equal "$(forked_pids | wc -l)" 8
  assert_no_defunct "$LAB_PID"
  wait_output_lines "$ECHILD_LINE_RE" 1
}

# Requirement: R3, R4, R5
@test "04-ignore-sigchld: wait returns -1 with ECHILD once all children are gone, and the program stays alive" {
  lab_start ignore_sigchld -i 50 4
  wait_output_lines '^wait returned ' 1
  run -0 cat "$LAB_OUT"
  assert_line "wait returned -1 with ECHILD: the kernel reaped all 4 children"
  # By the time wait gave up, every child it forked is gone: not alive, not a zombie.
  local -a forked
  mapfile -t forked < <(forked_pids)
  assert_equal "${#forked[@]}" 4
  local pid
  for pid in "${forked[@]}"; do
    wait_gone "$pid"
  done
  local left
  left=$(ps_children "$LAB_PID")
  [[ -z $left ]] || fail "$(printf 'after ECHILD no child should be left; ps showed:\n%s' "$(ps_tree_of "$LAB_PID")")"
  # It stays: only the SIGTERM we send now ends it.
  kill -TERM "$LAB_PID"
  lab_wait_end
  [[ $LAB_END == "signal $(kill -l TERM) SIGTERM" ]] ||
    fail "$(printf 'the program should stay alive after the report until a signal ends it; it ended with "%s"\n%s' \
      "$LAB_END" "$(lab_context)")"
}

# cpu_ticks PID — utime + stime of PID, in clock ticks (/proc/PID/stat).
cpu_ticks() {
  local stat
  stat=$(cat "/proc/$1/stat" 2>/dev/null) || return 1
  stat=${stat##*) }
  local -a fields
  read -ra fields <<<"$stat"
  # After "(comm) ": state is field 0, utime field 11, stime field 12.
  echo $((fields[11] + fields[12]))
}

# Requirement: R4
@test "04-ignore-sigchld: after the report it sleeps: state S and no CPU time while it stays" {
  lab_start ignore_sigchld -i 0 2
  wait_output_lines "$ECHILD_LINE_RE" 1
  local before after state k
  before=$(cpu_ticks "$LAB_PID") || fail "$(printf 'the program ended after its report\n%s' "$(lab_context)")"
  for k in 1 2 3 4 5 6; do
    pause_for 0.05 # allow-sleep: sampling interval of the idle measurement, not a wait for state
    state=$(pid_state "$LAB_PID")
    [[ $state == S ]] ||
      fail "$(printf 'sample %s: while it stays the program should sleep in pause() (state S); ps showed:\n%s\n%s' \
        "$k" "$(ps -o pid,stat,time,args -p "$LAB_PID")" "$(lab_context)")"
  done
  after=$(cpu_ticks "$LAB_PID")
  ((after - before <= 1)) ||
    fail "$(printf 'the program used %s clock ticks of CPU in 0.3 s while it should sleep (pause(), not a loop)\n%s' \
      "$((after - before))" "$(ps -o pid,stat,time,args -p "$LAB_PID")")"
}

# Requirement: R6
@test "04-ignore-sigchld: N and MS at their range's ends run; beyond it, or with a sign, space or junk, usage and status 2" {
  lab_start -n 100 -- ignore_sigchld -i 0 64
  wait_output_lines "^wait returned -1 with ECHILD: the kernel reaped all 64 children\$" 1
  lab_stop
  # -i 1000, the top of the range; and -i 999, every digit a 9 (a hand-written
  # range check can miss the end): each only child lives about a second, so
  # wait returns no sooner. The two run side by side: one second, not two.
  local began=${EPOCHREALTIME/[.,]/} took_ms ms
  local -a ended_labruns=() ended_outs=()
  local k
  for ms in 1000 999; do
    lab_start ignore_sigchld -i "$ms" 1
    ended_labruns+=("$LABRUN_PID") ended_outs+=("$LAB_OUT")
  done
  for k in 0 1; do
    ms=$((1000 - k))
    # shellcheck disable=SC2034 # LAB_REPORT, LAB_ERR: read by lab_context in a failure message
    LABRUN_PID=${ended_labruns[k]} LAB_OUT=${ended_outs[k]} LAB_REPORT=${ended_outs[k]%.out}.report LAB_ERR=${ended_outs[k]%.out}.err
    wait_output_lines "^wait returned -1 with ECHILD: the kernel reaped all 1 children\$" 1
    took_ms=$(((${EPOCHREALTIME/[.,]/} - began) / 1000))
    ((took_ms >= 990)) ||
      fail "$(printf 'with -i %s the only child lives %s ms, but wait returned after %s ms\n%s' "$ms" "$ms" "$took_ms" "$(lab_context)")"
  done
  lab_stop
  LABRUN_PID=${ended_labruns[0]}
  lab_stop
  # No N: 5 children.
  lab_start ignore_sigchld -i 0
  wait_output_lines "^wait returned -1 with ECHILD: the kernel reaped all 5 children\$" 1
  lab_stop
  local bad program
  program=$(lab_program ignore_sigchld)
  for bad in 0 65 +5 " 5" 5x 4294967297 9223372036854775808 "" "-i -1 1" "-i 1001 1" "-i +5 1" \
    "-i 4294967296 1" "-i" "1 2"; do
    local -a args=()
    if [[ $bad == -* || $bad == "1 2" ]]; then read -ra args <<<"$bad"; else args=("$bad"); fi
    run --separate-stderr lab_run ignore_sigchld "${args[@]}"
    [[ $status -eq 2 && $stderr == *"usage: $program "* && -z $output ]] ||
      fail "$(printf 'ignore_sigchld %s: expected the usage line naming the program ("usage: %s ...") on stderr, nothing on stdout and status 2; got status %s\nstdout:\n%s\nstderr:\n%s' \
        "$(printf "'%s' " "${args[@]}")" "$program" "$status" "$output" "$stderr")"
  done
}

# Requirement: R3, R7
@test "04-ignore-sigchld: a failed fork, sigaction or wait is reported with its errno text (status 1); a wait interrupted by a signal is called again" {
  lab_shim fault_inject
  local program
  program=$(lab_program ignore_sigchld)
  # The second fork fails with EAGAIN, as at the process limit.
  run --separate-stderr lab_run -- /usr/bin/env "LD_PRELOAD=$SHIM" PROCLAB_FORK_FAILS=2 "$program" -i 0 3
  [[ $status -eq 1 && $stderr == *fork*"Resource temporarily unavailable"* ]] ||
    fail "$(printf 'when fork fails the program should say "ignore_sigchld: fork: Resource temporarily unavailable" and exit 1; got status %s\nstdout:\n%s\nstderr:\n%s' \
      "$status" "$output" "$stderr")"
  assert_equal "$(grep -c '^forked child ' <<<"$output")" 1
  # sigaction fails (EINVAL, its only real error): nothing may be forked.
  run --separate-stderr lab_run -- /usr/bin/env "LD_PRELOAD=$SHIM" PROCLAB_FAIL=sigaction:1 "$program" -i 0 2
  [[ $status -eq 1 && $stderr == *"sigaction"*"Invalid argument"* && $output != *"forked child"* ]] ||
    fail "$(printf 'when sigaction fails the program should say "ignore_sigchld: sigaction(SIGCHLD): Invalid argument", fork nothing and exit 1; got status %s\nstdout:\n%s\nstderr:\n%s' \
      "$status" "$output" "$stderr")"
  # wait fails with EINVAL (22): an error, not "all reaped" (that is ECHILD).
  run --separate-stderr lab_run -- /usr/bin/env "LD_PRELOAD=$SHIM" PROCLAB_FAIL=wait:1:22,waitpid:1:22 "$program" -i 0 2
  [[ $status -eq 1 && $stderr == *wait*"Invalid argument"* && $output != *"wait returned"* ]] ||
    fail "$(printf 'when wait fails with EINVAL the program should say "ignore_sigchld: wait: Invalid argument" and exit 1; got status %s\nstdout:\n%s\nstderr:\n%s' \
      "$status" "$output" "$stderr")"
  # The first wait returns -1 with EINTR: not an answer, wait again.
  lab_start -- /usr/bin/env "LD_PRELOAD=$SHIM" PROCLAB_WAIT_EINTR=1 "$program" -i 0 2
  wait_output_lines "$ECHILD_LINE_RE" 1
  [[ -z $(cat "$LAB_ERR") ]] || fail "$(printf 'nothing should be reported on stderr\n%s' "$(lab_context)")"
}
