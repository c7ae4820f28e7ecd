#include "digest.h"

#include <stdio.h>
#include <string.h>

#define FNV_PRIME 0x100000001b3ULL

void digest_init(struct digest *h)
{
	h->a = 0xcbf29ce484222325ULL;
	h->b = 0x84222325cbf29ce4ULL;
}

static void word(struct digest *h, uint64_t w)
{
	h->a = (h->a ^ w) * FNV_PRIME;
	h->b = (h->b ^ ((w << 29) | (w >> 35))) * FNV_PRIME + 0x9e3779b97f4a7c15ULL;
}

void digest_add(struct digest *h, const void *p, size_t n)
{
	const unsigned char *s = p;
	size_t i = 0;
	for (; i + 8 <= n; i += 8) {
		uint64_t w;
		memcpy(&w, s + i, 8);
		word(h, w);
	}
	uint64_t last = 0;
	memcpy(&last, s + i, n - i);
	word(h, last);
	word(h, (uint64_t)n);
}

void digest_str(struct digest *h, const char *s)
{
	if (s)
		digest_add(h, s, strlen(s));
	else
		word(h, ~(uint64_t)0);
}

void digest_u64(struct digest *h, uint64_t v)
{
	word(h, v);
}

void digest_hex(const struct digest *h, char out[33])
{
	snprintf(out, 33, "%016llx%016llx", (unsigned long long)h->a, (unsigned long long)h->b);
}
