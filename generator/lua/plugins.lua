-- The environment of plugins, run once per Lua state (plugin.c,
-- plugins_new).  Called with (c, helpers): c is the C API of plugins
-- (widget, data, page, files, …), helpers the templates' helpers (see
-- templates.lua), of which T, date, number, slug, esc, url and abs_url
-- join the API.  Returns a function that makes a fresh _ENV for one
-- plugin: reads fall through to the read-only API and a few safe base
-- functions; unknown names and assignments are errors at the plugin's line
-- (level 2: the function that read or wrote).
local c, helpers = ...
local setmetatable, error, tostring, next, pairs, ipairs = setmetatable, error, tostring, next, pairs, ipairs
local function readonly(t, what)
  return setmetatable({}, {
    __index = t,
    __newindex = function(_, k) error("cannot assign " .. what .. "." .. tostring(k) .. ": " .. what .. " is read-only", 2) end,
    -- an iterator that does not hand out t itself: with the real table a
    -- plugin could change string or wardsite for every other plugin
    __pairs = function(p) return function(_, k) return next(t, k) end, p, nil end,
    __len = function() return #t end,
    __metatable = false,
  })
end
local api = {}
for k, v in pairs(c) do api[k] = v end
for _, k in ipairs({'T', 'date', 'number', 'slug', 'esc', 'url', 'abs_url'}) do api[k] = helpers[k] end
local base = {_VERSION = _VERSION, wardsite = readonly(api, 'wardsite')}
for _, k in ipairs({'assert', 'error', 'ipairs', 'next', 'pairs', 'pcall', 'select', 'tonumber', 'tostring',
  'type', 'rawequal', 'rawlen', 'rawget', 'setmetatable', 'getmetatable', 'load'}) do base[k] = _G[k] end
for _, k in ipairs({'string', 'table', 'math', 'utf8'}) do base[k] = readonly(_G[k], k) end
return function()
  return setmetatable({}, {
    __index = function(_, k)
      local v = base[k]
      if v == nil then error("unknown global '" .. tostring(k) .. "'", 2) end
      return v
    end,
    __newindex = function(_, k) error("cannot assign the global '" .. tostring(k) .. "': use 'local'", 2) end,
    __metatable = false,
  })
end
