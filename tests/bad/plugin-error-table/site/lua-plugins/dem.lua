wardsite.widget("dem", function(args, page)
  error({code = 42})
end)
