# 10 MB of front matter: 163,840 lines of 64 bytes
{ echo '---'; echo 'title: Lớn'; awk 'BEGIN { for (i = 0; i < 163840; i++) printf "k%06d: xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\n", i }'; echo '---'; echo 'Text.'; } >content/vi/tin-tuc/lon.md
