/* mm.h — Part B: a variable-size allocator over a caller-given arena.
 *
 * The lecture's free list for blocks of any size: the arena is cut into
 * blocks laid end to end; each starts with an 8-byte header holding its size,
 * so mm_free, given only the payload pointer, looks 8 bytes back to learn how
 * much to give back (the lecture's 100 → 108 bytes). Free blocks carry their
 * list links inside themselves; only the list heads live outside the arena.
 * mm_malloc splits a larger free block; mm_free coalesces with free neighbours
 * on both sides, so no two free blocks are ever adjacent.
 *
 * The layout every implementation must follow (the tests rely on it):
 *   - a block is an 8-byte header (a size_t) followed by its payload; the
 *     header holds the block size (header included), a multiple of
 *     MM_ALIGNMENT, with flags in the low 4 bits: bit 0 (MM_USED) is set
 *     while the block is allocated; the other flag bits are yours;
 *   - every payload is MM_ALIGNMENT-aligned (so headers sit 8 bytes before a
 *     multiple of 16);
 *   - a request of n bytes (0 < n) takes a block of
 *         max(MM_MIN_BLOCK, round_up(n + MM_HEADER_SIZE, MM_ALIGNMENT))
 *     bytes, e.g. 100 → 112 (header 8, payload 100, padding 4), 1 → 32;
 *   - split: when the chosen free block is larger than needed and the rest
 *     is at least MM_MIN_BLOCK, the front becomes the allocated block and the
 *     rest, right after it, a new free block; a smaller rest stays inside the
 *     allocated block;
 *   - coalesce: a freed block merges with a free block right before it and a
 *     free block right after it, at once;
 *   - placement policy, chosen at mm_init (between equals, any one):
 *       MM_FIRST_FIT  the free block at the lowest address that fits,
 *       MM_BEST_FIT   a free block of the smallest size that fits,
 *       MM_WORST_FIT  the largest free block, if it fits;
 *   - nothing outside [arena, arena + size) is ever read or written.
 *
 * One heap at a time: mm_init starts over on a new arena, forgetting the old.
 */
#ifndef MM_H
#define MM_H

#include <stddef.h>

#define MM_ALIGNMENT 16  /* payload alignment and block-size granule */
#define MM_HEADER_SIZE 8 /* the size_t in front of every payload */
#define MM_MIN_BLOCK 32  /* header + two list links + footer of a free block */
#define MM_USED 1u       /* header bit 0: the block is allocated */

enum mm_policy { MM_FIRST_FIT, MM_BEST_FIT, MM_WORST_FIT };

/* mm_init — manage the size bytes at arena (any alignment) with policy:
 * the whole usable part becomes one free block. Returns 0, or -1 if arena is
 * NULL, the policy unknown, or the arena too small for one MM_MIN_BLOCK block
 * (after aligning its start and keeping what the allocator needs at its ends). */
int mm_init(void *arena, size_t size, enum mm_policy policy);

/* mm_malloc — a MM_ALIGNMENT-aligned payload of at least size bytes inside
 * the arena, or NULL when size is 0 or no free block fits (the heap is left as
 * it was). Never overflows: mm_malloc(SIZE_MAX) is NULL. */
void *mm_malloc(size_t size);

/* mm_free — give back a payload mm_malloc or mm_realloc returned; coalesce.
 * mm_free(NULL) does nothing. */
void mm_free(void *ptr);

/* mm_realloc — resize a payload, keeping its first min(old, new) bytes.
 * ptr NULL: mm_malloc(size). size 0: mm_free(ptr), returns NULL. If it cannot
 * grow, it returns NULL and ptr is left untouched. It may move the payload. */
void *mm_realloc(void *ptr, size_t size);

/* One block as mm_walk and mm_free_list report it. */
struct mm_block {
    size_t offset; /* of its header from the arena pointer given to mm_init */
    size_t size;   /* the block size, header included */
    int used;      /* 1 allocated, 0 free */
};

/* mm_walk — the blocks in address order, from the first to the last (not
 * counting any sentinel of your own): up to max of them into blocks[].
 * Returns how many blocks there are (which may be more than max). */
size_t mm_walk(struct mm_block *blocks, size_t max);

/* mm_free_list — the free blocks in the order your free list(s) hold them,
 * up to max into blocks[]; returns how many there are. */
size_t mm_free_list(struct mm_block *blocks, size_t max);

/* mm_check — the heap checker. Returns 0 if the heap is consistent, else -1
 * with a sentence naming the first problem in why (cut to why_size). Checks:
 * every block lies inside the arena, is aligned and at least MM_MIN_BLOCK, and
 * the blocks tile the heap exactly (every byte accounted for, no overlap); no
 * two adjacent free blocks; every free block is on the free list and every
 * block on the list is a free block of the heap (the list and the heap agree). */
int mm_check(char *why, size_t why_size);

#endif
