/* markdown: Markdown to HTML with cmark-gfm (tables, strikethrough,
 * autolinks, task lists), and the AST walk where raw HTML is escaped and
 * plugins' widgets and image hooks replace nodes.
 *
 * Every node keeps its line, and line_offset turns it into a line of the
 * content file. */
#ifndef WARDSITE_MARKDOWN_H
#define WARDSITE_MARKDOWN_H

#include <stddef.h>

/* A link or image destination as written, and where: line and column
 * (1-based, the column in characters) in the text given to markdown_render. */
struct markdown_link {
	char *url;
	int line, col;
	int image; /* 1: an image, ![…](url) */
};

/* A paragraph with a line that looks like a table row, which cmark-gfm
 * did not make a table: at line and col (as in markdown_link), the row's
 * columns, and the columns of the separator row under it (0: there is
 * none). */
struct markdown_not_table {
	int line, col;
	int columns, separator_columns;
};

struct markdown_result {
	char *html;    /* the rendered body (caller frees) */
	char *summary; /* plain text of the first paragraph, cut at about
			  MARKDOWN_SUMMARY_CHARS characters on a word
			  boundary; "" when there is none (caller frees) */
	struct markdown_link *links; /* every link and image, in order
					(caller frees: markdown_result_free) */
	size_t nlinks;
	struct markdown_not_table *not_tables; /* caller frees: markdown_result_free */
	size_t nnot_tables;
	int deep_line, deep_col; /* where nesting first went past MARKDOWN_MAX_DEPTH;
				    0 when it did not (then html is "") */
};

#define MARKDOWN_SUMMARY_CHARS 200
/* Nodes with children (lists, list items, block quotes, paragraphs,
 * emphasis, links…) inside each other: text nested deeper is refused, so
 * that 100,000 nested quotes cannot make a page no browser can show. */
#define MARKDOWN_MAX_DEPTH 100

/* Renders text (len bytes of valid UTF-8).  With unsafe_html, raw HTML
 * passes through; without it, raw HTML is shown as text and dangerous URLs
 * (javascript:, vbscript:, file:, most data:) are dropped.  Each table is
 * wrapped in <div class="table-scroll" role="region" tabindex="0"
 * aria-label="TABLE_LABEL N">, so that a table wider than a phone scrolls
 * and a keyboard can reach it.  Returns 0, or -1 when the text nests
 * deeper than MARKDOWN_MAX_DEPTH (out->deep_line says where). */
int markdown_render(const char *text, size_t len, int unsafe_html, const char *table_label,
		    struct markdown_result *out);

/* Frees what r holds (html, summary, links). */
void markdown_result_free(struct markdown_result *r);

/* An image of the Markdown text, handed to the image hook. */
struct markdown_image {
	const char *src;   /* the URL as written */
	const char *alt;   /* plain text of the description; "" when empty */
	const char *title; /* the title ("caption"); "" when absent */
	int line, col;     /* in the content file (line_offset applied) */
	int alone;         /* the only thing in its paragraph: a block may replace the paragraph */
};

/* What plugins add to the walk over the cmark-gfm tree.  Any member may
 * be NULL.  Every callback returns 0 with *html (caller frees) to put in
 * place of the node, 1 to leave the node as it is, or -1 when it failed
 * with its diagnostic already recorded. */
struct markdown_hooks {
	void *ud;
	int line_offset; /* added to the lines of nodes: the content file's line of the body, minus 1 */
	/* 1 when a fenced code block with this info string is a widget */
	int (*is_widget)(void *ud, const char *name);
	/* a widget block: name, the block's text (YAML arguments), and the
	 * line and column of its opening fence in the content file */
	int (*widget)(void *ud, const char *name, const char *args, size_t len, int line, int col, char **html);
	int (*image)(void *ud, const struct markdown_image *img, char **html);
	/* a fenced code block whose info string is not a widget: the name,
	 * the line and column of its fence (for a "did you mean" warning) */
	void (*not_widget)(void *ud, const char *name, int line, int col);
};

/* markdown_render with hooks: a fenced code block whose info string is a
 * widget name becomes the widget's HTML (an HTML block, never escaped),
 * an image becomes what the image hook returns (when alone in its
 * paragraph, in place of the paragraph).  Returns 0, or -1 when a hook
 * failed (out is filled all the same; every failure is recorded). */
int markdown_render_hooked(const char *text, size_t len, int unsafe_html, const char *table_label,
			   const struct markdown_hooks *hooks, struct markdown_result *out);

#endif
