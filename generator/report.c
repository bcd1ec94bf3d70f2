#include "report.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "buf.h"
#include "history.h"
#include "msg.h"
#include "site.h"
#include "source.h"
#include "xalloc.h"

static void S_json_string(FILE *out, const char *s)
{
	fputc('"', out);
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		if (c == '"' || c == '\\')
			fprintf(out, "\\%c", c);
		else if (c < 0x20)
			fprintf(out, "\\u%04x", c);
		else
			fputc(c, out);
	}
	fputc('"', out);
}

/* 1 when p has a translation in language l. */
static int S_has(const struct page *p, const struct lang *l)
{
	for (size_t i = 0; i < p->ntranslations; i++)
		if (p->translations[i]->lang == l)
			return 1;
	return 0;
}

static int S_cmp_file(const void *a, const void *b)
{
	return strcmp((*(const struct page *const *)a)->file, (*(const struct page *const *)b)->file);
}

enum build_status report_translations(const struct build_options *opt, int json, FILE *out, struct diag *d)
{
	struct source *src;
	struct source_options so = {.repo = opt->repo, .ref = opt->ref, .worktree = opt->worktree};
	char *err;
	if (source_open(&src, &so, &err) < 0) {
		diag_error(d, NULL, 0, 0, "%s", err);
		free(err);
		return BUILD_BAD_SOURCE;
	}
	struct history *hist = NULL;
	/* a shallow clone's dates would hide outdated translations: refused */
	if (history_load(&hist, src, "content/", 1, d) < 0 || history_shallow(hist)) {
		enum build_status st = hist ? BUILD_BAD_SOURCE : BUILD_FAILED;
		history_free(hist);
		source_close(src);
		return st;
	}
	/* drafts and future pages need translating too */
	struct site_options sopt = {.drafts = 1, .future = 1, .now = time(NULL), .history = hist};
	struct site *s = site_load(src, &sopt, d);
	if (s == NULL || d->errors > 0) {
		site_free(s);
		history_free(hist);
		source_close(src);
		return BUILD_FAILED;
	}
	size_t missing = 0;
	if (json)
		fputs("{\"missing\": [", out);
	else
		fprintf(out, msg_tr("Translations of %s (languages:"), msg_tr(source_describe(src)));
	for (size_t i = 0; !json && i < s->nlangs; i++)
		fprintf(out, " %s%s", s->langs[i]->code, strcmp(s->langs[i]->code, s->default_language) ? "" : "*");
	if (!json)
		fputs(")\n", out);
	/* content pages, by file name */
	const struct page **pages = xmalloc((s->npages ? s->npages : 1) * sizeof *pages);
	size_t n = 0;
	for (size_t i = 0; i < s->npages; i++)
		if (s->pages[i]->file)
			pages[n++] = s->pages[i];
	if (n > 1)
		qsort(pages, n, sizeof *pages, S_cmp_file);
	for (size_t i = 0; i < n; i++) {
		const struct page *p = pages[i];
		struct buf langs = BUF_INIT;
		for (size_t k = 0; k < s->nlangs; k++) {
			const struct lang *l = s->langs[k];
			if (l == p->lang || S_has(p, l))
				continue;
			if (json)
				buf_printf(&langs, "%s\"%s\"", langs.len ? ", " : "", l->code);
			else
				buf_printf(&langs, "%s%s", langs.len ? ", " : "", l->code);
		}
		if (langs.len) {
			if (json) {
				fputs(missing ? ",\n  {\"file\": " : "\n  {\"file\": ", out);
				S_json_string(out, p->file);
				fputs(", \"title\": ", out);
				S_json_string(out, p->title ? p->title : "");
				fprintf(out, ", \"lang\": \"%s\", \"missing\": [%s]}", p->lang->code, buf_cstr(&langs));
			} else {
				fprintf(out, msg_tr("  %s (%s): no %s\n"), p->file, p->title ? p->title : "", buf_cstr(&langs));
			}
			missing++;
		}
		buf_free(&langs);
	}
	if (json)
		fprintf(out, "%s],\n\"outdated\": [", missing ? "\n" : "");
	else
		fprintf(out, msg_tr("%zu page%s in one language only\n"), missing, missing == 1 ? "" : "s");

	/* A translation is outdated when its default-language source was
	 * committed after the translation's own last commit. */
	size_t outdated = 0;
	for (size_t i = 0; i < n; i++) {
		const struct page *p = pages[i];
		if (strcmp(p->lang->code, s->default_language) == 0 || p->history == NULL)
			continue;
		const struct page *src_page = NULL;
		for (size_t k = 0; k < p->ntranslations; k++)
			if (strcmp(p->translations[k]->lang->code, s->default_language) == 0)
				src_page = p->translations[k];
		if (src_page == NULL || src_page->history == NULL || src_page->file == NULL)
			continue;
		const struct history_commit *mine = p->history->revs[0], *theirs = src_page->history->revs[0];
		if (theirs->time <= mine->time)
			continue;
		struct text_date a, b;
		text_date_from_epoch(theirs->time, s->tz_minutes, &a);
		text_date_from_epoch(mine->time, s->tz_minutes, &b);
		char da[32], db[32];
		snprintf(da, sizeof da, "%04d-%02d-%02d", a.year, a.month, a.day);
		snprintf(db, sizeof db, "%04d-%02d-%02d", b.year, b.month, b.day);
		if (json) {
			fputs(outdated ? ",\n  {\"file\": " : "\n  {\"file\": ", out);
			S_json_string(out, p->file);
			fputs(", \"source\": ", out);
			S_json_string(out, src_page->file);
			fprintf(out, ", \"translated\": \"%s\", \"source_changed\": \"%s\", \"commit\": \"%.12s\"}", db, da,
				theirs->id);
		} else {
			if (outdated == 0)
				fputs(msg_tr("Translations older than their source:\n"), out);
			fprintf(out, msg_tr("  %s (last changed %s): %s changed %s (%.12s, %s)\n"), p->file, db, src_page->file, da,
				theirs->id, theirs->message ? theirs->message : "");
		}
		outdated++;
	}
	if (json)
		fprintf(out, "%s]}\n", outdated ? "\n" : "");
	else
		fprintf(out, msg_tr("%zu translation%s older than the source\n"), outdated, outdated == 1 ? "" : "s");
	free(pages);
	site_free(s);
	history_free(hist);
	source_close(src);
	return BUILD_OK;
}
