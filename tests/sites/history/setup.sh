#!/usr/bin/env bash
# Commits by three editors over a month: edits, a rename, a page bundle
# whose photo changes, a second page added later.
set -eu
c() { # c NAME EMAIL DATE MESSAGE
    git add -A
    GIT_AUTHOR_NAME="$1" GIT_AUTHOR_EMAIL="$2" GIT_AUTHOR_DATE="$3" \
    GIT_COMMITTER_NAME="$1" GIT_COMMITTER_EMAIL="$2" GIT_COMMITTER_DATE="$3" git commit -q -m "$4"
}
printf '\nThêm một đoạn.\n' >> content/vi/tin-tuc/khong-ngay.md
c "Trần Thị Bình" binh@example.gov.vn 2026-01-20T08:00:00+07:00 "Bổ sung bài không ngày"
mkdir -p content/vi/tin-tuc/anh
printf -- '---\ntitle: Bài có ảnh\n---\nẢnh: ![Ảnh](anh.txt)\n' > content/vi/tin-tuc/anh/index.md
echo "ảnh cũ" > content/vi/tin-tuc/anh/anh.txt
c "Lê Chi" chi@example.gov.vn 2026-01-25T08:00:00+07:00 "Thêm bài có ảnh"
git mv content/vi/tin-tuc/co-ngay.md content/vi/tin-tuc/co-ngay-moi.md
c "Lê Chi" chi@example.gov.vn 2026-02-01T08:00:00+07:00 "Đổi tên bài có ngày"
echo "ảnh mới" > content/vi/tin-tuc/anh/anh.txt
c "Trần Thị Bình" binh@example.gov.vn 2026-02-05T08:00:00+07:00 "Thay ảnh"
printf -- '---\ntitle: Bài mới\n---\nBài đăng sau cùng.\n' > content/vi/tin-tuc/moi.md
c "Phạm Dũng" dung@example.gov.vn 2026-02-10T08:00:00+07:00 "Thêm bài mới"
