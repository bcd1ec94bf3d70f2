-- A page hook: a note under every page that has a date.
local count = 0
wardsite.hook("page", function(html, page)
  if not page.date then return nil end
  count = count + 1
  return html .. '<p class="note">Đăng ' .. wardsite.date(page.date, "long") .. ' (' .. count .. ')</p>\n'
end)
