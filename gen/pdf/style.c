/* style.c — templates/page-style.yaml: the measures of docs/bao-cao-format.md that an office
 * may change without recompiling. Every key is known; an unknown key or a value of the
 * wrong kind is an error located in the file, so a typo never silently keeps a default. */
#include <errno.h>
#include <math.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include <yaml.h>

#include "../i18n.h"
#include "../text.h"
#include "../util.h"
#include "pdf_int.h"

enum kind { K_MM, K_PT, K_NUM, K_BOOL, K_TEXT, K_LIST };

struct key {
	const char *section, *name;
	enum kind kind;
	size_t off;
	double lo, hi; /* allowed range for numbers */
};

#define F(field) offsetof(struct pdf_style, field)
static const struct key keys[] = {
	{"page", "width_mm", K_MM, F(page_w), 100, 500},
	{"page", "height_mm", K_MM, F(page_h), 100, 500},
	{"page", "margin_top_mm", K_MM, F(m_top), 5, 60},
	{"page", "margin_bottom_mm", K_MM, F(m_bottom), 5, 60},
	{"page", "margin_left_mm", K_MM, F(m_left), 5, 60},
	{"page", "margin_right_mm", K_MM, F(m_right), 5, 60},
	{"page", "page_number_size", K_PT, F(pn_size), 6, 24},
	{"page", "pdfa", K_BOOL, F(pdfa), 0, 0},
	{"fonts", "families", K_LIST, F(families), 0, 0},
	{"fonts", "fallback_exclude", K_LIST, F(fallback_exclude), 0, 0},
	{"body", "size", K_PT, F(body_size), 6, 24},
	{"body", "line_height", K_NUM, F(line_height), 1.0, 1.5},
	{"body", "paragraph_space", K_PT, F(para_space), 0, 30},
	{"body", "first_line_indent_mm", K_MM, F(indent), 0, 30},
	{"body", "heading_space", K_PT, F(heading_space), 0, 30},
	{"footnotes", "size", K_PT, F(fn_size), 6, 14},
	{"footnotes", "line_height", K_NUM, F(fn_line_height), 1.0, 1.5},
	{"footnotes", "rule_mm", K_MM, F(fn_rule), 0, 200},
	{"tables", "size", K_PT, F(table_size), 6, 16},
	{"tables", "line_height", K_NUM, F(table_line_height), 1.0, 1.5},
	{"tables", "cell_padding_x_mm", K_MM, F(cell_pad_x), 0, 10},
	{"tables", "cell_padding_y_mm", K_MM, F(cell_pad_y), 0, 10},
	{"tables", "border", K_PT, F(border), 0.1, 3},
	{"header", "issuer_size", K_PT, F(issuer_size), 8, 16},
	{"header", "national_name_size", K_PT, F(national_size), 8, 16},
	{"header", "motto_size", K_PT, F(motto_size), 8, 16},
	{"header", "date_size", K_PT, F(date_size), 8, 16},
	{"header", "title_size", K_PT, F(title_size), 8, 18},
	{"header", "left_column", K_NUM, F(header_left), 0.2, 0.6},
	{"header", "right_column_min_mm", K_MM, F(header_right_min), 50, 200},
	{"closing", "left_column", K_NUM, F(closing_left), 0.2, 0.6},
	{"closing", "recipients_label_size", K_PT, F(recipients_label_size), 8, 16},
	{"closing", "recipients_size", K_PT, F(recipients_size), 8, 16},
	{"closing", "signer_size", K_PT, F(signer_size), 8, 16},
	{"closing", "signature_space_mm", K_MM, F(signature_space), 10, 60},
	{"charts", "height_mm", K_MM, F(chart_height), 30, 200},
	{"texts", "national_name", K_TEXT, F(t_national), 0, 0},
	{"texts", "motto", K_TEXT, F(t_motto), 0, 0},
	{"texts", "document_type", K_TEXT, F(t_doctype), 0, 0},
	{"texts", "draft", K_TEXT, F(t_draft), 0, 0},
	{"texts", "to", K_TEXT, F(t_to), 0, 0},
	{"texts", "recipients", K_TEXT, F(t_recipients), 0, 0},
	{"texts", "appendix_reference", K_TEXT, F(t_appendix_ref), 0, 0},
};
#undef F

static void set_text(char **dst, const char *v)
{
	free(*dst);
	*dst = text_nfc(v);
	if (!*dst)
		*dst = xstrdup(v);
}

void style_defaults(struct pdf_style *s)
{
	s->page_w = MM(210), s->page_h = MM(297);
	s->m_top = MM(25), s->m_bottom = MM(20), s->m_left = MM(35), s->m_right = MM(20);
	s->pn_size = 13;
	s->pdfa = true;
	s->body_size = 14, s->line_height = 1.15, s->para_space = 6, s->indent = MM(10);
	s->heading_space = 0;
	s->fn_size = 11, s->fn_line_height = 1.15, s->fn_rule = MM(50);
	s->table_size = 12, s->table_line_height = 1.1, s->cell_pad_x = MM(1.5),
	s->cell_pad_y = MM(0.8), s->border = 0.5;
	s->issuer_size = 13, s->national_size = 13, s->motto_size = 14, s->date_size = 14;
	s->title_size = 14;
	s->header_left = 0.4, s->header_right_min = MM(96);
	s->closing_left = 0.34;
	s->recipients_label_size = 12, s->recipients_size = 11, s->signer_size = 14;
	s->signature_space = MM(28);
	s->chart_height = MM(75);
	set_text(&s->t_national, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM");
	set_text(&s->t_motto, "Độc lập - Tự do - Hạnh phúc");
	set_text(&s->t_doctype, "BÁO CÁO");
	set_text(&s->t_draft, "DỰ THẢO");
	set_text(&s->t_to, "Kính gửi:");
	set_text(&s->t_recipients, "Nơi nhận:");
	set_text(&s->t_appendix_ref, "(Kèm theo Báo cáo số {number} ngày {date} của {issuer})");
	s->families = xcalloc(2, sizeof(char *));
	s->families[0] = xstrdup("Times New Roman");
	s->families[1] = xstrdup("Liberation Serif");
	s->n_families = 2;
	s->fallback_exclude = xcalloc(1, sizeof(char *));
	s->fallback_exclude[0] = xstrdup("DejaVu");
	s->n_fallback_exclude = 1;
}

static void free_list(char **v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

static const char *scalar(yaml_document_t *doc, yaml_node_t *n)
{
	(void)doc;
	return n->type == YAML_SCALAR_NODE ? (const char *)n->data.scalar.value : NULL;
}

#define ERR(node, ...)                                                                        \
	diag_add(d, path, (int)(node)->start_mark.line + 1, (int)(node)->start_mark.column + 1, \
		 __VA_ARGS__)

/* A text value made with an escape ("\x01") that no text can hold: an error at the node. */
static bool has_control(yaml_node_t *n, const struct key *k, const char *path, struct diags *d)
{
	int32_t cp;
	if (n->type != YAML_SCALAR_NODE ||
	    text_find_control((const char *)n->data.scalar.value, n->data.scalar.length, &cp) < 0)
		return false;
	ERR(n, "%s.%s holds control character U+%04X (written as an escape such as \"\\x01\"): "
	       "not text",
	    k->section, k->name, (unsigned)cp);
	return true;
}

static int set_key(struct pdf_style *s, const struct key *k, yaml_document_t *doc,
		   yaml_node_t *v, const char *path, struct diags *d)
{
	char *base = (char *)s;
	const char *sv = scalar(doc, v);
	switch (k->kind) {
	case K_MM:
	case K_PT:
	case K_NUM: {
		char *end;
		errno = 0;
		double x = sv ? strtod(sv, &end) : 0;
		if (!sv || !*sv || *end || errno || !isfinite(x)) {
			ERR(v, "%s.%s: expected a number", k->section, k->name);
			return -1;
		}
		if (x < k->lo || x > k->hi) {
			ERR(v, "%s.%s: %g is outside %g..%g", k->section, k->name, x, k->lo, k->hi);
			return -1;
		}
		*(double *)(base + k->off) = k->kind == K_MM ? MM(x) : x;
		return 0;
	}
	case K_BOOL:
		if (sv && strcmp(sv, "true") == 0)
			*(bool *)(base + k->off) = true;
		else if (sv && strcmp(sv, "false") == 0)
			*(bool *)(base + k->off) = false;
		else {
			ERR(v, "%s.%s: expected true or false", k->section, k->name);
			return -1;
		}
		return 0;
	case K_TEXT:
		if (!sv) {
			ERR(v, "%s.%s: expected a text", k->section, k->name);
			return -1;
		}
		if (has_control(v, k, path, d))
			return -1;
		set_text((char **)(base + k->off), sv);
		return 0;
	case K_LIST: {
		if (v->type != YAML_SEQUENCE_NODE) {
			ERR(v, "%s.%s: expected a list", k->section, k->name);
			return -1;
		}
		size_t n = (size_t)(v->data.sequence.items.top - v->data.sequence.items.start);
		char **list = xcalloc(n + 1, sizeof(char *));
		for (size_t i = 0; i < n; i++) {
			yaml_node_t *it = yaml_document_get_node(doc, v->data.sequence.items.start[i]);
			const char *t = scalar(doc, it);
			if (!t || has_control(it, k, path, d)) {
				if (!t)
					ERR(it, "%s.%s: expected a text", k->section, k->name);
				free_list(list, i);
				return -1;
			}
			list[i] = text_nfc(t);
			if (!list[i])
				list[i] = xstrdup(t);
		}
		char ***dst = (char ***)(base + k->off);
		size_t *dn = k->off == offsetof(struct pdf_style, families) ? &s->n_families
									       : &s->n_fallback_exclude;
		if (dn == &s->n_families) /* where a font error points */
			s->families_pos = (struct textpos){(int)v->start_mark.line + 1,
							   (int)v->start_mark.column + 1};
		free_list(*dst, *dn);
		*dst = list;
		*dn = n;
		return 0;
	}
	}
	return -1;
}

int style_parse(struct pdf_style *s, const char *text, size_t len, const char *path,
		struct diags *d)
{
	yaml_parser_t parser;
	yaml_document_t doc;
	yaml_parser_initialize(&parser);
	yaml_parser_set_input_string(&parser, (const unsigned char *)text, len);
	if (!yaml_parser_load(&parser, &doc)) {
		diag_add(d, path, (int)parser.problem_mark.line + 1,
			 (int)parser.problem_mark.column + 1, "%s",
			 parser.problem ? _(parser.problem) : _("invalid YAML"));
		yaml_parser_delete(&parser);
		return -1;
	}
	int rc = 0;
	yaml_node_t *root = yaml_document_get_root_node(&doc);
	if (!root) { /* an empty file keeps every default */
		yaml_document_delete(&doc);
		yaml_parser_delete(&parser);
		return 0;
	}
	/* one document: settings after a second "---" would be read by nobody */
	yaml_document_t more;
	if (!yaml_parser_load(&parser, &more)) {
		diag_add(d, path, (int)parser.problem_mark.line + 1,
			 (int)parser.problem_mark.column + 1, "%s",
			 parser.problem ? _(parser.problem) : _("invalid YAML"));
		rc = -1;
	} else {
		yaml_node_t *r2 = yaml_document_get_root_node(&more);
		if (r2) {
			diag_add(d, path, (int)more.start_mark.line + 1, 1,
				 "a second YAML document (after a \"---\" line): the page style is one "
				 "document");
			rc = -1;
		}
		yaml_document_delete(&more);
	}
	/* each key once: a second one would silently win */
	bool seen[sizeof keys / sizeof keys[0]] = {false};
	int first_line[sizeof keys / sizeof keys[0]] = {0};
	int section_line[sizeof keys / sizeof keys[0]] = {0};
	if (root->type != YAML_MAPPING_NODE) {
		ERR(root, "expected sections (page, fonts, body, footnotes, tables, header, closing, "
			  "charts, texts)");
		rc = -1;
		goto out;
	}
	for (yaml_node_pair_t *p = root->data.mapping.pairs.start; p < root->data.mapping.pairs.top;
	     p++) {
		yaml_node_t *kn = yaml_document_get_node(&doc, p->key);
		yaml_node_t *vn = yaml_document_get_node(&doc, p->value);
		const char *sec = scalar(&doc, kn);
		size_t si = sizeof keys / sizeof keys[0]; /* the section's first key */
		for (size_t i = 0; sec && i < sizeof keys / sizeof keys[0]; i++)
			if (strcmp(keys[i].section, sec) == 0) {
				si = i;
				break;
			}
		if (si == sizeof keys / sizeof keys[0]) {
			ERR(kn, "unknown section '%s'", sec ? sec : "?");
			rc = -1;
			continue;
		}
		if (section_line[si]) {
			ERR(kn, "section '%s' written twice (first on line %d)", sec, section_line[si]);
			rc = -1;
			continue;
		}
		section_line[si] = (int)kn->start_mark.line + 1;
		if (vn->type != YAML_MAPPING_NODE) {
			ERR(vn, "%s: expected keys and values", sec);
			rc = -1;
			continue;
		}
		for (yaml_node_pair_t *q = vn->data.mapping.pairs.start;
		     q < vn->data.mapping.pairs.top; q++) {
			yaml_node_t *k2 = yaml_document_get_node(&doc, q->key);
			yaml_node_t *v2 = yaml_document_get_node(&doc, q->value);
			const char *name = scalar(&doc, k2);
			const struct key *k = NULL;
			for (size_t i = 0; name && i < sizeof keys / sizeof keys[0]; i++)
				if (strcmp(keys[i].section, sec) == 0 && strcmp(keys[i].name, name) == 0)
					k = &keys[i];
			if (!k && name && strcmp(sec, "texts") == 0 &&
			    strcmp(name, "issuer_in_text") == 0) {
				ERR(k2, "texts.issuer_in_text is now set in site.yaml, as issuer.in_text "
					"(each site names its own issuer): remove it here");
				rc = -1;
				continue;
			}
			if (!k) {
				ERR(k2, "unknown key '%s' in section '%s'", name ? name : "?", sec);
				rc = -1;
				continue;
			}
			size_t ki = (size_t)(k - keys);
			if (seen[ki]) {
				ERR(k2, "key '%s' written twice in section '%s' (first on line %d)", name,
				    sec, first_line[ki]);
				rc = -1;
				continue;
			}
			seen[ki] = true;
			first_line[ki] = (int)k2->start_mark.line + 1;
			if (set_key(s, k, &doc, v2, path, d) < 0)
				rc = -1;
		}
	}
out:
	yaml_document_delete(&doc);
	yaml_parser_delete(&parser);
	return rc;
}

void pdf_style_free(struct pdf_style *s)
{
	if (!s)
		return;
	free(s->path);
	free(s->t_national), free(s->t_motto), free(s->t_doctype), free(s->t_draft), free(s->t_to);
	free(s->t_recipients), free(s->t_appendix_ref);
	free_list(s->families, s->n_families);
	free_list(s->fallback_exclude, s->n_fallback_exclude);
	embed_face_free(s);
	pdfa_free(s);
	for (int i = 0; i < N_FACES; i++) {
		free(s->face_path[i]);
		if (s->face_charset[i])
			FcCharSetDestroy(s->face_charset[i]);
		free(s->face_data[i]);
		free(s->face_gids[i]);
		free(s->face_widths[i]);
		free(s->face_cover[i]);
	}
	free(s->face_family);
	free(s);
}

struct pdf_style *pdf_style_load(const char *path, struct diags *d)
{
	struct pdf_style *s = xcalloc(1, sizeof *s);
	style_defaults(s);
	s->path = xstrdup(path);
	size_t len;
	char *raw = read_file(path, 1 << 20, &len);
	if (!raw) {
		if (errno == ENOENT)
			diag_add(d, path, 0, 0, "cannot read the page style: %s", strerror(errno));
		else
			diag_read_error(d, path, errno, 1 << 20);
		pdf_style_free(s);
		return NULL;
	}
	char *text = text_clean(raw, len, path, d);
	free(raw);
	digest_init(&s->digest);
	if (text)
		digest_str(&s->digest, text);
	if (!text || style_parse(s, text, strlen(text), path, d) < 0 ||
	    font_find_faces(s, d) < 0 || pdfa_load_profile(s, d) < 0) {
		free(text);
		pdf_style_free(s);
		return NULL;
	}
	free(text);
	return s;
}
