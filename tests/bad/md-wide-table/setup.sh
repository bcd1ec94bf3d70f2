{ printf -- '---\ntitle: Bảng rộng\n---\n'; awk 'BEGIN { for (r = 0; r < 3; r++) { for (i = 0; i < 10000; i++) printf "|%s", (r == 1 ? "-" : "c" i); print "|" } }'; } >content/vi/tin-tuc/bang.md
