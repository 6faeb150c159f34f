"""kill -9 at random moments, N times (100 by default), with the visitor counter checked exact
after every restart: visits are appended to two logs between kills (some while the screen
starts, some while it reads), the logs are rotated every 10 rounds (rename and create, the old
file kept under a *.log name), and after each restart status.json's total must equal the
visits written, and `kiosk visitors` must agree with it.

Usage: kill9.py --binary PATH [--rounds 100] [--work DIR]    (exit 1 on the first mismatch)
"""
import argparse
import datetime
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def status_total(state):
    try:
        with open(os.path.join(state, "status.json")) as f:
            return json.load(f)["visitors"]["total"]
    except (OSError, ValueError, KeyError):
        return None


def wait_for(condition, seconds):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.02)
    return condition()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--binary", required=True)
    parser.add_argument("--rounds", type=int, default=100)
    parser.add_argument("--work", default="/tmp/kiosk-kill9")
    parser.add_argument("--seed", type=int, default=9)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    shutil.rmtree(args.work, ignore_errors=True)
    data, state = os.path.join(args.work, "data"), os.path.join(args.work, "state")
    shutil.copytree(os.path.join(ROOT, "Assets", "demo"), data)
    visitors = os.path.join(data, "visitors")
    baseline = json.loads(subprocess.run([args.binary, "visitors", "--data", data], capture_output=True, text=True).stdout)["total"]
    env = dict(os.environ, SDL_VIDEODRIVER="offscreen")
    log = open(os.path.join(args.work, "kiosk.log"), "w")
    written = 0
    rotations = 0
    startup = []

    def append(name, count):
        nonlocal written
        stamp = (datetime.datetime.now(datetime.timezone.utc) - datetime.timedelta(seconds=30)).isoformat(timespec="seconds")
        visits = [rng.randint(1, 3) for _ in range(count)]
        fd = os.open(os.path.join(visitors, name), os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
        os.write(fd, "".join(f"{stamp} in {v}\n" for v in visits).encode())
        os.close(fd)
        written += sum(visits)

    def start():
        try:
            os.unlink(os.path.join(state, "status.json"))
        except FileNotFoundError:
            pass
        t0 = time.monotonic()
        process = subprocess.Popen([args.binary, "run", "--data", data, "--state", state, "--window", "320x180", "--scene", "counter"],
                                   env=env, stdout=log, stderr=subprocess.STDOUT)
        return process, t0

    process, t0 = start()
    failures = []
    for round in range(1, args.rounds + 1):
        # Visits while it starts, while it runs, and a kill at a random moment among them.
        for _ in range(rng.randint(1, 6)):
            append("entrance.log" if rng.random() < 0.6 else "gate-2.log", rng.randint(1, 40))
            time.sleep(rng.uniform(0, 0.08))
        if round % 10 == 0:
            rotations += 1
            os.rename(os.path.join(visitors, "entrance.log"), os.path.join(visitors, f"entrance-{rotations:03d}.log"))
            append(f"entrance-{rotations:03d}.log", 3)   # logrotate's last writer, after the rename
            append("entrance.log", 2)
        time.sleep(rng.uniform(0, 0.4))
        process.send_signal(signal.SIGKILL)
        process.wait()
        process, t0 = start()
        expected = baseline + written
        exact = wait_for(lambda: status_total(state) == expected, 20)
        startup.append(time.monotonic() - t0)
        seen = status_total(state)
        if not exact:
            failures.append(f"round {round}: status.json total {seen}, expected {expected}")
        print(f"kill9: round {round:3}: total {seen} expected {expected} {'ok' if exact else 'WRONG'}", flush=True)
    process.send_signal(signal.SIGTERM)
    process.wait(timeout=10)
    disk = json.loads(subprocess.run([args.binary, "visitors", "--data", data], capture_output=True, text=True).stdout)["total"]
    if disk != baseline + written:
        failures.append(f"kiosk visitors says {disk}, written {baseline + written}")
    print(f"kill9: {args.rounds} rounds, {rotations} rotations, {written} visits written, final {status_total(state)}, "
          f"kiosk visitors {disk}; restart to exact status median {sorted(startup)[len(startup) // 2]:.2f} s, max {max(startup):.2f} s")
    for failure in failures:
        print("kill9: FAIL", failure)
    print("kill9:", "FAILED" if failures else "passed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
