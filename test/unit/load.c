/* The loader: a good content folder in, the model out; bad ones give located errors. */
#include "check.h"
#include "fixture.h"

#include "load/load.h"
#include "vn.h"

static const char SITE[] = "title: \"Bản tin thử\"\n"
			   "base_url: \"https://example.gov.vn/x\"\n"
			   "place: \"Huế\"\n"
			   "issuer:\n"
			   "  parent: \"UBND TỈNH\"\n"
			   "  name: \"SỞ THỬ NGHIỆM\"\n"
			   "  in_text: \"Sở Thử nghiệm\"\n";

static const char INDICATORS[] = "id,name,unit,format,group\n"
				 "the,\"Thẻ đã cấp, lũy kế\",thẻ,millions,Căn cước\n"
				 "tyle,Tỷ lệ,,percent,\n"
				 "hoso,Hồ sơ,hồ sơ,count,DVC\n";

static const char REPORT1[] = "---\n"
			      "number: \"12/BC-STN\"\n"
			      "date: 2025-01-06\n"
			      "title: \"Báo cáo tháng 12\"\n"
			      "to: [\"Chủ tịch UBND tỉnh\"]\n"
			      "---\n"
			      "# I. KẾT QUẢ\n\nĐã cấp {{the}} thẻ.\n";

static const char REPORT2[] = "---\n"
			      "number: \"/BC-STN\"\n"
			      "date: 2025-02\n"
			      "title: \"Báo cáo tháng 01\"\n"
			      "to:\n"
			      "  - \"- Chủ tịch UBND tỉnh;\"\n"
			      "  - \"Sở Nội vụ.\"\n"
			      "signer:\n"
			      "  authority: \"KT. GIÁM ĐỐC\"\n"
			      "  position: \"PHÓ GIÁM ĐỐC\"\n"
			      "  name: \"Nguyễn Văn A\"\n"
			      "recipients:\n"
			      "  - \"Như trên;\"\n"
			      "  - \"Lưu: VT.\"\n"
			      "---\n"
			      "# I. KẾT QUẢ\n"
			      "\n"
			      /* no-break spaces pasted inside {{ }} are blanks, as spaces are */
			      "Đã cấp {{the}} thẻ ({{the.delta}} so với {{the.prev}}), tỷ lệ "
			      "{{\xC2\xA0tyle\xC2\xA0}}, "
			      "hồ sơ {{hoso.delta}}.\n"
			      "\n"
			      "{{table bang.csv}}\n"
			      "\n"
			      "{{chart the}}\n"
			      "\n"
			      "`{{không}}` là mã.[^1]\n"
			      "\n"
			      "[^1]: Ghi chú {{hoso}}.\n";

static const struct file GOOD[] = {
	{"site.yaml", SITE},
	{"indicators.csv", INDICATORS},
	{"reports/2024-12/report.md", REPORT1},
	{"reports/2024-12/kpi.csv", "id,value,note\nthe,87900000,\nhoso,10,\n"},
	{"reports/2025-01/report.md", REPORT2},
	{"reports/2025-01/kpi.csv", "id,value,note\nthe,88200000,\"ghi chú, có phẩy\"\n"
				    "tyle,73.03,\nhoso,2,\n"},
	{"reports/2025-01/bang.csv", "STT,Nội dung\n1,\"Dòng một\nhai\"\n2,<b>x</b>\n"},
	{NULL, NULL},
};

static cmark_node *find(cmark_node *doc, cmark_node_type t, int nth)
{
	cmark_iter *it = cmark_iter_new(doc);
	cmark_event_type ev;
	cmark_node *found = NULL;
	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		cmark_node *n = cmark_iter_get_node(it);
		if (ev == CMARK_EVENT_ENTER && cmark_node_get_type(n) == t && nth-- == 0) {
			found = n;
			break;
		}
	}
	cmark_iter_free(it);
	return found;
}

static void test_good(void)
{
	char *dir = fixture(GOOD);
	struct diags d = {0};
	struct site *s = site_load(dir, &d);
	CHECK(s != NULL);
	CHECK(d.n == 0);
	diag_print(&d, stdout);
	if (!s)
		return;
	CHECK(strcmp(s->base_url, "https://example.gov.vn/x/") == 0);
	CHECK(strcmp(s->issuer_name, "SỞ THỬ NGHIỆM") == 0);
	CHECK(strcmp(s->issuer_in_text, "Sở Thử nghiệm") == 0);
	CHECK(s->n_indicators == 3 && strcmp(s->indicators[0].name, "Thẻ đã cấp, lũy kế") == 0);
	CHECK(s->indicators[1].format == FORMAT_PERCENT);
	CHECK(s->n_reports == 2 && strcmp(s->reports[0].month, "2024-12") == 0);
	struct report *r = &s->reports[1];
	CHECK(strcmp(r->slug, "bao-cao-thang-01-2025") == 0);
	CHECK(r->date.year == 2025 && r->date.month == 2 && r->date.day == 0);
	CHECK(strcmp(r->number, "/BC-STN") == 0);
	CHECK(r->n_to == 2 && strcmp(r->to[0], "Chủ tịch UBND tỉnh") == 0 &&
	      strcmp(r->to[1], "Sở Nội vụ") == 0);
	CHECK(r->n_recipients == 2 && strcmp(r->recipients[1], "Lưu: VT") == 0);
	CHECK(strcmp(r->signer.authority, "KT. GIÁM ĐỐC") == 0 && r->signer.title == NULL);
	CHECK(r->values[0].present && r->values[0].number.mant == 88200000);
	CHECK(strcmp(r->values[0].note, "ghi chú, có phẩy") == 0);
	CHECK(!s->reports[0].values[1].present);
	CHECK(value_prev(s, 1, 0) == 0 && value_prev(s, 1, 1) == -1);

	/* inline references became text */
	cmark_node *p = find(r->doc, CMARK_NODE_PARAGRAPH, 0);
	char *t = node_text(p);
	CHECK_STR(t, "Đã cấp 88,2 triệu thẻ (tăng 300 nghìn so với 87,9 triệu), tỷ lệ 73,03%, "
		     "hồ sơ giảm 8.");
	/* the line number is report.md's own */
	CHECK(cmark_node_get_start_line(p) == 18);
	/* the table: a GFM table node, header + 2 rows, cell text kept as text */
	cmark_node *table = cmark_node_next(p);
	CHECK(node_is(table, "table"));
	cmark_node *row = cmark_node_first_child(table);
	CHECK(node_is(row, "table_header") || node_is(row, "table_row"));
	row = cmark_node_next(row);
	cmark_node *cell = cmark_node_next(cmark_node_first_child(row));
	cmark_node *c1 = cmark_node_first_child(cell);
	CHECK(c1 && cmark_node_get_type(c1) == CMARK_NODE_TEXT &&
	      strcmp(cmark_node_get_literal(c1), "Dòng một\nhai") == 0);
	cmark_node *last = cmark_node_next(cmark_node_first_child(cmark_node_next(row)));
	CHECK(strcmp(cmark_node_get_literal(cmark_node_first_child(last)), "<b>x</b>") == 0);
	/* the chart */
	cmark_node *chart = cmark_node_next(table);
	CHECK(cmark_node_get_type(chart) == CMARK_NODE_CUSTOM_BLOCK);
	struct chart *ch = cmark_node_get_user_data(chart);
	CHECK(ch && ch->indicator == 0 && ch->upto == 1);
	/* code stays code */
	cmark_node *code = find(r->doc, CMARK_NODE_CODE, 0);
	CHECK(code && strcmp(cmark_node_get_literal(code), "{{không}}") == 0);
	/* footnote text expanded too */
	cmark_node *def = find(r->doc, CMARK_NODE_FOOTNOTE_DEFINITION, 0);
	CHECK_STR(node_text(def), "Ghi chú 2.");
	site_free(s);
	remove_tree(dir);
	free(dir);
}

/* Each case: a file to replace, its text, and the error expected. */
struct bad {
	const char *path, *text;
	const char *err_file;
	int line, col;
	const char *phrase;
};

static const struct bad BAD[] = {
	{"site.yaml", "title: x\nbase_url: \"https://a/\"\nplace: y\nissuer: {name: z, in_text: z}\n"
	 "colour: red\n", "site.yaml", 5, 1, "unknown key \"colour\""},
	{"site.yaml", "title: x\nbase_url: \"https://a/\"\nplace: y\nissuer:\n  name: Z\n",
	 "site.yaml", 4, 1, "missing required key \"issuer.in_text\""},
	{"site.yaml", "title: [x\n", "site.yaml", 2, 1, "YAML"},
	{"indicators.csv", "id,name,unit,format,group\nthe,A,,millions,\nthe,B,,count,\n",
	 "indicators.csv", 3, 1, "duplicate indicator \"the\""},
	{"indicators.csv", "id,name,unit,format,group\nthe,A,,lakhs,\n", "indicators.csv", 2, 8,
	 "unknown format \"lakhs\""},
	{"indicators.csv", "id,name,unit,format,group\nThe X,A,,count,\n", "indicators.csv", 2, 1,
	 "must be lowercase"},
	{"reports/2024-12/kpi.csv", "id,value,note\nthe,87900000,\nkhong,1,\n",
	 "2024-12/kpi.csv", 3, 1, "unknown indicator \"khong\""},
	{"reports/2024-12/kpi.csv", "id,value,note\nthe,1,\nthe,2,\n", "2024-12/kpi.csv", 3, 1,
	 "duplicate indicator \"the\""},
	{"reports/2024-12/kpi.csv", "id,value,note\nthe,\"87,9 triệu\",\n", "2024-12/kpi.csv", 2, 5,
	 "not a number"},
	{"reports/2024-12/kpi.csv", "id,value,note\nthe,,\n", "2024-12/kpi.csv", 2, 5,
	 "empty value for \"the\""},
	{"reports/2024-12/kpi.csv", "id,value,note\nthe,1\n", "2024-12/kpi.csv", 2, 1,
	 "expected 3 fields, found 2"},
	{"reports/2024-12/kpi.csv", "id,value,note\nthe,\"1,\n", "2024-12/kpi.csv", 2, 5,
	 "unterminated quoted field"},
	{"reports/2024-12/kpi.csv", "id,value,note\nthe,1,\xC3\x28\n", "2024-12/kpi.csv", 2, 7,
	 "invalid UTF-8 at byte 20"},
	{"reports/2024-12/report.md", "---\nnumber: \"1/BC\"\ndate: 2025-01-06\ntitle: x\ncolor: y\n---\n",
	 "2024-12/report.md", 5, 1, "unknown front-matter key \"color\""},
	{"reports/2024-12/report.md", "---\ndate: 2025-01-06\ntitle: x\n---\n", "2024-12/report.md",
	 1, 1, "missing required front-matter key \"number\""},
	{"reports/2024-12/report.md", "---\nnumber: \"1/BC\"\ndate: 2025-02-30\ntitle: x\n---\n",
	 "2024-12/report.md", 3, 7, "date must be YYYY-MM-DD or YYYY-MM"},
	{"reports/2024-12/report.md", "---\nnumber: \"1/BC\"\ndate: 2025-01-06\ntitle: x\n---\n\nTổng {{không_có}} x\n",
	 "2024-12/report.md", 7, 6, "unknown indicator \"không_có\""},
	{"reports/2024-12/report.md", "---\nnumber: \"1/BC\"\ndate: 2025-01-06\ntitle: x\n---\n\n- Số **{{the.delta}}**\n",
	 "2024-12/report.md", 7, 8, "no earlier value"},
	{"reports/2024-12/report.md", "---\nnumber: \"1/BC\"\ndate: 2025-01-06\ntitle: x\n---\n\n{{table ../../site.yaml}}\n",
	 "2024-12/report.md", 7, 1, "outside the report's folder"},
	{"reports/2024-12/report.md", "---\nnumber: \"1/BC\"\ndate: 2025-01-06\ntitle: x\n---\n\n{{table /etc/passwd}}\n",
	 "2024-12/report.md", 7, 1, "outside the report's folder"},
	{"reports/2024-12/report.md", "---\nnumber: \"1/BC\"\ndate: 2025-01-06\ntitle: x\n---\n\n{{table thieu.csv}}\n",
	 "2024-12/report.md", 7, 1, "no such file"},
	{"reports/2024-12/report.md", "---\nnumber: \"1/BC\"\ndate: 2025-01-06\ntitle: x\n---\n\nx {{chart the}} y\n",
	 "2024-12/report.md", 7, 3, "must stand alone"},
	{"reports/2024-12/report.md", "---\nnumber: \"1/BC\"\ndate: 2025-01-06\ntitle: x\n---\n\nx {{the\n",
	 "2024-12/report.md", 7, 3, "without a closing"},
	{"reports/2024-12/report.md", "Không có front matter\n", "2024-12/report.md", 1, 1,
	 "must start with front matter"},
	{"reports/2024-12/report.md", "---\nnumber: \"1/BC\"\n", "2024-12/report.md", 1, 1,
	 "no closing"},
	{"reports/2024-1/report.md", "x", "reports/2024-1", 1, 1, "not named YYYY-MM"},
	{NULL, NULL, NULL, 0, 0, NULL},
};

static void test_bad(void)
{
	for (const struct bad *b = BAD; b->path; b++) {
		char *dir = fixture(GOOD);
		char *full = path_join(dir, b->path);
		char *slash = strrchr(full, '/');
		*slash = 0;
		make_dirs(full);
		free(full);
		fixture_write(dir, b->path, b->text);
		struct diags d = {0};
		struct site *s = site_load(dir, &d);
		CHECK(s == NULL);
		check_report(has_error(&d, b->err_file, b->line, b->col, b->phrase), __FILE__,
			     __LINE__, b->phrase, b->path);
		site_free(s);
		diag_free(&d);
		remove_tree(dir);
		free(dir);
	}
}

/* Errors in several files are all reported in one run. */
static void test_all_errors(void)
{
	char *dir = fixture(GOOD);
	fixture_write(dir, "reports/2024-12/kpi.csv", "id,value,note\nthe,abc,\n");
	fixture_write(dir, "reports/2025-01/kpi.csv", "id,value,note\nxyz,1,\nthe,1,\n");
	struct diags d = {0};
	struct site *s = site_load(dir, &d);
	CHECK(s == NULL);
	CHECK(has_error(&d, "2024-12/kpi.csv", 2, 5, "not a number"));
	CHECK(has_error(&d, "2025-01/kpi.csv", 2, 1, "unknown indicator \"xyz\""));
	/* 2025-01 uses {{tyle}} which it no longer has */
	CHECK(has_error(&d, "2025-01/report.md", 18, 63, "no value for \"tyle\""));
	/* no cascade: 2024-12's value of "the" has its own error, so no "no earlier value" */
	int cascade = 0;
	for (size_t i = 0; i < d.n; i++)
		cascade |= strstr(d.v[i].msg, "no earlier value") != NULL;
	CHECK(!cascade);
	diag_free(&d);
	remove_tree(dir);
	free(dir);
}

/* BOM and CRLF everywhere are accepted. */
static void test_bom_crlf(void)
{
	struct file f[16];
	char *texts[16] = {0};
	size_t n = 0;
	for (const struct file *g = GOOD; g->path; g++, n++) {
		struct buf b;
		buf_init(&b);
		buf_puts(&b, "\xEF\xBB\xBF");
		for (const char *p = g->text; *p; p++) {
			if (*p == '\n')
				buf_putc(&b, '\r');
			buf_putc(&b, *p);
		}
		texts[n] = buf_detach_free(&b);
		f[n] = (struct file){g->path, texts[n]};
	}
	f[n] = (struct file){NULL, NULL};
	char *dir = fixture(f);
	struct diags d = {0};
	struct site *s = site_load(dir, &d);
	CHECK(s && d.n == 0);
	diag_print(&d, stdout);
	if (s) {
		char *t = node_text(cmark_node_first_child(s->reports[0].doc));
		CHECK_STR(t, "I. KẾT QUẢ");
	}
	site_free(s);
	diag_free(&d);
	remove_tree(dir);
	free(dir);
	for (size_t i = 0; i < n; i++)
		free(texts[i]);
}

/* The model cache (gen/load/reuse.c): a rebuild leaves unparsed exactly the bodies whose
 * expansion would come out as before, and takes their inputs and uses from the cache. */
static struct site *load_cached(const char *dir, const char *cache_path, struct diags *d)
{
	static const struct digest program = {1, 2};
	struct model_cache *mc = model_cache_read(cache_path);
	struct load_options o = {.jobs = 2, .program = &program, .cache = mc};
	struct site *s = site_load_with(dir, &o, d);
	model_cache_free(mc);
	return s;
}

static int skipped(const struct site *s, size_t i)
{
	return s && s->reports[i].body_skipped && s->reports[i].doc == NULL;
}

static void test_model_cache(void)
{
	char *dir = fixture(GOOD);
	char *cache = path_join(dir, "model-cache");
	struct diags d = {0};
	struct site *first = load_cached(dir, cache, &d);
	CHECK(first && d.n == 0);
	if (!first)
		return;
	CHECK(!skipped(first, 0) && !skipped(first, 1));
	CHECK(first->reports[0].model_key[0] && first->reports[1].model_key[0]);
	CHECK(model_cache_write(first, cache) == 0);

	/* nothing changed: both bodies skipped, with the same inputs and uses */
	struct site *s = load_cached(dir, cache, &d);
	CHECK(s && d.n == 0 && skipped(s, 0) && skipped(s, 1));
	for (size_t i = 0; s && i < 2; i++) {
		CHECK(s->reports[i].inputs.a == first->reports[i].inputs.a &&
		      s->reports[i].inputs.b == first->reports[i].inputs.b);
		CHECK(memcmp(s->reports[i].uses, first->reports[i].uses, s->n_indicators) == 0);
		CHECK(strcmp(s->reports[i].model_key, first->reports[i].model_key) == 0);
	}
	/* the front matter is loaded all the same */
	CHECK(s && strcmp(s->reports[1].title, "Báo cáo tháng 01") == 0);
	/* a renderer that needs a body gets it parsed and expanded as in a full load */
	bool want[2] = {false, true};
	CHECK(s && site_load_bodies(s, want, 2, &d) == 0);
	CHECK(s && skipped(s, 0) && !s->reports[1].body_skipped && s->reports[1].doc != NULL);
	CHECK(s && memcmp(s->reports[1].uses, first->reports[1].uses, s->n_indicators) == 0);
	CHECK(s && s->reports[1].inputs.a == first->reports[1].inputs.a);
	site_free(s);

	/* a table of the newest report changed: that body only */
	fixture_write(dir, "reports/2025-01/bang.csv", "STT,Nội dung\n1,Khác\n");
	s = load_cached(dir, cache, &d);
	CHECK(s && skipped(s, 0) && !skipped(s, 1) && s->reports[1].doc != NULL);
	site_free(s);
	fixture_write(dir, "reports/2025-01/bang.csv", "STT,Nội dung\n1,\"Dòng một\nhai\"\n2,<b>x</b>\n");
	s = load_cached(dir, cache, &d);
	CHECK(s && skipped(s, 0) && skipped(s, 1));
	site_free(s);

	/* a value of the older month: it and every later report (deltas look back) */
	fixture_write(dir, "reports/2024-12/kpi.csv", "id,value,note\nthe,87900001,\nhoso,10,\n");
	s = load_cached(dir, cache, &d);
	CHECK(s && !skipped(s, 0) && !skipped(s, 1));
	site_free(s);
	fixture_write(dir, "reports/2024-12/kpi.csv", "id,value,note\nthe,87900000,\nhoso,10,\n");

	/* a value of the newest month: that report only */
	fixture_write(dir, "reports/2025-01/kpi.csv", "id,value,note\nthe,88200001,\ntyle,73.03,\nhoso,2,\n");
	s = load_cached(dir, cache, &d);
	CHECK(s && skipped(s, 0) && !skipped(s, 1));
	site_free(s);

	/* the catalogue changed: everything */
	fixture_write(dir, "indicators.csv", "id,name,unit,format,group\n"
					     "the,\"Thẻ đã cấp\",thẻ,millions,Căn cước\n"
					     "tyle,Tỷ lệ,,percent,\nhoso,Hồ sơ,hồ sơ,count,DVC\n");
	s = load_cached(dir, cache, &d);
	CHECK(s && !skipped(s, 0) && !skipped(s, 1));
	site_free(s);

	/* an error the cache must not hide: a reference to an indicator no longer listed */
	fixture_write(dir, "indicators.csv", "id,name,unit,format,group\n"
					     "the,\"Thẻ đã cấp, lũy kế\",thẻ,millions,Căn cước\n"
					     "tyle,Tỷ lệ,,percent,\n");
	fixture_write(dir, "reports/2025-01/kpi.csv", "id,value,note\nthe,88200000,\"ghi chú, có phẩy\"\ntyle,73.03,\n");
	fixture_write(dir, "reports/2024-12/kpi.csv", "id,value,note\nthe,87900000,\n");
	s = load_cached(dir, cache, &d);
	CHECK(s == NULL && has_error(&d, "2025-01/report.md", 18, 81, "unknown indicator"));
	site_free(s);
	diag_free(&d);

	/* a cache that is not one is no cache */
	fixture_write(dir, "model-cache", "garbage\n");
	fixture_write(dir, "indicators.csv", INDICATORS);
	fixture_write(dir, "reports/2025-01/kpi.csv", "id,value,note\nthe,88200000,\"ghi chú, có phẩy\"\ntyle,73.03,\nhoso,2,\n");
	fixture_write(dir, "reports/2024-12/kpi.csv", "id,value,note\nthe,87900000,\nhoso,10,\n");
	s = load_cached(dir, cache, &d);
	CHECK(s && d.n == 0 && !skipped(s, 0) && !skipped(s, 1));
	site_free(s);
	site_free(first);
	diag_free(&d);
	free(cache);
	free(dir);
}

int main(void)
{
	test_good();
	test_bad();
	test_all_errors();
	test_bom_crlf();
	test_model_cache();
	return check_done();
}
