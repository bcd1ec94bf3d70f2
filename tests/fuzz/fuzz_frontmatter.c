/* libFuzzer target: any bytes as a content file's front matter and body. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "frontmatter.h"
#include "markdown.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct diag d;
	diag_init(&d, NULL);
	struct front_matter fm;
	if (front_matter_parse(&fm, (const char *)data, size, "content/vi/fuzz.md", 420, &d) == 0) {
		struct markdown_result r;
		markdown_render(fm.body, fm.body_len, 0, "Bảng", &r);
		markdown_result_free(&r);
	}
	front_matter_free(&fm);
	diag_free(&d);
	return 0;
}
