wardsite.widget("dem", function(args, page)
  return "<p>a\0b</p>"
end)
