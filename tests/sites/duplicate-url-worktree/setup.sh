#!/bin/sh
# a new page, not yet committed, built with --worktree: it is the newer
# of the two, though the committed one is the one whose slug takes the URL
cat >content/vi/tin-tuc/hop-dan.md <<'MD'
---
title: Họp dân khu phố 2
---
Bài mới.
MD
