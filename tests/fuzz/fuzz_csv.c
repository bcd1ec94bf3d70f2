/* libFuzzer target: any bytes as a data file data/x.csv, read the way
 * wardsite.data reads it (plugin.c: valid UTF-8, NFC, csv_parse), then
 * every column looked up by name and every cell read as a number. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "csv.h"
#include "text.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (!text_utf8_valid((const char *)data, size, NULL))
		return 0;
	size_t nlen;
	char *nfc = text_nfc((const char *)data, size, &nlen);
	struct diag d;
	diag_init(&d, NULL);
	struct csv *c = csv_parse(nfc, nlen, "data/x.csv", &d);
	if (c) {
		for (size_t j = 0; j < c->ncols; j++)
			if (csv_column(c, c->header[j]) < 0)
				abort(); /* a column it named must be found */
		for (size_t i = 0; i < c->nrows; i++)
			for (size_t j = 0; j < c->ncols; j++) {
				double v;
				const char *why;
				csv_number(c->rows[i].cells[j], &v, &why);
			}
		csv_free(c);
	}
	free(nfc);
	diag_free(&d);
	return 0;
}
