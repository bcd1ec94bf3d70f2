#!/usr/bin/env bash
# v1 = the first commit; then main changes the title of gioi-thieu.md.
set -eu
git tag v1
sed -i 's/^title: Giới thiệu bản cũ$/title: Giới thiệu bản mới/; s/^Văn bản cũ\.$/Văn bản mới./' content/vi/gioi-thieu.md
GIT_AUTHOR_DATE="2026-01-16T09:00:00+07:00" GIT_COMMITTER_DATE="2026-01-16T09:00:00+07:00" \
    git commit -q -am "Đổi tiêu đề trang giới thiệu"
