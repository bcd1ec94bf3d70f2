{ printf -- '---\ntitle: Danh sách sâu\n---\n'; awk 'BEGIN { s = ""; for (i = 0; i < 100000; i++) { printf "%s- mục %d\n", s, i; s = s "  " } }' | head -c 20000000; } >content/vi/tin-tuc/sau.md
