/* markdown: Markdown to HTML with cmark-gfm (tables, strikethrough,
 * autolinks, task lists), and the AST walk where raw HTML is escaped.
 *
 * The walk is where the plugin issue hangs widget calls: every node keeps
 * its line, and line_offset turns it into a line of the content file. */
#ifndef WARDSITE_MARKDOWN_H
#define WARDSITE_MARKDOWN_H

#include <stddef.h>

/* A link or image destination as written, and where: line and column
 * (1-based, the column in characters) in the text given to markdown_render. */
struct markdown_link {
	char *url;
	int line, col;
};

struct markdown_result {
	char *html;    /* the rendered body (caller frees) */
	char *summary; /* plain text of the first paragraph, cut at about
			  MARKDOWN_SUMMARY_CHARS characters on a word
			  boundary; "" when there is none (caller frees) */
	struct markdown_link *links; /* every link and image, in order
					(caller frees: markdown_result_free) */
	size_t nlinks;
};

#define MARKDOWN_SUMMARY_CHARS 200

/* Renders text (len bytes of valid UTF-8).  With unsafe_html, raw HTML
 * passes through; without it, raw HTML is shown as text and dangerous URLs
 * (javascript:, vbscript:, file:, most data:) are dropped.  Each table is
 * wrapped in <div class="table-scroll" role="region" tabindex="0"
 * aria-label="TABLE_LABEL N">, so that a table wider than a phone scrolls
 * and a keyboard can reach it.  Returns 0. */
int markdown_render(const char *text, size_t len, int unsafe_html, const char *table_label,
		    struct markdown_result *out);

/* Frees what r holds (html, summary, links). */
void markdown_result_free(struct markdown_result *r);

#endif
