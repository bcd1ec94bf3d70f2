wardsite.hook("pages", function(html, page) return html end)
