-- dem: counts
wardsite.widget("dem", function(args, page)
  local d = args.khong_co
  return "<p>" .. d.so .. "</p>"
end)
