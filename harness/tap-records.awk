# harness/tap-records.awk — turn one TAP stream (bats, or harness/unit/run-unit)
# into per-test records, as the tests finish. Used by harness/run-lab only.
#
#   LC_ALL=C awk -f tap-records.awk -v names=FILE -v records=FILE -v seen=FILE \
#       -v strays=FILE -v lab=LAB -v first=N -v keep=BYTES -v progress=0|1
#
# names     the tests this run is expected to have, one per line (exact names):
#           a TAP name that is one of them is taken as is, so only what is not a
#           test's name is read as bats' timing suffix (" in 12ms", " # in 12 ms")
# records   appended: one record per test, fields "name verdict why ms output"
#           separated by \037, ended by \036 (run-lab turns them into JSON with jq)
# seen      appended: the name of every test that reported, one per line
# plan      if set, gets the count of the TAP plan line ("1..N": N)
# strays    appended: lines that belong to no test (a crash before the first test)
# first     TAP number of the first test here; stdout gets TAP for each test,
#           numbered from it, without timing, with the kept output as diagnostics
# keep      bytes of a test's output kept: the first keep/2 and the last keep/2,
#           with "… N bytes cut …" between; the rest is counted, not stored, so
#           memory and time stay linear in the output whatever its size
# progress  1: one line per test on stderr as soon as its result is known
# shown     FROM\037TO\037...: in a test's output, the path FROM is shown as TO
#           (a test run from run-lab's cached copy of a .bats file is shown as
#           of the file itself)
#
# Every control character but tab becomes "?": the output is shown on the
# instructor's terminal and in results.json, and it is the lab's, not ours.
BEGIN {
    while ((getline line < names) > 0)
        expected[line] = 1
    close(names)
    shown_pairs = split(shown, shown_path, "\037")
    half = int(keep / 2)
    if (half < 64) half = 64
    number = first - 1
    current = ""
}

function sanitize(text) {
    gsub(/[\001-\010\013-\037\177]/, "?", text)
    return text
}

# show_paths TEXT — TEXT with every FROM path of "shown" replaced by its TO.
function show_paths(text,    i, at, out) {
    for (i = 1; i + 1 <= shown_pairs; i += 2) {
        out = ""
        while ((at = index(text, shown_path[i])) > 0) {
            out = out substr(text, 1, at - 1) shown_path[i + 1]
            text = substr(text, at + length(shown_path[i]))
        }
        text = out text
    }
    return text
}

function reset_output() {
    head = ""; head_bytes = 0; head_full = 0
    tail_first = 1; tail_last = 0; tail_bytes = 0
    cut = 0
}

# keep_line TEXT — one line of the current test's output, bounded as above.
function keep_line(text,    length_now) {
    text = sanitize(text) "\n"
    length_now = length(text)
    if (length_now > half) {
        cut += length_now - half
        text = substr(text, 1, half - 1) "\n"
        length_now = half
    }
    if (!head_full && head_bytes + length_now <= half) {
        head = head text
        head_bytes += length_now
        return
    }
    head_full = 1
    tail[++tail_last] = text
    tail_bytes += length_now
    while (tail_bytes > half) {
        tail_bytes -= length(tail[tail_first])
        cut += length(tail[tail_first])
        delete tail[tail_first++]
    }
}

function kept_output(    text, i) {
    text = head
    if (cut > 0)
        text = text "… " cut " bytes cut …\n"
    for (i = tail_first; i <= tail_last; i++) {
        text = text tail[i]
        delete tail[i]
    }
    sub(/\n$/, "", text)
    return text
}

# finish — the current test's record is complete: write it.
function finish(    output, lines, n, i) {
    if (current == "")
        return
    output = kept_output()
    printf "%s\037%s\037%s\037%s\037%s\036", current, verdict, why, ms, output >> records
    print current >> seen
    # On disk now: if the run is stopped, what was scored is not lost in a buffer.
    fflush(records); fflush(seen)
    number++
    if (verdict == "passed")
        print "ok " number " " current
    else if (verdict == "skipped")
        print "ok " number " " current " # skip" (why == "" ? "" : " " why)
    else
        print "not ok " number " " current
    if (verdict == "failed" && output != "") {
        n = split(output, lines, "\n")
        for (i = 1; i <= n; i++)
            print "# " lines[i]
    }
    fflush()
    current = ""
}

/^(ok|not ok) [0-9]+ / {
    finish()
    reset_output()
    verdict = ($1 == "ok") ? "passed" : "failed"
    name = $0
    sub(/^(ok|not ok) [0-9]+ /, "", name)
    why = ""; ms = ""
    if (!(name in expected)) {
        # bats >= 1.10: "NAME # in 12 ms"; 1.8: "NAME in 12ms"; a timeout after it.
        if (match(name, / # (skip|SKIP)( .*)?$/)) {
            why = substr(name, RSTART + 8)
            name = substr(name, 1, RSTART - 1)
            verdict = "skipped"
        }
        if (!(name in expected) && match(name, / # timeout after [0-9]+ ?s$/))
            name = substr(name, 1, RSTART - 1)
        if (!(name in expected) && match(name, /( #)? in [0-9]+ ?ms$/)) {
            ms = substr(name, RSTART, RLENGTH)
            gsub(/[^0-9]/, "", ms)
            name = substr(name, 1, RSTART - 1)
        }
    }
    current = sanitize(name)
    if (progress) {
        mark = verdict == "passed" ? "PASS" : verdict == "failed" ? "FAIL" : "SKIP"
        printf "  %s %6s  %s\n", mark, (ms == "" ? "" : sprintf("%.1fs", ms / 1000)), current > "/dev/stderr"
        fflush("/dev/stderr")
    }
    # A test that passed (or was skipped) has no diagnostics to wait for:
    # recorded now, not when the next test reports.
    if (verdict != "failed")
        finish()
    next
}

/^1\.\.[0-9]+$/ {
    if (plan != "") {
        print substr($0, 4) > plan
        close(plan)
    }
    next
}

/^#/ && current != "" {
    line = $0
    sub(/^# ?/, "", line)
    keep_line(show_paths(line))
    next
}

{
    if (current != "")
        keep_line($0)
    else if (stray_bytes < keep) {
        stray_bytes += length($0) + 1
        print sanitize($0) >> strays
    }
}

END {
    finish()
    close(records); close(seen); close(strays)
}
