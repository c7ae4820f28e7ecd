/* check.h — a tiny test harness: each CHECK prints "ok" or "not ok" with the expression,
 * and check_done() prints "N passed, N failed" for the runner (test/run.sh) to add up. */
#ifndef BAOCAO_CHECK_H
#define BAOCAO_CHECK_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int check_passed, check_failed;

static inline void check_report(int ok, const char *file, int line, const char *what,
				const char *detail)
{
	if (ok) {
		check_passed++;
		return;
	}
	check_failed++;
	printf("not ok - %s:%d: %s%s%s\n", file, line, what, detail ? ": " : "",
	       detail ? detail : "");
}

#define CHECK(cond) check_report(!!(cond), __FILE__, __LINE__, #cond, NULL)

/* Compares strings and frees `got` (a malloc'd result). */
#define CHECK_STR(got_expr, want)                                                              \
	do {                                                                                   \
		char *got_ = (got_expr);                                                       \
		const char *want_ = (want);                                                    \
		int ok_ = got_ && strcmp(got_, want_) == 0;                                    \
		char det_[1024];                                                               \
		snprintf(det_, sizeof det_, "got \"%s\", want \"%s\"", got_ ? got_ : "(null)", \
			 want_);                                                               \
		check_report(ok_, __FILE__, __LINE__, #got_expr, ok_ ? NULL : det_);          \
		free(got_);                                                                    \
	} while (0)

static inline int check_done(void)
{
	printf("%d passed, %d failed\n", check_passed, check_failed);
	return check_failed ? 1 : 0;
}

#endif
