/* template.c — the template engine: values, loading with validation, filling. */
#include "template.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/HTMLparser.h>
#include <libxml/HTMLtree.h>
#include <libxml/xmlerror.h>

#include "../i18n.h"
#include "../text.h"
#include "../util.h"

/* ---- values ---- */

struct tentry {
	const char *name; /* not a copy (template.h) */
	size_t name_len;
	enum tfield_type type;
	const char *text;
	bool own_text; /* text is to be freed */
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
		if (e->own_text)
			free((char *)e->text);
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
		if (o->v[i].name_len == len && memcmp(o->v[i].name, name, len) == 0)
			return &o->v[i];
	return NULL;
}

/* The entry `name`, new or emptied, of the given type. */
static struct tentry *entry_set(struct tvalue *o, const char *name, enum tfield_type type)
{
	size_t len = strlen(name);
	struct tentry *e = entry_find(o, name, len);
	if (e && e->type == type && type == TF_LIST)
		return e;
	if (!e) {
		if (o->n == o->cap) {
			o->cap = o->cap ? 2 * o->cap : 8;
			o->v = xrealloc(o->v, o->cap * sizeof *o->v);
		}
		e = &o->v[o->n++];
		memset(e, 0, sizeof *e);
		e->name = name;
		e->name_len = len;
	} else {
		if (e->own_text)
			free((char *)e->text);
		e->text = NULL;
		e->own_text = false;
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
	struct tentry *e = entry_set(o, name, TF_TEXT);
	e->text = s ? s : xstrdup("");
	e->own_text = true;
}

void tv_text_ref(struct tvalue *o, const char *name, const char *s)
{
	entry_set(o, name, TF_TEXT)->text = s ? s : "";
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
	/* filling (not const: a slot's nodes move into the page, see put_slot) */
	struct tvalue *value;
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
static struct tentry *value_lookup(const struct scope *sc, const char *path,
				   const struct tvalue **obj)
{
	const char *dot = strchr(path, '.');
	size_t len = dot ? (size_t)(dot - path) : strlen(path);
	struct tvalue *cur = NULL;
	struct tentry *e = NULL;
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
		return _("a text");
	case TF_FLAG:
		return _("a flag");
	case TF_OBJECT:
		return _("an object");
	case TF_LIST:
		return _("a list");
	case TF_SLOT:
	default:
		return _("a slot");
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
		diag_add(c->d, c->path, line_of(n), 1,
			 "'%s' in %s is %s, which cannot be used here", path, attr_name,
			 type_name(f->type));
		c->errors++;
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
	/* libxml2 writes the text of <script> and <style> as it is, unescaped (it is code), so a
	 * value put there could end the element and start a script of its own */
	bool raw_text = xmlStrcasecmp(el->name, BAD_CAST "script") == 0 ||
			xmlStrcasecmp(el->name, BAD_CAST "style") == 0;
	bool leaf = false;
	for (xmlAttrPtr a = el->properties; a; a = a->next) {
		char *v = (char *)xmlNodeGetContent((xmlNodePtr)a);
		const char *name = (const char *)a->name;
		if (!v)
			continue;
		if (raw_text && (strcmp(name, "data-text") == 0 || strcmp(name, "data-slot") == 0 ||
				 is_attr_prefix(a->name, "data-attr-"))) {
			check_err(c, el,
				  "%s on <%s>: a value is never put in a script or style element (it is "
				  "written there unescaped, as code)",
				  name, (const char *)el->name);
			xmlFree(v);
			leaf = true;
			continue;
		}
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

/* A template is at most this big (the project's are a few KB). */
#define TEMPLATE_MAX_BYTES ((size_t)1 << 20)

struct tpl *tpl_load(const char *path, const struct tfield *schema,
		     const char *const *slots_required, struct diags *d)
{
	/* read as every input is (a regular file only, valid UTF-8, no control characters),
	 * then parsed from memory */
	size_t len;
	char *raw = read_file(path, TEMPLATE_MAX_BYTES, &len);
	if (!raw) {
		diag_read_error(d, path, errno, TEMPLATE_MAX_BYTES);
		return NULL;
	}
	char *text = text_clean(raw, len, path, d);
	free(raw);
	if (!text)
		return NULL;
	htmlParserCtxtPtr ctxt = htmlNewParserCtxt();
	if (!ctxt) {
		diag_add(d, path, 0, 0, "cannot start the HTML parser");
		free(text);
		return NULL;
	}
	struct parse_errors pe = {path, d, 0};
	ctxt->sax->initialized = XML_SAX2_MAGIC; /* so that libxml2 uses serror below */
	ctxt->sax->serror = on_parse_error;
	ctxt->_private = &pe; /* the handler gets the context (its userData) */
	htmlDocPtr doc = htmlCtxtReadMemory(ctxt, text, (int)strlen(text), path, "UTF-8",
					   HTML_PARSE_NONET);
	htmlFreeParserCtxt(ctxt);
	free(text);
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

/* A slot whose nodes were moved into the page, and the element that now holds them. */
struct moved_slot {
	const struct tentry *entry;
	xmlNodePtr holder;
};

struct fill {
	const char *path;
	struct diags *d;
	int errors;
	struct moved_slot *moved;
	size_t n_moved, cap_moved;
	/* tpl_fill_page: the layout's slot that takes the page, and the elements naming it */
	const char *hole;
	xmlNodePtr *holes;
	size_t n_holes, cap_holes;
};

static void fill_err(struct fill *f, xmlNodePtr n, const char *what, const char *name)
{
	diag_add(f->d, f->path, line_of(n), 1, "internal: %s '%s' has no value", what, name);
	f->errors++;
}

/* The element whose children are the slot's content: its container, or the element of the
 * page they were moved into. */
static xmlNodePtr slot_content(const struct fill *f, const struct tentry *e)
{
	for (size_t i = 0; i < f->n_moved; i++)
		if (f->moved[i].entry == e)
			return f->moved[i].holder;
	return e->slot;
}

/* A slot's nodes are moved into the first element that names it and copied into any later
 * one: a page is mostly its generated body, and copying it doubled the work for nothing. */
static void put_slot(struct fill *f, struct tentry *e, xmlNodePtr el)
{
	xmlNodePtr from = slot_content(f, e);
	if (!from || !from->children)
		return;
	if (from != e->slot) {
		xmlAddChildList(el, xmlDocCopyNodeList(el->doc, from->children));
		return;
	}
	xmlNodePtr list = from->children;
	from->children = from->last = NULL;
	xmlAddChildList(el, list); /* sets each node's parent and document */
	if (f->n_moved == f->cap_moved) {
		f->cap_moved = f->cap_moved ? 2 * f->cap_moved : 4;
		f->moved = xrealloc(f->moved, f->cap_moved * sizeof *f->moved);
	}
	f->moved[f->n_moved++] = (struct moved_slot){e, el};
}

static bool truthy(const struct fill *f, const struct tentry *e, const struct tvalue *obj)
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
	default: {
		xmlNodePtr content = slot_content(f, e);
		return content && content->children;
	}
	}
}

/* A template attribute's value as it is stored, not a copy: libxml2's HTML parser gives an
 * attribute one text node, or none when written without a value ("<x data-if>": ""). */
static const char *tattr_value(xmlAttrPtr a)
{
	xmlNodePtr c = a->children;
	if (!c)
		return "";
	return c->type == XML_TEXT_NODE && !c->next && c->content ? (const char *)c->content : NULL;
}

static const char *tattr(xmlNodePtr t, const char *name)
{
	for (xmlAttrPtr a = t->properties; a; a = a->next)
		if (strcmp((const char *)a->name, name) == 0)
			return tattr_value(a);
	return NULL;
}

/* The attributes that steer the filling and do not reach the page. */
static bool is_control(const xmlChar *name)
{
	const char *n = (const char *)name;
	if (strncmp(n, "data-", 5) != 0)
		return false;
	n += 5;
	return strcmp(n, "if") == 0 || strcmp(n, "repeat") == 0 || strcmp(n, "root") == 0 ||
	       strcmp(n, "text") == 0 || strcmp(n, "slot") == 0 || strncmp(n, "attr-", 5) == 0;
}

/* A template's attribute or text as the page's: name and value in the page's dictionary (as
 * libxml2's parser makes them), since the same few repeat on every row of every page. */
static void copy_attr(xmlNodePtr n, xmlAttrPtr a)
{
	const char *v = tattr_value(a);
	xmlDictPtr dict = n->doc ? n->doc->dict : NULL;
	if (!dict || !v || !a->children) {
		xmlAttrPtr c = xmlCopyProp(n, a), last = n->properties;
		if (!c)
			return;
		if (!last) {
			n->properties = c;
			return;
		}
		while (last->next)
			last = last->next;
		last->next = c;
		c->prev = last;
		return;
	}
	xmlAttrPtr c = xmlNewNsPropEatName(n, NULL, (xmlChar *)xmlDictLookup(dict, a->name, -1),
					   NULL);
	xmlNodePtr text = xmlNewDocText(n->doc, NULL);
	text->content = (xmlChar *)xmlDictLookup(dict, BAD_CAST v, -1);
	text->parent = (xmlNodePtr)c;
	c->children = c->last = text;
}

static void copy_text(xmlNodePtr parent, xmlNodePtr t)
{
	xmlDictPtr dict = parent->doc ? parent->doc->dict : NULL;
	xmlNodePtr c;
	if (dict && t->content) {
		c = xmlNewDocText(parent->doc, NULL);
		c->content = (xmlChar *)xmlDictLookup(dict, t->content, -1);
	} else {
		c = xmlDocCopyNode(t, parent->doc, 1);
	}
	xmlAddChild(parent, c);
}

static void fill_element(struct fill *f, xmlNodePtr t, xmlNodePtr out, const struct scope *sc);

/* The page's copies of the template's children of t, filled, appended to n. */
static void fill_children(struct fill *f, xmlNodePtr t, xmlNodePtr n, const struct scope *sc)
{
	for (xmlNodePtr c = t->children; c; c = c->next) {
		if (c->type == XML_ELEMENT_NODE)
			fill_element(f, c, n, sc);
		else if (c->type == XML_TEXT_NODE)
			copy_text(n, c);
		else
			xmlAddChild(n, xmlDocCopyNode(c, n->doc, 1));
	}
}

/* data-attr-NAME: set once the element has the template's own attributes, as replacing
 * one keeps its place and a new one goes last. */
static void fill_attrs(struct fill *f, xmlNodePtr t, xmlNodePtr n, const struct scope *sc)
{
	const struct tvalue *obj;
	for (xmlAttrPtr a = t->properties; a; a = a->next) {
		if (!is_attr_prefix(a->name, "data-attr-"))
			continue;
		const char *p = tattr_value(a);
		struct tentry *e = value_lookup(sc, p ? p : "", &obj);
		if (e && e->type == TF_TEXT)
			xmlSetProp(n, a->name + strlen("data-attr-"), BAD_CAST e->text);
		else
			fill_err(f, t, "data-attr", p ? p : "");
	}
}

/* data-root="href src": those attributes, when the element has them, relative to the root. */
static void fill_root(const char *names, xmlNodePtr n, const struct scope *sc)
{
	const struct tvalue *rv;
	const struct tentry *re = value_lookup(sc, "page.root", &rv);
	const char *prefix = re && re->type == TF_TEXT ? re->text : "";
	char *list = xstrdup(names), *save = NULL;
	for (char *name = strtok_r(list, " ", &save); name; name = strtok_r(NULL, " ", &save)) {
		char *old = attr(n, name);
		if (!old)
			continue;
		char *now = xasprintf("%s%s", prefix, old);
		xmlSetProp(n, BAD_CAST name, BAD_CAST now);
		free(now);
		xmlFree(old);
	}
	free(list);
}

/* The page's copy of template element t (its data-repeat done) filled from sc, appended to
 * out; nothing when its data-if says so. The copy is made as filled: the template's steering
 * attributes and placeholder texts are never copied to be removed. */
static void fill_one(struct fill *f, xmlNodePtr t, xmlNodePtr out, const struct scope *sc)
{
	const struct tvalue *obj;
	struct tentry *e;

	const char *cond = tattr(t, "data-if");
	if (cond) {
		bool neg = cond[0] == '!';
		e = value_lookup(sc, cond + neg, &obj);
		if (truthy(f, e, obj) == neg)
			return;
	}
	/* HTML templates: elements without namespaces */
	xmlNodePtr n = xmlNewDocNode(out->doc, NULL, t->name, NULL);
	xmlAddChild(out, n);
	for (xmlAttrPtr a = t->properties; a; a = a->next)
		if (!is_control(a->name))
			copy_attr(n, a);
	fill_attrs(f, t, n, sc);
	const char *root = tattr(t, "data-root");
	if (root)
		fill_root(root, n, sc);

	const char *text = tattr(t, "data-text");
	if (text) {
		e = value_lookup(sc, text, &obj);
		if (e && e->type == TF_TEXT)
			xmlAddChild(n, xmlNewDocText(n->doc, BAD_CAST e->text));
		else
			fill_err(f, t, "data-text", text);
		return;
	}
	const char *slot = tattr(t, "data-slot");
	if (slot) {
		if (f->hole && strcmp(slot, f->hole) == 0) {
			if (f->n_holes == f->cap_holes) {
				f->cap_holes = f->cap_holes ? 2 * f->cap_holes : 2;
				f->holes = xrealloc(f->holes, f->cap_holes * sizeof *f->holes);
			}
			f->holes[f->n_holes++] = n;
		} else if ((e = value_lookup(sc, slot, &obj)) && e->type == TF_SLOT) {
			put_slot(f, e, n);
		} else {
			fill_err(f, t, "data-slot", slot);
		}
		return;
	}
	fill_children(f, t, n, sc);
}

static void fill_element(struct fill *f, xmlNodePtr t, xmlNodePtr out, const struct scope *sc)
{
	const char *rep = tattr(t, "data-repeat");
	if (!rep) {
		fill_one(f, t, out, sc);
		return;
	}
	char *copy = xstrdup(rep), *var = NULL, *path = NULL;
	const struct tvalue *obj;
	const struct tentry *e = NULL;
	if (parse_repeat(copy, &var, &path))
		e = value_lookup(sc, path, &obj);
	if (!e || e->type != TF_LIST) {
		fill_err(f, t, "data-repeat", path ? path : "");
	} else {
		for (size_t i = 0; i < e->n_items; i++) {
			struct scope inner = {sc, var, NULL, e->items[i]};
			fill_one(f, t, out, &inner);
		}
	}
	free(copy);
}

/* A document for the template's page, still empty, with a dictionary of its own for the
 * names (and the repeated values) of its nodes. Until fill_done it is a plain XML document
 * without its doctype: libxml2 then keeps no table of the ids of an HTML document (xmlIsID
 * and xmlAddID on every attribute made); the serialiser treats it as HTML in any case. */
xmlDocPtr tpl_begin(const struct tpl *t)
{
	xmlDocPtr doc = xmlCopyDoc(t->doc, 0); /* the document's own fields, no nodes */
	xmlDictPtr dict = xmlDictCreate();
	if (!doc || !dict)
		abort(); /* out of memory, as xmalloc */
	doc->dict = dict;
	doc->type = XML_DOCUMENT_NODE;
	return doc;
}

/* The document as xmlCopyDoc would have made it: its doctype (before the root element), an
 * HTML document again. */
static int fill_done(struct fill *f, xmlDocPtr doc, const struct tpl *t)
{
	xmlDtdPtr dtd = t->doc->intSubset;
	if (dtd)
		xmlCreateIntSubset(doc, dtd->name, dtd->ExternalID, dtd->SystemID);
	doc->type = t->doc->type;
	free(f->moved);
	free(f->holes);
	return f->errors ? -1 : 0;
}

/* The template's nodes (its doctype aside) filled into doc. */
static void fill_doc(struct fill *f, const struct tpl *t, xmlDocPtr doc, const struct scope *sc)
{
	for (xmlNodePtr c = t->doc->children; c; c = c->next) {
		if (c->type == XML_ELEMENT_NODE)
			fill_element(f, c, (xmlNodePtr)doc, sc);
		else if (c->type != XML_DTD_NODE)
			xmlAddChild((xmlNodePtr)doc, xmlDocCopyNode(c, doc, 1));
	}
}

/* The children of the page's <body> (libxml2's HTML parser puts a page template's content
 * there), filled into `into`. */
static void fill_page_into(struct fill *f, const struct tpl *page, const struct scope *sc,
			   xmlNodePtr into)
{
	xmlNodePtr html = xmlDocGetRootElement(page->doc), body = NULL;
	for (xmlNodePtr n = html ? html->children : NULL; n && !body; n = n->next)
		if (n->type == XML_ELEMENT_NODE && xmlStrcasecmp(n->name, BAD_CAST "body") == 0)
			body = n;
	if (!body)
		return;
	f->path = page->path;
	fill_children(f, body, into, sc);
}

int tpl_fill_page(xmlDocPtr doc, const struct tpl *layout, const char *slot,
		  const struct tpl *page, struct tvalue *root, struct diags *d)
{
	struct fill f = {layout->path, d, 0, NULL, 0, 0, slot, NULL, 0, 0};
	struct scope sc = {NULL, NULL, layout->schema, root};
	fill_doc(&f, layout, doc, &sc);
	if (f.n_holes > 0) {
		sc.fields = page->schema;
		fill_page_into(&f, page, &sc, f.holes[0]);
		for (size_t i = 1; i < f.n_holes; i++) /* a layout that names it twice */
			if (f.holes[0]->children)
				xmlAddChildList(f.holes[i], xmlDocCopyNodeList(doc, f.holes[0]->children));
	}
	return fill_done(&f, doc, layout);
}

xmlDocPtr tpl_fill(const struct tpl *t, struct tvalue *root, struct diags *d)
{
	xmlDocPtr doc = tpl_begin(t);
	struct fill f = {t->path, d, 0, NULL, 0, 0, NULL, NULL, 0, 0};
	struct scope sc = {NULL, NULL, t->schema, root};
	fill_doc(&f, t, doc, &sc);
	if (fill_done(&f, doc, t)) {
		xmlFreeDoc(doc);
		return NULL;
	}
	return doc;
}

/* The serialiser's output on its way to a file: libxml2 hands over ~4 KB at a time, written
 * out a larger block at a time (fewer system calls). */
static int sink_write(void *ctx, const char *data, int len)
{
	struct file_sink *s = ctx;
	file_sink_put(s, data, (size_t)len);
	return s->error ? -1 : len;
}

/* The same bytes as html_serialize, straight into the file: no copy of the page in memory. */
int html_save(xmlDocPtr doc, const char *path, struct diags *d)
{
	struct file_sink *s = file_sink_open(path, (size_t)64 << 10);
	if (!s->error) {
		xmlOutputBufferPtr out = xmlOutputBufferCreateIO(sink_write, NULL, s, NULL);
		if (out) {
			htmlDocContentDumpFormatOutput(out, doc, "UTF-8", 1);
			xmlOutputBufferClose(out); /* hands over the rest */
		} else {
			s->error = ENOMEM;
		}
	}
	int error = file_sink_close(s);
	if (error)
		diag_add(d, path, 0, 0, "cannot write: %s", strerror(error));
	return error ? -1 : 0;
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
