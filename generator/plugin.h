/* plugin: Lua plugins that the editorial board calls from Markdown.
 *
 * A plugin is a Lua file in lua-plugins/: the ones shipped with wardsite
 * (compiled into the program from this repository's lua-plugins/) and the
 * site repository's own, read from the git tree like content; a site's
 * plugin of the same file name replaces the shipped one.  Each is loaded
 * as the chunk "@lua-plugins/NAME.lua" into the sandboxed state of
 * lua_host, with its own _ENV: reading a name looks in the plugin API
 * (the safe base functions, string, table, math, utf8, and `wardsite`),
 * an unknown name is an error, and assigning a global is an error — both
 * name the plugin file and line.  Library tables are read-only.
 *
 * While it loads, a plugin registers what it provides:
 *
 *     wardsite.widget("indicator", function(args, page) return html end)
 *     wardsite.hook("image", function(img, page) return html or nil end)
 *     wardsite.hook("page", function(html, page) return html or nil end)
 *
 * A widget is a fenced code block whose info string is exactly the
 * widget's name; the block holds YAML arguments.  Every call goes through
 * lua_host_call (budget, memory ceiling, message handler), and an error is
 * one diagnostic at the content file's line that names the plugin's line:
 *
 *     content/vi/x.md:12:1: error: widget 'indicator': lua-plugins/indicator.lua:40: unknown indicator 'abc'
 */
#ifndef WARDSITE_PLUGIN_H
#define WARDSITE_PLUGIN_H

#include <stddef.h>

#include "lua_host.h"
#include "markdown.h"

struct page;
struct site;
struct source;
struct images;
struct media_set;

/* A plugin file compiled into the program (shipped_plugins.c, made by the
 * Makefile from lua-plugins/NAME.lua). */
struct plugin_file {
	const char *path; /* "lua-plugins/indicator.lua" */
	const char *code;
	size_t len;
};
extern const struct plugin_file plugin_shipped[];
extern const size_t plugin_nshipped;

/* What the C side of the plugin API reads.  Any pointer may be NULL (in
 * tests): the helpers that need it then raise an error saying so. */
struct plugin_env {
	struct source *src;     /* data files, lua-plugins/, images, file lists */
	struct site *site;      /* page lookup */
	struct images *images;  /* wardsite.image */
	struct media_set *media; /* wardsite.media: the build's audio and video files */
	int strict;             /* wardsite.warn records errors instead of warnings */
	int data_reported;      /* the YAML files below data/ were read and their errors
				   reported already (site.data): not again */
};

struct plugins;

/* The plugin registry on h's state.  Owned by the caller; free it before
 * h. */
struct plugins *plugins_new(struct lua_host *h, const struct plugin_env *env);
void plugins_free(struct plugins *p);

/* 1 when a plugin read the file path ("static/anh/captions.yaml") with
 * wardsite.data(): a source of pages, not a file to publish. */
int plugins_read_data(const struct plugins *p, const char *path);

/* Loads every plugin: the shipped ones and the source's lua-plugins/NAME.lua,
 * the source's replacing a shipped one of the same path, in the order of
 * their paths.  Returns 0, or -1 with every problem recorded. */
int plugins_load_all(struct plugins *p);

/* Loads one plugin from code (len bytes) under path
 * ("lua-plugins/x.lua").  Returns 0, or -1 with the diagnostic recorded. */
int plugins_load(struct plugins *p, const char *path, const char *code, size_t len);

/* 1 when name is a registered widget. */
int plugins_has_widget(struct plugins *p, const char *name);

/* The hash of the page table plugins see for pg (everything of pg that
 * widgets and hooks can read), continuing from seed. */
uint64_t plugins_page_key(struct plugins *p, const struct page *pg, uint64_t seed);

/* Starts the calls made while rendering page pg: pg's file is where
 * diagnostics point and where relative paths start; site_ref is the
 * registry reference of the language's site table (LUA_NOREF: a minimal
 * one).  Every call until plugins_end gets the context {lang, site, page}. */
void plugins_begin(struct plugins *p, struct page *pg, int site_ref);
void plugins_end(struct plugins *p);

/* The hooks for markdown_render_hooked while a page is begun (ud is p). */
struct markdown_hooks plugins_markdown_hooks(struct plugins *p);

/* Calls widget name with its block's text args (YAML), the block's opening
 * fence at line:col of the current page's file.  Returns 0 and *html
 * (caller frees), or -1 with one diagnostic recorded. */
int plugins_widget(struct plugins *p, const char *name, const char *args, size_t len, int line, int col,
		   char **html);

/* Runs the image hooks on img: 0 and *html from the first hook that
 * returns a string, 1 when none does (or there is none), -1 on error. */
int plugins_image(struct plugins *p, const struct markdown_image *img, char **html);

/* Runs the page hooks, each on the HTML the previous one returned, over
 * *html (replaced; caller owns it either way).  Returns 0 or -1. */
int plugins_page(struct plugins *p, char **html);

/* Number of registered page hooks. */
int plugins_page_hooks(struct plugins *p);

#endif
