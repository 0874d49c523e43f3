#!/usr/bin/env bats
# The lecture demos (scripts/demo) and the process-tree view (scripts/pswatch).
# Every topic runs unattended (--auto) and must show the states it is about;
# one interactive run, driven through a private tmux server as a lecturer's
# keys would drive it, must show the highlight and end on q; and after every
# run nothing the demo started may be left. What a demo started is found by
# an environment variable given to the demo alone, which every process it
# starts inherits (labrun passes the environment on).

# Loaded outside setup(), where bats does not trace every command yet (lib/common.bash).
load ../lib/common

setup() {
  proclab_setup
  DEMO=$PROCLAB_ROOT/scripts/demo
  PSWATCH=$PROCLAB_ROOT/scripts/pswatch
  DEMO_TAG=proclab-demo-test-$$-$BATS_TEST_NUMBER
  TMUX_SOCKET=''
  unset NO_COLOR
  # The demo's files (pids, outputs) go here, and must be gone when it ends.
  DEMO_TMPDIR=$BATS_TEST_TMPDIR/demo-files
  mkdir -p "$DEMO_TMPDIR"
}

teardown() {
  if [[ -n $TMUX_SOCKET ]]; then
    local server
    server=$(_tmux display-message -p '#{pid}' || true)
    _tmux kill-server || true      # the demo gets SIGHUP, and ends what it started
    [[ -z $server ]] || wait_until "$PROCLAB_DEADLINE" _gone "$server" || true
  fi
  proclab_teardown
}

_gone() { [[ ! -e /proc/$1 ]] || [[ $(pid_state "$1") == Z ]]; }

# demo_auto TOPIC — run the topic unattended, its output piped (so plain).
demo_auto() { run env PROCLAB_DEMO_TAG="$DEMO_TAG" TMPDIR="$DEMO_TMPDIR" "$DEMO" --auto --delay 0 "$1"; }

# demo_leftovers — ps lines of every live process that carries this test's tag.
demo_leftovers() {
  local file pid
  for file in /proc/[0-9]*/environ; do
    pid=${file#/proc/}
    pid=${pid%/environ}
    if grep -qzx "PROCLAB_DEMO_TAG=$DEMO_TAG" "$file" 2>/dev/null && pid_alive "$pid"; then
      ps -o pid=,ppid=,stat=,args= -p "$pid" || true
    fi
  done
}

# assert_nothing_left — the demo has ended everything it started, and
# removed its files.
assert_nothing_left() {
  local left
  left=$(demo_leftovers)
  [[ -z $left ]] || fail "$(printf 'the demo left these running:\n%s' "$left")"
  left=$(ls -A "$DEMO_TMPDIR")
  [[ -z $left ]] || fail "$(printf 'the demo left its files in %s:\n%s' "$DEMO_TMPDIR" "$left")"
}

# zombie_lines TEXT — the process lines of TEXT in state Z.
zombie_lines() { grep -E '^ *[0-9]+ +[0-9]+ Z' <<<"$1" || true; }

# line_of REGEX — the number of the first line of $output matching REGEX (0: none).
line_of() { grep -nE -m1 -- "$1" <<<"$output" | cut -d: -f1 || echo 0; }

# assert_demo_ok — the demo ran to its end, plain (piped), and left nothing.
assert_demo_ok() {
  ((status == 0)) || fail "$(printf 'the demo failed (status %s):\n%s' "$status" "$output")"
  assert_line --partial "demo over:"
  [[ $output != *$'\033'* ]] || fail "colour escapes in piped output"
  assert_nothing_left
}

@test "demo: --list names every topic, one line each; an unknown topic is refused" {
  run -0 "$DEMO" --list
  local topic
  for topic in sleep-bg zombie sigint sigchld-ignore reap-handler kill address-space shell malloc; do
    assert_line --regexp "^$topic +[0-9][0-9]-[a-z-]+ +[^ ]"
  done
  run -2 "$DEMO" no-such-topic
  assert_output --partial "no topic no-such-topic"
}

@test "demo: sleep-bg shows the background sleep under the shell, then the shell without it and no <defunct>" {
  demo_auto sleep-bg
  assert_demo_ok
  local started ended
  started=$(line_of '\\_ sleep 3$') # allow-sleep: the text "sleep 3" in ps output, not a sleep
  ended=$(line_of '^\[2\] ')
  ((started > 0 && started < ended)) || fail "$(printf 'no sleep under the shell before step 2:\n%s' "$output")"
  # After step 2 the shell is shown again, without sleep, and never a zombie.
  local after=${output#*$'\n[2] '}
  [[ $after == *'\_ bash --norc'* ]] || fail "$(printf 'step 2 does not show the shell:\n%s' "$after")"
  [[ $after != *'\_ sleep 3'* && -z $(zombie_lines "$output") ]] || # allow-sleep: the text "sleep 3" in ps output, not a sleep
    fail "$(printf 'sleep is still shown after it ended, or a <defunct> line:\n%s' "$output")"
  assert_line --regexp '^all 3 children reaped$'
}

@test "demo: zombie shows <defunct> children, then after kill -9 of their parent a ps without them" {
  demo_auto zombie
  assert_demo_ok
  local defunct killed
  defunct=$(line_of '^ *[0-9]+ +[0-9]+ Z +- .*\[zombie\] <defunct>$')
  killed=$(line_of '^\$ kill -9 [0-9]+$')
  ((defunct > 0)) || fail "$(printf 'no <defunct> line:\n%s' "$output")"
  # The last kill -9 is the parent's; after it, ps shows no <defunct> line.
  local after=${output##*$'\n$ kill -9 '}
  ((killed > defunct)) || fail "$(printf 'no kill -9 after the <defunct> lines:\n%s' "$output")"
  [[ $after == *$'\n  PID  PPID STAT COMMAND\n'* ]] || fail "$(printf 'no ps after the kill:\n%s' "$after")"
  [[ -z $(zombie_lines "$after") ]] || fail "$(printf '<defunct> after the parent was killed:\n%s' "$after")"
  assert_line "signal 9 SIGKILL"
}

@test "demo: sigint shows SIGINT ignored, the program alive after kill -INT, stopped, and ended by SIGTERM" {
  demo_auto sigint
  assert_demo_ok
  assert_line --regexp '^SigIgn:[[:space:]]+0*2$'
  local after_int=${output#*$'\n$ kill -INT '}
  after_int=${after_int%%$'\n[4] '*}
  [[ $after_int =~ [0-9]+\ +[0-9]+\ S[s+]*\ +do_sys_pause\ +\\_\ build/solutions/03-ignore-sigint/ignore_sigint ]] ||
    fail "$(printf 'after kill -INT the program is not shown asleep:\n%s' "$after_int")"
  assert_line --regexp '^ *[0-9]+ +[0-9]+ T.* \\_ build/solutions/03-ignore-sigint/ignore_sigint$'
  assert_line "signal 15 SIGTERM"
  [[ $(grep -c 'failed with EINVAL' <<<"$output") -eq 4 ]] || fail "$(printf 'not 4 EINVAL lines:\n%s' "$output")"
}

@test "demo: sigchld-ignore shows SIGCHLD ignored, live children, never a <defunct>, and ECHILD" {
  demo_auto sigchld-ignore
  assert_demo_ok
  assert_line --regexp '^SigIgn:[[:space:]]+0*10000$'
  assert_line --regexp '^ *[0-9]+ +[0-9]+ S +hrtimer_nanosleep +\\_ build/solutions/04-ignore-sigchld/ignore_sigchld'
  [[ -z $(zombie_lines "$output") ]] ||
    fail "$(printf 'a <defunct> child was shown:\n%s' "$output")"
  assert_line "wait returned -1 with ECHILD: the kernel reaped all 4 children"
}

@test "demo: reap-handler shows the one-wait handler leaving 7 of 8 <defunct>, and the solution none" {
  demo_auto reap-handler
  assert_demo_ok
  # The lecture's handler: 8 zombies while the parent is stopped, 1 report and
  # 7 zombies once it has run; the same sequence with the solution: 8 reports.
  local lecture=${output%%$'\n[6] '*} solution=${output#*$'\n[6] '}
  local reported=${lecture##*$'\n$ kill -CONT '}
  [[ $(grep -c '<defunct>$' <<<"$reported") -eq 7 ]] ||
    fail "$(printf 'the one-wait handler should leave 7 <defunct>:\n%s' "$reported")"
  [[ $reported == *$'\n1\n'* ]] || fail "$(printf 'the one-wait handler should report 1 child:\n%s' "$reported")"
  [[ $lecture == *'build/demo/05-reap-handler-lecture-wait-once/reap_handler -p -s 8'* ]] ||
    fail "the first part does not run the variant built from lecture-wait-once.patch"
  reported=${solution#*$'\n$ kill -CONT '}
  reported=${reported%%$'\n[9] '*}
  [[ $reported != *'<defunct>'* && $reported == *$'\n8\n'*'all 8 children reaped'* ]] ||
    fail "$(printf 'the solution should report 8 and leave no <defunct>:\n%s' "$reported")"
  assert_line "all 64 children reaped"
}

@test "demo: kill lists the signals, shows the <defunct> children, and none after mykill -9 of their parent" {
  demo_auto kill
  assert_demo_ok
  assert_line --regexp '^1 HUP[[:space:]]+2 INT'
  assert_line --regexp '(^|[[:space:]])9 KILL[[:space:]]'
  [[ $(grep -c '\[zombie_maker\] <defunct>$' <<<"$output") -ge 3 ]] || fail "$(printf 'no 3 <defunct> lines:\n%s' "$output")"
  local after=${output##*'/mykill -9 '}
  [[ -z $(zombie_lines "$after") && $after == *'is left'* ]] ||
    fail "$(printf 'the zombies are still shown after their parent was killed:\n%s' "$after")"
  assert_line "signal 9 SIGKILL"
}

@test "demo: address-space shows the table, the picture, two runs at different addresses, and the maps" {
  demo_auto address-space
  assert_demo_ok
  assert_line --partial "where each variable lives"
  assert_line --partial "the address space, high addresses at the top"
  local mains
  mains=$(grep -E '^  main +0x' <<<"$output" | awk '{ print $2 }' | sort -u | wc -l)
  # Without ASLR (randomize_va_space 0) every run is at the same address.
  (($(cat /proc/sys/kernel/randomize_va_space) == 0 || mains == 3)) || fail "$(printf 'three runs should put main at three addresses:\n%s' "$output")"
  assert_line --regexp ' \[heap\]$'
}

@test "demo: shell shows a foreground command's output, the background sleep under mysh, then its report and no <defunct>" {
  demo_auto shell
  assert_demo_ok
  assert_line "hello from a child"
  local job=${output#*$'\nmysh> sleep 3 &\n'} # allow-sleep: the text "sleep 3" in ps output, not a sleep
  [[ $job =~ \\_\ sleep\ 3 ]] || fail "$(printf 'no sleep under mysh after sleep 3 &:\n%s' "$job")" # allow-sleep: the text "sleep 3" in ps output, not a sleep
  local after=${output#*$'\n[4] '}
  [[ $after =~ \[1\]\ [0-9]+\ exited\ with\ status\ 0 && $after != *'\_ sleep 3'* && -z $(zombie_lines "$output") ]] || # allow-sleep: the text "sleep 3" in ps output, not a sleep
    fail "$(printf 'after sleep ended: no report, or still shown, or a <defunct> line:\n%s' "$after")"
  assert_line "exit 0"
}

@test "demo: malloc draws the header, a split, coalescing and fragmentation" {
  demo_auto malloc
  assert_demo_ok
  local part
  for part in header split coalesce fragment; do
    assert_line --regexp "^\\\$ build/labrun( -u 0)? -- build/solutions/09-malloc/heapmap $part\$"
  done
  assert_line --regexp '^ +row: \[used [0-9]+\]\[free [0-9]+\]'
  [[ $output != *'heap check: FAIL'* ]] || fail "$output"
}

@test "demo: interactive in a terminal: Enter steps on, the <defunct> lines are highlighted, q ends it all" {
  demo_in_tmux zombie
  wait_screen '\-\- Enter: next step, q: quit \-\-'
  assert_screen_lacks '\[zombie\] <defunct>'     # nothing runs ahead of the lecturer
  _tmux send-keys Enter
  wait_screen '\[zombie\] <defunct>'
  local screen
  screen=$(_tmux capture-pane -e -p -t demo)
  # A zombie's line is drawn in bold red (SGR 1 and 31, however tmux writes them).
  grep -E '\[zombie\] <defunct>' <<<"$screen" | grep -qE $'\033\\[([0-9;]*;)?31(;[0-9;]*)?m' ||
    fail "$(printf 'the <defunct> lines are not highlighted:\n%s' "$(cat -v <<<"$screen")")"
  grep -E 'do_sys_pause' <<<"$screen" | grep -qvE $'\033\\[([0-9;]*;)?31' ||
    fail "the parent's line is highlighted too"
  _tmux send-keys q
  wait_demo_ended
  assert_nothing_left
}

@test "demo: Ctrl+C in the middle of a demo ends it and everything it started" {
  demo_in_tmux zombie
  wait_screen '\-\- Enter: next step, q: quit \-\-'
  _tmux send-keys C-c
  wait_demo_ended
  assert_nothing_left
}

@test "demo: the terminal closing (SIGHUP) ends the demo and everything it started" {
  demo_in_tmux zombie
  wait_screen '\-\- Enter: next step, q: quit \-\-'
  local pane_pid
  pane_pid=$(_tmux display-message -p -t demo '#{pane_pid}')
  _tmux kill-server
  TMUX_SOCKET=''
  wait_until "$PROCLAB_DEADLINE" _gone "$pane_pid" || fail "the demo outlived its terminal"
  wait_until "$PROCLAB_DEADLINE" _nothing_left || true
  assert_nothing_left
}
_nothing_left() { [[ -z $(demo_leftovers) ]]; }

@test "demo: --tmux puts pswatch beside the demo, showing its zombies live, and q closes both" {
  demo_in_tmux --tmux zombie
  wait_screen '\-\- Enter: next step, q: quit \-\-'
  _panes_are() { [[ $(_tmux list-panes -t demo | grep -c .) -eq $1 ]]; }
  wait_until "$PROCLAB_DEADLINE" _panes_are 2 || fail "$(printf 'no second pane:\n%s' "$(_tmux list-panes -t demo)")"
  _watch_shows() { _tmux capture-pane -p -t "demo.1" | grep -qE "$1"; }
  _tmux send-keys -t demo.0 Enter
  wait_until "$PROCLAB_DEADLINE" _watch_shows '\[zombie\] <defunct>' ||
    fail "$(printf 'pswatch does not show the zombies:\n%s' "$(_tmux capture-pane -p -t demo.1)")"
  _tmux send-keys -t demo.0 q
  wait_until "$PROCLAB_DEADLINE" _panes_are 1 || fail "the pswatch pane was not closed"
  wait_demo_ended
  assert_nothing_left
}

@test "pswatch: draws a lab's tree from its labrun, <defunct> lines marked, and the live view ends with it" {
  lab_start "$PROCLAB_ROOT/build/solutions/02-zombie/zombie" 2
  wait_defunct_count "$LAB_PID" 2
  run -0 "$PSWATCH" --once "$LABRUN_PID"
  assert_line --regexp "^ *$LAB_PID +$LABRUN_PID Ss? +do_sys_pause +\\\\_ build/solutions/02-zombie/zombie 2$"
  [[ $(grep -cE "^ *[0-9]+ +$LAB_PID Z .*\\\\_ \[zombie\] <defunct>$" <<<"$output") -eq 2 ]] || fail "$output"
  assert_line --partial "2 <defunct> (state Z)"
  [[ $output != *$'\033'* ]] || fail "colour escapes in piped output"
  run -0 "$PSWATCH" --once --color always "$LABRUN_PID"
  [[ $(grep -c $'^\033\\[1;31m.*\\[zombie\\] <defunct>' <<<"$output") -eq 2 ]] || fail "$(cat -v <<<"$output")"
  # The live view, until its root is gone.
  "$PSWATCH" -n 0.05 "$LABRUN_PID" >"$BATS_TEST_TMPDIR/watch" 2>&1 3>&- &
  local watch=$!
  _watch_has() { grep -q "$1" "$BATS_TEST_TMPDIR/watch"; }
  wait_until "$PROCLAB_DEADLINE" _watch_has '<defunct>' || fail "$(cat "$BATS_TEST_TMPDIR/watch")"
  lab_stop
  wait_until "$PROCLAB_DEADLINE" _gone "$watch" || { kill "$watch"; fail "pswatch went on after its root was gone"; }
  wait "$watch" || fail "pswatch failed: $(cat "$BATS_TEST_TMPDIR/watch")"
  _watch_has 'nothing left to watch' || fail "$(cat "$BATS_TEST_TMPDIR/watch")"
  run -2 "$PSWATCH" not-a-pid
}

# ---- the tmux driver -------------------------------------------------------
# demo_in_tmux ARG... — run scripts/demo ARG... interactively in a pane of a
# private tmux server (its socket in the test's temp dir, an empty config),
# as a lecturer would in a terminal. The pane stays after the demo ends
# (remain-on-exit), so its last screen can be read.
demo_in_tmux() {
  TMUX_SOCKET=$BATS_TEST_TMPDIR/tmux.sock
  printf 'set-option -g remain-on-exit on\n' >"$BATS_TEST_TMPDIR/tmux.conf"
  local command word
  # The tag goes to the demo alone, not to the tmux server.
  printf -v command 'cd %q && exec env PROCLAB_DEMO_TAG=%q TMPDIR=%q %q' "$PROCLAB_ROOT" "$DEMO_TAG" "$DEMO_TMPDIR" "$DEMO"
  for word in "$@"; do printf -v command '%s %q' "$command" "$word"; done
  # 3>&- : the tmux server must not hold bats' fd 3 (bats would wait for it).
  env -u TMUX -u NO_COLOR \
    tmux -S "$TMUX_SOCKET" -f "$BATS_TEST_TMPDIR/tmux.conf" new-session -d -s demo -x 200 -y 50 "$command" \
    </dev/null >/dev/null 2>"$BATS_TEST_TMPDIR/tmux.err" 3>&- ||
    fail "$(printf 'could not start tmux:\n%s' "$(cat "$BATS_TEST_TMPDIR/tmux.err")")"
}

_tmux() { env -u TMUX tmux -S "$TMUX_SOCKET" "$@" </dev/null 2>/dev/null 3>&-; }

_screen_has() { _tmux capture-pane -p -t demo.0 -S -200 | grep -qE -- "$1"; }

# wait_screen REGEX — wait until the demo's pane shows REGEX.
wait_screen() {
  wait_until "$PROCLAB_DEADLINE" _screen_has "$1" && return 0
  fail "$(printf 'the screen never showed /%s/:\n%s' "$1" "$(_tmux capture-pane -p -t demo.0 -S -200)")"
}

assert_screen_lacks() {
  ! _screen_has "$1" || fail "$(printf 'the screen shows /%s/ too early:\n%s' "$1" "$(_tmux capture-pane -p -t demo.0)")"
}

# wait_demo_ended — the demo's pane is dead: the demo has exited (and its
# trap has ended and waited for every labrun it started).
wait_demo_ended() {
  _pane_dead() { [[ $(_tmux display-message -p -t demo.0 '#{pane_dead}') == 1 ]]; }
  wait_until "$PROCLAB_DEADLINE" _pane_dead ||
    fail "$(printf 'the demo did not end:\n%s' "$(_tmux capture-pane -p -t demo.0)")"
}
