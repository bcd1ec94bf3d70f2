#!/usr/bin/env bash
# A second commit, so that a --depth 1 clone really lacks history.
set -eu
printf '\nCập nhật thông tin năm 2026.\n' >> content/vi/gioi-thieu.md
GIT_AUTHOR_DATE="2026-01-20T10:00:00+07:00" GIT_COMMITTER_DATE="2026-01-20T10:00:00+07:00" \
    git commit -q -am "Cập nhật giới thiệu"
