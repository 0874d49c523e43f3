# common.bash — the one setup every lab's .bats file loads:
#
#   load lib/common
#   setup()    { proclab_setup; }
#   teardown() { proclab_teardown; }
#
# The load is outside setup(): bats traces every command a test runs (see
# proclab_setup), setup() included, and code outside a test runs before
# that tracing starts. Loading the libraries inside setup() cost more than
# the rest of an empty test's setup.
#
# It gives tests three things:
#   - lab_start / lab_run: start a lab program under harness/labrun (never
#     bare: see labrun.c for why), in the background or to completion;
#   - lab_wait_until: poll a condition until it holds, or until the lab can no
#     longer make it hold (settled: every process ended or asleep with nothing
#     to wake it; or spinning in a busy loop), and only then a deadline. A
#     failing test ends when its outcome is settled, not when time runs out;
#   - ps inspection: the children of a pid, which of them are <defunct>, waits
#     for exactly N of them, waits for a pid to be gone. Processes are judged
#     by ps's STAT column (Z) and every failure prints the ps lines it judged,
#     with the `<defunct>` marker that only the args column shows.
#
# Environment (set by scripts/grade and harness/selftest/run; defaults let a
# student run `bats harness/01-fork-wait.bats` on their own labs/):
#   PROCLAB_ROOT      the project root
#   LAB_BIN           the directory of this lab's built programs
#   LABRUN            the supervisor binary
#   LABPROBE          the settled/spinning judge (build/labprobe; see settle.h)
#   PROCLAB_DEADLINE  seconds a wait may take while the lab is still busy, before
#                     the test fails (default 10); raise it on a slow machine, it
#                     costs nothing when code is right, and little when it is wrong
#   PROCLAB_TMP       where a test makes the directories it shares with the lab's
#                     programs (default /tmp). run-lab gives each run one of its
#                     own and removes it, with bats' TMPDIR, when the run ends,
#                     however it ends: a stopped run's teardowns never run

# proclab_setup — first, the tracing. bats runs a test with `set -T` and a
# DEBUG trap that records a stack trace before every simple command, in every
# function the test calls (setup() and this one included): about 0.3 ms a
# command, which made the helpers' polling loops and the libraries' loading
# most of a test's CPU time. The trap stays on the test's own function
# (declare -ft), so a failure still names the test's line that failed; the
# functions called from here on run without it (set +T), the rest of this
# setup included.
proclab_setup() {
  set +T
  [[ -z ${BATS_TEST_NAME:-} ]] || declare -ft "$BATS_TEST_NAME"
  _proclab_setup_untraced
}

_proclab_setup_untraced() {
  bats_require_minimum_version 1.7.0
  _load_bats_library bats-support
  _load_bats_library bats-assert
  _fast_batslib

  [[ -n ${PROCLAB_ROOT:-} ]] || PROCLAB_ROOT=$(cd "${BASH_SOURCE[0]%/*}/../.." && pwd)
  LAB_NAME=${BATS_TEST_FILENAME##*/} # (not basename: a fork and an exec in every test)
  LAB_NAME=${LAB_NAME%.bats}
  LAB_BIN=${LAB_BIN:-$PROCLAB_ROOT/build/labs/$LAB_NAME}
  LABRUN=${LABRUN:-$PROCLAB_ROOT/build/labrun}
  LABPROBE=${LABPROBE:-$PROCLAB_ROOT/build/labprobe}
  PROCLAB_DEADLINE=${PROCLAB_DEADLINE:-10}
  PROCLAB_MACHINE=${PROCLAB_MACHINE:-${HOSTTYPE:-$(uname -m)}}
  LABRUN_PIDS=()
  LAB_COUNT=0
  WAIT_COUNT=0
  WAIT_ENDED=''
  [[ -x $LABRUN ]] || fail "labrun is not built at $LABRUN (run: make)"
  [[ -x $LABPROBE ]] || fail "labprobe is not built at $LABPROBE (run: make)"
}

# _load_bats_library NAME — what `bats_load_library NAME` loads, without its
# cost: a library's load.bash sources each of its files as
# `source "$(dirname "${BASH_SOURCE[0]}")/src/FILE"`, a fork and an exec per
# file, 14 of them for bats-support and bats-assert, in every test (each bats
# test is a process of its own that loads them again). Here the files are
# sourced from the directory found once; a load.bash in any other form is
# left to bats_load_library itself.
_load_bats_library() {
  local name=$1 dir line files=() pattern='^source "\$\(dirname "\$\{BASH_SOURCE\[0\]\}"\)/([^"]+)"$'
  local -a path
  IFS=: read -ra path <<<"${BATS_LIB_PATH:-/usr/lib/bats}"
  for dir in "${path[@]}"; do
    [[ -f $dir/$name/load.bash ]] || continue
    while IFS= read -r line || [[ -n $line ]]; do
      [[ -z $line || $line == '#'* ]] && continue
      if [[ $line =~ $pattern ]]; then files+=("$dir/$name/${BASH_REMATCH[1]}"); else
        bats_load_library "$name"
        return
      fi
    done <"$dir/$name/load.bash"
    ((${#files[@]} > 0)) || break
    for line in "${files[@]}"; do
      # shellcheck disable=SC1090 # the library's own files
      source "$line" || fail "could not load $line ($name)"
    done
    return 0
  done
  bats_load_library "$name"
}

# _fast_batslib — bats-support's helpers for failure messages, redefined to
# print exactly what they print, without their line-by-line bash loops: those
# read a pipe a byte at a time, and one failed assert_output on a lab that
# floods (16 KiB of short lines, see lab_run) cost 2.6 s of CPU.
_fast_batslib() {
  # batslib_count_lines STRING — its lines, an unterminated last one counted.
  batslib_count_lines() { printf '%s' "$1" | awk 'END { print NR }'; }
  # batslib_is_single_line STRING... — none has a newline with anything after it.
  batslib_is_single_line() {
    local string
    for string in "$@"; do
      [[ $string == *$'\n'?* ]] && return 1
    done
    return 0
  }
  # batslib_prefix [PREFIX] — each line of stdin after PREFIX (default two
  # spaces), an unterminated last line ended; ENVIRON, not -v: awk would
  # interpret a backslash in PREFIX.
  batslib_prefix() { PROCLAB_PREFIX=${1:-  } awk '{ print ENVIRON["PROCLAB_PREFIX"] $0 }'; }
}

# Stop every lab this test started; labrun kills and reaps all they left.
proclab_teardown() {
  local pid
  for pid in "${LABRUN_PIDS[@]}"; do
    kill -TERM "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  done
  LABRUN_PIDS=()
  [[ -z ${LAB_SHARED_DIR:-} ]] || rm -rf "$LAB_SHARED_DIR"
  LAB_SHARED_DIR=''
}

# lab_shim NAME — set SHIM to a copy of build/shims/NAME.so that the lab's
# uid can load (the build directory may be under /root, which it cannot
# enter), for LD_PRELOAD=$SHIM. The copy goes at teardown.
lab_shim() {
  local built=$PROCLAB_ROOT/build/shims/$1.so
  [[ -f $built ]] || fail "the shim $1 is not built at $built (run: make)"
  if [[ -z ${LAB_SHARED_DIR:-} ]]; then
    LAB_SHARED_DIR=$(mktemp -d "${PROCLAB_TMP:-/tmp}"/proclab-shared.XXXXXX)
    chmod 755 "$LAB_SHARED_DIR"
  fi
  cp "$built" "$LAB_SHARED_DIR/$1.so"
  chmod 644 "$LAB_SHARED_DIR/$1.so"
  # shellcheck disable=SC2034 # SHIM is for the tests to use
  SHIM=$LAB_SHARED_DIR/$1.so
}

# handler_audit_file — SHIM, the handler_audit shim, and AUDIT, an empty file
# the lab's uid may append to: run the program with
# /usr/bin/env "LD_PRELOAD=$SHIM" "PROCLAB_AUDIT=$AUDIT" PROGRAM ...
handler_audit_file() {
  lab_shim handler_audit
  AUDIT=$LAB_SHARED_DIR/audit
  : >"$AUDIT"
  chmod 666 "$AUDIT"
}

# assert_handler_clean SIGNUM [ADVICE] — the audit (AUDIT) shows the handler of
# SIGNUM ran, and that no handler called a function that is not
# async-signal-safe or returned with errno changed; ADVICE ends the message.
assert_handler_clean() {
  grep -qx "handler ran: signal $1" "$AUDIT" ||
    fail "$(printf 'the handler of signal %s never ran (is it installed with sigaction?)\naudit:\n%s\n%s' "$1" "$(cat "$AUDIT")" "$(lab_context)")"
  local broken
  broken=$(grep -v '^handler ran:' "$AUDIT" | sort | uniq -c || true)
  [[ -z $broken ]] ||
    fail "$(printf 'a signal handler broke the rules (only async-signal-safe calls such as write and _exit; errno saved and restored):\n%s\n%s%s' \
      "$(sed -e 's/handler called \([a-z_]*\)/the handler called \1(), which is not async-signal-safe (signal-safety(7))/' -e 's/handler changed errno/the handler returned with errno changed (save it on entry, restore it before returning)/' <<<"$broken")" \
      "${2:+$2$'\n'}" "$(lab_context)")"
}

# lab_program NAME — the path of program NAME of this lab; fails if not built.
lab_program() {
  local name=$1
  if [[ $name == */* ]]; then
    printf '%s\n' "$name"
    return 0
  fi
  [[ -x $LAB_BIN/$name ]] || fail "program '$name' was not built in $LAB_BIN (did it compile?)"
  printf '%s\n' "$LAB_BIN/$name"
}

# lab_start [LABRUN-OPTION...] [--] PROGRAM [ARG...]
# Start PROGRAM (a name in LAB_BIN, or a path) under labrun in the background and
# wait until it has been exec'd. Sets:
#   LAB_PID      the lab program's pid (inspect it with ps)
#   LABRUN_PID   the supervisor's pid
#   LAB_OUT, LAB_ERR, LAB_REPORT   files: its stdout, stderr, and how it ended
# Options before -- go to labrun (e.g. -t 20, -f). Default labrun timeout: 30 s.
lab_start() {
  _parse_lab_args "-t 30" "$@" || return 1
  LAB_COUNT=$((LAB_COUNT + 1))
  local base=$BATS_TEST_TMPDIR/lab$LAB_COUNT
  LAB_OUT=$base.out LAB_ERR=$base.err LAB_REPORT=$base.report
  # 3>&- : a background process must not hold bats' fd 3 (bats would wait for it).
  "$LABRUN" "${LABRUN_OPTIONS[@]}" -P "$base.pid" -R "$LAB_REPORT" -- "${LAB_COMMAND[@]}" \
    >"$LAB_OUT" 2>"$LAB_ERR" 3>&- &
  LABRUN_PID=$!
  LABRUN_PIDS+=("$LABRUN_PID")
  lab_wait_started "$base.pid"
}

# _parse_lab_args DEFAULT_OPTIONS [LABRUN-OPTION...] [--] PROGRAM [ARG...]
# Split the arguments of lab_start/lab_run into LABRUN_OPTIONS (the words of
# DEFAULT_OPTIONS first, so a -t given later wins) and LAB_COMMAND.
_parse_lab_args() {
  read -ra LABRUN_OPTIONS <<<"$1"
  shift
  if [[ " $* " == *" -- "* ]]; then
    while [[ $1 != -- ]]; do LABRUN_OPTIONS+=("$1"); shift; done
    shift
  fi
  local program
  program=$(lab_program "$1") || return 1
  shift
  LAB_COMMAND=("$program" "$@")
}

# lab_wait_started PID_FILE — wait until labrun (LABRUN_PID) has written the
# lab's pid to PID_FILE, i.e. the program has been exec'd; set LAB_PID. Fails,
# showing what the lab printed, if it could not start or ended at once.
lab_wait_started() {
  local pid_file=$1
  _lab_started() { [[ -s $1 ]] || ! pid_alive "$LABRUN_PID"; }
  if ! wait_until "$PROCLAB_DEADLINE" _lab_started "$pid_file"; then
    fail "$(printf 'could not start %s under labrun\nstderr:\n%s' "${LAB_COMMAND[0]}" "$(cat "$LAB_ERR")")"
  fi
  if [[ ! -s $pid_file ]]; then
    fail "$(printf '%s ended before it could be inspected (%s)\nstdout:\n%s\nstderr:\n%s' \
      "${LAB_COMMAND[0]}" "$(cat "$LAB_REPORT" 2>/dev/null)" "$(cat "$LAB_OUT")" "$(cat "$LAB_ERR")")"
  fi
  LAB_PID=$(<"$pid_file")
}

# lab_wait_end — wait for the lab started last to end. Sets LAB_END to
# labrun's report: "exit N", "signal N NAME", "timeout"... A lab that settles
# instead of ending (asleep with nothing to wake it: it ignored the signal
# meant to end it) is not waited for: LAB_END says "still running (...)", and
# the lab is stopped.
lab_wait_end() {
  lab_wait_until _labrun_ended || true
  if ! _labrun_ended; then
    # shellcheck disable=SC2034 # LAB_END is for the tests to read
    LAB_END="still running (${WAIT_ENDED})"
    kill -TERM "$LABRUN_PID" 2>/dev/null || true
    wait "$LABRUN_PID" 2>/dev/null || true
    return 0
  fi
  wait "$LABRUN_PID" 2>/dev/null || true
  # shellcheck disable=SC2034 # LAB_END is for the tests to read
  LAB_END=$(cat "$LAB_REPORT" 2>/dev/null || echo "no report")
}

# _labrun_ended — the labrun of the lab started last has ended (or is a zombie
# waiting for bats to collect it).
_labrun_ended() { ! pid_alive "$LABRUN_PID"; }

# lab_stop — end the lab started last (SIGTERM to labrun: it kills and reaps all).
lab_stop() {
  kill -TERM "$LABRUN_PID" 2>/dev/null || true
  wait "$LABRUN_PID" 2>/dev/null || true
  # shellcheck disable=SC2034 # LAB_END is for the tests to read
  LAB_END=$(cat "$LAB_REPORT" 2>/dev/null || echo "no report")
}

# lab_run [LABRUN-OPTION...] [--] PROGRAM [ARG...] — run to completion with bats'
# `run` (use as: run -0 lab_run prog args). stdout and stderr are the lab's.
# Default labrun timeout: 10 s. labrun -S ends a program that can no longer get
# to its end by itself (asleep with nothing to wake it, or spinning) at once:
# status 122, and labrun says why on stderr. Output is cut at 16 KiB a stream
# (-o): bats' run splits what it captures into lines, and a program that
# floods would cost minutes there; no lab prints a quarter of that.
lab_run() {
  _parse_lab_args "-t 10 -S -o 16384" "$@" || return 1
  "$LABRUN" "${LABRUN_OPTIONS[@]}" -- "${LAB_COMMAND[@]}" 3>&-
}

# lab_context — for failure messages: how the last lab ended, its stdout and stderr.
lab_context() {
  [[ -n ${LAB_OUT:-} ]] || return 0
  printf -- '-- lab: %s\n' "$(cat "$LAB_REPORT" 2>/dev/null || echo "still running")"
  printf -- '-- its stdout:\n%s\n-- its stderr:\n%s\n' "$(bounded "$LAB_OUT")" "$(bounded "$LAB_ERR")"
}

# bounded FILE — FILE for a failure message: whole if short, else its first 40
# and last 20 lines with the count of those cut between, each line at most 300
# characters. (A lab that floods its output must not make a failure message,
# which bats reads line by line, cost minutes.)
bounded() {
  [[ -f $1 ]] || return 0
  awk '
    { line = length($0) > 300 ? substr($0, 1, 300) " [...]" : $0 }
    NR <= 40 { print line; next }
    { tail[NR % 20] = line }
    END {
      if (NR <= 40) exit
      first = NR - 19 > 41 ? NR - 19 : 41
      if (first > 41) printf "[... %d lines cut ...]\n", first - 41
      for (i = first; i <= NR; i++) print tail[i % 20]
    }' "$1"
}

# lab_output — what the lab started last has printed so far. labrun relays the
# lab's output through a pipe, so a line may reach LAB_OUT a moment after the
# lab has gone on (set a mask, exec'd): wait_output_lines for a line that must
# be there before reading it.
lab_output() { cat "$LAB_OUT"; }

# wait_until SECONDS COMMAND [ARG...] — poll COMMAND until it succeeds or the
# deadline passes (status 1). For waits on the test's own machinery (a tmux
# server going away); a wait for what a lab does uses lab_wait_until.
wait_until() {
  local seconds=$1
  shift
  local limit_us now_us
  limit_us=${EPOCHREALTIME/[.,]/}
  limit_us=$((limit_us + ${seconds%.*} * 1000000))
  while true; do
    "$@" && return 0
    now_us=${EPOCHREALTIME/[.,]/}
    ((now_us > limit_us)) && break
    pause_for 0.01 # allow-sleep: the poll interval of a deadline loop, not a wait for state
  done
  "$@"
}

# pause_for SECONDS — sleep SECONDS (fractions allowed) without starting a
# process: a read, with that timeout, from a pipe that never has data (this
# shell holds its write end). For poll intervals only, never to wait for a
# state. A `sleep` is a fork and an exec: on a virtual machine, where each
# exec costs a millisecond or more, the polls of a test used to be most of
# the processes it started.
pause_for() {
  [[ -n ${_PAUSE_FD:-} ]] || exec {_PAUSE_FD}<> <(:)
  read -r -t "$1" -u "$_PAUSE_FD" _ || true
}

# lab_wait_until [-t SECONDS] COMMAND [ARG...] — poll COMMAND until it
# succeeds. Between polls, labprobe looks at the tree of the lab started last
# (LABRUN_PID): the wait ends early, status 1, as soon as the lab can no
# longer change anything by itself — it has ended, or every process is ended,
# stopped or asleep in pause/sigsuspend/wait/read with nothing pending, the
# same for 0.2 s, or one spins in a busy loop (0.3 s of CPU without sleeping).
# Only a lab still busy (running, in nanosleep, ...) meets the deadline
# (SECONDS, default PROCLAB_DEADLINE). COMMAND is tried once more at the end.
# WAIT_ENDED says why the wait ended, for failure messages.
lab_wait_until() {
  local seconds=$PROCLAB_DEADLINE
  if [[ $1 == -t ]]; then seconds=$2; shift 2; fi
  local limit_us=$((${EPOCHREALTIME/[.,]/} + ${seconds%.*} * 1000000))
  WAIT_COUNT=$((WAIT_COUNT + 1))
  local state=$BATS_TEST_TMPDIR/settle$WAIT_COUNT verdict status interval_ms=10
  WAIT_ENDED=''
  while true; do
    "$@" && return 0
    if ((${EPOCHREALTIME/[.,]/} > limit_us)); then
      status=0
      verdict=$("$LABPROBE" -w 0 -s "$state" "${LABRUN_PID:-0}") || status=$?
      # A lab that has ended (or settled, or spins) by now is why, not the
      # clock: say so (a wait of -t 0 asks only "is it so now?").
      if ((status == 1)); then WAIT_ENDED="deadline: still not so after ${seconds}s (${verdict})"; else WAIT_ENDED=$verdict; fi
      break
    fi
    # labprobe samples the lab for up to interval_ms: it is also the poll
    # interval, 10 ms at first, then doubling up to 80 ms: a condition that
    # comes true at once is seen at once, and a long wait costs little CPU.
    status=0
    verdict=$("$LABPROBE" -w "$interval_ms" -s "$state" "${LABRUN_PID:-0}") || status=$?
    ((interval_ms >= 80)) || interval_ms=$((interval_ms * 2))
    if ((status != 1)); then
      WAIT_ENDED=$verdict
      break
    fi
  done
  "$@"
}

# lab_wait_settled — wait until the lab started last is settled (every process
# ended, stopped, or asleep with nothing that could wake it; see settle.h).
# Status 1 if it spins, ends, or is still busy at the deadline; WAIT_ENDED
# says which. Unlike a sample of ps's STAT, a spinning process that is seen
# asleep for an instant (a waitpid with WNOHANG passes through S) is not
# taken for a sleeping one.
lab_wait_settled() {
  lab_wait_until _never || true
  [[ $WAIT_ENDED == settled:* ]]
}

# _never — a condition that never holds (lab_wait_settled waits for the verdict alone).
_never() { return 1; }

# why_wait_ended — a line for failure messages: why the last lab_wait_until ended.
why_wait_ended() { [[ -z $WAIT_ENDED ]] || printf -- '-- the wait ended: %s\n' "$WAIT_ENDED"; }

# pid_alive PID — true while PID exists and is not a zombie.
pid_alive() {
  local stat
  { read -r stat <"/proc/$1/stat"; } 2>/dev/null || return 1
  stat=${stat##*) }
  [[ ${stat:0:1} != Z ]]
}

# pid_state PID — the one-letter state of PID (R, S, Z, ...), empty if gone.
pid_state() {
  local stat
  { read -r stat <"/proc/$1/stat"; } 2>/dev/null || return 0
  stat=${stat##*) }
  printf '%s\n' "${stat:0:1}"
}

# kernel_wait_channel PID — set WAIT_CHANNEL to where PID sleeps in the kernel,
# from /proc/PID/wchan: do_wait when blocked in wait/waitpid, hrtimer_nanosleep
# in nanosleep, and so on; empty while it runs or once it is gone. Where the
# kernel hides wchan (it reads 0), /proc/PID/syscall names the system call a
# sleeping task is in: wait4 and waitid give do_wait, others syscall-N.
kernel_wait_channel() {
  local syscall=''
  WAIT_CHANNEL=''
  { read -r WAIT_CHANNEL <"/proc/$1/wchan"; } 2>/dev/null || true
  [[ -n $WAIT_CHANNEL && $WAIT_CHANNEL != 0 ]] && return 0
  WAIT_CHANNEL=''
  { read -r syscall _ <"/proc/$1/syscall"; } 2>/dev/null || true
  case "$PROCLAB_MACHINE:$syscall" in
    x86_64:61 | x86_64:247 | aarch64:260 | aarch64:95) WAIT_CHANNEL=do_wait ;;
    *:[0-9]*) WAIT_CHANNEL="syscall-$syscall" ;;
  esac
  return 0
}

# ps_children PID — ps lines (pid ppid stat args) of PID's children.
ps_children() { ps -o pid=,ppid=,stat=,args= --ppid "$1" 2>/dev/null || true; }

# ps_tree_of PID — a header and ps lines of PID and its children, for messages.
ps_tree_of() {
  printf '%s\n' "  PID  PPID STAT COMMAND"
  ps -o pid=,ppid=,stat=,args= -p "$1" 2>/dev/null || true
  ps_children "$1"
}

# defunct_children PID — ps lines of PID's children in state Z.
defunct_children() { ps_children "$1" | awk '$3 ~ /^Z/'; }

# count_defunct PID — how many children of PID are zombies.
count_defunct() { defunct_children "$1" | grep -c . || true; }

# assert_no_defunct PID — no child of PID is a zombie now.
assert_no_defunct() {
  local lines
  lines=$(defunct_children "$1")
  [[ -z $lines ]] && return 0
  fail "$(printf 'expected no <defunct> child of %s, but ps showed:\n%s\n%s' "$1" "$(ps_tree_of "$1")" "$(lab_context)")"
}

# _defunct_count_is PID N — exactly N children of PID are zombies.
_defunct_count_is() { [[ $(count_defunct "$1") -eq $2 ]]; }

# wait_defunct_count PID N [SECONDS] — wait until exactly N children of PID are zombies.
wait_defunct_count() {
  local pid=$1 want=$2 seconds=${3:-$PROCLAB_DEADLINE}
  lab_wait_until -t "$seconds" _defunct_count_is "$pid" "$want" && return 0
  fail "$(printf 'expected exactly %s <defunct> children of %s, but ps showed:\n%s\n%s\n%s' \
    "$want" "$pid" "$(ps_tree_of "$pid")" "$(why_wait_ended)" "$(lab_context)")"
}

# _pid_gone PID — PID no longer exists at all, not even as a zombie.
_pid_gone() { [[ ! -e /proc/$1 ]]; }

# wait_gone PID [SECONDS] — wait until PID no longer exists at all (not even as a zombie).
wait_gone() {
  local pid=$1 seconds=${2:-$PROCLAB_DEADLINE}
  lab_wait_until -t "$seconds" _pid_gone "$pid" && return 0
  fail "$(printf 'expected pid %s to be gone, but ps showed:\n%s\n%s' \
    "$pid" "$(ps -o pid,ppid,stat,args -p "$pid")" "$(why_wait_ended)")"
}

# _output_has PATTERN N — the lab's stdout has at least N lines matching PATTERN.
_output_has() { [[ $(grep -cE -- "$1" "$LAB_OUT" || true) -ge $2 ]]; }

# wait_output_lines PATTERN N [SECONDS] — wait until the lab's stdout has at
# least N lines matching the extended regex PATTERN.
wait_output_lines() {
  local pattern=$1 want=$2 seconds=${3:-$PROCLAB_DEADLINE}
  lab_wait_until -t "$seconds" _output_has "$pattern" "$want" && return 0
  fail "$(printf 'expected %s line(s) matching /%s/; ps showed:\n%s\n%s\n%s' \
    "$want" "$pattern" "$(ps_tree_of "$LAB_PID")" "$(why_wait_ended)" "$(lab_context)")"
}

# signal_bit_set MASK_HEX SIGNUM — true if bit SIGNUM-1 is set in a /proc status mask.
signal_bit_set() { (( (16#$1 >> ($2 - 1)) & 1 )); }

# proc_status_field PID FIELD — e.g. proc_status_field 123 SigIgn → 0000000000000002
proc_status_field() { awk -v f="$2:" '$1 == f { print $2 }' "/proc/$1/status" 2>/dev/null; }
