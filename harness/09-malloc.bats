#!/usr/bin/env bats
# Lab 09 — free-list allocation. Every program runs under labrun; see lib/common.bash.
# The Check unit tests (harness/unit/09-malloc) test pool.c and mm.c call by call;
# these run the provided programs on them: mdriver over every bundled trace
# (harness/traces/09-malloc), and heapmap's pictures of the lecture.

# Loaded outside setup(), where bats does not trace every command yet (lib/common.bash).
load lib/common

setup() {
  proclab_setup
  TRACES=$PROCLAB_ROOT/harness/traces/09-malloc
}

teardown() { proclab_teardown; }

# block N — the block a request of N bytes takes, by the rule of mm.h:
# max(32, round_up(N + 8, 16)).
block() {
  local size=$((($1 + 8 + 15) / 16 * 16))
  ((size < 32)) && size=32
  printf '%d\n' "$size"
}

# row_after TEXT — the "row:" line heapmap printed right after the first line
# that starts with TEXT, without its "row: " prefix.
row_after() {
  awk -v text="$1" 'found && /^    row: / { sub(/^    row: /, ""); print; exit }
                    index($0, text) == 1 { found = 1 }' <<<"$output"
}

# expect_row_prefix TEXT WANT — the row after TEXT begins with WANT.
expect_row_prefix() {
  local row
  row=$(row_after "$1")
  [[ $row == "$2"* ]] && return 0
  fail "$(printf 'after "%s" the heap should begin %s\nbut heapmap drew: %s\n-- its output:\n%s' "$1" "$2" "${row:-(no row)}" "$output")"
}

# heapmap_run SCENE — run heapmap SCENE to its end; it must exit 0 and every
# heap check along the way must pass.
heapmap_run() {
  run lab_run -- heapmap "$1"
  ((status == 0)) || fail "$(printf 'heapmap %s should run to its end (exit 0), but exited %s:\n%s' "$1" "$status" "$output")"
  local bad
  bad=$(grep -n 'heap check: FAILED' <<<"$output" || true)
  [[ -z $bad ]] || fail "$(printf 'mm_check found the heap inconsistent during heapmap %s:\n%s\n-- its output:\n%s' "$1" "$bad" "$output")"
}

# mdriver computes: it may use CPU without sleeping, so lab_run's spin verdict
# is given a budget of 2 s of CPU (-B 2) instead of 0.3 s: the reference needs
# 0.02 s for the largest trace, so a correct allocator a hundred times slower
# still passes, and a looping one is stopped after 2 s.
#
# all_traces_pass POLICY — mdriver -c over each bundled trace (one run per
# trace); every failure is reported with mdriver's words: the trace, the line,
# the bytes. An allocator that loops on one trace would loop on the next ones
# too: the traces after it are not run (each would cost the budget again).
all_traces_pass() {
  local policy=$1 trace failed='' count=0 spun=''
  for trace in "$TRACES"/*.txt "$TRACES"/*.rep; do
    count=$((count + 1))
    if [[ -n $spun ]]; then
      failed+=$(printf '\n-- %s: not run (mdriver had to be stopped on %s: it computed, or slept, without end)' "$(basename "$trace")" "$spun")
      continue
    fi
    run lab_run -B 2 -- mdriver -c -p "$policy" "$trace"
    if ((status != 0)) || ! grep -qE '  ok( |$)' <<<"$output"; then
      failed+=$(printf '\n-- %s (mdriver exited %s; rerun: build/labrun -- %s -c -C -p %s %s):\n%s' \
        "$(basename "$trace")" "$status" "$(lab_program mdriver)" "$policy" "$trace" "$output")
      # labrun -S ended it (122): it spun, or slept with nothing to wake it.
      ((status == 122)) && spun=$(basename "$trace")
    fi
  done
  ((count >= 10)) || fail "expected the bundled traces in $TRACES, found $count"
  [[ -z $failed ]] || fail "$(printf 'mdriver -c -p %s: every bundled trace should run correctly, but:%s' "$policy" "$failed")"
}

# Requirement: R13
@test "09-malloc: mdriver: every bundled trace runs correctly with best fit" {
  all_traces_pass best
}

# Requirement: R9, R13
@test "09-malloc: mdriver: every bundled trace runs correctly with first fit" {
  all_traces_pass first
}

# Requirement: R9, R13
@test "09-malloc: mdriver: every bundled trace runs correctly with worst fit" {
  all_traces_pass worst
}

# Requirement: R15
@test "09-malloc: mdriver: best fit keeps the mean utilization of the scored traces at 80 % or more" {
  run lab_run -B 2 -- mdriver -c -p best "$TRACES"/gen-*.rep
  ((status == 0)) || fail "$(printf 'mdriver -c -p best should pass the scored traces (exit 0), but exited %s:\n%s' "$status" "$output")"
  local mean
  mean=$(awk '$1 == "all" { sub(/%$/, "", $3); print $3 }' <<<"$output")
  [[ $mean =~ ^[0-9]+\.[0-9]$ ]] || fail "$(printf 'expected an "all ... N.N%%" line from mdriver:\n%s' "$output")"
  ((${mean/./} >= 800)) ||
    fail "$(printf 'the mean utilization should be at least 80.0%% (peak live payload / the furthest payload end), but is %s%%:\n%s' "$mean" "$output")"
}

# Requirement: R5, R14
@test "09-malloc: heapmap: a 100-byte request takes a 112-byte block whose header holds its size" {
  heapmap_run header
  local want
  want=$(block 100)
  grep -qE "^    header: .*: size $want, used bit 1\$" <<<"$output" ||
    fail "$(printf 'the 8 bytes before the payload of mm_malloc(100) should hold the size %s with the used bit set:\n%s' "$want" "$output")"
  expect_row_prefix "> mm_malloc(100) = offset" "[used $want][free "
  local initial
  initial=$(row_after "heapmap: a ")
  expect_row_prefix "> mm_free(the 100 bytes" "$initial"
}

# Requirement: R7, R14
@test "09-malloc: heapmap: split: 12 KiB from a 15 KiB free block leave the rest free right after it" {
  heapmap_run split
  expect_row_prefix "> mm_free(the 15 KiB block" "[free 15360][used $(block 1000)][free "
  local taken
  taken=$(block 12288)
  expect_row_prefix "> mm_malloc(12288) = offset" "[used $taken][free $((15360 - taken))][used $(block 1000)][free "
}

# Requirement: R8, R14
@test "09-malloc: heapmap: coalesce: 5, 10 and 15 KiB freed one by one become one 30 KiB block, and 20 KiB fit" {
  heapmap_run coalesce
  expect_row_prefix "> mm_free(the 5 KiB block" "[free 5120][used 10240][used 15360]"
  expect_row_prefix "> mm_free(the 10 KiB block" "[free $((5120 + 10240))][used 15360]"
  expect_row_prefix "> mm_free(the 15 KiB block" "[free $((5120 + 10240 + 15360))][used $(block 1000)]"
  local taken
  taken=$(block 20480)
  expect_row_prefix "> mm_malloc(20480) = offset" "[used $taken][free $((30720 - taken))][used $(block 1000)]"
}

# Requirement: R8, R10, R14
@test "09-malloc: heapmap: fragmentation: 20 KiB free in pieces refuse 15 KiB until coalescing joins them" {
  heapmap_run fragment
  local pieces=$((10240 + 5120 + 5120))
  grep -qF "free: $pieces bytes in 3 piece(s), the largest 10240" <<<"$output" ||
    fail "$(printf 'after freeing 10, 5 and 5 KiB between used blocks, %s bytes should be free in 3 pieces:\n%s' "$pieces" "$output")"
  grep -qF "> mm_malloc(15352) = NULL" <<<"$output" ||
    fail "$(printf 'a 15 KiB request should fail while the free memory is in pieces (external fragmentation):\n%s' "$output")"
  local separators=$((2 * $(block 1000)))
  grep -qF "free: $((pieces + separators)) bytes in 1 piece(s)" <<<"$output" ||
    fail "$(printf 'once the blocks between the pieces are freed, the %s bytes should be one free block:\n%s' "$((pieces + separators))" "$output")"
  [[ $(grep -c '15 KiB request: served' <<<"$output") -eq 1 ]] ||
    fail "$(printf 'then the 15 KiB request should be served:\n%s' "$output")"
}

# Requirement: R1, R2, R3
@test "09-malloc: heapmap: the pool hands out blocks in address order and takes the last freed back first" {
  run lab_run -- heapmap pool
  ((status == 0)) || fail "$(printf 'heapmap pool should exit 0, but exited %s:\n%s' "$status" "$output")"
  local expected
  expected=$(printf '%s\n' "> pool_init(arena, 1024, 128) = 8 blocks" "> pool_alloc() = block 0" "> pool_alloc() = block 1" \
    "> pool_alloc() = block 2" "> pool_free(block 1) = 0" \
    "> pool_alloc() = block 1 (the block freed last comes back first)" \
    "> pool_free(arena + 5) = -1 (not the start of a block: refused)")
  assert_equal "$(grep '^> ' <<<"$output")" "$expected"
}
