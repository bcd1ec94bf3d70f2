{ printf -- '---\ntitle: Trích dẫn sâu\n---\n'; awk 'BEGIN { for (i = 0; i < 100000; i++) printf ">"; print " x" }'; } >content/vi/tin-tuc/sau.md
