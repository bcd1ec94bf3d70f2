-- contact: a contact card from data/contacts.yaml.
local esc = wardsite.esc

wardsite.widget("contact", function(args, page)
  local contacts = wardsite.data("contacts")
  local c = contacts[args.id]
  if c == nil then
    wardsite.arg_error("id", "no contact '" .. tostring(args.id) .. "' in data/contacts.yaml")
  end
  local role = type(c.role) == "table" and (c.role[page.lang] or c.role.vi) or c.role
  return '<div class="contact"><p><strong>' .. esc(c.name) .. '</strong>: ' .. esc(role) .. '</p>\n' ..
    '<p><a href="tel:' .. esc((c.phone:gsub(" ", ""))) .. '">' .. esc(c.phone) .. '</a></p></div>\n'
end)
