/* template.c — the template engine: values, loading with validation, filling. */
#include "template.h"

#include <stdlib.h>
#include <string.h>

#include <libxml/HTMLparser.h>
#include <libxml/HTMLtree.h>
#include <libxml/xmlerror.h>

#include "../util.h"

/* ---- values ---- */

struct tentry {
	char *name;
	enum tfield_type type;
	char *text;
	bool flag;
	struct tvalue *object;
	struct tvalue **items;
	size_t n_items, cap_items;
	xmlNodePtr slot;
};

struct tvalue {
	struct tentry *v;
	size_t n, cap;
};

struct tvalue *tv_new(void)
{
	return xcalloc(1, sizeof(struct tvalue));
}

void tv_free(struct tvalue *o)
{
	if (!o)
		return;
	for (size_t i = 0; i < o->n; i++) {
		struct tentry *e = &o->v[i];
		free(e->name);
		free(e->text);
		tv_free(e->object);
		for (size_t k = 0; k < e->n_items; k++)
			tv_free(e->items[k]);
		free(e->items);
		if (e->slot)
			xmlFreeNode(e->slot);
	}
	free(o->v);
	free(o);
}

static struct tentry *entry_find(const struct tvalue *o, const char *name, size_t len)
{
	for (size_t i = 0; i < o->n; i++)
		if (strlen(o->v[i].name) == len && memcmp(o->v[i].name, name, len) == 0)
			return &o->v[i];
	return NULL;
}

/* The entry `name`, new or emptied, of the given type. */
static struct tentry *entry_set(struct tvalue *o, const char *name, enum tfield_type type)
{
	struct tentry *e = entry_find(o, name, strlen(name));
	if (e && e->type == type && type == TF_LIST)
		return e;
	if (!e) {
		if (o->n == o->cap) {
			o->cap = o->cap ? 2 * o->cap : 8;
			o->v = xrealloc(o->v, o->cap * sizeof *o->v);
		}
		e = &o->v[o->n++];
		memset(e, 0, sizeof *e);
		e->name = xstrdup(name);
	} else {
		free(e->text);
		e->text = NULL;
		tv_free(e->object);
		e->object = NULL;
		if (e->slot)
			xmlFreeNode(e->slot);
		e->slot = NULL;
	}
	e->type = type;
	return e;
}

void tv_text(struct tvalue *o, const char *name, const char *s)
{
	tv_text_take(o, name, xstrdup(s ? s : ""));
}

void tv_text_take(struct tvalue *o, const char *name, char *s)
{
	entry_set(o, name, TF_TEXT)->text = s ? s : xstrdup("");
}

void tv_flag(struct tvalue *o, const char *name, bool b)
{
	entry_set(o, name, TF_FLAG)->flag = b;
}

struct tvalue *tv_object(struct tvalue *o, const char *name)
{
	struct tentry *e = entry_set(o, name, TF_OBJECT);
	e->object = tv_new();
	return e->object;
}

void tv_list(struct tvalue *o, const char *name)
{
	entry_set(o, name, TF_LIST);
}

struct tvalue *tv_list_add(struct tvalue *o, const char *name)
{
	struct tentry *e = entry_set(o, name, TF_LIST);
	if (e->n_items == e->cap_items) {
		e->cap_items = e->cap_items ? 2 * e->cap_items : 8;
		e->items = xrealloc(e->items, e->cap_items * sizeof *e->items);
	}
	return e->items[e->n_items++] = tv_new();
}

void tv_slot(struct tvalue *o, const char *name, xmlNodePtr container)
{
	entry_set(o, name, TF_SLOT)->slot = container;
}

/* ---- scopes: the root object plus the loop variables of enclosing data-repeat ---- */

struct scope {
	const struct scope *up;
	const char *var; /* a loop variable, or NULL for the root */
	/* validation */
	const struct tfield *fields;
	/* filling */
	const struct tvalue *value;
};

static const struct tfield *field_find(const struct tfield *f, const char *name, size_t len)
{
	for (; f && f->name; f++)
		if (strlen(f->name) == len && memcmp(f->name, name, len) == 0)
			return f;
	return NULL;
}

/* Looks up a dotted path in the schema. Returns the field, or NULL. A bare loop variable
 * is an object. */
static const struct tfield *schema_lookup(const struct scope *sc, const char *path,
					  struct tfield *var_field)
{
	const char *dot = strchr(path, '.');
	size_t len = dot ? (size_t)(dot - path) : strlen(path);
	const struct tfield *f = NULL;
	for (const struct scope *s = sc; s; s = s->up) {
		if (s->var) {
			if (strlen(s->var) == len && memcmp(s->var, path, len) == 0) {
				var_field->name = s->var;
				var_field->type = TF_OBJECT;
				var_field->fields = s->fields;
				f = var_field;
				break;
			}
		} else {
			f = field_find(s->fields, path, len);
			break;
		}
	}
	while (f && dot) {
		if (f->type != TF_OBJECT)
			return NULL;
		path = dot + 1;
		dot = strchr(path, '.');
		len = dot ? (size_t)(dot - path) : strlen(path);
		f = field_find(f->fields, path, len);
	}
	return f;
}

/* The same walk over the values. A bare loop variable is returned through *obj. */
static const struct tentry *value_lookup(const struct scope *sc, const char *path,
					 const struct tvalue **obj)
{
	const char *dot = strchr(path, '.');
	size_t len = dot ? (size_t)(dot - path) : strlen(path);
	const struct tvalue *cur = NULL;
	const struct tentry *e = NULL;
	*obj = NULL;
	for (const struct scope *s = sc; s; s = s->up) {
		if (s->var) {
			if (strlen(s->var) == len && memcmp(s->var, path, len) == 0) {
				cur = s->value;
				break;
			}
		} else {
			e = entry_find(s->value, path, len);
			break;
		}
	}
	if (cur) {
		if (!dot) {
			*obj = cur;
			return NULL;
		}
		path = dot + 1;
		dot = strchr(path, '.');
		len = dot ? (size_t)(dot - path) : strlen(path);
		e = entry_find(cur, path, len);
	}
	while (e && dot) {
		if (e->type != TF_OBJECT || !e->object)
			return NULL;
		path = dot + 1;
		dot = strchr(path, '.');
		len = dot ? (size_t)(dot - path) : strlen(path);
		e = entry_find(e->object, path, len);
	}
	return e;
}

static const char *type_name(enum tfield_type t)
{
	switch (t) {
	case TF_TEXT:
		return "a text";
	case TF_FLAG:
		return "a flag";
	case TF_OBJECT:
		return "an object";
	case TF_LIST:
		return "a list";
	case TF_SLOT:
	default:
		return "a slot";
	}
}

/* ---- templates ---- */

struct tpl {
	char *path;
	htmlDocPtr doc;
	const struct tfield *schema;
};

const char *tpl_path(const struct tpl *t)
{
	return t->path;
}

void tpl_free(struct tpl *t)
{
	if (!t)
		return;
	if (t->doc)
		xmlFreeDoc(t->doc);
	free(t->path);
	free(t);
}

static int line_of(xmlNodePtr n)
{
	long l = xmlGetLineNo(n);
	return l > 0 && l < 1000000 ? (int)l : 1;
}

static char *attr(xmlNodePtr el, const char *name)
{
	return (char *)xmlGetProp(el, BAD_CAST name);
}

static bool is_attr_prefix(const xmlChar *name, const char *prefix)
{
	return strncmp((const char *)name, prefix, strlen(prefix)) == 0;
}

/* "r in reports": the variable and the path (pointers into s, which is modified). */
static bool parse_repeat(char *s, char **var, char **path)
{
	char *p = s;
	while (*p == ' ')
		p++;
	*var = p;
	while (*p && *p != ' ')
		p++;
	if (!*p)
		return false;
	*p++ = 0;
	while (*p == ' ')
		p++;
	if (strncmp(p, "in ", 3) != 0)
		return false;
	p += 3;
	while (*p == ' ')
		p++;
	*path = p;
	char *end = p + strlen(p);
	while (end > p && end[-1] == ' ')
		*--end = 0;
	return **var && **path && !strchr(*path, ' ') && !strchr(*var, '.');
}

struct check {
	const char *path;
	struct diags *d;
	const char *const *slots_required;
	bool *slot_seen;
	int errors;
};

static void check_err(struct check *c, xmlNodePtr n, const char *fmt, const char *a,
		      const char *b)
{
	diag_add(c->d, c->path, line_of(n), 1, fmt, a, b);
	c->errors++;
}

/* Checks `path` names a field of one of the types in `want` (a bit set). */
static const struct tfield *check_path(struct check *c, const struct scope *sc, xmlNodePtr n,
				       const char *attr_name, const char *path, unsigned want,
				       struct tfield *tmp)
{
	const struct tfield *f = schema_lookup(sc, path, tmp);
	if (!f) {
		check_err(c, n, "unknown field '%s' in %s", path, attr_name);
		return NULL;
	}
	if (!(want & (1u << f->type))) {
		char what[160];
		snprintf(what, sizeof what, "%s is %s", attr_name, type_name(f->type));
		check_err(c, n, "'%s' in %s, which cannot be used here", path, what);
		return NULL;
	}
	return f;
}

#define WANT(t) (1u << (t))

static void check_element(struct check *c, xmlNodePtr el, const struct scope *sc);

static void check_children(struct check *c, xmlNodePtr el, const struct scope *sc)
{
	for (xmlNodePtr n = el->children; n; n = n->next)
		if (n->type == XML_ELEMENT_NODE)
			check_element(c, n, sc);
}

static void check_element(struct check *c, xmlNodePtr el, const struct scope *sc)
{
	struct tfield tmp;
	struct scope inner = {0};
	const struct scope *use = sc;

	char *rep = attr(el, "data-repeat");
	char *copy = NULL; /* holds the loop variable's name while the children are checked */
	if (rep) {
		char *var, *path;
		copy = xstrdup(rep);
		if (!parse_repeat(copy, &var, &path)) {
			check_err(c, el, "data-repeat=\"%s\" is not \"NAME in LIST\"%s", rep, "");
		} else {
			const struct tfield *f =
				check_path(c, sc, el, "data-repeat", path, WANT(TF_LIST), &tmp);
			if (f) {
				inner.up = sc;
				inner.var = var;
				inner.fields = f->fields;
				use = &inner;
			}
		}
		xmlFree(rep);
	}
	bool leaf = false;
	for (xmlAttrPtr a = el->properties; a; a = a->next) {
		char *v = (char *)xmlNodeGetContent((xmlNodePtr)a);
		const char *name = (const char *)a->name;
		if (!v)
			continue;
		if (strcmp(name, "data-if") == 0) {
			const char *p = v[0] == '!' ? v + 1 : v;
			check_path(c, use, el, name, p,
				   WANT(TF_TEXT) | WANT(TF_FLAG) | WANT(TF_LIST) | WANT(TF_OBJECT),
				   &tmp);
		} else if (strcmp(name, "data-text") == 0) {
			check_path(c, use, el, name, v, WANT(TF_TEXT), &tmp);
			leaf = true;
		} else if (is_attr_prefix(a->name, "data-attr-")) {
			if (!name[strlen("data-attr-")])
				check_err(c, el, "%s names no attribute%s", name, "");
			else
				check_path(c, use, el, name, v, WANT(TF_TEXT), &tmp);
		} else if (strcmp(name, "data-slot") == 0) {
			if (check_path(c, use, el, name, v, WANT(TF_SLOT), &tmp))
				for (size_t i = 0; c->slots_required && c->slots_required[i]; i++)
					if (strcmp(c->slots_required[i], v) == 0)
						c->slot_seen[i] = true;
			leaf = true;
		} else if (strcmp(name, "data-root") == 0) {
			if (!*v)
				check_err(c, el, "data-root names no attribute%s%s", "", "");
		}
		xmlFree(v);
	}
	if (!leaf)
		check_children(c, el, use);
	free(copy);
}

struct parse_errors {
	const char *path;
	struct diags *d;
	int n;
};

/* libxml2 reports parse problems here instead of printing them. HTML5 elements unknown to
 * libxml2's HTML 4 tables (header, main, section, svg…) are fine; anything else at error
 * level (an end tag that closes nothing, a misplaced <html>…) is the designer's mistake. */
static void on_parse_error(void *user, xmlErrorPtr e)
{
	struct parse_errors *pe = ((xmlParserCtxtPtr)user)->_private;
	if (e->code == XML_HTML_UNKNOWN_TAG || e->level < XML_ERR_ERROR)
		return;
	char *msg = xstrdup(e->message ? e->message : "parse error");
	size_t len = strlen(msg);
	while (len && (msg[len - 1] == '\n' || msg[len - 1] == ' '))
		msg[--len] = 0;
	diag_add(pe->d, pe->path, e->line > 0 ? e->line : 1, 1, "%s", msg);
	free(msg);
	pe->n++;
}

/* Comments in a template are notes for its editor, not for the pages. */
static void strip_comments(xmlNodePtr n)
{
	while (n) {
		xmlNodePtr next = n->next;
		if (n->type == XML_COMMENT_NODE) {
			xmlUnlinkNode(n);
			xmlFreeNode(n);
		} else if (n->type == XML_ELEMENT_NODE) {
			strip_comments(n->children);
		}
		n = next;
	}
}

struct tpl *tpl_load(const char *path, const struct tfield *schema,
		     const char *const *slots_required, struct diags *d)
{
	htmlParserCtxtPtr ctxt = htmlNewParserCtxt();
	if (!ctxt) {
		diag_add(d, path, 0, 0, "cannot start the HTML parser");
		return NULL;
	}
	struct parse_errors pe = {path, d, 0};
	ctxt->sax->initialized = XML_SAX2_MAGIC; /* so that libxml2 uses serror below */
	ctxt->sax->serror = on_parse_error;
	ctxt->_private = &pe; /* the handler gets the context (its userData) */
	htmlDocPtr doc = htmlCtxtReadFile(ctxt, path, "UTF-8", HTML_PARSE_NONET);
	htmlFreeParserCtxt(ctxt);
	if (!doc || !xmlDocGetRootElement(doc)) {
		if (pe.n == 0)
			diag_add(d, path, 0, 0, "cannot read the template");
		if (doc)
			xmlFreeDoc(doc);
		return NULL;
	}
	strip_comments(doc->children);
	size_t n_req = 0;
	while (slots_required && slots_required[n_req])
		n_req++;
	bool seen[16] = {false};
	struct check c = {path, d, slots_required, seen, pe.n};
	struct scope root = {NULL, NULL, schema, NULL};
	check_element(&c, xmlDocGetRootElement(doc), &root);
	for (size_t i = 0; i < n_req && i < 16; i++)
		if (!seen[i]) {
			diag_add(d, path, 0, 0, "no element has data-slot=\"%s\"", slots_required[i]);
			c.errors++;
		}
	if (c.errors) {
		xmlFreeDoc(doc);
		return NULL;
	}
	struct tpl *t = xcalloc(1, sizeof *t);
	t->path = xstrdup(path);
	t->doc = doc;
	t->schema = schema;
	return t;
}

/* ---- filling ---- */

struct fill {
	const char *path;
	struct diags *d;
	int errors;
};

static void fill_err(struct fill *f, xmlNodePtr n, const char *what, const char *name)
{
	diag_add(f->d, f->path, line_of(n), 1, "internal: %s '%s' has no value", what, name);
	f->errors++;
}

static bool truthy(const struct tentry *e, const struct tvalue *obj)
{
	if (obj)
		return true;
	if (!e)
		return false;
	switch (e->type) {
	case TF_TEXT:
		return e->text && *e->text;
	case TF_FLAG:
		return e->flag;
	case TF_LIST:
		return e->n_items > 0;
	case TF_OBJECT:
		return e->object != NULL;
	case TF_SLOT:
	default:
		return e->slot && e->slot->children;
	}
}

static void remove_children(xmlNodePtr el)
{
	xmlNodePtr c = el->children;
	while (c) {
		xmlNodePtr next = c->next;
		xmlUnlinkNode(c);
		xmlFreeNode(c);
		c = next;
	}
}

static void unset(xmlNodePtr el, const char *name)
{
	xmlAttrPtr a = xmlHasProp(el, BAD_CAST name);
	if (a)
		xmlRemoveProp(a);
}

static void fill_element(struct fill *f, xmlNodePtr el, const struct scope *sc);

static void fill_children(struct fill *f, xmlNodePtr el, const struct scope *sc)
{
	xmlNodePtr n = el->children;
	while (n) {
		xmlNodePtr next = n->next;
		if (n->type == XML_ELEMENT_NODE)
			fill_element(f, n, sc);
		n = next;
	}
}

static void fill_one(struct fill *f, xmlNodePtr el, const struct scope *sc)
{
	const struct tvalue *obj;
	const struct tentry *e;

	char *cond = attr(el, "data-if");
	if (cond) {
		bool neg = cond[0] == '!';
		e = value_lookup(sc, cond + neg, &obj);
		bool keep = truthy(e, obj) != neg;
		xmlFree(cond);
		if (!keep) {
			xmlUnlinkNode(el);
			xmlFreeNode(el);
			return;
		}
		unset(el, "data-if");
	}

	/* data-attr-NAME: collected first, since setting attributes changes the list */
	xmlAttrPtr a = el->properties;
	while (a) {
		xmlAttrPtr next = a->next;
		if (is_attr_prefix(a->name, "data-attr-")) {
			char *p = (char *)xmlNodeGetContent((xmlNodePtr)a);
			char *target = xstrdup((const char *)a->name + strlen("data-attr-"));
			e = value_lookup(sc, p ? p : "", &obj);
			if (!e || e->type != TF_TEXT)
				fill_err(f, el, "data-attr", p ? p : "");
			xmlRemoveProp(a);
			if (e && e->type == TF_TEXT)
				xmlSetProp(el, BAD_CAST target, BAD_CAST e->text);
			free(target);
			xmlFree(p);
		}
		a = next;
	}

	char *root = attr(el, "data-root");
	if (root) {
		const struct tvalue *rv;
		const struct tentry *re = value_lookup(sc, "page.root", &rv);
		const char *prefix = re && re->type == TF_TEXT ? re->text : "";
		char *save = NULL;
		for (char *name = strtok_r(root, " ", &save); name; name = strtok_r(NULL, " ", &save)) {
			char *old = attr(el, name);
			if (!old)
				continue;
			char *now = xasprintf("%s%s", prefix, old);
			xmlSetProp(el, BAD_CAST name, BAD_CAST now);
			free(now);
			xmlFree(old);
		}
		xmlFree(root);
		unset(el, "data-root");
	}

	char *text = attr(el, "data-text");
	if (text) {
		e = value_lookup(sc, text, &obj);
		remove_children(el);
		if (e && e->type == TF_TEXT)
			xmlAddChild(el, xmlNewDocText(el->doc, BAD_CAST e->text));
		else
			fill_err(f, el, "data-text", text);
		xmlFree(text);
		unset(el, "data-text");
		return;
	}

	char *slot = attr(el, "data-slot");
	if (slot) {
		e = value_lookup(sc, slot, &obj);
		remove_children(el);
		if (e && e->type == TF_SLOT) {
			if (e->slot && e->slot->children)
				xmlAddChildList(el, xmlDocCopyNodeList(el->doc, e->slot->children));
		} else {
			fill_err(f, el, "data-slot", slot);
		}
		xmlFree(slot);
		unset(el, "data-slot");
		return;
	}
	fill_children(f, el, sc);
}

static void fill_element(struct fill *f, xmlNodePtr el, const struct scope *sc)
{
	char *rep = attr(el, "data-repeat");
	if (!rep) {
		fill_one(f, el, sc);
		return;
	}
	char *var = NULL, *path = NULL;
	const struct tvalue *obj;
	const struct tentry *e = NULL;
	if (parse_repeat(rep, &var, &path))
		e = value_lookup(sc, path, &obj);
	if (!e || e->type != TF_LIST) {
		fill_err(f, el, "data-repeat", path ? path : "");
	} else {
		unset(el, "data-repeat");
		for (size_t i = 0; i < e->n_items; i++) {
			xmlNodePtr copy = xmlDocCopyNode(el, el->doc, 1);
			xmlAddPrevSibling(el, copy);
			struct scope inner = {sc, var, NULL, e->items[i]};
			fill_one(f, copy, &inner);
		}
	}
	xmlFree(rep);
	xmlUnlinkNode(el);
	xmlFreeNode(el);
}

xmlDocPtr tpl_fill(const struct tpl *t, const struct tvalue *root, struct diags *d)
{
	xmlDocPtr doc = xmlCopyDoc(t->doc, 1);
	struct fill f = {t->path, d, 0};
	struct scope sc = {NULL, NULL, t->schema, root};
	fill_element(&f, xmlDocGetRootElement(doc), &sc);
	if (f.errors) {
		xmlFreeDoc(doc);
		return NULL;
	}
	return doc;
}

static xmlNodePtr find_element(xmlNodePtr n, const char *name)
{
	for (; n; n = n->next) {
		if (n->type != XML_ELEMENT_NODE)
			continue;
		if (xmlStrcasecmp(n->name, BAD_CAST name) == 0)
			return n;
		xmlNodePtr in = find_element(n->children, name);
		if (in)
			return in;
	}
	return NULL;
}

xmlNodePtr tpl_take_body(xmlDocPtr doc)
{
	xmlNodePtr box = xmlNewNode(NULL, BAD_CAST "div");
	xmlNodePtr body = find_element(doc->children, "body");
	if (!body)
		return box;
	xmlNodePtr c = body->children;
	while (c) {
		xmlNodePtr next = c->next;
		xmlUnlinkNode(c);
		xmlAddChild(box, c);
		c = next;
	}
	return box;
}

char *html_serialize(xmlDocPtr doc, size_t *len)
{
	xmlOutputBufferPtr out = xmlAllocOutputBuffer(NULL);
	/* With an explicit "UTF-8" libxml2 writes the text as is (no &#7897; for "ộ") and adds
	 * no <meta http-equiv>: the template's <meta charset="utf-8"> is the only one. */
	htmlDocContentDumpFormatOutput(out, doc, "UTF-8", 1);
	xmlOutputBufferFlush(out);
	size_t n = xmlOutputBufferGetSize(out);
	char *s = xstrndup((const char *)xmlOutputBufferGetContent(out), n);
	xmlOutputBufferClose(out);
	if (len)
		*len = n;
	return s;
}
