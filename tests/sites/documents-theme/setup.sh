#!/bin/sh
# A PDF of 1.2 MiB (1,258,291 bytes): made here, not kept in the repository.
set -e
head -c 1258291 /dev/zero | tr '\0' 'x' > content/vi/van-ban/kh-09/ke-hoach-09.pdf
cp content/vi/van-ban/kh-09/ke-hoach-09.pdf content/en/documents/plan-09/ke-hoach-09.pdf
git add -A
git commit -q -m "the plan's PDF"
