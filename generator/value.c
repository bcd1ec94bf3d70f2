#include "value.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#include "buf.h"
#include "msg.h"
#include "map.h"
#include "xalloc.h"

struct parse {
	yaml_parser_t parser;
	const char *text; /* the input, for a look at what libyaml stopped at */
	size_t len;
	const char *path;
	const char *prefix; /* before every message, or NULL */
	int line_offset;
	struct diag *d;
	int failed;
};

const char *value_type_name(enum value_type t)
{
	switch (t) {
	case VALUE_NULL: return msg_tr("nothing");
	case VALUE_BOOL: return msg_tr("a boolean");
	case VALUE_INT: return msg_tr("an integer");
	case VALUE_FLOAT: return msg_tr("a number");
	case VALUE_STRING: return msg_tr("a string");
	case VALUE_LIST: return msg_tr("a list");
	case VALUE_MAP: return msg_tr("a map");
	}
	return msg_tr("a value");
}

void value_free(struct value *v)
{
	if (v == NULL)
		return;
	for (size_t k = 0; k < v->n; k++) {
		value_free(v->items[k]);
		if (v->keys)
			value_free(v->keys[k]);
	}
	free(v->items);
	free(v->keys);
	free(v->str);
	free(v);
}

struct value *value_clone(const struct value *v)
{
	if (v == NULL)
		return NULL;
	struct value *c = xmalloc(sizeof *c);
	*c = *v;
	c->str = v->str ? xstrndup(v->str, v->len) : NULL;
	c->items = v->n ? xmalloc(v->n * sizeof *c->items) : NULL;
	c->keys = v->n && v->keys ? xmalloc(v->n * sizeof *c->keys) : NULL;
	for (size_t k = 0; k < v->n; k++) {
		c->items[k] = value_clone(v->items[k]);
		if (v->keys)
			c->keys[k] = value_clone(v->keys[k]);
	}
	return c;
}

void value_map_add(struct value *map, struct value *key, struct value *item)
{
	map->items = xrealloc(map->items, (map->n + 1) * sizeof *map->items);
	map->keys = xrealloc(map->keys, (map->n + 1) * sizeof *map->keys);
	map->keys[map->n] = key;
	map->items[map->n++] = item;
}

struct value *value_key(const struct value *map, const char *key)
{
	if (map == NULL || map->type != VALUE_MAP)
		return NULL;
	for (size_t k = 0; k < map->n; k++)
		if (map->keys[k]->str && strcmp(map->keys[k]->str, key) == 0)
			return map->keys[k];
	return NULL;
}

struct value *value_get(const struct value *map, const char *key)
{
	if (map == NULL || map->type != VALUE_MAP)
		return NULL;
	for (size_t k = 0; k < map->n; k++)
		if (map->keys[k]->str && strcmp(map->keys[k]->str, key) == 0)
			return map->items[k];
	return NULL;
}

static void S_error(struct parse *p, yaml_mark_t mark, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void S_error(struct parse *p, yaml_mark_t mark, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	if (p->prefix) {
		struct buf b = BUF_INIT;
		buf_vprintf(&b, fmt, ap);
		diag_at(p->d, DIAG_ERROR, p->path, (int)mark.line + 1 + p->line_offset, (int)mark.column + 1, "%s: %s",
			p->prefix, buf_cstr(&b));
		buf_free(&b);
	} else {
		diag_vat(p->d, DIAG_ERROR, p->path, (int)mark.line + 1 + p->line_offset, (int)mark.column + 1, fmt,
			 ap);
	}
	va_end(ap);
	p->failed = 1;
}

/* The byte at a mark of libyaml, whose line and column count characters. */
static int S_char_at(const struct parse *p, yaml_mark_t mark)
{
	size_t i = 0;
	for (size_t line = 0; line < mark.line && i < p->len; i++)
		if (p->text[i] == '\n')
			line++;
	for (size_t col = 0; col < mark.column && i < p->len; col++)
		for (i++; i < p->len && ((unsigned char)p->text[i] & 0xC0) == 0x80;)
			i++;
	return i < p->len ? (unsigned char)p->text[i] : -1;
}

/* Line mark.line of the input: its first byte and length without "\r". */
static const char *S_line(const struct parse *p, yaml_mark_t mark, size_t *len)
{
	size_t i = 0;
	for (size_t line = 0; line < mark.line && i < p->len; i++)
		if (p->text[i] == '\n')
			line++;
	size_t n = 0;
	while (i + n < p->len && p->text[i + n] != '\n')
		n++;
	if (n > 0 && p->text[i + n - 1] == '\r')
		n--;
	*len = n;
	return p->text + i;
}

/* "  - key: value" split: the key, the value (trailing blanks cut) and the
 * offset of the value in the line; 0 when the line has no "key:" with a
 * space or the line's end after the colon. */
struct line_kv {
	char *key, *value;
	size_t value_at, colon_at;
};

static int S_key_value(const char *line, size_t n, struct line_kv *kv)
{
	size_t i = strspn(line, " ");
	if (i + 1 < n && line[i] == '-' && line[i + 1] == ' ')
		i += 1 + strspn(line + i + 1, " ");
	size_t k = i;
	while (k < n && !(line[k] == ':' && (k + 1 == n || line[k + 1] == ' ')))
		k++;
	if (k >= n || k == i || memchr(line + i, '"', k - i) || memchr(line + i, '\'', k - i))
		return 0;
	size_t v = k + 1 + (k + 1 < n ? strspn(line + k + 1, " ") : 0), e = n;
	while (e > v && (line[e - 1] == ' ' || line[e - 1] == '\t'))
		e--;
	kv->key = xstrndup(line + i, k - i);
	kv->value = xstrndup(line + (v < e ? v : e), v < e ? e - v : 0);
	kv->value_at = v;
	kv->colon_at = k;
	return 1;
}

/* The value as it goes between double quotes: '"' and '\' escaped. */
static char *S_quoted(const char *value)
{
	struct buf b = BUF_INIT;
	for (const char *c = value; *c; c++)
		buf_printf(&b, "%s%c", *c == '"' || *c == '\\' ? "\\" : "", *c);
	return buf_detach(&b);
}

/* The byte offset in line of column col (libyaml counts characters). */
static size_t S_col_offset(const char *line, size_t n, size_t col)
{
	size_t i = 0;
	for (size_t c = 0; c < col && i < n; c++)
		for (i++; i < n && ((unsigned char)line[i] & 0xC0) == 0x80;)
			i++;
	return i;
}

/* ': ' inside a value, or a key indented under a value that is text. */
static int S_explain_colon(struct parse *p, yaml_mark_t mark)
{
	size_t n;
	const char *line = S_line(p, mark, &n);
	struct line_kv kv;
	if (!S_key_value(line, n, &kv))
		return 0;
	size_t at = S_col_offset(line, n, mark.column);
	if (at > kv.colon_at) {
		char *q = S_quoted(kv.value);
		S_error(p, mark, "the value of '%s' has ': ' in it; put the whole value in double quotes: %s: \"%s\"",
		        kv.key, kv.key, q);
		free(q);
	} else {
		yaml_mark_t start = mark;
		start.column = strspn(line, " ");
		S_error(p, start,
		        "'%s' is indented further than the key above it, whose value is text: start it in the same "
		        "column as that key",
		        kv.key);
	}
	free(kv.key);
	free(kv.value);
	return 1;
}

/* A line that is neither "key: value" nor a list item, at a simple key. */
static int S_explain_simple_key(struct parse *p, yaml_mark_t mark)
{
	size_t n;
	const char *line = S_line(p, mark, &n);
	const char *colon = memchr(line, ':', n);
	size_t i = strspn(line, " ");
	/* "date:2026-01-10", not "xem http://…" or "Giờ họp 8:30" */
	if (colon && colon > line + i && (size_t)(colon - line) + 1 < n && colon[1] != '/' &&
	    !memchr(line + i, ' ', (size_t)(colon - line) - i)) {
		size_t k = (size_t)(colon - line);
		char *key = xstrndup(line + i, k - i), *value = xstrndup(colon + 1, n - k - 1);
		mark.column = i;
		S_error(p, mark, "'%s:' needs a space after the colon: write %s: %s", key, key, value);
		free(key);
		free(value);
	} else {
		mark.column = i;
		S_error(p, mark,
		        "this line is not 'key: value': add the key and a colon, or indent it further if it goes on "
		        "the value above");
	}
	return 1;
}

/* Whether the line above mark (blank lines skipped) is a list item or a
 * key that opens one ("tags:"). */
static int S_after_list(const struct parse *p, yaml_mark_t mark)
{
	while (mark.line > 0) {
		mark.line--;
		size_t n;
		const char *line = S_line(p, mark, &n);
		size_t i = strspn(line, " ");
		while (n > i && line[n - 1] == ' ')
			n--;
		if (i == n)
			continue;
		return line[i] == '-' || line[n - 1] == ':';
	}
	return 0;
}

/* Text after the closing quote, or a list item out of line with the others. */
static int S_explain_block_key(struct parse *p, yaml_mark_t mark)
{
	size_t n;
	const char *line = S_line(p, mark, &n);
	size_t at = S_col_offset(line, n, mark.column);
	size_t b = at;
	while (b > 0 && line[b - 1] == ' ')
		b--;
	if (at < n && line[at] == '-' && mark.line > 0 && !S_after_list(p, mark)) {
		S_error(p, mark,
		        "this list item has no key above it: write its key first (such as tags:), then the items "
		        "under it");
		return 1;
	}
	if (at < n && line[at] == '-') {
		S_error(p, mark,
		        "this list item is not in line with the items above it: start every '- ' of a list in the same "
		        "column");
		return 1;
	}
	if (b > 0 && (line[b - 1] == '"' || line[b - 1] == '\'')) {
		struct line_kv kv;
		if (!S_key_value(line, n, &kv))
			return 0;
		char *q = S_quoted(kv.value);
		S_error(p, mark,
		        "the value of '%s' goes on after its closing quote; put the whole value in double quotes, with "
		        "\\\" for a quote inside: %s: \"%s\"",
		        kv.key, kv.key, q);
		free(q);
		free(kv.key);
		free(kv.value);
		return 1;
	}
	return 0;
}

/* A value that starts with a character YAML keeps for itself (@, `). */
static int S_explain_start(struct parse *p, yaml_mark_t mark)
{
	size_t n;
	const char *line = S_line(p, mark, &n);
	struct line_kv kv;
	size_t at = S_col_offset(line, n, mark.column);
	if (!S_key_value(line, n, &kv))
		return 0;
	if (at == kv.value_at) {
		char *q = S_quoted(kv.value);
		S_error(p, mark, "a value cannot start with '%c'; put the whole value in double quotes: %s: \"%s\"",
		        line[at], kv.key, q);
		free(q);
	}
	free(kv.key);
	free(kv.value);
	return at == kv.value_at;
}

/* libyaml's problem in plain words with its fix, when it is a slip editors
 * make; 0 when no rewrite applies. */
static int S_explain(struct parse *p, const yaml_parser_t *y)
{
	const char *problem = y->problem, *context = y->context ? y->context : "";
	yaml_mark_t mark = y->problem_mark;
	int c = S_char_at(p, mark);
	if (strstr(problem, "tab character") || (strstr(problem, "cannot start any token") && c == '\t')) {
		S_error(p, mark, "a tab is not allowed here: YAML indents with spaces only");
		return 1;
	}
	if (strstr(problem, "cannot start any token"))
		return S_explain_start(p, mark);
	if (strstr(problem, "mapping values are not allowed"))
		return S_explain_colon(p, mark);
	if (strstr(problem, "end of stream") && strstr(context, "quoted scalar")) {
		int q = S_char_at(p, y->context_mark);
		S_error(p, y->context_mark, "the quote %c that opens this value is not closed: end the value with %c",
		        q, q);
		return 1;
	}
	if (strstr(problem, "could not find expected ':'") && strstr(context, "simple key"))
		return S_explain_simple_key(p, y->context_mark);
	if (strstr(problem, "did not find expected key") && strstr(context, "block mapping"))
		return S_explain_block_key(p, mark);
	if (strstr(context, "flow sequence") || strstr(context, "flow mapping")) {
		int open = S_char_at(p, y->context_mark);
		S_error(p, y->context_mark, "the %c that opens this value is not closed: end it with %c", open,
		        open == '[' ? ']' : '}');
		return 1;
	}
	return 0;
}

static int S_next(struct parse *p, yaml_event_t *ev)
{
	if (yaml_parser_parse(&p->parser, ev))
		return 0;
	yaml_parser_t *y = &p->parser;
	yaml_mark_t mark = y->problem_mark;
	if (y->problem && S_explain(p, y))
		return -1;
	const char *problem = y->problem ? y->problem : "invalid YAML";
	if (y->context)
		S_error(p, mark, "this is not valid YAML. The parser says: %s %s", problem, y->context);
	else
		S_error(p, mark, "this is not valid YAML. The parser says: %s", problem);
	return -1;
}

/* Plain scalars are typed like YAML 1.2's core schema. */
static void S_type_scalar(struct value *v, int plain)
{
	const char *s = v->str;
	v->type = VALUE_STRING;
	if (!plain)
		return;
	if (v->len == 0 || strcmp(s, "~") == 0 || strcmp(s, "null") == 0 || strcmp(s, "Null") == 0 ||
	    strcmp(s, "NULL") == 0) {
		v->type = VALUE_NULL;
	} else if (strcmp(s, "true") == 0 || strcmp(s, "True") == 0 || strcmp(s, "TRUE") == 0) {
		v->type = VALUE_BOOL;
		v->i = 1;
	} else if (strcmp(s, "false") == 0 || strcmp(s, "False") == 0 || strcmp(s, "FALSE") == 0) {
		v->type = VALUE_BOOL;
		v->i = 0;
	} else {
		const char *q = s;
		if (*q == '-' || *q == '+')
			q++;
		size_t digits = strspn(q, "0123456789");
		if (digits > 0 && q[digits] == '\0') {
			errno = 0;
			long long n = strtoll(s, NULL, 10);
			if (errno == 0) {
				v->type = VALUE_INT;
				v->i = n;
				v->f = (double)n;
			}
		} else if (digits > 0 && q[digits] == '.' && q[digits + 1 + strspn(q + digits + 1, "0123456789")] == '\0') {
			v->type = VALUE_FLOAT;
			v->f = strtod(s, NULL);
		}
	}
}

static struct value *S_node(struct parse *p, yaml_event_t *ev, int depth);

static struct value *S_new(struct parse *p, yaml_event_t *ev)
{
	struct value *v = xcalloc(1, sizeof *v);
	v->line = (int)ev->start_mark.line + 1 + p->line_offset;
	v->col = (int)ev->start_mark.column + 1;
	return v;
}

static void S_push(struct value *v, size_t *cap, struct value *key, struct value *item)
{
	if (v->n == *cap) {
		*cap = *cap ? *cap * 2 : 4;
		v->items = xrealloc(v->items, *cap * sizeof *v->items);
		if (v->type == VALUE_MAP)
			v->keys = xrealloc(v->keys, *cap * sizeof *v->keys);
	}
	if (v->type == VALUE_MAP)
		v->keys[v->n] = key;
	v->items[v->n++] = item;
}

/* Reads the node that starts with ev (consumed here).  NULL on error. */
static struct value *S_node(struct parse *p, yaml_event_t *ev, int depth)
{
	struct value *v = NULL;
	yaml_event_t e;
	size_t cap = 0;

	if (depth > VALUE_MAX_DEPTH) {
		S_error(p, ev->start_mark, "nesting deeper than %d levels", VALUE_MAX_DEPTH);
		yaml_event_delete(ev);
		return NULL;
	}
	switch (ev->type) {
	case YAML_ALIAS_EVENT:
		S_error(p, ev->start_mark, "aliases (*%s) are not allowed", (char *)ev->data.alias.anchor);
		yaml_event_delete(ev);
		return NULL;
	case YAML_SCALAR_EVENT:
		v = S_new(p, ev);
		v->str = xstrndup((char *)ev->data.scalar.value, ev->data.scalar.length);
		v->len = ev->data.scalar.length;
		if (memchr(v->str, '\0', v->len)) {
			S_error(p, ev->start_mark, "a NUL character is not allowed here");
			yaml_event_delete(ev);
			value_free(v);
			return NULL;
		}
		S_type_scalar(v, ev->data.scalar.style == YAML_PLAIN_SCALAR_STYLE);
		yaml_event_delete(ev);
		return v;
	case YAML_SEQUENCE_START_EVENT:
		v = S_new(p, ev);
		v->type = VALUE_LIST;
		yaml_event_delete(ev);
		for (;;) {
			if (S_next(p, &e) < 0)
				goto fail;
			if (e.type == YAML_SEQUENCE_END_EVENT) {
				yaml_event_delete(&e);
				return v;
			}
			struct value *item = S_node(p, &e, depth + 1);
			if (item == NULL)
				goto fail;
			S_push(v, &cap, NULL, item);
		}
	case YAML_MAPPING_START_EVENT: {
		/* the keys seen, hashed: 100,000 keys must not take 10^10 comparisons */
		struct map seen = MAP_INIT;
		v = S_new(p, ev);
		v->type = VALUE_MAP;
		yaml_event_delete(ev);
		for (;;) {
			if (S_next(p, &e) < 0)
				break;
			if (e.type == YAML_MAPPING_END_EVENT) {
				yaml_event_delete(&e);
				map_free(&seen);
				return v;
			}
			yaml_mark_t kmark = e.start_mark;
			struct value *key = S_node(p, &e, depth + 1);
			if (key == NULL)
				break;
			if (key->str == NULL) {
				S_error(p, kmark, "a key must be a plain value, not %s", value_type_name(key->type));
				value_free(key);
				break;
			}
			struct value *prev = map_get(&seen, key->str);
			if (prev) {
				S_error(p, kmark, "duplicate key '%s' (first at line %d)", key->str, prev->line);
				value_free(key);
				break;
			}
			if (S_next(p, &e) < 0) {
				value_free(key);
				break;
			}
			struct value *item = S_node(p, &e, depth + 1);
			if (item == NULL) {
				value_free(key);
				break;
			}
			S_push(v, &cap, key, item);
			map_put(&seen, key->str, key);
		}
		map_free(&seen);
		goto fail;
	}
	default:
		S_error(p, ev->start_mark, "unexpected YAML event");
		yaml_event_delete(ev);
		return NULL;
	}
fail:
	value_free(v);
	return NULL;
}

struct value *value_parse_yaml(const char *text, size_t len, const char *path, int line_offset,
			       struct diag *d)
{
	return value_parse_yaml_as(text, len, path, line_offset, NULL, d);
}

struct value *value_parse_yaml_as(const char *text, size_t len, const char *path, int line_offset,
				  const char *prefix, struct diag *d)
{
	struct parse p = {.text = text, .len = len, .path = path, .prefix = prefix, .line_offset = line_offset, .d = d};
	struct value *root = NULL;
	yaml_event_t ev;

	if (!yaml_parser_initialize(&p.parser)) {
		diag_error(d, path, 0, 0, "cannot start the YAML parser");
		return NULL;
	}
	yaml_parser_set_input_string(&p.parser, (const unsigned char *)text, len);
	yaml_parser_set_encoding(&p.parser, YAML_UTF8_ENCODING);

	/* stream start */
	if (S_next(&p, &ev) < 0)
		goto out;
	yaml_event_delete(&ev);
	if (S_next(&p, &ev) < 0)
		goto out;
	if (ev.type == YAML_STREAM_END_EVENT) {
		yaml_event_delete(&ev);
		root = xcalloc(1, sizeof *root);
		root->type = VALUE_NULL;
		root->line = 1 + line_offset;
		root->col = 1;
		goto out;
	}
	yaml_event_delete(&ev); /* document start */
	if (S_next(&p, &ev) < 0)
		goto out;
	root = S_node(&p, &ev, 0);
	if (root == NULL)
		goto out;
	if (S_next(&p, &ev) < 0)
		goto fail;
	yaml_event_delete(&ev); /* document end */
	if (S_next(&p, &ev) < 0)
		goto fail;
	if (ev.type != YAML_STREAM_END_EVENT) {
		S_error(&p, ev.start_mark, "only one YAML document is allowed here");
		yaml_event_delete(&ev);
		goto fail;
	}
	yaml_event_delete(&ev);
	goto out;
fail:
	value_free(root);
	root = NULL;
out:
	yaml_parser_delete(&p.parser);
	return p.failed ? (value_free(root), NULL) : root;
}
