/* mm.c — Part B: a variable-size allocator with split, coalesce and headers.
 *
 * Your work: every function of mm.h. Read mm.h first: it fixes the layout
 * (8-byte header with the size and a used bit, 16-byte aligned payloads, the
 * block size of a request, when to split, when to coalesce, what each policy
 * picks) — the tests check exactly that.
 * Build and check:  make grade LAB=09
 *   build/labrun -- build/labs/09-malloc/heapmap split      the lecture's pictures
 *   build/labrun -- build/labs/09-malloc/mdriver -c -C harness/traces/09-malloc/edge-tiny.txt
 *
 * A design that works (the CS:APP "explicit free list" with boundary tags):
 *
 *   used block:  [header: size | USED | PREV_USED ][ payload ...            ]
 *   free block:  [header: size | PREV_USED ][ next ][ prev ][ ... ][ footer ]
 *
 *   - a free block keeps a copy of its size in its last 8 bytes (the footer),
 *     so the block after it can find where it starts: that is how mm_free
 *     merges with the block *before* the one it frees, in O(1);
 *   - a used block has no footer; instead every header has a PREV_USED bit
 *     (bit 1) telling whether the block before it is in use;
 *   - free blocks are on a doubly linked list whose links (next, prev) live in
 *     the free blocks themselves (so MM_MIN_BLOCK is 32: header, two links,
 *     footer); only the list head(s) are static variables;
 *   - the heap starts at the first address 8 bytes before a multiple of 16 in
 *     the arena, and ends with an 8-byte sentinel header (size 0, USED), so
 *     "the block after" always exists.
 *
 * Helpers worth writing first: header(b), block_size(b), is_used(b),
 * next_block(b), prev_block(b) (only when PREV_USED is clear), list_insert(b),
 * list_remove(b). Then mm_init, mm_walk and mm_check — so every later step can
 * be checked with heapmap and mdriver -C — then mm_malloc (find, remove,
 * split), mm_free (coalesce), mm_realloc.
 *
 * Speed (make bench): one list searched block by block is correct but slow
 * on long lists. Several lists by size class (segregated fits) make best fit
 * nearly as cheap as taking the first block: see COURSE.md, section 09.
 */
#include "mm.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

/* mm_init — see mm.h. Align the start, place the sentinel, make the rest one
 * free block on the list, remember the policy. -1 for a NULL arena, an
 * unknown policy, or an arena too small for one MM_MIN_BLOCK block.
 * TODO(student): write it. */
int mm_init(void *arena, size_t size, enum mm_policy policy)
{
    (void)arena;
    (void)size;
    (void)policy;
    return -1;
}

/* mm_malloc — the block size is max(MM_MIN_BLOCK, round_up(size + 8, 16))
 * (check for overflow first: mm_malloc(SIZE_MAX) is NULL). Find a free block
 * by the policy, take it off the list, split off the rest if it is at least
 * MM_MIN_BLOCK (the rest goes after the allocated part, back on the list),
 * mark the block used, return the address right after its header.
 * TODO(student): write it. */
void *mm_malloc(size_t size)
{
    (void)size;
    return NULL;
}

/* mm_free — the header is 8 bytes before ptr: it holds the size. Mark the
 * block free and merge it with a free block right after it and a free block
 * right before it (take those off the list first); put the result on the list.
 * TODO(student): write it. */
void mm_free(void *ptr)
{
    (void)ptr;
}

/* mm_realloc — see mm.h: NULL → mm_malloc, 0 → mm_free. Shrinking can stay in
 * place (split off the tail); growing can stay in place when the next block is
 * free and large enough; otherwise mm_malloc, copy the old payload, mm_free.
 * TODO(student): write it. */
void *mm_realloc(void *ptr, size_t size)
{
    (void)ptr;
    (void)size;
    return NULL;
}

/* mm_walk — follow the sizes from the first block to the sentinel, filling
 * blocks[] (offset of each header from the arena pointer, size, used).
 * TODO(student): write it. */
size_t mm_walk(struct mm_block *blocks, size_t max)
{
    (void)blocks;
    (void)max;
    return 0;
}

/* mm_free_list — follow your free list(s) from the head(s).
 * TODO(student): write it. */
size_t mm_free_list(struct mm_block *blocks, size_t max)
{
    (void)blocks;
    (void)max;
    return 0;
}

/* mm_check — the heap checker (mm.h lists what it checks). Walk the heap:
 * sizes sane, blocks tile it up to the sentinel, no two free neighbours,
 * footers match; count the free blocks. Walk the list(s): every node a free
 * block inside the heap, links consistent, the count equal. Write the first
 * problem into why and return -1. Guard every loop: a corrupt heap must not
 * make the checker loop forever.
 * TODO(student): write it. */
int mm_check(char *why, size_t why_size)
{
    if (why_size > 0)
        snprintf(why, why_size, "mm_check: not implemented yet");
    return -1;
}
