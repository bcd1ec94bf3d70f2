-- The runtime of templates, run once per Lua state (lua_host.c,
-- S_open_sandbox).  Templates are compiled to Lua by template.c into calls
-- of rt.o (output), rt.e (escaped output), rt.r (raw), rt.block/defblock,
-- rt.include/extends; rt.render(name, context) runs one and returns its
-- text.  Templates read their globals through rt.env: the render's context
-- first, then the helpers made here (T, date, number, url, sort_by, …).
--
-- Called with (rt, c, helpers, templates, i18n), all tables the caller
-- keeps: rt and helpers are filled here; templates (name -> compiled
-- chunk) and i18n (lang -> interface strings) are filled by the caller
-- later; c holds the C primitives (date, number, slug, json, collate_key,
-- warn, escape).  Returns nothing.
local rt, c, helpers, templates, i18n = ...
local i18n_path = {}
rt.i18n_path = i18n_path
local type, tostring, tonumber, error, concat, gsub, format, floor, mtype = type, tostring, tonumber, error, table.concat, string.gsub, string.format, math.floor, math.type
local buf, n, blocks, ctx = nil, 0, nil, nil
local function tostr(v)
  local t = type(v)
  if t == 'string' then return v end
  if v == nil then return '' end
  if t == 'number' then
    if mtype(v) == 'float' and v == floor(v) and v > -1e15 and v < 1e15 then return format('%d', v) end
    return tostring(v)
  end
  if t == 'boolean' then return tostring(v) end
  error('cannot print a ' .. t .. ' value', 3)
end
function rt.o(s) n = n + 1; buf[n] = s end
local escape = c.escape
function rt.e(v) if type(v) ~= 'string' then v = tostr(v) end return escape(v) end
function rt.r(v) return tostr(v) end
function rt.block(name, default) local f = blocks[name] or default; f() end
function rt.defblock(name, f) if blocks[name] == nil then blocks[name] = f end end
local function find(name, level)
  if type(name) ~= 'string' then error('a template name must be a string, not ' .. type(name), level) end
  local t = templates[name]
  if not t then error("template '" .. name .. "' not found", level) end
  return t
end
local depth = 0
local function nest(name)
  local t = find(name, 4)
  if depth >= 100 then error("templates nested deeper than 100 levels: does '" .. name .. "' include or extend itself?", 3) end
  depth = depth + 1
  local r = t()
  depth = depth - 1
  return r
end
function rt.include(name) nest(name) end
function rt.extends(name) return (nest(name)) end
function rt.call(context, f, ...) ctx = context; return f(...) end
function rt.render(name, context)
  buf, n, blocks, ctx, depth = {}, 0, {}, context, 0
  find(name, 2)()
  local s = concat(buf, '', 1, n)
  buf, blocks, ctx = nil, nil, nil
  return s
end
rt.env = setmetatable({}, {
  __index = function(_, k) local v = ctx and ctx[k]; if v ~= nil then return v end; return helpers[k] end,
  __newindex = function(_, k) error("cannot assign the global '" .. tostring(k) .. "': use 'local'", 2) end,
  __metatable = false,
})
-- Templates get the runtime and the libraries read-only: the real tables are
-- shared by every template and plugin of the build, so a template that
-- replaced rt.e (escaping) or string.format would change what all the others
-- do.
local function readonly(t, what)
  return setmetatable({}, {
    __index = t,
    __newindex = function(_, k) error("cannot assign " .. what .. "." .. tostring(k) .. ": " .. what .. " is read-only", 2) end,
    __pairs = function(p) return function(_, k) return next(t, k) end, p, nil end,
    __len = function() return #t end,
    __metatable = false,
  })
end
helpers.__rt = readonly(rt, '__rt')
function helpers.T(key, ...)
  local lang = ctx.lang
  local t = i18n[lang]
  local s = t and t[key]
  if s == nil then
    local def = ctx.site.default_language
    local d = i18n[def]; s = d and d[key]
    if s ~= nil and def ~= lang then
      c.warn("interface string '" .. tostring(key) .. "' is missing from " .. (i18n_path[lang] or ('the strings of ' .. tostring(lang))) .. "; the '" .. def .. "' one is used")
    end
  end
  if s == nil then error("no interface string '" .. tostring(key) .. "' for language '" .. tostring(lang) .. "'", 2) end
  s = tostr(s)
  local args = table.pack(...)
  if args.n > 0 then
    s = gsub(s, '{(%d+)}', function(i) local v = args[tonumber(i)]; if v == nil then return nil end; return tostr(v) end)
  end
  return s
end
function helpers.T_lang(l, key, ...)
  local saved = ctx.lang
  ctx.lang = l
  local ok, s = pcall(helpers.T, key, ...)
  ctx.lang = saved
  if not ok then error(s, 2) end
  return s
end
local styles = {long = true, short = true, iso = true, weekday = true, full = true, lunar = true}
function helpers.date(d, style)
  if d == nil then return '' end
  if type(d) ~= 'table' or type(d.year) ~= 'number' then error('date() needs a date table such as page.date, not a ' .. type(d), 2) end
  style = style or 'long'
  if not styles[style] then error("date(): unknown style '" .. tostring(style) .. "' (long, short, iso, weekday, full, lunar)", 2) end
  return c.date(d.year, d.month or 1, d.day or 1, d.hour or 0, d.minute or 0, d.second or 0, d.tz or 0, style, ctx.lang)
end
function helpers.number(x, decimals)
  local v = tonumber(x)
  if v == nil then error('number() needs a number, not ' .. type(x), 2) end
  return c.number(v, decimals and floor(decimals) or -1, ctx.lang)
end
function helpers.slug(s) return c.slug(tostr(s)) end
function helpers.json(v) return c.json(v) end
function helpers.yaml(s)
  return '"' .. (gsub(tostr(s), '[%c"\\]', function(ch)
    if ch == '\n' then return '\\n' end
    if ch == '"' or ch == '\\' then return '\\' .. ch end
    return format('\\x%02X', ch:byte())
  end)) .. '"'
end
function helpers.sort_by(list, field, order)
  if type(list) ~= 'table' then error('sort_by() needs a list, not ' .. type(list), 2) end
  -- keys by position, not by item: a long string as a table key is hashed
  -- whole; ties keep the list's order, so equal keys sort the same on every
  -- build
  local keys, idx, out = {}, {}, {}
  for i, item in ipairs(list) do
    idx[i] = i
    local v = field and type(item) == 'table' and item[field] or item
    keys[i] = type(v) == 'number' and string.format('%020.6f', v) or c.collate_key(tostr(v), ctx.lang)
  end
  local desc = order == 'desc'
  table.sort(idx, function(a, b)
    local ka, kb = keys[a], keys[b]
    if ka == kb then return a < b end
    if desc then return ka > kb end
    return ka < kb
  end)
  for i, k in ipairs(idx) do out[i] = list[k] end
  return out
end
function helpers.esc(s) return escape(tostr(s)) end
-- A URL from front matter or a data file printed in href runs as script on the
-- site's own origin when it is javascript: (or vbscript:, data:), so url()
-- turns those into nothing, as cmark does for Markdown links with raw HTML
-- off.
local script_schemes = {javascript = true, vbscript = true, data = true}
function helpers.url(p)
  p = tostr(p)
  local scheme = p:match('^(%a[%w+.-]*):')
  if scheme and script_schemes[scheme:lower()] then return '' end
  if scheme or p:sub(1, 2) == '//' then return p end
  local base = ctx.site.base_path
  if base ~= '/' and p:sub(1, #base) == base then return p end -- page.url and friends are ready
  return base .. (gsub(p, '^/', ''))
end
function helpers.abs_url(p)
  p = helpers.url(p)
  if p:sub(1, 1) ~= '/' then return p end
  return ctx.site.origin .. p
end
function helpers.is_active(u)
  local p = ctx.page and ctx.page.url
  if type(u) ~= 'string' or not p then return false end
  if p == u then return true end
  for _, l in ipairs(ctx.site.languages) do if l.url == u then return false end end
  return p:sub(1, #u) == u
end
for _, k in ipairs({'string', 'table', 'math', 'utf8'}) do helpers[k] = readonly(_G[k], k) end
for _, k in ipairs({'ipairs', 'pairs', 'tostring', 'tonumber', 'type',
  'select', 'next', 'error', 'assert', 'pcall', 'rawequal', 'rawlen', 'rawget'}) do helpers[k] = _G[k] end
