# shellcheck shell=bash disable=SC2154 # output, stderr, status: set by bats' run
# harness/lib/06-kill.bash — lab 06's helpers: run mykill only inside a PID
# namespace of its own, against targets started in the same namespace.
#
# Why: tests run as root, and a mykill that mis-parses its arguments can call
# kill(-1, SIGKILL) (every process of the machine) or kill(0, ...) (the
# grader's process group). So every mykill run goes through
#   labrun -N -- bash KILL_DIR/kill-driver ...
# labrun -N makes a new PID namespace with its own /proc; the driver below is
# the lab program inside it (pid 2, as the unprivileged uid), starts the
# targets, runs mykill, and reports how each target ended. Whatever mykill
# does, it can only reach the namespace; labrun kills all of it at the end.
#
# The driver is written here as bash functions; kill_setup writes them out as a
# script, beside copies of the lab's programs, in a temporary directory the
# unprivileged uid can read (the build directory may be under /root).

# kill_driver DEADLINE targets MYKILL N ARG...
#   Start N targets (sleep processes), then run MYKILL ARG..., where %K in an
#   argument stands for target K's pid, %wK for target K's pid plus 2^32 (a
#   number that a mykill truncating to pid_t reads as target K's pid), and
#   %gone for a pid that has ended and been reaped. Then end every target with SIGRTMAX — delivered after any
#   standard signal mykill left pending, so a target mykill did not kill
#   reports "signal 64 SIGRTMAX". Prints:
#     driver: target K pid P
#     driver: mykill status S
#     driver: target K ended: signal N SIGNAME   (or: exit S)
# kill_driver DEADLINE zombies MYKILL ZOMBIE_MAKER N
#   Run ZOMBIE_MAKER N, wait until ps shows N <defunct> entries, find their
#   parent in ps (as the lecture does), run MYKILL -9 PARENT, and report:
#     driver: parent of the <defunct> entries: P
#     driver: mykill status S
#     driver: zombie maker ended: signal N SIGNAME
#     driver: <defunct> entries left: N
kill_driver() {
  local deadline=$1 mode=$2
  shift 2
  # stderr is mykill's alone (fd 3 below); bash's "Killed ... sleep" job
  # notices go nowhere.
  exec 3>&2 2>/dev/null
  case $mode in
    targets) _kill_driver_targets "$deadline" "$@" ;;
    zombies) _kill_driver_zombies "$deadline" "$@" ;;
    *) echo "kill_driver: unknown mode $mode" >&3; return 2 ;;
  esac
}

# _kill_driver_end PID — wait for PID, a child of ours, and set ENDED to how it
# ended: "signal N SIGNAME" or "exit S". (Not in a $(...) subshell: only the
# shell that started PID can wait for it.)
_kill_driver_end() {
  local status=0
  wait "$1" || status=$?
  if ((status > 128)); then
    ENDED="signal $((status - 128)) SIG$(kill -l $((status - 128)))"
  else
    ENDED="exit $status"
  fi
}

# _kill_driver_until SECONDS COMMAND... — poll COMMAND with a deadline.
_kill_driver_until() {
  local limit=$((${EPOCHREALTIME/[.,]/} + $1 * 1000000))
  shift
  [[ -n ${pause_fd:-} ]] || exec {pause_fd}<> <(:)
  until "$@"; do
    ((${EPOCHREALTIME/[.,]/} < limit)) || return 1
    # A read that times out: a sleep without a process (see pause_for).
    read -r -t 0.01 -u "$pause_fd" _ || true # allow-sleep: poll interval of a deadline loop
  done
}

# _kill_driver_runs PID NAME — PID has exec'd NAME (or is gone: no point waiting).
_kill_driver_runs() {
  local comm
  { read -r comm <"/proc/$1/comm"; } 2>/dev/null || return 0
  [[ $comm == "$2" ]]
}

_kill_driver_targets() {
  local deadline=$1 mykill=$2 n=$3
  shift 3
  local -a pids=() args=()
  local k arg gone status
  for ((k = 1; k <= n; k++)); do
    sleep 1000 & # allow-sleep: sleep is the program under test here, not a wait
    pids+=("$!")
    echo "driver: target $k pid $!"
  done
  # A target is signalled only once it runs sleep: until its exec, it is a
  # copy of this bash, with bash's own signal handlers (a SIGTERM then is
  # caught, not fatal).
  for ((k = 1; k <= n; k++)); do
    _kill_driver_until "$deadline" _kill_driver_runs "${pids[k - 1]}" sleep ||
      echo "driver: target $k did not exec sleep"
  done
  sleep 0 & # allow-sleep: a process that ends at once gives a pid that is gone (ESRCH)
  gone=$!
  wait "$gone"
  for arg; do
    for ((k = n; k >= 1; k--)); do
      arg=${arg//%w$k/$((pids[k - 1] + (1 << 32)))}
      arg=${arg//%$k/${pids[k - 1]}}
    done
    args+=("${arg//%gone/$gone}")
  done
  echo "driver: mykill ${args[*]}"
  status=0
  "$mykill" "${args[@]}" 2>&3 || status=$?
  echo "driver: mykill status $status"
  for ((k = 1; k <= n; k++)); do
    kill -s RTMAX "${pids[k - 1]}" 2>/dev/null || true
    _kill_driver_end "${pids[k - 1]}"
    echo "driver: target $k ended: $ENDED"
  done
}

# shellcheck disable=SC2009 # STAT Z is the point; pgrep cannot select by state
_kill_driver_defunct_count() { ps -eo stat= | grep -c '^Z' || true; }
_kill_driver_has_defunct() { (($(_kill_driver_defunct_count) >= $1)); }
_kill_driver_no_defunct() { (($(_kill_driver_defunct_count) == 0)); }

_kill_driver_zombies() {
  local deadline=$1 mykill=$2 maker=$3 n=$4
  local maker_pid parents status
  "$maker" "$n" &
  maker_pid=$!
  echo "driver: zombie maker pid $maker_pid"
  _kill_driver_until "$deadline" _kill_driver_has_defunct "$n" ||
    echo "driver: zombie maker did not leave $n <defunct> entries"
  echo "driver: ps before:"
  ps -eo pid,ppid,stat,args | sed 's/^/driver:   /'
  parents=$(ps -eo ppid=,stat= | awk '$2 ~ /^Z/ { print $1 }' | sort -u | tr '\n' ' ')
  echo "driver: parent of the <defunct> entries: $parents"
  status=0
  # shellcheck disable=SC2086 # one word per parent pid
  "$mykill" -9 $parents 2>&3 || status=$?
  echo "driver: mykill status $status"
  ((status == 0)) || deadline=0 # it failed: show what is left, without waiting
  if _kill_driver_until "$deadline" _kill_driver_gone "$maker_pid"; then
    _kill_driver_end "$maker_pid"
    echo "driver: zombie maker ended: $ENDED"
  else
    echo "driver: zombie maker still running"
  fi
  _kill_driver_until "$deadline" _kill_driver_no_defunct || true
  echo "driver: <defunct> entries left: $(_kill_driver_defunct_count)"
  echo "driver: ps after:"
  ps -eo pid,ppid,stat,args | sed 's/^/driver:   /'
}

# _kill_driver_gone PID — PID has ended (a zombie of ours or gone).
_kill_driver_gone() {
  local stat
  { read -r stat <"/proc/$1/stat"; } 2>/dev/null || return 0
  stat=${stat##*) }
  [[ ${stat:0:1} == Z ]]
}

# kill_driver_code — the driver as a script: its functions, then the call.
kill_driver_code() {
  declare -f kill_driver _kill_driver_end _kill_driver_until _kill_driver_runs _kill_driver_targets \
    _kill_driver_defunct_count _kill_driver_has_defunct _kill_driver_no_defunct \
    _kill_driver_zombies _kill_driver_gone
  printf '%s\n' 'kill_driver "$@"'
}

# kill_setup — write the driver, and copy this lab's programs, where the lab's
# uid can run them. Sets KILL_DIR.
kill_setup() {
  KILL_DIR=$(mktemp -d "${PROCLAB_TMP:-/tmp}"/proclab-06-kill.XXXXXX)
  chmod 0755 "$KILL_DIR"
  kill_driver_code >"$KILL_DIR/kill-driver"
  chmod 0644 "$KILL_DIR/kill-driver"
  local program
  for program in mykill zombie_maker; do
    if [[ -x $LAB_BIN/$program ]]; then
      cp "$LAB_BIN/$program" "$KILL_DIR/$program"
      chmod 0755 "$KILL_DIR/$program"
    fi
  done
}

kill_teardown() { [[ -z ${KILL_DIR:-} ]] || rm -rf "$KILL_DIR"; }

# kill_scenario N ARG... — run mykill ARG... against N fresh targets, in a PID
# namespace of its own (use as: run --separate-stderr kill_scenario 2 -KILL %1 %2).
kill_scenario() {
  lab_program mykill >/dev/null || return 1
  local n=$1
  shift
  lab_run -N -t 20 -- /bin/bash "$KILL_DIR/kill-driver" \
    "$PROCLAB_DEADLINE" targets "$KILL_DIR/mykill" "$n" "$@"
}

# kill_zombie_scenario N — the lecture's second use of kill, in a namespace.
kill_zombie_scenario() {
  lab_program mykill >/dev/null || return 1
  lab_program zombie_maker >/dev/null || return 1
  lab_run -N -t 30 -- /bin/bash "$KILL_DIR/kill-driver" \
    "$PROCLAB_DEADLINE" zombies "$KILL_DIR/mykill" "$KILL_DIR/zombie_maker" "$1"
}

# target_end K — how target K ended, from the driver's output in $output.
target_end() { sed -nE "s/^driver: target $1 ended: //p" <<<"$output"; }

# target_pid K — target K's pid (inside the namespace), from $output.
target_pid() { sed -nE "s/^driver: target $1 pid ([0-9]+)\$/\\1/p" <<<"$output"; }

# mykill_status — mykill's exit status as the driver saw it, from $output.
mykill_status() { sed -nE 's/^driver: mykill status //p' <<<"$output"; }

# kill_context — for failure messages: all the driver and mykill printed.
kill_context() {
  printf -- '-- labrun status %s; driver and mykill stdout:\n%s\n-- stderr:\n%s\n' \
    "$status" "$output" "${stderr:-}"
  if [[ -z $(mykill_status) ]] && ((status > 128)); then
    printf -- '-- the driver was killed by signal %s before mykill returned: mykill signalled\n' $((status - 128))
    printf -- '   its whole namespace (pid -1), its group (0) or a group (-PGID)\n'
  fi
  printf -- '-- (a target mykill did not end is ended by the driver afterwards: "signal 64 SIGRTMAX")\n'
}
