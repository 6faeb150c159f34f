"""Soak run: the real `kiosk run` for a set time while Scripts/soak/writer.py churns its data
folder; then the screen's status.json is checked against the disk. Exit 1 on any failure.

Usage: soak.py --binary PATH [--minutes N] [--work DIR] [--valgrind] [--window WxH]
Writes WORK/report.json, WORK/memory.csv (VmRSS and PSS every 10 s), WORK/kiosk.log and, under
valgrind, WORK/valgrind.log with the leaks sorted by Scripts/soak/leaks.py.
"""
import argparse
import glob
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, HERE)
from writer import Writer  # noqa: E402
import leaks  # noqa: E402


def memory(pid):
    """VmRSS and PSS in KiB (PSS from smaps_rollup: shared libraries counted by share)."""
    rss = pss = None
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                rss = int(line.split()[1])
    try:
        with open(f"/proc/{pid}/smaps_rollup") as f:
            for line in f:
                if line.startswith("Pss:"):
                    pss = int(line.split()[1])
    except OSError:
        pass
    return rss, pss


def read_status(state):
    try:
        with open(os.path.join(state, "status.json")) as f:
            return json.load(f)
    except (OSError, ValueError):
        return None


def kiosk(binary, *args):
    return subprocess.run([binary, *args], capture_output=True, text=True, timeout=300)


def disk_truth(binary, data, status):
    """What the files say, through the one-shot commands and by counting files."""
    check = kiosk(binary, "check", "--data", data)
    summary = re.search(r"(\d+) honours, (\d+) photos in (\d+) albums, (\d+) headlines", check.stderr)
    if not summary:
        raise RuntimeError(f"kiosk check said: {check.stderr}")
    honours = kiosk(binary, "honours", "--data", data).stdout.splitlines()
    visitors = json.loads(kiosk(binary, "visitors", "--data", data, "--at", status["updated"]).stdout)
    photo_files = [p for p in glob.glob(os.path.join(data, "gallery", "*", "*"))
                   if not os.path.basename(p).startswith(".") and not p.endswith((".part", ".tmp", "captions.csv"))]
    albums = {os.path.dirname(p) for p in photo_files}
    with open(os.path.join(data, "ticker.txt"), encoding="utf-8") as f:
        headlines = [l for l in f.read().splitlines() if l.strip() and not l.lstrip().startswith("#")]
    return {"check": [int(x) for x in summary.groups()], "check_problems": check.stdout.splitlines(),
            "honours_lines": len(honours), "visitors": visitors, "photo_files": len(photo_files),
            "album_folders": len(albums), "headlines": len(headlines)}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--binary", required=True)
    parser.add_argument("--minutes", type=float, default=10)
    parser.add_argument("--work", default="/tmp/kiosk-soak")
    parser.add_argument("--valgrind", action="store_true")
    parser.add_argument("--window", default="1280x720")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()

    work = args.work
    shutil.rmtree(work, ignore_errors=True)
    data, state = os.path.join(work, "data"), os.path.join(work, "state")
    shutil.copytree(os.path.join(ROOT, "Assets", "demo"), data)
    os.makedirs(state)
    sources = sorted(glob.glob(os.path.join(data, "gallery", "*", "*.jpg")))
    baseline = json.loads(kiosk(args.binary, "visitors", "--data", data).stdout)["total"]

    env = dict(os.environ, SDL_VIDEODRIVER=os.environ.get("SDL_VIDEODRIVER", "offscreen"))
    for name in ["NOTIFY_SOCKET", "WATCHDOG_USEC", "KIOSK_DATA", "STATE_DIRECTORY"]:
        env.pop(name, None)
    command = [args.binary, "run", "--data", data, "--state", state, "--window", args.window]
    valgrind_log = os.path.join(work, "valgrind.log")
    if args.valgrind:
        command = ["valgrind", "--leak-check=full", "--show-leak-kinds=definite,possible", "--num-callers=40", "--demangle=no",
                   f"--log-file={valgrind_log}", "--error-limit=no"] + command
    log = open(os.path.join(work, "kiosk.log"), "w")
    process = subprocess.Popen(command, env=env, stdout=log, stderr=subprocess.STDOUT)
    failures = []

    started = time.monotonic()
    while read_status(state) is None or "first frame on screen" not in open(os.path.join(work, "kiosk.log")).read():
        if process.poll() is not None or time.monotonic() - started > 300:
            print("soak: kiosk did not start; see", os.path.join(work, "kiosk.log"))
            return 1
        time.sleep(0.2)
    print(f"soak: kiosk up in {time.monotonic() - started:.1f} s, writer runs {args.minutes} min", flush=True)

    # Memory every 10 s, and a crash noticed the moment the process is gone.
    samples = []
    stop = threading.Event()

    def sample():
        t0 = time.monotonic()
        while not stop.is_set() and process.poll() is None:
            try:
                rss, pss = memory(process.pid)
                samples.append((round(time.monotonic() - t0), rss, pss))
            except OSError:
                break
            stop.wait(10)
    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()

    writer = Writer(data, args.minutes * 60, args.seed, sources)
    try:
        writer.run()
    except Exception as error:  # the writer must not stop silently
        failures.append(f"writer failed: {error!r}")
    ledger = writer.ledger()
    expected_total = baseline + ledger["visits"]

    # Quiet: the screen must settle on exactly what the disk holds.
    deadline = time.monotonic() + (120 if args.valgrind else 30)
    status = None
    while time.monotonic() < deadline and process.poll() is None:
        status = read_status(state)
        if status and status["visitors"]["total"] == expected_total and status["honours"] == ledger["honour_rows"] + 20 \
                and status["headlines"] == ledger["ticker_lines"]:
            break
        time.sleep(0.5)
    time.sleep(3)   # past the 2 s settle time of a file written in place, and the reload after it
    status = read_status(state)
    crashed = process.poll() is not None
    if not crashed:
        rss_end, pss_end = memory(process.pid)
        samples.append((round(time.monotonic() - started), rss_end, pss_end))
    stop.set()

    if crashed:
        failures.append(f"kiosk exited with {process.returncode} during the run")
    truth = disk_truth(args.binary, data, status) if status else None
    if status is None:
        failures.append("no status.json")
    else:
        def expect(what, seen, wanted):
            if seen != wanted:
                failures.append(f"{what}: screen {seen}, disk {wanted}")
        expect("honours", status["honours"], truth["honours_lines"])
        expect("honours vs kiosk check", status["honours"], truth["check"][0])
        expect("photos", status["photos"], truth["photo_files"])
        expect("photos vs kiosk check", status["photos"], truth["check"][1])
        expect("albums", status["albums"], truth["album_folders"])
        expect("headlines", status["headlines"], truth["headlines"])
        expect("headlines vs writer", status["headlines"], ledger["ticker_lines"])
        expect("visitors", status["visitors"], truth["visitors"])
        expect("visitor total vs lines written", status["visitors"]["total"], expected_total)
        screen_problems = sorted(p["path"] + "".join(f":{p[k]}" for k in ("line", "column") if p.get(k))
                                 + f": {p['severity']}: {p['message']}" for p in status["problems"])
        disk_problems = sorted(truth["check_problems"])
        expect("problems", screen_problems, disk_problems)

    # End cleanly (SIGTERM), as systemd stops it; under valgrind the leak summary is written then.
    exit_code = None
    if not crashed:
        process.send_signal(signal.SIGTERM)
        try:
            exit_code = process.wait(timeout=300 if args.valgrind else 10)
        except subprocess.TimeoutExpired:
            process.kill()
            failures.append("kiosk did not end on SIGTERM")
        if exit_code not in (0, None):
            failures.append(f"kiosk exited with {exit_code} on SIGTERM")

    with open(os.path.join(work, "memory.csv"), "w") as f:
        f.write("seconds,rss_kib,pss_kib\n")
        f.writelines(f"{t},{r},{p}\n" for t, r, p in samples)
    report = {"minutes": args.minutes, "valgrind": args.valgrind, "window": args.window, "writer": ledger,
              "visits_expected": expected_total, "status": status, "disk": truth, "exit_code": exit_code,
              "crashes": 1 if crashed else 0, "failures": failures}
    # Memory: start is the sample after the first minute (caches and the first decoded photos
    # are in by then), end the last one; a run shorter than 3 minutes uses the first sample.
    if samples and not args.valgrind:
        first = next((s for s in samples if s[0] >= 60), samples[0]) if args.minutes >= 3 else samples[0]
        last = samples[-1]
        report["memory"] = {"first_kib": samples[0][1:], "start_kib": first[1:], "end_kib": last[1:],
                            "start_at_s": first[0], "rss_growth_kib": last[1] - first[1],
                            "pss_growth_kib": (last[2] or 0) - (first[2] or 0),
                            "rss_max_kib": max(s[1] for s in samples)}
        if last[1] - first[1] > 5 * 1024:
            failures.append(f"RSS grew {last[1] - first[1]} KiB (limit 5120)")
    if args.valgrind:
        report["leaks"] = leaks.classify(valgrind_log)
        # Definitely lost fails; "possibly lost" (only an interior pointer to the block left,
        # e.g. dispatch sources' handlers alive until exit) is listed for a look, not failed.
        ours = report["leaks"]["by_owner"].get("ours", {})
        if ours.get("definitely"):
            failures.append(f"{ours['definitely']} bytes definitely lost in Kiosk's own code")
    with open(os.path.join(work, "report.json"), "w") as f:
        json.dump(report, f, indent=1, ensure_ascii=False)

    m = report.get("memory")
    print(f"soak: {args.minutes} min, writer {json.dumps(ledger)}")
    if m:
        print(f"soak: RSS {m['start_kib'][0] / 1024:.1f} MiB at {m['start_at_s']} s -> {m['end_kib'][0] / 1024:.1f} MiB at the end "
              f"(growth {m['rss_growth_kib'] / 1024:+.2f} MiB, first sample {m['first_kib'][0] / 1024:.1f}, max {m['rss_max_kib'] / 1024:.1f}); "
              f"PSS {m['start_kib'][1] / 1024:.1f} -> {m['end_kib'][1] / 1024:.1f} MiB")
    if status:
        print(f"soak: reloads {status.get('reloads')}, crashes {report['crashes']}, visits {status['visitors']['total']} "
              f"(expected {expected_total}), honours {status['honours']}, photos {status['photos']}, albums {status['albums']}, "
              f"headlines {status['headlines']}, problems {len(status['problems'])}")
    if args.valgrind:
        print(leaks.summary(report["leaks"]))
    for failure in failures:
        print("soak: FAIL", failure)
    print("soak:", "FAILED" if failures else "passed", "- report in", os.path.join(work, "report.json"))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
