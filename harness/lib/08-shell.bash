# shellcheck shell=bash
# harness/lib/08-shell.bash — lab 08's helpers: drive the mini shell (mysh)
# through a pipe, or on a real terminal, and run trace files.
#
#   load lib/common; load lib/03-ignore-sigint; load lib/08-shell   (outside setup)
#   setup()    { proclab_setup; }
#   teardown() { tty_teardown; proclab_teardown; }
#
# Three ways in:
#   mysh_run TEXT           the shell to its end with TEXT on stdin (a file: no
#                           terminal, so no prompt and no job control);
#   mysh_start_piped        the shell running, its stdin a fifo the test writes
#                           lines into (mysh_send), for tests that look at the
#                           shell while it reads on;
#   mysh_tty_start          the shell on a pty of its own (lib/03-ignore-sigint:
#                           a private tmux server, labrun -f), typed into with
#                           mysh_type; a real Ctrl+C with mysh_keys C-c.
#
# Synchronising on a terminal, never on time: after a line is typed,
# mysh_type waits until the shell has printed one more prompt (the command is
# done, or it went to the background), or until the shell sleeps somewhere
# other than read with a new child that has exec'd (a foreground job runs; its
# signal dispositions are final once it has exec'd, so a Ctrl+C now is fair),
# or until the lab settles (it can do nothing more by itself: a failure, found
# at once). Which of those ended the wait is in MYSH_SYNCED: prompt, job, or
# settled.
#
# The shell runs with PATH=/usr/bin:/bin: the grader's own PATH may name
# directories the lab's uid cannot enter, and execvp then says EACCES, not
# ENOENT, for a command that does not exist.

MYSH_PATH=/usr/bin:/bin
MYSH_PROMPT='mysh> '

# mysh_command — the words that start the shell: env with a plain PATH and
# the test's MYSH_ENV (NAME=VALUE words, e.g. an LD_PRELOAD shim), then mysh.
mysh_command() {
  local program
  program=$(lab_program mysh) || return 1
  MYSH_COMMAND=(/usr/bin/env "PATH=$MYSH_PATH" ${MYSH_ENV[@]+"${MYSH_ENV[@]}"} "$program")
}

# mysh_run [LABRUN-OPTION...] TEXT — run the shell to its end with TEXT as its
# standard input (a regular file). Use with bats' run:
#   run --separate-stderr mysh_run $'echo hi\n'
mysh_run() {
  local text=${*: -1}
  local -a options=("${@:1:$#-1}")
  mysh_command || return 1
  local input=$BATS_TEST_TMPDIR/input.$RANDOM
  printf '%s' "$text" >"$input"
  chmod 644 "$input"
  "$LABRUN" -t 10 -S "${options[@]}" -- "${MYSH_COMMAND[@]}" <"$input" 3>&-
}

# mysh_start_piped [LABRUN-OPTION...] — start the shell under labrun, in the
# background, its standard input a fifo whose write end the test holds
# (MYSH_INPUT_FD): the shell reads what mysh_send writes and sees end of input
# only at mysh_end_input. Sets what lab_start sets (LAB_PID, LAB_OUT, ...).
mysh_start_piped() {
  mysh_command || return 1
  LAB_COUNT=$((LAB_COUNT + 1))
  local base=$BATS_TEST_TMPDIR/lab$LAB_COUNT
  LAB_OUT=$base.out LAB_ERR=$base.err LAB_REPORT=$base.report
  local fifo=$base.input
  mkfifo -m 644 "$fifo"
  # Read-write: opening does not wait for a reader, and the shell's open of
  # the read end does not wait for a writer.
  exec {MYSH_INPUT_FD}<>"$fifo"
  # shellcheck disable=SC2034 # LAB_COMMAND names the program in lab_wait_started's messages
  LAB_COMMAND=("${MYSH_COMMAND[@]}")
  "$LABRUN" -t 30 "$@" -P "$base.pid" -R "$LAB_REPORT" -- "${MYSH_COMMAND[@]}" \
    <"$fifo" >"$LAB_OUT" 2>"$LAB_ERR" 3>&- &
  LABRUN_PID=$!
  LABRUN_PIDS+=("$LABRUN_PID")
  lab_wait_started "$base.pid"
}

# mysh_send LINE... — write each LINE, and a newline, to the piped shell's input.
mysh_send() { printf '%s\n' "$@" >&"$MYSH_INPUT_FD"; }

# mysh_end_input — close the piped shell's input: it reads end of input.
mysh_end_input() { exec {MYSH_INPUT_FD}>&-; }

# mysh_tty_start — start the shell on a pty of its own (tty_lab_start of
# lib/03-ignore-sigint) and wait for its first prompt.
mysh_tty_start() {
  mysh_command || return 1
  tty_lab_start "${MYSH_COMMAND[@]}"
  MYSH_TYPED_AT=0
  MYSH_CHILDREN_BEFORE=''
  lab_wait_until _mysh_prompts_at_least 1 ||
    fail "$(printf 'the shell on a terminal should print the prompt "%s"\n%s\n%s' \
      "$MYSH_PROMPT" "$(why_wait_ended)" "$(lab_context)")"
}

# mysh_read_output — MYSH_OUTPUT: the shell's stdout so far (no fork: the
# waits call this between every two samples).
mysh_read_output() {
  MYSH_OUTPUT=''
  IFS= read -r -d '' MYSH_OUTPUT <"$LAB_OUT" || true
}

# mysh_prompt_count — how many prompts the shell has printed so far.
mysh_prompt_count() {
  mysh_read_output
  local rest=${MYSH_OUTPUT//"$MYSH_PROMPT"/}
  printf '%d\n' $(((${#MYSH_OUTPUT} - ${#rest}) / ${#MYSH_PROMPT}))
}
_mysh_prompts_at_least() {
  mysh_read_output
  local rest=${MYSH_OUTPUT//"$MYSH_PROMPT"/}
  (((${#MYSH_OUTPUT} - ${#rest}) / ${#MYSH_PROMPT} >= $1))
}

# mysh_child_lines — "pid comm" of every child of the shell.
mysh_child_lines() { ps -o pid=,comm= --ppid "$LAB_PID" 2>/dev/null || true; }

# _mysh_synced PROMPTS — the command typed last is done (PROMPTS prompts have
# been printed), or the shell waits for a foreground job: it is asleep (S),
# not in read, and has a child that has exec'd (its name is no longer mysh)
# which is either new since the line was typed, or in the terminal's
# foreground process group (fg %N brings back an old one).
_mysh_synced() {
  if _mysh_prompts_at_least "$1"; then MYSH_SYNCED=prompt; return 0; fi
  [[ $(pid_state "$LAB_PID") == S ]] || return 1
  _mysh_in_terminal_io && return 1
  local stat fields pid comm pgid shell_pgid terminal_pgid
  { read -r stat <"/proc/$LAB_PID/stat"; } 2>/dev/null || return 1
  read -ra fields <<<"${stat##*) }"
  shell_pgid=${fields[2]} terminal_pgid=${fields[5]}
  while read -r pid pgid comm; do
    [[ -n $pid && $comm != mysh && $comm != env ]] || continue
    if [[ $'\n'$MYSH_CHILDREN_BEFORE$'\n' != *$'\n'$pid$'\n'* ]] ||
      [[ $pgid == "$terminal_pgid" && $pgid != "$shell_pgid" ]]; then
      MYSH_SYNCED=job
      return 0
    fi
  done < <(ps -o pid=,pgid=,comm= --ppid "$LAB_PID" 2>/dev/null || true)
  return 1
}

# _mysh_in_terminal_io — the shell sleeps in a read (at its prompt) or in a
# write, readv/writev or ioctl (printing a job's "[1] PID" line or the prompt,
# or handing the terminal over, can sleep for a moment on a busy pty): not
# waiting for a job. By the system call (/proc/PID/syscall), which tells a
# write from a read where the kernel function (wchan: wait_woken for both on a
# tty) cannot; by wchan where the call is hidden.
_mysh_in_terminal_io() {
  local syscall=''
  { read -r syscall _ <"/proc/$LAB_PID/syscall"; } 2>/dev/null || true
  case "$PROCLAB_MACHINE:$syscall" in
    # Running: it woke up since its state was read (S, a moment ago); no
    # sleep of its own to judge by, and not one waiting for a job.
    *:running) return 0 ;;
    x86_64:0 | x86_64:1 | x86_64:16 | x86_64:19 | x86_64:20) return 0 ;;
    aarch64:29 | aarch64:63 | aarch64:64 | aarch64:65 | aarch64:66) return 0 ;;
    *:[0-9]*) return 1 ;;
  esac
  kernel_wait_channel "$LAB_PID"
  [[ $WAIT_CHANNEL == *read* || $WAIT_CHANNEL == *write* || $WAIT_CHANNEL == *tty* || $WAIT_CHANNEL == wait_woken ]]
}

# mysh_sync — wait until the line typed last is done or runs in the foreground
# (see _mysh_synced); MYSH_SYNCED says which, or "settled: ..." when the lab
# could do neither.
mysh_sync() {
  MYSH_SYNCED=''
  if ! lab_wait_until _mysh_synced $((MYSH_PROMPTS_BEFORE + 1)); then
    MYSH_SYNCED="nothing happened: $WAIT_ENDED"
  fi
}

# _mysh_mark — before typing: how many prompts, how much output (in bytes).
_mysh_mark() {
  mysh_read_output
  local LC_ALL=C rest=${MYSH_OUTPUT//"$MYSH_PROMPT"/}
  MYSH_PROMPTS_BEFORE=$(((${#MYSH_OUTPUT} - ${#rest}) / ${#MYSH_PROMPT}))
  MYSH_TYPED_AT=${#MYSH_OUTPUT}
}

# mysh_type LINE — type LINE and Enter into the shell's terminal, then mysh_sync.
# MYSH_TYPED_AT is the size of the output before it: output since the line
# was typed is what mysh_output_since prints.
mysh_type() {
  _mysh_job_done
  _mysh_mark
  # One ps, no awk: the pids, one a line, spaces taken out (a poll of
  # _mysh_synced matches against these without a grep).
  MYSH_CHILDREN_BEFORE=$(ps -o pid= --ppid "$LAB_PID" 2>/dev/null || true)
  MYSH_CHILDREN_BEFORE=${MYSH_CHILDREN_BEFORE// /}
  _tty_tmux send-keys -l "$1" \; send-keys Enter || fail "tmux send-keys failed"
  mysh_sync
}

# _mysh_job_done — if the line typed last runs in the foreground (MYSH_SYNCED
# job), wait until it is done (the prompt is back) or the lab settles (a job
# that waits for ever, or is stopped): what it prints, and the prompt after
# it, then belong to it, not to what is typed or checked next.
_mysh_job_done() {
  [[ ${MYSH_SYNCED:-} == job ]] || return 0
  lab_wait_until _mysh_prompts_at_least $((MYSH_PROMPTS_BEFORE + 1)) && MYSH_SYNCED=prompt
  return 0
}

# mysh_keys KEY — type a control key (C-c, C-z, C-\) into the shell's terminal.
# If a foreground job was running, wait until the shell has its prompt back
# (or the lab settles); at the prompt there is nothing to wait for.
mysh_keys() {
  local was=${MYSH_SYNCED:-}
  _mysh_mark
  tty_keys "$1"
  if [[ $was == job ]]; then
    MYSH_SYNCED=''
    lab_wait_until _mysh_prompts_at_least $((MYSH_PROMPTS_BEFORE + 1)) && MYSH_SYNCED=prompt
    [[ -n $MYSH_SYNCED ]] || MYSH_SYNCED="nothing happened: $WAIT_ENDED"
  fi
  return 0
}

# mysh_output_since — the shell's stdout since the line (or key) typed last,
# prompts taken out.
mysh_output_since() {
  mysh_read_output
  local LC_ALL=C
  local since=${MYSH_OUTPUT:MYSH_TYPED_AT}
  printf '%s' "${since//"$MYSH_PROMPT"/}"
}

# mysh_job_pid N — the pid of job N, from the last "[N] PID ..." line.
mysh_job_pid() {
  mysh_read_output
  local line pid='' pattern="^\\[$1\\] ([0-9]+)( |\$)"
  while IFS= read -r line; do
    line=${line//"$MYSH_PROMPT"/}
    [[ $line =~ $pattern ]] && pid=${BASH_REMATCH[1]}
  done <<<"$MYSH_OUTPUT"
  printf '%s\n' "$pid"
}

# mysh_context — for failure messages: the shell's output, its children, its stderr.
mysh_context() {
  printf -- '-- the shell and its children (ps):\n%s\n' \
    "$(ps -o pid,ppid,pgid,tpgid,stat,args -p "$LAB_PID" --ppid "$LAB_PID" 2>/dev/null || true)"
  lab_context
}

# ---- trace files ----------------------------------------------------------
# A trace (harness/traces/08-shell/NAME.trace) is a session at the terminal,
# one directive per line; the driver types, waits for events, and checks:
#
#   # text                 a comment
#   LINE  # allow-sleep: why  a line's note that a sleep in it is the program
#                          under test, not a wait: taken off, never typed
#   COMMAND LINE           typed, then Enter; then wait until the shell prints
#                          its prompt again or runs it in the foreground
#   INT | TSTP | QUIT      type Ctrl+C, Ctrl+Z, Ctrl+\ (the terminal driver sends
#                          the signal to its foreground process group); if a
#                          foreground job ran, wait for the prompt
#   SLEEP N                ignored: CS:APP's traces pace themselves with it, this
#                          driver waits for events instead
#   EXPECT REGEX           a line printed since the last typed line matches
#                          (extended regex, the whole line: ^ and $ are implied)
#   REFUTE REGEX           no line printed since the last typed line matches
#   WAIT REGEX             wait until such a line is printed (a background job's
#                          report comes when it ends, not when a line is typed)
#   STATE WHO S|R|T|gone   wait until process WHO is in that state (letters may
#                          be combined: SR is either)
#   SIGNAL SIG WHO         send signal SIG (STOP, CONT, TERM...) to process WHO
#                          from outside, as `kill -SIG WHO` would
#   NODEFUNCT              wait until no child of the shell is <defunct>
#   PROMPT                 the last line typed gave the prompt back (it did
#                          not run in the foreground)
#
# In a line, {jobN} is the pid of job N (from the last "[N] PID ..." line the
# shell printed), {shell} the shell's pid, {fifo} a fifo nobody ever writes
# to (`cat {fifo}` waits forever in read, yet ends with any signal that
# kills: a job that never ends by itself, and never keeps the lab busy).

# mysh_shared_dir — set MYSH_DIR to a directory the lab's uid may write in
# (BATS_TEST_TMPDIR is private to the test's uid); it goes at teardown.
mysh_shared_dir() {
  [[ -z ${MYSH_DIR:-} || ! -d $MYSH_DIR ]] || return 0
  if [[ -z ${LAB_SHARED_DIR:-} ]]; then
    LAB_SHARED_DIR=$(mktemp -d "${PROCLAB_TMP:-/tmp}"/proclab-shared.XXXXXX)
    chmod 755 "$LAB_SHARED_DIR"
  fi
  MYSH_DIR=$LAB_SHARED_DIR/work
  mkdir -p "$MYSH_DIR"
  chmod 1777 "$MYSH_DIR"
}

# mysh_hold — a fifo $MYSH_DIR/hold whose write end the test keeps open
# (HOLD_FD): a job `cat $MYSH_DIR/hold` runs, asleep in read, until
# mysh_release closes it and the cat reads end of file.
mysh_hold() {
  mysh_shared_dir
  mkfifo -m 666 "$MYSH_DIR/hold"
  exec {HOLD_FD}<>"$MYSH_DIR/hold"
}

# mysh_release — close the write end mysh_hold opened: every cat on it ends.
# A cat that had not opened the fifo yet would then wait in open() for a
# writer for ever (its exec can be slow on a loaded machine, and a test that
# saw its name "cat" has not seen it open anything): so first, every process
# whose arguments name the fifo must have it open.
mysh_release() {
  lab_wait_until _mysh_hold_opened || true
  exec {HOLD_FD}>&-
}
_mysh_hold_opened() {
  local pid fd opened
  for pid in $(pgrep -f -- "$MYSH_DIR/hold" || true); do
    opened=false
    for fd in "/proc/$pid/fd/"*; do
      [[ $fd -ef $MYSH_DIR/hold ]] && { opened=true; break; } # (the same inode: no readlink fork)
    done
    $opened || [[ ! -e /proc/$pid ]] || return 1
  done
  return 0
}

# mysh_trace FILE — run one trace on a fresh shell; on failure, TRACE_FAILURE
# says why and the status is 1 (the caller goes on to the next trace).
mysh_trace() {
  local file=$1 number=0 line directive argument
  TRACE_FAILURE=''
  mysh_shared_dir
  TRACE_FIFO=$MYSH_DIR/trace.fifo
  # Held open read-write for the rest of the test: a cat's open never waits
  # for a writer, and its read waits for ever.
  # shellcheck disable=SC2034 # the fd is held, never used
  [[ -p $TRACE_FIFO ]] || { mkfifo -m 666 "$TRACE_FIFO"; exec {TRACE_FIFO_FD}<>"$TRACE_FIFO"; }
  TRACE_WHERE="${file##*/}: starting the shell"
  if ! mysh_tty_start >/dev/null 2>&1; then
    _trace_failed "the shell did not print its prompt ($(why_wait_ended))"
    return 1
  fi
  while IFS= read -r line || [[ -n $line ]]; do
    number=$((number + 1))
    [[ $line =~ ^[[:space:]]*(#.*)?$ ]] && continue
    # A trailing "# allow-sleep: why" is the driver's note, never typed.
    [[ $line =~ ^(.*[^[:space:]])[[:space:]]+#[[:space:]]*allow-sleep:.*$ ]] && line=${BASH_REMATCH[1]}
    _trace_expand "$line"
    line=$TRACE_LINE
    directive=${line%% *}
    argument=${line#"$directive"}
    argument=${argument# }
    TRACE_WHERE="${file##*/} line $number: $line"
    case $directive in
      SLEEP) ;;
      INT) mysh_keys C-c ;;
      TSTP) mysh_keys C-z ;;
      QUIT) mysh_keys 'C-\' ;;
      EXPECT) _trace_expect "$argument" || return 1 ;;
      REFUTE) _trace_refute "$argument" || return 1 ;;
      WAIT) _trace_wait "$argument" || return 1 ;;
      STATE) _trace_words "$argument" && _trace_state "${TRACE_WORDS[@]}" || return 1 ;;
      SIGNAL) _trace_words "$argument" && _trace_signal "${TRACE_WORDS[@]}" || return 1 ;;
      NODEFUNCT) _trace_nodefunct || return 1 ;;
      PROMPT) _trace_prompt || return 1 ;;
      *) mysh_type "$line" ;;
    esac
  done <"$file"
  return 0
}

# _trace_words TEXT — TRACE_WORDS: the two words of TEXT (STATE WHO S, SIGNAL SIG WHO).
_trace_words() {
  read -ra TRACE_WORDS <<<"$1"
  ((${#TRACE_WORDS[@]} == 2)) && return 0
  _trace_failed "expected two words after the directive"
}

# _trace_expand LINE — TRACE_LINE: LINE with {jobN}, {shell} and {fifo} replaced
# (a variable, not printed: the driver calls it for every line of a trace).
_trace_expand() {
  local line=$1 n pid
  while [[ $line =~ \{job([0-9]+)\} ]]; do
    n=${BASH_REMATCH[1]}
    pid=$(mysh_job_pid "$n")
    line=${line//"{job$n}"/${pid:-no-job-$n}}
  done
  line=${line//"{shell}"/$LAB_PID}
  TRACE_LINE=${line//"{fifo}"/$TRACE_FIFO}
}

# _trace_failed WHAT — TRACE_FAILURE: where, what, and what was seen.
_trace_failed() {
  TRACE_FAILURE=$(printf 'trace %s\n  %s\n-- the last typed line ended the wait with: %s\n-- output since it was typed:\n%s\n%s\n' \
    "$TRACE_WHERE" "$1" "${MYSH_SYNCED:-}" "$(mysh_output_since 2>/dev/null)" "$(mysh_context 2>/dev/null)")
  return 1
}

_trace_matches() {
  local line since
  since=$(mysh_output_since)
  while IFS= read -r line; do
    [[ $line =~ ^($1)$ ]] && return 0
  done <<<"$since"
  return 1
}

# EXPECT and REFUTE judge what the line typed last printed: if it still runs
# in the foreground, what it prints until it is done (or can print nothing more).
_trace_expect() {
  _trace_matches "$1" && return 0
  if [[ ${MYSH_SYNCED:-} == job ]]; then
    lab_wait_until _trace_matches_or_done "$1" $((MYSH_PROMPTS_BEFORE + 1)) || true
    _trace_matches "$1" && return 0
  fi
  _trace_failed "expected a line matching /^$1\$/"
}

# _trace_matches_or_done REGEX PROMPTS — a line matches, or the prompt is back.
_trace_matches_or_done() { _trace_matches "$1" || _mysh_prompts_at_least "$2"; }

_trace_refute() {
  _mysh_job_done
  _trace_matches "$1" || return 0
  _trace_failed "expected no line matching /^$1\$/"
}

_trace_wait() {
  lab_wait_until _trace_matches "$1" && return 0
  _trace_failed "expected, in time, a line matching /^$1\$/ ($(why_wait_ended))"
}

_trace_state_is() {
  local state
  state=$(pid_state "$1")
  case $2 in
    gone) [[ -z $state || $state == Z ]] ;;
    *) [[ -n $state && $2 == *"$state"* ]] ;;
  esac
}

_trace_state() {
  local who=$1 want=$2
  [[ $who =~ ^[0-9]+$ ]] || { _trace_failed "no such process: '$who' (did the job start?)"; return 1; }
  lab_wait_until _trace_state_is "$who" "$want" && return 0
  _trace_failed "expected process $who in state $want, but it is '$(pid_state "$who")' ($(why_wait_ended))"
}

_trace_signal() {
  [[ ${2:-} =~ ^[0-9]+$ ]] || { _trace_failed "no such process: '${2:-}' (did the job start?)"; return 1; }
  kill -s "$1" "$2" 2>/dev/null && return 0
  _trace_failed "could not send SIG$1 to $2: it is gone"
}

_trace_no_defunct() { [[ -z $(defunct_children "$LAB_PID") ]]; }

_trace_nodefunct() {
  lab_wait_until _trace_no_defunct && return 0
  _trace_failed "expected no <defunct> child of the shell; $(why_wait_ended)"
}

_trace_prompt() {
  [[ $MYSH_SYNCED == prompt ]] && return 0
  _trace_failed "expected the prompt back at once (the line should not run in the foreground)"
}

# mysh_traces GLOB — run every trace matching GLOB under harness/traces/08-shell;
# fail the test with every failing trace's message.
mysh_traces() {
  local file failures='' count=0
  for file in "$PROCLAB_ROOT"/harness/traces/08-shell/$1; do
    [[ -f $file ]] || continue
    count=$((count + 1))
    mysh_trace "$file" || failures+=$TRACE_FAILURE$'\n\n'
    tty_teardown
  done
  ((count > 0)) || fail "no trace matches harness/traces/08-shell/$1"
  [[ -z $failures ]] || fail "$failures"
}
