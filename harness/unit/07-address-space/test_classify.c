/* test_classify.c — unit tests of classify_address (lab 07, classify.h) on
 * canned /proc/PID/maps texts: PIE and non-PIE, no [heap] line, range
 * boundaries, malformed lines, very long paths. Each text is handed over right
 * before a PROT_NONE page: reading past its NUL crashes that test alone. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "classify.h"
#include "maps_samples.h"

static char error[256];

/* classify — classify_address on a guarded copy of maps; fails the test on -1. */
static struct region classify(const char *maps, const struct program_image *image, uintptr_t address)
{
    struct region region;
    memset(&region, 0x5a, sizeof region);
    error[0] = '\0';
    int rc = classify_address(guarded_string(maps), image, address, &region, error, sizeof error);
    ck_assert_msg(rc == 0, "classify_address should return 0 for address %#jx of a well-formed maps text, "
                  "but returned %d: %s", (uintmax_t)address, rc, error);
    return region;
}

/* expect — address is in region `want`, found on line `line` of maps. */
static void expect(const char *maps, const struct program_image *image, uintptr_t address,
                   enum region_kind want, unsigned line, const char *what)
{
    struct region r = classify(maps, image, address);
    ck_assert_msg(r.kind == want, "%s at %#jx should be \"%s\", but classify_address said \"%s\".",
                  what, (uintmax_t)address, region_name(want), region_name(r.kind));
    ck_assert_msg(r.line == line, "%s at %#jx is on line %u of the maps text, but region.line is %u.",
                  what, (uintmax_t)address, line, r.line);
}

/* expect_error — classify_address rejects maps, naming line `line`. */
static void expect_error(const char *maps, uintptr_t address, unsigned line, const char *what)
{
    struct region region;
    memset(&region, 0x5a, sizeof region);
    error[0] = '\0';
    int rc = classify_address(guarded_string(maps), &PIE_IMAGE, address, &region, error, sizeof error);
    ck_assert_msg(rc == -1, "A maps text with %s on line %u should be rejected with -1, but classify_address returned %d.",
                  what, line, rc);
    ck_assert_msg(region.kind == REGION_UNMAPPED && region.line == 0,
                  "After rejecting a maps text (%s on line %u) the region should say \"unmapped\", line 0 "
                  "(no half answer), not \"%s\", line %u.", what, line, region_name(region.kind), region.line);
    char prefix[32];
    snprintf(prefix, sizeof prefix, "line %u: ", line);
    ck_assert_msg(strncmp(error, prefix, strlen(prefix)) == 0,
                  "The message for %s should start \"%s\", but it was \"%s\".", what, prefix, error);
    ck_assert_msg(strlen(error) > strlen(prefix), "After \"%s\" the message should say what is wrong.", prefix);
}

/* ---- Core: every region, in a PIE and a non-PIE process ---- */

/* Requirement: R6 */
START_TEST(test_classify_pie_text)
{
    expect(PIE_MAPS, &PIE_IMAGE, 0x5606899a3bcdu, REGION_TEXT, 2, "main (in the program's r-xp mapping)");
    struct region r = classify(PIE_MAPS, &PIE_IMAGE, 0x5606899a3bcdu);
    ck_assert_msg(r.entry.start == (uintptr_t)0x5606899a3000u && r.entry.end == (uintptr_t)0x5606899a5000u,
                  "region.entry should be the containing line 5606899a3000-5606899a5000, not %jx-%jx.",
                  (uintmax_t)r.entry.start, (uintmax_t)r.entry.end);
}
END_TEST

/* Requirement: R6 */
START_TEST(test_classify_pie_rodata)
{
    expect(PIE_MAPS, &PIE_IMAGE, 0x5606899a54d0u, REGION_RODATA, 3, "a string literal (the program's r--p mapping)");
    expect(PIE_MAPS, &PIE_IMAGE, 0x5606899a2000u, REGION_RODATA, 1, "the program's ELF header");
}
END_TEST

/* Requirement: R6, R7 */
START_TEST(test_classify_pie_data)
{
    expect(PIE_MAPS, &PIE_IMAGE, 0x5606899a70c8u, REGION_DATA, 5, "an initialised global (below data_end)");
}
END_TEST

/* Requirement: R7 */
START_TEST(test_classify_pie_bss)
{
    expect(PIE_MAPS, &PIE_IMAGE, 0x5606899a7120u, REGION_BSS, 5,
           "an uninitialised global in the program's rw-p file page (at or above data_end)");
    expect(PIE_MAPS, &PIE_IMAGE, 0x5606899a70ccu, REGION_BSS, 5, "data_end itself (the first byte of .bss)");
    expect(PIE_MAPS, &PIE_IMAGE, 0x5606899aa000u, REGION_BSS, 6,
           "an uninitialised global in the nameless mapping after the program (below bss_end)");
}
END_TEST

/* Requirement: R6 */
START_TEST(test_classify_heap)
{
    expect(PIE_MAPS, &PIE_IMAGE, 0x560699d4e2a0u, REGION_HEAP, 7, "a small malloc ([heap])");
    expect(NON_PIE_MAPS, &NON_PIE_IMAGE, 0x1b6c2a0u, REGION_HEAP, 6, "a small malloc in the non-PIE program");
}
END_TEST

/* Requirement: R6 */
START_TEST(test_classify_stack)
{
    expect(PIE_MAPS, &PIE_IMAGE, 0x7ffebbe075fcu, REGION_STACK, 25, "a local variable ([stack])");
}
END_TEST

/* Requirement: R6 */
START_TEST(test_classify_mmap)
{
    expect(PIE_MAPS, &PIE_IMAGE, 0x7fe992af8010u, REGION_MMAP, 8,
           "a large malloc (a nameless rw-p mapping, not [heap])");
    expect(PIE_MAPS, &PIE_IMAGE, 0x7fe992e12800u, REGION_MMAP, 14, "the nameless mapping after libc");
    expect(PIE_MAPS, &PIE_IMAGE, 0x5606899ad140u, REGION_MMAP, 6,
           "bss_end itself (past .bss, in the nameless mapping)");
}
END_TEST

/* Requirement: R6 */
START_TEST(test_classify_anon_name_is_mmap)
{
    /* Anonymous mappings a program has named (prctl PR_SET_VMA_ANON_NAME, Linux
     * 5.17+) show "[anon:NAME]", spaces allowed: still anonymous memory. */
    static const char maps[] =
        "5606899a9000-5606899aa000 r-xp 00001000 fe:01 1835087                    /usr/local/bin/demo\n"
        "7fe992af8000-7fe992b39000 rw-p 00000000 00:00 0                          [anon:glibc malloc]\n"
        "7fe992c00000-7fe992c01000 rw-p 00000000 00:00 0                          [anon:heap]\n"
        "7ffd83c84000-7ffd83ca5000 rw-p 00000000 00:00 0                          [stack]\n";
    expect(maps, &PIE_IMAGE, 0x7fe992af8010u, REGION_MMAP, 2, "an address in [anon:glibc malloc]");
    expect(maps, &PIE_IMAGE, 0x7fe992c00000u, REGION_MMAP, 3, "an address in [anon:heap] (not the [heap])");
}
END_TEST

/* Requirement: R6 */
START_TEST(test_classify_lib)
{
    expect(PIE_MAPS, &PIE_IMAGE, 0x7fe992c8f5b0u, REGION_LIB, 10, "printf (libc's r-xp mapping)");
    expect(PIE_MAPS, &PIE_IMAGE, 0x7fe992e11000u, REGION_LIB, 13, "libc's own data (rw-p, still a library)");
    expect(PIE_MAPS, &PIE_IMAGE, 0x7fe992e40000u, REGION_LIB, 20, "the dynamic loader");
}
END_TEST

/* Requirement: R6 */
START_TEST(test_classify_vdso)
{
    expect(PIE_MAPS, &PIE_IMAGE, 0x7fe992e32000u, REGION_VDSO, 18, "[vdso]");
    expect(PIE_MAPS, &PIE_IMAGE, 0x7fe992e2d000u, REGION_VDSO, 16, "[vvar]");
    expect(PIE_MAPS, &PIE_IMAGE, 0x7fe992e31000u, REGION_VDSO, 17, "[vvar_vclock]");
    expect(PIE_MAPS, &PIE_IMAGE, 0xffffffffff600400u, REGION_VDSO, 26, "[vsyscall]");
}
END_TEST

/* Requirement: R6 */
START_TEST(test_classify_non_pie)
{
    expect(NON_PIE_MAPS, &NON_PIE_IMAGE, 0x401136u, REGION_TEXT, 2, "main of a non-PIE program");
    expect(NON_PIE_MAPS, &NON_PIE_IMAGE, 0x402010u, REGION_RODATA, 3, "a string literal of a non-PIE program");
    expect(NON_PIE_MAPS, &NON_PIE_IMAGE, 0x404028u, REGION_DATA, 5, "an initialised global of a non-PIE program");
    expect(NON_PIE_MAPS, &NON_PIE_IMAGE, 0x40403cu, REGION_BSS, 5, "x of a non-PIE program (.bss in the file page)");
    expect(NON_PIE_MAPS, &NON_PIE_IMAGE, 0x404800u, REGION_DATA, 5,
           "the rest of the non-PIE program's rw-p page, past bss_end");
    expect(NON_PIE_MAPS, &NON_PIE_IMAGE, 0x7f2a10000010u, REGION_MMAP, 7, "a large malloc of a non-PIE program");
    expect(NON_PIE_MAPS, &NON_PIE_IMAGE, 0x7f2a1016b100u, REGION_LIB, 9, "libc of a non-PIE program");
    expect(NON_PIE_MAPS, &NON_PIE_IMAGE, 0x7ffc3a1d2ffcu, REGION_STACK, 10, "a local of a non-PIE program");
}
END_TEST

/* Requirement: R5 */
START_TEST(test_classify_unmapped)
{
    struct region r = classify(PIE_MAPS, &PIE_IMAGE, 0x6000000000u);
    ck_assert_msg(r.kind == REGION_UNMAPPED, "An address between mappings should be \"unmapped\", not \"%s\".",
                  region_name(r.kind));
    ck_assert_msg(r.line == 0, "For an unmapped address region.line should be 0, not %u.", r.line);
    r = classify(PIE_MAPS, &PIE_IMAGE, 0);
    ck_assert_msg(r.kind == REGION_UNMAPPED, "Address 0 (NULL) is below every mapping: \"unmapped\", not \"%s\".",
                  region_name(r.kind));
}
END_TEST

/* ---- Limits: boundaries, missing [heap], long paths, odd texts ---- */

/* Requirement: R5 */
START_TEST(test_classify_start_is_inclusive)
{
    expect(PIE_MAPS, &PIE_IMAGE, 0x560699d4e000u, REGION_HEAP, 7, "The first byte of [heap] (start is inclusive)");
    expect(PIE_MAPS, &PIE_IMAGE, 0x7ffebbde8000u, REGION_STACK, 25, "The first byte of [stack]");
}
END_TEST

/* Requirement: R5 */
START_TEST(test_classify_end_is_exclusive)
{
    /* [heap] ends at 560699d6f000 and nothing starts there. */
    struct region r = classify(PIE_MAPS, &PIE_IMAGE, 0x560699d6f000u);
    ck_assert_msg(r.kind == REGION_UNMAPPED,
                  "560699d6f000 is the END of [heap], the first byte after it (end is exclusive): "
                  "\"unmapped\", not \"%s\".", region_name(r.kind));
    /* libc's last line ends where the nameless line 14 starts: the address is line 14's. */
    expect(PIE_MAPS, &PIE_IMAGE, 0x7fe992e12000u, REGION_MMAP, 14,
           "7fe992e12000, the end of libc's rw-p line and the start of the next line,");
    expect(PIE_MAPS, &PIE_IMAGE, 0x5606899a3000u, REGION_TEXT, 2,
           "5606899a3000, the end of the program's header line and the start of its text,");
}
END_TEST

/* Requirement: R5 */
START_TEST(test_classify_last_byte_is_inside)
{
    expect(PIE_MAPS, &PIE_IMAGE, 0x560699d6efffu, REGION_HEAP, 7, "The last byte of [heap] (end - 1)");
    expect(PIE_MAPS, &PIE_IMAGE, 0x5606899a4fffu, REGION_TEXT, 2, "The last byte of the program's text");
}
END_TEST

/* Requirement: R6 */
START_TEST(test_classify_no_heap_line)
{
    expect(NO_HEAP_MAPS, &NO_HEAP_IMAGE, 0x7f0000000010u, REGION_MMAP, 5,
           "Without a [heap] line, memory in a nameless mapping");
    expect(NO_HEAP_MAPS, &NO_HEAP_IMAGE, 0x55f000001010u, REGION_TEXT, 2, "main, with no [heap] line");
    expect(NO_HEAP_MAPS, &NO_HEAP_IMAGE, 0x55f000002010u, REGION_DATA, 3, "an initialised global, with no [heap] line");
    expect(NO_HEAP_MAPS, &NO_HEAP_IMAGE, 0x55f000003100u, REGION_BSS, 4,
           "an uninitialised global in the nameless mapping after the program");
    expect(NO_HEAP_MAPS, &NO_HEAP_IMAGE, 0x55f000004100u, REGION_MMAP, 4,
           "the nameless mapping after the program, past bss_end");
}
END_TEST

/* Requirement: R7 */
START_TEST(test_classify_without_linker_symbols)
{
    const struct program_image unknown = {PIE_PROGRAM, 0, 0};
    expect(PIE_MAPS, &unknown, 0x5606899a7120u, REGION_DATA, 5,
           "With data_end and bss_end unknown (0), the program's writable mapping");
    expect(PIE_MAPS, &unknown, 0x5606899aa000u, REGION_MMAP, 6,
           "With data_end and bss_end unknown (0), the nameless mapping after the program");
    expect(PIE_MAPS, NULL, 0x5606899a3bcdu, REGION_LIB, 2,
           "With no program image (NULL), the program's file is just another file:");
}
END_TEST

/* Requirement: R3 */
START_TEST(test_classify_very_long_path)
{
    char *program = repeat("/", 'p', 6000, "/address_space");
    char *maps = malloc(20000);
    ck_assert_msg(maps != NULL, "The test could not allocate memory.");
    snprintf(maps, 20000,
             "00400000-00401000 r-xp 00000000 08:01 1 %s\n"
             "00401000-00402000 rw-p 00001000 08:01 1 %s\n"
             "7f0000000000-7f0000001000 r-xp 00000000 08:01 2 %s.so\n",
             program, program, program);
    const struct program_image image = {program, 0x401100u, 0x401200u};
    expect(maps, &image, 0x400100u, REGION_TEXT, 1, "main of a program whose path is 6015 characters long");
    expect(maps, &image, 0x401180u, REGION_BSS, 2, "x of a program whose path is 6015 characters long");
    expect(maps, &image, 0x7f0000000100u, REGION_LIB, 3, "a library whose 6018-character path starts with the program's");
    free(maps);
    free(program);
}
END_TEST

/* Requirement: R6 */
START_TEST(test_classify_path_prefix_is_not_program)
{
    static const char maps[] =
        "00400000-00401000 r-xp 00000000 08:01 1 /usr/local/bin/demo\n"
        "00500000-00501000 r-xp 00000000 08:01 2 /usr/local/bin/demo-helper.so\n"
        "00600000-00601000 r-xp 00000000 08:01 3 /usr/local/bin/dem\n";
    expect(maps, &PIE_IMAGE, 0x400010u, REGION_TEXT, 1, "code of /usr/local/bin/demo (the program)");
    expect(maps, &PIE_IMAGE, 0x500010u, REGION_LIB, 2,
           "code of /usr/local/bin/demo-helper.so (its path only STARTS with the program's)");
    expect(maps, &PIE_IMAGE, 0x600010u, REGION_LIB, 3, "code of /usr/local/bin/dem (a prefix of the program's path)");
}
END_TEST

/* Requirement: R8 */
START_TEST(test_classify_last_line_without_newline)
{
    static const char maps[] =
        "00400000-00401000 r-xp 00000000 08:01 1 /usr/local/bin/demo\n"
        "7ffebbde8000-7ffebbe09000 rw-p 00000000 00:00 0 [stack]";
    expect(maps, &PIE_IMAGE, 0x7ffebbe00000u, REGION_STACK, 2, "A local, on a last line without '\\n',");
}
END_TEST

/* Requirement: R8 */
START_TEST(test_classify_empty_text)
{
    expect(PIE_MAPS, &PIE_IMAGE, 0x5606899a3bcdu, REGION_TEXT, 2, "main (the control)");
    struct region r = classify("", &PIE_IMAGE, 0x400000u);
    ck_assert_msg(r.kind == REGION_UNMAPPED && r.line == 0,
                  "In an empty maps text every address is \"unmapped\" (line 0), not \"%s\" (line %u).",
                  region_name(r.kind), r.line);
}
END_TEST

/* ---- Errors: malformed text is reported by line, never a crash ---- */

/* Requirement: R5 */
START_TEST(test_classify_malformed_line_number)
{
    static const char maps[] =
        "00400000-00401000 r-xp 00000000 08:01 1 /usr/local/bin/demo\n"
        "00401000-00402000 rw-p 00001000 08:01 1 /usr/local/bin/demo\n"
        "this is not a maps line\n"
        "7ffebbde8000-7ffebbe09000 rw-p 00000000 00:00 0 [stack]\n";
    expect_error(maps, 0x7ffebbe00000u, 3, "plain words");
    /* The smallest buffer: 1 byte holds only the NUL. */
    char small[8];
    memset(small, 'X', sizeof small);
    struct region region;
    int rc = classify_address(guarded_string(maps), &PIE_IMAGE, 0x400010u, &region, small, 1);
    ck_assert_msg(rc == -1 && small[0] == '\0' && small[1] == 'X',
                  "With error_size 1 the message is cut to nothing: expected -1, error[0] the NUL and error[1] "
                  "untouched; got %d, 0x%02x and 0x%02x.", rc, (unsigned char)small[0], (unsigned char)small[1]);
}
END_TEST

/* Requirement: R5 */
START_TEST(test_classify_malformed_after_match)
{
    static const char maps[] =
        "00400000-00401000 r-xp 00000000 08:01 1 /usr/local/bin/demo\n"
        "00401000-00402000 rw-p 00001000 08:01 1 /usr/local/bin/demo\n"
        "7ffebbde8000-7ffebbe09000 rw-p 00000000 00:00 0 [stack]\n"
        "7ffebbe09000-7ffebbe08000 rw-p 00000000 00:00 0 [reversed]\n";
    expect_error(maps, 0x400010u, 4, "a reversed range after the line that matches");
}
END_TEST

/* Requirement: R2, R8 */
START_TEST(test_classify_truncated_last_line)
{
    static const char maps[] =
        "00400000-00401000 r-xp 00000000 08:01 1 /usr/local/bin/demo\n"
        "7ffebbde8000-7ffe";
    expect_error(maps, 0x400010u, 2, "a line cut short at the end of the text");
}
END_TEST

/* Requirement: R4 */
START_TEST(test_classify_binary_garbage)
{
    char garbage[4097];
    unsigned seed = 7;
    for (size_t i = 0; i < sizeof garbage - 1; i++) {
        seed = seed * 1103515245u + 12345u;
        garbage[i] = (char)(1 + (seed >> 16) % 255); /* any byte but NUL */
    }
    garbage[sizeof garbage - 1] = '\0';
    /* A well-formed first line, then 4 KiB of random bytes. */
    char *maps = malloc(sizeof garbage + 100);
    ck_assert_msg(maps != NULL, "The test could not allocate memory.");
    snprintf(maps, sizeof garbage + 100, "00400000-00401000 r-xp 00000000 08:01 1 /usr/local/bin/demo\n%s", garbage);
    struct region region;
    error[0] = '\0';
    int rc = classify_address(guarded_string(maps), &PIE_IMAGE, 0x400010u, &region, error, sizeof error);
    ck_assert_msg(rc == -1, "A maps text with random bytes after line 1 should be rejected with -1, not %d.", rc);
    ck_assert_msg(strncmp(error, "line ", 5) == 0 && strncmp(error, "line 1:", 7) != 0,
                  "The message should name a line after line 1, but it was \"%s\".", error);
    free(maps);
}
END_TEST

static Suite *classify_suite(void)
{
    Suite *s = suite_create("classify_address");
    TCase *core = tcase_create("Core");
    tcase_set_timeout(core, TEST_TIMEOUT_SECONDS);
    tcase_add_test(core, test_classify_pie_text);
    tcase_add_test(core, test_classify_pie_rodata);
    tcase_add_test(core, test_classify_pie_data);
    tcase_add_test(core, test_classify_pie_bss);
    tcase_add_test(core, test_classify_heap);
    tcase_add_test(core, test_classify_stack);
    tcase_add_test(core, test_classify_mmap);
    tcase_add_test(core, test_classify_anon_name_is_mmap);
    tcase_add_test(core, test_classify_lib);
    tcase_add_test(core, test_classify_vdso);
    tcase_add_test(core, test_classify_non_pie);
    tcase_add_test(core, test_classify_unmapped);
    suite_add_tcase(s, core);

    TCase *limits = tcase_create("Limits");
    tcase_set_timeout(limits, TEST_TIMEOUT_SECONDS);
    tcase_add_test(limits, test_classify_start_is_inclusive);
    tcase_add_test(limits, test_classify_end_is_exclusive);
    tcase_add_test(limits, test_classify_last_byte_is_inside);
    tcase_add_test(limits, test_classify_no_heap_line);
    tcase_add_test(limits, test_classify_without_linker_symbols);
    tcase_add_test(limits, test_classify_very_long_path);
    tcase_add_test(limits, test_classify_path_prefix_is_not_program);
    tcase_add_test(limits, test_classify_last_line_without_newline);
    tcase_add_test(limits, test_classify_empty_text);
    suite_add_tcase(s, limits);

    TCase *errors = tcase_create("Errors");
    tcase_set_timeout(errors, TEST_TIMEOUT_SECONDS);
    tcase_add_test(errors, test_classify_malformed_line_number);
    tcase_add_test(errors, test_classify_malformed_after_match);
    tcase_add_test(errors, test_classify_truncated_last_line);
    tcase_add_test(errors, test_classify_binary_garbage);
    suite_add_tcase(s, errors);
    return s;
}

int main(void)
{
    SRunner *runner = srunner_create(classify_suite());
    srunner_run_all(runner, CK_ENV); /* CK_VERBOSITY decides; run-unit reads the TAP log */
    int failed = srunner_ntests_failed(runner);
    srunner_free(runner);
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
