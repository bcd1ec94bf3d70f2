/* document: the document library ("Văn bản"): administrative documents
 * (plans, decisions, official letters) stated in a page's front matter,
 *
 *   document:
 *     number: "108/KH-UBND"      # as printed after "Số:"; "/KH-UBND" when
 *                                # the paper leaves the number blank
 *     type: Kế hoạch             # required
 *     issuer: Ủy ban nhân dân phường Bình Phước   # required
 *     summary: "Triển khai …"    # required: the trích yếu
 *     issued: 2026-03-31         # or 2026-05, or 2026: as precise as the paper
 *     effective: 2026-04-01      # same forms
 *     signer: Trần Văn A
 *     signer_title: "KT. Chủ tịch, Phó Chủ tịch"
 *     files: [ke-hoach.pdf, {file: phu-luc.pdf, title: Phụ lục}]
 *
 * checked with the position of every mistake; the lists the library shows
 * (by year, by type, with counts) made as generated pages of the model; the
 * facts handed to templates; the JSON index of each language written. */
#ifndef WARDSITE_DOCUMENT_H
#define WARDSITE_DOCUMENT_H

#include <lua.h>
#include <stddef.h>

#include "buf.h"
#include "diag.h"
#include "output.h"
#include "site.h"
#include "source.h"

#define DOCUMENT_INDEX "documents.json" /* in each language's folder */
#define DOCUMENT_FILES_MAX 100          /* attachments of one document */

/* A date as precise as the document gives it: month and day 0 when it
 * gives only the year, day 0 when only the month.  year 0: not given. */
struct document_date {
	int year, month, day;
};

struct document_file {
	const char *name;   /* as written, relative to the page's folder */
	const char *title;  /* or NULL */
	const char *url;    /* from the site root */
	const char *format; /* "PDF", "DOCX", … */
	const char *mime;   /* "application/pdf", … */
	size_t size;        /* bytes */
};

struct document {
	struct page *page;
	const char *number;       /* as written, or NULL: not given */
	const char *type, *type_slug;
	const char *issuer, *summary;
	const char *signer, *signer_title; /* or NULL */
	struct document_date issued, effective;
	struct document_file *files;
	size_t nfiles;
	const char *search_text;  /* type, issuer, summary, signer: for search */
	struct page **related;    /* pages of its language that link to it */
	size_t nrelated;
};

struct documents;

/* Parses "2026-03-31", "2026-03" or "2026" (a day that exists, years
 * 1000-9999).  Returns 0, or -1 with *out unspecified. */
int document_parse_date(const char *s, struct document_date *out);

/* Appends d for lang: vi "31/3/2026", "tháng 5/2026", "năm 2026";
 * en "31 March 2026", "May 2026", "2026"; others ISO.  "iso": "2026-03-31",
 * "2026-05", "2026". */
void document_format_date(struct buf *b, const struct document_date *d, const char *lang, int iso);

/* Appends a file size for lang: vi "1,2 MB", "220 KB", "900 byte";
 * en "1.2 MB", "220 KB", "900 bytes" (KB and MB of 1024). */
void document_format_size(struct buf *b, size_t bytes, const char *lang);

/* The format ("PDF") and media type of a file by its extension; an
 * unknown extension gives its letters in capitals (or "FILE") and
 * "application/octet-stream".  Static strings, or *format in a (static)
 * buffer of the call: copy before the next call. */
void document_file_type(const char *name, const char **format, const char **mime);

/* Reads the `document` of every page of s, checks it (each problem
 * recorded in d against the page's file), sets p->doc, the layouts
 * "document" and "documents" where none is given, orders each library
 * section's pages (documents by date of issue, newest first) and adds to
 * the model a list page for each year and each type of each library
 * section.  Sizes of attached files are read from src.  Call after
 * site_load, before pages are numbered.  Returns the
 * library (documents_free), never NULL. */
struct documents *documents_load(struct site *s, struct source *src, struct diag *d);
void documents_free(struct documents *docs);

/* Finds, for every document, the pages that link to it (from their
 * Markdown links); call once the content is rendered. */
void documents_link(struct documents *docs);

/* Sets on the table on top of L what templates see of p: page.document
 * for a document, page.library for a library section and its lists.
 * [-0, +0, m] */
void documents_push(const struct documents *docs, lua_State *L, const struct page *p);

/* Writes DOCUMENT_INDEX into each language folder that has documents.
 * Returns 0, or -1 when a write failed (recorded by output). */
int documents_write(const struct documents *docs, struct output *o);

/* Appends the JSON index of language l (for documents_write and tests). */
void documents_index(const struct documents *docs, const struct lang *l, struct buf *out);

#endif
