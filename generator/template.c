#include "template.h"

#include <string.h>

#include "text.h"

#define MAX_BLOCKS 64
#define MAX_OPEN 256 /* Lua blocks (if, for, while, function, repeat) open at once */

struct compiler {
	const char *src;
	size_t len;
	const char *path;
	struct buf *out;
	struct diag *d;
	int extending;               /* saw {% extends %} */
	int depth;                   /* open blocks */
	size_t block_at[MAX_BLOCKS]; /* where each open block started */
	int open_at_block[MAX_BLOCKS]; /* nopen when each block started */
	/* Lua's own blocks opened by {% %} tags and not yet closed by
	 * {% end %}: the keyword and the tag's offset, so that an {% if %}
	 * left open in a block is named at {% endblock %} */
	const char *open_kw[MAX_OPEN];
	size_t open_off[MAX_OPEN];
	int nopen;
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

/* Follows the Lua keywords of a statement tag that open and close
 * blocks (strings and comments skipped).  Only a hint for messages:
 * Lua itself checks the code. */
static void S_track_lua(struct compiler *c, const char *s, size_t n, size_t off)
{
	static const char *const openers[] = {"if", "for", "while", "function", "repeat", "do"};
	int pending_do = 0; /* "for … do", "while … do": one block */
	for (size_t i = 0; i < n;) {
		char ch = s[i];
		if (ch == '"' || ch == '\'') {
			for (i++; i < n && s[i] != ch; i++)
				if (s[i] == '\\')
					i++;
			i++;
		} else if (ch == '-' && i + 1 < n && s[i + 1] == '-') {
			while (i < n && s[i] != '\n')
				i++;
		} else if (ch == '[' && i + 1 < n && (s[i + 1] == '[' || s[i + 1] == '=')) {
			const char *e = NULL;
			for (size_t k = i + 2; k + 1 < n && e == NULL; k++)
				if (s[k] == ']' && (s[k + 1] == ']' || s[k + 1] == '='))
					e = s + k;
			i = e ? (size_t)(e - s) + 2 : n;
		} else if (ch == '_' || (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z')) {
			size_t w = S_word(s + i, n - i);
			const char *kw = NULL;
			for (size_t k = 0; k < sizeof openers / sizeof *openers; k++)
				if (strlen(openers[k]) == w && memcmp(s + i, openers[k], w) == 0)
					kw = openers[k];
			int prev_dot = i > 0 && (s[i - 1] == '.' || s[i - 1] == ':');
			if (prev_dot) {
				/* a field such as t.end or x:do(): not a keyword */
			} else if (kw && strcmp(kw, "do") == 0 && pending_do) {
				pending_do = 0;
			} else if (kw) {
				pending_do = strcmp(kw, "for") == 0 || strcmp(kw, "while") == 0;
				if (c->nopen < MAX_OPEN) {
					c->open_kw[c->nopen] = kw;
					c->open_off[c->nopen++] = off;
				}
			} else if ((w == 3 && memcmp(s + i, "end", 3) == 0) || (w == 5 && memcmp(s + i, "until", 5) == 0)) {
				if (c->nopen > 0)
					c->nopen--;
			}
			i += w;
		} else if (ch >= '0' && ch <= '9') {
			i += S_word(s + i, n - i);
		} else {
			i++;
		}
	}
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
		c->open_at_block[c->depth] = c->nopen;
		c->block_at[c->depth++] = off;
	} else if (w == 8 && memcmp(body, "endblock", 8) == 0) {
		if (c->depth == 0) {
			S_error_at(c, off, "'endblock' without 'block'%s", "");
			return;
		}
		c->depth--;
		if (c->nopen > c->open_at_block[c->depth]) {
			int k = c->open_at_block[c->depth]; /* the first one left open */
			S_error_at(c, c->open_off[k], "'%s' is not closed by {%% end %%} before its block's {%% endblock %%}",
				   c->open_kw[k]);
			c->nopen = c->open_at_block[c->depth];
		}
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
		S_track_lua(c, body, n, off);
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
