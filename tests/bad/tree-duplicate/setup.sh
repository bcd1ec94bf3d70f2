. "$CASE/../_lib/tree.sh"
one=$(blob '---\ntitle: Một\n---\nMột.\n')
two=$(blob '---\ntitle: Hai\n---\nHai.\n')
t=$(raw_tree <<END
100644|_index.md|$(git rev-parse HEAD:content/vi/tin-tuc/_index.md)
100644|a.md|$one
100644|a.md|$two
100644|hop-dan.md|$(git rev-parse HEAD:content/vi/tin-tuc/hop-dan.md)
END
)
commit_graft content/vi/tin-tuc "$t" "a.md twice"
