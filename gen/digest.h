/* digest.h — a 128-bit digest of bytes, for the PDF cache's keys: two FNV-1a lanes over
 * 64-bit words. Any one changed word changes both lanes (each step is a bijection of the
 * state), so an edit is never missed; unrelated inputs collide with a chance of 2^-128.
 * Not cryptographic: the content is the user's own. */
#ifndef BAOCAO_DIGEST_H
#define BAOCAO_DIGEST_H

#include <stddef.h>
#include <stdint.h>

struct digest {
	uint64_t a, b;
};

void digest_init(struct digest *h);
/* Adds n bytes, and n itself, so that ("ab","c") and ("a","bc") differ. */
void digest_add(struct digest *h, const void *p, size_t n);
/* A string (may be NULL, which differs from ""). */
void digest_str(struct digest *h, const char *s);
void digest_u64(struct digest *h, uint64_t v);
/* 32 lowercase hex digits and a NUL. */
void digest_hex(const struct digest *h, char out[33]);

#endif
