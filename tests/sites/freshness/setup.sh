#!/usr/bin/env bash
# News in March, an English story in February; the plans and events stay as
# they were committed on 2026-01-15.
set -eu
c() { # c DATE MESSAGE
    git add -A
    GIT_AUTHOR_DATE="$1" GIT_COMMITTER_DATE="$1" git commit -q -m "$2"
}
printf -- '---\ntitle: Tin mới\n---\nTin tháng ba.\n' > content/vi/tin-tuc/moi.md
c 2026-03-20T08:00:00+07:00 "Tin tháng ba"
printf '\nCập nhật.\n' >> content/en/news/story.md
c 2026-02-20T08:00:00+07:00 "Story update"
