local function f(n) return f(n + 1) + 1 end
wardsite.widget("dem", function(args, page)
  return f(1)
end)
