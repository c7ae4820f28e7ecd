/* yaml.h — reading small YAML mappings (site.yaml, report front matter) with libyaml's
 * document API, each node located in its file. */
#ifndef BAOCAO_LOAD_YAML_H
#define BAOCAO_LOAD_YAML_H

#include <stdbool.h>

#include <yaml.h>

#include "../diag.h"
#include "../model.h"

struct ydoc {
	yaml_document_t doc;
	bool loaded;
	const char *path;
	int line_offset; /* lines of the file before the YAML text */
	struct diags *d;
};

/* Parses text; a syntax error is added to d ("YAML: …" at libyaml's mark). Returns the
 * root node (must be a mapping, else an error), or NULL. */
yaml_node_t *ydoc_load(struct ydoc *y, const char *text, const char *path, int line_offset,
		       struct diags *d);
void ydoc_free(struct ydoc *y);

int ynode_line(const struct ydoc *y, const yaml_node_t *n);
int ynode_col(const yaml_node_t *n);

/* Where a scalar's text starts: after its opening quote, if it has one. */
struct textpos ypos(const struct ydoc *y, const yaml_node_t *n);

/* The scalar's value (malloc'd), or NULL with an error ("WHAT must be text"). */
char *ystring(struct ydoc *y, yaml_node_t *n, const char *what);
/* A scalar or a sequence of scalars, as a list (malloc'd); with pos, where each starts
 * (malloc'd, [*count]). */
char **ystrings(struct ydoc *y, yaml_node_t *n, const char *what, size_t *count);
char **ystrings_at(struct ydoc *y, yaml_node_t *n, const char *what, size_t *count,
		   struct textpos **pos);

/* Walks a mapping: for each pair, calls f with the key text. Keys must be scalars. */
typedef void (*ymap_fn)(struct ydoc *y, const char *key, yaml_node_t *key_node,
			yaml_node_t *value, void *ctx);
void ymap_each(struct ydoc *y, yaml_node_t *map, ymap_fn f, void *ctx);

#endif
