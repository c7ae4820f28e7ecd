/* i18n.h — messages in the user's language (GNU gettext, domain "baocao", po/vi.po).
 *
 * Formats passed to diag_add, diag_warn and the other functions named in po/meson.build's
 * keywords are translated where they are added (diag.c) and extracted from the calls
 * themselves; any other text a user reads is written _("…"), or N_("…") where it is only
 * marked (a table of messages) and translated where it is used. The catalogue is chosen by
 * the locale (LANG=vi_VN.UTF-8, or LANGUAGE=vi under a locale other than C): i18n_init. */
#ifndef BAOCAO_I18N_H
#define BAOCAO_I18N_H

#include <libintl.h>

#define _(s) dgettext("baocao", s)
#define N_(s) s
#define P_(one, many, n) dngettext("baocao", one, many, n)

/* setlocale(LC_ALL, "") and the catalogue's folder: locale/ beside the program (as built,
 * build/locale/vi/LC_MESSAGES/baocao.mo), else the one it was installed with. Numbers are
 * still read and written by baocao's own rules (gen/vn.c), never by the locale's. */
void i18n_init(void);

#endif
