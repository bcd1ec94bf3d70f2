/* libFuzzer target: any bytes as the Markdown body of a page, rendered the
 * way the build renders it (site_render_content in build.c's
 * S_render_content): through markdown_render_hooked with the hooks of the
 * plugins shipped with wardsite, so that fenced ```indicator,
 * ```indicator-table, ```indicator-chart and ```photo blocks run the real
 * Lua widgets on the YAML inside them.  The widgets read data/ and images
 * from this repository's HEAD commit (the bundled portal's data), opened
 * once; without it (not run from the repository) they only report that
 * the data is missing, which still exercises the error paths. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include <lauxlib.h>

#include "image.h"
#include "lua_host.h"
#include "markdown.h"
#include "plugin.h"
#include "site.h"
#include "source.h"
#include "text.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct diag D;
static struct lua_host *H;
static struct plugins *P;
static struct source *SRC;
static struct images *IM;
static struct lang LANG_VI = {.code = "vi"};
static struct page PAGE = {.kind = PAGE_REGULAR, .lang = &LANG_VI, .file = "content/vi/ke-hoach/fuzz.md",
			   .bundle = NULL, .title = "Chỉ tiêu", .url = "/vi/ke-hoach/fuzz/", .section = "ke-hoach"};

static void S_setup(void)
{
	diag_init(&D, NULL);
	char *err = NULL;
	struct source_options so = {.repo = ".", .ref = NULL, .worktree = 0};
	if (source_open(&SRC, &so, &err) < 0) {
		fprintf(stderr, "fuzz_markdown: no repository (%s): widgets run without data\n", err);
		free(err);
		SRC = NULL;
	}
	struct image_config ic;
	image_config_read(&ic, NULL, &D);
	IM = images_new(&ic, SRC, NULL, 1, &D); /* no cache folder: plans read headers only */
	image_config_free(&ic);
	H = lua_host_new(&D);
	struct plugin_env env = {.src = SRC, .site = NULL, .images = IM, .strict = 0};
	P = plugins_new(H, &env);
	if (plugins_load_all(P) < 0) {
		fprintf(stderr, "fuzz_markdown: the shipped plugins do not load\n");
		abort();
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (H == NULL)
		S_setup();
	/* the build refuses a content file that is not UTF-8 before rendering */
	if (!text_utf8_valid((const char *)data, size, NULL))
		return 0;
	struct markdown_hooks hooks = plugins_markdown_hooks(P);
	hooks.line_offset = 4; /* a body after three lines of front matter */
	struct markdown_result r;
	plugins_begin(P, &PAGE, LUA_NOREF);
	markdown_render_hooked((const char *)data, size, 0, "Bảng", &hooks, &r);
	plugins_end(P);
	if (getenv("FUZZ_PRINT")) /* to see what a seed exercises */
		printf("%s<!-- %d errors, %d warnings -->\n", r.html, D.errors, D.warnings);
	markdown_result_free(&r);
	/* diagnostics are only counted (out is NULL); start afresh so that
	 * the set of messages seen does not grow without end */
	diag_free(&D);
	diag_init(&D, NULL);
	return 0;
}
