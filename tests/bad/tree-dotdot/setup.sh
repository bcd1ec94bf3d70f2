# content/vi/tin-tuc/../x.md would climb out: the entry is made by hand
blob=$(printf -- '---\ntitle: Leo ra ngoài\n---\nText.\n' | git hash-object -w --stdin)
inner=$(printf '100644 blob %s\tx.md\n' "$blob" | git mktree)
tintuc=$(git ls-tree HEAD content/vi/tin-tuc/ | awk '{print $3}')
newtintuc=$( { git ls-tree "$tintuc"; printf '040000 tree %s\t..\n' "$inner"; } | git mktree)
vi=$( { git ls-tree HEAD:content/vi | grep -v '	tin-tuc$'; printf '040000 tree %s\ttin-tuc\n' "$newtintuc"; } | git mktree)
content=$(printf '040000 tree %s\tvi\n' "$vi" | git mktree)
root=$( { git ls-tree HEAD | grep -v '	content$'; printf '040000 tree %s\tcontent\n' "$content"; } | git mktree)
commit=$(git commit-tree "$root" -p HEAD -m "a '..' entry")
git update-ref HEAD "$commit"
