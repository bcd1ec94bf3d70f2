# Git plumbing for hostile trees, sourced by a case's setup.sh:
#   . "$CASE/../_lib/tree.sh"

# raw_tree: reads lines "MODE|NAME|ID" and writes them as one tree object
# byte for byte, in the order given and unchecked (git mktree would sort
# them and refuse some); prints the tree's id.
raw_tree() {
    local mode name id
    while IFS='|' read -r mode name id; do
        printf '%s %s\0' "$mode" "$name"
        printf '%s' "$id" | xxd -r -p
    done | git hash-object -w --literally -t tree --stdin
}

# graft TREE PATH NEW: prints the id of TREE with the folder at PATH
# ("content/vi/tin-tuc") replaced by the tree NEW.
graft() {
    local tree=$1 path=$2 new=$3 head=${2%%/*} sub
    if [ "$head" = "$path" ]; then
        sub=$new
    else
        sub=$(graft "$(git rev-parse "$tree:$head")" "${path#*/}" "$new")
    fi
    { git ls-tree "$tree" | awk -F '\t' -v h="$head" '$2 != h'; printf '040000 tree %s\t%s\n' "$sub" "$head"; } |
        git mktree --missing
}

# commit_graft PATH NEW MESSAGE: commits HEAD's tree with the folder PATH
# replaced by NEW on top of HEAD (git commit-tree, update-ref).
commit_graft() {
    local root commit
    root=$(graft "$(git rev-parse 'HEAD^{tree}')" "$1" "$2")
    commit=$(git commit-tree "$root" -p HEAD -m "$3")
    git update-ref HEAD "$commit"
}

# blob TEXT: prints the id of a blob holding TEXT (printf escapes).
blob() { printf -- "$1" | git hash-object -w --stdin; }
