/* template.h — plain HTML5 templates (templates/NAME.html) filled by walking their DOM.
 *
 * The attribute language (docs for designers: templates/README.md):
 *   data-text="report.title"        the element's content becomes this text
 *   data-attr-NAME="report.url"     attribute NAME gets this value (data-attr-data-x works too)
 *   data-root="href src"            these attributes are relative to the site root: "../" is
 *                                   put in front on pages one folder down
 *   data-if="path" / data-if="!path" keep the element only when the value is (not) true:
 *                                   a non-empty text, a true flag, a non-empty list
 *   data-repeat="r in reports"      the element once per item of a list; "r.title" inside
 *   data-slot="body"                the element's content becomes generated DOM
 * Values enter the DOM as libxml2 text and attribute nodes, so escaping is by construction.
 * Every name is checked against a schema when the template is loaded, so a typo is an error
 * (template path and line) before anything is written. */
#ifndef BAOCAO_HTML_TEMPLATE_H
#define BAOCAO_HTML_TEMPLATE_H

#include <stdbool.h>

#include <libxml/tree.h>

#include "../diag.h"

/* ---- what a template may name ---- */

enum tfield_type { TF_TEXT, TF_FLAG, TF_OBJECT, TF_LIST, TF_SLOT };

/* A field of an object; `fields` describes an object's or a list item's fields. Arrays of
 * fields end with {NULL}. */
struct tfield {
	const char *name;
	enum tfield_type type;
	const struct tfield *fields;
};

/* ---- the values a page is filled with ---- */

struct tvalue; /* an object: named texts, flags, objects, lists of objects, slots */

/* Names are not copied: they are the string literals of the schema's fields. */
struct tvalue *tv_new(void);
void tv_free(struct tvalue *o);
void tv_text(struct tvalue *o, const char *name, const char *s); /* copies s (NULL: "") */
void tv_text_take(struct tvalue *o, const char *name, char *s);  /* takes s */
/* Neither copies nor takes s, which outlives o: a literal, or the site's (struct site is
 * not changed while its pages are made). */
void tv_text_ref(struct tvalue *o, const char *name, const char *s);
void tv_flag(struct tvalue *o, const char *name, bool b);
struct tvalue *tv_object(struct tvalue *o, const char *name);   /* owned by o */
void tv_list(struct tvalue *o, const char *name);                /* an empty list */
struct tvalue *tv_list_add(struct tvalue *o, const char *name); /* a new item, owned by o */
/* The children of `container` (an element made for the purpose) go into the element that
 * names the slot: moved into the first one a tpl_fill meets, copied into any other. Takes
 * the container. Its nodes are made in the document tpl_fill_page fills (their strings are
 * its dictionary's) or, for tpl_fill, without a document. */
void tv_slot(struct tvalue *o, const char *name, xmlNodePtr container);

/* ---- templates ---- */

struct tpl;

/* Parses path with libxml2's HTML parser and checks every name against `schema` (the
 * fields of the page's root object); `slots_required` (NULL-terminated, may be NULL) must
 * each be used somewhere. NULL after adding errors to d. */
struct tpl *tpl_load(const char *path, const struct tfield *schema,
		     const char *const *slots_required, struct diags *d);
void tpl_free(struct tpl *t);
const char *tpl_path(const struct tpl *t);

/* A new document: the template filled with root. NULL after adding errors to d (only on
 * values that do not match the schema: a bug of the caller). The slots it uses are left
 * empty (their nodes moved into the document), so a root fills one page. */
xmlDocPtr tpl_fill(const struct tpl *t, struct tvalue *root, struct diags *d);

/* A page in two steps, so that its generated nodes can be made in the document they end up
 * in (no copy, no move between documents): tpl_begin gives an empty document for the
 * layout, with a dictionary of its own for the names of its nodes; make the slots' nodes in
 * it (dom_new etc.); then tpl_fill_page fills it from the layout with root, and from the
 * content of `page`'s body the layout's element that has data-slot=`slot` (a name root
 * does not give). 0, or -1 after adding errors to d; the document is the caller's to free,
 * after root. */
xmlDocPtr tpl_begin(const struct tpl *layout);
int tpl_fill_page(xmlDocPtr doc, const struct tpl *layout, const char *slot,
		  const struct tpl *page, struct tvalue *root, struct diags *d);

/* Serialises an HTML document: "<!DOCTYPE html>", UTF-8 as is, no XML declaration.
 * Returns a malloc'd string and its length. */
char *html_serialize(xmlDocPtr doc, size_t *len);
/* The same bytes written into a new file at path (one there is replaced, not written
 * through). 0, or -1 after adding an error to d. */
int html_save(xmlDocPtr doc, const char *path, struct diags *d);

#endif
