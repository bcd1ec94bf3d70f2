{ printf -- '---\ntitle: Tệp lớn\n---\n'; awk 'BEGIN { for (i = 0; i < 130000; i++) printf "Dòng %d của một văn bản rất dài, viết đi viết lại cho đủ lớn.\n\n", i }'; } >content/vi/tin-tuc/lon.md
