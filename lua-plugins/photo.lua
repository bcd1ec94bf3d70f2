-- photo: Markdown images as responsive figures, and a gallery widget.
--
--   ![Bia tưởng niệm](anh/bia.jpg "Chú thích")   -> <figure> with <img srcset …> and <figcaption>
--
--   ```gallery                a grid of thumbnails, each linking to its largest version (only that one is made)
--   folder: anh               (relative to the page; default: the page's own folder)
--   captions: anh/chu-thich.yaml   (optional; default FOLDER/captions.yaml when it exists)
--   credit: "Ảnh: …"          (optional: the credit of every photo without its own)
--   title: …                  (optional: the gallery's label for screen readers)
--   ```
--
-- The captions file maps a file name to a caption, or to {caption, alt, credit}.
-- Widths, JPEG quality, the pixel limit and the cache are set in site.yaml
-- (images:); see the README ("Photos").

local esc, format, concat, insert = wardsite.esc, string.format, table.concat, table.insert

-- Text of the page, in the page's language.  Messages to the editor
-- (warn, arg_error) are written in English: wardsite gives them in the
-- editor's language from its catalogue (generator/messages.vi.po, the
-- "#, text" entries), whatever the page's language.
local S = {
  vi = {large = "(xem ảnh lớn)", photos = "Thư viện ảnh"},
  en = {large = "(large version)", photos = "Photo gallery"},
}
local function L(lang) return S[lang] or S.en end

local function external(src)
  return src:match("^%a[%w+.-]*:") ~= nil or src:sub(1, 2) == "//"
end

local function is_photo(name)
  local ext = name:lower():match("%.(%w+)$")
  return ext == "jpg" or ext == "jpeg" or ext == "png"
end

-- <picture>: the WebP versions first for browsers that take them (wardsite
-- leaves the <source> out when no WebP came out smaller than its JPEG),
-- then the JPEG or PNG <img>.
local function img_tag(im, alt, sizes)
  sizes = esc(sizes or im.sizes)
  local img = format('<img src="%s" srcset="%s" sizes="%s" width="%d" height="%d" alt="%s" loading="lazy" decoding="async">',
    esc(im.src), esc(im.srcset), sizes, im.variants[#im.variants].width,
    im.variants[#im.variants].height, esc(alt))
  if not im.webp_srcset then return img end
  return format('<picture><source type="image/webp" srcset="%s" sizes="%s">%s</picture>', esc(im.webp_srcset), sizes, img)
end

wardsite.hook("image", function(img, page)
  -- other sites' images and formats that are not resized stay as Markdown has them
  if external(img.src) or not is_photo(img.src:gsub("[?#].*$", "")) then return nil end
  local im = wardsite.image(img.src)
  wardsite.share_image(img.src, img.alt) -- an article's first photo: its og:image (README, "Sharing")
  if img.alt == "" then wardsite.warn(format("image without a description (alt): write one in the [ ] of ![description](%s) for readers who cannot see it", img.src)) end
  local tag = img_tag(im, img.alt)
  if img.inline then return tag end
  local caption = img.title ~= "" and '\n<figcaption>' .. esc(img.title) .. '</figcaption>' or ""
  return '<figure class="photo">\n' .. tag .. caption .. '\n</figure>\n'
end)

local thumb_widths = {320, 640}
-- the default theme's gallery grid (columns of at least 10rem, 1rem apart,
-- in the page less 1rem of padding each side): 1 column below 23em, then
-- 2, 3, 4; about 11rem from 48em
local thumb_sizes = "(min-width: 48em) 11rem, (min-width: 45em) calc(25vw - 1.25rem), " ..
  "(min-width: 34em) calc(33.3vw - 1.33rem), (min-width: 23em) calc(50vw - 1.5rem), calc(100vw - 2rem)"

wardsite.widget("gallery", function(args, page)
  local lang = page.lang
  local folder = args.folder
  if folder == nil then
    folder = (page.file or ""):match("^(.*)/[^/]*$") or "."
    folder = "/" .. folder
  elseif type(folder) ~= "string" then
    wardsite.arg_error("folder", "folder must be a folder name, such as anh")
  end
  local files = {}
  for _, f in ipairs(wardsite.files(folder)) do
    if is_photo(f.name) then insert(files, f) end
  end
  if #files == 0 then wardsite.arg_error("folder", format("folder %s holds no JPEG or PNG image", tostring(args.folder or "."))) end
  local captions, captions_file = {}, args.captions
  if captions_file == nil then
    for _, name in ipairs({"captions.yaml", "chu-thich.yaml"}) do
      local c = wardsite.data((args.folder or ".") .. "/" .. name, true)
      if c then captions, captions_file = c, name break end
    end
  else
    captions = wardsite.data(captions_file)
  end
  local h = {format('<ul class="gallery" aria-label="%s">\n', esc(args.title or L(lang).photos))}
  for _, f in ipairs(files) do
    local entry = captions[f.name]
    if type(entry) ~= "table" then entry = {caption = entry} end
    local caption = entry.caption
    if type(caption) == "table" then caption = caption[lang] or caption.vi end
    local alt = entry.alt
    if type(alt) == "table" then alt = alt[lang] or alt.vi end
    alt = alt or caption
    if alt == nil then
      wardsite.warn(format("image %s has no description (alt or caption in %s)", f.name, captions_file or "captions.yaml"))
      alt = ""
    end
    local thumb = wardsite.image("/" .. f.path, {widths = thumb_widths})
    wardsite.share_image("/" .. f.path, alt) -- a gallery's photo may be the first
    -- the link's name is the photo's alt text and this note, never its file name
    local large = wardsite.image("/" .. f.path, {largest = true})
    insert(h, '<li><figure>\n<a href="' .. esc(large.largest) .. '">' .. img_tag(thumb, alt, thumb_sizes) ..
      '<span class="visually-hidden"> ' .. esc(L(lang).large) .. '</span></a>\n')
    local credit = entry.credit or args.credit
    if type(credit) == "table" then credit = credit[lang] or credit.vi end
    if caption or credit then
      insert(h, '<figcaption>' .. esc(caption or ""))
      if credit then insert(h, ' <small class="credit">' .. esc(credit) .. '</small>') end
      insert(h, '</figcaption>\n')
    end
    insert(h, '</figure></li>\n')
  end
  insert(h, '</ul>\n')
  return concat(h)
end)
