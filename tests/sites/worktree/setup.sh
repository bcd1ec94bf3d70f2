#!/usr/bin/env bash
# Leaves uncommitted edits: a changed title and a new, untracked page.
set -eu
sed -i 's/^title: Giới thiệu bản cũ$/title: Giới thiệu đang sửa/' content/vi/gioi-thieu.md
cat > content/vi/trang-moi.md <<'MD'
---
title: Trang mới chưa commit
date: 2025-01-02
---
Chưa commit.
MD
