-- dem: counts
wardsite.widget("dem", function(args, page)
  return "<p>" .. args.so .. "</p>"
end
