#include "nav.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "text.h"
#include "xalloc.h"

/* Where a regular page is: its language, its position in the language's
 * list and in its section's list. */
struct place {
	const struct page *page;
	size_t lang, pos;
	const struct section *sec;
	size_t sec_pos;
};

struct nav {
	const struct site *site;
	struct place *slots; /* open addressing on the page pointer */
	size_t cap;
	size_t ***term_pos;  /* [language][term][i]: position of the term's page i in the language's list */
	unsigned *counts;    /* scratch for nav_related, per position of a language */
	size_t *touched;
	size_t ncounts;
};

static size_t S_hash(const void *p, size_t cap)
{
	uint64_t x = (uint64_t)(uintptr_t)p;
	x ^= x >> 33;
	x *= 0xff51afd7ed558ccdULL;
	x ^= x >> 33;
	return (size_t)x & (cap - 1);
}

static struct place *S_slot(const struct nav *n, const struct page *p)
{
	size_t i = S_hash(p, n->cap);
	while (n->slots[i].page && n->slots[i].page != p)
		i = (i + 1) & (n->cap - 1);
	return &n->slots[i];
}

struct nav *nav_new(const struct site *s)
{
	struct nav *n = xcalloc(1, sizeof *n);
	size_t total = 0, most = 1;
	n->site = s;
	for (size_t li = 0; li < s->nlangs; li++) {
		total += s->langs[li]->npages;
		if (s->langs[li]->npages > most)
			most = s->langs[li]->npages;
	}
	n->cap = 16;
	while (n->cap < total * 2)
		n->cap *= 2;
	n->slots = xcalloc(n->cap, sizeof *n->slots);
	for (size_t li = 0; li < s->nlangs; li++) {
		const struct lang *l = s->langs[li];
		for (size_t i = 0; i < l->npages; i++) {
			struct place *pl = S_slot(n, l->pages[i]);
			pl->page = l->pages[i];
			pl->lang = li;
			pl->pos = i;
		}
		for (size_t k = 0; k < l->nsections; k++) {
			const struct section *sec = l->sections[k];
			for (size_t i = 0; i < sec->npages; i++) {
				struct place *pl = S_slot(n, sec->pages[i]);
				if (pl->page == sec->pages[i]) {
					pl->sec = sec;
					pl->sec_pos = i;
				}
			}
		}
	}
	n->term_pos = xcalloc(s->nlangs ? s->nlangs : 1, sizeof *n->term_pos);
	for (size_t li = 0; li < s->nlangs; li++) {
		const struct lang *l = s->langs[li];
		n->term_pos[li] = xcalloc(l->nterms ? l->nterms : 1, sizeof **n->term_pos);
		for (size_t t = 0; t < l->nterms; t++) {
			const struct term *term = l->terms[t];
			size_t *pos = xmalloc((term->npages ? term->npages : 1) * sizeof *pos);
			for (size_t i = 0; i < term->npages; i++)
				pos[i] = S_slot(n, term->pages[i])->pos;
			n->term_pos[li][t] = pos;
		}
	}
	n->ncounts = most;
	n->counts = xcalloc(most, sizeof *n->counts);
	n->touched = xmalloc(most * sizeof *n->touched);
	return n;
}

void nav_free(struct nav *n)
{
	if (n == NULL)
		return;
	for (size_t li = 0; li < n->site->nlangs; li++) {
		for (size_t t = 0; t < n->site->langs[li]->nterms; t++)
			free(n->term_pos[li][t]);
		free(n->term_pos[li]);
	}
	free(n->term_pos);
	free(n->slots);
	free(n->counts);
	free(n->touched);
	free(n);
}

void nav_neighbours(const struct nav *n, const struct page *p, struct page **prev, struct page **next)
{
	*prev = *next = NULL;
	if (p->kind != PAGE_REGULAR)
		return;
	const struct place *pl = S_slot(n, p);
	if (pl->page != p || pl->sec == NULL)
		return;
	if (pl->sec_pos > 0)
		*prev = pl->sec->pages[pl->sec_pos - 1];
	if (pl->sec_pos + 1 < pl->sec->npages)
		*next = pl->sec->pages[pl->sec_pos + 1];
}

/* The index of the term of tag in l, or -1.  Terms are sorted by their
 * names' collation keys, not by slug ("đọc sách" after "du lịch", slugs
 * the other way round), so the search is a scan. */
static long S_term(const struct lang *l, const char *tag)
{
	char *slug = text_tag_slug(tag, NULL);
	long found = -1;
	for (size_t i = 0; i < l->nterms && found < 0; i++)
		if (strcmp(l->terms[i]->slug, slug) == 0)
			found = (long)i;
	free(slug);
	return found;
}

size_t nav_related(struct nav *n, const struct page *p, struct page **out, size_t max)
{
	if (p->kind != PAGE_REGULAR || p->ntags == 0 || max == 0)
		return 0;
	const struct place *self = S_slot(n, p);
	if (self->page != p)
		return 0;
	const struct lang *l = n->site->langs[self->lang];
	long *seen = xmalloc(p->ntags * sizeof *seen);
	size_t nseen = 0, ntouched = 0;
	for (size_t t = 0; t < p->ntags; t++) {
		long term = S_term(l, p->tags[t]);
		int dup = term < 0;
		for (size_t k = 0; !dup && k < nseen; k++)
			dup = seen[k] == term;
		if (dup)
			continue;
		seen[nseen++] = term;
		const size_t *pos = n->term_pos[self->lang][term];
		for (size_t i = 0; i < l->terms[term]->npages; i++) {
			if (pos[i] == self->pos)
				continue;
			if (n->counts[pos[i]]++ == 0)
				n->touched[ntouched++] = pos[i];
		}
	}
	free(seen);
	/* the best max by (count desc, position asc): a partial insertion
	 * sort, since max is small and the touched pages may be many */
	size_t nout = 0, *best = xmalloc(max * sizeof *best);
	for (size_t k = 0; k < ntouched; k++) {
		size_t pos = n->touched[k];
		unsigned c = n->counts[pos];
		if (nout == max && (n->counts[best[max - 1]] > c || (n->counts[best[max - 1]] == c && best[max - 1] < pos)))
			continue;
		size_t at = nout < max ? nout++ : max - 1;
		while (at > 0 && (n->counts[best[at - 1]] < c || (n->counts[best[at - 1]] == c && best[at - 1] > pos))) {
			best[at] = best[at - 1];
			at--;
		}
		best[at] = pos;
	}
	for (size_t k = 0; k < nout; k++)
		out[k] = l->pages[best[k]];
	free(best);
	for (size_t k = 0; k < ntouched; k++)
		n->counts[n->touched[k]] = 0;
	return nout;
}
