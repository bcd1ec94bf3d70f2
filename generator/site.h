/* site: the model of a site: configuration, languages, sections, pages,
 * translations and tags, read from a source.
 *
 * site_load() reads site.yaml and every content file, reports every
 * problem it finds (it does not stop at the first), and returns a model in
 * which lists are sorted and URLs are unique.  Everything in the model lives
 * in the site's arena and goes with site_free(). */
#ifndef WARDSITE_SITE_H
#define WARDSITE_SITE_H

#include <stddef.h>
#include <time.h>

#include "arena.h"
#include "diag.h"
#include "source.h"
#include "text.h"
#include "value.h"

enum page_kind { PAGE_HOME, PAGE_SECTION, PAGE_REGULAR, PAGE_TAGS, PAGE_TAG, PAGE_404, PAGE_SEARCH };

/* The name templates and plugins see as page.kind ("home", "section",
 * "page", "tags", "tag", "404", "search"): a static string, one table for
 * both, so that a new kind cannot be missing from one of them. */
const char *site_kind_name(enum page_kind kind);

struct lang;
struct section;
struct term;
struct history;
struct history_file;
struct document;

/* A link or image of a page's Markdown, for the link check. */
struct page_link {
	const char *url; /* as written */
	int line, col;   /* in the content file */
	int image;       /* 1: an image, ![…](url); 0 also for links kept from the last build */
};

struct page {
	enum page_kind kind;
	struct lang *lang;
	const char *file;      /* content file, or NULL for generated pages */
	const char *bundle;    /* a bundle's folder (content/vi/x/y), or NULL */
	const char *section;   /* top-level folder, "" outside sections */
	const char *rel;       /* path below content/LANG without .md, for translations */
	const char *title;
	const unsigned char *title_key; /* collation key of title (text_collate_key) */
	size_t title_key_len;
	const char *summary;   /* plain text; NULL until site_render_content unless in front matter */
	const char *layout;    /* front matter `layout`, or NULL */
	const char *translation_key;
	const char *url;       /* from the site root: "/vi/di-tich/dong-xoai/" */
	char *content;         /* HTML (owned: freed by site_free); NULL until site_render_content */
	char *body;            /* Markdown waiting for site_render_content (owned), or NULL */
	size_t body_len;
	int body_line;         /* line of the content file where the body starts */
	struct text_date date, lastmod;
	int has_date, has_lastmod;
	int draft;
	int has_weight;
	long long weight;
	const char **tags;     /* trimmed, inner spaces one space */
	const char **tag_raw;  /* trimmed only: as written, for the spelling check */
	int *tag_lines, *tag_cols;
	size_t ntags;
	const char **aliases;
	size_t naliases;
	struct value *front;   /* the front matter (owned) */
	int layout_line, layout_col;
	int slug_line, slug_col;
	struct page **translations;
	size_t ntranslations;
	struct section *sec;   /* PAGE_SECTION */
	struct term *term;     /* PAGE_TAG */
	/* git facts of the page's file (a bundle: of all its files), or NULL;
	 * date and lastmod come from them when the front matter has none */
	const struct history_file *history;
	int lua_ref;           /* build: the page's table in the Lua registry */
	size_t index;          /* build: position in site->pages */
	struct page_link *links; /* the Markdown's links and images */
	size_t nlinks;
	/* the share picture (og:image) a plugin made of the page's first photo
	 * (wardsite.share_image), or NULL: URL from the site root, size, alt */
	const char *share_image, *share_alt;
	int share_width, share_height;
	const struct document *doc; /* its `document` front matter (document.h), or NULL */
};

struct section {
	const char *name;
	struct page *page;     /* the section's list page */
	struct page **pages;   /* regular pages, sorted */
	size_t npages;
};

struct term {
	const char *name;      /* the first spelling met, in page order */
	const char *slug;      /* text_tag_slug */
	const char *id;        /* text_tag_slug's key */
	const char *written;   /* name as written there (trimmed only) */
	const char *file;      /* where name is written */
	int line, col;
	const unsigned char *key; /* collation key of name */
	size_t key_len;
	struct page *page;     /* the tag's page */
	struct page **pages;   /* sorted */
	size_t npages;
};

struct lang {
	const char *code;
	const char *name;
	const char *title;
	const char *description;
	const struct value *menu; /* list of {name, url}, or NULL */
	const char *i18n_path;    /* theme file of interface strings */
	struct page *home, *tags_page, *not_found;
	struct page *search;      /* its URL is set by the build (theme string search_slug) */
	struct section **sections;
	size_t nsections;
	struct page **pages;      /* regular pages of the language, sorted */
	size_t npages;
	struct term **terms;      /* sorted by name */
	size_t nterms;
};

struct site_options {
	int drafts, future;
	time_t now;
	struct history *history; /* NULL: no git facts */
};

struct site {
	struct arena arena;
	struct diag *d;           /* the build's sink, for site_render_content */
	struct value *config;     /* site.yaml (owned) */
	const char *title;
	const char *base_url;     /* with a trailing slash */
	const char *origin;       /* scheme://host[:port] of base_url */
	const char *base_path;    /* path of base_url: "/" or "/portal/" */
	const char *theme;
	const char *default_language;
	int paginate;
	int tz_minutes;
	int unsafe_html;
	struct lang **langs;
	size_t nlangs;
	struct page **pages;      /* every page of every kind, in output order */
	size_t npages;
	/* non-Markdown files under content/, and where they go */
	const struct source_file **files;
	const char **file_dest;
	size_t nfiles;
};

/* Loads the model.  Returns the site (caller frees with site_free) or
 * NULL when site.yaml cannot be used at all; other problems are recorded in
 * d and the caller checks d->errors.  Pages keep their Markdown in body
 * until site_render_content. */
struct site *site_load(struct source *src, const struct site_options *opt, struct diag *d);

struct markdown_hooks;
/* Renders p's Markdown into p->content and, when the front matter has no
 * summary, p->summary; hooks (may be NULL) hand widgets and images to
 * plugins (its line_offset is set here from the page).  Returns 0, or -1
 * when a hook failed (recorded). */
int site_render_content(struct site *s, struct page *p, const struct markdown_hooks *hooks);
void site_free(struct site *s);

/* The language codes of site.yaml as "vi, en", in its order.  Caller
 * frees. */
char *site_lang_list(const struct site *s);

/* The code of site.yaml that a wrong language code most likely meant (a
 * country code such as vn for vi, another case, a region added or cut),
 * or NULL.  Points into s. */
const char *site_lang_guess(const struct site *s, const char *code);

/* Whether name has the shape of a two-letter language code (vi, en-US,
 * zh-Hant, VN), unlike a folder such as img or tin-tuc. */
int site_looks_like_lang(const char *name);

/* The URL of list page number n (1-based) of a list whose first page is at
 * url: "/vi/tin-tuc/" -> "/vi/tin-tuc/page/2/".  In the site's arena. */
const char *site_page_url(struct site *s, const char *url, int n);

#endif
