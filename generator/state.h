/* state: what a build leaves for the next one to build incrementally.
 *
 * The file (in the cache folder, one per output folder) records the
 * fingerprint of everything global the build read (wardsite itself, its
 * options, every file outside content/), every page's fingerprint (of
 * everything its template table shows), every output file with the pages
 * its rendering read and the ids it has, and every page's rendered
 * Markdown keyed by the fingerprint of what went into it.  It ends in a
 * checksum; a file that does not check out, or comes from another build
 * of wardsite, is not used (the build says why and builds everything).
 *
 * Strings of a state read from a file point into its buffer; strings of a
 * state being made are borrowed from the build and must outlive
 * state_write. */
#ifndef WARDSITE_STATE_H
#define WARDSITE_STATE_H

#include <stddef.h>
#include <stdint.h>

#include "arena.h"
#include "map.h"

struct state_link {
	const char *url;
	uint32_t line, col;
};

struct state_content {
	uint64_t key;
	const char *html;
	const char *summary; /* derived from the Markdown, or NULL */
	struct state_link *links;
	uint32_t nlinks;
};

struct state_output {
	const char *rel;
	uint64_t sig;        /* what the build knew of the output besides its pages */
	uint32_t *deps;      /* indices into the state's pages */
	uint32_t ndeps;
	const char *ids;     /* the element ids, as links.c keeps them */
	uint64_t size;
	int64_t mtime_s, mtime_ns;
};

struct state {
	uint64_t global;
	const char *out;      /* the output folder it describes */
	uint64_t out_ino;
	const char **urls;    /* pages */
	uint64_t *fps;
	uint32_t npages, pages_cap;
	struct state_output *outputs;
	uint32_t noutputs, outputs_cap;
	struct state_content *contents;
	uint32_t ncontents, contents_cap;
	struct map page_index;  /* url -> index + 1 (as a pointer-sized integer) */
	struct map output_index;/* rel -> index + 1 */
	struct map content_index;/* key in hex -> index + 1 */
	struct arena arena;
	char *buf;              /* the file, for a state read */
};

/* An empty state.  Owned by the caller (state_free). */
struct state *state_new(void);
void state_free(struct state *s);

/* Adds a page, an output, a content entry (pointers borrowed).  Each
 * returns the new entry's index; a page or output already there is
 * replaced. */
uint32_t state_add_page(struct state *s, const char *url, uint64_t fp);
struct state_output *state_add_output(struct state *s, const char *rel);
struct state_content *state_add_content(struct state *s, uint64_t key);

/* Lookups: the entry, or NULL. */
const struct state_output *state_output(const struct state *s, const char *rel);
const struct state_content *state_content(const struct state *s, uint64_t key);
/* The page's index + 1, or 0. */
uint32_t state_page(const struct state *s, const char *url);

/* Reads path.  Returns the state, or NULL with *why set (owned by the
 * caller): "missing" when there is no file, otherwise what is wrong. */
struct state *state_read(const char *path, char **why);

/* Writes s to path atomically (a temporary file renamed over it).
 * Returns 0, or -1 with *why set (owned by the caller). */
int state_write(const struct state *s, const char *path, char **why);

#endif
