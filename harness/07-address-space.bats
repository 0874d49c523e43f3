#!/usr/bin/env bats
# Lab 07 — the address space. Every program runs under labrun; see lib/common.bash.
# The program is kept alive (-s) and judged against its own /proc/PID/maps, read
# from outside, and against its ELF sections (readelf): what it says must be
# what the kernel and the linker say. The classifier's unit tests are in
# harness/unit/07-address-space (Check).

# Loaded outside setup(), where bats does not trace every command yet (lib/common.bash).
load lib/common

setup() {
  proclab_setup
  command -v readelf >/dev/null || fail "readelf (binutils) is needed to read the program's sections"
}

teardown() { proclab_teardown; }

# start_kept_alive — start address_space -s and wait until it has printed everything.
# Sets MAPS (a copy of its /proc/PID/maps, read from outside) and EXE (its file).
start_kept_alive() {
  lab_start address_space -s
  wait_output_lines '^staying alive: pid [0-9]+$' 1
  MAPS=$BATS_TEST_TMPDIR/maps
  cat "/proc/$LAB_PID/maps" >"$MAPS" || fail "could not read /proc/$LAB_PID/maps"
  EXE=$(readlink "/proc/$LAB_PID/exe")
}

# reported NAME [FILE] — "ADDRESS REGION" (address in hex, no 0x) of the line the
# lab printed for NAME (in FILE, default: the output of the lab started last).
reported() {
  local name=$1 file=${2:-$LAB_OUT} line
  line=$(awk -v n="$name" '$1 == n && $2 ~ /^0x[0-9a-f]+$/ { print substr($2, 3), $3; exit }' "$file")
  [[ -n $line ]] || fail "$(printf 'expected a line "  %s 0xADDRESS REGION ..." in the output\n%s' "$name" "$(lab_context)")"
  printf '%s\n' "$line"
}

# Addresses are 64-bit unsigned; bash arithmetic is signed. Flipping the sign
# bit makes a signed comparison order them as unsigned.
SIGN=$((1 << 63))
below() { (((16#$1 ^ SIGN) < (16#$2 ^ SIGN))); } # below HEX_A HEX_B — A < B, unsigned

# mapping_of HEX — the line of $MAPS whose [start, end) holds the address, or nothing.
mapping_of() {
  local start end rest
  while read -r start end rest; do
    if ! below "$1" "$start" && below "$1" "$end"; then
      printf '%s %s %s\n' "$start" "$end" "$rest"
      return 0
    fi
  done < <(sed -E 's/^([0-9a-f]+)-([0-9a-f]+) /\1 \2 /' "$MAPS")
}

# mapping_path LINE — the pathname of a mapping line from mapping_of ("" if none).
mapping_path() { awk '{ $1 = $2 = $3 = $4 = $5 = $6 = ""; sub(/^ +/, ""); print }' <<<"$1"; }

# load_base — what to add to the ELF's addresses: the start of the program's first
# mapping if it is PIE (ELF type DYN), 0 if not.
load_base() {
  if readelf -hW "$EXE" | grep -qE 'Type:[[:space:]]+DYN'; then
    awk -v exe="$EXE" '$6 == exe { split($1, r, "-"); print r[1]; exit }' "$MAPS"
  else
    echo 0
  fi
}

# elf_sections — read the program's ELF header and section table once per test
# (EXE is one file for the whole test): ELF_BASE (see load_base) and ELF_SECTIONS,
# "NAME TYPE ADDR SIZE FLAGS" of each allocated section. Call it outside $(...),
# so that what it read is kept for the next name.
elf_sections() {
  [[ ${ELF_OF:-} == "$EXE" ]] && return 0
  ELF_BASE=$(load_base)
  ELF_SECTIONS=$(readelf -SW "$EXE" | sed -nE 's/^ *\[ *[0-9]+\] +(\.[^ ]+) +([A-Z_]+) +([0-9a-f]+) +[0-9a-f]+ +([0-9a-f]+) +[0-9a-f]+ +([A-Z]*) .*/\1 \2 \3 \4 \5/p' |
    awk '$5 ~ /A/')
  ELF_OF=$EXE
}

# section_of HEX — "NAME TYPE FLAGS" of the program's ELF section holding the address.
section_of() {
  elf_sections
  local name type addr size flags lo hi
  while read -r name type addr size flags; do
    [[ -n $addr ]] || continue # no section at all: <<< still gives one empty line
    printf -v lo '%x' $((16#$ELF_BASE + 16#$addr))
    printf -v hi '%x' $((16#$ELF_BASE + 16#$addr + 16#$size))
    if ! below "$1" "$lo" && below "$1" "$hi"; then
      printf '%s %s %s\n' "$name" "$type" "$flags"
      return 0
    fi
  done <<<"$ELF_SECTIONS"
}

# picture_boxes — "LOWER UPPER" (hex) of each box of the picture, top to bottom:
# the borders around a "| ... |" line; ": ... :" lines are gaps.
picture_boxes() {
  local line upper="" inside=""
  while IFS= read -r line; do
    if [[ $line =~ ^\ *([0-9a-f]+)\ \+-+\+$ ]]; then
      [[ -n $upper && $inside == box ]] && printf '%s %s\n' "${BASH_REMATCH[1]}" "$upper"
      upper=${BASH_REMATCH[1]} inside=""
    elif [[ $line =~ ^\ +\| ]]; then
      inside=box
    elif [[ $line =~ ^\ +: ]]; then
      upper="" inside=""
    fi
  done <"$LAB_OUT"
}

# merge_adjacent — read "LOW HIGH" intervals in ascending order, print them with
# the ones that touch merged.
merge_adjacent() {
  local low high cur_low="" cur_high=""
  while read -r low high; do
    if [[ -n $cur_high && $((16#$low)) -eq $((16#$cur_high)) ]]; then
      cur_high=$high
    else
      [[ -n $cur_low ]] && printf '%s %s\n' "$cur_low" "$cur_high"
      cur_low=$low cur_high=$high
    fi
  done
  [[ -n $cur_low ]] && printf '%s %s\n' "$cur_low" "$cur_high"
  return 0
}

# check_region NAME — NAME's reported address really lies in the region it names.
check_region() {
  local name=$1 address region mapping path perms section
  read -r address region < <(reported "$name")
  mapping=$(mapping_of "$address")
  path=$(mapping_path "$mapping")
  perms=$(awk '{ print $3 }' <<<"$mapping")
  elf_sections
  section=$(section_of "$address")
  local why=""
  if [[ -z $mapping ]]; then
    why="no mapping of /proc/$LAB_PID/maps holds it"
  else
    case $region in
      text) [[ $path == "$EXE" && $perms == ??x? ]] || why="text is the program's file mapped with x" ;;
      rodata) [[ $path == "$EXE" && $perms == r-?? && $perms != ??x? ]] || why="rodata is the program's file mapped read-only" ;;
      data) [[ $path == "$EXE" && $perms == ?w?? && $section == *PROGBITS* ]] ||
        why="data is the program's writable mapping, in a section stored in the file (PROGBITS)" ;;
      bss) [[ ($path == "$EXE" || -z $path) && $section == *NOBITS* ]] ||
        why="bss is the program's .bss section (NOBITS), in its writable or the nameless mapping" ;;
      heap) [[ $path == "[heap]" ]] || why="heap is the [heap] mapping" ;;
      stack) [[ $path == "[stack]" ]] || why="stack is the [stack] mapping" ;;
      mmap) [[ (-z $path || $path == "[anon:"*) && -z $section ]] || why="mmap is a nameless mapping outside the program's sections" ;;
      lib) [[ $path == /* && $path != "$EXE" ]] || why="lib is a file other than the program" ;;
      vdso) [[ $path =~ ^\[(vdso|vvar|vvar_vclock|vsyscall)\]$ ]] || why="vdso is [vdso], [vvar] or [vsyscall]" ;;
      *) why="'$region' is not a region this lab names" ;;
    esac
  fi
  [[ -z $why ]] && return 0
  fail "$(printf '%s at 0x%s was reported as "%s", but %s.\nmapping from outside: %s\nELF section: %s\nthe program: %s\n%s' \
    "$name" "$address" "$region" "$why" "${mapping:-none}" "${section:-none}" "$EXE" "$(lab_context)")"
}

ITEMS=(main literal initialised x '*z' '*big' printf vdso z y)

# Requirement: R6, R9
@test "07-address-space: it reports the lecture's variables, and more, in the regions they really live in" {
  start_kept_alive
  local name want got expected=(text rodata data bss heap mmap lib vdso stack stack) k=0
  for name in "${ITEMS[@]}"; do
    want=${expected[k]}
    k=$((k + 1))
    got=$(reported "$name" | awk '{ print $2 }')
    [[ $got == "$want" ]] ||
      fail "$(printf '%s should be reported in "%s", but the program said "%s"\n%s' "$name" "$want" "$got" "$(lab_context)")"
  done
}

# Requirement: R18
@test "07-address-space: run by a relative path from a directory 4095 characters deep, it names its whole path and still finds itself" {
  # A path of PATH_MAX - 1 characters, the longest there is: directories of
  # 200-character names, then one to make the length exact.
  local program
  program=$(lab_program address_space)
  LAB_SHARED_DIR=$(mktemp -d "${PROCLAB_TMP:-/tmp}"/proclab-shared.XXXXXX)
  chmod 755 "$LAB_SHARED_DIR"
  local dir=$LAB_SHARED_DIR name=address_space part
  part=$(printf 'd%.0s' {1..200})
  while ((${#dir} + 1 + 200 + 1 + ${#name} < 4095 - 201)); do dir+=/$part; done
  dir+=/$(printf 'e%.0s' $(seq $((4095 - ${#dir} - 2 - ${#name}))))
  local path=$dir/$name
  assert_equal "${#path}" 4095
  mkdir -p "$dir"
  cp "$program" "$path"
  chmod 755 "$path"
  run --separate-stderr bash -c 'cd "$1" && shift && exec "$@"' _ "$dir" "$LABRUN" -t 10 -S -- ./address_space
  assert_success
  assert_line --index 0 --partial "program $path, pid "
  local line
  line=$(awk '$1 == "main" { print $3 }' <<<"$output")
  [[ $line == text ]] ||
    fail "$(printf 'run from a path of 4095 characters, main should still be found in "text", not "%s"\n%s' "${line:-nothing}" "$output")"
}

# Requirement: R18
@test "07-address-space: it reads the whole of a /proc/self/maps of more than 512 KiB (32 libraries with 3800-character paths)" {
  # Each preloaded library maps four or five lines that all carry its path, so
  # 32 of them with paths of 3800 characters (LD_PRELOAD holds 128 KiB at most)
  # make a maps text of over 600 KiB. The libraries are copies of a shim that
  # only passes the calls it wraps on while no PROCLAB_ variable is set.
  lab_shim fault_inject
  local dir=$LAB_SHARED_DIR part k preload="" size name line missing=""
  part=$(printf 'd%.0s' {1..200})
  for k in {1..18}; do dir+=/$part; done
  mkdir -p "$dir"
  for k in {10..41}; do
    cp "$SHIM" "$dir/$k.so"
    preload+=${preload:+:}$dir/$k.so
  done
  lab_start -- /usr/bin/env "LD_PRELOAD=$preload" "$(lab_program address_space)" -s
  wait_output_lines '^staying alive: pid [0-9]+$' 1
  size=$(wc -c <"/proc/$LAB_PID/maps")
  ((size > 512 * 1024)) || fail "the test should make /proc/$LAB_PID/maps larger than 512 KiB, but it is $size bytes"
  # Read whole: the last lines (the stack) are classified, and every library is drawn.
  line=$(reported y | awk '{ print $2 }')
  [[ $line == stack ]] ||
    fail "$(printf 'with a maps text of %s bytes, y should still be found on the stack, not in "%s"\n%s' "$size" "$line" "$(lab_context)")"
  for k in {10..41}; do
    name=$k.so
    grep -qE "^ +\| lib +[0-9.]+ [KMG]?i?B +$name +\|" "$LAB_OUT" || missing+=" $name"
  done
  [[ -z $missing ]] ||
    fail "$(printf 'with a maps text of %s bytes, the picture should draw every library; missing:%s\n%s' "$size" "$missing" "$(lab_context)")"
}

# Requirement: R9
@test "07-address-space: every address it reports lies in the region it names, by /proc/PID/maps read from outside" {
  start_kept_alive
  local name
  for name in "${ITEMS[@]}"; do
    check_region "$name"
  done
}

# Requirement: R9
@test "07-address-space: its large allocation is 256 KiB: mmap'd with malloc's threshold at 256 KiB, from the heap just above it" {
  # glibc serves a request by mmap when the request and its chunk header (8 to
  # 16 bytes) come to at least the mmap threshold, which a tunable sets: 256 KiB
  # reaches 256 KiB but not 256 KiB + 256 bytes; 255 KiB or 257 KiB would not
  # fall on the same sides.
  local program case threshold want bound got out
  program=$(lab_program address_space)
  for case in "$((256 * 1024)) mmap at least" "$((256 * 1024 + 256)) heap at most"; do
    read -r threshold want bound <<<"$case"
    run -0 --separate-stderr lab_run -- /usr/bin/env "GLIBC_TUNABLES=glibc.malloc.mmap_threshold=$threshold" "$program"
    out=$BATS_TEST_TMPDIR/threshold-$threshold
    printf '%s\n' "$output" >"$out"
    got=$(reported '*big' "$out" | awk '{ print $2 }')
    [[ $got == "$want" ]] ||
      fail "$(printf 'with glibc.malloc.mmap_threshold=%s a malloc of 256 KiB is served from the %s, but *big was reported in "%s": it should be %s 256 KiB (262144 bytes)\n%s' \
        "$threshold" "$want" "$got" "$bound" "$output")"
  done
}

# Requirement: R10
@test "07-address-space: the addresses it reports are ordered text < data < bss < heap < stack" {
  start_kept_alive
  local -a order=(main initialised x '*z' y) addresses=()
  local name k
  for name in "${order[@]}"; do
    addresses+=("$(reported "$name" | awk '{ print $1 }')")
  done
  for ((k = 1; k < ${#order[@]}; k++)); do
    below "${addresses[k - 1]}" "${addresses[k]}" ||
      fail "$(printf '%s (0x%s) should be below %s (0x%s)\n%s' "${order[k - 1]}" "${addresses[k - 1]}" \
        "${order[k]}" "${addresses[k]}" "$(lab_context)")"
  done
  # Between the heap and the stack: the large allocation and the libraries.
  local heap stack
  heap=$(reported '*z' | awk '{ print $1 }')
  stack=$(reported y | awk '{ print $1 }')
  for name in '*big' printf; do
    local a
    a=$(reported "$name" | awk '{ print $1 }')
    below "$heap" "$a" && below "$a" "$stack" ||
      fail "$(printf '%s (0x%s) should lie between the heap (0x%s) and the stack (0x%s)\n%s' \
        "$name" "$a" "$heap" "$stack" "$(lab_context)")"
  done
}

# Requirement: R11
@test "07-address-space: the picture draws every mapping, high addresses at the top, with the real boundaries" {
  start_kept_alive
  local -a borders
  mapfile -t borders < <(sed -nE 's/^ *([0-9a-f]+) \+-+\+$/\1/p' "$LAB_OUT")
  ((${#borders[@]} >= 2)) || fail "$(printf 'expected a picture with lines "ADDRESS +----+"\n%s' "$(lab_context)")"
  local k
  for ((k = 1; k < ${#borders[@]}; k++)); do
    below "${borders[k]}" "${borders[k - 1]}" ||
      fail "$(printf 'the picture should go down from high addresses: %s comes after %s\n%s' \
        "${borders[k]}" "${borders[k - 1]}" "$(lab_context)")"
  done
  # The boxes cover exactly what the mappings cover (adjacent ones merged: the
  # picture may draw several mappings of one file as one box)...
  local covered drawn
  covered=$(sed -E 's/^([0-9a-f]+)-([0-9a-f]+) .*/\1 \2/' "$MAPS" | merge_adjacent)
  drawn=$(picture_boxes | tac | merge_adjacent)
  [[ $covered == "$drawn" ]] ||
    fail "$(printf 'the boxes of the picture should cover what /proc/%s/maps covers.\nmapped (start end, adjacent merged):\n%s\ndrawn:\n%s\n%s' \
      "$LAB_PID" "$covered" "$drawn" "$(lab_context)")"
  # ...and every border is a real boundary: of a mapping, or where .data or .bss ends.
  local boundaries symbols border
  boundaries=" $(sed -E 's/^([0-9a-f]+)-([0-9a-f]+) .*/\1 \2/' "$MAPS" | tr '\n' ' ') "
  symbols=$(sed -nE 's/^linker symbols: .*edata 0x0*([0-9a-f]+) +end 0x0*([0-9a-f]+)$/ \1 \2 /p' "$LAB_OUT")
  for border in "${borders[@]}"; do
    [[ $boundaries == *" $border "* || $symbols == *" $border "* ]] ||
      fail "$(printf 'the picture has a border at %s, which is no boundary of /proc/%s/maps (nor edata/end)\nmaps:\n%s\n%s' \
        "$border" "$LAB_PID" "$(cat "$MAPS")" "$(lab_context)")"
  done
  # The frame lines up: every border ends in the column of every box's right
  # '|' and every gap's right ':'.
  local columns
  columns=$(awk '/^ *[0-9a-f]+ \+-+\+$/ { print length($0) }
    /^ +\|/ { i = index($0, "|"); print i + index(substr($0, i + 1), "|") }
    /^ +:/ { print length($0) }' "$LAB_OUT" | sort -un)
  [[ $(grep -c . <<<"$columns") -eq 1 ]] ||
    fail "$(printf 'the borders, boxes and gaps of the picture should all end in one column, but they end in columns:\n%s\n%s' \
      "$(tr '\n' ' ' <<<"$columns")" "$(lab_context)")"
  # And the regions come in the lecture's order: stack above heap above bss above data above text.
  local line previous=0 region
  for region in stack heap bss data text; do
    line=$(grep -nE "^ +\| $region " "$LAB_OUT" | head -n 1 | cut -d: -f1)
    [[ -n $line ]] || fail "$(printf 'the picture has no box for the %s\n%s' "$region" "$(lab_context)")"
    ((line > previous)) || fail "$(printf 'in the picture the %s should be drawn below the region above it\n%s' "$region" "$(lab_context)")"
    previous=$line
  done
}

# Requirement: R12
@test "07-address-space: two runs load the program and the stack at different addresses (PIE and ASLR)" {
  local -a mains=() stacks=()
  local run
  for run in 1 2; do
    run -0 lab_run address_space
    local out=$BATS_TEST_TMPDIR/run$run
    printf '%s\n' "$output" >"$out"
    mains+=("$(reported main "$out" | awk '{ print $1 }')")
    stacks+=("$(reported y "$out" | awk '{ print $1 }')")
  done
  local aslr
  aslr=$(cat /proc/sys/kernel/randomize_va_space 2>/dev/null || echo unknown)
  if [[ $aslr == 0 ]]; then
    skip "ASLR is off on this machine (kernel.randomize_va_space = 0): every run is the same"
  fi
  [[ ${mains[0]} != "${mains[1]}" ]] ||
    fail "main was at 0x${mains[0]} in both runs: is the program built as PIE (readelf -h: Type DYN)?"
  [[ ${stacks[0]} != "${stacks[1]}" ]] ||
    fail "y (on the stack) was at 0x${stacks[0]} in both runs: with ASLR the stack moves"
}

# Requirement: R13
@test "07-address-space: kept alive with -s it has no <defunct> child, and nothing is left once it is stopped" {
  start_kept_alive
  pid_alive "$LAB_PID" || fail "$(printf 'with -s the program should stay alive\n%s' "$(lab_context)")"
  # Alive means asleep in pause() (state S), not a loop that spins.
  _asleep() { [[ $(pid_state "$1") == S ]]; }
  lab_wait_until _asleep "$LAB_PID" ||
    fail "$(printf 'kept alive, it should sleep in pause() (state S)\n%s\n%s' "$(why_wait_ended)" "$(lab_context)")"
  assert_no_defunct "$LAB_PID"
  local children
  children=$(ps_children "$LAB_PID")
  [[ -z $children ]] || fail "$(printf 'the program should have no children; ps showed:\n%s' "$(ps_tree_of "$LAB_PID")")"
  grep -qE "^program .*, pid $LAB_PID\$" "$LAB_OUT" ||
    fail "$(printf 'the program should name its own pid %s\n%s' "$LAB_PID" "$(lab_context)")"
  local pid=$LAB_PID
  lab_stop
  wait_gone "$pid"
  local left
  left=$(pgrep -af -- "$LAB_BIN/address_space" || true)
  [[ -z $left ]] || fail "$(printf 'after stopping it, still running:\n%s' "$left")"
}

# shellcheck disable=SC2154 # $stderr is set by bats' run --separate-stderr
# Requirement: R14
@test "07-address-space: a bad argument gives a usage line and exit status 2" {
  local program
  program=$(lab_program address_space)
  run -2 --separate-stderr lab_run address_space -x
  [[ $stderr == *"usage: $program "* ]] ||
    fail "$(printf 'expected a usage line naming the program, "usage: %s ...", on stderr, got:\n%s' "$program" "$stderr")"
  run -2 --separate-stderr lab_run address_space extra
  [[ $stderr == *"usage: $program "* ]] ||
    fail "$(printf 'an extra argument: expected a usage line naming the program, "usage: %s ...", on stderr, got:\n%s' \
      "$program" "$stderr")"
}

# Requirement: R15
@test "07-address-space: after fork the child changes x at the same virtual address, and the parent's x is unchanged" {
  local value=$((RANDOM % 900000 + 100))
  run --separate-stderr lab_run private_memory "$value"
  assert_success
  local address='0x[0-9a-f]+' before child after
  before=$(grep -E "^before fork: x = -?[0-9]+ at $address \\(pid [0-9]+\\)\$" <<<"$output" || true)
  child=$(grep -E "^child: x = -?[0-9]+ at $address \\(pid [0-9]+\\)\$" <<<"$output" || true)
  after=$(grep -E "^parent after the child ended: x = -?[0-9]+ at $address \\(pid [0-9]+\\)\$" <<<"$output" || true)
  [[ $(grep -c . <<<"$before") -eq 1 && $(grep -c . <<<"$child") -eq 1 && $(grep -c . <<<"$after") -eq 1 ]] ||
    fail "$(printf 'expected each of the three lines exactly once; the output:\n%s\n-- stderr:\n%s' "$output" "$stderr")"
  # fields: ... x = VALUE at ADDRESS (pid PID)
  _x() { sed -E 's/.* x = (-?[0-9]+) at .*/\1/' <<<"$1"; }
  _at() { sed -E 's/.* at (0x[0-9a-f]+) .*/\1/' <<<"$1"; }
  _pid() { sed -E 's/.*\(pid ([0-9]+)\)$/\1/' <<<"$1"; }
  [[ $(_at "$before") == "$(_at "$child")" && $(_at "$child") == "$(_at "$after")" ]] ||
    fail "$(printf 'x should be at the same virtual address in parent and child (fork copies the address space):\n%s' "$output")"
  [[ $(_x "$child") == "$value" ]] ||
    fail "$(printf 'the child should store %s in x and print it:\n%s' "$value" "$output")"
  [[ $(_x "$after") == "$(_x "$before")" ]] ||
    fail "$(printf "the parent's x should be unchanged by the child's store (private memory):\n%s" "$output")"
  [[ $(_pid "$before") == "$(_pid "$after")" && $(_pid "$child") != "$(_pid "$before")" ]] ||
    fail "$(printf 'the before and after lines come from the parent, the child line from another process:\n%s' "$output")"
  # In this order: the parent looks at x only after the child has stored it.
  assert_equal "$(grep -nE '^(before fork|child|parent after)' <<<"$output" | cut -d: -f2 | tr '\n' ' ')" \
    "before fork child parent after the child ended "
  # The range's ends, given explicitly.
  run --separate-stderr lab_run private_memory 1
  assert_success
  assert_line --regexp '^child: x = 1 at '
  run --separate-stderr lab_run private_memory 1000000
  assert_success
  assert_line --regexp '^child: x = 1000000 at '
  local bad
  for bad in 1000001 0 "5 6"; do
    local -a args
    read -ra args <<<"$bad"
    run --separate-stderr lab_run private_memory "${args[@]}"
    [[ $status -eq 2 && $stderr == *usage* ]] ||
      fail "$(printf 'private_memory %s (not one number in 1..1000000): expected usage and status 2, got %s\n%s' "$bad" "$status" "$stderr")"
  done
}

# Requirement: R15
@test "07-address-space: private_memory's child prints its line and leaves with status 0; only then does the parent go on" {
  local program child code
  program=$(lab_program private_memory)
  lab_shim fault_inject
  # The parent stops itself right after fork: the child runs to its end alone,
  # and stays <defunct> until the parent is continued and waits for it.
  lab_start -- /usr/bin/env "LD_PRELOAD=$SHIM" PROCLAB_STOP_AFTER_FORK=1 "$program" 7
  _child_ended() { [[ $(pid_state "$1") == T && -n $(defunct_children "$1") ]]; }
  lab_wait_until _child_ended "$LAB_PID" ||
    fail "$(printf 'with the parent stopped after fork, its child should end and stay <defunct>; ps showed:\n%s\n%s\n%s' \
      "$(ps_tree_of "$LAB_PID")" "$(why_wait_ended)" "$(lab_context)")"
  child=$(defunct_children "$LAB_PID" | awk '{ print $1; exit }')
  # Field 52 of /proc/PID/stat: the zombie's wait status (the exit status times 256).
  code=$(sed -E 's/^.*\) //' "/proc/$child/stat" | awk '{ print $50 }')
  kill -CONT "$LAB_PID"
  lab_wait_end
  [[ $code == 0 ]] ||
    fail "$(printf 'the child should leave with _exit(0), but its wait status was %s (exit status %s)\n%s' \
      "$code" "$((code >> 8))" "$(lab_context)")"
  [[ $LAB_END == "exit 0" && ! -s $LAB_ERR ]] ||
    fail "$(printf 'private_memory should end with status 0 and nothing on stderr\n%s' "$(lab_context)")"
  [[ $(grep -c '^child: x = 7 at ' "$LAB_OUT") -eq 1 && $(grep -c '^parent after the child ended: ' "$LAB_OUT") -eq 1 ]] ||
    fail "$(printf 'expected the child line (x = 7) and the parent after line once each\n%s' "$(lab_context)")"
}

# Requirement: R17
@test "07-address-space: address_space reports a failing readlink, read or close with its errno text, status 1" {
  local program case how what reason
  program=$(lab_program address_space)
  lab_shim fault_inject
  for case in "PROCLAB_FAIL=readlink:1|readlink /proc/self/exe|$(perl -MPOSIX -e '$! = EACCES; print "$!"')" \
    "PROCLAB_FAIL=read:1|read /proc/self/maps|$(perl -MPOSIX -e '$! = EIO; print "$!"')" \
    "PROCLAB_FAIL=close:1|close /proc/self/maps|$(perl -MPOSIX -e '$! = EIO; print "$!"')"; do
    IFS='|' read -r how what reason <<<"$case"
    run --separate-stderr lab_run -- /usr/bin/env "LD_PRELOAD=$SHIM" "$how" "$program"
    ((status == 1)) && [[ $stderr == *"$what: $reason"* ]] ||
      fail "$(printf 'with %s: expected "%s: %s" on stderr and status 1\nexit status: %s\nstdout:\n%s\nstderr:\n%s' \
        "$how" "$what" "$reason" "$status" "$output" "$stderr")"
  done
}

# Requirement: R17
@test "07-address-space: with too little memory for its allocations, address_space reports malloc's error, status 1" {
  # Its data (VmData: heap, mallocs, writable mappings) once everything is allocated...
  start_kept_alive
  local data limit program reason
  data=$(proc_status_field "$LAB_PID" VmData)
  [[ $data =~ ^[0-9]+$ ]] || fail "could not read VmData of pid $LAB_PID: '$data'"
  lab_stop
  # ...less its two large allocations, the 256 KiB one and read_self_maps' 1 MiB
  # buffer: RLIMIT_DATA leaves room for all it allocates before them, not for 256 KiB.
  limit=$(((data - 256 - 1024) * 1024))
  program=$(lab_program address_space)
  reason=$(perl -MPOSIX -e '$! = ENOMEM; print "$!"')
  run --separate-stderr lab_run -- /usr/bin/prlimit "--data=$limit:$limit" "$program"
  ((status == 1)) && [[ $stderr == *"malloc: $reason"* ]] ||
    fail "$(printf 'with RLIMIT_DATA at %s bytes (its %s KiB of data less 1.25 MiB) the 256 KiB malloc fails: expected "malloc: %s" on stderr and status 1\nexit status: %s\nstdout:\n%s\nstderr:\n%s' \
      "$limit" "$data" "$reason" "$status" "$output" "$stderr")"
}

# Requirement: R16
@test "07-address-space: private_memory reports a failing fork or waitpid with its errno text, status 1" {
  local program case how call reason
  program=$(lab_program private_memory)
  lab_shim fault_inject
  for case in "PROCLAB_FORK_FAILS=1|fork|$(perl -MPOSIX -e '$! = EAGAIN; print "$!"')" \
    "PROCLAB_FAIL=waitpid:1|waitpid|$(perl -MPOSIX -e '$! = ECHILD; print "$!"')"; do
    IFS='|' read -r how call reason <<<"$case"
    run --separate-stderr lab_run -- /usr/bin/env "LD_PRELOAD=$SHIM" "$how" "$program" 5
    ((status == 1)) && [[ $stderr == *"private_memory: $call: $reason"* ]] ||
      fail "$(printf 'with %s: expected "private_memory: %s: %s" on stderr and status 1\nexit status: %s\nstdout:\n%s\nstderr:\n%s' \
        "$how" "$call" "$reason" "$status" "$output" "$stderr")"
    [[ $output != *"parent after the child ended"* ]] ||
      fail "$(printf 'with %s the parent cannot know the child ended: no "parent after" line\n%s' "$how" "$output")"
  done
}
