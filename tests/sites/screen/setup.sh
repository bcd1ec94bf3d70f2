#!/usr/bin/env bash
# The test theme brings its own screen style (themes/test/screen/screen.css
# replaces the default theme's); the script is still the default theme's.
set -eu
mkdir -p themes/test/screen
printf '/* the test theme'"'"'s screen style */\nbody{background:#000}\n' > themes/test/screen/screen.css
git add themes/test/screen/screen.css
GIT_AUTHOR_DATE="2026-01-15T09:00:00+07:00" GIT_COMMITTER_DATE="2026-01-15T09:00:00+07:00" \
    git commit -q -m "Kiểu riêng của màn hình bảng tin"
