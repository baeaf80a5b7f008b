/*
 * sized_struct.h: for the C programs of the ABI tests. A growable ABI struct is zeroed and its
 * struct_size set before it crosses the ABI, so that fields the other side knows and this side
 * does not read as zero.
 */
#ifndef ABI_TEST_SIZED_STRUCT_H
#define ABI_TEST_SIZED_STRUCT_H

#include <string.h>

/* Zeroes the struct `s` (an lvalue, not a pointer) and sets s.struct_size to its size. */
#define ZERO_WITH_SIZE(s)        \
  do {                           \
    memset(&(s), 0, sizeof(s));  \
    (s).struct_size = sizeof(s); \
  } while (0)

#endif
