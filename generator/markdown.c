#include "markdown.h"

#include <cmark-gfm-core-extensions.h>
#include <cmark-gfm.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "map.h"
#include "text.h"
#include "xalloc.h"

static const char *const S_extensions[] = {"table", "strikethrough", "autolink", "tasklist"};

static void S_ensure_registered(void)
{
	static int done;
	if (!done) {
		cmark_gfm_core_extensions_ensure_registered();
		done = 1;
	}
}

/* The language tag of "<span lang="TAG">" (inline) or "<div lang="TAG">"
 * (block, a trailing newline allowed), exactly so written: 1 and the tag's
 * length, or 0.  A tag is 2-3 letters, then "-" and 1-8 letters or digits,
 * any number of times ("en", "vi", "en-GB", "zh-Hant"). */
static int S_lang_open(const char *lit, int block)
{
	const char *open = block ? "<div lang=\"" : "<span lang=\"";
	size_t n = strlen(open);
	if (lit == NULL || strncmp(lit, open, n) != 0)
		return 0;
	const char *p = lit + n;
	size_t letters = 0;
	while (((*p | 0x20) >= 'a' && (*p | 0x20) <= 'z') && letters < 4)
		p++, letters++;
	if (letters < 2 || letters > 3)
		return 0;
	while (*p == '-') {
		size_t k = 0;
		p++;
		while ((((*p | 0x20) >= 'a' && (*p | 0x20) <= 'z') || (*p >= '0' && *p <= '9')) && k < 9)
			p++, k++;
		if (k < 1 || k > 8)
			return 0;
	}
	if (strncmp(p, "\">", 2) != 0)
		return 0;
	p += 2;
	while (block && (*p == '\n' || *p == ' ' || *p == '\t'))
		p++;
	return *p == '\0';
}

static int S_lang_close(const char *lit, int block)
{
	const char *close = block ? "</div>" : "</span>";
	size_t n = strlen(close);
	if (lit == NULL || strncmp(lit, close, n) != 0)
		return 0;
	for (lit += n; block && (*lit == '\n' || *lit == ' ' || *lit == '\t');)
		lit++;
	return *lit == '\0';
}

/* Marks the language spans and divisions that may stay with raw HTML off
 * among the children of parent of type t (inline or block HTML): an
 * opening tag (S_lang_open) with its closing tag later among the same
 * parent's children, nesting counted.  One pass with a stack, so that
 * 100,000 unclosed spans cost 100,000 steps.  A mark is a non-NULL user
 * data. */
static void S_mark_lang(cmark_node *parent, cmark_node_type t)
{
	static char keep;
	int block = t == CMARK_NODE_HTML_BLOCK;
	cmark_node **open = NULL;
	size_t n = 0, cap = 0;
	for (cmark_node *c = cmark_node_first_child(parent); c; c = cmark_node_next(c)) {
		if (cmark_node_get_type(c) != t)
			continue;
		const char *lit = cmark_node_get_literal(c);
		if (S_lang_open(lit, block)) {
			if (n == cap) {
				cap = cap ? cap * 2 : 8;
				open = xrealloc(open, cap * sizeof *open);
			}
			open[n++] = c;
		} else if (n > 0 && S_lang_close(lit, block)) {
			cmark_node_set_user_data(open[--n], &keep);
			cmark_node_set_user_data(c, &keep);
		}
	}
	free(open);
}

/* Puts html, written out as it is, in place of node (freed).  Returns 0,
 * or -1 when node's parent takes no such node — cmark-gfm's table cells
 * hold no custom inline — and node stays as it was.  (The replacement
 * was leaked and node dropped before: found by fuzz_frontmatter with a
 * <span lang> pair in a table cell.) */
static int S_replace_raw(cmark_node *node, const char *html, int block)
{
	cmark_node *rep = cmark_node_new(block ? CMARK_NODE_CUSTOM_BLOCK : CMARK_NODE_CUSTOM_INLINE);
	cmark_node_set_on_enter(rep, html);
	if (!cmark_node_replace(node, rep)) {
		cmark_node_free(rep);
		return -1;
	}
	cmark_node_free(node);
	return 0;
}

/* Replaces raw HTML nodes by nodes that show the markup as text: inline
 * HTML becomes text, an HTML block a code block.  Balanced
 * <span lang="..."> and <div lang="..."> pairs stay: they mark the
 * language of a passage (WCAG 3.1.2) and carry nothing else. */
static void S_escape_raw_html(cmark_node *root)
{
	cmark_iter *it = cmark_iter_new(root);
	cmark_event_type ev;
	cmark_node **todo = NULL;
	size_t n = 0, cap = 0;
	struct map parents = MAP_INIT;
	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		if (ev != CMARK_EVENT_ENTER)
			continue;
		cmark_node *node = cmark_iter_get_node(it);
		cmark_node_type t = cmark_node_get_type(node);
		if (t == CMARK_NODE_HTML_INLINE || t == CMARK_NODE_HTML_BLOCK) {
			/* each parent's children once, at its first raw HTML */
			char key[2 * sizeof(void *) + 16];
			snprintf(key, sizeof key, "%p/%d", (void *)cmark_node_parent(node), (int)t);
			if (map_get(&parents, key) == NULL) {
				map_put(&parents, key, node);
				S_mark_lang(cmark_node_parent(node), t);
			}
			if (n == cap) {
				cap = cap ? cap * 2 : 8;
				todo = xrealloc(todo, cap * sizeof *todo);
			}
			todo[n++] = node;
		}
	}
	cmark_iter_free(it);
	map_free(&parents);
	for (size_t i = 0; i < n; i++) {
		cmark_node *node = todo[i];
		int block = cmark_node_get_type(node) == CMARK_NODE_HTML_BLOCK;
		/* a mark stays as the renderer writes it without CMARK_OPT_UNSAFE;
		 * one in a table cell, which takes no custom inline, is shown as
		 * text like other raw HTML */
		if (cmark_node_get_user_data(node) != NULL && S_replace_raw(node, cmark_node_get_literal(node), block) == 0)
			continue;
		cmark_node *rep = cmark_node_new(block ? CMARK_NODE_CODE_BLOCK : CMARK_NODE_TEXT);
		cmark_node_set_literal(rep, cmark_node_get_literal(node));
		if (!cmark_node_replace(node, rep))
			cmark_node_free(rep); /* not seen: text goes where inline HTML went; the HTML is dropped */
		cmark_node_free(node);
	}
	free(todo);
}

static void S_plain_text(cmark_node *node, struct buf *b)
{
	cmark_iter *it = cmark_iter_new(node);
	cmark_event_type ev;
	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		if (ev != CMARK_EVENT_ENTER)
			continue;
		cmark_node *n = cmark_iter_get_node(it);
		switch (cmark_node_get_type(n)) {
		case CMARK_NODE_TEXT:
		case CMARK_NODE_CODE:
			buf_puts(b, cmark_node_get_literal(n));
			break;
		case CMARK_NODE_SOFTBREAK:
		case CMARK_NODE_LINEBREAK:
			buf_putc(b, ' ');
			break;
		default:
			break;
		}
	}
	cmark_iter_free(it);
}

/* Cuts s to about max characters, at a space, adding "…". */
static char *S_cut(struct buf *b, size_t max)
{
	size_t chars = 0, i = 0, last_space = 0;
	while (i < b->len) {
		if (((unsigned char)b->data[i] & 0xC0) != 0x80) {
			if (chars == max)
				break;
			chars++;
			if (b->data[i] == ' ')
				last_space = i;
		}
		i++;
	}
	if (i < b->len) {
		size_t cut = last_space > 0 ? last_space : i;
		while (cut > 0 && strchr(" ,;:.-", b->data[cut - 1]))
			cut--;
		b->len = cut;
		buf_puts(b, "…");
	}
	return buf_detach(b);
}

/* Every link and image of the document, with its position: cmark's byte
 * column turned into characters of text. */
static void S_links(cmark_node *doc, const char *text, size_t len, struct markdown_result *out)
{
	cmark_iter *it = cmark_iter_new(doc);
	cmark_event_type ev;
	size_t cap = 0;
	/* Links come in document order: the last line found and the last
	 * column counted are where the next search starts, so that 100,000
	 * links cost one pass over the text, not 100,000. */
	int last_line = 1, last_col = 1;
	size_t last_off = 0, last_at = 0;
	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		cmark_node *n = cmark_iter_get_node(it);
		cmark_node_type t = cmark_node_get_type(n);
		if (ev != CMARK_EVENT_ENTER || (t != CMARK_NODE_LINK && t != CMARK_NODE_IMAGE))
			continue;
		const char *url = cmark_node_get_url(n);
		if (url == NULL)
			continue;
		int line = cmark_node_get_start_line(n), bytecol = cmark_node_get_start_column(n);
		/* the line's start in text, then characters up to the byte column */
		size_t off = 0;
		int l = 1;
		if (line >= last_line) {
			off = last_off;
			l = last_line;
		} else {
			last_at = 0;
		}
		for (; l < line && off < len; off++)
			if (text[off] == '\n')
				l++;
		if (line != last_line || off != last_off)
			last_at = 0;
		last_line = line;
		last_off = off;
		/* cmark counts columns of a paragraph's later lines after their
		 * indentation: add it back when that lands on the link's '[' */
		size_t at = off + (size_t)(bytecol > 0 ? bytecol - 1 : 0), indent = 0;
		while (off + indent < len && (text[off + indent] == ' ' || text[off + indent] == '\t'))
			indent++;
		if (at < len && !strchr("[!<", text[at]) && at + indent < len && strchr("[!<", text[at + indent]))
			at += indent;
		int col = 1;
		size_t i = off;
		if (last_at > 0 && at >= last_at) { /* same line, further on */
			i = last_at;
			col = last_col;
		}
		for (; i < len && i < at; i++)
			if (((unsigned char)text[i] & 0xC0) != 0x80)
				col++;
		last_at = at > off ? at : 0;
		last_col = col;
		if (out->nlinks == cap) {
			cap = cap ? cap * 2 : 8;
			out->links = xrealloc(out->links, cap * sizeof *out->links);
		}
		out->links[out->nlinks++] = (struct markdown_link){xstrdup(url), line, col, t == CMARK_NODE_IMAGE};
	}
	cmark_iter_free(it);
}

/* The cells of a table row: its '|' outside code spans and not escaped,
 * one leading and one trailing '|' not counted as separators.  Returns
 * the number of cells, and in *pipes the number of such '|'. */
static int S_row_cells(const char *line, size_t n, int *pipes)
{
	int count = 0, in_code = 0;
	size_t first = SIZE_MAX, last = 0;
	for (size_t i = 0; i < n; i++) {
		if (line[i] == '\\' && i + 1 < n) {
			i++;
		} else if (line[i] == '`') {
			in_code = !in_code;
		} else if (line[i] == '|' && !in_code) {
			count++;
			if (first == SIZE_MAX)
				first = i;
			last = i;
		}
	}
	*pipes = count;
	size_t b = 0, e = n;
	while (b < n && line[b] == ' ')
		b++;
	while (e > b && (line[e - 1] == ' ' || line[e - 1] == '\t'))
		e--;
	int cells = count + 1;
	if (count > 0 && first == b)
		cells--;
	if (count > 0 && last + 1 == e && (count > 1 || first != b))
		cells--;
	return cells;
}

/* A separator row: only '|', '-', ':' and blanks, with a '-'. */
static int S_separator_row(const char *line, size_t n)
{
	return n > 0 && memchr(line, '-', n) && strspn(line, "|-: \t") >= n;
}

/* A place in the text, moved forward line by line: paragraphs come in
 * document order, so a long text is read once, not once a paragraph. */
struct cursor {
	const char *text;
	size_t len, off; /* off: the start of line l */
	int l;
};

/* Line l (1-based) of the text, blanks and the '>' of quotes cut from its
 * start; *n its length without "\r". */
static const char *S_source_line(struct cursor *c, int l, size_t *n)
{
	if (l < c->l) {
		c->l = 1;
		c->off = 0;
	}
	for (; c->l < l && c->off < c->len; c->off++)
		if (c->text[c->off] == '\n')
			c->l++;
	size_t off = c->off;
	while (off < c->len && (c->text[off] == ' ' || c->text[off] == '\t' || c->text[off] == '>'))
		off++;
	size_t e = off;
	while (e < c->len && c->text[e] != '\n')
		e++;
	if (e > off && c->text[e - 1] == '\r')
		e--;
	*n = e - off;
	return c->text + off;
}

/* Paragraphs with a line that looks like a table row (it starts and ends
 * with '|', or has two '|'): cmark-gfm made no table of them, so the
 * editor's table shows as one line of text. */
static void S_not_tables(cmark_node *doc, const char *text, size_t len, struct markdown_result *out)
{
	cmark_iter *it = cmark_iter_new(doc);
	cmark_event_type ev;
	struct cursor cur = {text, len, 0, 1};
	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		cmark_node *p = cmark_iter_get_node(it);
		if (ev != CMARK_EVENT_ENTER || cmark_node_get_type(p) != CMARK_NODE_PARAGRAPH)
			continue;
		int end = cmark_node_get_end_line(p);
		for (int l = cmark_node_get_start_line(p); l <= end; l++) {
			size_t n, sn = 0;
			const char *line = S_source_line(&cur, l, &n);
			int pipes, sep_pipes;
			int cells = S_row_cells(line, n, &pipes);
			int edged = n > 1 && line[0] == '|' && line[n - 1] == '|';
			if (pipes < 2 && !edged)
				continue;
			int col = 1;
			for (const char *c = text + cur.off; c < line; c++)
				col += ((unsigned char)*c & 0xC0) != 0x80;
			const char *next = l < end ? S_source_line(&cur, l + 1, &sn) : NULL;
			int sep = next && S_separator_row(next, sn) ? S_row_cells(next, sn, &sep_pipes) : 0;
			out->not_tables = xrealloc(out->not_tables, (out->nnot_tables + 1) * sizeof *out->not_tables);
			out->not_tables[out->nnot_tables++] = (struct markdown_not_table){l, col, cells, sep};
			break; /* one warning a paragraph */
		}
	}
	cmark_iter_free(it);
}

/* Wraps every "<table>" the table extension wrote (raw HTML is escaped
 * unless allowed, so in safe mode no other "<table>" exists). */
static char *S_wrap_tables(const char *html, const char *label)
{
	struct buf b = BUF_INIT;
	const char *p = html, *t;
	int n = 0;
	while ((t = strstr(p, "<table>")) != NULL) {
		const char *end = strstr(t, "</table>");
		if (end == NULL)
			break;
		end += strlen("</table>");
		buf_put(&b, p, (size_t)(t - p));
		buf_printf(&b, "<div class=\"table-scroll\" role=\"region\" tabindex=\"0\" aria-label=\"%s %d\">", label, ++n);
		buf_put(&b, t, (size_t)(end - t));
		buf_puts(&b, "</div>");
		p = end;
	}
	buf_puts(&b, p);
	return buf_detach(&b);
}

/* Nodes a hook may replace, collected first: the tree must not change
 * under an iterator. */
struct S_todo {
	cmark_node **nodes;
	size_t n, cap;
};

static void S_todo_push(struct S_todo *t, cmark_node *node)
{
	if (t->n == t->cap) {
		t->cap = t->cap ? t->cap * 2 : 8;
		t->nodes = xrealloc(t->nodes, t->cap * sizeof *t->nodes);
	}
	t->nodes[t->n++] = node;
}

static char *S_trim(const char *s)
{
	while (*s == ' ' || *s == '\t')
		s++;
	size_t n = strlen(s);
	while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		n--;
	return xstrndup(s, n);
}

static int S_fenced(cmark_node *node)
{
	int length = 0, offset = 0;
	char c = 0;
	return cmark_node_get_fenced(node, &length, &offset, &c) && length > 0;
}

/* Hands widget blocks and images to the hooks.  Returns 0 or -1. */
static int S_run_hooks(cmark_node *doc, const struct markdown_hooks *h)
{
	struct S_todo todo = {0};
	cmark_iter *it = cmark_iter_new(doc);
	cmark_event_type ev;
	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		if (ev != CMARK_EVENT_ENTER)
			continue;
		cmark_node *node = cmark_iter_get_node(it);
		cmark_node_type t = cmark_node_get_type(node);
		if ((t == CMARK_NODE_CODE_BLOCK && h->widget && h->is_widget && S_fenced(node)) ||
		    (t == CMARK_NODE_IMAGE && h->image))
			S_todo_push(&todo, node);
	}
	cmark_iter_free(it);
	int rc = 0;
	for (size_t i = 0; i < todo.n; i++) {
		cmark_node *node = todo.nodes[i];
		char *html = NULL;
		int r;
		if (cmark_node_get_type(node) == CMARK_NODE_CODE_BLOCK) {
			const char *info = cmark_node_get_fence_info(node);
			char *name = S_trim(info ? info : "");
			if (name[0] == '\0' || !h->is_widget(h->ud, name)) {
				if (name[0] && h->not_widget)
					h->not_widget(h->ud, name, cmark_node_get_start_line(node) + h->line_offset,
						      cmark_node_get_start_column(node));
				free(name);
				continue;
			}
			const char *args = cmark_node_get_literal(node);
			r = h->widget(h->ud, name, args ? args : "", args ? strlen(args) : 0,
				      cmark_node_get_start_line(node) + h->line_offset, cmark_node_get_start_column(node),
				      &html);
			free(name);
			if (r == 0)
				S_replace_raw(node, html ? html : "", 1);
		} else {
			struct buf alt = BUF_INIT;
			S_plain_text(node, &alt);
			cmark_node *parent = cmark_node_parent(node);
			int alone = parent && cmark_node_get_type(parent) == CMARK_NODE_PARAGRAPH &&
				    cmark_node_first_child(parent) == node && cmark_node_last_child(parent) == node;
			const char *url = cmark_node_get_url(node), *title = cmark_node_get_title(node);
			struct markdown_image img = {.src = url ? url : "",
						     .alt = buf_cstr(&alt),
						     .title = title ? title : "",
						     .line = cmark_node_get_start_line(node) + h->line_offset,
						     .col = cmark_node_get_start_column(node),
						     .alone = alone};
			r = h->image(h->ud, &img, &html);
			buf_free(&alt);
			/* in a table cell the image stays as Markdown has it */
			if (r == 0)
				S_replace_raw(alone ? parent : node, html ? html : "", alone);
		}
		free(html);
		if (r < 0)
			rc = -1;
	}
	free(todo.nodes);
	return rc;
}

/* Gives every heading an id, the slug of its text ("Lịch sử di tích" ->
 * "lich-su-di-tich"; "h-N" for the Nth heading when the text has no letter
 * or digit), made unique in the document with "-2", "-3"...: the anchors
 * a link "#lich-su-di-tich" reaches.  The heading becomes a block of its
 * rendered HTML with the id in its tag. */
static void S_heading_ids(cmark_node *doc, int options, cmark_llist *exts)
{
	struct S_todo todo = {0};
	cmark_iter *it = cmark_iter_new(doc);
	cmark_event_type ev;
	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE)
		if (ev == CMARK_EVENT_ENTER && cmark_node_get_type(cmark_iter_get_node(it)) == CMARK_NODE_HEADING)
			S_todo_push(&todo, cmark_iter_get_node(it));
	cmark_iter_free(it);
	char **ids = xcalloc(todo.n ? todo.n : 1, sizeof *ids);
	struct map used = MAP_INIT, next = MAP_INIT;
	struct buf text = BUF_INIT, tag = BUF_INIT;
	for (size_t i = 0; i < todo.n; i++) {
		cmark_node *h = todo.nodes[i];
		buf_reset(&text);
		S_plain_text(h, &text);
		char *slug = text_slug(buf_cstr(&text));
		if (slug[0] == '\0') {
			free(slug);
			buf_reset(&text);
			buf_printf(&text, "h-%zu", i + 1);
			slug = xstrdup(buf_cstr(&text));
		}
		buf_reset(&tag);
		buf_puts(&tag, slug);
		/* the first of slug, slug-2, slug-3… not taken; next remembers
		 * where each slug's search stopped (ids are never freed, so
		 * the ones before stay taken): linear for 100,000 headings */
		intptr_t k = (intptr_t)map_get(&next, slug);
		if (k == 0)
			k = 2;
		while (map_get(&used, buf_cstr(&tag))) {
			buf_reset(&tag);
			buf_printf(&tag, "%s-%ld", slug, (long)k++);
		}
		map_put(&next, slug, (void *)k);
		map_put(&used, buf_cstr(&tag), &used);
		free(slug);
		ids[i] = xstrdup(buf_cstr(&tag));

		char *html = cmark_render_html(h, options, exts);
		int level = cmark_node_get_heading_level(h);
		buf_reset(&tag);
		buf_printf(&tag, "<h%d id=\"", level);
		text_html_escape(&tag, ids[i], strlen(ids[i]));
		buf_puts(&tag, "\">");
		buf_puts(&tag, html + strlen("<h1>")); /* cmark writes "<hN>" */
		cmark_get_default_mem_allocator()->free(html);
		S_replace_raw(h, buf_cstr(&tag), 1);
	}
	for (size_t i = 0; i < todo.n; i++)
		free(ids[i]);
	free(ids);
	map_free(&used);
	map_free(&next);
	free(todo.nodes);
	buf_free(&text);
	buf_free(&tag);
}

/* The first node deeper than MARKDOWN_MAX_DEPTH containers, or NULL.
 * cmark's iterator enters and exits every node that can have children. */
static cmark_node *S_too_deep(cmark_node *doc)
{
	cmark_iter *it = cmark_iter_new(doc);
	cmark_event_type ev;
	cmark_node *deep = NULL;
	int depth = 0;
	while (deep == NULL && (ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		if (ev == CMARK_EVENT_ENTER && cmark_node_first_child(cmark_iter_get_node(it)) != NULL) {
			if (++depth > MARKDOWN_MAX_DEPTH + 1) /* the document itself is one */
				deep = cmark_iter_get_node(it);
		} else if (ev == CMARK_EVENT_EXIT) {
			depth--;
		}
	}
	cmark_iter_free(it);
	return deep;
}

int markdown_render(const char *text, size_t len, int unsafe_html, const char *table_label,
		    struct markdown_result *out)
{
	return markdown_render_hooked(text, len, unsafe_html, table_label, NULL, out);
}

int markdown_render_hooked(const char *text, size_t len, int unsafe_html, const char *table_label,
			   const struct markdown_hooks *hooks, struct markdown_result *out)
{
	S_ensure_registered();
	int options = CMARK_OPT_DEFAULT | CMARK_OPT_GITHUB_PRE_LANG;
	if (unsafe_html)
		options |= CMARK_OPT_UNSAFE;
	cmark_parser *parser = cmark_parser_new(options);
	for (size_t i = 0; i < sizeof S_extensions / sizeof *S_extensions; i++) {
		cmark_syntax_extension *ext = cmark_find_syntax_extension(S_extensions[i]);
		if (ext)
			cmark_parser_attach_syntax_extension(parser, ext);
	}
	cmark_parser_feed(parser, text, len);
	cmark_node *doc = cmark_parser_finish(parser);
	cmark_node *deep = S_too_deep(doc);
	out->deep_line = out->deep_col = 0;
	if (deep) {
		out->deep_line = cmark_node_get_start_line(deep);
		out->deep_col = cmark_node_get_start_column(deep);
		out->html = xstrdup("");
		out->summary = xstrdup("");
		out->links = NULL;
		out->nlinks = 0;
		out->not_tables = NULL;
		out->nnot_tables = 0;
		cmark_node_free(doc);
		cmark_parser_free(parser);
		return -1;
	}
	if (!unsafe_html)
		S_escape_raw_html(doc);
	int rc = hooks ? S_run_hooks(doc, hooks) : 0;

	out->links = NULL;
	out->nlinks = 0;
	S_links(doc, text, len, out);
	out->not_tables = NULL;
	out->nnot_tables = 0;
	S_not_tables(doc, text, len, out);
	struct buf summary = BUF_INIT;
	for (cmark_node *n = cmark_node_first_child(doc); n; n = cmark_node_next(n)) {
		if (cmark_node_get_type(n) == CMARK_NODE_PARAGRAPH) {
			S_plain_text(n, &summary);
			break;
		}
	}
	S_heading_ids(doc, options, cmark_parser_get_syntax_extensions(parser));
	char *html = cmark_render_html(doc, options, cmark_parser_get_syntax_extensions(parser));
	out->html = unsafe_html ? xstrdup(html) : S_wrap_tables(html, table_label ? table_label : "Table");
	cmark_get_default_mem_allocator()->free(html);
	out->summary = S_cut(&summary, MARKDOWN_SUMMARY_CHARS);
	cmark_node_free(doc);
	cmark_parser_free(parser);
	return rc;
}

void markdown_result_free(struct markdown_result *r)
{
	free(r->html);
	free(r->summary);
	for (size_t i = 0; i < r->nlinks; i++)
		free(r->links[i].url);
	free(r->links);
	free(r->not_tables);
	r->not_tables = NULL;
	r->nnot_tables = 0;
	r->html = r->summary = NULL;
	r->links = NULL;
	r->nlinks = 0;
}
