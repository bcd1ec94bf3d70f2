. "$CASE/../_lib/tree.sh"
t=$(raw_tree <<END
100644|hop-dan.md|$(git rev-parse HEAD:content/vi/tin-tuc/hop-dan.md)
100644|_index.md|$(git rev-parse HEAD:content/vi/tin-tuc/_index.md)
END
)
commit_graft content/vi/tin-tuc "$t" "out of order"
