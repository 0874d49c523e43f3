/* arena.h — guarded arenas for the lab 09 unit tests.
 *
 * An arena is mapped between two inaccessible pages, so an allocator that
 * reads or writes one byte outside [arena, arena + size) crashes, and Check's
 * fork mode turns the crash into one failed test ("Received signal 11"). */
#ifndef ARENA_H
#define ARENA_H

#include <check.h>
#include <stdint.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#define TEST_TIMEOUT_SECONDS 5

/* guarded_arena — size bytes (a multiple of the page size is not required:
 * the arena ends exactly at the guard page after it), zero-filled. */
static inline char *guarded_arena(size_t size)
{
    size_t page = (size_t)sysconf(_SC_PAGESIZE);
    size_t span = (size + page - 1) / page * page;
    char *m = mmap(NULL, span + 2 * page, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    ck_assert_msg(m != MAP_FAILED, "the test could not map an arena");
    ck_assert_msg(mprotect(m + page, span, PROT_READ | PROT_WRITE) == 0, "the test could not unprotect its arena");
    return m + page + (span - size); /* the arena's last byte is right before the guard page */
}

#endif
