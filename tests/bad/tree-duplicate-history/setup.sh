. "$CASE/../_lib/tree.sh"
one=$(blob '---\ntitle: Một\n---\nMột.\n')
good=$(git rev-parse HEAD:content/vi/tin-tuc)
t=$(raw_tree <<END
100644|_index.md|$(git rev-parse HEAD:content/vi/tin-tuc/_index.md)
100644|a.md|$one
100644|a.md|$one
100644|hop-dan.md|$(git rev-parse HEAD:content/vi/tin-tuc/hop-dan.md)
END
)
commit_graft content/vi/tin-tuc "$t" "a.md twice"
GIT_COMMITTER_DATE="2026-01-16T09:00:00+07:00" commit_graft content/vi/tin-tuc "$good" "a.md gone again"
