-- bang: a table from a data file; a missing file is the page's mistake,
-- a message the plugin makes of it is the plugin's own
wardsite.widget("bang", function(args, page)
  if args.tu_bao then
    local ok, e = pcall(wardsite.data, args.tep)
    if not ok then error("bảng '" .. args.tep .. "' không đọc được: " .. e) end
  end
  local d = wardsite.data(args.tep)
  return "<p>" .. #d .. "</p>"
end)
