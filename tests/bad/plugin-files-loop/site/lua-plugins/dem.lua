wardsite.widget("dem", function(args, page)
  for i = 1, 5e7 do wardsite.files("/data/many") end
end)
