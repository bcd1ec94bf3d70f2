/* output: the staging folder and the atomic swap.
 *
 * A build writes into a fresh folder beside --out; only when the whole
 * build succeeded is it swapped with --out (renameat2 RENAME_EXCHANGE, one
 * atomic step on Linux), and the old output removed.  A failed build
 * removes its staging folder and leaves --out as it was.  A build killed
 * at any point leaves --out the old or the new site, never a mix; what it
 * left beside it (a staging folder, or the old tree being removed) is
 * removed by the next build's output_begin.  Every output path is checked:
 * relative, no "..", written once.
 *
 * Because the swap deletes what --out held, wardsite replaces only a
 * folder it made: every output carries the file OUTPUT_MARK, and
 * output_check refuses a folder with files but no mark.  Before the swap
 * the new tree is on disk (syncfs of its file system), and after it the
 * rename is (fsync of the folders it changed), so a power cut leaves the
 * old or the new site, not empty or torn files. */
#ifndef WARDSITE_OUTPUT_H
#define WARDSITE_OUTPUT_H

#include <stddef.h>

#include "diag.h"

struct output;
struct output_stats;

/* The mark of a wardsite output, at its top.  Hidden (a dot-file), not
 * published by `wardsite publish`, not counted in the stats. */
#define OUTPUT_MARK ".wardsite-output"

/* Whether out_dir may be replaced by a build: 0 when it does not exist,
 * is an empty folder or holds OUTPUT_MARK (or, with force, any folder but
 * the home folder and those above it); -1 with one diagnostic otherwise. */
int output_check(const char *out_dir, int force, struct diag *d);

/* Starts a build into out_dir: removes the leftovers of killed builds
 * beside it, then makes the staging folder and writes OUTPUT_MARK in it,
 * naming site (a base URL; NULL: none).  Returns NULL with a diagnostic
 * when the staging folder cannot be made.  Call output_check first. */
struct output *output_begin(const char *out_dir, const char *site, struct diag *d);

/* Like output_begin, but builds in the folder spare (made when missing)
 * instead of a new staging folder, when spare is on the output's file
 * system and no other build uses it: after the swap, spare holds the
 * previous output, ready for the next build.  A build into it touches
 * only what changed: a file that is already the previous output's file
 * (a hard link to it) stays, folders are not made again, and nothing is
 * removed but what this build does not write.  Its contents are never
 * trusted, only compared with the live output. */
struct output *output_begin_reusing(const char *out_dir, const char *spare, const char *site, struct diag *d);

/* Writes len bytes (copied) to the relative path rel ("vi/index.html").
 * owner names what produced it, for the message when two things write the
 * same path.  Returns 0, or -1 (diagnostic recorded) for a path outside the
 * output or written twice; the file itself is written by another thread,
 * and a failure to write it is an error of output_flush or output_commit. */
int output_write(struct output *o, const char *rel, const void *data, size_t len, const char *owner);

/* 1 when rel has been written. */
int output_exists(struct output *o, const char *rel);

/* Puts the staging folder on disk (syncfs), swaps it in and puts the
 * swap on disk (fsync of both parent folders); frees o.  *stats (if not
 * NULL) gets the final counts.  Returns 0 or -1 (diagnostic; --out as it
 * was). */
int output_commit(struct output *o, struct output_stats *stats);
/* Removes the staging folder; frees o. */
void output_abort(struct output *o);

/* What a build changed in the output folder.  An output whose bytes are
 * those of the previous build is not rewritten: the old file is linked
 * into the new tree, so its modification time stays and an rsync deploy
 * sends nothing for it. */
struct output_stats {
	size_t written;   /* files of this build */
	size_t added;     /* not in the previous output */
	size_t changed;   /* in it, with other bytes */
	size_t unchanged; /* in it, the same bytes (linked, not rewritten) */
	size_t removed;   /* in the previous output, not in this one (set by output_commit) */
};

/* The counts so far. */
const struct output_stats *output_stats(struct output *o);

/* Number of files written so far. */
size_t output_count(const struct output *o);

/* Removes a folder and everything below it (no symlinks followed).
 * Returns 0 or -1. */
int output_remove_tree(const char *dir);

/* Puts the previous output's rel into the new output as it is (a hard
 * link), when it is still a regular file of exactly size bytes and mtime
 * (an incremental build's page that nothing changed).  Returns 0, or -1
 * when it is not there or not as expected (nothing recorded: render it). */
int output_keep(struct output *o, const char *rel, const char *owner, unsigned long long size, long long mtime_s,
		long long mtime_ns);

/* Waits until every file handed over so far is written (they are written
 * by a thread of their own) and records its failures in the diagnostics.
 * Returns 0, or -1 when a file could not be written. */
int output_flush(struct output *o);

#endif
