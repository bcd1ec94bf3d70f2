#include "template.h"

#include <string.h>

#include "text.h"

#define MAX_BLOCKS 64

struct compiler {
	const char *src;
	size_t len;
	const char *path;
	struct buf *out;
	struct diag *d;
	int extending;               /* saw {% extends %} */
	int depth;                   /* open blocks */
	size_t block_at[MAX_BLOCKS]; /* where each open block started */
	int failed;
};

static void S_error_at(struct compiler *c, size_t off, const char *msg, const char *arg)
{
	int line, col;
	text_position(c->src, off, &line, &col);
	diag_at(c->d, DIAG_ERROR, c->path, line, col, msg, arg);
	c->failed = 1;
}

static int S_count_newlines(const char *s, size_t n)
{
	int k = 0;
	for (size_t i = 0; i < n; i++)
		k += s[i] == '\n';
	return k;
}

static void S_newlines(struct buf *out, int n)
{
	while (n-- > 0)
		buf_putc(out, '\n');
}

/* Text of the template: __o("…") followed by the newlines it contains, so
 * the next line of Lua is the next line of the template. */
static void S_text(struct compiler *c, const char *s, size_t n)
{
	if (n == 0)
		return;
	if (c->extending && c->depth == 0) { /* outside blocks of a child: dropped */
		S_newlines(c->out, S_count_newlines(s, n));
		return;
	}
	buf_puts(c->out, "__o(\"");
	for (size_t i = 0; i < n; i++) {
		unsigned char ch = (unsigned char)s[i];
		switch (ch) {
		case '"': buf_puts(c->out, "\\\""); break;
		case '\\': buf_puts(c->out, "\\\\"); break;
		case '\n': buf_puts(c->out, "\\n"); break;
		case '\r': buf_puts(c->out, "\\r"); break;
		case '\0': buf_puts(c->out, "\\0"); break;
		default: buf_putc(c->out, (char)ch);
		}
	}
	buf_puts(c->out, "\") ");
	S_newlines(c->out, S_count_newlines(s, n));
}

static int S_is_space(char ch)
{
	return ch == ' ' || ch == '\t' || ch == '\r';
}

/* The word at s (letters, digits, _), its length. */
static size_t S_word(const char *s, size_t n)
{
	size_t i = 0;
	while (i < n && (s[i] == '_' || (s[i] >= 'a' && s[i] <= 'z') || (s[i] >= 'A' && s[i] <= 'Z') ||
			 (s[i] >= '0' && s[i] <= '9')))
		i++;
	return i;
}

/* One {% … %} tag; body is the text between the delimiters, at offset off. */
static void S_statement(struct compiler *c, const char *body, size_t n, size_t off)
{
	int nl = S_count_newlines(body, n);
	while (n > 0 && (S_is_space(*body) || *body == '\n')) {
		body++;
		n--;
	}
	while (n > 0 && (S_is_space(body[n - 1]) || body[n - 1] == '\n'))
		n--;
	size_t w = S_word(body, n);
	const char *rest = body + w;
	size_t rn = n - w;
	while (rn > 0 && S_is_space(*rest)) {
		rest++;
		rn--;
	}
	if (w == 7 && memcmp(body, "extends", 7) == 0) {
		if (rn == 0) {
			S_error_at(c, off, "'extends' needs a template name%s", "");
			return;
		}
		if (c->depth > 0) {
			S_error_at(c, off, "'extends' cannot be inside a block%s", "");
			return;
		}
		c->extending = 1;
		/* called at the end, when the blocks are defined; a function
		 * written here keeps this line for errors in the parent */
		buf_puts(c->out, "__ext = function() __rt.extends(");
		buf_put(c->out, rest, rn);
		buf_puts(c->out, ") end ");
	} else if (w == 5 && memcmp(body, "block", 5) == 0) {
		size_t bw = S_word(rest, rn);
		if (bw == 0 || bw != rn) {
			S_error_at(c, off, "'block' needs a name made of letters, digits and _%s", "");
			return;
		}
		if (c->depth == MAX_BLOCKS) {
			S_error_at(c, off, "blocks nested deeper than %s levels", "64");
			return;
		}
		buf_puts(c->out, c->extending && c->depth == 0 ? "__defblock(\"" : "__block(\"");
		buf_put(c->out, rest, rn);
		buf_puts(c->out, "\", function() ");
		c->block_at[c->depth++] = off;
	} else if (w == 8 && memcmp(body, "endblock", 8) == 0) {
		if (c->depth == 0) {
			S_error_at(c, off, "'endblock' without 'block'%s", "");
			return;
		}
		c->depth--;
		buf_puts(c->out, " end) ");
	} else if (w == 7 && memcmp(body, "include", 7) == 0) {
		if (rn == 0) {
			S_error_at(c, off, "'include' needs a template name%s", "");
			return;
		}
		if (!(c->extending && c->depth == 0)) {
			buf_puts(c->out, "__include(");
			buf_put(c->out, rest, rn);
			buf_puts(c->out, ") ");
		}
	} else {
		buf_put(c->out, body, n);
		buf_putc(c->out, ' ');
	}
	S_newlines(c->out, nl);
}

static void S_expression(struct compiler *c, const char *body, size_t n, int raw)
{
	int nl = S_count_newlines(body, n);
	if (c->extending && c->depth == 0) {
		S_newlines(c->out, nl);
		return;
	}
	/* Newlines inside the expression are kept where they are. */
	buf_puts(c->out, raw ? "__o(__r(" : "__o(__e(");
	buf_put(c->out, body, n);
	buf_puts(c->out, ")) ");
}

/* Finds close at or after i; returns its offset or (size_t)-1. */
static size_t S_find(struct compiler *c, size_t i, const char *close)
{
	size_t cl = strlen(close);
	for (; i + cl <= c->len; i++)
		if (memcmp(c->src + i, close, cl) == 0)
			return i;
	return (size_t)-1;
}

int template_compile(const char *src, size_t len, const char *path, struct buf *out, struct diag *d)
{
	struct compiler c = {.src = src, .len = len, .path = path, .out = out, .d = d};
	size_t text_start = 0, i = 0;

	buf_puts(out, "local __o, __e, __r, __block, __defblock, __include, __ext = __rt.o, __rt.e, __rt.r, "
		      "__rt.block, __rt.defblock, __rt.include; ");
	while (i + 1 < len) {
		if (src[i] != '{' || (src[i + 1] != '{' && src[i + 1] != '%' && src[i + 1] != '#')) {
			i++;
			continue;
		}
		char kind = src[i + 1];
		int raw = kind == '{' && i + 2 < len && src[i + 2] == '{';
		const char *close = kind == '%' ? "%}" : kind == '#' ? "#}" : raw ? "}}}" : "}}";
		size_t open_len = raw ? 3 : 2;
		size_t end = S_find(&c, i + open_len, close);
		if (end == (size_t)-1) {
			S_error_at(&c, i, "'%s' is not closed", raw ? "{{{" : kind == '{' ? "{{" : kind == '%' ? "{%" : "{#");
			goto out;
		}
		size_t after = end + strlen(close);
		size_t text_end = i;
		if (kind != '{') {
			/* A tag alone on its line takes the whole line with it. */
			size_t ls = i;
			while (ls > text_start && S_is_space(src[ls - 1]))
				ls--;
			size_t le = after;
			while (le < len && S_is_space(src[le]))
				le++;
			if ((ls == 0 || src[ls - 1] == '\n') && (le == len || src[le] == '\n')) {
				text_end = ls;
				if (le < len) {
					after = le + 1; /* the newline goes, but keeps its Lua line */
				} else {
					after = le;
				}
			}
		}
		S_text(&c, src + text_start, text_end - text_start);
		const char *body = src + i + open_len;
		size_t blen = end - i - open_len;
		if (kind == '%')
			S_statement(&c, body, blen, i);
		else if (kind == '#')
			S_newlines(out, S_count_newlines(body, blen));
		else
			S_expression(&c, body, blen, raw);
		/* Whatever the trimming swallowed after the tag (spaces, the
		 * newline) still counts as lines for Lua. */
		S_newlines(out, S_count_newlines(src + end, after - end));
		i = text_start = after;
	}
	S_text(&c, src + text_start, len - text_start);
	if (c.depth > 0)
		S_error_at(&c, c.block_at[c.depth - 1], "'block' is not closed by 'endblock'%s", "");
	buf_puts(out, " if __ext then __ext() return end\n"); /* not a tail call: the frame stays */
out:
	return c.failed ? -1 : 0;
}
