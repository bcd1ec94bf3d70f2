wardsite.widget("dem", function(args, page)
  while true do
    pcall(function() while true do end end)
  end
end)
