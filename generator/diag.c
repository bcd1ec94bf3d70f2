#include "diag.h"

#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "msg.h"
#include "xalloc.h"

void diag_init(struct diag *d, FILE *out)
{
	memset(d, 0, sizeof *d);
	d->out = out;
}

void diag_free(struct diag *d)
{
	map_free(&d->seen);
	for (size_t i = 0; i < d->nentries; i++) {
		free(d->entries[i].path);
		free(d->entries[i].message);
	}
	free(d->entries);
	d->entries = NULL;
	d->nentries = 0;
}

/* Keeps one printed diagnostic when d->keep asks for it. */
static void S_keep(struct diag *d, enum diag_severity sev, const char *path, int line, int col, const char *fmt,
                   va_list ap)
{
	if (!d->keep)
		return;
	struct buf m = BUF_INIT;
	buf_vprintf(&m, fmt, ap);
	d->entries = xrealloc(d->entries, (d->nentries + 1) * sizeof *d->entries);
	d->entries[d->nentries++] = (struct diag_entry){sev, path ? xstrdup(path) : NULL, path ? line : 0,
	                                                path && line > 0 ? col : 0, buf_detach(&m)};
}

static const char *const S_names[] = {MSG_N("note"), MSG_N("warning"), MSG_N("error")};

static void S_format(struct buf *b, enum diag_severity sev, const char *path, int line, int col,
		     const char *fmt, va_list ap)
{
	buf_puts(b, path ? path : "wardsite");
	if (path && line > 0) {
		buf_printf(b, ":%d", line);
		if (col > 0)
			buf_printf(b, ":%d", col);
	}
	buf_printf(b, ": %s: ", msg_tr(S_names[sev]));
	buf_vprintf(b, msg_tr(fmt), ap);
}

static void S_count(struct diag *d, enum diag_severity sev)
{
	if (sev == DIAG_ERROR)
		d->errors++;
	else if (sev == DIAG_WARNING)
		d->warnings++;
}

void diag_vat(struct diag *d, enum diag_severity sev, const char *path, int line, int col,
	      const char *fmt, va_list ap)
{
	struct buf b = BUF_INIT;
	va_list again;
	va_copy(again, ap);
	S_format(&b, sev, path, line, col, fmt, ap);
	S_keep(d, sev, path, line, col, fmt, again);
	va_end(again);
	S_count(d, sev);
	if (d->out) {
		fprintf(d->out, "%s\n", buf_cstr(&b));
		fflush(d->out);
	}
	buf_free(&b);
}

void diag_at(struct diag *d, enum diag_severity sev, const char *path, int line, int col,
	     const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	diag_vat(d, sev, path, line, col, fmt, ap);
	va_end(ap);
}

void diag_once(struct diag *d, enum diag_severity sev, const char *path, int line, int col,
	       const char *fmt, ...)
{
	struct buf b = BUF_INIT;
	va_list ap;
	va_start(ap, fmt);
	S_format(&b, sev, path, line, col, fmt, ap);
	va_end(ap);
	if (map_get(&d->seen, buf_cstr(&b)) == NULL) {
		va_start(ap, fmt);
		S_keep(d, sev, path, line, col, fmt, ap);
		va_end(ap);
	}
	if (map_get(&d->seen, buf_cstr(&b))) {
		S_count(d, sev);
		d->suppressed++;
	} else {
		map_put(&d->seen, buf_cstr(&b), d);
		S_count(d, sev);
		if (d->out) {
			fprintf(d->out, "%s\n", buf_cstr(&b));
			fflush(d->out);
		}
	}
	buf_free(&b);
}

void diag_count(struct diag *d, enum diag_severity sev)
{
	S_count(d, sev);
	d->suppressed++;
}
