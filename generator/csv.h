/* csv: tables as a spreadsheet exports them, for data files.
 *
 * Reads what Excel and LibreOffice write: a UTF-8 byte-order mark, CRLF or
 * LF line ends, fields separated by ',' or ';' or a tab (whichever the
 * header line uses most), fields in double quotes that hold separators,
 * line breaks and doubled quotes.  The first row names the columns.
 * Numbers in the cells are Vietnamese spreadsheet numbers (decimal comma,
 * thousands dot); csv_number reads them. */
#ifndef WARDSITE_CSV_H
#define WARDSITE_CSV_H

#include <stddef.h>

#include "diag.h"

struct csv_row {
	char **cells; /* ncols strings, "" for an empty cell */
	int line;     /* line of the file where the row starts */
};

struct csv {
	char **header; /* column names, trimmed */
	size_t ncols;
	struct csv_row *rows;
	size_t nrows;
	char sep;      /* the separator found */
};

/* Parses text (len bytes of valid UTF-8) of the file at path.  Returns the
 * table (caller frees with csv_free), or NULL with every problem recorded
 * in d ("path:line:col: error: …"): a quote that is never closed, a row
 * with more or fewer fields than the header, an empty or repeated column
 * name, no header at all. */
struct csv *csv_parse(const char *text, size_t len, const char *path, struct diag *d);
void csv_free(struct csv *c);

/* The column index of name, or -1. */
int csv_column(const struct csv *c, const char *name);

/* Reads a number written the Vietnamese way: "87,29", "1.234", "1.234,5",
 * "-3", with an optional "%" and spaces around.  A dot must group
 * thousands (1.234.567); "99.32" is refused, so a cell never changes value
 * with the reader's locale.  Returns 0 and *out, or -1 with a short reason
 * in *why (static text) when s is not such a number. */
int csv_number(const char *s, double *out, const char **why);

#endif
