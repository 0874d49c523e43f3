#!/usr/bin/env bats
# The instructor's autograder: the rubric's points per test and per lab,
# Gradescope's results.json field by field, hidden tests, JUnit and CSV, the
# reproduce line, batch grading (scripts/grade-all), the handout, the
# Gradescope bundle and the GitHub Classroom workflow.
#
# Expected numbers are computed from what the harness lists (run-lab --list) and
# from the rubric given, never written down here. Each test grades one small lab
# (04-ignore-sigchld: the fastest) so that it stays well under 15 seconds.

# Loaded outside setup(), where bats does not trace every command yet (lib/common.bash).
load ../lib/common

setup() {
  proclab_setup
  GRADE=$PROCLAB_ROOT/scripts/grade
  FAST_LAB=04-ignore-sigchld
}

teardown() { proclab_teardown; }

# tests_of LAB — the lab's visible test names, one per line.
tests_of() { "$PROCLAB_ROOT/harness/run-lab" --list "$1"; }

# near A B — two point figures equal to the rubric's 4 decimals.
near() { jq -en --argjson a "$1" --argjson b "$2" '(($a - $b) | fabs) < 0.001' >/dev/null; }

# Part 1: the rubric.
@test "autograder: a lab's points in the rubric are shared by its tests by weight; table and results.json agree" {
  local rubric=$BATS_TEST_TMPDIR/rubric json=$BATS_TEST_TMPDIR/r.json first second count
  first=$(tests_of "$FAST_LAB" | sed -n 1p)
  second=$(tests_of "$FAST_LAB" | sed -n 2p)
  count=$(tests_of "$FAST_LAB" | wc -l)
  printf '# a course rubric\nlab\t%s\t10\n3\t%s\n' "$FAST_LAB" "$first" >"$rubric"
  run --separate-stderr "$GRADE" "$PROCLAB_ROOT/solutions" --lab "$FAST_LAB" --rubric "$rubric" --json "$json" -q
  assert_success
  near "$(jq '.max_score' "$json")" 10 || fail "the lab is not worth 10: $(jq .max_score "$json")"
  near "$(jq '.score' "$json")" 10 || fail "the solution does not score 10: $(jq .score "$json")"
  near "$(jq '[.tests[].max_score] | add' "$json")" 10 || fail "the tests' points do not add up to 10"
  # weights 3, 1, 1, ...: the first is worth 3 / (count + 2) of 10.
  local one three
  three=$(jq --arg n "$first" '.tests[] | select(.name == $n) | .max_score' "$json")
  one=$(jq --arg n "$second" '.tests[] | select(.name == $n) | .max_score' "$json")
  near "$three" "$(jq -n "30 / ($count + 2)")" || fail "weight 3 gives $three"
  near "$one" "$(jq -n "10 / ($count + 2)")" || fail "weight 1 gives $one"
  assert_output --regexp "[[:space:]]10/10 +$FAST_LAB: subtotal"
  assert_output --regexp "TOTAL  10/10"
  # A lab line for a lab that does not exist: the harness is broken, status 1.
  printf 'lab\t04-ignore-sigchild\t10\n' >"$rubric"
  run -1 "$GRADE" "$PROCLAB_ROOT/solutions" --lab "$FAST_LAB" --rubric "$rubric" --json "$json" -q
  assert_output --partial "there is no lab '04-ignore-sigchild'"
}

# Part 2: results.json, every field of Gradescope's specification that we emit,
# with the type and the values it allows.
@test "autograder: results.json has Gradescope's fields with the types and values its specification allows" {
  local json=$BATS_TEST_TMPDIR/r.json count
  count=$(tests_of "$FAST_LAB" | wc -l)
  run --separate-stderr "$GRADE" "$PROCLAB_ROOT/labs" --lab "$FAST_LAB" --json "$json" -q
  assert_success
  # The top level.
  jq -e '(.score | type) == "number" and (.max_score | type) == "number"' "$json" >/dev/null || fail "score, max_score"
  jq -e '(.execution_time | type) == "number" and .execution_time >= 0 and .execution_time == (.execution_time | floor)' "$json" >/dev/null ||
    fail "execution_time is not a whole number of seconds: $(jq -c .execution_time "$json")"
  jq -e '(.output | type) == "string" and (.output | startswith("proclab: "))' "$json" >/dev/null || fail "output"
  local formats='["text","html","simple_format","md","ansi"]' visibilities='["hidden","after_due_date","after_published","visible"]'
  for field in output_format test_output_format test_name_format; do
    jq -e --argjson ok "$formats" --arg f "$field" '.[$f] as $v | $ok | index([$v]) != null' "$json" >/dev/null ||
      fail "$field is not one of $formats: $(jq -c --arg f "$field" '.[$f]' "$json")"
  done
  for field in visibility stdout_visibility; do
    jq -e --argjson ok "$visibilities" --arg f "$field" '.[$f] as $v | $ok | index([$v]) != null' "$json" >/dev/null ||
      fail "$field is not one of $visibilities: $(jq -c --arg f "$field" '.[$f]' "$json")"
  done
  jq -e '(.extra_data | type) == "object" and (.extra_data.labs | type) == "array"' "$json" >/dev/null || fail "extra_data"
  # Only fields the specification defines (and max_score, which Gradescope ignores).
  assert_equal "$(jq -c 'keys - ["score","max_score","execution_time","output","output_format","test_output_format","test_name_format","visibility","stdout_visibility","extra_data","tests","leaderboard"]' "$json")" "[]"
  # Every test.
  assert_equal "$(jq '.tests | length' "$json")" "$count"
  local bad
  bad=$(jq -c --argjson formats "$formats" --argjson vis "$visibilities" --arg lab "$FAST_LAB" '.tests[]
    | . as $t | select(((.name | type) == "string" and (.name | startswith($lab + ": "))
        and (.score | type) == "number" and (.max_score | type) == "number" and .score <= .max_score
        and (.status == "passed" or .status == "failed")
        and (.output | type) == "string"
        and (.number | type) == "string" and (.number | test("^[0-9]+\\.[0-9]+$"))
        and ($formats | index([$t.output_format])) != null and ($formats | index([$t.name_format])) != null
        and (.tags | type) == "array" and (.tags | index([$lab])) != null
        and ($vis | index([$t.visibility])) != null
        and (.extra_data | type) == "object"
        and (keys - ["score","max_score","status","name","name_format","number","output","output_format","tags","visibility","extra_data"]) == []) | not)' "$json")
  [[ -z $bad ]] || fail "tests against the specification: $bad"
  # The stubs: every test failed, scored 0, visible; the numbers are unique.
  jq -e '[.tests[] | select(.status != "failed" or .score != 0 or .visibility != "visible")] | length == 0' "$json" >/dev/null ||
    fail "a stub test passed or is not visible"
  jq -e '[.tests[].number] | length == (unique | length)' "$json" >/dev/null || fail "test numbers repeat"
}

# hidden_dir — $BATS_TEST_TMPDIR/hidden with hidden tests of $FAST_LAB: one that
# passes whatever the submission, one that fails.
hidden_dir() {
  HIDDEN=$BATS_TEST_TMPDIR/hidden
  mkdir -p "$HIDDEN"
  # printf, not a here-document: bats rewrites every line of its own file that
  # starts with the test keyword, here-documents included.
  {
    printf '#!/usr/bin/env bats\n'
    printf 'load "${PROCLAB_ROOT:?}/harness/lib/common"\nsetup() { proclab_setup; }\n'
    printf '@%s "%s: hidden: passes" { true; }\n' test "$FAST_LAB"
    printf '@%s "%s: hidden: fails" { fail "the hidden check failed"; }\n' test "$FAST_LAB"
  } >"$HIDDEN/$FAST_LAB.bats"
}

# Part 3: hidden tests.
@test "autograder: hidden tests run with the lab's, are marked hidden in the table and results.json, and --no-hidden drops them" {
  hidden_dir
  local json=$BATS_TEST_TMPDIR/r.json count
  count=$(tests_of "$FAST_LAB" | wc -l)
  run --separate-stderr "$GRADE" "$PROCLAB_ROOT/labs" --lab "$FAST_LAB" --hidden "$HIDDEN" \
    --hidden-visibility after_due_date --json "$json" -q
  assert_success
  assert_output --regexp "PASS +1/1 +$FAST_LAB: hidden: passes \(hidden\)"
  assert_output --regexp "FAIL +0/1 +$FAST_LAB: hidden: fails \(hidden\)"
  assert_equal "$(jq '.tests | length' "$json")" "$((count + 2))"
  assert_equal "$(jq -c '[.tests[] | select(.visibility == "after_due_date") | .name] | sort' "$json")" \
    "$(jq -nc --arg l "$FAST_LAB" '["\($l): hidden: fails", "\($l): hidden: passes"]')"
  jq -e '[.tests[] | select((.tags | index(["hidden"])) != null)] | length == 2' "$json" >/dev/null || fail "not tagged hidden"
  jq -e '[.tests[] | select(.extra_data.hidden)] | length == 2' "$json" >/dev/null || fail "extra_data.hidden"
  jq -e '[.tests[] | select(.extra_data.hidden | not) | select(.visibility != "visible")] | length == 0' "$json" >/dev/null ||
    fail "a visible test is not visible"
  # --no-hidden: none of them (harness/hidden/ may exist: it is left out too).
  run --separate-stderr "$GRADE" "$PROCLAB_ROOT/labs" --lab "$FAST_LAB" --no-hidden --json "$json" -q
  assert_success
  refute_output --partial "(hidden)"
  assert_equal "$(jq '.tests | length' "$json")" "$count"
  # A hidden test named like a visible one is a broken harness, not a silent overwrite.
  printf '@%s "%s" { true; }\n' test "$(tests_of "$FAST_LAB" | sed -n 1p)" >>"$HIDDEN/$FAST_LAB.bats"
  run "$GRADE" "$PROCLAB_ROOT/labs" --lab "$FAST_LAB" --hidden "$HIDDEN" --json "$json" -q
  assert_output --partial "has the name of a visible test"
}

# xpath FILE EXPR — the XPath value (xmllint decodes entities).
xpath() { xmllint --xpath "$2" "$1"; }

# Part 4: --junit and --csv.
@test "autograder: --junit writes valid JUnit XML (a suite per lab, failures with messages, hidden marked) and --csv one row" {
  command -v xmllint >/dev/null || fail "xmllint not found (run: make deps)"
  hidden_dir
  local json=$BATS_TEST_TMPDIR/r.json xml=$BATS_TEST_TMPDIR/r.xml csv=$BATS_TEST_TMPDIR/r.csv count i
  count=$(tests_of "$FAST_LAB" | wc -l)
  run --separate-stderr "$GRADE" "$PROCLAB_ROOT/labs" --lab "$FAST_LAB" --hidden "$HIDDEN" --json "$json" \
    --junit "$xml" --csv "$csv" -q
  assert_success
  run xmllint --noout "$xml"
  assert_success
  assert_equal "$(xpath "$xml" 'count(/testsuites/testsuite)')" 1
  assert_equal "$(xpath "$xml" 'string(/testsuites/testsuite/@name)')" "$FAST_LAB"
  assert_equal "$(xpath "$xml" 'count(//testcase)')" "$((count + 2))"
  assert_equal "$(xpath "$xml" 'string(/testsuites/testsuite/@tests)')" "$((count + 2))"
  # The stubs fail every visible test; the hidden ones: one passes, one fails.
  assert_equal "$(xpath "$xml" 'count(//testcase[failure])')" "$((count + 1))"
  assert_equal "$(xpath "$xml" 'string(/testsuites/testsuite/@failures)')" "$((count + 1))"
  assert_equal "$(xpath "$xml" 'count(//failure[string-length(@message) = 0])')" 0
  assert_equal "$(xpath "$xml" "count(//testcase[properties/property[@name='hidden' and @value='true']])")" 2
  assert_equal "$(xpath "$xml" "string(//testcase[properties/property[@name='hidden']][failure]/failure/@message)")" \
    "the hidden check failed"
  # Names round-trip through the XML escaping (lab 04's names hold "<defunct>").
  for ((i = 1; i <= count + 2; i++)); do
    assert_equal "$(xpath "$xml" "string(//testcase[$i]/@name)")" "$(jq -r --argjson i "$i" '.tests[$i - 1].name' "$json")"
  done
  # CSV: a header and one row that agree with results.json.
  assert_equal "$(wc -l <"$csv")" 2
  assert_equal "$(sed -n 1p "$csv")" "\"submission\",\"$FAST_LAB\",\"total\",\"max\""
  assert_equal "$(sed -n 2p "$csv")" "$(jq -r '[.extra_data.submission, .extra_data.labs[0].score, .score, .max_score] | @csv' "$json")"
}

# Part 5: the reproduce line, and no bats internals in the feedback.
@test "autograder: a failed test's feedback ends with the command that reruns just it, and shows no bats file/line" {
  local json=$BATS_TEST_TMPDIR/r.json one=$BATS_TEST_TMPDIR/one.json count line name
  count=$(tests_of "$FAST_LAB" | wc -l)
  run --separate-stderr "$GRADE" "$PROCLAB_ROOT/labs" --lab "$FAST_LAB" --no-hidden --json "$json" -q
  assert_success
  assert_equal "$(jq '[.tests[] | select(.status == "failed")] | length' "$json")" "$count"
  local bad
  bad=$(jq -r '.tests[] | select(.output | split("\n") | last | startswith("To rerun just this test on your copy: make grade LAB=") | not) | .name' "$json")
  [[ -z $bad ]] || fail "no reproduce line at the end of: $bad"
  bad=$(jq -r '.tests[] | select(.output | test("in (test )?file [^ ]*, line [0-9]+|^\\(from function|` failed$|\u0027 failed$"; "m")) | .name' "$json")
  [[ -z $bad ]] || fail "bats internals in the feedback of: $bad"
  refute_output --regexp 'in (test )?file [^ ]*\.(bats|bash), line [0-9]+'
  # The line of the second test, run as printed (results aside, not in build/grade):
  # it grades that test alone.
  name=$(tests_of "$FAST_LAB" | sed -n 2p)
  line=$(jq -r --arg n "$name" '.tests[] | select(.name == $n) | .output | split("\n") | last' "$json")
  touch "$BATS_TEST_TMPDIR/before"
  run bash -c "cd \"\$1\" && ${line#To rerun just this test on your copy: } GRADE_OPTIONS=\"--json \$2 -q\"" _ "$PROCLAB_ROOT" "$one"
  assert_success
  assert_equal "$(jq -c '[.tests[].name]' "$one")" "$(jq -nc --arg n "$name" '[$n]')"
  # ...and leaves the programs it ran where the line before it says.
  local kept
  kept=$(jq -r --arg n "$name" '.tests[] | select(.name == $n) | .output | split("\n") | .[-2]' "$json")
  [[ $kept == "make grade leaves the programs it ran in build/labs/$FAST_LAB/, to run by hand under build/labrun." ]] ||
    fail "the line before the command should say where the programs are, not: $kept"
  local program kept_count=0
  for program in "$PROCLAB_ROOT/build/labs/$FAST_LAB/"*; do
    [[ -f $program && -x $program ]] || continue
    [[ $program -nt $BATS_TEST_TMPDIR/before ]] ||
      fail "make grade did not leave the program it built in $program"
    kept_count=$((kept_count + 1))
  done
  ((kept_count > 0)) || fail "make grade left no program in build/labs/$FAST_LAB/"
}

@test "autograder: --test grades only the tests it names, also in a lab whose rubric weighs other tests" {
  # Lab 08's rubric gives Part C's tests their own weight: with --test naming
  # one Part B test, those are not graded, and not "missing" either.
  local lab=08-shell json=$BATS_TEST_TMPDIR/r.json name weighted
  weighted=$(awk -F'\t' -v lab="$lab" '$0 !~ /^#/ && index($2, lab ":") == 1 { print $2 }' "$PROCLAB_ROOT/harness/rubric" | head -n 1)
  [[ -n $weighted ]] || fail "harness/rubric weighs no test of $lab: this test needs one"
  name=$(tests_of "$lab" | grep -vxF -- "$weighted" | grep -F 'exit N with N')
  run --separate-stderr "$GRADE" "$PROCLAB_ROOT/solutions" --lab "$lab" --no-hidden --test 'exit N with N' --json "$json" -q
  assert_success
  # shellcheck disable=SC2154 # stderr: set by run --separate-stderr
  [[ $stderr != *'harness is broken'* ]] || fail "grade called the harness broken: $stderr"
  assert_equal "$(jq -c '[.tests[].name]' "$json")" "$(jq -nc --arg n "$name" '[$n]')"
  assert_equal "$(jq '.score' "$json")" "$(jq '.max_score' "$json")"
  # Only Check tests: every one of them runs, and the solution passes them.
  run --separate-stderr "$GRADE" "$PROCLAB_ROOT/solutions" --lab "$lab" --no-hidden --test "^$lab: unit: " --json "$json" -q
  assert_success
  assert_equal "$(jq -r '.tests[].name' "$json")" "$(tests_of "$lab" | grep "^$lab: unit: ")"
  assert_equal "$(jq '.score' "$json")" "$(jq '.max_score' "$json")"
}

# mixed_submissions DIR LAB — DIR/a-solution (the solution of LAB), DIR/b-stub
# (its stub), DIR/c-variant (the solution with LAB's first buggy variant
# applied), DIR/d-missing (no LAB at all).
mixed_submissions() {
  local to=$1 lab=$2 patch_file
  mkdir -p "$to"/{a-solution,b-stub,c-variant,d-missing}
  cp -r "$PROCLAB_ROOT/solutions/$lab" "$to/a-solution/"
  cp -r "$PROCLAB_ROOT/labs/$lab" "$to/b-stub/"
  cp -r "$PROCLAB_ROOT/solutions/$lab" "$to/c-variant/"
  patch_file=$(find "$PROCLAB_ROOT/harness/selftest/$lab" -name '*.patch' | sort | head -n 1)
  (cd "$to/c-variant/$lab" && patch -s -p1 <"$patch_file")
  VARIANT_CATCHES=$(grep -c '^Catches:' "$patch_file")
}

# Part 6: batch grading.
@test "autograder: grade-all grades mixed submissions into a gradebook and a summary, a broken one as a row, and resumes" {
  local subs=$BATS_TEST_TMPDIR/subs out=$BATS_TEST_TMPDIR/out book max
  mixed_submissions "$subs" "$FAST_LAB"
  run --separate-stderr "$PROCLAB_ROOT/scripts/grade-all" "$subs" --lab "$FAST_LAB" --no-hidden --out "$out" --jobs 2
  assert_success
  # shellcheck disable=SC2154 # stderr: set by run --separate-stderr
  assert_equal "$(grep -c '^\[[1-4]/4\] graded: ' <<<"$stderr")" 4
  book=$out/gradebook.csv
  assert_equal "$(wc -l <"$book")" 5
  assert_equal "$(sed -n 1p "$book")" "\"submission\",\"$FAST_LAB\",\"total\",\"max\",\"status\",\"reasons\""
  max=$(tests_of "$FAST_LAB" | wc -l)
  assert_equal "$(sed -n 2p "$book")" "\"a-solution\",$max,$max,$max,\"graded\",\"\""
  assert_equal "$(sed -n 3p "$book")" "\"b-stub\",0,0,$max,\"graded\",\"\""
  # The variant loses at least the tests that must catch it, and not everything.
  local variant
  variant=$(jq '.score' "$out/c-variant/results.json")
  ((variant <= max - VARIANT_CATCHES && variant > 0)) || fail "the variant scored $variant of $max"
  assert_equal "$(sed -n 4p "$book")" "\"c-variant\",$variant,$variant,$max,\"graded\",\"\""
  assert_equal "$(sed -n 5p "$book" | cut -d, -f1-5)" "\"d-missing\",0,0,$max,\"broken\""
  assert_equal "$(sed -n 5p "$book" | cut -d, -f6-)" "\"The submission has no $FAST_LAB/ directory.\""
  # The summary: mean and median of the totals above; pass rates lowest first.
  local mean median
  mean=$(jq -rn --argjson v "$variant" --argjson m "$max" "(\$m + 0 + \$v + 0) / 4 * 100 | round / 100")
  median=$(jq -rn --argjson v "$variant" --argjson m "$max" "([\$m, 0, \$v, 0] | sort | (.[1] + .[2]) / 2) * 100 | round / 100")
  assert_equal "$(sed -n 3p "$out/summary.txt")" "mean: $mean/$max"
  assert_equal "$(sed -n 4p "$out/summary.txt")" "median: $median/$max"
  local rates
  rates=$(sed -nE 's/^ +([0-9]+)%.*/\1/p' "$out/summary.txt")
  assert_equal "$(wc -l <<<"$rates")" "$max"
  assert_equal "$rates" "$(sort -n <<<"$rates")"
  # Again: nothing graded twice.
  run --separate-stderr "$PROCLAB_ROOT/scripts/grade-all" "$subs" --lab "$FAST_LAB" --no-hidden --out "$out"
  assert_success
  assert_equal "$(grep -c '^\[[1-4]/4\] already graded: ' <<<"$stderr")" 4
  assert_equal "$(sed -n 2,5p "$book" | cut -d, -f1-4)" "$(printf '"a-solution",%s,%s,%s\n"b-stub",0,0,%s\n"c-variant",%s,%s,%s\n"d-missing",0,0,%s' "$max" "$max" "$max" "$max" "$variant" "$variant" "$max" "$max")"
}

@test "autograder: grade-all grades a lab's sources once per batch: a copy gets the same records, a changed file is graded afresh" {
  local subs=$BATS_TEST_TMPDIR/subs out=$BATS_TEST_TMPDIR/out name max
  mixed_submissions "$subs" "$FAST_LAB"
  rm -rf "$subs/b-stub" "$subs/d-missing"
  cp -r "$subs/a-solution" "$subs/b-copy"
  max=$(tests_of "$FAST_LAB" | wc -l)
  # Two at once: the copy waits for the first grading of those sources, then
  # gets its records, whichever of the two starts first.
  run --separate-stderr "$PROCLAB_ROOT/scripts/grade-all" "$subs" --lab "$FAST_LAB" --no-hidden --out "$out" --jobs 2
  assert_success
  local reused=()
  for name in a-solution b-copy c-variant; do
    reused+=("$(jq -c '.extra_data.reused' "$out/$name/results.json")")
  done
  local once="[\"$FAST_LAB\"]"
  [[ ${reused[0]}${reused[1]} == "${once}[]" || ${reused[0]}${reused[1]} == "[]${once}" ]] ||
    fail "one of a-solution and b-copy should reuse the other's records of $FAST_LAB; extra_data.reused: ${reused[0]} and ${reused[1]}"
  assert_equal "${reused[2]}" '[]'
  local verdicts='[.tests[] | {name, status, score, output}]'
  assert_equal "$(jq -c "$verdicts" "$out/b-copy/results.json")" "$(jq -c "$verdicts" "$out/a-solution/results.json")"
  assert_equal "$(jq .score "$out/b-copy/results.json")" "$max"
  local variant
  variant=$(jq .score "$out/c-variant/results.json")
  ((variant <= max - VARIANT_CATCHES)) || fail "the variant scored $variant of $max: its changed file was not graded afresh"
  # --force --no-reuse: every lab graded again, none reused.
  run --separate-stderr "$PROCLAB_ROOT/scripts/grade-all" "$subs" --lab "$FAST_LAB" --no-hidden --out "$out" --force --no-reuse
  assert_success
  for name in a-solution b-copy c-variant; do
    assert_equal "$(jq -c '.extra_data.reused' "$out/$name/results.json")" '[]'
  done
  assert_equal "$(jq .score "$out/b-copy/results.json")" "$max"
}

# Part 7: the handout.
@test "autograder: make handout has no solutions or hidden tests, and make grade runs in it unpacked: the stubs score 0, cleanly" {
  local tarball=$BATS_TEST_TMPDIR/handout.tar.gz fresh=$BATS_TEST_TMPDIR/fresh
  run "$PROCLAB_ROOT/scripts/handout" "$tarball"
  assert_success
  run tar -tzf "$tarball"
  assert_success
  refute_output --regexp '(^|/)(solutions|hidden|selftest)(/|$)'
  refute_output --regexp '\.patch$'
  assert_output --partial 'proclab/labs/'
  assert_output --partial 'proclab/scripts/grade'
  assert_output --partial 'proclab/COURSE.md'
  assert_output --partial 'proclab/.github/workflows/classroom.yml'
  mkdir -p "$fresh"
  tar -xzf "$tarball" -C "$fresh"
  [[ ! -e $fresh/proclab/solutions && ! -e $fresh/proclab/build ]] || fail "solutions/ or build/ in the handout"
  run make --no-print-directory -s -C "$fresh/proclab" grade LAB="$FAST_LAB"
  assert_success
  refute_output --partial "broken"
  assert_output --regexp "TOTAL  0/$(tests_of "$FAST_LAB" | wc -l)"
  jq -e '.score == 0 and ([.tests[] | select(.extra_data.hidden)] | length) == 0' \
    "$fresh/proclab/build/grade/results.json" >/dev/null || fail "the handout's results.json: $(jq -c '[.score, .max_score]' "$fresh/proclab/build/grade/results.json")"
}

# Part 8: the Gradescope bundle.
@test "autograder: make gradescope's zip has setup.sh and run_autograder at its root, and run_autograder in a fake /autograder writes valid results" {
  local zip=$BATS_TEST_TMPDIR/autograder.zip fake=$BATS_TEST_TMPDIR/autograder count
  run "$PROCLAB_ROOT/scripts/gradescope/build" --lab "${FAST_LAB:0:2}" "$zip"
  assert_success
  run unzip -Z1 "$zip"
  assert_success
  assert_line setup.sh
  assert_line run_autograder
  assert_line scripts/grade
  refute_output --regexp '^(solutions|harness/selftest)/'
  # The tree Gradescope makes: source/ (the zip), submission/ (a student's
  # upload: here the whole project layout, labs/ one directory down), results/.
  mkdir -p "$fake/source" "$fake/submission/my-repo/labs"
  unzip -q "$zip" -d "$fake/source"
  cp "$fake/source/run_autograder" "$fake/run_autograder"
  [[ -x $fake/run_autograder && -x $fake/source/setup.sh ]] || fail "run_autograder or setup.sh is not executable"
  cp -r "$PROCLAB_ROOT/solutions/$FAST_LAB" "$fake/submission/my-repo/labs/"
  run env AUTOGRADER_ROOT="$fake" "$fake/run_autograder"
  assert_success
  local json=$fake/results/results.json
  count=$(tests_of "$FAST_LAB" | wc -l)
  jq -e . "$json" >/dev/null || fail "results.json is not JSON"
  assert_equal "$(jq '.tests | length' "$json")" "$count"
  assert_equal "$(jq -r '[.score, .max_score] | map(tostring) | join("/")' "$json")" "$count/$count"
  jq -e --arg lab "$FAST_LAB" 'all(.tests[]; (.name | startswith($lab + ": ")) and .status == "passed" and .visibility == "visible")' "$json" >/dev/null ||
    fail "the tests: $(jq -c '[.tests[] | [.name, .status]]' "$json")"
  jq -e '.stdout_visibility == "hidden" and (.execution_time | type) == "number"' "$json" >/dev/null || fail "top-level fields"
  # An upload without any lab folder still gets a results.json that says why.
  rm -rf "$fake/submission" "$fake/results"
  mkdir -p "$fake/submission"
  printf 'hello\n' >"$fake/submission/notes.txt"
  run env AUTOGRADER_ROOT="$fake" "$fake/run_autograder"
  assert_success
  jq -e '.score == 0 and (.output | contains("no lab folder"))' "$fake/results/results.json" >/dev/null ||
    fail "$(cat "$fake/results/results.json")"
}

# yaml_json FILE — FILE parsed as YAML, printed as JSON (yq, Debian's jq for YAML).
yaml_json() {
  command -v yq >/dev/null || fail "yq not found (run: make deps)"
  yq -c . "$1"
}

# Part 9: the GitHub Classroom workflow.
@test "autograder: the Classroom workflow, generated from the rubric, has one command-grader step per lab worth the lab's points" {
  local rubric=$BATS_TEST_TMPDIR/rubric yml=$BATS_TEST_TMPDIR/classroom.yml json labs
  # Lab 04 worth 10; lab 08 keeps its tests' weights (the real rubric's lines).
  { grep -v '^lab' "$PROCLAB_ROOT/harness/rubric"; printf 'lab\t%s\t10\n' "$FAST_LAB"; } >"$rubric"
  run "$PROCLAB_ROOT/scripts/classroom" --rubric "$rubric" "$yml"
  assert_success
  json=$(yaml_json "$yml")
  labs=$(cd "$PROCLAB_ROOT/harness" && ls [0-9][0-9]-*.bats | sed 's/\.bats$//')
  local steps
  steps=$(jq -c '.jobs[].steps | map(select(.uses | startswith("classroom-resources/autograding-command-grader@")))' <<<"$json")
  assert_equal "$(jq -r '.[].with["test-name"]' <<<"$steps")" "$labs"
  local lab expected got
  # Every step grades its lab for a positive number of points...
  jq -e 'all(.[]; . as $s | ($s.with["max-score"] | type) == "number" and $s.with["max-score"] > 0
                 and ($s.with.command | contains("--lab " + $s.with["test-name"][:2])))' <<<"$steps" >/dev/null ||
    fail "a step grades another lab or is worth nothing: $steps"
  # ...and the points are the rubric's: a lab line (04), the tests' weights (08).
  for lab in "$FAST_LAB" 08-shell; do
    if [[ $lab == "$FAST_LAB" ]]; then
      expected=10
    else
      # Each test weighs 1 unless the rubric says otherwise.
      expected=$("$PROCLAB_ROOT/harness/run-lab" --list "$lab" | awk -F'\t' -v r="$rubric" '
        BEGIN { while ((getline l < r) > 0) { split(l, f, "\t"); if (f[1] ~ /^[0-9.]+$/) w[f[2]] = f[1] } }
        { t += ($0 in w) ? w[$0] : 1 } END { print t }')
    fi
    got=$(jq -r --arg l "$lab" '.[] | select(.with["test-name"] == $l) | .with["max-score"]' <<<"$steps")
    assert_equal "$lab: $got" "$lab: $expected"
  done
  # The reporter adds up exactly those steps.
  assert_equal "$(jq -r '.jobs[].steps[-1].with.runners' <<<"$json")" "$(jq -r 'map(.id) | join(",")' <<<"$steps")"
  assert_equal "$(jq -r '.jobs[].steps[-1].env | keys | length' <<<"$json")" "$(wc -w <<<"$labs")"
  jq -e '.on | index("push") != null' <<<"$json" >/dev/null || fail "the workflow does not run on push"
  # --check: a workflow the rubric no longer gives is said so.
  sed -i 's/max-score: .*/max-score: 1/' "$yml"
  run "$PROCLAB_ROOT/scripts/classroom" --rubric "$rubric" --check "$yml"
  assert_failure
  assert_output --partial "run make classroom"
}

# Part 10: make help.
@test "autograder: make help lists every entry point of the Makefile, one line each" {
  run make --no-print-directory -s -C "$PROCLAB_ROOT" help
  assert_success
  local target targets
  # The targets a user runs: every .PHONY one but the internal ones.
  targets=$(sed -nE 's/^\.PHONY:[[:space:]]*//p' "$PROCLAB_ROOT/Makefile" | tr ' ' '\n' | sed '/^$/d' | sort -u |
    grep -vxE 'harness|labs|solutions|all')
  [[ -n $targets ]] || fail "no .PHONY targets read from the Makefile"
  for target in $targets; do
    assert_equal "$target: $(grep -cE "^make $target( |$)" <<<"$output")" "$target: 1"
  done
  assert_line --regexp '^make +build labrun'
}
