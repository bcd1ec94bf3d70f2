-- indicator: the measurable targets of the ward's plans, from data files.
--
-- Widgets (fenced blocks in Markdown, YAML arguments inside):
--
--   ```indicator            one indicator: value, target, progress bar, status
--   id: gia-dinh-van-hoa
--   target: 2030            (optional: the target of this year; default the last one)
--   ```
--
--   ```indicator-table      a group as a table: result of the previous year, plan of
--   group: van-hoa          this year, target of the plan period, status
--   year: 2026              (optional; without it: latest value, target, status)
--   ```
--
--   ```indicator-chart      measured values (and plans) as an inline SVG chart,
--   id: gia-dinh-van-hoa    with the same facts as a table
--   ```
--
-- Every widget takes `data: NAME` (default "indicators"): the indicators are in
-- data/NAME.yaml (or data/NAME.csv), and more values and targets may come from
-- data/NAME-values.csv.  See the README ("Indicators") for the format.

local S = {
  vi = {
    result = "Kết quả", latest = "Số liệu mới nhất", target = "Mục tiêu",
    target_year = "Mục tiêu năm %s", result_year = "Kết quả năm %s", plan_year = "Kế hoạch năm %s",
    period_target = "Mục tiêu đến năm %s", status = "Tình trạng", indicator = "Chỉ tiêu",
    met = "Đạt", not_met = "Chưa đạt", no_data = "Chưa có số liệu", unrated = "Chưa đánh giá",
    no_values = "Chưa có số liệu đo được cho chỉ tiêu này.",
    none = "không có",
    set_by = "Chỉ tiêu theo %s.", source = "Số liệu: %s.",
    above = "trên %s", at_least = "tối thiểu %s", below = "dưới %s", at_most = "tối đa %s",
    of_target = "%s mục tiêu", period = "Kỳ", value = "Giá trị", kind = "Loại",
    kind_result = "kết quả", kind_plan = "kế hoạch",
    trend = "Diễn biến: %s", legend_result = "Kết quả đo được", legend_plan = "Kế hoạch, mục tiêu",
    chart_none = "%s: chưa có số liệu đo được; %s.",
    higher = "càng cao càng tốt", lower = "càng thấp càng tốt",
  },
  en = {
    result = "Result", latest = "Latest figure", target = "Target",
    target_year = "Target for %s", result_year = "Result %s", plan_year = "Plan %s",
    period_target = "Target by %s", status = "Status", indicator = "Indicator",
    met = "Met", not_met = "Not yet met", no_data = "No data yet", unrated = "Not assessed",
    no_values = "No measured figure for this indicator yet.",
    none = "none",
    set_by = "Target set by %s.", source = "Figures: %s.",
    above = "above %s", at_least = "at least %s", below = "below %s", at_most = "at most %s",
    of_target = "%s of target", period = "Period", value = "Value", kind = "Kind",
    kind_result = "result", kind_plan = "plan",
    trend = "Trend: %s", legend_result = "Measured result", legend_plan = "Plan, target",
    chart_none = "%s: no measured figure yet; %s.",
    higher = "higher is better", lower = "lower is better",
  },
}

local esc, fmt_number = wardsite.esc, wardsite.number
local format, concat, insert, sort = string.format, table.concat, table.insert, table.sort
local floor, huge = math.floor, math.huge

local function strings(lang) return S[lang] or S.en end

-- A text of the data: a string, or a map of language -> string.
local function tr(v, lang)
  if type(v) ~= "table" then return v end
  if v[lang] ~= nil then return v[lang] end
  if v.vi ~= nil then return v.vi end
  for _, s in pairs(v) do return s end
end

local function where(t, fallback)
  return wardsite.where(t) or fallback
end

-- ---- reading the data ----

local datasets = {} -- name -> {list = {...}, by_id = {...}, groups = {...}}

local function number_of(v, what, pos)
  if type(v) == "number" then return v end
  if type(v) == "string" then
    local n, why = wardsite.parse_number(v)
    if n then return n end
    error(format("%s: malformed %s '%s' (%s)", pos, what, v, why))
  end
  error(format("%s: %s must be a number, not %s", pos, what, type(v)))
end

-- a year is a number (also "2024" from a spreadsheet); other periods ("6/2026") are text
local function period_of(v)
  if type(v) == "string" and v:match("^%d+$") then v = tonumber(v) end
  if type(v) == "number" and floor(v) == v then return floor(v) end
  return v ~= nil and tostring(v) or nil
end

local function text_of(row, key)
  local vi, en = row[key .. "_vi"], row[key .. "_en"]
  if vi == nil and en == nil then return row[key] end
  return {vi = vi, en = en}
end

-- One indicator from a YAML map or a CSV row.
local function make_indicator(src, pos, from_csv)
  local id = src.id
  if type(id) ~= "string" or id == "" then error(pos .. ": an indicator needs an 'id'") end
  local ind = {
    id = id, pos = pos,
    name = from_csv and text_of(src, "name") or src.name,
    unit = from_csv and text_of(src, "unit") or src.unit,
    group = src.group,
    group_name = from_csv and text_of(src, "group_name") or nil,
    plan = from_csv and text_of(src, "plan") or src.plan,
    direction = src.direction or "higher",
    decimals = src.decimals and number_of(src.decimals, "decimals", pos) or nil,
    values = {}, targets = {},
  }
  if ind.name == nil then error(pos .. ": indicator '" .. id .. "' needs a 'name'") end
  if ind.direction ~= "higher" and ind.direction ~= "lower" then
    error(format("%s: direction of '%s' must be higher or lower, not '%s'", pos, id, tostring(ind.direction)))
  end
  if src.baseline then
    local b = src.baseline
    ind.baseline = {period = period_of(b.year), value = number_of(b.value, "baseline value", where(b, pos))}
  end
  return ind
end

local function add_value(ind, v, pos)
  insert(ind.values, {
    period = period_of(v.period) or error(pos .. ": a value needs its 'period'"),
    value = number_of(v.value, "value", pos),
    source = v.source,
  })
end

local compares = {[">"] = true, [">="] = true, ["<"] = true, ["<="] = true}

local function add_target(ind, t, pos, kind)
  local target = {period = period_of(t.year or t.period), kind = kind or t.kind or "target", source = t.source}
  if target.period == nil then error(pos .. ": a target needs its 'year'") end
  if t.text ~= nil and t.value == nil then
    target.text = t.text
  else
    target.value = number_of(t.value, "target value", pos)
  end
  if t.compare ~= nil then
    if not compares[t.compare] then
      error(format("%s: compare must be >, >=, < or <=, not '%s'", pos, tostring(t.compare)))
    end
    target.compare = t.compare
  end
  insert(ind.targets, target)
end

local function by_period(a, b)
  local x, y = a.period, b.period
  if type(x) == type(y) then return x < y end
  return tostring(x) < tostring(y)
end

local function load_dataset(name)
  if datasets[name] then return datasets[name] end
  local data = wardsite.data(name)
  local set = {list = {}, by_id = {}, groups = {}}
  local file = where(data, "data/" .. name)
  local items
  if data.indicators then
    items = data.indicators
    for gid, gname in pairs(data.groups or {}) do set.groups[gid] = gname end
  else
    items = data
  end
  if type(items) ~= "table" then error(file .. ": expected a list of indicators") end
  local from_csv = file:match("%.csv:?%d*$") ~= nil
  for _, src in ipairs(items) do
    local pos = where(src, file)
    local ind = make_indicator(src, pos, from_csv)
    if ind.plan == nil and not from_csv then ind.plan = data.plan end
    if set.by_id[ind.id] then
      error(format("%s: indicator '%s' is defined twice (also at %s)", pos, ind.id, set.by_id[ind.id].pos))
    end
    for _, v in ipairs(src.values or {}) do add_value(ind, v, where(v, pos)) end
    for _, t in ipairs(src.targets or {}) do add_target(ind, t, where(t, pos)) end
    if from_csv and src.target_year then
      add_target(ind, {year = src.target_year, value = src.target_value, text = text_of(src, "target_text"),
        compare = src.compare}, pos)
    end
    if ind.group and ind.group_name and not set.groups[ind.group] then set.groups[ind.group] = ind.group_name end
    set.by_id[ind.id] = ind
    insert(set.list, ind)
  end
  -- values and targets kept in a spreadsheet: id, type, period, value, text, source
  local rows = wardsite.data(name .. "-values", true)
  for _, row in ipairs(rows or {}) do
    local pos = where(row, "data/" .. name .. "-values.csv")
    local ind = set.by_id[row.id or ""]
    if not ind then error(format("%s: unknown indicator '%s'", pos, tostring(row.id))) end
    local kind = row.type or "result"
    if kind == "result" then
      add_value(ind, row, pos)
    elseif kind == "plan" or kind == "target" then
      add_target(ind, {period = row.period, value = row.value, text = text_of(row, "text"), compare = row.compare,
        source = row.source}, pos, kind)
    else
      error(format("%s: type must be result, plan or target, not '%s'", pos, kind))
    end
  end
  for _, ind in ipairs(set.list) do
    sort(ind.values, by_period)
    sort(ind.targets, by_period)
  end
  datasets[name] = set
  return set
end

local function dataset(args)
  local name = args.data or "indicators"
  if type(name) ~= "string" then wardsite.arg_error("data", "data must be the name of a data file") end
  return load_dataset(name)
end

local function find(set, args)
  local id = args.id
  if id == nil then error("missing 'id': which indicator?") end
  local ind = set.by_id[tostring(id)]
  if not ind then wardsite.arg_error("id", format("unknown indicator '%s'", tostring(id))) end
  return ind
end

-- ---- facts ----

local function year_arg(args, key)
  local y = args[key]
  if y == nil then return nil end
  if type(y) ~= "number" or floor(y) ~= y then wardsite.arg_error(key, key .. " must be a year such as 2026") end
  return floor(y)
end

local function latest(ind, before)
  local best
  for _, v in ipairs(ind.values) do
    if before == nil or (type(v.period) == "number" and v.period < before) or
      (type(v.period) == "string" and tonumber(v.period:sub(1, 4)) and tonumber(v.period:sub(1, 4)) < before) then
      best = v
    end
  end
  return best
end

local function target_for(ind, year)
  local found
  for _, t in ipairs(ind.targets) do
    if year == nil or t.period == year then found = t end
  end
  return found
end

-- "met", "not_met", "no_data" or "unrated" (a text target cannot be compared)
local function status(ind, value, target)
  if value == nil then return "no_data" end
  if target == nil or target.value == nil then return "unrated" end
  local c = target.compare or (ind.direction == "lower" and "<=" or ">=")
  local v, t = value.value, target.value
  local ok = (c == ">" and v > t) or (c == ">=" and v >= t) or (c == "<" and v < t) or (c == "<=" and v <= t)
  return ok and "met" or "not_met"
end

local function amount(ind, n, lang)
  local s = fmt_number(n, ind.decimals)
  local unit = tr(ind.unit, lang)
  if unit == nil or unit == "" then return s end
  if unit == "%" then return lang == "en" and s .. "%" or s .. "\u{a0}%" end
  return s .. "\u{a0}" .. unit
end

local function target_text(ind, t, lang)
  local L = strings(lang)
  if t.value == nil then return tr(t.text, lang) or "" end
  local s = amount(ind, t.value, lang)
  local c = t.compare
  if c == ">" then return format(L.above, s) end
  if c == ">=" then return format(L.at_least, s) end
  if c == "<" then return format(L.below, s) end
  if c == "<=" then return format(L.at_most, s) end
  return s
end

local symbols = {met = "✓", not_met = "✗", no_data = "–", unrated = "–"}

local function status_html(st, lang)
  return format('<span class="status status-%s"><span aria-hidden="true">%s </span>%s</span>',
    st:gsub("_", "-"), symbols[st], esc(strings(lang)[st]))
end

-- The bar: measured value and the target's mark, on 0-100 for percentages.
local function bar_html(ind, value, target, lang)
  if value == nil or target == nil or target.value == nil then return "" end
  local scale = tr(ind.unit, lang) == "%" and 100 or nil
  if scale == nil then
    scale = value.value > target.value and value.value or target.value
    if scale <= 0 then scale = 1 end
  end
  local function pct(x)
    if x < 0 then x = 0 end
    if x > scale then x = scale end
    return format("%.1f", x / scale * 100)
  end
  return format('<span class="indicator-bar" aria-hidden="true"><span class="indicator-fill" style="width:%s%%">' ..
    '</span><span class="indicator-mark" style="left:%s%%"></span></span>', pct(value.value), pct(target.value))
end

local function none_html(lang)
  return '<span aria-hidden="true">—</span><span class="visually-hidden">' .. esc(strings(lang).none) .. '</span>'
end

local function sources_html(ind, value, lang)
  local L, out = strings(lang), {}
  local plan = tr(ind.plan, lang)
  if plan then insert(out, esc(format(L.set_by, plan))) end
  local src = value and tr(value.source, lang)
  if src then insert(out, esc(format(L.source, src))) end
  if #out == 0 then return "" end
  return '<p class="indicator-source">' .. concat(out, " ") .. '</p>\n'
end

-- ---- the widgets ----

local function widget_indicator(args, page)
  local lang = page.lang
  local L = strings(lang)
  local ind = find(dataset(args), args)
  local year = year_arg(args, "target")
  local target = target_for(ind, year)
  if year and not target then wardsite.arg_error("target", format("indicator '%s' has no target for %d", ind.id, year)) end
  local value = latest(ind)
  local st = status(ind, value, target)
  local h = {'<div class="indicator indicator-' .. st:gsub("_", "-") .. '">\n'}
  insert(h, '<p class="indicator-name">' .. esc(tr(ind.name, lang)) .. '</p>\n<dl class="indicator-facts">\n')
  if value then
    insert(h, format('<div><dt>%s</dt><dd>%s <span class="indicator-period">(%s)</span></dd></div>\n',
      esc(L.result), esc(amount(ind, value.value, lang)), esc(tostring(value.period))))
  else
    insert(h, format('<div><dt>%s</dt><dd>%s</dd></div>\n', esc(L.result), esc(L.no_data)))
  end
  if target then
    insert(h, format('<div><dt>%s</dt><dd>%s</dd></div>\n', esc(format(L.target_year, tostring(target.period))),
      esc(target_text(ind, target, lang))))
  end
  insert(h, format('<div><dt>%s</dt><dd>%s</dd></div>\n</dl>\n', esc(L.status), status_html(st, lang)))
  local bar = bar_html(ind, value, target, lang)
  if bar ~= "" then insert(h, '<p class="indicator-progress">' .. bar .. '</p>\n') end
  if not value then insert(h, '<p class="indicator-note">' .. esc(L.no_values) .. '</p>\n') end
  insert(h, sources_html(ind, value, lang))
  insert(h, '</div>\n')
  return concat(h)
end

local function group_name(set, gid, lang)
  return tr(set.groups[gid], lang) or gid
end

local function widget_table(args, page)
  local lang = page.lang
  local L = strings(lang)
  local set = dataset(args)
  local gid = args.group
  if gid == nil then error("missing 'group': which group of indicators?") end
  local year = year_arg(args, "year")
  local rows = {}
  for _, ind in ipairs(set.list) do
    if ind.group == gid then insert(rows, ind) end
  end
  if #rows == 0 then wardsite.arg_error("group", format("no indicator has group '%s'", tostring(gid))) end
  local caption = args.caption or group_name(set, gid, lang)
  -- the last target year of the group is the end of the plan period
  local period_end
  for _, ind in ipairs(rows) do
    for _, t in ipairs(ind.targets) do
      if type(t.period) == "number" and (year == nil or t.period > year) and
        (period_end == nil or t.period > period_end) then period_end = t.period end
    end
  end
  local cols = {L.indicator}
  if year then
    insert(cols, format(L.result_year, year - 1))
    insert(cols, format(L.plan_year, year))
    if period_end then insert(cols, format(L.period_target, period_end)) end
  else
    insert(cols, L.latest)
    insert(cols, L.target)
  end
  insert(cols, L.status)
  -- no scroll region: below ~36rem of column the stylesheet lays each row out
  -- as a card (name, then every cell after its column's name from data-label)
  local h = {format('<div class="indicator-table-wrap">' ..
    '<table class="indicator-table">\n<caption>%s</caption>\n<thead>\n<tr>', esc(caption))}
  for _, c in ipairs(cols) do insert(h, '<th scope="col">' .. esc(c) .. '</th>') end
  insert(h, '</tr>\n</thead>\n<tbody>\n')
  for _, ind in ipairs(rows) do
    local cells, text_cells = {}, {}
    local value, goal
    if year then
      value = latest(ind, year)
      local plan = target_for(ind, year)
      local final = period_end and target_for(ind, period_end)
      goal = plan or final
      local shown = value and esc(amount(ind, value.value, lang))
      if value and value.period ~= year - 1 then
        shown = format('%s <span class="indicator-period">(%s)</span>', shown, esc(tostring(value.period)))
      end
      insert(cells, shown or none_html(lang))
      insert(cells, plan and esc(target_text(ind, plan, lang)) or none_html(lang))
      if plan and plan.value == nil then text_cells[#cells] = true end
      if period_end then
        insert(cells, final and esc(target_text(ind, final, lang)) or none_html(lang))
        if final and final.value == nil then text_cells[#cells] = true end
      end
    else
      value = latest(ind)
      goal = target_for(ind, nil)
      insert(cells, value and format('%s <span class="indicator-period">(%s)</span>',
        esc(amount(ind, value.value, lang)), esc(tostring(value.period))) or none_html(lang))
      insert(cells, goal and format('%s <span class="indicator-period">(%s)</span>',
        esc(target_text(ind, goal, lang)), esc(tostring(goal.period))) or none_html(lang))
      if goal and goal.value == nil then text_cells[#cells] = true end
    end
    local st = status(ind, value, goal)
    insert(cells, status_html(st, lang) .. bar_html(ind, value, goal, lang))
    insert(h, format('<tr class="row-%s"><th scope="row">%s</th>', st:gsub("_", "-"), esc(tr(ind.name, lang))))
    for i, c in ipairs(cells) do
      local class = i == #cells and "status-cell" or not text_cells[i] and "num" or nil
      insert(h, format('<td%s data-label="%s">%s</td>', class and ' class="' .. class .. '"' or "", esc(cols[i + 1]), c))
    end
    insert(h, '</tr>\n')
  end
  insert(h, '</tbody>\n</table></div>\n')
  local plans, seen = {}, {}
  for _, ind in ipairs(rows) do
    local p = tr(ind.plan, lang)
    if p and not seen[p] then seen[p] = true; insert(plans, p) end
  end
  for _, p in ipairs(plans) do insert(h, '<p class="indicator-source">' .. esc(format(L.set_by, p)) .. '</p>\n') end
  return concat(h)
end

-- ---- the chart ----

local charts = {} -- page file -> charts made on it, for unique ids

local function nice_max(x)
  if x <= 0 then return 1 end
  local m = 1
  while m * 10 <= x do m = m * 10 end
  for _, f in ipairs({1, 2, 2.5, 5, 10}) do
    if f * m >= x then return f * m end
  end
  return 10 * m
end

local function svg_num(x) return format("%.1f", x) end

-- ---- placing the chart's texts ----

-- The text's width in the chart's units, from the advance widths of the
-- widest common sans-serif, DejaVu Sans Bold (Linux's default; Arial is about
-- a fifth narrower), so that labels clear each other whatever the font.
-- FONT is .indicator-svg's font-size in style.css: change both together.
local FONT = 13
local advance = {[","] = .38, ["."] = .38, [" "] = .35, ["\u{a0}"] = .35, ["/"] = .37, ["-"] = .42,
  ["("] = .46, [")"] = .46, ["%"] = 1.0}

local function text_width(str)
  local w = 0
  for _, c in utf8.codes(str) do
    local ch = utf8.char(c)
    w = w + (advance[ch] or ch:match("^%d$") and .7 or ch:match("^%u$") and .78 or .68)
  end
  return w * FONT
end

-- The box a <text> covers: baseline at ty, room above for Vietnamese marks.
local function text_box(tx, ty, anchor, str)
  local w = text_width(str)
  local x0 = anchor == "middle" and tx - w / 2 or anchor == "end" and tx - w or tx
  return {x0 = x0 - 1, y0 = ty - .95 * FONT, x1 = x0 + w + 1, y1 = ty + .25 * FONT}
end

local function overlap(a, b)
  local w = math.min(a.x1, b.x1) - math.max(a.x0, b.x0)
  local hgt = math.min(a.y1, b.y1) - math.max(a.y0, b.y0)
  if w <= 0 or hgt <= 0 then return 0 end
  return w * hgt
end

-- Places around a point, in order of preference: dx, dy of the baseline, anchor.
local spots = {
  {0, -9, "middle"}, {0, 20, "middle"}, {-6, -9, "start"}, {6, -9, "end"},
  {9, 4, "start"}, {-9, 4, "end"}, {-6, 20, "start"}, {6, 20, "end"},
  {0, -24, "middle"}, {0, 35, "middle"},
}

-- Where the label of the point (px, py) goes: the first spot inside frame that
-- touches none of the boxes in taken, else the one that touches least.  The
-- label's box is added to taken.  Returns x, y and text-anchor.
local function place_label(px, py, str, taken, frame)
  local best, best_cost
  for _, s in ipairs(spots) do
    local tx, ty = px + s[1], py + s[2]
    local box = text_box(tx, ty, s[3], str)
    local area = (box.x1 - box.x0) * (box.y1 - box.y0)
    local cost = area - overlap(box, frame) -- outside the chart: worst
    cost = cost * 10
    for _, t in ipairs(taken) do cost = cost + overlap(box, t) end
    if best == nil or cost < best_cost then best, best_cost = {tx, ty, s[3], box}, cost end
    if cost == 0 then break end
  end
  insert(taken, best[4])
  return best[1], best[2], best[3]
end

-- The legend's items on as many rows as the width needs: {class, text, x, y}
-- and the height they take.
local function legend_layout(L, with_plan, W)
  local items = {{class = "mark-result", text = L.legend_result}}
  if with_plan then insert(items, {class = "mark-plan", text = L.legend_plan}) end
  local cx, cy = 8, 16
  for _, item in ipairs(items) do
    local w = 12 + text_width(item.text)
    if cx > 8 and cx + w > W - 8 then cx, cy = 8, cy + 18 end
    item.x, item.y = cx, cy
    cx = cx + w + 16
  end
  items.height = cy + 4
  return items
end

local function widget_chart(args, page)
  local lang = page.lang
  local L = strings(lang)
  local ind = find(dataset(args), args)
  local name = tr(ind.name, lang)
  local points = {}
  for _, v in ipairs(ind.values) do insert(points, {period = v.period, value = v.value, kind = "result"}) end
  local plans = {}
  for _, t in ipairs(ind.targets) do
    if t.value then insert(plans, {period = t.period, value = t.value, kind = "plan", target = t}) end
  end
  if #points == 0 then
    local t = target_for(ind, nil)
    local goal = t and format("%s %s", format(L.target_year, tostring(t.period)):lower(), target_text(ind, t, lang))
      or L.no_data:lower()
    return '<p class="indicator-chart-none">' .. esc(format(L.chart_none, name, goal)) .. '</p>\n'
  end
  -- categories: every period, in order
  local periods, seen = {}, {}
  for _, list in ipairs({points, plans}) do
    for _, p in ipairs(list) do
      if not seen[p.period] then seen[p.period] = true; insert(periods, {period = p.period}) end
    end
  end
  sort(periods, by_period)
  local index = {}
  for i, p in ipairs(periods) do index[p.period] = i end
  local ymax = 0
  for _, list in ipairs({points, plans}) do
    for _, p in ipairs(list) do if p.value > ymax then ymax = p.value end end
  end
  ymax = (tr(ind.unit, lang) == "%" and ymax <= 100) and 100 or nice_max(ymax)
  -- a viewBox about as wide as a phone's column, so the text stays near its
  -- real size there; the points keep PAD from the ends of the plot so that
  -- their labels clear the axis
  local W, H, left, right, bottom, PAD = 360, 240, 40, 12, 30, 24
  local legend = legend_layout(L, #plans > 0, W)
  local top = legend.height + 12
  local pw, ph = W - left - right, H - top - bottom
  local function x(i)
    if #periods == 1 then return left + pw / 2 end
    return left + PAD + (i - 1) * (pw - 2 * PAD) / (#periods - 1)
  end
  local function y(v) return top + ph - v / ymax * ph end
  local n = (charts[page.file or ""] or 0) + 1
  charts[page.file or ""] = n
  local id = "chart-" .. wardsite.slug(ind.id) .. "-" .. n
  -- the facts, once for the SVG's description and once as a table
  local facts = {}
  for _, p in ipairs(periods) do
    for _, list in ipairs({points, plans}) do
      for _, q in ipairs(list) do
        if q.period == p.period then
          local label = q.kind == "result" and format(L.result_year, tostring(q.period))
            or format(L.plan_year, tostring(q.period))
          local shown = q.target and target_text(ind, q.target, lang) or amount(ind, q.value, lang)
          insert(facts, {label = label, text = shown, kind = q.kind, period = q.period})
        end
      end
    end
  end
  local desc = {}
  for _, f in ipairs(facts) do insert(desc, f.label .. ": " .. f.text) end
  local h = {format('<figure class="indicator-chart">\n<svg viewBox="0 0 %d %d" width="%d" height="%d" role="img" ' ..
    'aria-labelledby="%s-t %s-d" class="indicator-svg">\n<title id="%s-t">%s</title>\n<desc id="%s-d">%s.</desc>\n',
    W, H, W, H, id, id, id, esc(format(L.trend, name)), id, esc(concat(desc, "; ")))}
  -- grid and axis labels; every text is an obstacle for the points' labels
  local taken = {}
  local function text(class, tx, ty, anchor, str)
    insert(taken, text_box(tx, ty, anchor, str))
    insert(h, format('<text class="%s" x="%s" y="%s"%s>%s</text>', class, svg_num(tx), svg_num(ty),
      anchor ~= "start" and ' text-anchor="' .. anchor .. '"' or "", esc(str)))
  end
  for k = 0, 4 do
    local v = ymax * k / 4
    insert(h, format('<line class="grid" x1="%d" y1="%s" x2="%d" y2="%s"/>', left, svg_num(y(v)), W - right, svg_num(y(v))))
    text("axis", left - 6, y(v) + 4, "end", fmt_number(v))
    insert(h, "\n")
  end
  for i, p in ipairs(periods) do
    text("axis", x(i), H - bottom + 18, "middle", tostring(p.period))
    insert(h, "\n")
  end
  -- series: results solid with filled circles, plans dashed with hollow squares
  local function line(list, class)
    if #list < 2 then return end
    local pts = {}
    for _, p in ipairs(list) do insert(pts, svg_num(x(index[p.period])) .. "," .. svg_num(y(p.value))) end
    insert(h, format('<polyline class="%s" points="%s"/>\n', class, concat(pts, " ")))
  end
  line(plans, "series-plan")
  line(points, "series-result")
  local function mark(class, cx, cy)
    insert(taken, {x0 = cx - 5, y0 = cy - 5, x1 = cx + 5, y1 = cy + 5})
    if class == "mark-plan" then
      return format('<rect class="mark-plan" x="%s" y="%s" width="8" height="8"/>', svg_num(cx - 4), svg_num(cy - 4))
    end
    return format('<circle class="mark-result" cx="%s" cy="%s" r="4"/>', svg_num(cx), svg_num(cy))
  end
  -- legend in words, so that no fact depends on colour or shape alone
  for _, item in ipairs(legend) do
    insert(h, mark(item.class, item.x + 4, item.y - 4))
    text("legend", item.x + 12, item.y, "start", item.text)
  end
  insert(h, "\n")
  for _, p in ipairs(plans) do insert(h, mark("mark-plan", x(index[p.period]), y(p.value))) end
  for _, p in ipairs(points) do insert(h, mark("mark-result", x(index[p.period]), y(p.value))) end
  insert(h, "\n")
  -- every point labelled, the measured ones first, each where it touches nothing
  local frame = {x0 = 0, y0 = 0, x1 = W, y1 = H}
  for _, list in ipairs({points, plans}) do
    for _, p in ipairs(list) do
      local str = amount(ind, p.value, lang)
      local tx, ty, anchor = place_label(x(index[p.period]), y(p.value), str, taken, frame)
      text(p.kind == "result" and "label" or "label label-plan", tx, ty, anchor, str)
      insert(h, "\n")
    end
  end
  insert(h, '</svg>\n')
  insert(h, format('<table class="indicator-chart-data">\n<thead><tr><th scope="col">%s</th><th scope="col">%s</th>' ..
    '<th scope="col">%s</th></tr></thead>\n<tbody>\n', esc(L.period), esc(L.kind), esc(L.value)))
  for _, f in ipairs(facts) do
    insert(h, format('<tr><td>%s</td><td>%s</td><td class="num">%s</td></tr>\n', esc(tostring(f.period)),
      esc(f.kind == "result" and L.kind_result or L.kind_plan), esc(f.text)))
  end
  -- the caption last: a figcaption must be the first or the last child of its figure
  insert(h, '</tbody>\n</table>\n<figcaption>' .. esc(format(L.trend, name)) .. '</figcaption>\n</figure>\n')
  return concat(h)
end

wardsite.widget("indicator", widget_indicator)
wardsite.widget("indicator-table", widget_table)
wardsite.widget("indicator-chart", widget_chart)
