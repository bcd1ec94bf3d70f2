# a gitlink (mode 160000) in the index, committed here: `git add -A` would drop it
git update-index --add --cacheinfo 160000,0123456789abcdef0123456789abcdef01234567,content/vi/tai-lieu
git commit -q -m "a submodule in content/"
