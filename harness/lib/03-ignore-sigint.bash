# 03-ignore-sigint.bash — run a lab program on a real terminal, for Ctrl+C tests.
#
# A Ctrl+C is not sent by anybody's kill(): the terminal driver turns the byte
# 0x03 typed on a terminal into SIGINT for the terminal's whole foreground
# process group. To test that for real, tty_lab_start gives the lab a pty of
# its own: a private tmux server (its socket in the test's temp dir, its own
# empty config) runs `labrun -f` in a pane; labrun puts the lab in its own
# process group and makes that group the pane's foreground group. tty_keys
# then types keys into the pane (C-c, C-z) exactly as a person would.
#
#   load lib/common; load lib/03-ignore-sigint   (outside setup)
#   setup()    { proclab_setup; }
#   teardown() { tty_teardown; proclab_teardown; }
#
# The tmux server and everything in it belong to the test that started it:
# tty_teardown kills that server (by its socket) and waits until the server,
# labrun and the lab are all gone.

# tty_lab_start PROGRAM [ARG...] — start PROGRAM (a name in LAB_BIN) under
# `labrun -f` on a fresh pty and wait until it has been exec'd. Sets LAB_PID,
# LABRUN_PID, LAB_OUT, LAB_ERR, LAB_REPORT (as lab_start does) and TTY_SOCKET,
# TTY_SERVER_PID. The lab's stdout and stderr go to LAB_OUT and LAB_ERR, not to
# the pane; its stdin and controlling terminal are the pane's pty.
tty_lab_start() {
  local program
  program=$(lab_program "$1") || return 1
  shift
  LAB_COUNT=$((LAB_COUNT + 1))
  local base=$BATS_TEST_TMPDIR/tty$LAB_COUNT
  LAB_OUT=$base.out LAB_ERR=$base.err LAB_REPORT=$base.report
  local pid_file=$base.pid
  : >"$LAB_OUT"
  TTY_SOCKET=$BATS_TEST_TMPDIR/tmux$LAB_COUNT.sock
  # remain-on-exit: the pane (and so the server) stays after labrun ends, so the
  # server's lifetime is ours to end, not a race with the lab's.
  local config=$BATS_TEST_TMPDIR/tmux.conf
  printf 'set-option -g remain-on-exit on\n' >"$config"
  local command
  printf -v command 'exec %q -f -t 30 -P %q -R %q --' "$LABRUN" "$pid_file" "$LAB_REPORT"
  local word
  for word in "$program" "$@"; do printf -v command '%s %q' "$command" "$word"; done
  printf -v command '%s >%q 2>%q' "$command" "$LAB_OUT" "$LAB_ERR"
  # 3>&- : the tmux server must not hold bats' fd 3 (bats would wait for it).
  if ! env -u TMUX tmux -S "$TTY_SOCKET" -f "$config" new-session -d -x 120 -y 24 "$command" \
    </dev/null >/dev/null 2>"$base.tmux-err" 3>&-; then
    fail "$(printf 'could not start a tmux server for %s:\n%s' "$program" "$(cat "$base.tmux-err")")"
  fi
  TTY_SERVER_PID=$(_tty_tmux display-message -p '#{pid}') || fail "tmux server did not answer"
  LABRUN_PID=$(_tty_tmux display-message -p '#{pane_pid}') || fail "tmux pane did not answer"
  # shellcheck disable=SC2034 # LAB_COMMAND names the program in lab_wait_started's messages
  LAB_COMMAND=("$program" "$@")
  lab_wait_started "$pid_file"
}

_tty_tmux() { env -u TMUX tmux -S "$TTY_SOCKET" "$@" </dev/null 2>/dev/null 3>&-; }

# tty_keys KEY... — type KEYs into the lab's terminal (tmux key names: C-c, C-z).
tty_keys() { _tty_tmux send-keys "$@" || fail "tmux send-keys $* failed"; }

# tty_lab_wait_end — wait for the lab on the terminal to end (labrun's -t bounds
# it); sets LAB_END from labrun's report: "exit N", "signal N NAME", ...
tty_lab_wait_end() {
  _report_written() { [[ -s $LAB_REPORT ]]; }
  lab_wait_until -t 35 _report_written || true
  # shellcheck disable=SC2034 # LAB_END is for the tests to read
  LAB_END=$(cat "$LAB_REPORT" 2>/dev/null || echo "no report")
}

# tty_teardown — end the tmux server this test started, and wait until it,
# labrun and the lab are gone. Safe to call when no server was started.
tty_teardown() {
  [[ -n ${TTY_SOCKET:-} ]] || return 0
  _tty_tmux kill-server || true # labrun gets SIGHUP: it kills and reaps the lab
  local pid
  for pid in ${TTY_SERVER_PID:-} ${LABRUN_PID:-}; do
    _tty_gone() { [[ ! -e /proc/$1 ]] || [[ $(pid_state "$1") == Z ]]; }
    if ! wait_until "$PROCLAB_DEADLINE" _tty_gone "$pid"; then
      # Still here: end it by pid, but only if it is still ours (tmux or labrun).
      case $(cat "/proc/$pid/comm" 2>/dev/null) in
        tmux* | labrun) kill -KILL "$pid" 2>/dev/null || true ;;
      esac
    fi
  done
  rm -f "$TTY_SOCKET"
  TTY_SOCKET=
}
