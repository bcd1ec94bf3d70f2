wardsite.widget("dem", function(args, page)
  local s = "x"
  while true do s = s .. s end
end)
