wardsite.widget("dem", function(args, page)
  return {html = "<p>3</p>"}
end)
