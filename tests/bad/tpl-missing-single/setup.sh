git rm -q themes/test/layouts/single.html
