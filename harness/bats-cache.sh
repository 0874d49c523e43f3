# shellcheck shell=bash
# harness/bats-cache.sh — bats' preprocessing of a .bats file, done once and
# kept; sourced by harness/run-lab and harness/selftest/run.
#
#   bats_cache_init BATS                    the bats executable the runs use
#   bats_file_test_names FILE               FILE's test names, as bats reads them
#   bats_preprocessed FILE NAMES [WORK]     prints the cache entry of FILE
#   bats_short_file ENTRY FILE NAMES SELECTED DIR
#                                           prints DIR/NAME.bats, which runs
#                                           the SELECTED tests of FILE
#
# Why. bats turns a .bats file into bash with its bats-preprocess, a loop in
# bash over every line of the file (0.2-0.4 ms a line), and bats 1.8 and 1.9
# do it twice in every run: 0.3-0.6 s of CPU for 08-shell.bats before a test
# starts, more than the one test a buggy variant runs costs. So what bats' own
# bats-preprocess makes of a file is kept in build/bats-cache/, under a key of
# the file's content and bats-preprocess's, and bats gets a file of a few lines
# that sets the tests' directory, sources the kept text and registers the
# tests to run: bats preprocesses only those few lines.
#
# Where bats' output has another form (bats 1.10 and later register each test
# on the line that defines it), bats_preprocessed fails, and the caller gives
# bats the .bats file itself, as it would. The cache is as trusted as
# harness/: it is in the checkout, which lab programs cannot write.

# bats_file_test_names FILE — the names of FILE's tests, in file order, read
# with bats' own pattern for an @test line (the same POSIX regex engine as
# bash's =~), one quote taken off each end as bats takes them off.
bats_file_test_names() {
  sed -nE -e 's/^[[:blank:]]*@test[[:blank:]]+(.*[^[:blank:]])[[:blank:]]+\{(.*)$/\1/' \
    -e 'T' -e "s/^['\"]//" -e "s/['\"]\$//" -e 'p' "$1"
}

# bats_cache_init BATS — find the bats-preprocess of the bats executable BATS.
bats_cache_init() {
  local real
  real=$(readlink -f "$1") || real=$1
  BATS_CACHE_HOME=${real%/*/*}
  BATS_CACHE_PREPROCESSOR=$BATS_CACHE_HOME/libexec/bats-core/bats-preprocess
}

# bats_preprocessed FILE NAMES [WORK] — print the cache entry of FILE (NAMES:
# its test names, in file order, one per line), made if need be: a directory
# with "src", the functions bats-preprocess made of FILE, and "tests", one
# registration line per test, in file order. The entry goes in
# build/bats-cache, else (not writable) in WORK/bats-cache. Fails when bats'
# output is not of that form (another version), or no entry can be made.
bats_preprocessed() {
  local file=$1 names=$2 work=${3:-} key entry tmp='' count dir
  [[ -f ${BATS_CACHE_PREPROCESSOR:-} ]] || return 1
  key=$(cat -- "$file" "$BATS_CACHE_PREPROCESSOR" | sha256sum) || return 1
  entry=${file##*/}.${key:0:32}
  for dir in "$PROCLAB_ROOT/build/bats-cache" ${work:+"$work/bats-cache"}; do
    if [[ -f $dir/$entry/src && -f $dir/$entry/tests ]]; then
      printf '%s\n' "$dir/$entry"
      return 0
    fi
    mkdir -p "$dir" 2>/dev/null && tmp=$(mktemp -d "$dir/.new.XXXXXX" 2>/dev/null) && break
    tmp=''
  done
  [[ -n $tmp ]] || return 1
  count=$(grep -c . <<<"$names")
  # The registrations are the last lines, one per test; no line before them is one.
  if BATS_ROOT=$BATS_CACHE_HOME bash "$BATS_CACHE_PREPROCESSOR" "$file" >"$tmp/out" 2>/dev/null &&
    LC_ALL=C awk -v count="$count" -v src="$tmp/src" -v tests="$tmp/tests" '
      { line[NR] = $0 }
      END {
        first = NR - count + 1
        if (count < 1 || first < 1) exit 1
        for (i = 1; i <= NR; i++) {
          registers = (line[i] ~ /^bats_test_function /)
          if (registers != (i >= first)) exit 1
          print line[i] > (i >= first ? tests : src)
        }
      }' "$tmp/out"; then
    rm -f "$tmp/out"
    # Another run may have made it meanwhile: then its copy is used.
    mv -T "$tmp" "$dir/$entry" 2>/dev/null || rm -rf "$tmp"
    if [[ -f $dir/$entry/tests ]]; then
      printf '%s\n' "$dir/$entry"
      return 0
    fi
  fi
  rm -rf "$tmp"
  return 1
}

# bats_short_file ENTRY FILE NAMES SELECTED DIR — write and print DIR/NAME.bats
# (NAME.bats: FILE's own name, which the tests may read from
# BATS_TEST_FILENAME): the tests of FILE (NAMES, in file order) that SELECTED
# names (one per line), from its cache ENTRY. The tests see FILE's directory
# as BATS_TEST_DIRNAME, for their `load`s. A failure's trace names ENTRY/src
# where it would name FILE, at the same line.
bats_short_file() {
  local entry=$1 file=$2 names=$3 selected=$4 dir=$5
  mkdir -p "$dir"
  {
    printf '# made by harness/bats-cache.sh: the selected tests of %s\n' "$file"
    printf 'BATS_TEST_DIRNAME=%q\n' "${file%/*}"
    printf 'source %q\n' "$entry/src"
    LC_ALL=C awk 'FILENAME == ARGV[1] { want[$0] = 1; next }
                  FILENAME == ARGV[2] { n++; pick[n] = ($0 in want); next }
                  pick[FNR]' <(printf '%s\n' "$selected") <(printf '%s\n' "$names") "$entry/tests"
  } >"$dir/${file##*/}"
  printf '%s\n' "$dir/${file##*/}"
}
