#!/usr/bin/env python3
"""Writes a static web page that shows a Kiosk data folder the way Kiosk's lobby does.

usage: make-page.py DATA_FOLDER OUT_FOLDER [--at ISO-8601] [--size WxH]

The page is what an organisation would put on a Chromium kiosk instead of Kiosk: the same
header (organisation, live date and clock), photo slideshow (slide_seconds, crossfade_seconds,
caption band, portraits whole over a blurred copy), visitor counter (six figures), honour
highlights (the 12 newest, highlight_seconds each) and news ticker (ticker_speed), laid out like
Kiosk's lobby at 1920×1080. It is written the way signage pages usually are: every photo an
<img> in the page, a CSS opacity transition for the crossfade, setInterval for the clock, the
slides and the highlights, and a CSS transform animation for the ticker. It is the yardstick
for Kiosk's CPU and memory budgets (see README.md beside this script), so it is meant to be
neither heavier nor lighter than a typical page.

The visitor figures are worked out here from visitors/*.log, with Kiosk's rules (periods cut in
the configured time zone, weeks from first_weekday, "now" the occupancy when a log has in/out),
at --at (default: now). Photos and portraits are copied into OUT_FOLDER, which is then
self-contained: open OUT_FOLDER/index.html.
"""
import argparse
import csv
import datetime as dt
import html
import io
import json
import os
import shutil
import struct
import sys
import tomllib
import unicodedata
from zoneinfo import ZoneInfo

REFERENCE = (1280, 720)  # Kiosk lays out for 1280×720 and scales; so does this page.
PHOTO_TYPES = (".jpg", ".jpeg", ".png", ".webp")


def nfc(text):
    return unicodedata.normalize("NFC", text)


def read_text(path):
    """UTF-8 with or without BOM, or UTF-16 with BOM, as spreadsheets export it."""
    data = open(path, "rb").read()
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return nfc(data.decode("utf-16"))
    return nfc(data.decode("utf-8-sig"))


def settings(data):
    s = {"organisation": "", "language": "vi", "time_zone": "Asia/Ho_Chi_Minh", "slide_seconds": 8,
         "crossfade_seconds": 1.2, "highlight_seconds": 6, "ticker_speed": 90, "now_window_minutes": 15,
         "first_weekday": 2}
    path = os.path.join(data, "kiosk.toml")
    if os.path.exists(path):
        table = tomllib.loads(read_text(path))
        s.update({k: v for k, v in table.items() if k in s})
    names = ["sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday"]
    if isinstance(s["first_weekday"], str):
        s["first_weekday"] = names.index(s["first_weekday"].lower()) + 1
    return s


# ---- the honour roll ----------------------------------------------------------------------

HEADERS = {"name": "name", "họ và tên": "name", "kind": "kind", "loại": "kind", "award": "award",
           "hình thức khen thưởng": "award", "date": "date", "ngày": "date", "awarded_by": "awarded_by",
           "cấp khen": "awarded_by", "title": "title", "chức vụ": "title", "unit": "unit", "đơn vị": "unit",
           "citation": "citation", "thành tích": "citation", "photo": "photo", "ảnh": "photo"}


def parse_date(text):
    """(year, month, day) from YYYY-MM-DD, DD/MM/YYYY or a bare year; month/day may be None."""
    text = text.strip()
    try:
        if "-" in text:
            y, m, d = (int(p) for p in text.split("-"))
            return (y, m, d)
        if "/" in text:
            parts = [int(p) for p in text.split("/")]
            return (parts[2], parts[1], parts[0]) if len(parts) == 3 else (parts[1], parts[0], None)
        return (int(text), None, None)
    except (ValueError, IndexError):
        return None


def honours(data):
    files = [os.path.join(data, "honours.csv")]
    folder = os.path.join(data, "honours")
    if os.path.isdir(folder):
        files += sorted(os.path.join(folder, f) for f in os.listdir(folder)
                        if f.endswith(".csv") and not f.startswith((".", "~")))
    out = []
    for path in files:
        if not os.path.exists(path):
            continue
        text = read_text(path)
        first = text.split("\n", 1)[0]
        rows = list(csv.reader(io.StringIO(text), delimiter=";" if first.count(";") > first.count(",") else ","))
        if not rows:
            continue
        keys = [HEADERS.get(h.strip().lower(), "") for h in rows[0]]
        for line, row in enumerate(rows[1:], start=2):
            h = {k: v.strip() for k, v in zip(keys, row) if k}
            date = parse_date(h.get("date", ""))
            if not h.get("name") or not date:
                continue
            kind = "collective" if h.get("kind", "").lower() in ("collective", "tập thể") else "individual"
            out.append(dict(h, kind=kind, date=date, source=(path, line)))
    # Kiosk's HonourOrder.newestFirst: newest first, ties by name, then by file position.
    out.sort(key=lambda h: (tuple(-(p or 0) for p in h["date"]), h["name"], h["source"]))
    return out


def honour_date(date):
    y, m, d = date
    if m is None:
        return str(y)
    return f"{m:02d}/{y:04d}" if d is None else f"{d:02d}/{m:02d}/{y:04d}"


# ---- the gallery ------------------------------------------------------------------------

def image_size(path):
    """(width, height) from a JPEG's SOF or a PNG's IHDR; None otherwise."""
    with open(path, "rb") as f:
        head = f.read(26)
        if head.startswith(b"\x89PNG"):
            return struct.unpack(">II", head[16:24])
        if not head.startswith(b"\xff\xd8"):
            return None
        f.seek(2)
        while True:
            marker = f.read(2)
            if len(marker) < 2 or marker[0] != 0xFF:
                return None
            if marker[1] in (0xD8, 0x01) or 0xD0 <= marker[1] <= 0xD7:
                continue
            length = struct.unpack(">H", f.read(2))[0]
            if 0xC0 <= marker[1] <= 0xCF and marker[1] not in (0xC4, 0xC8, 0xCC):
                h, w = struct.unpack(">xHH", f.read(5))
                return (w, h)
            f.seek(length - 2, 1)


VI_ALPHABET = "aăâbcdđeêghiklmnoôơpqrstuưvxy"


def vi_key(text):
    """Vietnamese alphabetical order (Đ after D, Ă Â after A), tone marks second."""
    base, tones = [], []
    for ch in nfc(text).lower():
        d = unicodedata.normalize("NFD", ch)
        letter = d[0] + "".join(c for c in d[1:] if c in "\u0306\u0302\u031b")  # breve, circumflex, horn
        letter = unicodedata.normalize("NFC", letter)
        # Spaces, digits and punctuation before letters, as in a dictionary.
        base.append(VI_ALPHABET.index(letter) if letter in VI_ALPHABET else ord(letter[0]) - 0x110000)
        tones.append("".join(c for c in d[1:] if c not in "\u0306\u0302\u031b"))
    return (base, tones)


def natural_key(name):
    import re
    return [(0, int(p)) if p.isdigit() else (1, p.lower()) for p in re.split(r"(\d+)", name)]


def gallery(data):
    root = os.path.join(data, "gallery")
    photos = []
    for album in sorted((a for a in os.listdir(root) if os.path.isdir(os.path.join(root, a)) and not a.startswith(".")),
                        key=vi_key):
        folder = os.path.join(root, album)
        captions = {}
        if os.path.exists(os.path.join(folder, "captions.csv")):
            rows = list(csv.reader(io.StringIO(read_text(os.path.join(folder, "captions.csv")))))
            for row in rows[1:]:
                if row:
                    captions[row[0].strip()] = (row[1].strip() if len(row) > 1 else "", row[2].strip() if len(row) > 2 else "")
        files = [f for f in os.listdir(folder) if f.lower().endswith(PHOTO_TYPES) and not f.startswith(".")]
        listed = [f for f in captions if f in files]
        files = listed + sorted((f for f in files if f not in captions), key=natural_key)
        for f in files:
            caption, credit = captions.get(f, ("", ""))
            photos.append(dict(album=nfc(album), file=f, path=os.path.join(folder, f), size=image_size(os.path.join(folder, f)),
                               caption=caption or nfc(album), credit=credit))
    return photos


# ---- the visitor counter ----------------------------------------------------------------

def visitor_figures(data, s, at):
    zone = ZoneInfo(s["time_zone"])
    counter = os.path.join(data, "visitors", "counter.json")
    if os.path.exists(counter):
        snap = json.load(open(counter, encoding="utf-8"))
        return [int(snap.get(k, 0)) for k in ("now", "today", "week", "month", "year", "total")]
    local = at.astimezone(zone)
    day = local.replace(hour=0, minute=0, second=0, microsecond=0)
    week = day - dt.timedelta(days=(local.isoweekday() % 7 + 1 - s["first_weekday"]) % 7)
    month, year = day.replace(day=1), day.replace(month=1, day=1)
    now_minute = int(at.timestamp() // 60)
    window = now_minute - int(s["now_window_minutes"]) + 1
    starts = [int(p.timestamp() // 60) for p in (year, month, week, day)]
    total = 0
    sums = [0, 0, 0, 0]
    outs_today = recent = 0
    directions = False
    folder = os.path.join(data, "visitors")
    for name in sorted(os.listdir(folder)):
        if not name.endswith(".log") or name.startswith("."):
            continue
        for line in open(os.path.join(folder, name), encoding="utf-8", errors="replace"):
            parts = line.split()
            if not parts or parts[0].startswith("#"):
                continue
            try:
                t = dt.datetime.fromisoformat(parts[0].replace("Z", "+00:00"))
            except ValueError:
                continue
            if t.tzinfo is None:
                t = t.replace(tzinfo=zone)
            is_out = len(parts) > 1 and parts[1] == "out"
            directions = directions or (len(parts) > 1 and parts[1] in ("in", "out"))
            numbers = [p for p in parts[1:] if p.isdigit()]
            count = int(numbers[0]) if numbers else 1
            minute = int(t.timestamp() // 60)
            if minute > now_minute:
                continue
            if is_out:
                outs_today += count if minute >= starts[3] else 0
                continue
            total += count
            for i, start in enumerate(starts):
                if minute >= start:
                    sums[i] += count
            if minute >= window:
                recent += count
    now = max(0, sums[3] - outs_today) if directions else recent
    return [now, sums[3], sums[2], sums[1], sums[0], total]


def grouped(n, language):
    return f"{n:,}".replace(",", "." if language == "vi" else ",")


# ---- the page ---------------------------------------------------------------------------

LABELS = {
    "vi": dict(visitors="Thống kê truy cập", rows=["Đang truy cập", "Trong ngày", "Trong tuần", "Trong tháng", "Trong năm", "Tổng số"],
               highlights="Vinh danh", ticker="TIN NÓNG", individual="Cá nhân", collective="Tập thể", photo="Ảnh",
               touch="Chạm vào màn hình để xem bảng vinh danh",
               weekdays=["Chủ Nhật", "Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy"]),
    "en": dict(visitors="Visitor statistics", rows=["Now", "Today", "This week", "This month", "This year", "Total"],
               highlights="Honoured", ticker="NEWS", individual="Individual", collective="Collective", photo="Photo",
               touch="Touch the screen to browse the honour roll",
               weekdays=["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"]),
}

CSS = """
* { box-sizing: border-box; margin: 0; padding: 0; }
html, body { width: 100%; height: 100%; overflow: hidden; cursor: none; }
body { background: #F4EFE6; color: #222; font-family: "Noto Sans", sans-serif; font-size: calc(18 * var(--u));
       -webkit-user-select: none; user-select: none; }
header { position: absolute; left: 0; top: 0; right: 0; height: calc(72 * var(--u)); background: #9E1B1B;
         border-bottom: calc(4 * var(--u)) solid #F2C14E; display: flex; align-items: center;
         justify-content: space-between; padding: 0 calc(24 * var(--u)); }
header h1 { font-size: calc(28 * var(--u)); font-weight: 700; color: #F2C14E; text-transform: uppercase;
            white-space: nowrap; overflow: hidden; text-overflow: ellipsis; margin-right: calc(48 * var(--u)); }
#clock { font-size: calc(22 * var(--u)); color: #fff; white-space: nowrap; }
main { position: absolute; left: calc(16 * var(--u)); right: calc(16 * var(--u)); top: calc(88 * var(--u));
       bottom: calc(68 * var(--u)); display: flex; gap: calc(16 * var(--u)); }
#gallery { flex: 1; position: relative; background: #fff; border: 1px solid #E2D8C6; overflow: hidden; }
.slide { position: absolute; inset: 0; opacity: 0; transition: opacity var(--fade) ease-in-out; }
.slide.on { opacity: 1; }
.photo { position: absolute; left: 0; top: 0; right: 0; bottom: calc(76 * var(--u)); overflow: hidden; background: #1A1614; }
.photo img { width: 100%; height: 100%; object-fit: cover; display: block; }
.photo.whole .backdrop { position: absolute; inset: 0; filter: blur(calc(24 * var(--u))) brightness(0.55); transform: scale(1.1); }
.photo.whole .front { position: absolute; inset: 0; object-fit: contain; }
.caption { position: absolute; left: 0; right: 0; bottom: 0; height: calc(76 * var(--u)); padding: calc(12 * var(--u)) calc(14 * var(--u));
           background: #fff; display: flex; flex-direction: column; justify-content: center; }
.caption b { font-size: calc(20 * var(--u)); white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
.caption small { font-size: calc(15 * var(--u)); color: #6B6358; white-space: nowrap; overflow: hidden; text-overflow: ellipsis;
                 margin-top: calc(2 * var(--u)); }
aside { width: calc(420 * var(--u)); display: flex; flex-direction: column; gap: calc(16 * var(--u)); }
.panel { background: #fff; border: 1px solid #E2D8C6; position: relative; padding: 0 calc(16 * var(--u)) calc(16 * var(--u)); }
.panel h2 { font-size: calc(20 * var(--u)); font-weight: 700; color: #9E1B1B; text-transform: uppercase;
            padding: calc(12 * var(--u)) 0; border-bottom: 1px solid #E2D8C6; margin-bottom: calc(8 * var(--u)); }
.panel h2::before { content: ""; position: absolute; left: -1px; top: -1px; width: calc(6 * var(--u));
                    height: calc(52 * var(--u)); background: #9E1B1B; }
#counter { flex: 0 0 50%; display: flex; flex-direction: column; }
#counter ul { list-style: none; flex: 1; display: flex; flex-direction: column; }
#counter li { flex: 1; display: flex; align-items: center; justify-content: space-between;
              margin: 0 calc(-6 * var(--u)); padding: 0 calc(6 * var(--u)); }
#counter li:nth-child(even) { background: rgba(244, 239, 230, 0.6); }
#counter li span::before { content: ""; display: inline-block; width: calc(6 * var(--u)); height: calc(6 * var(--u));
                           background: #F2C14E; margin-right: calc(10 * var(--u)); vertical-align: middle; }
#counter li b { font-size: calc(20 * var(--u)); color: #9E1B1B; }
#counter li:first-child span::before { background: #2E9E4F; }
#counter li:first-child b { color: #2E9E4F; }
#highlights { flex: 1; display: flex; flex-direction: column; min-height: 0; }
#card { flex: 1; display: flex; gap: calc(14 * var(--u)); min-height: 0; overflow: hidden; }
#card img { width: calc(96 * var(--u)); height: calc(120 * var(--u)); object-fit: cover; margin-top: calc(4 * var(--u));
            background: #E2D8C6; flex: none; }
#card .text { min-width: 0; flex: 1; }
#card .name { font-size: calc(22 * var(--u)); font-weight: 700; color: #9E1B1B; line-height: 1.3; }
#card .kind { font-size: calc(15 * var(--u)); color: #6B6358; white-space: nowrap; overflow: hidden; text-overflow: ellipsis;
              margin: calc(4 * var(--u)) 0 calc(8 * var(--u)); }
#card .award { font-size: calc(17 * var(--u)); font-weight: 700; line-height: 1.4; }
#card .date { font-size: calc(15 * var(--u)); color: #6B6358; margin-top: calc(4 * var(--u)); }
#hint { font-size: calc(13 * var(--u)); color: #6B6358; margin: calc(8 * var(--u)) 0; }
#dots { display: flex; gap: calc(6 * var(--u)); }
#dots i { width: calc(8 * var(--u)); height: calc(8 * var(--u)); background: #E2D8C6; }
#dots i.on { background: #9E1B1B; }
footer { position: absolute; left: 0; right: 0; bottom: 0; height: calc(52 * var(--u)); background: #6E1010;
         display: flex; align-items: center; overflow: hidden; }
footer .label { position: relative; z-index: 1; height: 100%; display: flex; align-items: center; padding: 0 calc(16 * var(--u));
                background: #9E1B1B; color: #F2C14E; font-weight: 700; font-size: calc(20 * var(--u)); flex: none; }
footer .lane { flex: 1; overflow: hidden; height: 100%; display: flex; align-items: center; }
#band { display: flex; white-space: nowrap; font-size: calc(22 * var(--u)); color: #fff; padding-left: calc(16 * var(--u));
        animation: ticker var(--ticker-seconds, 60s) linear infinite; }
#band span::after { content: ""; display: inline-block; width: calc(8 * var(--u)); height: calc(8 * var(--u));
                    background: #F2C14E; margin: 0 calc(24 * var(--u)); vertical-align: middle; }
@keyframes ticker { from { transform: translateX(0); } to { transform: translateX(calc(-1 * var(--cycle, 0px))); } }
"""

JS = """
const K = %(config)s;
// The clock, in the organisation's time zone, as the header of Kiosk shows it.
const clock = document.getElementById("clock");
const parts = new Intl.DateTimeFormat("en-GB", { timeZone: K.timeZone, weekday: "short", day: "numeric",
  month: "numeric", year: "numeric", hour: "2-digit", minute: "2-digit", hourCycle: "h23" });
const weekdayIndex = { Sun: 0, Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6 };
function tick() {
  const p = Object.fromEntries(parts.formatToParts(new Date()).map(x => [x.type, x.value]));
  const day = K.weekdays[weekdayIndex[p.weekday]];
  const text = K.language === "vi"
    ? `${day}, ${p.day} tháng ${p.month} năm ${p.year} · ${p.hour}:${p.minute}`
    : `${day}, ${p.day}/${p.month}/${p.year} · ${p.hour}:${p.minute}`;
  if (clock.textContent !== text) clock.textContent = text;
}
tick();
setInterval(tick, 1000);

// The slideshow: one slide on, the CSS transition crossfades.
const slides = document.querySelectorAll(".slide");
let slide = 0;
if (slides.length > 1) setInterval(() => {
  slides[slide].classList.remove("on");
  slide = (slide + 1) %% slides.length;
  slides[slide].classList.add("on");
}, K.slideSeconds * 1000);

// The honour highlights: the newest, one at a time.
const card = document.getElementById("card"), dots = document.getElementById("dots");
let highlight = 0;
function escape(s) { return s.replace(/[&<>"]/g, c => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" })[c]); }
function showHighlight() {
  const h = K.highlights[highlight];
  if (!h) return;
  card.innerHTML = (h.photo ? `<img src="${escape(h.photo)}" alt="">` : "") +
    `<div class="text"><div class="name">${escape(h.name)}</div><div class="kind">${escape(h.kind)}</div>` +
    `<div class="award">${escape(h.award)}</div><div class="date">${escape(h.date)}</div></div>`;
  dots.innerHTML = K.highlights.map((_, i) => `<i class="${i === highlight ? "on" : ""}"></i>`).join("");
}
showHighlight();
setInterval(() => { highlight = (highlight + 1) %% K.highlights.length; showHighlight(); }, K.highlightSeconds * 1000);

// The ticker: the headlines twice in a row, moved left by one copy's width at ticker_speed,
// so the loop is seamless. Measured once the fonts are in.
document.fonts.ready.then(() => {
  const band = document.getElementById("band");
  const one = band.children[K.headlines].offsetLeft - band.children[0].offsetLeft;
  band.style.setProperty("--cycle", one + "px");
  band.style.setProperty("--ticker-seconds", (one / K.tickerPixelsPerSecond) + "s");
});
"""


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("data")
    parser.add_argument("out")
    parser.add_argument("--at", help="instant of the visitor figures (ISO-8601), default now")
    parser.add_argument("--size", default="1920x1080", help="screen size the page is laid out for")
    args = parser.parse_args()
    data, out = args.data, args.out
    width, height = (int(v) for v in args.size.lower().split("x"))
    scale = min(width / REFERENCE[0], height / REFERENCE[1])  # pixels per Kiosk reference point
    s = settings(data)
    language = s["language"] if s["language"] in LABELS else "vi"
    L = LABELS[language]
    at = dt.datetime.fromisoformat(args.at) if args.at else dt.datetime.now(dt.timezone.utc)
    if at.tzinfo is None:
        at = at.replace(tzinfo=ZoneInfo(s["time_zone"]))

    os.makedirs(out, exist_ok=True)
    esc = html.escape

    slides = []
    for i, p in enumerate(gallery(data)):
        rel = os.path.join("photos", f"{i:04d}{os.path.splitext(p['file'])[1].lower()}")
        os.makedirs(os.path.join(out, "photos"), exist_ok=True)
        shutil.copyfile(p["path"], os.path.join(out, rel))
        # Kiosk's rule: a photo within 10 % of the panel's proportions fills it, any other is
        # shown whole over a blurred copy of itself.
        panel_w = width - 2 * 16 * scale - 420 * scale - 16 * scale
        panel_h = height - 88 * scale - 68 * scale - 76 * scale
        fills = True
        if p["size"]:
            a, b = p["size"][0] / p["size"][1], panel_w / panel_h
            fills = min(a, b) / max(a, b) >= 0.9
        img = f'<img src="{esc(rel)}" alt="">'
        photo = (f'<div class="photo">{img}</div>' if fills else
                 f'<div class="photo whole"><img class="backdrop" src="{esc(rel)}" alt=""><img class="front" src="{esc(rel)}" alt=""></div>')
        credit = " · ".join(x for x in (p["album"], p["credit"]) if x)
        slides.append(f'<div class="slide{" on" if i == 0 else ""}">{photo}'
                      f'<div class="caption"><b>{esc(p["caption"])}</b><small>{esc(credit)}</small></div></div>')

    highlights = []
    for h in honours(data)[:12]:
        photo = ""
        rel = h.get("photo", "")
        # Relative paths inside the data folder only, as Kiosk reads them.
        if rel and not os.path.isabs(rel) and ".." not in rel.split("/") and os.path.isfile(os.path.join(data, rel)):
            photo = os.path.join("portraits", os.path.basename(rel))
            os.makedirs(os.path.join(out, "portraits"), exist_ok=True)
            shutil.copyfile(os.path.join(data, rel), os.path.join(out, photo))
        subtitle = " · ".join(x for x in (h.get("title", ""), h.get("unit", "")) if x)
        kind = L[h["kind"]] + ("" if h["kind"] == "collective" or not subtitle else " · " + subtitle)
        highlights.append(dict(name=h["name"], kind=kind, award=h.get("award", ""), date=honour_date(h["date"]), photo=photo))

    ticker = []
    if os.path.exists(os.path.join(data, "ticker.txt")):
        ticker = [l.strip() for l in read_text(os.path.join(data, "ticker.txt")).splitlines()
                  if l.strip() and not l.lstrip().startswith("#")]

    figures = visitor_figures(data, s, at)
    rows = "".join(f"<li><span>{esc(label)}</span><b>{grouped(v, language)}</b></li>" for label, v in zip(L["rows"], figures))
    band = "".join(f"<span>{esc(t)}</span>" for t in ticker) * 2

    config = dict(timeZone=s["time_zone"], language=language, weekdays=L["weekdays"], slideSeconds=s["slide_seconds"],
                  highlightSeconds=s["highlight_seconds"], tickerPixelsPerSecond=s["ticker_speed"] * scale,
                  highlights=highlights, headlines=len(ticker))
    page = f"""<!DOCTYPE html>
<html lang="{language}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width={width}, height={height}">
<title>{esc(s["organisation"])}</title>
<style>{CSS}
:root {{ --u: {scale}px; --fade: {s["crossfade_seconds"]}s; }}
</style>
</head>
<body>
<header><h1>{esc(s["organisation"])}</h1><div id="clock"></div></header>
<main>
  <section id="gallery">
    {"".join(slides)}
  </section>
  <aside>
    <section class="panel" id="counter"><h2>{esc(L["visitors"])}</h2><ul>{rows}</ul></section>
    <section class="panel" id="highlights"><h2>{esc(L["highlights"])}</h2><div id="card"></div>
      <div id="hint">{esc(L["touch"])}</div><div id="dots"></div></section>
  </aside>
</main>
<footer>{f'<div class="label">{esc(L["ticker"])}</div><div class="lane"><div id="band">{band}</div></div>' if ticker else ""}</footer>
<script>{JS % {"config": json.dumps(config, ensure_ascii=False)}}</script>
</body>
</html>
"""
    with open(os.path.join(out, "index.html"), "w", encoding="utf-8") as f:
        f.write(page)
    print(json.dumps(dict(page=os.path.join(out, "index.html"), photos=len(slides), highlights=len(highlights),
                          headlines=len(ticker), visitors=dict(zip(["now", "today", "week", "month", "year", "total"], figures)),
                          at=at.isoformat())))


if __name__ == "__main__":
    main()
