#!/usr/bin/env bash
# The Vietnamese original of a translated page changes twice after the
# translation; a developer's reformatting of it is left out by the trailer.
set -eu
c() { # c NAME DATE MESSAGE
    git add -A
    GIT_AUTHOR_NAME="$1" GIT_AUTHOR_DATE="$2" GIT_COMMITTER_DATE="$2" git commit -q -m "$3"
}
f=content/vi/thong-tin-doi-ngoai/gioi-thieu.md
sed -i 's/năm khu phố/sáu khu phố/' $f
c "Trần Thị Bình" 2026-02-01T08:00:00+07:00 "Giới thiệu: sáu khu phố"
printf '\nDân số 12.000 người.\n' >> $f
c "Lê Chi" 2026-03-01T08:00:00+07:00 "Giới thiệu: dân số"
sed -i 's/Dân số/**Dân số**/' $f
c "wardsite developer" 2026-03-10T08:00:00+07:00 "$(printf 'Bold figures\n\nWardsite-History: skip')"
