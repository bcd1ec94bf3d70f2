-- The site's own indicator.lua replaces the shipped one: its widgets only.
wardsite.widget("indicator", function(args, page)
  return '<p class="own">chỉ tiêu ' .. wardsite.esc(args.id) .. ' của trang ' .. wardsite.esc(page.title) .. '</p>'
end)
