"""Reads the calendar files of the events-lunar case with python3-icalendar
(a real parser, not ours) and checks what it finds: every line ends in
CRLF and is at most 75 octets, each file is one VCALENDAR whose events have
the UID, DTSTAMP, DTSTART and SUMMARY expected."""
import datetime
import os
import sys

import icalendar

out = sys.argv[1]
problems = []


def check(path):
    raw = open(path, "rb").read()
    for n, line in enumerate(raw.split(b"\r\n")[:-1], 1):
        if b"\n" in line or b"\r" in line:
            problems.append("%s:%d: a line not ended by CRLF" % (path, n))
        if len(line) > 75:
            problems.append("%s:%d: %d octets" % (path, n, len(line)))
    if not raw.endswith(b"END:VCALENDAR\r\n"):
        problems.append("%s: does not end with END:VCALENDAR CRLF" % path)
    cal = icalendar.Calendar.from_ical(raw)
    if cal.get("VERSION") != "2.0" or not cal.get("PRODID"):
        problems.append("%s: no VERSION 2.0 or PRODID" % path)
    events = cal.walk("VEVENT")
    for e in events:
        for key in ("UID", "DTSTAMP", "DTSTART", "SUMMARY", "URL"):
            if e.get(key) is None:
                problems.append("%s: a VEVENT without %s" % (path, key))
    return events


def starts(events):
    return [e.decoded("DTSTART") for e in events]


vi = os.path.join(out, "vi")
gio_to = check(os.path.join(vi, "le-hoi/gio-to/event.ics"))
# a lunar event: five years, each on 10/3 of its lunar year
want = [datetime.date(2026, 4, 26), datetime.date(2027, 4, 16), datetime.date(2028, 4, 4),
        datetime.date(2029, 4, 23), datetime.date(2030, 4, 12)]
if starts(gio_to) != want:
    problems.append("gio-to: %r" % starts(gio_to))
if len({str(e["UID"]) for e in gio_to}) != 5:
    problems.append("gio-to: the UIDs of its years are not all different")
loc = str(gio_to[0]["LOCATION"])
if loc != "Đền thờ; khu phố 1, phường Thử Nghiệm":
    problems.append("gio-to: LOCATION read back as %r" % loc)
if gio_to[0].decoded("DTSTAMP") != datetime.datetime(2026, 1, 15, 2, 0, tzinfo=datetime.timezone.utc):
    problems.append("gio-to: DTSTAMP %r is not the commit's time" % gio_to[0].decoded("DTSTAMP"))
trung_thu = check(os.path.join(vi, "le-hoi/trung-thu/event.ics"))
utc = datetime.timezone.utc
if trung_thu[0].decoded("DTSTART") != datetime.datetime(2026, 9, 25, 12, 0, tzinfo=utc) or \
        trung_thu[0].decoded("DTEND") != datetime.datetime(2026, 9, 25, 14, 30, tzinfo=utc):
    problems.append("trung-thu: %r %r" % (trung_thu[0].decoded("DTSTART"), trung_thu[0].decoded("DTEND")))
title = str(trung_thu[0]["SUMMARY"])
if not title.startswith("Đêm hội Trăng rằm") or not title.endswith("múa lân"):
    problems.append("trung-thu: SUMMARY read back as %r" % title)
class_ = check(os.path.join(vi, "lop-hoc/quan-ho/event.ics"))
if len(class_) != 1 or class_[0].decoded("DTSTART") != datetime.datetime(2026, 5, 9, 1, 0, tzinfo=utc):
    problems.append("quan-ho: %r" % starts(class_))
all_vi = check(os.path.join(vi, "events.ics"))
s = starts(all_vi)
key = [x if isinstance(x, datetime.datetime) else datetime.datetime(x.year, x.month, x.day, tzinfo=utc) for x in s]
if len(all_vi) != 2 + 4 * 5 or key != sorted(key):
    problems.append("vi/events.ics: %d events, in order: %s" % (len(all_vi), key == sorted(key)))
all_en = check(os.path.join(out, "en/events.ics"))
if len(all_en) != 5 or str(all_en[0]["SUMMARY"]) != "Hùng Kings' Commemoration Day":
    problems.append("en/events.ics: %d events" % len(all_en))
for p in problems:
    print(p)
print("ok" if not problems else "%d problems" % len(problems))
sys.exit(1 if problems else 0)
