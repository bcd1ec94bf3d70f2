/* libFuzzer target: any bytes as a template, compiled and loaded into Lua
 * (never run: running arbitrary Lua is the sandbox tests' job). */
#include <stdint.h>
#include <stdio.h>

#include "lua_host.h"
#include "template.h"
#include "text.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct lua_host *h;
	static struct diag d;
	if (h == NULL) {
		diag_init(&d, NULL);
		h = lua_host_new(&d);
	}
	if (!text_utf8_valid((const char *)data, size, NULL))
		return 0;
	struct buf code = BUF_INIT;
	if (template_compile((const char *)data, size, "themes/f/layouts/f.html", &code, &d) == 0)
		lua_host_add_template(h, "f.html", "themes/f/layouts/f.html", code.data, code.len);
	buf_free(&code);
	diag_free(&d);
	diag_init(&d, NULL);
	return 0;
}
