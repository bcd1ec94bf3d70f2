wardsite.widget("dem", function(args, page)
  error(string.rep("x", 5e7))
end)
