"""Sorts valgrind memcheck's leak records (definitely and possibly lost) by whose code holds them.

A record belongs to whoever asked for the block: the first frame below malloc and Swift's own
allocators. Kiosk's when that frame is in one of its modules (the Swift targets KioskCore,
KioskData, KioskRender, kiosk, or the C shims' kiosk_* functions); otherwise the library's:
SDL, fontconfig/freetype, the Swift runtime (its metadata caches live until exit on purpose),
Foundation, glibc, Mesa. Needs valgrind's --demangle=no (names are demangled for the report).

Usage: leaks.py VALGRIND_LOG   (prints the summary and every record of ours)
"""
import os
import re
import subprocess
import sys

OURS = re.compile(r"^\$s(5kiosk|9KioskCore|9KioskData|11KioskRender)|^kiosk_[a-z_]+$")
THIRD_PARTY = {"$s14ArgumentParser": "ArgumentParser", "$s7Logging": "swift-log"}
RECORD = re.compile(r"==\d+== (?P<bytes>[\d,]+) (\([\d,]+ direct, [\d,]+ indirect\) )?bytes in [\d,]+ blocks are "
                    r"(?P<kind>definitely|possibly) lost in loss record")
FRAME = re.compile(r"==\d+==    (at|by) 0x[0-9A-F]+: (?P<fn>.*?) \((in (?P<obj>[^)]+)|(?P<src>[^)]+))\)")
ALLOCATORS = ("malloc", "calloc", "realloc", "posix_memalign", "memalign", "aligned_alloc", "_Znwm", "_Znam", "strdup",
              "swift_slowAlloc", "swift_allocObject", "swift_allocBox", "swift_allocEmptyBox")
LIBRARIES = (("SDL", "libSDL2"), ("fontconfig", "libfontconfig"), ("freetype", "libfreetype"), ("Swift runtime", "libswiftCore"),
             ("Foundation", "Foundation"), ("Dispatch", "libdispatch"), ("Mesa/GL", "mesa"), ("Mesa/GL", "libGL"),
             ("X11", "libX11"), ("glibc", "libc.so"), ("glibc", "ld-linux"), ("libjpeg", "libjpeg"), ("libpng", "libpng"),
             ("glib", "libglib"), ("expat", "libexpat"), ("glibc", "dl-tls"), ("glibc", "pthread_create"))


def owner(frames, binary):
    """Whose code asked for the block: the first frame below the allocators (valgrind run with
    --demangle=no, so a Swift frame names its module). Generic standard-library code compiled
    into the binary ($sS…, $ss…) and thunks are passed over to the code that called them."""
    for fn, where in frames:
        if fn.startswith(ALLOCATORS) or "vgpreload" in where:
            continue
        if binary and where.endswith(binary):
            if OURS.search(fn):
                return "ours"
            for prefix, name in THIRD_PARTY.items():
                if fn.startswith(prefix):
                    return name
            continue
        for name, key in LIBRARIES:
            if key in where:
                return name
        return where.rsplit("/", 1)[-1] or fn
    return "unknown"


def parse(path):
    records, current = [], None
    with open(path, errors="replace") as f:
        for line in f:
            match = RECORD.search(line)
            if match:
                current = {"bytes": int(match["bytes"].replace(",", "")), "kind": match["kind"], "frames": [], "text": [line.rstrip()]}
                records.append(current)
                continue
            if current is None:
                continue
            frame = FRAME.search(line)
            if frame:
                current["frames"].append((frame["fn"], frame["obj"] or frame["src"] or ""))
                current["text"].append(line.rstrip())
            elif line.strip().endswith("=="):
                current = None
    return records


def demangle(lines):
    try:
        return subprocess.run(["swift", "demangle", "--simplified"], input="\n".join(lines), capture_output=True,
                              text=True, timeout=60).stdout.splitlines()
    except (OSError, subprocess.SubprocessError):
        return lines


def classify(path, binary=None):
    by_owner, ours = {}, []
    if binary is None:
        with open(path, errors="replace") as f:
            command = next((l for l in f if "Command:" in l), "")
        binary = os.path.basename(command.split("Command:", 1)[-1].split()[0]) if command else None
    for record in parse(path):
        who = owner(record["frames"], binary)
        entry = by_owner.setdefault(who, {"definitely": 0, "possibly": 0, "records": 0})
        entry[record["kind"]] += record["bytes"]
        entry["records"] += 1
        if who == "ours":
            ours.append(demangle(record["text"]))
    totals = {}
    with open(path, errors="replace") as f:
        for line in f:
            m = re.search(r"(definitely|indirectly|possibly) lost: ([\d,]+) bytes in ([\d,]+) blocks", line)
            if m:
                totals[m[1]] = int(m[2].replace(",", ""))
            m = re.search(r"ERROR SUMMARY: ([\d,]+) errors", line)
            if m:
                totals["errors"] = int(m[1].replace(",", ""))
    return {"totals": totals, "by_owner": by_owner, "ours": ours}


def summary(result):
    lines = [f"leaks: valgrind totals {result['totals']}"]
    for who, entry in sorted(result["by_owner"].items(), key=lambda kv: -kv[1]["definitely"] - kv[1]["possibly"]):
        lines.append(f"leaks: {who:14} {entry['records']:4} records, definitely {entry['definitely']:8} B, possibly {entry['possibly']:8} B")
    for record in result["ours"]:
        lines.append("leaks: OURS\n  " + "\n  ".join(record))
    return "\n".join(lines)


if __name__ == "__main__":
    print(summary(classify(sys.argv[1])))
