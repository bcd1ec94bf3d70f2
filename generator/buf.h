/* buf: growable byte strings, always NUL-terminated once non-empty.
 *
 * Modelled on cmark's cmark_strbuf: a zeroed struct buf (BUF_INIT) is an
 * empty buffer; buf_detach hands the bytes to the caller and leaves the
 * buffer empty. */
#ifndef WARDSITE_BUF_H
#define WARDSITE_BUF_H

#include <stdarg.h>
#include <stddef.h>

struct buf {
	char *data;
	size_t len;
	size_t cap;
};

#define BUF_INIT {NULL, 0, 0}

/* Make room for at least extra more bytes (plus the NUL). */
void buf_grow(struct buf *b, size_t extra);
void buf_put(struct buf *b, const void *p, size_t n);
void buf_puts(struct buf *b, const char *s);
void buf_putc(struct buf *b, char c);
void buf_printf(struct buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void buf_vprintf(struct buf *b, const char *fmt, va_list ap);
/* The contents as a C string; valid until the next change.  Never NULL. */
const char *buf_cstr(struct buf *b);
/* Returns the contents (caller frees) and empties the buffer.  Never NULL. */
char *buf_detach(struct buf *b);
/* The whole file at path, NUL-terminated (caller frees), its length in
 * *len.  NULL with errno set when it cannot be opened or read. */
char *buf_read_file(const char *path, size_t *len);
/* Empties the buffer but keeps its memory. */
void buf_reset(struct buf *b);
void buf_free(struct buf *b);

#endif
