#include "frontmatter.h"

#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "msg.h"
#include "buf.h"
#include "xalloc.h"

#define MAX_FRONT_MATTER (1u << 20) /* 1 MiB of YAML is more than any page needs */

static int S_fail(struct diag *d, const char *path, const struct value *v, const char *fmt, const char *key,
		  const char *got)
{
	diag_error(d, path, v->line, v->col, fmt, key, got);
	return -1;
}

/* S_fail with what v is: its text in quotes, or "a list", "a map"; a
 * quoted "true" or "3" is the text, which must lose its quotes. */
static int S_fail_got(struct diag *d, const char *path, const struct value *v, const char *fmt, const char *key)
{
	int quoted_value = v->type == VALUE_STRING && v->str &&
			   ((strcmp(key, "draft") == 0 && (strcmp(v->str, "true") == 0 || strcmp(v->str, "false") == 0)) ||
			    (strcmp(key, "weight") == 0 && v->str[0] && strspn(v->str, "0123456789") == strlen(v->str)));
	char *got = quoted_value ? xasprintf("the text \"%s\" (write it without quotes)", v->str)
		    : v->str     ? xasprintf("'%s'", v->str)
				 : xstrdup(value_type_name(v->type));
	S_fail(d, path, v, fmt, key, got);
	free(got);
	return -1;
}

/* A scalar as text: strings, numbers and booleans as written. */
static const char *S_scalar(struct diag *d, const char *path, const struct value *v, const char *key)
{
	if (v->type == VALUE_NULL)
		return NULL;
	if (v->type == VALUE_LIST || v->type == VALUE_MAP) {
		S_fail(d, path, v, "'%s' must be a string, not %s", key, value_type_name(v->type));
		return NULL;
	}
	return v->str;
}

/* One URL segment: letters, digits, '-', '_', '.'; not "." or "..". */
static int S_valid_segment(const char *s)
{
	if (s[0] == '\0' || strcmp(s, ".") == 0 || strcmp(s, "..") == 0)
		return 0;
	utf8proc_ssize_t n = (utf8proc_ssize_t)strlen(s), i = 0;
	while (i < n) {
		utf8proc_int32_t cp;
		utf8proc_ssize_t k = utf8proc_iterate((const utf8proc_uint8_t *)s + i, n - i, &cp);
		if (k <= 0)
			return 0;
		i += k;
		if (cp == '-' || cp == '_' || cp == '.')
			continue;
		utf8proc_category_t c = utf8proc_category(cp);
		if (!((c >= UTF8PROC_CATEGORY_LU && c <= UTF8PROC_CATEGORY_LO) ||
		      (c >= UTF8PROC_CATEGORY_MN && c <= UTF8PROC_CATEGORY_ME) ||
		      (c >= UTF8PROC_CATEGORY_ND && c <= UTF8PROC_CATEGORY_NO)))
			return 0;
	}
	return 1;
}

/* An alias: an absolute path without "..", ".", "//" or a backslash. */
static int S_valid_alias(const char *s)
{
	if (s[0] != '/' || strchr(s, '\\') || strstr(s, "//") || strpbrk(s, "?#\"<> \t"))
		return 0;
	const char *p = s + 1;
	while (*p) {
		size_t n = strcspn(p, "/");
		if ((n == 1 && p[0] == '.') || (n == 2 && p[0] == '.' && p[1] == '.'))
			return 0;
		p += n;
		if (*p == '/')
			p++;
	}
	return 1;
}

/* Line n (1-based) of text: its first byte and length without "\r". */
static const char *S_line(const char *text, int n, size_t *len)
{
	const char *l = text;
	for (int i = 1; i < n && l; i++)
		if ((l = strchr(l, '\n')) != NULL)
			l++;
	if (l == NULL)
		l = text + strlen(text);
	size_t k = strcspn(l, "\n");
	if (k > 0 && l[k - 1] == '\r')
		k--;
	*len = k;
	return l;
}

/* A plain value written on one line with " #" in it, which YAML cut short
 * as a comment: "title: Số #1" is the title "Số". */
static void S_check_comment(struct diag *d, const char *path, const char *text, const struct value *v, const char *key)
{
	size_t n;
	if (v->type != VALUE_STRING || v->str == NULL || v->line < 1)
		return;
	const char *line = S_line(text, v->line, &n);
	size_t klen = strlen(key);
	if (n < klen + 1 || memcmp(line, key, klen) != 0 || line[klen] != ':')
		return;
	const char *val = line + klen + 1, *end = line + n;
	val += strspn(val, " ");
	if (val >= end || strchr("\"'|>", *val))
		return;
	const char *hash = NULL;
	for (const char *c = val + 1; c < end && hash == NULL; c++)
		if (*c == '#' && (c[-1] == ' ' || c[-1] == '\t'))
			hash = c;
	if (hash == NULL)
		return;
	while (end > val && (end[-1] == ' ' || end[-1] == '\t'))
		end--;
	int col = 1; /* in characters, as libyaml counts them */
	for (const char *c = line; c < hash; c++)
		col += ((unsigned char)*c & 0xC0) != 0x80;
	struct buf q = BUF_INIT;
	for (const char *c = val; c < end; c++)
		buf_printf(&q, "%s%c", *c == '"' || *c == '\\' ? "\\" : "", *c);
	diag_warning(d, path, v->line, col,
	             "the value of '%s' stops before ' #': YAML reads the rest of the line as a comment; if it is part "
	             "of the value, put the whole value in double quotes: %s: \"%s\"",
	             key, key, buf_cstr(&q));
	buf_free(&q);
}

/* The whole front matter read as one text: "title:Lễ hội" lacks the space
 * after its colon. */
static void S_not_a_map(struct diag *d, const char *path, const struct value *root)
{
	const char *colon = root->type == VALUE_STRING && root->str ? strchr(root->str, ':') : NULL;
	if (colon && colon > root->str && colon[1] != ' ' && colon[1] != '\0' && colon[1] != '/' &&
	    !memchr(root->str, ' ', (size_t)(colon - root->str))) {
		int klen = (int)(colon - root->str);
		diag_error(d, path, root->line, root->col, "'%.*s:' needs a space after the colon: write %.*s: %s",
		           klen, root->str, klen, root->str, colon + 1);
		return;
	}
	diag_error(d, path, root->line, root->col, "the front matter must be a map of keys, not %s",
	           value_type_name(root->type));
}

static void S_date(struct front_matter *fm, struct diag *d, const char *path, const struct value *v,
		   const char *key, int tz, struct text_date *out, int *has)
{
	(void)fm;
	if (v == NULL || v->type == VALUE_NULL)
		return;
	if (v->str == NULL || text_parse_date(v->str, tz, out) < 0) {
		S_fail_got(d, path, v, "'%s' must be a date (YYYY-MM-DD, or YYYY-MM-DDTHH:MM:SS+07:00), not %s", key);
		return;
	}
	*has = 1;
}

int front_matter_parse(struct front_matter *fm, const char *data, size_t len, const char *path, int tz_minutes,
		       struct diag *d)
{
	int errors = d->errors;
	size_t bad;
	memset(fm, 0, sizeof *fm);

	if (text_is_lfs_pointer(data, len)) {
		diag_error(d, path, 1, 1, "%s", msg_tr(TEXT_LFS_MESSAGE));
		return -1;
	}
	if (len >= 2 && ((data[0] == '\xFF' && data[1] == '\xFE') || (data[0] == '\xFE' && data[1] == '\xFF'))) {
		diag_error(d, path, 1, 1, "the file is in UTF-16: save it as UTF-8");
		return -1;
	}
	if (!text_utf8_valid(data, len, &bad)) {
		int line, col;
		text_position(data, bad, &line, &col);
		if (data[bad] == '\0')
			diag_error(d, path, line, col, "a NUL byte is not allowed in a content file");
		else
			diag_error(d, path, line, col, "invalid UTF-8 (byte 0x%02X): save the file as UTF-8",
				   (unsigned char)data[bad]);
		return -1;
	}
	size_t tlen;
	fm->text = text_nfc(data, len, &tlen);
	const char *t = fm->text;
	if (tlen >= 3 && memcmp(t, "\xEF\xBB\xBF", 3) == 0) { /* byte order mark */
		t += 3;
		tlen -= 3;
	}
	fm->body = t;
	fm->body_len = tlen;
	fm->body_line = 1;
	size_t first = strcspn(t, "\n");
	size_t fl = first;
	if (fl > 0 && t[fl - 1] == '\r')
		fl--;
	while (fl > 3 && (t[fl - 1] == ' ' || t[fl - 1] == '\t'))
		fl--;
	if (fl != 3 || memcmp(t, "---", 3) != 0)
		return 0; /* no front matter */

	/* Find the closing "---" (or "...") line. */
	size_t start = first < tlen ? first + 1 : tlen, pos = start;
	int line = 2;
	size_t yaml_end = (size_t)-1, body_start = tlen;
	while (pos < tlen) {
		size_t eol = pos + strcspn(t + pos, "\n");
		size_t e = eol;
		if (e > pos && t[e - 1] == '\r')
			e--;
		while (e > pos + 3 && (t[e - 1] == ' ' || t[e - 1] == '\t'))
			e--;
		if (e - pos == 3 && (memcmp(t + pos, "---", 3) == 0 || memcmp(t + pos, "...", 3) == 0)) {
			yaml_end = pos;
			body_start = eol < tlen ? eol + 1 : tlen;
			break;
		}
		pos = eol < tlen ? eol + 1 : tlen;
		line++;
	}
	if (yaml_end == (size_t)-1) {
		diag_error(d, path, 1, 1, "the front matter opened by '---' is not closed by a '---' line");
		return -1;
	}
	if (yaml_end - start > MAX_FRONT_MATTER) {
		diag_error(d, path, 2, 1, "front matter of %zu bytes is larger than the limit of %u", yaml_end - start,
			   MAX_FRONT_MATTER);
		return -1;
	}
	fm->body = t + body_start;
	fm->body_len = tlen - body_start;
	fm->body_line = line + 1;

	struct value *root = value_parse_yaml(t + start, yaml_end - start, path, 1, d);
	if (root == NULL)
		return -1;
	fm->root = root;
	if (root->type == VALUE_NULL)
		return 0;
	if (root->type != VALUE_MAP) {
		S_not_a_map(d, path, root);
		return -1;
	}

	const struct value *v;
	if ((v = value_get(root, "title"))) {
		fm->title = S_scalar(d, path, v, "title");
		S_check_comment(d, path, t, v, "title");
	}
	if ((v = value_get(root, "summary"))) {
		fm->summary = S_scalar(d, path, v, "summary");
		S_check_comment(d, path, t, v, "summary");
	}
	if ((v = value_get(root, "translation_key")))
		fm->translation_key = S_scalar(d, path, v, "translation_key");
	if ((v = value_get(root, "slug")) && (fm->slug = S_scalar(d, path, v, "slug"))) {
		fm->slug_line = v->line;
		fm->slug_col = v->col;
		if (!S_valid_segment(fm->slug)) {
			S_fail(d, path, v, "'%s' must be one URL segment (letters, digits, '-', '_', '.'), not '%s'", "slug",
			       fm->slug);
			fm->slug = NULL;
		}
	}
	if ((v = value_get(root, "layout")) && (fm->layout = S_scalar(d, path, v, "layout"))) {
		fm->layout_line = v->line;
		fm->layout_col = v->col;
		if (!S_valid_segment(fm->layout)) {
			S_fail(d, path, v, "'%s' must be a template name such as 'gallery', not '%s'", "layout", fm->layout);
			fm->layout = NULL;
		}
	}
	if ((v = value_get(root, "url")) && v->type != VALUE_NULL)
		S_fail(d, path, v, "'%s' cannot be set in front matter: a page's URL comes from its file's path and %s",
		       "url", "'slug' (old URLs go in 'aliases')");
	S_date(fm, d, path, value_get(root, "date"), "date", tz_minutes, &fm->date, &fm->has_date);
	S_date(fm, d, path, value_get(root, "lastmod"), "lastmod", tz_minutes, &fm->lastmod, &fm->has_lastmod);
	if ((v = value_get(root, "draft")) && v->type != VALUE_NULL) {
		if (v->type != VALUE_BOOL)
			S_fail_got(d, path, v, "'%s' must be true or false, not %s", "draft");
		else
			fm->draft = (int)v->i;
	}
	if ((v = value_get(root, "weight")) && v->type != VALUE_NULL) {
		if (v->type != VALUE_INT)
			S_fail_got(d, path, v, "'%s' must be a whole number, not %s", "weight");
		else {
			fm->has_weight = 1;
			fm->weight = v->i;
		}
	}
	if ((v = value_get(root, "tags")) && v->type != VALUE_NULL) {
		if (v->type == VALUE_MAP) {
			S_fail(d, path, v, "'%s' must be a list of strings, not %s", "tags", value_type_name(v->type));
		} else if (v->type != VALUE_LIST) {
			fm->tags = xmalloc(sizeof *fm->tags);
			fm->tag_lines = xmalloc(sizeof *fm->tag_lines);
			fm->tag_cols = xmalloc(sizeof *fm->tag_cols);
			fm->tag_lines[fm->ntags] = v->line;
			fm->tag_cols[fm->ntags] = v->col;
			fm->tags[fm->ntags++] = v->str;
		} else {
			fm->tags = xmalloc((v->n ? v->n : 1) * sizeof *fm->tags);
			fm->tag_lines = xmalloc((v->n ? v->n : 1) * sizeof *fm->tag_lines);
			fm->tag_cols = xmalloc((v->n ? v->n : 1) * sizeof *fm->tag_cols);
			for (size_t i = 0; i < v->n; i++) {
				const struct value *tag = v->items[i];
				if (tag->str == NULL || tag->type == VALUE_NULL) {
					S_fail(d, path, tag, "'%s' must be a list of strings, not a list with %s", "tags",
					       value_type_name(tag->type));
					continue;
				}
				char *slug = text_slug(tag->str);
				if (slug[0] == '\0')
					S_fail(d, path, tag, "the %s '%s' has no letter or digit", "tag", tag->str);
				else {
					fm->tag_lines[fm->ntags] = tag->line;
					fm->tag_cols[fm->ntags] = tag->col;
					fm->tags[fm->ntags++] = tag->str;
				}
				free(slug);
			}
		}
	}
	if ((v = value_get(root, "aliases")) && v->type != VALUE_NULL) {
		const struct value *one = v;
		size_t n = v->type == VALUE_LIST ? v->n : 1;
		fm->aliases = xmalloc((n ? n : 1) * sizeof *fm->aliases);
		for (size_t i = 0; i < n; i++) {
			if (v->type == VALUE_LIST)
				one = v->items[i];
			if (one->type != VALUE_STRING || !S_valid_alias(one->str)) {
				S_fail(d, path, one, "'%s' must be absolute paths such as /vi/tin-cu/, not '%s'", "aliases",
				       one->str ? one->str : value_type_name(one->type));
				continue;
			}
			size_t alen = strlen(one->str);
			const char *last = strrchr(one->str, '/');
			/* a folder-like alias gets its trailing slash */
			if (one->str[alen - 1] != '/' && strchr(last, '.') == NULL)
				fm->aliases[fm->naliases++] = xasprintf("%s/", one->str);
			else
				fm->aliases[fm->naliases++] = xstrdup(one->str);
		}
	}
	return d->errors > errors ? -1 : 0;
}

void front_matter_free(struct front_matter *fm)
{
	value_free(fm->root);
	free(fm->text);
	free(fm->tags);
	free(fm->tag_lines);
	free(fm->tag_cols);
	for (size_t i = 0; i < fm->naliases; i++)
		free((char *)fm->aliases[i]);
	free(fm->aliases);
	memset(fm, 0, sizeof *fm);
}
