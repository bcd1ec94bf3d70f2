#!/usr/bin/env bash
# An editor's change, then three developer commits that only touch markup:
# one listed in .git-blame-ignore-revs, one with the trailer, and one that
# creates a page.
set -eu
c() { # c NAME DATE MESSAGE
    git add -A
    GIT_AUTHOR_NAME="$1" GIT_AUTHOR_DATE="$2" GIT_COMMITTER_DATE="$2" git commit -q -m "$3"
}
printf '\nThêm một đoạn.\n' >> content/vi/tin-tuc/bai-mot.md
c "Trần Thị Bình" 2026-02-01T08:00:00+07:00 "Bổ sung bài một"
sed -i 's/Nội dung/**Nội dung**/' content/vi/tin-tuc/bai-mot.md
c "wardsite developer" 2026-03-01T08:00:00+07:00 "Reformat the markup of every page"
printf -- '# reformatting, not an editorial change\n%s\n' "$(git rev-parse HEAD)" > .git-blame-ignore-revs
c "wardsite developer" 2026-03-02T08:00:00+07:00 "Ignore the reformatting in the history"
sed -i 's/Thêm một đoạn/Thêm *một* đoạn/' content/vi/tin-tuc/bai-mot.md
printf -- '---\ntitle: Bài mẫu\ndate: 2026-01-10\n---\nMẫu.\n' > content/vi/tin-tuc/bai-mau.md
c "wardsite developer" 2026-03-03T08:00:00+07:00 "$(printf 'Emphasis and a sample page\n\nWardsite-History: skip')"
