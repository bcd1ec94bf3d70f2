/* msg: the catalogue of Vietnamese messages, compiled in from
 * generator/messages.vi.po (see its header for the format), parsed once at
 * first use into a hash map keyed by the English text. */
#include "msg.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "map.h"
#include "xalloc.h"

/* Bounds on matching finished text, which a plugin may make as long and
 * as odd as it likes: longer text stays as it is, and so does text that
 * takes more than S_MAX_STEPS steps against all the entries. */
enum { S_MAX_CAPS = 9, S_MAX_TEXT = 4096, S_MAX_STEPS = 1000000 };

struct S_pattern {
	char *id;  /* English text with %s / %d wildcards */
	char *str; /* its Vietnamese form, %s / %d / %N$s taking the pieces */
};

/* serve's threads read the language while its builds may set it again
 * from site.yaml: atomic, though the value only ever changes once */
static atomic_int S_lang = MSG_EN;
static atomic_int S_chosen; /* msg_set_lang was called: site.yaml does not override */
static struct map S_cat = MAP_INIT;
static struct S_pattern *S_pats;
static size_t S_npats;
static pthread_once_t S_once = PTHREAD_ONCE_INIT;

void msg_set_lang(enum msg_lang lang)
{
	S_lang = lang;
	S_chosen = 1;
}

enum msg_lang msg_lang(void)
{
	return (enum msg_lang)S_lang;
}

void msg_set_site_lang(const char *code)
{
	if (S_chosen || code == NULL)
		return;
	if (strcmp(code, "vi") == 0)
		S_lang = MSG_VI;
	else if (strcmp(code, "en") == 0)
		S_lang = MSG_EN;
}

int msg_lang_from_env(enum msg_lang *lang)
{
	const char *w = getenv("WARDSITE_MESSAGES");
	if (w && (strcmp(w, "vi") == 0 || strcmp(w, "en") == 0)) {
		*lang = w[0] == 'v' ? MSG_VI : MSG_EN;
		return 1;
	}
	const char *vars[] = {"LC_ALL", "LC_MESSAGES", "LANG"};
	for (size_t i = 0; i < 3; i++) {
		const char *v = getenv(vars[i]);
		if (v == NULL || *v == '\0')
			continue;
		if (strcmp(v, "C") == 0 || strcmp(v, "POSIX") == 0 || strncmp(v, "C.", 2) == 0)
			return 0;
		*lang = strncmp(v, "vi", 2) == 0 ? MSG_VI : MSG_EN;
		return 1;
	}
	return 0;
}

/* ---- reading the catalogue ---- */

/* Appends the C string literal at s ("...", escapes \n \t \" \\) to b;
 * returns 0, or -1 when s is not one. */
static int S_literal(struct buf *b, const char *s)
{
	if (*s++ != '"')
		return -1;
	for (; *s && *s != '"'; s++) {
		if (*s != '\\') {
			buf_putc(b, *s);
			continue;
		}
		s++;
		if (*s == 'n')
			buf_putc(b, '\n');
		else if (*s == 't')
			buf_putc(b, '\t');
		else if (*s)
			buf_putc(b, *s);
		else
			return -1;
	}
	return *s == '"' ? 0 : -1;
}

struct S_entry {
	struct buf id, str;
	int text; /* "#, text": matched against formatted text */
	int have_str;
};

static void S_commit(struct S_entry *e)
{
	if (e->have_str && e->id.len > 0 && e->str.len > 0) {
		char *str = xstrdup(buf_cstr(&e->str));
		if (e->text) {
			S_pats = xrealloc(S_pats, (S_npats + 1) * sizeof *S_pats);
			S_pats[S_npats].id = xstrdup(buf_cstr(&e->id));
			S_pats[S_npats++].str = str;
		} else {
			free(map_put(&S_cat, buf_cstr(&e->id), str));
		}
	}
	buf_reset(&e->id);
	buf_reset(&e->str);
	e->text = e->have_str = 0;
}

static void S_line(struct S_entry *e, struct buf **cur, const char *line)
{
	if (strncmp(line, "#, text", 7) == 0) {
		S_commit(e);
		e->text = 1;
	} else if (strncmp(line, "msgid ", 6) == 0) {
		if (e->have_str)
			S_commit(e);
		*cur = &e->id;
		S_literal(*cur, line + 6);
	} else if (strncmp(line, "msgstr ", 7) == 0) {
		*cur = &e->str;
		e->have_str = 1;
		S_literal(*cur, line + 7);
	} else if (line[0] == '"' && *cur) {
		S_literal(*cur, line);
	} else if (line[0] == '\0' || line[0] == '#') {
		if (e->have_str)
			S_commit(e);
		*cur = NULL;
	}
}

static void S_load(void)
{
	struct S_entry e = {BUF_INIT, BUF_INIT, 0, 0};
	struct buf *cur = NULL;
	struct buf line = BUF_INIT;
	for (const char *p = msg_catalogue_vi; *p;) {
		const char *nl = strchr(p, '\n');
		size_t n = nl ? (size_t)(nl - p) : strlen(p);
		buf_reset(&line);
		buf_put(&line, p, n);
		S_line(&e, &cur, buf_cstr(&line));
		p += n + (nl != NULL);
	}
	S_commit(&e);
	buf_free(&line);
	buf_free(&e.id);
	buf_free(&e.str);
}

const char *msg_tr(const char *english)
{
	if (S_lang == MSG_EN || english == NULL)
		return english;
	pthread_once(&S_once, S_load);
	const char *vi = map_get(&S_cat, english);
	return vi ? vi : english;
}

/* ---- formatted text against "text" entries ---- */

struct S_caps {
	const char *at[S_MAX_CAPS];
	size_t len[S_MAX_CAPS];
	int n;
	long steps;
};

/* A %d: an optional minus and digits, longest first (the text after it
 * decides); a %s: any text, shortest first. */
static int S_match(const char *pat, const char *text, struct S_caps *c)
{
	if (++c->steps > S_MAX_STEPS)
		return 0;
	if (*pat == '\0')
		return *text == '\0';
	if (pat[0] == '%' && (pat[1] == 's' || pat[1] == 'd') && c->n < S_MAX_CAPS) {
		int k = c->n++;
		c->at[k] = text;
		if (pat[1] == 'd') {
			size_t end = text[0] == '-';
			while (text[end] >= '0' && text[end] <= '9')
				end++;
			for (size_t n = end; n > (size_t)(text[0] == '-'); n--) {
				c->len[k] = n;
				if (S_match(pat + 2, text + n, c))
					return 1;
			}
		} else {
			for (size_t n = 0, max = strlen(text); n <= max; n++) {
				c->len[k] = n;
				if (S_match(pat + 2, text + n, c))
					return 1;
			}
		}
		c->n = k;
		return 0;
	}
	if (pat[0] == '%' && pat[1] == 'c')
		return *text != '\0' && S_match(pat + 2, text + 1, c);
	if (pat[0] == '%' && pat[1] == '%')
		pat++;
	return *pat == *text && S_match(pat + 1, text + 1, c);
}

/* Writes str to b with each %s / %d / %N$s / %N$d replaced by its piece. */
static void S_render(struct buf *b, const char *str, const struct S_caps *c)
{
	int next = 0;
	for (const char *s = str; *s; s++) {
		if (s[0] != '%') {
			buf_putc(b, *s);
			continue;
		}
		int k = next;
		const char *q = s + 1;
		if (q[0] >= '1' && q[0] <= '9' && q[1] == '$') {
			k = q[0] - '1';
			q += 2;
		} else if (q[0] == 's' || q[0] == 'd') {
			next++;
		}
		if ((q[0] == 's' || q[0] == 'd') && k < c->n) {
			buf_put(b, c->at[k], c->len[k]);
			s = q;
		} else {
			buf_putc(b, '%');
			s += s[1] == '%';
		}
	}
}

char *msg_tr_text(const char *text)
{
	if (S_lang == MSG_EN || text == NULL || strlen(text) > S_MAX_TEXT)
		return NULL;
	pthread_once(&S_once, S_load);
	const char *start = text;
	long steps = 0;
	while (start && steps <= S_MAX_STEPS) {
		for (size_t i = 0; i < S_npats; i++) {
			struct S_caps c = {.n = 0, .steps = steps};
			int found = S_match(S_pats[i].id, start, &c);
			steps = c.steps;
			if (!found)
				continue;
			struct buf b = BUF_INIT;
			buf_put(&b, text, (size_t)(start - text));
			S_render(&b, S_pats[i].str, &c);
			return buf_detach(&b);
		}
		start = strstr(start, ": ");
		if (start)
			start += 2;
	}
	return NULL;
}
