#define _XOPEN_SOURCE 700
#include "scaffold.h"

#include <errno.h>
#include <lauxlib.h>
#include <lua.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "buf.h"
#include "frontmatter.h"
#include "lua_host.h"
#include "msg.h"
#include "site.h"
#include "source.h"
#include "template.h"
#include "text.h"
#include "xalloc.h"

static time_t S_now(void)
{
	const char *e = getenv("SOURCE_DATE_EPOCH");
	if (e && *e) {
		char *end;
		long long v = strtoll(e, &end, 10);
		if (*end == '\0')
			return (time_t)v;
	}
	return time(NULL);
}

/* Makes the folders of path (not path itself).  0 or -1. */
static int S_mkdirs(char *path)
{
	for (char *p = strchr(path + 1, '/'); p; p = strchr(p + 1, '/')) {
		*p = '\0';
		int rc = mkdir(path, 0755);
		*p = '/';
		if (rc != 0 && errno != EEXIST)
			return -1;
	}
	return 0;
}

/* The translation_key of the content file at rel (from the top of the work
 * tree); when it has none, one is made from its path and written into its
 * front matter.  NULL with a diagnostic on failure. */
static char *S_translation_key(const char *top, const char *rel, struct site *s, FILE *info, struct diag *d)
{
	char *path = xasprintf("%s/%s", top, rel);
	size_t len;
	char *text = buf_read_file(path, &len);
	char *key = NULL;
	struct front_matter fm;
	if (text == NULL) {
		diag_error(d, rel, 0, 0, "cannot read the page to translate: %s", strerror(errno));
		goto out;
	}
	if (front_matter_parse(&fm, text, len, rel, s->tz_minutes, d) < 0) {
		front_matter_free(&fm);
		goto out;
	}
	if (fm.translation_key) {
		key = xstrdup(fm.translation_key);
		front_matter_free(&fm);
		goto out;
	}
	int has_front = fm.root != NULL;
	front_matter_free(&fm);
	/* content/vi/tin-tuc/x.md -> tin-tuc/x */
	const char *p = strchr(rel + strlen("content/"), '/');
	key = xstrdup(p ? p + 1 : rel);
	size_t kl = strlen(key);
	if (kl > 3 && strcmp(key + kl - 3, ".md") == 0)
		key[kl - 3] = '\0';
	if (kl > 9 && strcmp(key + kl - 9, "/index.md") == 0)
		key[kl - 9] = '\0';
	struct buf out = BUF_INIT;
	if (has_front) {
		/* after the opening "---" line */
		const char *nl = strchr(text, '\n');
		size_t head = nl ? (size_t)(nl - text + 1) : len;
		buf_put(&out, text, head);
		buf_printf(&out, "translation_key: \"%s\"\n", key);
		buf_put(&out, text + head, len - head);
	} else {
		buf_printf(&out, "---\ntranslation_key: \"%s\"\n---\n", key);
		buf_put(&out, text, len);
	}
	FILE *f = fopen(path, "wb");
	if (f == NULL || fwrite(out.data, 1, out.len, f) != out.len || fclose(f) != 0) {
		diag_error(d, rel, 0, 0, "cannot add a translation_key: %s", strerror(errno));
		free(key);
		key = NULL;
	} else if (info) {
		fprintf(info, msg_tr("wardsite: added translation_key: \"%s\" to %s\n"), key, rel);
	}
	buf_free(&out);
out:
	free(text);
	free(path);
	return key;
}

/* Finds the archetype for section of language l: the section page's
 * `archetype` key, archetypes/SECTION.md, archetypes/default.md; each in
 * the site's archetypes/ first, then the theme's. */
static const struct source_file *S_archetype(struct source *src, struct site *s, struct lang *l, const char *section,
					     char **name)
{
	char *theme = xasprintf("themes/%s/archetypes/", s->theme);
	const struct source_file *f = NULL;
	for (size_t i = 0; i < l->nsections && f == NULL; i++) {
		struct page *p = l->sections[i]->page;
		const struct value *a = value_get(p->front, "archetype");
		if (strcmp(l->sections[i]->name, section) == 0 && a && a->str) {
			char *path = xasprintf("archetypes/%s.md", a->str);
			f = source_find(src, path);
			free(path);
			path = xasprintf("%s%s.md", theme, a->str);
			if (f == NULL)
				f = source_find(src, path);
			free(path);
		}
	}
	const char *tries[] = {section, "default"};
	for (size_t i = 0; i < 2 && f == NULL; i++) {
		char *path = xasprintf("archetypes/%s.md", tries[i]);
		f = source_find(src, path);
		free(path);
		path = xasprintf("%s%s.md", theme, tries[i]);
		if (f == NULL)
			f = source_find(src, path);
		free(path);
	}
	free(theme);
	*name = f ? xstrdup(f->path) : NULL;
	return f;
}

enum build_status scaffold_new(const struct scaffold_options *opt, struct diag *d)
{
	struct source *src = NULL;
	struct source_options so = {.repo = opt->repo, .worktree = 1};
	char *err = NULL, *rel = NULL, *path = NULL, *key = NULL, *slug = NULL, *arch_name = NULL, *text = NULL;
	struct site *s = NULL;
	struct lua_host *lua = NULL;
	struct buf code = BUF_INIT, out = BUF_INIT;
	enum build_status rc = BUILD_FAILED;

	if (source_open(&src, &so, &err) < 0) {
		diag_error(d, NULL, 0, 0, "%s", err);
		free(err);
		return BUILD_BAD_SOURCE;
	}
	struct site_options sopt = {.drafts = 1, .future = 1, .now = S_now()};
	s = site_load(src, &sopt, d);
	if (s == NULL)
		goto out;
	struct lang *l = NULL;
	const char *code_wanted = opt->lang ? opt->lang : s->default_language;
	for (size_t i = 0; i < s->nlangs; i++)
		if (strcmp(s->langs[i]->code, code_wanted) == 0)
			l = s->langs[i];
	if (l == NULL) {
		char *valid = site_lang_list(s);
		const char *guess = site_lang_guess(s, code_wanted);
		if (guess)
			diag_error(d, NULL, 0, 0,
			           "'%s' is not a language of site.yaml (valid: %s): did you mean --lang %s?",
			           code_wanted, valid, guess);
		else
			diag_error(
			    d, NULL, 0, 0,
			    "'%s' is not a language of site.yaml (valid: %s): use one of them, or add the language to "
			    "'languages' in site.yaml",
			    code_wanted, valid);
		free(valid);
		goto out;
	}
	char *section = text_slug(opt->section);
	if (section[0] == '\0' || strcmp(section, opt->section) != 0) {
		diag_error(d, NULL, 0, 0, "'%s' is not a section folder name (such as tin-tuc)", opt->section);
		free(section);
		goto out;
	}
	slug = opt->slug ? xstrdup(opt->slug) : text_slug(opt->title);
	if (slug[0] == '\0') {
		diag_error(d, NULL, 0, 0, "the title '%s' has no letter or digit to make a file name of", opt->title);
		free(section);
		goto out;
	}
	rel = xasprintf("content/%s/%s/%s.md", l->code, section, slug);
	path = xasprintf("%s/%s", source_workdir(src), rel);
	struct stat st;
	if (stat(path, &st) == 0) {
		diag_error(d, rel, 0, 0, "already exists: choose another title or --slug");
		free(section);
		goto out;
	}
	const struct source_file *arch = S_archetype(src, s, l, section, &arch_name);
	if (arch == NULL) {
		diag_error(d, NULL, 0, 0, "theme '%s' has no archetypes/default.md", s->theme);
		free(section);
		goto out;
	}
	if (opt->translation_of) {
		/* a path from the current folder or from the top of the work tree */
		const char *top = source_workdir(src);
		char *real = realpath(opt->translation_of, NULL);
		const char *from_top = opt->translation_of;
		if (real && strncmp(real, top, strlen(top)) == 0 && real[strlen(top)] == '/')
			from_top = real + strlen(top) + 1;
		if (strncmp(from_top, "content/", 8) != 0) {
			diag_error(d, NULL, 0, 0, "--translation-of needs a content file (content/LANG/…), not '%s'",
				   opt->translation_of);
			free(real);
			free(section);
			goto out;
		}
		key = S_translation_key(top, from_top, s, opt->info, d);
		free(real);
		if (key == NULL) {
			free(section);
			goto out;
		}
	}

	/* the archetype is a template: render it */
	size_t len;
	char *aerr = NULL;
	if (source_read(src, arch, &text, &len, &aerr) < 0) {
		diag_error(d, arch->path, 0, 0, "%s", aerr);
		free(aerr);
		free(section);
		goto out;
	}
	lua = lua_host_new(d);
	if (lua == NULL || template_compile(text, len, arch->path, &code, d) < 0 ||
	    lua_host_add_template(lua, "archetype", arch->path, code.data, code.len) < 0) {
		free(section);
		goto out;
	}
	lua_State *L = lua_host_state(lua);
	struct text_date today;
	text_date_from_epoch((long long)S_now(), s->tz_minutes, &today);
	char date[16];
	snprintf(date, sizeof date, "%04d-%02d-%02d", today.year, today.month, today.day);
	lua_createtable(L, 0, 8);
	lua_pushstring(L, opt->title);
	lua_setfield(L, -2, "title");
	lua_pushstring(L, date);
	lua_setfield(L, -2, "date");
	lua_pushstring(L, l->code);
	lua_setfield(L, -2, "lang");
	lua_pushstring(L, section);
	lua_setfield(L, -2, "section");
	lua_pushstring(L, slug);
	lua_setfield(L, -2, "slug");
	if (key) {
		lua_pushstring(L, key);
		lua_setfield(L, -2, "translation_key");
	}
	lua_createtable(L, 0, 1);
	lua_pushstring(L, s->default_language);
	lua_setfield(L, -2, "default_language");
	lua_setfield(L, -2, "site");
	free(section);
	if (lua_host_render(lua, "archetype", rel, &out) < 0)
		goto out;
	if (S_mkdirs(path) < 0) {
		diag_error(d, rel, 0, 0, "cannot make its folder: %s", strerror(errno));
		goto out;
	}
	FILE *f = fopen(path, "wx");
	if (f == NULL || fwrite(out.data ? out.data : "", 1, out.len, f) != out.len || fclose(f) != 0) {
		diag_error(d, rel, 0, 0, "cannot write: %s", strerror(errno));
		goto out;
	}
	if (opt->info)
		fprintf(opt->info, msg_tr("wardsite: created %s from %s\n"), rel, arch_name);
	rc = BUILD_OK;
out:
	buf_free(&code);
	buf_free(&out);
	free(text);
	free(arch_name);
	free(slug);
	free(key);
	free(rel);
	free(path);
	lua_host_free(lua);
	site_free(s);
	source_close(src);
	return rc;
}
