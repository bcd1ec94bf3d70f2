/* nav: neighbours in a section and related pages by shared tags, on a
 * hand-made model. */
#include "harness.h"

#include "nav.h"

static struct site S;
static struct lang VI;
static struct page P[6];
static struct section SEC_A, SEC_B;
static struct term T_X, T_Y, T_Z;

int main(void)
{
	static struct lang *langs[1] = {&VI};
	static struct page *pages[6], *a_pages[4], *b_pages[2];
	static struct section *secs[2] = {&SEC_A, &SEC_B};
	static struct term *terms[3] = {&T_X, &T_Y, &T_Z};
	static const char *tags0[] = {"x", "y", "X"}, *tags1[] = {"x"}, *tags2[] = {"y", "x"}, *tags3[] = {"z"},
			  *tags4[] = {"y"}, *tags5[] = {"x", "y"};
	static const char **tags[] = {tags0, tags1, tags2, tags3, tags4, tags5};
	static const size_t ntags[] = {3, 1, 2, 1, 1, 2};
	static struct page *x_pages[4], *y_pages[4], *z_pages[1];

	S.langs = langs;
	S.nlangs = 1;
	VI.code = "vi";
	for (int i = 0; i < 6; i++) {
		P[i] = (struct page){.kind = PAGE_REGULAR, .lang = &VI, .section = i < 4 ? "a" : "b",
				     .tags = tags[i], .ntags = ntags[i]};
		pages[i] = &P[i];
	}
	VI.pages = pages;
	VI.npages = 6;
	for (int i = 0; i < 4; i++)
		a_pages[i] = &P[i];
	b_pages[0] = &P[4];
	b_pages[1] = &P[5];
	SEC_A = (struct section){.name = "a", .pages = a_pages, .npages = 4};
	SEC_B = (struct section){.name = "b", .pages = b_pages, .npages = 2};
	VI.sections = secs;
	VI.nsections = 2;
	/* terms in the order of the language's list, sorted by slug */
	x_pages[0] = &P[0], x_pages[1] = &P[1], x_pages[2] = &P[2], x_pages[3] = &P[5];
	y_pages[0] = &P[0], y_pages[1] = &P[2], y_pages[2] = &P[4], y_pages[3] = &P[5];
	z_pages[0] = &P[3];
	T_X = (struct term){.name = "x", .slug = "x", .pages = x_pages, .npages = 4};
	T_Y = (struct term){.name = "y", .slug = "y", .pages = y_pages, .npages = 4};
	T_Z = (struct term){.name = "z", .slug = "z", .pages = z_pages, .npages = 1};
	VI.terms = terms;
	VI.nterms = 3;

	struct nav *n = nav_new(&S);
	struct page *prev, *next;
	nav_neighbours(n, &P[0], &prev, &next);
	CHECK(prev == NULL && next == &P[1]);
	nav_neighbours(n, &P[2], &prev, &next);
	CHECK(prev == &P[1] && next == &P[3]);
	nav_neighbours(n, &P[3], &prev, &next);
	CHECK(prev == &P[2] && next == NULL);
	nav_neighbours(n, &P[4], &prev, &next); /* the first of another section */
	CHECK(prev == NULL && next == &P[5]);
	struct page home = {.kind = PAGE_HOME, .lang = &VI, .section = ""};
	nav_neighbours(n, &home, &prev, &next);
	CHECK(prev == NULL && next == NULL);

	struct page *rel[5];
	/* P0 has x, y (and "X", the same tag as x: counted once) */
	size_t k = nav_related(n, &P[0], rel, 5);
	CHECK_INT(k, 4);
	CHECK(rel[0] == &P[2] && rel[1] == &P[5]); /* two shared tags, in list order */
	CHECK(rel[2] == &P[1] && rel[3] == &P[4]); /* one shared tag, in list order */
	k = nav_related(n, &P[0], rel, 3);          /* the same again: the scratch was reset */
	CHECK_INT(k, 3);
	CHECK(rel[0] == &P[2] && rel[1] == &P[5] && rel[2] == &P[1]);
	k = nav_related(n, &P[3], rel, 5); /* z: nobody else */
	CHECK_INT(k, 0);
	k = nav_related(n, &P[4], rel, 1);
	CHECK_INT(k, 1);
	CHECK(rel[0] == &P[0]);
	nav_free(n);
	HARNESS_DONE();
}
