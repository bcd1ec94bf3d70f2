-- kinds: page.kind of each page a plugin can look up, generated pages
-- included (the search page had no kind: its name was missing from the
-- plugins' copy of the table).
local esc = wardsite.esc

wardsite.widget("kinds", function(args, page)
  local out = {}
  for _, url in ipairs(args.urls) do
    local p = wardsite.page(url)
    out[#out + 1] = "<li>" .. esc(url) .. " " .. esc(p and tostring(p.kind) or "(none)") .. "</li>"
  end
  return "<ul>\n" .. table.concat(out, "\n") .. "\n</ul>\n"
end)
