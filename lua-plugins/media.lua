-- media: audio and video files of a page as players.
--
--   ![Bản tin ngày 5/12](ban-tin.mp3)              -> <figure> with <audio controls preload="none">
--   ![Lễ hội làng](le-hoi.mp4 "Quay ngày 25/4")     -> <figure> with <video controls preload="none" playsinline>
--
-- mp3, m4a, ogg, oga, opus and mka play as audio; mp4, m4v and webm as
-- video.  The [ ] text is the caption, the "title" a note after it.  Files
-- beside the media file with the same name complete it:
--
--   ban-tin.txt or ban-tin.pdf   a transcript, linked under the player
--   ban-tin.vtt                  captions (WebVTT): a <track> of a video;
--                                for audio, linked as its transcript
--   le-hoi.jpg (.jpeg, .png)     a video's poster, through the photo pipeline
--
-- NAME.LANG.txt (.pdf, .vtt) is taken before NAME.txt on a page in LANG.
-- Audio without a transcript and video without captions warn: readers who
-- cannot hear need them.  The duration comes from the file (wardsite reads
-- it in C); see the README ("Audio and video").

local esc, format, concat, insert = wardsite.esc, string.format, table.concat, table.insert

local S = {
  vi = {download = "Tải về", transcript = "Bản ghi nội dung", captions = "Phụ đề %s",
        no_player = "Trình duyệt không phát được tệp này, hãy tải về:", lang_name = {vi = "tiếng Việt", en = "tiếng Anh"}},
  en = {download = "Download", transcript = "Transcript", captions = "%s captions",
        no_player = "Your browser cannot play this file; download it:", lang_name = {vi = "Vietnamese", en = "English"}},
}
local function L(lang) return S[lang] or S.en end

local media_ext = {mp3 = true, m4a = true, ogg = true, oga = true, opus = true, mka = true,
                   mp4 = true, m4v = true, webm = true}

-- recordings browsers do not all play (or that are too large to serve):
-- left as Markdown has them, with a warning that says what to do
local not_played = {wav = true, aac = true, flac = true, wma = true, amr = true, mov = true, avi = true,
                    mkv = true, ["3gp"] = true, wmv = true}

local function external(src)
  return src:match("^%a[%w+.-]*:") ~= nil or src:sub(1, 2) == "//"
end

local function ext_of(src)
  return src:gsub("[?#].*$", ""):lower():match("%.(%w+)$")
end

-- "2,9 MB", "840 KB" (1 MB = 1,000,000 bytes), in the page's language
local function size_text(n)
  if n >= 1000000 then return wardsite.number(n / 1000000, 1) .. " MB" end
  if n >= 1000 then return wardsite.number(math.floor(n / 1000 + 0.5), 0) .. " KB" end
  return wardsite.number(n, 0) .. " B"
end

-- "Tải về (MP3, 2,9 MB)"
local function file_link(f, label, extra)
  return format('<a href="%s" type="%s"%s>%s (%s, %s)</a>', esc(f.url), esc(f.type), extra or "", esc(label),
    esc(f.format), size_text(f.size))
end

local function name_of(src)
  return (src:gsub("[?#].*$", ""):match("([^/]*)$"))
end

local function stem_of(src)
  return (name_of(src):gsub("%.[^.]*$", ""))
end

wardsite.hook("image", function(img, page)
  if external(img.src) then return nil end
  local ext = ext_of(img.src)
  if ext and not_played[ext] then
    wardsite.warn(format("browsers do not all play .%s files: convert %s to mp3 (audio) or mp4 (video) and name that file instead",
      ext, img.src))
    return nil
  end
  if not ext or not media_ext[ext] then return nil end
  local m = wardsite.media(img.src)
  local t = L(page.lang)
  local file, stem = name_of(img.src), stem_of(img.src)
  if img.alt == "" then
    wardsite.warn(format("no name: write one in the [ ] of ![name](%s), such as the bulletin's date or the event", img.src))
  end
  local transcript = m.transcript
  if m.kind == "audio" then
    transcript = transcript or m.captions
    if not transcript then
      wardsite.warn(format("no transcript: add %s.txt (or %s.pdf) beside %s, so that readers who cannot hear it can read it",
        stem, stem, file))
    end
  elseif not m.captions then
    wardsite.warn(format("no captions: add %s.vtt (WebVTT) beside %s, so that viewers who cannot hear it can follow it",
      stem, file))
  end

  local h = {}
  local download = file_link(m, t.download, " download")
  if m.kind == "video" then
    local poster = ""
    if m.poster then
      local im = wardsite.image(m.poster)
      poster = format(' poster="%s"', esc(im.src))
    end
    insert(h, format('<video controls preload="none" playsinline%s>\n', poster))
  else
    insert(h, '<audio controls preload="none">\n')
  end
  insert(h, format('<source src="%s" type="%s">\n', esc(m.url), esc(m.type)))
  if m.kind == "video" and m.captions then
    local c = m.captions
    local label = format(t.captions, t.lang_name[c.lang] or c.lang)
    -- shown at once only in the page's language
    insert(h, format('<track kind="captions" src="%s" srclang="%s" label="%s"%s>\n', esc(c.url), esc(c.lang),
      esc(label), c.lang == page.lang and " default" or ""))
  end
  insert(h, format('%s %s\n', esc(t.no_player), download))
  insert(h, m.kind == "video" and '</video>' or '</audio>')
  if img.inline then return concat(h) end

  local caption = {}
  if img.alt ~= "" then insert(caption, esc(img.alt)) end
  if m.duration_text then
    insert(caption, format('<span class="media-duration">(<time datetime="%s">%s</time>)</span>', m.duration_iso,
      esc(m.duration_text)))
  end
  if img.title ~= "" then insert(caption, '<span class="media-note">' .. esc(img.title) .. '</span>') end
  local links = {'<li>' .. download .. '</li>'}
  if transcript then
    local hreflang = transcript.lang ~= page.lang and transcript.lang ~= "" and format(' hreflang="%s"', esc(transcript.lang)) or ""
    insert(links, '<li>' .. file_link(transcript, t.transcript, hreflang) .. '</li>')
  end
  return format('<figure class="media media-%s">\n%s%s\n<ul class="media-links">\n%s\n</ul>\n</figure>\n', m.kind,
    #caption > 0 and '<figcaption>' .. concat(caption, " ") .. '</figcaption>\n' or "", concat(h), concat(links, "\n"))
end)
