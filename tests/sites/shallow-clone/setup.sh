#!/usr/bin/env bash
# Two more commits, so a clone of depth 1 lacks the older ones.
set -eu
c() { # c DATE MESSAGE
    git add -A
    GIT_AUTHOR_DATE="$1" GIT_COMMITTER_DATE="$1" git commit -q -m "$2"
}
printf '\nThêm.\n' >> content/vi/tin-tuc/bai-mot.md
c 2026-02-01T08:00:00+07:00 "Sửa bài một"
printf -- '---\ntitle: Bài hai\n---\nMới.\n' > content/vi/tin-tuc/bai-hai.md
c 2026-03-01T08:00:00+07:00 "Thêm bài hai"
