/* svg: the check of SVG files for script (see svg.h).  One pass over the
 * bytes: comments, CDATA and processing instructions are skipped as XML
 * does; every start tag's name and attributes are judged; attribute
 * values are decoded (character references, a few named entities) and
 * stripped of whitespace and control characters before they are read, as a
 * browser strips them from a URL ("jav&#x09;ascript:"). */
#include "svg.h"

#include <string.h>
#include <strings.h>

struct scan {
	const char *p;
	size_t len, pos;
	struct svg_finding *out;
	size_t max, n;
	size_t at;     /* offset whose line and col are known */
	int line, col;
};

/* Elements that run script or hold a document that can. */
static const char *const S_active[] = {"script", "foreignobject", "iframe", "frame", "embed", "object",
				       "handler", "listener", NULL};

static int S_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* The name after its namespace prefix ("svg:script" -> "script"). */
static const char *S_local(const char *name, size_t n, size_t *ln)
{
	const char *colon = memchr(name, ':', n);
	const char *last = NULL;
	while (colon) {
		last = colon;
		colon = memchr(colon + 1, ':', n - (size_t)(colon + 1 - name));
	}
	if (last == NULL) {
		*ln = n;
		return name;
	}
	*ln = n - (size_t)(last + 1 - name);
	return last + 1;
}

static void S_found(struct scan *s, enum svg_kind kind, size_t off, const char *name, size_t n)
{
	if (s->n++ >= s->max)
		return;
	while (s->at < off) { /* findings come in order: count forward */
		if (s->p[s->at++] == '\n') {
			s->line++;
			s->col = 1;
		} else {
			s->col++;
		}
	}
	struct svg_finding *f = &s->out[s->n - 1];
	f->kind = kind;
	f->line = s->line;
	f->col = s->col;
	if (n >= sizeof f->name)
		n = sizeof f->name - 1;
	memcpy(f->name, name, n);
	f->name[n] = '\0';
}

/* Skips to just after the text end (or to the end of the data). */
static void S_skip_past(struct scan *s, const char *end)
{
	size_t n = strlen(end);
	while (s->pos < s->len && (s->len - s->pos < n || memcmp(s->p + s->pos, end, n) != 0))
		s->pos++;
	s->pos = s->pos + n <= s->len ? s->pos + n : s->len;
}

static int S_at(const struct scan *s, const char *text)
{
	size_t n = strlen(text);
	return s->len - s->pos >= n && strncasecmp(s->p + s->pos, text, n) == 0;
}

/* A declaration (<!DOCTYPE ...>, with its internal subset in [...]): any
 * <!ENTITY in it is reported, as an entity can carry markup or a URL past
 * this check. */
static void S_declaration(struct scan *s)
{
	int depth = 0;
	char quote = 0;
	for (s->pos += 2; s->pos < s->len; s->pos++) {
		char c = s->p[s->pos];
		if (quote) {
			quote = c == quote ? 0 : quote;
		} else if (c == '"' || c == '\'') {
			quote = c;
		} else if (c == '[') {
			depth++;
		} else if (c == ']') {
			depth -= depth > 0;
		} else if (c == '>' && depth == 0) {
			s->pos++;
			return;
		} else if (c == '<' && S_at(s, "<!entity")) {
			S_found(s, SVG_ENTITY, s->pos, "<!ENTITY", 8);
		}
	}
}

/* Feeds one character of a decoded value to the "javascript:" matcher. */
static void S_match(int *k, char c)
{
	static const char pat[] = "javascript:";
	if ((unsigned char)c <= 0x20)
		return; /* browsers drop whitespace and controls from URLs */
	c = (char)((c >= 'A' && c <= 'Z') ? c + 32 : c);
	if (*k < (int)sizeof pat - 1 && c == pat[*k])
		(*k)++;
	else if (*k < (int)sizeof pat - 1)
		*k = c == 'j';
}

/* One character reference or entity at v (after '&'): its character, or
 * '&' when it is none the check knows; *used the bytes it took. */
static char S_entity(const char *v, size_t n, size_t *used)
{
	static const struct {
		const char *name;
		char c;
	} named[] = {{"amp;", '&'}, {"lt;", '<'}, {"gt;", '>'},   {"quot;", '"'},   {"apos;", '\''},
		     {"colon;", ':'}, {"tab;", '\t'}, {"newline;", '\n'}, {NULL, 0}};
	*used = 0;
	if (n > 1 && v[0] == '#') {
		size_t i = 1;
		int hex = i < n && (v[i] == 'x' || v[i] == 'X');
		i += (size_t)hex;
		unsigned long cp = 0;
		size_t digits = 0;
		for (; i < n && digits < 12; i++, digits++) {
			char c = v[i];
			int d = c >= '0' && c <= '9' ? c - '0' : hex && c >= 'a' && c <= 'f' ? c - 'a' + 10
			      : hex && c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
			if (d < 0)
				break;
			cp = cp * (hex ? 16 : 10) + (unsigned long)d;
		}
		if (digits == 0)
			return '&';
		*used = i + (i < n && v[i] == ';');
		return cp < 0x80 ? (char)cp : 'x';
	}
	for (size_t k = 0; named[k].name; k++) {
		size_t ln = strlen(named[k].name);
		if (n >= ln && strncasecmp(v, named[k].name, ln) == 0) {
			*used = ln;
			return named[k].c;
		}
	}
	return '&';
}

/* 1 when the value (raw, as in the file) says javascript: once decoded. */
static int S_js_value(const char *v, size_t n)
{
	int k = 0;
	for (size_t i = 0; i < n && k < 11; i++) {
		char c = v[i];
		size_t used = 0;
		if (c == '&')
			c = S_entity(v + i + 1, n - i - 1, &used);
		S_match(&k, c);
		i += used;
	}
	return k == 11;
}

static void S_attribute(struct scan *s)
{
	size_t start = s->pos;
	while (s->pos < s->len && !S_space(s->p[s->pos]) && s->p[s->pos] != '=' && s->p[s->pos] != '>' &&
	       s->p[s->pos] != '/')
		s->pos++;
	const char *name = s->p + start;
	size_t n = s->pos - start, ln;
	if (n == 0) {
		s->pos++; /* a stray '=': step over it */
		return;
	}
	const char *local = S_local(name, n, &ln);
	if (ln > 2 && strncasecmp(local, "on", 2) == 0)
		S_found(s, SVG_EVENT, start, name, n);
	while (s->pos < s->len && S_space(s->p[s->pos]))
		s->pos++;
	if (s->pos >= s->len || s->p[s->pos] != '=')
		return;
	s->pos++;
	while (s->pos < s->len && S_space(s->p[s->pos]))
		s->pos++;
	size_t vstart, vend;
	if (s->pos < s->len && (s->p[s->pos] == '"' || s->p[s->pos] == '\'')) {
		const char *close = memchr(s->p + s->pos + 1, s->p[s->pos], s->len - s->pos - 1);
		vstart = s->pos + 1;
		vend = close ? (size_t)(close - s->p) : s->len;
		s->pos = close ? vend + 1 : s->len;
	} else {
		vstart = s->pos;
		while (s->pos < s->len && !S_space(s->p[s->pos]) && s->p[s->pos] != '>')
			s->pos++;
		vend = s->pos;
	}
	if (S_js_value(s->p + vstart, vend - vstart))
		S_found(s, SVG_JS_URL, start, name, n);
}

static void S_start_tag(struct scan *s)
{
	size_t lt = s->pos++;
	size_t start = s->pos;
	while (s->pos < s->len && !S_space(s->p[s->pos]) && s->p[s->pos] != '/' && s->p[s->pos] != '>')
		s->pos++;
	size_t n = s->pos - start, ln;
	const char *local = S_local(s->p + start, n, &ln);
	for (size_t i = 0; S_active[i]; i++)
		if (ln == strlen(S_active[i]) && strncasecmp(local, S_active[i], ln) == 0)
			S_found(s, SVG_ELEMENT, lt, s->p + start, n);
	while (s->pos < s->len && s->p[s->pos] != '>') {
		if (S_space(s->p[s->pos]) || s->p[s->pos] == '/')
			s->pos++;
		else
			S_attribute(s);
	}
	s->pos += s->pos < s->len;
}

size_t svg_check(const char *data, size_t len, struct svg_finding *out, size_t max)
{
	struct scan s = {.p = data, .len = len, .out = out, .max = max, .line = 1, .col = 1};
	if (memchr(data, '\0', len) ||
	    (len >= 2 && (((unsigned char)data[0] == 0xFE && (unsigned char)data[1] == 0xFF) ||
			  ((unsigned char)data[0] == 0xFF && (unsigned char)data[1] == 0xFE)))) {
		S_found(&s, SVG_ENCODING, 0, "", 0);
		return s.n;
	}
	while (s.pos < s.len) {
		const char *lt = memchr(s.p + s.pos, '<', s.len - s.pos);
		if (lt == NULL)
			break;
		s.pos = (size_t)(lt - s.p);
		if (S_at(&s, "<!--")) {
			s.pos += 4;
			S_skip_past(&s, "-->");
		} else if (S_at(&s, "<![CDATA[")) {
			s.pos += 9;
			S_skip_past(&s, "]]>");
		} else if (S_at(&s, "<?")) {
			s.pos += 2;
			S_skip_past(&s, "?>");
		}
		else if (S_at(&s, "<!"))
			S_declaration(&s);
		else if (S_at(&s, "</"))
			S_skip_past(&s, ">");
		else
			S_start_tag(&s);
	}
	return s.n;
}
