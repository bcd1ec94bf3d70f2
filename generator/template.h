/* template: theme templates to Lua source.
 *
 *   {{ expr }}      expression, HTML-escaped      {{{ expr }}}  not escaped
 *   {% stmt %}      Lua statements                {# … #}       comment
 *   {% extends "base.html" %}  {% block name %}…{% endblock %}
 *   {% include "partials/x.html" %}
 *
 * The Lua code keeps every template line on the same line, so Lua's own
 * error messages ("themes/default/layouts/single.html:12: …") point into
 * the template.  lua_host loads the code and runs it. */
#ifndef WARDSITE_TEMPLATE_H
#define WARDSITE_TEMPLATE_H

#include <stddef.h>

#include "buf.h"
#include "diag.h"

/* Appends the Lua chunk for template src (len bytes) to out.  Problems
 * are recorded in d against path with line and column.  Returns 0 or -1. */
int template_compile(const char *src, size_t len, const char *path, struct buf *out, struct diag *d);

#endif
