/* The template engine: names checked at load time (path and line), values escaped by
 * construction, data-if / data-repeat / data-root / data-slot. */
#include "html/template.h"
#include "html_helpers.h"

static const struct tfield f_item[] = {{"name", TF_TEXT, NULL}, {"on", TF_FLAG, NULL}, {NULL, 0, NULL}};
static const struct tfield f_obj[] = {{"title", TF_TEXT, NULL}, {"items", TF_LIST, f_item}, {NULL, 0, NULL}};
static const struct tfield f_pg[] = {{"root", TF_TEXT, NULL}, {NULL, 0, NULL}};
static const struct tfield schema[] = {
	{"obj", TF_OBJECT, f_obj},
	{"page", TF_OBJECT, f_pg},
	{"body", TF_SLOT, NULL},
	{"empty", TF_LIST, f_item},
	{NULL, 0, NULL},
};

static char *write_tmp(const char *name, const char *text)
{
	struct file files[] = {{name, text}, {NULL, NULL}};
	char *dir = fixture(files);
	char *p = path_join(dir, name);
	free(dir);
	return p;
}

static int count_lines(const char *s)
{
	int n = 0;
	for (; *s; s++)
		n += *s == '\n';
	return n;
}

static void test_unknown_field(void)
{
	char *p = write_tmp("t.html", "<!DOCTYPE html>\n<html lang=\"vi\">\n<body>\n"
				      "<h1 data-text=\"obj.title\"></h1>\n"
				      "<p data-text=\"obj.titel\"></p>\n"
				      "</body></html>\n");
	struct diags d = {0};
	CHECK(tpl_load(p, schema, NULL, &d) == NULL);
	CHECK(d.n == 1);
	CHECK(has_error(&d, "t.html", 5, 1, "obj.titel"));
	CHECK(d.n && strcmp(d.v[0].path, p) == 0);
	diag_free(&d);
	free(p);
}

static void test_type_errors(void)
{
	char *p = write_tmp("t.html", "<html><body>\n"
				      "<ul><li data-repeat=\"x in obj.title\"></li></ul>\n"
				      "<p data-text=\"obj.items\"></p>\n"
				      "<div data-repeat=\"i in obj.items\"><b data-text=\"i.nme\"></b></div>\n"
				      "<div data-slot=\"obj\"></div>\n"
				      "<p data-repeat=\"garbage\"></p>\n"
				      "</body></html>\n");
	struct diags d = {0};
	CHECK(tpl_load(p, schema, NULL, &d) == NULL);
	CHECK(has_error(&d, "t.html", 2, 1, "obj.title"));  /* a repeat over a text */
	CHECK(has_error(&d, "t.html", 3, 1, "obj.items"));  /* a list as text */
	CHECK(has_error(&d, "t.html", 4, 1, "i.nme"));      /* a loop variable's unknown field */
	CHECK(has_error(&d, "t.html", 5, 1, "obj"));        /* an object as a slot */
	CHECK(has_error(&d, "t.html", 6, 1, "NAME in LIST"));
	CHECK(d.n == 5);
	diag_free(&d);
	free(p);
}

static void test_parse_error_and_missing_slot(void)
{
	char *p = write_tmp("t.html", "<html><body>\n<main>\n<p>x</p>\n</span>\n</main>\n</body></html>\n");
	struct diags d = {0};
	static const char *const slots[] = {"body", NULL};
	CHECK(tpl_load(p, schema, slots, &d) == NULL);
	CHECK(has_error(&d, "t.html", 4, 1, "end tag"));
	CHECK(has_error(&d, "t.html", 1, 1, "data-slot=\"body\""));
	diag_free(&d);
	free(p);

	struct diags d2 = {0};
	CHECK(tpl_load("/nonexistent/x.html", schema, NULL, &d2) == NULL);
	CHECK(d2.n >= 1 && strcmp(d2.v[0].path, "/nonexistent/x.html") == 0);
	diag_free(&d2);
}

/* The project's own templates load; a typo in one of them names that file and line. */
static void test_project_templates(void)
{
	struct diags d = {0};
	struct html_templates *t = html_templates_load(BAOCAO_SOURCE_DIR "/templates", &d);
	CHECK(t != NULL);
	CHECK(d.n == 0);
	html_templates_free(t);

	const char *names[] = {"base.html", "index.html", "report.html", "indicator.html"};
	char *text[4];
	for (int i = 0; i < 4; i++) {
		char *path = xasprintf("%s/templates/%s", BAOCAO_SOURCE_DIR, names[i]);
		text[i] = read_file(path, 1 << 20, NULL);
		free(path);
	}
	int line = count_lines(text[2]) + 2;
	char *bad = xasprintf("%s\n<p data-text=\"report.tilte\"></p>\n", text[2]);
	struct file files[] = {{"base.html", text[0]}, {"index.html", text[1]},
			       {"report.html", bad},    {"indicator.html", text[3]},
			       {NULL, NULL}};
	char *dir = fixture(files);
	t = html_templates_load(dir, &d);
	CHECK(t == NULL);
	CHECK(d.n == 1);
	CHECK(has_error(&d, "report.html", line, 1, "report.tilte"));
	diag_free(&d);
	remove_tree(dir);
	free(dir);
	free(bad);
	for (int i = 0; i < 4; i++)
		free(text[i]);
}

static void test_fill(void)
{
	char *p = write_tmp("t.html",
			    "<!DOCTYPE html>\n<!-- a note for the designer -->\n<html lang=\"vi\">\n"
			    "<head><meta charset=\"utf-8\"><title data-text=\"obj.title\">x</title>\n"
			    "<link rel=\"stylesheet\" href=\"assets/style.css\" data-root=\"href\"></head>\n"
			    "<body>\n"
			    "<h1 data-text=\"obj.title\" data-attr-title=\"obj.title\">placeholder</h1>\n"
			    "<ul><li data-repeat=\"i in obj.items\" data-if=\"i.on\" "
			    "data-attr-data-name=\"i.name\"><b data-text=\"i.name\"></b></li></ul>\n"
			    "<p class=\"none\" data-if=\"empty\">never</p>\n"
			    "<p class=\"some\" data-if=\"!empty\">shown</p>\n"
			    "<div class=\"slot\" data-slot=\"body\">old</div>\n"
			    "</body></html>\n");
	struct diags d = {0};
	struct tpl *t = tpl_load(p, schema, NULL, &d);
	CHECK(t != NULL);

	const char *evil = "<script>alert(1)</script> & \"x\" 'y' Tổ công tác";
	struct tvalue *root = tv_new();
	struct tvalue *o = tv_object(root, "obj");
	tv_text(o, "title", evil);
	const char *names[] = {"một", "<b>hai</b>", "ba"};
	for (int i = 0; i < 3; i++) {
		struct tvalue *it = tv_list_add(o, "items");
		tv_text(it, "name", names[i]);
		tv_flag(it, "on", i != 2);
	}
	tv_list(root, "empty");
	tv_text(tv_object(root, "page"), "root", "../");
	xmlNodePtr box = xmlNewNode(NULL, BAD_CAST "div");
	xmlNodePtr em = xmlNewChild(box, NULL, BAD_CAST "em", NULL);
	xmlAddChild(em, xmlNewText(BAD_CAST "<made>"));
	tv_slot(root, "body", box);

	xmlDocPtr doc = t ? tpl_fill(t, root, &d) : NULL;
	CHECK(doc != NULL);
	CHECK(d.n == 0);
	size_t len = 0;
	char *html = doc ? html_serialize(doc, &len) : xstrdup("");
	CHECK(strncmp(html, "<!DOCTYPE html>\n", 16) == 0);
	CHECK(strstr(html, "<?xml") == NULL);
	CHECK(strstr(html, "designer") == NULL);  /* comments are not copied */
	CHECK(strstr(html, "Tổ công tác") != NULL); /* UTF-8 as is, no &#…; */
	CHECK(strstr(html, "data-text") == NULL && strstr(html, "data-repeat") == NULL);

	xmlDocPtr back = htmlReadMemory(html, (int)len, "t.html", "UTF-8",
					HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING);
	CHECK(xp_count(back, "//script") == 0);
	CHECK_STR(xp_str(back, "//h1"), evil);
	CHECK_STR(xp_str(back, "//h1/@title"), evil);
	CHECK_STR(xp_str(back, "//title"), evil);
	CHECK(xp_count(back, "//li") == 2);
	CHECK_STR(xp_str(back, "//li[2]/b"), "<b>hai</b>");
	CHECK_STR(xp_str(back, "//li[2]/@data-name"), "<b>hai</b>");
	CHECK(xp_count(back, "//li/b/b") == 0);
	CHECK(xp_count(back, "//p[@class='none']") == 0);
	CHECK(xp_count(back, "//p[@class='some']") == 1);
	CHECK_STR(xp_str(back, "//link/@href"), "../assets/style.css");
	CHECK_STR(xp_str(back, "//div[@class='slot']/em"), "<made>");
	CHECK(xp_count(back, "//div[@class='slot']/em") == 1);
	CHECK(xp_count(back, "//meta[@charset]") == 1);
	CHECK(xp_count(back, "//meta[@http-equiv]") == 0);
	CHECK_STR(xp_str(back, "/html/@lang"), "vi");

	xmlFreeDoc(back);
	free(html);
	if (doc)
		xmlFreeDoc(doc);
	tv_free(root);
	tpl_free(t);
	diag_free(&d);
	free(p);
}

int main(void)
{
	test_unknown_field();
	test_type_errors();
	test_parse_error_and_missing_slot();
	test_project_templates();
	test_fill();
	return check_done();
}
