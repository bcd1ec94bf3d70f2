#include "csv.h"

#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "msg.h"
#include "text.h"
#include "xalloc.h"

/* A growing list of strings. */
struct S_fields {
	char **items;
	size_t n, cap;
};

static void S_push(struct S_fields *f, char *s)
{
	if (f->n == f->cap) {
		f->cap = f->cap ? f->cap * 2 : 8;
		f->items = xrealloc(f->items, f->cap * sizeof *f->items);
	}
	f->items[f->n++] = s;
}

static void S_free_fields(char **items, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(items[i]);
	free(items);
}

/* The separator the header line (up to the first line break outside
 * quotes) uses most: ',' on a tie or when it has none. */
static char S_guess_sep(const char *p, const char *end)
{
	size_t comma = 0, semi = 0, tab = 0;
	int quoted = 0;
	for (; p < end; p++) {
		if (*p == '"')
			quoted = !quoted;
		else if (!quoted && (*p == '\n' || *p == '\r'))
			break;
		else if (!quoted && *p == ',')
			comma++;
		else if (!quoted && *p == ';')
			semi++;
		else if (!quoted && *p == '\t')
			tab++;
	}
	if (semi > comma && semi >= tab)
		return ';';
	if (tab > comma && tab > semi)
		return '\t';
	return ',';
}

static char *S_trimmed(const char *s)
{
	while (*s == ' ' || *s == '\t')
		s++;
	size_t n = strlen(s);
	while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		n--;
	return xstrndup(s, n);
}

struct csv *csv_parse(const char *text, size_t len, const char *path, struct diag *d)
{
	const char *p = text, *end = text + len;
	if (len >= 3 && memcmp(p, "\xEF\xBB\xBF", 3) == 0)
		p += 3;
	struct csv *c = xcalloc(1, sizeof *c);
	c->sep = S_guess_sep(p, end);
	struct S_fields row = {0};
	struct buf field = BUF_INIT;
	int line = 1, row_line = 1, failed = 0;
	size_t rows_cap = 0;
	const char *line_start = p;

	while (p <= end) {
		/* one field */
		buf_reset(&field);
		const char *q = p;
		while (q < end && (*q == ' ' || *q == '\t'))
			q++;
		int quoted = q < end && *q == '"';
		if (quoted)
			p = q; /* spaces before an opening quote do not count */
		if (quoted) {
			int qline = line, qcol, unused;
			text_position(line_start, (size_t)(p - line_start), &unused, &qcol);
			p++;
			for (;;) {
				if (p >= end) {
					diag_error(d, path, qline, qcol, "this quoted field is never closed (a '\"' is missing)");
					failed = 1;
					goto out;
				}
				if (*p == '"') {
					if (p + 1 < end && p[1] == '"') {
						buf_putc(&field, '"');
						p += 2;
						continue;
					}
					p++;
					break;
				}
				if (*p == '\n') {
					line++;
					line_start = p + 1;
				}
				if (*p == '\r' && p + 1 < end && p[1] == '\n') {
					p++; /* CRLF inside a field is one line break */
					continue;
				}
				buf_putc(&field, *p++);
			}
			/* spaces may follow the closing quote; anything else is an error */
			while (p < end && (*p == ' ' || *p == '\t'))
				p++;
			if (p < end && *p != c->sep && *p != '\n' && *p != '\r') {
				int col, l;
				text_position(line_start, (size_t)(p - line_start), &l, &col);
				diag_error(d, path, line, col, "text after a closing quote: put the whole field in quotes, "
							       "with '\"\"' for a quote inside it");
				failed = 1;
				goto out;
			}
		} else {
			while (p < end && *p != c->sep && *p != '\n' && *p != '\r')
				buf_putc(&field, *p++);
		}
		/* unquoted cells lose the spaces around them; quoted ones are as written */
		S_push(&row, quoted && c->header ? xstrdup(buf_cstr(&field)) : S_trimmed(buf_cstr(&field)));
		if (p < end && *p == c->sep) {
			p++;
			continue;
		}
		/* end of a row: a line break or the end of the text */
		int blank = row.n == 1 && row.items[0][0] == '\0';
		if (p < end && *p == '\r')
			p++;
		if (p < end && *p == '\n')
			p++;
		int this_line = row_line;
		line++;
		line_start = p;
		row_line = line;
		if (blank) {
			S_free_fields(row.items, row.n);
			memset(&row, 0, sizeof row);
		} else if (c->header == NULL) {
			for (size_t i = 0; i < row.n; i++) {
				if (row.items[i][0] == '\0') {
					diag_error(d, path, this_line, 0, "column %zu has no name in the header line", i + 1);
					failed = 1;
				}
				for (size_t k = 0; k < i; k++)
					if (row.items[i][0] && strcmp(row.items[i], row.items[k]) == 0) {
						diag_error(d, path, this_line, 0, "column '%s' appears twice in the header line",
							   row.items[i]);
						failed = 1;
					}
			}
			c->header = row.items;
			c->ncols = row.n;
			memset(&row, 0, sizeof row);
		} else if (row.n != c->ncols) {
			diag_error(d, path, this_line, 0, "this row has %zu field%s but the header has %zu column%s", row.n,
				   row.n == 1 ? "" : "s", c->ncols, c->ncols == 1 ? "" : "s");
			failed = 1;
			S_free_fields(row.items, row.n);
			memset(&row, 0, sizeof row);
		} else {
			if (c->nrows == rows_cap) {
				rows_cap = rows_cap ? rows_cap * 2 : 16;
				c->rows = xrealloc(c->rows, rows_cap * sizeof *c->rows);
			}
			c->rows[c->nrows].cells = row.items;
			c->rows[c->nrows].line = this_line;
			c->nrows++;
			memset(&row, 0, sizeof row);
		}
		if (p >= end)
			break;
	}
	if (c->header == NULL) {
		diag_error(d, path, 1, 1, "no header line: the first line must name the columns");
		failed = 1;
	}
out:
	S_free_fields(row.items, row.n);
	buf_free(&field);
	if (failed) {
		csv_free(c);
		return NULL;
	}
	return c;
}

void csv_free(struct csv *c)
{
	if (c == NULL)
		return;
	S_free_fields(c->header, c->ncols);
	for (size_t i = 0; i < c->nrows; i++)
		S_free_fields(c->rows[i].cells, c->ncols);
	free(c->rows);
	free(c);
}

int csv_column(const struct csv *c, const char *name)
{
	for (size_t i = 0; i < c->ncols; i++)
		if (strcmp(c->header[i], name) == 0)
			return (int)i;
	return -1;
}

int csv_number(const char *s, double *out, const char **why)
{
	/* spaces, including U+00A0 and U+202F that spreadsheets put in numbers */
	struct buf b = BUF_INIT;
	for (const char *p = s; *p;) {
		if (*p == ' ' || *p == '\t') {
			p++;
		} else if ((unsigned char)p[0] == 0xC2 && (unsigned char)p[1] == 0xA0) {
			p += 2;
		} else if ((unsigned char)p[0] == 0xE2 && (unsigned char)p[1] == 0x80 && (unsigned char)p[2] == 0xAF) {
			p += 3;
		} else {
			buf_putc(&b, *p++);
		}
	}
	char *t = buf_detach(&b);
	size_t n = strlen(t);
	int rc = -1;
	*why = msg_tr("not a number");
	if (n > 0 && t[n - 1] == '%')
		t[--n] = '\0';
	const char *p = t;
	if (*p == '-' || *p == '+')
		p++;
	/* integer part: digits, or 1-3 digits then groups ".ddd" */
	size_t first = strspn(p, "0123456789");
	if (first == 0) {
		*why = n == 0 ? msg_tr("empty") : msg_tr("not a number");
		goto out;
	}
	struct buf num = BUF_INIT;
	if (t[0] == '-')
		buf_putc(&num, '-');
	buf_put(&num, p, first);
	p += first;
	if (*p == '.') {
		if (first > 3) {
			*why = msg_tr("a dot groups thousands (1.234.567); decimals take a comma (99,32)");
			buf_free(&num);
			goto out;
		}
		while (*p == '.') {
			size_t g = strspn(p + 1, "0123456789");
			if (g != 3) {
				*why = msg_tr("a dot groups thousands (1.234.567); decimals take a comma (99,32)");
				buf_free(&num);
				goto out;
			}
			buf_put(&num, p + 1, 3);
			p += 4;
		}
	}
	if (*p == ',') {
		size_t dec = strspn(p + 1, "0123456789");
		if (dec == 0) {
			*why = msg_tr("no digits after the decimal comma");
			buf_free(&num);
			goto out;
		}
		buf_putc(&num, '.');
		buf_put(&num, p + 1, dec);
		p += 1 + dec;
	}
	if (*p != '\0') {
		*why = msg_tr("not a number");
		buf_free(&num);
		goto out;
	}
	*out = strtod(buf_cstr(&num), NULL);
	buf_free(&num);
	rc = 0;
out:
	free(t);
	return rc;
}
