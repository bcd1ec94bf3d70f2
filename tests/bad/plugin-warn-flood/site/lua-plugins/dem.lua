wardsite.widget("dem", function(args, page)
  while true do wardsite.warn("lặp lại") end
end)
