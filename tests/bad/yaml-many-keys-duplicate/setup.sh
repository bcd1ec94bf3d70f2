{ echo '---'; echo 'title: Nhiều khóa'; awk 'BEGIN { for (i = 0; i < 100000; i++) printf "k%d: x\n", i; print "k0: y" }'; echo '---'; echo 'Text.'; } >content/vi/tin-tuc/nhieu.md
