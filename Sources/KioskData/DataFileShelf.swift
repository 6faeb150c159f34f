import FoundationEssentials
import Glibc
import KioskCore

/// The rules of one load of the data folder: when it runs, which files the watcher saw finished,
/// and when the next attempt should be for a file that was not ready.
final class LoadPass {
    let now: Date
    /// Files whose writer closed them or renamed them into place since the last load.
    let finished: Set<String>
    /// A file modified less than this long ago, and not seen finished, may still be being
    /// written: its last good version stays until it is finished or this much time passes.
    let settle: TimeInterval
    /// Data files larger than this are refused (a misplaced export or a runaway writer).
    let sizeCap: Int
    /// The earliest moment a file that was not ready should be read again.
    private(set) var retryAt: Date?
    /// The files parsed during this pass (the others were unchanged or not ready).
    var parsed: [String] = []

    init(now: Date, finished: Set<String>, settle: TimeInterval, sizeCap: Int) {
        self.now = now; self.finished = finished; self.settle = settle; self.sizeCap = sizeCap
    }

    func retry(at date: Date) { retryAt = min(retryAt ?? date, date) }

    func isSettled(_ relative: String, _ stamp: FileStamp) -> Bool {
        settle <= 0 || finished.contains(relative) || abs(now.timeIntervalSince(stamp.modifiedDate)) >= settle
    }
}

/// What one data file last said, remembered so that an unchanged file is not parsed again and a
/// broken one never takes its last good version off the screen.
struct FileMemory<Value> {
    /// The file as it was when it was last parsed.
    var stamp: FileStamp
    /// The problems that reading found (they stay reported while the file stays as it is).
    var problems: [Problem]
    /// The value of the last version of this file that was usable, if any.
    var lastGood: Value?
}

/// Every file of one kind (honour rolls, captions…), each read only when its stamp changed and
/// only when it is finished: complete, not growing while read, not over the size cap.
final class DataFileShelf<Value> {
    private var memory: [String: FileMemory<Value>] = [:]
    private var seen: Set<String> = []

    /// Starts a load: files not read during it are forgotten at `endLoad`.
    func beginLoad() { seen = [] }
    func endLoad() { memory = memory.filter { seen.contains($0.key) } }

    /// The value and problems of `relative` (found at `path`), or nil when the file is not there.
    /// `parse` returns nil for a file that cannot be used at all.
    func read(_ relative: String, at path: String, pass: LoadPass,
              parse: (Data) -> (value: Value?, problems: [Problem])) -> (value: Value?, problems: [Problem])? {
        guard let stamp = FileStamp(path: path) else { return nil }
        seen.insert(relative)
        let previous = memory[relative]
        if let previous, previous.stamp == stamp { return (previous.lastGood, previous.problems) }
        let kept = (previous?.lastGood, previous?.problems ?? [])

        if !pass.isSettled(relative, stamp) {
            pass.retry(at: stamp.modifiedDate.addingTimeInterval(pass.settle))
            // With a good version to show, wait for this one to finish. Without one (a new
            // file, a start-up right after a copy), read it now: the checks below refuse a file
            // cut off mid-row, and the retry reads it again once it has settled.
            if previous?.lastGood != nil { return kept }
        }
        if stamp.size > Int64(pass.sizeCap) {
            return remember(relative, stamp, previous, problems: [Problem(
                path: relative, severity: .error,
                message: "file is \(Self.mebibytes(stamp.size)) MiB, over the \(pass.sizeCap >> 20) MiB limit; not loaded")])
        }
        let data: Data
        switch Self.readWhole(path, expecting: stamp) {
        case .unreadable(let reason):
            return remember(relative, stamp, previous, problems: [Problem(path: relative, severity: .error, message: "cannot be read (\(reason))")])
        case .changedWhileRead:
            // A writer is at work right now: try again shortly, show the last good meanwhile.
            pass.retry(at: pass.now.addingTimeInterval(0.25))
            return kept
        case .complete(let bytes):
            data = bytes
        }
        pass.parsed.append(relative)
        let parsed = parse(data)
        if let value = parsed.value {
            memory[relative] = FileMemory(stamp: stamp, problems: parsed.problems, lastGood: value)
            return (value, parsed.problems)
        }
        return remember(relative, stamp, previous, problems: parsed.problems)
    }

    /// Records an unusable version: its problems, plus what the screen shows instead.
    private func remember(_ relative: String, _ stamp: FileStamp, _ previous: FileMemory<Value>?,
                          problems: [Problem]) -> (value: Value?, problems: [Problem]) {
        let lastGood = previous?.lastGood
        let consequence = Problem(path: relative, severity: .warning, message: lastGood == nil
            ? "this version is not used; nothing from this file is shown until it is fixed"
            : "this version is not used; the last good version stays on screen until it is fixed")
        let all = problems + [consequence]
        memory[relative] = FileMemory(stamp: stamp, problems: all, lastGood: lastGood)
        return (lastGood, all)
    }

    enum WholeRead { case complete(Data), changedWhileRead, unreadable(String) }

    /// Reads a file to its end and checks, on the same descriptor, that nobody wrote to it meanwhile.
    static func readWhole(_ path: String, expecting stamp: FileStamp) -> WholeRead {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return .unreadable(String(cString: strerror(errno))) }
        defer { close(fd) }
        guard let opened = FileStamp(descriptor: fd), opened == stamp else { return .changedWhileRead }
        var data = Data(count: Int(stamp.size))
        var filled = 0
        let failure: Int32? = data.withUnsafeMutableBytes { buffer -> Int32? in
            while filled < buffer.count {
                let count = Glibc.read(fd, buffer.baseAddress! + filled, buffer.count - filled)
                if count < 0 { if errno == EINTR { continue }; return errno }
                if count == 0 { break }
                filled += count
            }
            return nil
        }
        if let failure { return .unreadable(String(cString: strerror(failure))) }
        // Shorter than stat said, longer (a byte more is waiting), or touched while read: in progress.
        var probe: UInt8 = 0
        if filled != data.count || Glibc.read(fd, &probe, 1) != 0 { return .changedWhileRead }
        guard FileStamp(descriptor: fd) == stamp else { return .changedWhileRead }
        return .complete(data)
    }

    static func mebibytes(_ size: Int64) -> String { Digits.fixed(Double(size) / 1_048_576, decimals: 1) }
}
