#!/usr/bin/env python3
"""Makes the demo data in Assets/demo: a fictional provincial union of friendship organisations.

  make-demo-data.py images                      photos and portraits (ImageMagick, fixed seed)
  make-demo-data.py visitors [--end now|ISO] [--out FILE]
                                                a year of visits ending at --end, one line an opening hour
  make-demo-data.py simulate --log FILE [--interval S]
                                                appends a visit every few seconds, like an entrance counter

Everything is generated here; no picture or text is taken from elsewhere. Every person is fictional.
"""
import argparse
import datetime as dt
import os
import random
import subprocess
import sys
import time

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "Assets", "demo")
FONT_BOLD = "/usr/share/fonts/truetype/noto/NotoSans-Bold.ttf"
FONT = "/usr/share/fonts/truetype/noto/NotoSans-Regular.ttf"
CONVERT = "/usr/bin/convert" if os.path.exists("/usr/bin/convert") else "convert"
VN = dt.timezone(dt.timedelta(hours=7))

ALBUMS = {
    "Hội nghị tổng kết năm 2024": {
        "style": "hall", "banner": "HỘI NGHỊ TỔNG KẾT CÔNG TÁC NĂM 2024",
        "photos": [
            ("01-khai-mac.jpg", "L", "Đồng chí Chủ tịch Liên hiệp phát biểu khai mạc hội nghị", "Ảnh: Minh Tuấn"),
            ("02-dai-bieu.jpg", "L", "Các đại biểu dự hội nghị tại hội trường tỉnh", "Ảnh: Minh Tuấn"),
            ("03-trao-bang-khen.jpg", "P", "Trao Bằng khen cho các tập thể có thành tích xuất sắc", "Ảnh: Thu Trang"),
            ("04-tham-luan.jpg", "L", "Đại diện Hội hữu nghị Việt Nam – Lào trình bày tham luận", "Ảnh: Thu Trang"),
            ("05-chup-anh.jpg", "L", "Các đại biểu chụp ảnh lưu niệm", "Ảnh: Minh Tuấn"),
            ("06-hoa.jpg", "P", None, None),
        ]},
    "Đại hội đại biểu nhiệm kỳ 2023–2028": {
        "style": "congress", "banner": "ĐẠI HỘI ĐẠI BIỂU LẦN THỨ V, NHIỆM KỲ 2023 – 2028",
        "photos": [
            ("01-doan-chu-tich.jpg", "L", "Đoàn Chủ tịch điều hành phiên khai mạc Đại hội", "Ảnh: Quốc Khánh"),
            ("02-bieu-quyet.jpg", "L", "Đại biểu biểu quyết thông qua Nghị quyết Đại hội", "Ảnh: Quốc Khánh"),
            ("03-ban-chap-hanh.jpg", "L", "Ban Chấp hành khóa V ra mắt Đại hội", "Ảnh: Hồng Nhung"),
            ("04-phat-bieu.jpg", "P", "Phát biểu chỉ đạo của lãnh đạo Ủy ban MTTQ Việt Nam tỉnh", "Ảnh: Hồng Nhung"),
            ("05-tang-hoa.jpg", "L", "Tặng hoa chúc mừng Đại hội", "Ảnh: Quốc Khánh"),
        ]},
    "Giao lưu hữu nghị Việt – Lào": {
        "style": "outdoor", "banner": "GIAO LƯU HỮU NGHỊ VIỆT NAM – LÀO 2024",
        "photos": [
            ("01-don-doan.jpg", "L", "Đón đoàn đại biểu tỉnh bạn tại cửa khẩu", "Ảnh: Văn Long"),
            ("02-trong-cay.jpg", "L", "Trồng cây hữu nghị tại khuôn viên Nhà văn hóa", "Ảnh: Văn Long"),
            ("03-van-nghe.jpg", "P", "Chương trình văn nghệ giao lưu của thanh niên hai nước", "Ảnh: Bích Ngọc"),
            ("04-bong-da.jpg", "L", "Trận bóng đá giao hữu giữa hai đoàn", "Ảnh: Bích Ngọc"),
            ("05-qua-tang.jpg", "L", "Trao quà tặng học sinh nghèo vượt khó", "Ảnh: Văn Long"),
            ("06-chia-tay.jpg", "P", "Buổi chia tay đoàn đại biểu tỉnh bạn", "Ảnh: Bích Ngọc"),
        ]},
}

PORTRAITS = ["nguyen-thi-thu-hang", "tran-van-thang", "le-hoang-thang", "pham-thi-lan", "vu-duc-minh",
             "do-thi-mai-anh", "hoang-van-nam", "bui-thi-thanh-huong", "dang-quoc-viet", "ngo-thi-kim-oanh",
             "phan-van-hai", "trinh-thi-ngoc-bich"]


def run(args):
    subprocess.run([CONVERT] + args, check=True)


def star(cx, cy, r):
    """The five-pointed star of the flag, as polygon points."""
    import math
    pts = []
    for i in range(10):
        radius = r if i % 2 == 0 else r * 0.382
        a = -math.pi / 2 + i * math.pi / 5
        pts.append(f"{cx + radius * math.cos(a):.1f},{cy + radius * math.sin(a):.1f}")
    return " ".join(pts)


def photo(path, style, banner, portrait, rnd):
    w, h = (1067, 1600) if portrait else (1600, 1067)
    hue = rnd.choice(["#3a1c71", "#1f3b73", "#4b1d1d", "#203a43", "#2c3e50", "#41295a"])
    draw = []
    if style == "outdoor":
        sky = rnd.choice(["#74b9ff-#dff3ff", "#81ecec-#e8fbff", "#a29bfe-#fbe9ff"])
        base = ["-size", f"{w}x{h}", f"gradient:{sky}"]
        ground = int(h * rnd.uniform(0.62, 0.72))
        draw += ["-fill", rnd.choice(["#4caf50", "#5d8c3a", "#7cb342"]), "-draw", f"rectangle 0,{ground} {w},{h}"]
        for _ in range(rnd.randint(4, 8)):      # trees
            x = rnd.randint(0, w); r = rnd.randint(60, 140)
            draw += ["-fill", "#6d4c41", "-draw", f"rectangle {x - 10},{ground - r} {x + 10},{ground + 10}"]
            draw += ["-fill", rnd.choice(["#2e7d32", "#388e3c", "#1b5e20"]), "-draw", f"circle {x},{ground - r} {x + r},{ground - r}"]
        for i, colour in enumerate(["#da251d", "#ce1126"]):   # two flags on poles
            fx = int(w * (0.3 + 0.35 * i)); fy = int(h * 0.18)
            draw += ["-fill", "#9e9e9e", "-draw", f"rectangle {fx - 4},{fy} {fx + 4},{ground}"]
            draw += ["-fill", colour, "-draw", f"rectangle {fx + 4},{fy} {fx + 184},{fy + 120}"]
            if i == 0:
                draw += ["-fill", "#ffde00", "-draw", f"polygon {star(fx + 94, fy + 60, 40)}"]
            else:
                draw += ["-fill", "#002868", "-draw", f"rectangle {fx + 4},{fy + 30} {fx + 184},{fy + 90}",
                         "-fill", "white", "-draw", f"circle {fx + 94},{fy + 60} {fx + 116},{fy + 60}"]
        band = int(h * 0.28) - 14          # a red banner strung between the flags
        draw += ["-fill", "#c62828", "-draw", f"rectangle {int(w * 0.08)},{band} {int(w * 0.92)},{band + (150 if portrait else 80)}"]
        stage_top = ground
    else:
        base = ["-size", f"{w}x{h}", f"gradient:{hue}-#0d0d0d"]
        stage_top = int(h * rnd.uniform(0.55, 0.65))
        # The red backdrop of a Vietnamese hall, the flag's star above the banner.
        draw += ["-fill", "#b71c1c", "-draw", f"rectangle {int(w * 0.06)},{int(h * 0.08)} {int(w * 0.94)},{stage_top}"]
        draw += ["-fill", "#ffde00", "-draw", f"polygon {star(w // 2, int(h * 0.17), int(min(w, h) * 0.07))}"]
        draw += ["-fill", "#5d4037", "-draw", f"rectangle 0,{stage_top} {w},{h}"]
        px = int(w * rnd.uniform(0.6, 0.8))     # podium
        draw += ["-fill", "#8d6e63", "-draw", f"rectangle {px},{stage_top - 150} {px + 110},{stage_top + 40}"]
        draw += ["-fill", "#ffde00", "-draw", f"polygon {star(px + 55, stage_top - 90, 26)}"]
        if style == "congress":                  # the presidium's table
            draw += ["-fill", "#f5f5f5", "-draw", f"rectangle {int(w * 0.1)},{stage_top - 70} {int(w * 0.55)},{stage_top + 10}"]
            for k in range(5):
                x = int(w * 0.14 + k * w * 0.085)
                draw += ["-fill", "#263238", "-draw", f"circle {x},{stage_top - 100} {x + 26},{stage_top - 100}"]
    for _ in range(rnd.randint(14, 26)):         # bokeh lights
        x, y, r = rnd.randint(0, w), rnd.randint(0, int(h * 0.5)), rnd.randint(8, 40)
        draw += ["-fill", rnd.choice(["#fff59d80", "#ffcc8060", "#ffffff50"]), "-draw", f"circle {x},{y} {x + r},{y}"]
    for _ in range(rnd.randint(6, 12)):          # flowers along the stage
        x = rnd.randint(0, w); y = stage_top + rnd.randint(-10, 30); r = rnd.randint(14, 30)
        draw += ["-fill", rnd.choice(["#e91e63", "#ffeb3b", "#ff9800", "#f44336", "#ffffff"]), "-draw", f"circle {x},{y} {x + r},{y}"]
    rows = 3 if portrait else 4                  # the audience, seen from behind
    for row in reversed(range(rows)):      # back rows first, front rows over them
        y = h - 40 - row * 70
        r = 34 - row * 4
        x = rnd.randint(-20, 40)
        while x < w + 40:
            draw += ["-fill", rnd.choice(["#212121", "#3e2723", "#263238", "#424242"]), "-draw", f"circle {x},{y} {x + r},{y}"]
            draw += ["-fill", rnd.choice(["#1565c0", "#fafafa", "#6a1b9a", "#2e7d32", "#c62828"]),
                     "-draw", f"rectangle {x - r - 6},{y + r - 4} {x + r + 6},{y + r + 60}"]
            x += rnd.randint(2 * r + 14, 2 * r + 46)
    size = 40 if portrait else 46
    text = ["-font", FONT_BOLD, "-pointsize", str(size), "-fill", "#ffde00", "-gravity", "north",
            "-annotate", f"+0+{int(h * 0.28)}", banner.replace(", ", ",\n") if portrait else banner]
    run(base + draw + text + ["-blur", "0x0.6", "-quality", "82", "-sampling-factor", "4:2:0", "-strip", path])


def portrait(path, rnd):
    bg = rnd.choice(["#90caf9-#e3f2fd", "#a5d6a7-#e8f5e9", "#ffcc80-#fff3e0", "#ce93d8-#f3e5f5", "#80cbc4-#e0f2f1", "#ef9a9a-#ffebee"])
    skin = rnd.choice(["#f1c27d", "#e0ac69", "#c68642", "#ffdbac"])
    shirt = rnd.choice(["#1565c0", "#37474f", "#6a1b9a", "#ad1457", "#2e7d32", "#fafafa"])
    hair = rnd.choice(["#212121", "#3e2723", "#4e342e"])
    draw = ["-fill", shirt, "-draw", "roundrectangle 70,330 330,560 90,90",
            "-fill", skin, "-draw", "rectangle 175,260 225,340",
            "-fill", hair, "-draw", "circle 200,190 200,80",
            "-fill", skin, "-draw", "ellipse 200,215 78,95 0,360"]
    run(["-size", "400x500", f"gradient:{bg}"] + draw + ["-quality", "80", "-strip", path])


def images():
    rnd = random.Random(20241231)
    for album, spec in ALBUMS.items():
        folder = os.path.join(ROOT, "gallery", album)
        os.makedirs(folder, exist_ok=True)
        lines = ["file,caption,credit"]
        for name, orientation, caption, credit in spec["photos"]:
            photo(os.path.join(folder, name), spec["style"], spec["banner"], orientation == "P", rnd)
            if caption:
                lines.append(f'{name},"{caption}",{credit}')
        with open(os.path.join(folder, "captions.csv"), "w", encoding="utf-8") as f:
            f.write("\n".join(lines) + "\n")
    os.makedirs(os.path.join(ROOT, "portraits"), exist_ok=True)
    for name in PORTRAITS:
        portrait(os.path.join(ROOT, "portraits", name + ".jpg"), rnd)


def visit_lines(end, rnd):
    """One line an opening hour for the year before `end`; busier on event days."""
    start = (end - dt.timedelta(days=365)).replace(minute=0, second=0, microsecond=0)
    events = {dt.date(end.year, 1, 10), dt.date(end.year, 3, 8), dt.date(end.year, 5, 19), dt.date(end.year, 9, 2),
              dt.date(end.year - 1, 12, 20), dt.date(end.year, 11, 20)}
    t = start
    while t <= end:
        weekday = t.weekday()
        open_hours = range(7, 17) if weekday < 5 else (range(8, 11) if weekday == 5 else range(0))
        if t.hour in open_hours:
            base = 9 if t.hour in (8, 9, 14, 15) else 5
            if t.date() in events:
                base *= 4
            count = max(1, int(rnd.gauss(base, base / 3)))
            minute = rnd.randint(0, 59)
            stamp = t.replace(minute=minute)
            if stamp <= end:
                yield f"{stamp.isoformat(timespec='seconds')} in {count}\n"
        t += dt.timedelta(hours=1)


def visitors(end_text, out):
    end = dt.datetime.now(VN) if end_text == "now" else dt.datetime.fromisoformat(end_text).astimezone(VN)
    os.makedirs(os.path.dirname(out), exist_ok=True)
    rnd = random.Random(7)
    temp = out + ".part"
    with open(temp, "w", encoding="utf-8") as f:
        f.write("".join(visit_lines(end, rnd)))
    os.replace(temp, out)   # a rename: the screen never reads half a log


def simulate(log, interval):
    rnd = random.Random()
    while True:
        time.sleep(interval * rnd.uniform(0.5, 1.5))
        now = dt.datetime.now(VN).isoformat(timespec="seconds")
        with open(log, "a", encoding="utf-8") as f:
            f.write(f"{now} in {rnd.randint(1, 4)}\n")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("images")
    v = sub.add_parser("visitors")
    v.add_argument("--end", default="2026-11-23T23:00:00+07:00")
    v.add_argument("--out", default=os.path.join(ROOT, "visitors", "entrance.log"))
    s = sub.add_parser("simulate")
    s.add_argument("--log", required=True)
    s.add_argument("--interval", type=float, default=5)
    args = parser.parse_args()
    if args.command == "images":
        images()
    elif args.command == "visitors":
        visitors(args.end, args.out)
    else:
        try:
            simulate(args.log, args.interval)
        except KeyboardInterrupt:
            sys.exit(0)


if __name__ == "__main__":
    main()
