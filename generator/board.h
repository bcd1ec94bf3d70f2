/* board: `wardsite report`, what the editorial board must update this
 * month, page by page: pages overdue by the freshness rule of their
 * section, translations older than their original (with the original's
 * commits since), pages of the sections that must be translated which lack
 * a translation, photos without alt text, and English names that are
 * not as data/glossary.yaml has them.  As text for a terminal,
 * JSON for CI, or an HTML page that `wardsite serve` shows. */
#ifndef WARDSITE_BOARD_H
#define WARDSITE_BOARD_H

#include "buf.h"
#include "build.h"
#include "diag.h"

enum board_format { BOARD_TEXT, BOARD_JSON, BOARD_HTML };

/* Reads the site as a build of opt would (repo, ref, worktree; published
 * pages only) and writes the report to out in the current message
 * language.  Returns BUILD_OK (written), BUILD_FAILED (the site has
 * errors, recorded in d; out untouched) or BUILD_BAD_SOURCE (the
 * repository or ref cannot be used, or it is a shallow clone whose dates
 * would be wrong; recorded). */
enum build_status board_report(const struct build_options *opt, enum board_format fmt, struct buf *out, struct diag *d);

#endif
