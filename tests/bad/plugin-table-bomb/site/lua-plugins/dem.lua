wardsite.widget("dem", function(args, page)
  local row = {}
  for j = 1, 4096 do row[j] = j end
  local t = {}
  for i = 1, math.maxinteger do t[i] = table.move(row, 1, #row, 1, {}) end
end)
