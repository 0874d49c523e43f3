/* test_parse.c — unit tests of maps_parse_line (lab 07, classify.h).
 * Every line is handed over WITHOUT a NUL, right before a PROT_NONE page:
 * reading past `length` crashes that test (and fails it alone). */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "classify.h"
#include "maps_samples.h"

static char error[256];

/* dirty_stack — fill the stack below us with 0x5a, so that a local of
 * maps_parse_line it forgets to set (perms' NUL) holds junk, not a lucky 0. */
static void dirty_stack(void)
{
    volatile char junk[8192];
    for (size_t i = 0; i < sizeof junk; i++)
        junk[i] = 0x5a;
}

/* parse — maps_parse_line on a guarded copy of text (strlen bytes, no NUL). */
static int parse(const char *text, struct maps_entry *entry)
{
    memset(entry, 0x5a, sizeof *entry);
    error[0] = '\0';
    const char *copy = guarded(text, strlen(text));
    dirty_stack();
    return maps_parse_line(copy, strlen(text), entry, error, sizeof error);
}

/* path_equals — the entry's path view is exactly want. */
static int path_equals(const struct maps_entry *e, const char *want)
{
    size_t n = strlen(want);
    return e->path_len == n && (n == 0 || (e->path != NULL && memcmp(e->path, want, n) == 0));
}

/* expect_rejected — text is malformed: -1 and a message. */
static void expect_rejected(const char *text, const char *why)
{
    struct maps_entry e;
    int rc = parse(text, &e);
    ck_assert_msg(rc == -1, "A line %s should be rejected with -1, but maps_parse_line returned %d for \"%s\".",
                  why, rc, text);
    ck_assert_msg(error[0] != '\0', "A rejected line (%s) should come with a message in error, but it was empty.", why);
}

/* expect_accepted — the control: a well-formed line parses. */
static void expect_accepted(const char *text)
{
    struct maps_entry e;
    int rc = parse(text, &e);
    ck_assert_msg(rc == 0, "The well-formed line \"%s\" should parse (return 0), but maps_parse_line returned %d: %s",
                  text, rc, error);
}

static const char *const GOOD = "00400000-00401000 r-xp 00001000 08:01 3001 /bin/demo";

/* Requirement: R1 */
START_TEST(test_parse_file_mapping)
{
    struct maps_entry e;
    const char *line = "7fe992c63000-7fe992db9000 r-xp 00026000 fe:00 2002                       /usr/lib/x86_64-linux-gnu/libc.so.6";
    ck_assert_msg(parse(line, &e) == 0, "A libc line should parse, but got: %s", error);
    ck_assert_msg(e.start == (uintptr_t)0x7fe992c63000u, "start should be 0x7fe992c63000, not %#jx.", (uintmax_t)e.start);
    ck_assert_msg(e.end == (uintptr_t)0x7fe992db9000u, "end should be 0x7fe992db9000, not %#jx.", (uintmax_t)e.end);
    ck_assert_msg(strcmp(e.perms, "r-xp") == 0, "perms should be \"r-xp\", not \"%.4s\".", e.perms);
    ck_assert_msg(e.offset == 0x26000u, "offset is hex: it should be 0x26000, not %#llx.", e.offset);
    ck_assert_msg(e.inode == 2002, "inode is decimal: it should be 2002, not %lu.", e.inode);
    ck_assert_msg(path_equals(&e, "/usr/lib/x86_64-linux-gnu/libc.so.6"),
                  "path should be the libc path without the padding, not \"%.*s\" (length %zu).",
                  (int)(e.path_len < 200 ? e.path_len : 200), e.path ? e.path : "", e.path_len);
}
END_TEST

/* Requirement: R1, R3 */
START_TEST(test_parse_anonymous_mapping)
{
    struct maps_entry e;
    ck_assert_msg(parse("7fe992af8000-7fe992c3d000 rw-p 00000000 00:00 0 ", &e) == 0,
                  "An anonymous line (with the kernel's trailing space) should parse, but got: %s", error);
    ck_assert_msg(e.path_len == 0, "An anonymous mapping has no path: path_len should be 0, not %zu.", e.path_len);
    ck_assert_msg(e.inode == 0 && strcmp(e.perms, "rw-p") == 0, "inode should be 0 and perms \"rw-p\".");
    ck_assert_msg(parse("7fe992af8000-7fe992c3d000 rw-p 00000000 00:00 0", &e) == 0,
                  "An anonymous line without the trailing space should parse too, but got: %s", error);
    ck_assert_msg(e.path_len == 0, "Without a trailing space, path_len should still be 0, not %zu.", e.path_len);
}
END_TEST

/* Requirement: R3 */
START_TEST(test_parse_pseudo_path)
{
    struct maps_entry e;
    ck_assert_msg(parse("560699d4e000-560699d6f000 rw-p 00000000 00:00 0                          [heap]", &e) == 0,
                  "A [heap] line should parse, but got: %s", error);
    ck_assert_msg(path_equals(&e, "[heap]"), "path should be \"[heap]\", not \"%.*s\".",
                  (int)e.path_len, e.path ? e.path : "");
}
END_TEST

/* Requirement: R3 */
START_TEST(test_parse_path_with_spaces)
{
    struct maps_entry e;
    ck_assert_msg(parse("00400000-00401000 r-xp 00000000 08:01 42     /home/student/my lab 07/a.out", &e) == 0,
                  "A path with spaces should parse, but got: %s", error);
    ck_assert_msg(path_equals(&e, "/home/student/my lab 07/a.out"),
                  "The path is everything after the padding, spaces included: expected \"/home/student/my lab 07/a.out\", got \"%.*s\".",
                  (int)e.path_len, e.path ? e.path : "");
}
END_TEST

/* Requirement: R3 */
START_TEST(test_parse_deleted_path)
{
    /* A file replaced or removed while mapped: the kernel appends " (deleted)". */
    struct maps_entry e;
    ck_assert_msg(parse("7f3c1a200000-7f3c1a222000 r-xp 00000000 08:01 1234                       /tmp/lab 07/libdemo.so (deleted)", &e) == 0,
                  "A path ending in \" (deleted)\" should parse, but got: %s", error);
    ck_assert_msg(path_equals(&e, "/tmp/lab 07/libdemo.so (deleted)"),
                  "The path is everything after the padding, \" (deleted)\" included: expected \"/tmp/lab 07/libdemo.so (deleted)\", got \"%.*s\".",
                  (int)e.path_len, e.path ? e.path : "");
}
END_TEST

/* Requirement: R3 */
START_TEST(test_parse_very_long_path)
{
    struct maps_entry e;
    char *line = repeat("00400000-00401000 r-xp 00000000 08:01 42 /", 'd', 10000, "/prog");
    ck_assert_msg(parse(line, &e) == 0, "A line with a 10006-character path should parse, but got: %s", error);
    ck_assert_msg(e.path_len == 10006, "The path should be 10006 characters long, not %zu (a fixed-size buffer?).",
                  e.path_len);
    ck_assert_msg(e.path != NULL && e.path[0] == '/' && memcmp(e.path + 10001, "/prog", 5) == 0,
                  "The long path should end in \"/prog\", whole.");
    free(line);
}
END_TEST

/* Requirement: R3 */
START_TEST(test_parse_one_character_path)
{
    /* The shortest path there is: any length means 1 too. */
    struct maps_entry e;
    ck_assert_msg(parse("00400000-00401000 r--p 00000000 08:01 2 /", &e) == 0,
                  "A line whose path is \"/\" should parse, but got: %s", error);
    ck_assert_msg(path_equals(&e, "/") && e.path != NULL,
                  "The path should be \"/\" (length 1, path not NULL), not length %zu at %p.", e.path_len,
                  (const void *)e.path);
}
END_TEST

/* Requirement: R1 */
START_TEST(test_parse_top_of_address_space)
{
    struct maps_entry e;
    ck_assert_msg(parse("ffffffffff600000-ffffffffff601000 --xp 00000000 00:00 0                  [vsyscall]", &e) == 0,
                  "The [vsyscall] line near the top of the 64-bit address space should parse, but got: %s", error);
    ck_assert_msg(e.start == (uintptr_t)0xffffffffff600000u && e.end == (uintptr_t)0xffffffffff601000u,
                  "start and end should be 0xffffffffff600000 and 0xffffffffff601000 (all 64 bits kept).");
    ck_assert_msg(strcmp(e.perms, "--xp") == 0, "perms should be \"--xp\".");
}
END_TEST

/* Requirement: R1 */
START_TEST(test_parse_uppercase_hex)
{
    struct maps_entry e;
    ck_assert_msg(parse("0040AF00-0040BF00 r-xp 0000ABCD 0A:1F 7 /bin/demo", &e) == 0,
                  "Hex digits may be upper case (A-F), as strtoul reads them; got: %s", error);
    ck_assert_msg(e.start == (uintptr_t)0x40af00u && e.end == (uintptr_t)0x40bf00u,
                  "0040AF00-0040BF00 is 0x40af00-0x40bf00, not %#jx-%#jx.", (uintmax_t)e.start,
                  (uintmax_t)e.end);
    ck_assert_msg(e.offset == 0xabcdu, "offset 0000ABCD is 0xabcd, not %#llx.", e.offset);
    ck_assert_msg(strcmp(e.perms, "r-xp") == 0, "perms should be \"r-xp\", not \"%.4s\".", e.perms);
}
END_TEST

/* Requirement: R1, R4 */
START_TEST(test_parse_largest_numbers)
{
    struct maps_entry e;
    ck_assert_msg(parse("00400000-00401000 r--s 00000000 08:01 18446744073709551615 /bin/demo", &e) == 0,
                  "The largest inode an unsigned long holds, 18446744073709551615, fits; got: %s", error);
    ck_assert_msg(e.inode == (unsigned long)-1, "inode should be 18446744073709551615, not %lu.", e.inode);
    ck_assert_msg(strcmp(e.perms, "r--s") == 0, "perms should be \"r--s\", not \"%.4s\".", e.perms);
    expect_rejected("00400000-00401000 r--s 00000000 08:01 18446744073709551616 /bin/demo",
                    "whose inode needs more than 64 bits");
    /* The device's numbers are 32-bit hex: ffffffff is the largest. */
    expect_accepted("00400000-00401000 r--s 00000000 ffffffff:FFFFFFFF 1 /bin/demo");
    /* The offset is an unsigned long long: all 64 bits of it. */
    ck_assert_msg(parse("00400000-00401000 r--p ffffffffffffffff 08:01 1 /bin/demo", &e) == 0,
                  "The largest offset an unsigned long long holds, ffffffffffffffff, fits; got: %s", error);
    ck_assert_msg(e.offset == ~0ULL, "offset should be 0xffffffffffffffff, not %#llx.", e.offset);
    expect_rejected("00400000-00401000 r--p 10000000000000000 08:01 1 /bin/demo",
                    "whose offset needs more than 64 bits");
}
END_TEST

/* Requirement: R2 */
START_TEST(test_parse_stops_at_length)
{
    struct maps_entry e;
    /* The line ends in digits: a parser that reads on (strtoul on a string that
     * is not NUL-terminated) walks into the guard page. */
    ck_assert_msg(parse("00400000-00401000 r-xp 00000000 08:01 4242", &e) == 0,
                  "A line ending right after the inode should parse, but got: %s", error);
    ck_assert_msg(e.inode == 4242 && e.path_len == 0, "inode should be 4242 and there is no path.");
    /* The same bytes with a longer line after them: only `length` bytes count. */
    const char *text = "00400000-00401000 r-xp 00000000 08:01 4242 /bin/longer-than-length";
    ck_assert_msg(maps_parse_line(text, 42, &e, error, sizeof error) == 0,
                  "Given length 42, only \"00400000-00401000 r-xp 00000000 08:01 4242\" counts; got: %s", error);
    ck_assert_msg(e.path_len == 0, "Bytes past length are not part of the line: path_len should be 0, not %zu.",
                  e.path_len);
}
END_TEST

/* Requirement: R4 */
START_TEST(test_parse_rejects_garbage)
{
    expect_accepted(GOOD);
    expect_rejected("hello world", "of plain words");
    expect_rejected("", "that is empty");
    expect_rejected("   ", "of spaces only");
    /* Every field is followed by at least one space: none is not "any number". */
    expect_rejected("00400000-00401000r-xp 00001000 08:01 3001 /bin/demo",
                    "with no space between the address range and the perms");
    expect_rejected("00400000-00401000 r-xp00001000 08:01 3001 /bin/demo",
                    "with no space between the perms and the offset");
}
END_TEST

/* Requirement: R4 */
START_TEST(test_parse_rejects_missing_end)
{
    expect_accepted(GOOD);
    expect_rejected("00400000 r-xp 00001000 08:01 3001 /bin/demo", "without '-END' in the range");
    expect_rejected("00400000- r-xp 00001000 08:01 3001 /bin/demo", "with nothing after '-'");
}
END_TEST

/* Requirement: R4 */
START_TEST(test_parse_rejects_bad_permissions)
{
    expect_accepted(GOOD);
    expect_rejected("00400000-00401000 rwxz 00001000 08:01 3001 /bin/demo", "with perms \"rwxz\"");
    expect_rejected("00400000-00401000 r-x 00001000 08:01 3001 /bin/demo", "with three perms characters");
    expect_rejected("00400000-00401000 xwrp 00001000 08:01 3001 /bin/demo", "with perms out of order");
}
END_TEST

/* Requirement: R4 */
START_TEST(test_parse_rejects_start_not_below_end)
{
    expect_accepted(GOOD);
    expect_rejected("00401000-00400000 r-xp 00001000 08:01 3001 /bin/demo", "whose start is above its end");
    expect_rejected("00400000-00400000 r-xp 00001000 08:01 3001 /bin/demo", "whose range is empty");
}
END_TEST

/* Requirement: R2, R4 */
START_TEST(test_parse_rejects_truncated_line)
{
    expect_accepted(GOOD);
    static const char *const cut[] = {
        "00400000", "00400000-", "00400000-00401000", "00400000-00401000 ",
        "00400000-00401000 r-x", "00400000-00401000 r-xp", "00400000-00401000 r-xp ",
        "00400000-00401000 r-xp 00001000",
        "00400000-00401000 r-xp 00001000 08:", "00400000-00401000 r-xp 00001000 08:01",
        "00400000-00401000 r-xp 00001000 08:01 ",
    };
    for (size_t i = 0; i < sizeof cut / sizeof cut[0]; i++)
        expect_rejected(cut[i], "cut short before its inode");
}
END_TEST

/* Requirement: R4 */
START_TEST(test_parse_rejects_overflowing_address)
{
    expect_accepted(GOOD);
    expect_rejected("10000000000000000-10000000000001000 r-xp 00000000 08:01 1 /bin/demo",
                    "whose addresses need more than 64 bits");
}
END_TEST

/* Requirement: R4 */
START_TEST(test_parse_rejects_non_hex_address)
{
    expect_accepted(GOOD);
    expect_rejected("0040zz00-00401000 r-xp 00000000 08:01 1 /bin/demo", "with 'z' in an address");
    expect_rejected("-00401000 r-xp 00000000 08:01 1 /bin/demo", "without a start address");
    expect_rejected("00400000-00401000 r-xp 0000000g 08:01 1 /bin/demo", "with 'g' in the offset");
    expect_rejected("00400000-00401000 r-xp 00000000 08:01 12x /bin/demo", "with 'x' in the inode");
    expect_rejected("00400000-00401000 r-xp 00000000 08:01 12a /bin/demo", "with the hex digit 'a' in the decimal inode");
    expect_rejected("00400000-00401000 r-xp 00000000 0g:01 1 /bin/demo", "with 'g' in the device's major");
    expect_rejected("00400000-00401000 r-xp 00000000 08:0g 1 /bin/demo", "with 'g' in the device's minor");
}
END_TEST

/* Requirement: R4 */
START_TEST(test_parse_error_fits_buffer)
{
    expect_accepted(GOOD);
    char small[64];
    memset(small, 'X', sizeof small);
    struct maps_entry e;
    int rc = maps_parse_line("garbage, not a maps line", 24, &e, small, 16);
    ck_assert_msg(rc == -1, "\"garbage, not a maps line\" should be rejected with -1, not %d.", rc);
    ck_assert_msg(memchr(small, '\0', 16) != NULL,
                  "With error_size 16 the message must be cut to 15 characters and a NUL.");
    ck_assert_msg(small[0] != '\0', "The cut message should still say something, not be empty.");
    for (size_t i = 16; i < sizeof small; i++)
        ck_assert_msg(small[i] == 'X', "maps_parse_line wrote byte %zu of error, past error_size 16.", i);
    /* The smallest buffers: 1 byte holds only the NUL, 0 bytes nothing at all. */
    memset(small, 'X', sizeof small);
    rc = maps_parse_line("garbage, not a maps line", 24, &e, small, 1);
    ck_assert_msg(rc == -1, "\"garbage, not a maps line\" should be rejected with -1, not %d.", rc);
    ck_assert_msg(small[0] == '\0' && small[1] == 'X',
                  "With error_size 1 the message is cut to nothing: error[0] should be the NUL and error[1] "
                  "untouched, but they were 0x%02x and 0x%02x.", (unsigned char)small[0], (unsigned char)small[1]);
    memset(small, 'X', sizeof small);
    rc = maps_parse_line("garbage, not a maps line", 24, &e, small, 0);
    ck_assert_msg(rc == -1 && small[0] == 'X',
                  "With error_size 0 nothing may be written to error (it may not even exist); got rc %d, error[0] 0x%02x.",
                  rc, (unsigned char)small[0]);
}
END_TEST

static Suite *parse_suite(void)
{
    Suite *s = suite_create("maps_parse_line");
    TCase *core = tcase_create("Core");
    tcase_set_timeout(core, TEST_TIMEOUT_SECONDS);
    tcase_add_test(core, test_parse_file_mapping);
    tcase_add_test(core, test_parse_anonymous_mapping);
    tcase_add_test(core, test_parse_pseudo_path);
    tcase_add_test(core, test_parse_uppercase_hex);
    suite_add_tcase(s, core);

    TCase *limits = tcase_create("Limits");
    tcase_set_timeout(limits, TEST_TIMEOUT_SECONDS);
    tcase_add_test(limits, test_parse_path_with_spaces);
    tcase_add_test(limits, test_parse_deleted_path);
    tcase_add_test(limits, test_parse_very_long_path);
    tcase_add_test(limits, test_parse_one_character_path);
    tcase_add_test(limits, test_parse_top_of_address_space);
    tcase_add_test(limits, test_parse_largest_numbers);
    tcase_add_test(limits, test_parse_stops_at_length);
    suite_add_tcase(s, limits);

    TCase *errors = tcase_create("Errors");
    tcase_set_timeout(errors, TEST_TIMEOUT_SECONDS);
    tcase_add_test(errors, test_parse_rejects_garbage);
    tcase_add_test(errors, test_parse_rejects_missing_end);
    tcase_add_test(errors, test_parse_rejects_bad_permissions);
    tcase_add_test(errors, test_parse_rejects_start_not_below_end);
    tcase_add_test(errors, test_parse_rejects_truncated_line);
    tcase_add_test(errors, test_parse_rejects_overflowing_address);
    tcase_add_test(errors, test_parse_rejects_non_hex_address);
    tcase_add_test(errors, test_parse_error_fits_buffer);
    suite_add_tcase(s, errors);
    return s;
}

int main(void)
{
    SRunner *runner = srunner_create(parse_suite());
    srunner_run_all(runner, CK_ENV); /* CK_VERBOSITY decides; run-unit reads the TAP log */
    int failed = srunner_ntests_failed(runner);
    srunner_free(runner);
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
