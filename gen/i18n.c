#include "i18n.h"

#include <limits.h>
#include <stdio.h>
#include <locale.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

void i18n_init(void)
{
	setlocale(LC_ALL, "");
	/* Numbers in files (page-style.yaml's sizes, the PDF's operators) are read and written
	 * the C way whatever the language: vi_VN writes 1,5 for 1.5. */
	setlocale(LC_NUMERIC, "C");
	const char *dir = BAOCAO_LOCALEDIR;
	char exe[PATH_MAX], beside[PATH_MAX + 16];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
	if (n > 0) {
		exe[n] = '\0';
		char *slash = strrchr(exe, '/');
		if (slash) {
			*slash = '\0';
			struct stat st;
			snprintf(beside, sizeof beside, "%s/locale", exe);
			if (stat(beside, &st) == 0 && S_ISDIR(st.st_mode))
				dir = beside;
		}
	}
	bindtextdomain("baocao", dir);
	/* the messages are UTF-8 whatever LC_CTYPE says (a C locale would turn "lỗi" into "l?i") */
	bind_textdomain_codeset("baocao", "UTF-8");
}
