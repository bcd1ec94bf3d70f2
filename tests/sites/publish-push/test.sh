# wardsite publish: uncommitted changes are named and stop it (exit 1, no
# commit) unless --allow-dirty; new files count only among the site's
# inputs; --ref publishes a commit without looking at the work tree;
# --push [REMOTE] pushes the branch to a remote (by name, or a path) and
# says which branch, which commit and where; a missing remote and a
# refused push are errors that say what to do.
. "$CASE/../_lib.sh"
cd "$REPO"
echo public/ > .gitignore && git add .gitignore && git commit -q -m "Bỏ qua public/"

printf -- '---\ntitle: Sửa\n---\nSửa.\n' > content/vi/gioi-thieu.md
printf -- '---\ntitle: Mới\n---\nMới.\n' > content/vi/moi.md
echo "ghi chú" > ghi-chu.txt             # not an input of the site: not named
run dirty "$WARDSITE" publish
expect_status 1
expect_same_listing "content/vi/gioi-thieu.md: error: edited, but not committed: publish would leave the edit out
content/vi/moi.md: error: new file, not committed: publish would leave it out
wardsite: error: 2 files have uncommitted changes: commit them (git add, git commit) and publish again, or publish the last commit without them with --allow-dirty" "$(cat "$LOG/dirty.err")"
expect_lines "$LOG/dirty.out" 0
expect_same_listing "" "$(git branch --list gh-pages)"
expect_absent public

git add content/vi/moi.md && git checkout -q -- content/vi/gioi-thieu.md
run staged "$WARDSITE" publish
expect_status 1
expect_same_listing "content/vi/moi.md: error: new file, not committed: publish would leave it out
wardsite: error: 1 file has uncommitted changes: commit it (git add, git commit) and publish again, or publish the last commit without it with --allow-dirty" "$(cat "$LOG/staged.err")"

# a deletion, and an edit staged then edited again (one line for the file)
git rm -q --cached content/vi/moi.md && mv content/vi/moi.md "$WORK/moi.md"
mv content/vi/gioi-thieu.md "$WORK/gioi-thieu.md"
printf 'paginate: 5\n' >> site.yaml && git add site.yaml && printf '# x\n' >> site.yaml
run deleted "$WARDSITE" publish
expect_status 1
expect_same_listing "content/vi/gioi-thieu.md: error: deleted, but not committed: publish would still publish it
site.yaml: error: edited, but not committed: publish would leave the edit out
wardsite: error: 2 files have uncommitted changes: commit them (git add, git commit) and publish again, or publish the last commit without them with --allow-dirty" "$(cat "$LOG/deleted.err")"
mv "$WORK/gioi-thieu.md" content/vi/ && mv "$WORK/moi.md" content/vi/ && git checkout -q HEAD -- site.yaml && git add content/vi/moi.md

run allowed "$WARDSITE" publish --allow-dirty --quiet
expect_status 0
expect_same_listing "wardsite: warning: the work tree has 2 uncommitted changes; building the committed state, HEAD ($(git rev-parse --short=7 HEAD)) (--worktree builds the files as they are)" "$(cat "$LOG/allowed.err")"
expect_absent public/vi/moi/index.html
run byref "$WARDSITE" publish --ref HEAD --branch cu --quiet
expect_status 0
git commit -q -m "Thêm trang mới"
rm ghi-chu.txt

# push to a bare repository by remote name, then by path
git init -q --bare "$WORK/remote.git"
git remote add origin "$WORK/remote.git"
run push "$WARDSITE" publish --push
expect_status 0
expect_lines "$LOG/push.err" 0
tip=$(git rev-parse --short=7 gh-pages)
expect_contains "$LOG/push.out" "wardsite: published "
expect_contains "$LOG/push.out" "wardsite: pushed 'gh-pages' ($tip) to origin ($WORK/remote.git)"
expect_same_listing "$(git rev-parse gh-pages)" "$(git -C "$WORK/remote.git" rev-parse gh-pages)"
expect_same_listing "" "$(git -C "$WORK/remote.git" branch --list main)"

# nothing new to commit, but the push still happens
git init -q --bare "$WORK/other.git"
run again "$WARDSITE" publish --push "$WORK/other.git"
expect_status 0
expect_contains "$LOG/again.out" "wardsite: 'gh-pages' already holds this output: nothing to publish"
expect_contains "$LOG/again.out" "wardsite: pushed 'gh-pages' ($tip) to $WORK/other.git ($WORK/other.git)"
expect_same_listing "$(git rev-parse gh-pages)" "$(git -C "$WORK/other.git" rev-parse gh-pages)"

run noremote "$WARDSITE" publish --push upstream
expect_status 1
expect_same_listing "wardsite: error: cannot push: there is no remote 'upstream' (git remote -v lists them; a URL or path works too)" "$(cat "$LOG/noremote.err")"

# the remote's branch went elsewhere meanwhile: refused, said so
git push -q -f "$WORK/remote.git" main:refs/heads/gh-pages
printf -- '---\ntitle: Tin\n---\nTin.\n' > content/vi/tin.md && git add content && git commit -q -m "Tin"
run refused "$WARDSITE" publish --push origin
expect_status 1
expect_same_listing "wardsite: error: cannot push 'gh-pages' to $WORK/remote.git: the branch there has commits that are not here (published from another clone?); run git fetch origin +gh-pages:gh-pages and publish again" "$(cat "$LOG/refused.err")"
expect_same_listing "$(git rev-parse main~1)" "$(git -C "$WORK/remote.git" rev-parse gh-pages)"
expect_contains "$LOG/refused.out" "wardsite: published "

# an https remote that asks for a login: none set is said so; a token is
# sent as WARDSITE_PUSH_USER (default x-access-token) and the token
python3 "$CASE/auth-server.py" "$WORK/port" "$WORK/auth" & server=$!
for _ in $(seq 50); do [ -s "$WORK/port" ] && break; sleep 0.1; done
url="http://127.0.0.1:$(cat "$WORK/port")/portal.git"
run notoken env -u WARDSITE_PUSH_TOKEN "$WARDSITE" publish --quiet --push "$url"
expect_status 1
expect_same_listing "wardsite: error: cannot push to $url: it asks for a login; set WARDSITE_PUSH_TOKEN to a token that may push (and WARDSITE_PUSH_USER if the host needs a user name), or use an ssh remote" "$(cat "$LOG/notoken.err")"
run token env WARDSITE_PUSH_TOKEN=s3cret "$WARDSITE" publish --quiet --push "$url"
expect_status 1
expect_same_listing "wardsite: error: cannot push to $url: the login was refused; check that WARDSITE_PUSH_TOKEN (and WARDSITE_PUSH_USER) may push there, or that ssh-agent holds the key" "$(cat "$LOG/token.err")"
run user env WARDSITE_PUSH_TOKEN=tok WARDSITE_PUSH_USER=oauth2 "$WARDSITE" publish --quiet --push "$url"
expect_status 1
kill "$server"; wait "$server" 2>/dev/null
expect_same_listing "Basic $(printf 'x-access-token:s3cret' | base64)
Basic $(printf 'oauth2:tok' | base64)" "$(cat "$WORK/auth")"

# a remote that is not there at all
run gone "$WARDSITE" publish --quiet --push "$WORK/nothing-here.git"
expect_status 1
expect_same_listing "wardsite: error: cannot push to $WORK/nothing-here.git: there is no repository there (No such file or directory)" "$(cat "$LOG/gone.err")"

run usage "$WARDSITE" publish origin
expect_status 2
expect_same_listing "wardsite: error: publish does not take 'origin' (a remote follows --push) (wardsite help lists the commands and options)" "$(cat "$LOG/usage.err")"
finish
