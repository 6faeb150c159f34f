"""The soak run's writer: churns a Kiosk data folder the way its feeders do, for a set time, and
keeps the ledger of what it wrote so the driver can check the screen against it.

Rates (per second, on average; the whole list runs from one loop in 20 ms steps):
  visit lines          200 lines/s appended to visitors/entrance.log and gate-2.log, in batches
                       of 1-20 lines, counts 1-3 (about 400 visits/s)
  honours.csv          4 atomic rewrites/s (write .honours.csv.tmp, fsync, rename), 20-400 rows
  ticker.txt           2 in-place rewrites/s (truncate, write half, 5 ms pause, write the rest)
  photos               2 adds/s (copy a demo JPEG into gallery/Soak/, as a .part then rename,
                       or written in place) and 2 deletes/s, 0-40 photos in the album
  album folders        one created every 10 s with 3 photos, each removed 20 s later (rmtree)
  log rotation         every 30 s entrance.log is renamed to entrance-N.log (still *.log, so
                       `kiosk visitors` reads it too) and a new entrance.log is created
  kiosk.toml           never touched: the settings stay the demo's
"""
import datetime
import json
import os
import random
import shutil
import time

HEADER = "name,kind,award,date,awarded_by,title,unit,citation,photo\n"
AWARDS = ["Bằng khen của Chủ tịch UBND tỉnh", "Giấy khen của Liên hiệp", "Kỷ niệm chương Vì hòa bình"]
GIVEN = ["Hằng", "Thắng", "Lan", "Minh", "Đức", "Oanh", "Bích", "Nam", "Hải", "Việt"]


def iso_now():
    return datetime.datetime.now(datetime.timezone.utc).astimezone().isoformat(timespec="seconds")


def write_atomic(path, text):
    temp = os.path.join(os.path.dirname(path), "." + os.path.basename(path) + ".tmp")
    with open(temp, "w", encoding="utf-8") as f:
        f.write(text)
        f.flush()
        os.fsync(f.fileno())
    os.rename(temp, path)


class Writer:
    def __init__(self, data, seconds, seed, photo_sources):
        self.data = data
        self.seconds = seconds
        self.random = random.Random(seed)
        self.sources = photo_sources
        self.counts = {"visit_lines": 0, "visits": 0, "honours_rewrites": 0, "ticker_rewrites": 0,
                       "photo_adds": 0, "photo_deletes": 0, "albums_created": 0, "albums_removed": 0,
                       "rotations": 0}
        self.honour_rows = None
        self.ticker_lines = None
        self.soak_album = os.path.join(data, "gallery", "Soak")
        os.makedirs(self.soak_album, exist_ok=True)
        self.photo_serial = 0
        self.albums = []   # (folder, created at)
        self.album_serial = 0
        self.rotation_serial = 0

    def append_visits(self, name):
        n = self.random.randint(1, 20)
        stamp = iso_now()
        visits = [self.random.randint(1, 3) for _ in range(n)]
        text = "".join(f"{stamp} in {v}\n" for v in visits)
        fd = os.open(os.path.join(self.data, "visitors", name), os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
        os.write(fd, text.encode())
        os.close(fd)
        self.counts["visit_lines"] += n
        self.counts["visits"] += sum(visits)

    def rewrite_honours(self):
        rows = self.random.randint(20, 400)
        lines = [HEADER]
        for i in range(rows):
            kind = "collective" if i % 5 == 0 else "individual"
            name = f"Hội hữu nghị số {i}" if kind == "collective" else f"Nguyễn Văn {GIVEN[i % len(GIVEN)]} {i}"
            lines.append(f"{name},{kind},{AWARDS[i % 3]},20{10 + i % 15}-0{1 + i % 9}-1{i % 10},UBND tỉnh,,Đơn vị {i % 7},Thành tích {i},\n")
        write_atomic(os.path.join(self.data, "honours.csv"), "".join(lines))
        self.honour_rows = rows
        self.counts["honours_rewrites"] += 1

    def rewrite_ticker(self):
        n = self.random.randint(1, 15)
        text = "# Tin nóng (soak)\n" + "".join(f"Tin số {self.counts['ticker_rewrites']}-{i}: hội nghị, giao lưu, trao tặng\n" for i in range(n))
        data = text.encode()
        with open(os.path.join(self.data, "ticker.txt"), "wb") as f:   # in place: truncate, then write
            half = len(data) // 2
            f.write(data[:half])
            f.flush()
            time.sleep(0.005)
            f.write(data[half:])
        self.ticker_lines = n
        self.counts["ticker_rewrites"] += 1

    def add_photo(self, album):
        self.photo_serial += 1
        target = os.path.join(album, f"soak-{self.photo_serial:06d}.jpg")
        source = self.random.choice(self.sources)
        if self.random.random() < 0.5:
            shutil.copyfile(source, target + ".part")   # rsync/Syncthing style: temp name, then rename
            os.rename(target + ".part", target)
        else:
            shutil.copyfile(source, target)              # cp style: written in place
        self.counts["photo_adds"] += 1

    def delete_photo(self):
        photos = [p for p in os.listdir(self.soak_album) if p.startswith("soak-")]
        if len(photos) > 1 or (photos and self.random.random() < 0.3):
            os.unlink(os.path.join(self.soak_album, self.random.choice(photos)))
            self.counts["photo_deletes"] += 1

    def churn_albums(self, now):
        if not self.albums or now - self.albums[-1][1] >= 10:
            self.album_serial += 1
            folder = os.path.join(self.data, "gallery", f"Album soak {self.album_serial}")
            os.makedirs(folder)
            for _ in range(3):
                self.add_photo(folder)
            self.albums.append((folder, now))
            self.counts["albums_created"] += 1
        while self.albums and now - self.albums[0][1] >= 20:
            shutil.rmtree(self.albums.pop(0)[0])
            self.counts["albums_removed"] += 1

    def rotate(self):
        self.rotation_serial += 1
        visitors = os.path.join(self.data, "visitors")
        os.rename(os.path.join(visitors, "entrance.log"), os.path.join(visitors, f"entrance-{self.rotation_serial:04d}.log"))
        open(os.path.join(visitors, "entrance.log"), "a").close()
        self.counts["rotations"] += 1

    def run(self):
        start = time.monotonic()
        # Each action is due every `period` seconds on average.
        periods = {"visits": 0.05, "honours": 0.25, "ticker": 0.5, "add": 0.5, "delete": 0.5}
        due = {k: start for k in periods}
        next_rotation = start + 30
        self.rewrite_honours()
        self.rewrite_ticker()
        while True:
            now = time.monotonic()
            if now - start >= self.seconds:
                break
            if now >= due["visits"]:
                self.append_visits("entrance.log" if self.random.random() < 0.6 else "gate-2.log")
            if now >= due["honours"]:
                self.rewrite_honours()
            if now >= due["ticker"]:
                self.rewrite_ticker()
            if now >= due["add"] and len(os.listdir(self.soak_album)) < 40:
                self.add_photo(self.soak_album)
            if now >= due["delete"]:
                self.delete_photo()
            for key, period in periods.items():
                if now >= due[key]:
                    due[key] = now + self.random.uniform(0.5, 1.5) * period
            self.churn_albums(now)
            if now >= next_rotation:
                self.rotate()
                next_rotation = now + 30
            time.sleep(0.02)
        # Leave the folder as a feeder would: the extra albums removed, the last files in place.
        for folder, _ in self.albums:
            shutil.rmtree(folder)
            self.counts["albums_removed"] += 1
        self.albums = []
        return self.counts

    def ledger(self):
        return dict(self.counts, honour_rows=self.honour_rows, ticker_lines=self.ticker_lines)


if __name__ == "__main__":
    import sys
    w = Writer(sys.argv[1], float(sys.argv[2]), 1, sys.argv[3:])
    w.run()
    print(json.dumps(w.ledger()))
