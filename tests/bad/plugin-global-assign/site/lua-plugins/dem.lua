dem = 0
wardsite.widget("dem", function(args, page) return "" end)
