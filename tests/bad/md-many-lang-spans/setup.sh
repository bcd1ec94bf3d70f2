{ printf -- '---\ntitle: Nhiều thẻ\n---\n'; awk 'BEGIN { for (i = 0; i < 100000; i++) printf "<span lang=\"en\">a "; print "" }'; } >content/vi/tin-tuc/the.md
