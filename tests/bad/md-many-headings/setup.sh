{ printf -- '---\ntitle: Nhiều mục\n---\n'; awk 'BEGIN { for (i = 0; i < 100000; i++) print "## Mục\n" }'; } >content/vi/tin-tuc/muc.md
