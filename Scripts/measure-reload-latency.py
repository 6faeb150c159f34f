#!/usr/bin/env python3
"""Latency from an honours.csv renamed into the data folder to <state>/status.json showing it.

    swift build && Scripts/measure-reload-latency.py [.build/debug/kiosk]

Runs the real binary with SDL's offscreen driver on a copy of Assets/demo and renames 15 new
versions into place, the way editors and sync tools save. status.json is written in the same
reload that swaps the content in, so this is the watcher's debounce plus load plus swap; the
frame itself follows on the next loop turn (issue 8's benchmark measures to the frame).
"""
import json, os, shutil, subprocess, sys, tempfile, time, statistics
repo = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
binary = sys.argv[1] if len(sys.argv) > 1 else os.path.join(repo, ".build/debug/kiosk")
root = tempfile.mkdtemp()
data = os.path.join(root, "data"); state = os.path.join(root, "state")
shutil.copytree(os.path.join(repo, "Assets/demo"), data)
env = dict(os.environ, SDL_VIDEODRIVER="offscreen")
p = subprocess.Popen([binary, "run", "--data", data, "--state", state], env=env,
                     stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
status = os.path.join(state, "status.json")
def read():
    try: return json.load(open(status))
    except Exception: return None
while read() is None: time.sleep(0.01)
base = open(os.path.join(data, "honours.csv"), encoding="utf-8-sig").read()
lat = []
for i in range(15):
    before = read()
    text = base + f"Người Thử {i},Cá nhân,Giấy khen,2024-01-0{1 + i % 9}\n" * (i + 1)
    tmp = os.path.join(data, ".honours.csv.tmp")
    open(tmp, "w", encoding="utf-8").write(text)
    t0 = time.monotonic()
    os.rename(tmp, os.path.join(data, "honours.csv"))
    while True:
        s = read()
        if s and s.get("honours") != before.get("honours"): break
        if time.monotonic() - t0 > 10: p.terminate(); sys.exit("no reload within 10 s")
        time.sleep(0.002)
    lat.append((time.monotonic() - t0) * 1000)
    time.sleep(0.3)
p.terminate(); p.wait()
shutil.rmtree(root, ignore_errors=True)
print("rename to status.json: median %.0f ms, min %.0f, max %.0f over %d renames" % (statistics.median(lat), min(lat), max(lat), len(lat)))
