/* maps_samples.h — canned /proc/PID/maps texts and helpers for the lab 07 unit tests.
 * The texts are cut from real runs of address_space (PIE) and of a -no-pie build. */
#ifndef MAPS_SAMPLES_H
#define MAPS_SAMPLES_H

#include <check.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "classify.h"

#define TEST_TIMEOUT_SECONDS 5

/* A PIE program: loaded at a random 0x55..., its .bss runs past the file page
 * into the nameless mapping after it; a large malloc at 7fe992af8000. */
#define PIE_PROGRAM "/usr/local/bin/demo"
static const char PIE_MAPS[] =
    "5606899a2000-5606899a3000 r--p 00000000 fe:00 1001                       /usr/local/bin/demo\n"  /* 1 */
    "5606899a3000-5606899a5000 r-xp 00001000 fe:00 1001                       /usr/local/bin/demo\n"  /* 2 */
    "5606899a5000-5606899a6000 r--p 00003000 fe:00 1001                       /usr/local/bin/demo\n"  /* 3 */
    "5606899a6000-5606899a7000 r--p 00003000 fe:00 1001                       /usr/local/bin/demo\n"  /* 4 */
    "5606899a7000-5606899a8000 rw-p 00004000 fe:00 1001                       /usr/local/bin/demo\n"  /* 5 */
    "5606899a8000-5606899ae000 rw-p 00000000 00:00 0 \n"                                              /* 6 */
    "560699d4e000-560699d6f000 rw-p 00000000 00:00 0                          [heap]\n"               /* 7 */
    "7fe992af8000-7fe992c3d000 rw-p 00000000 00:00 0 \n"                                              /* 8 */
    "7fe992c3d000-7fe992c63000 r--p 00000000 fe:00 2002                       /usr/lib/x86_64-linux-gnu/libc.so.6\n" /* 9 */
    "7fe992c63000-7fe992db9000 r-xp 00026000 fe:00 2002                       /usr/lib/x86_64-linux-gnu/libc.so.6\n" /* 10 */
    "7fe992db9000-7fe992e0c000 r--p 0017c000 fe:00 2002                       /usr/lib/x86_64-linux-gnu/libc.so.6\n" /* 11 */
    "7fe992e0c000-7fe992e10000 r--p 001cf000 fe:00 2002                       /usr/lib/x86_64-linux-gnu/libc.so.6\n" /* 12 */
    "7fe992e10000-7fe992e12000 rw-p 001d3000 fe:00 2002                       /usr/lib/x86_64-linux-gnu/libc.so.6\n" /* 13 */
    "7fe992e12000-7fe992e1f000 rw-p 00000000 00:00 0 \n"                                              /* 14 */
    "7fe992e2a000-7fe992e2c000 rw-p 00000000 00:00 0 \n"                                              /* 15 */
    "7fe992e2c000-7fe992e30000 r--p 00000000 00:00 0                          [vvar]\n"               /* 16 */
    "7fe992e30000-7fe992e32000 r--p 00000000 00:00 0                          [vvar_vclock]\n"        /* 17 */
    "7fe992e32000-7fe992e34000 r-xp 00000000 00:00 0                          [vdso]\n"               /* 18 */
    "7fe992e34000-7fe992e35000 r--p 00000000 fe:00 2001                       /usr/lib/x86_64-linux-gnu/ld-linux-x86-64.so.2\n" /* 19 */
    "7fe992e35000-7fe992e5a000 r-xp 00001000 fe:00 2001                       /usr/lib/x86_64-linux-gnu/ld-linux-x86-64.so.2\n" /* 20 */
    "7fe992e5a000-7fe992e64000 r--p 00026000 fe:00 2001                       /usr/lib/x86_64-linux-gnu/ld-linux-x86-64.so.2\n" /* 21 */
    "7fe992e64000-7fe992e66000 r--p 00030000 fe:00 2001                       /usr/lib/x86_64-linux-gnu/ld-linux-x86-64.so.2\n" /* 22 */
    "7fe992e66000-7fe992e68000 rw-p 00032000 fe:00 2001                       /usr/lib/x86_64-linux-gnu/ld-linux-x86-64.so.2\n" /* 23 */
    "7fe992e68000-7fe992e69000 rw-p 00000000 00:00 0 \n"                                              /* 24 */
    "7ffebbde8000-7ffebbe09000 rw-p 00000000 00:00 0                          [stack]\n"              /* 25 */
    "ffffffffff600000-ffffffffff601000 --xp 00000000 00:00 0                  [vsyscall]\n";          /* 26 */
static const struct program_image PIE_IMAGE = {PIE_PROGRAM, 0x5606899a70ccu, 0x5606899ad140u};

/* A non-PIE program (cc -no-pie): always at 0x400000; its small .bss fits in
 * the file page. */
#define NON_PIE_PROGRAM "/home/student/lab07/address_space"
static const char NON_PIE_MAPS[] =
    "00400000-00401000 r--p 00000000 08:01 3001                               /home/student/lab07/address_space\n" /* 1 */
    "00401000-00402000 r-xp 00001000 08:01 3001                               /home/student/lab07/address_space\n" /* 2 */
    "00402000-00403000 r--p 00002000 08:01 3001                               /home/student/lab07/address_space\n" /* 3 */
    "00403000-00404000 r--p 00002000 08:01 3001                               /home/student/lab07/address_space\n" /* 4 */
    "00404000-00405000 rw-p 00003000 08:01 3001                               /home/student/lab07/address_space\n" /* 5 */
    "01b6c000-01b8d000 rw-p 00000000 00:00 0                                  [heap]\n"                           /* 6 */
    "7f2a10000000-7f2a10145000 rw-p 00000000 00:00 0 \n"                                                          /* 7 */
    "7f2a10145000-7f2a1016b000 r--p 00000000 08:01 2002                       /lib/x86_64-linux-gnu/libc.so.6\n" /* 8 */
    "7f2a1016b000-7f2a102c1000 r-xp 00026000 08:01 2002                       /lib/x86_64-linux-gnu/libc.so.6\n" /* 9 */
    "7ffc3a1b2000-7ffc3a1d3000 rw-p 00000000 00:00 0                          [stack]\n";                        /* 10 */
static const struct program_image NON_PIE_IMAGE = {NON_PIE_PROGRAM, 0x404030u, 0x404040u};

/* A program before its first small malloc (or a static one): no [heap] line. */
static const char NO_HEAP_MAPS[] =
    "55f000000000-55f000001000 r--p 00000000 fe:00 77 /opt/demo\n"   /* 1 */
    "55f000001000-55f000002000 r-xp 00001000 fe:00 77 /opt/demo\n"   /* 2 */
    "55f000002000-55f000003000 rw-p 00002000 fe:00 77 /opt/demo\n"   /* 3 */
    "55f000003000-55f000005000 rw-p 00000000 00:00 0 \n"             /* 4: rest of .bss */
    "7f0000000000-7f0000021000 rw-p 00000000 00:00 0 \n"             /* 5: malloc'd with mmap */
    "7f0000021000-7f0000030000 r-xp 00000000 fe:00 88 /lib/libc.so.6\n" /* 6 */
    "7ffd00000000-7ffd00021000 rw-p 00000000 00:00 0 [stack]\n";     /* 7 */
static const struct program_image NO_HEAP_IMAGE = {"/opt/demo", 0x55f000002100u, 0x55f000004000u};

/* guarded — a copy of the n bytes at s placed so that its last byte is the last
 * byte of a page, and the next page is PROT_NONE: reading s[n] kills the test
 * with SIGSEGV (it fails alone: Check runs each test in its own process). */
static inline char *guarded(const char *s, size_t n)
{
    size_t page = (size_t)sysconf(_SC_PAGESIZE);
    size_t pages = (n + page - 1) / page + 1;
    char *area = mmap(NULL, (pages + 1) * page, PROT_READ | PROT_WRITE,
                      MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    ck_assert_msg(area != MAP_FAILED, "The test could not mmap its guarded buffer.");
    ck_assert_msg(mprotect(area + pages * page, page, PROT_NONE) == 0,
                  "The test could not protect its guard page.");
    char *copy = area + pages * page - n;
    memcpy(copy, s, n);
    return copy;
}

/* guarded_string — a guarded copy of a NUL-terminated string, NUL included. */
static inline const char *guarded_string(const char *s)
{
    return guarded(s, strlen(s) + 1);
}

/* repeat — a malloc'd string: prefix, then n copies of c, then suffix. */
static inline char *repeat(const char *prefix, char c, size_t n, const char *suffix)
{
    size_t a = strlen(prefix), b = strlen(suffix);
    char *s = malloc(a + n + b + 1);
    ck_assert_msg(s != NULL, "The test could not allocate memory.");
    memcpy(s, prefix, a);
    memset(s + a, c, n);
    memcpy(s + a + n, suffix, b + 1);
    return s;
}

#endif
