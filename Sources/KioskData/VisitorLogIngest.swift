import FoundationEssentials
import Glibc
import Dispatch
import KioskCore

/// Follows `visitors/*.log` the way `tail -F` does, so that every visit is counted exactly once
/// across appends, restarts, power cuts and log rotation.
///
/// A log is followed by its device and inode, not its name: a rotated log (`entrance.log` renamed
/// to `entrance.log.1`) is read to its end before it is let go, whatever its new name, and only
/// new bytes are read after the first pass. The first bytes of each log are remembered: a log
/// that shrank below what was read or starts differently was truncated or replaced (copytruncate,
/// `: > file`, a new file that got the old inode), and is read again from its start; a copy that
/// logrotate made before truncating is read past the old offset first, so lines written just
/// before the truncation still count. Visits of logs that are gone stay counted (`retired`).
///
/// With a checkpoint path, what was read is saved (see `VisitorCheckpoint`) and a restart resumes
/// from there.
public final class VisitorLogIngest {
    /// Where a followed log stands.
    private struct Followed {
        var log: VisitorCheckpoint.Log
        /// Held open so a log deleted or renamed before it was read to its end can still be read.
        var descriptor: Int32 = -1
    }

    private struct FileKey: Hashable { var device: UInt64; var inode: UInt64 }
    private struct Listed { var name: String; var size: Int64 }

    static let prefixLength = 64
    /// A longer run of bytes without a newline is not a visit line.
    static let longestLine = 1 << 20
    /// Bytes read at a time: large enough to split over the cores, small enough to keep in memory.
    var batchSize = 8 << 20
    /// A batch is split only into parts at least this long (small appends stay on one thread).
    var minimumPart = 1 << 20
    /// The cores, at most 4.
    public static let defaultWorkers = max(1, min(ProcessInfo.processInfo.activeProcessorCount, 4))

    let folder: String
    let relativeFolder: String
    let checkpointPath: String?
    /// Save at most this often while only appends happen; rotations and resets are saved at once.
    var saveInterval: TimeInterval = 2
    /// False: `refresh` only books a save (`saveDueAt`, now when it is due at once) and the
    /// caller makes it with `saveIfDue` once the counts are on screen, so the checkpoint's
    /// write and fsync are not in the way of a visit line reaching the counter.
    public var savesDuringRefresh = true
    /// Threads a large batch is parsed on (`kiosk-bench` also times 1).
    public var workers = VisitorLogIngest.defaultWorkers

    private var followed: [FileKey: Followed] = [:]
    private var retired = VisitorLedger()
    private var combined = VisitorLedger()
    private var zone: String?
    private var unsaved = false
    private var lastSave = Date.distantPast
    private var lastCompaction: Int64?
    /// Pages of days before this are read compact (no compaction without a checkpoint).
    private var detailFromDay: Int64 = .min
    /// When a save was put off by `saveInterval`: the loader reloads then to make it.
    private(set) var saveDueAt: Date?
    /// Why the last save failed, reported until one succeeds.
    private(set) var saveProblem: Problem?

    public init(folder: String, relativeFolder: String = "visitors", checkpointPath: String?) {
        self.folder = folder
        self.relativeFolder = relativeFolder
        self.checkpointPath = checkpointPath
        if let checkpointPath, let bytes = FileManager.default.contents(atPath: checkpointPath),
           let checkpoint = VisitorCheckpoint(decoding: Array(bytes), logPathPrefix: relativeFolder + "/") {
            zone = checkpoint.zone
            retired = checkpoint.retired
            for log in checkpoint.logs { followed[FileKey(device: log.device, inode: log.inode)] = Followed(log: log) }
            recombine()
        }
    }

    deinit {
        for entry in followed.values where entry.descriptor >= 0 { close(entry.descriptor) }
    }

    /// Reads what is new in the folder; returns all visits counted so far and the bad lines.
    public func refresh(timeZone: ZoneRules, now: Date = Date()) -> (ledger: VisitorLedger, problems: [Problem]) {
        var structural = false
        if zone != timeZone.identifier {
            // Lines without an offset were read in another zone: read the logs again. Visits of
            // logs that are gone cannot be read again and stay as they were counted.
            if zone != nil { for key in followed.keys { reset(key, keepingVisits: false) } }
            zone = timeZone.identifier
            structural = true
        }
        if checkpointPath != nil { detailFromDay = Self.detailFromDay(at: now) }
        let listing = list()
        for key in Array(followed.keys) {
            if let listed = listing[key], !isReused(key, listed) {
                structural = follow(key, listed, listing, timeZone) || structural
            } else {
                // Deleted, replaced or moved out of the folder: read what the open descriptor still
                // reaches, then go on in its replacement if there is one, else let it go.
                if followed[key]!.descriptor >= 0 { readNew(key, timeZone) }
                if let successor = replacement(of: key, listing) {
                    adopt(key, as: successor)
                    _ = follow(successor, listing[successor]!, listing, timeZone)
                } else {
                    retire(key)
                }
                structural = true
            }
        }
        for (key, listed) in listing where followed[key] == nil && listed.name.hasSuffix(".log") {
            followed[key] = Followed(log: VisitorCheckpoint.Log(device: key.device, inode: key.inode, name: listed.name, offset: 0,
                                                                lines: 0, prefix: [], ledger: VisitorLedger(), problems: []))
            _ = follow(key, listed, listing, timeZone)
            structural = true
        }
        compactIfDue(now)
        saveIfDue(now, structural: structural)
        var problems = followed.values.sorted { $0.log.name < $1.log.name }.flatMap { entry in
            entry.log.problems.map { var p = $0; p.path = relativeFolder + "/" + entry.log.name; return p }
        }
        if let saveProblem { problems.append(saveProblem) }
        return (combined, problems)
    }

    /// Makes a pending save now (a clean exit).
    public func flush() { if unsaved { save(Date()) } }

    // MARK: - Following one log

    /// Reads what is new in one followed log; true when it had to start over.
    private func follow(_ key: FileKey, _ listed: Listed, _ listing: [FileKey: Listed], _ timeZone: ZoneRules) -> Bool {
        followed[key]!.log.name = listed.name
        guard openIfNeeded(key, listed.name) else { return false }
        let log = followed[key]!.log
        let size = currentSize(key) ?? listed.size
        var startedOver = false
        if size < log.offset || !prefixMatches(key, log.prefix) {
            recoverFromCopy(key, listing, timeZone)
            reset(key, keepingVisits: true)
            startedOver = true
        }
        readNew(key, timeZone)
        return startedOver
    }

    /// After a restart nothing holds a log open, and the file system may have given a deleted
    /// log's inode to a new file: under another name and with other first bytes, it is not the log.
    private func isReused(_ key: FileKey, _ listed: Listed) -> Bool {
        let entry = followed[key]!
        guard entry.descriptor < 0, listed.name != entry.log.name, !entry.log.prefix.isEmpty else { return false }
        return file(listed.name, startsWith: entry.log.prefix) == false
    }

    /// Whether the file called `name` begins with `prefix`; nil when it cannot be opened.
    private func file(_ name: String, startsWith prefix: [UInt8]) -> Bool? {
        let fd = open(folder + "/" + name, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        return Self.readBytes(fd, at: 0, count: prefix.count) == prefix
    }

    /// A file under the same name that starts with the same bytes and is at least as long: the
    /// log rewritten whole (a sync tool replacing it by rename, a release folder switched with its
    /// logs copied along). It goes on where the log stood, so its old lines are not counted twice.
    private func replacement(of key: FileKey, _ listing: [FileKey: Listed]) -> FileKey? {
        let log = followed[key]!.log
        for (other, listed) in listing where followed[other] == nil && listed.name == log.name && listed.size >= log.offset {
            if file(listed.name, startsWith: log.prefix) == true { return other }
        }
        return nil
    }

    private func adopt(_ key: FileKey, as successor: FileKey) {
        guard var entry = followed.removeValue(forKey: key) else { return }
        if entry.descriptor >= 0 { close(entry.descriptor) }
        entry.descriptor = -1
        entry.log.device = successor.device
        entry.log.inode = successor.inode
        followed[successor] = entry
        unsaved = true
    }

    /// copytruncate: logrotate copied the log, then truncated it. Lines written between our last
    /// read and the copy are only in the copy: read it from our offset.
    private func recoverFromCopy(_ key: FileKey, _ listing: [FileKey: Listed], _ timeZone: ZoneRules) {
        let log = followed[key]!.log
        guard log.offset > 0 else { return }
        for (otherKey, other) in listing where otherKey != key && followed[otherKey] == nil && other.size >= log.offset {
            let fd = open(folder + "/" + other.name, O_RDONLY | O_CLOEXEC)
            guard fd >= 0 else { continue }
            defer { close(fd) }
            guard Self.readBytes(fd, at: 0, count: log.prefix.count) == log.prefix else { continue }
            readNew(key, timeZone, from: fd)
            return
        }
    }

    /// Reads complete lines from the log's offset to the end of `fd` (the log's own by default).
    private func readNew(_ key: FileKey, _ timeZone: ZoneRules, from other: Int32? = nil) {
        guard let fd = other ?? followed[key].map(\.descriptor), fd >= 0 else { return }
        var info = stat()
        let size = fstat(fd, &info) == 0 ? Int64(info.st_size) : Int64(batchSize)
        // Room for what is there now (a byte more, to notice growth) within one batch, and never less
        // than the longest line worth waiting for: a line without its end in a full buffer is skipped.
        let capacity = Int(min(Int64(batchSize), max(Int64(Self.longestLine), size - followed[key]!.log.offset + 1)))
        var buffer = [UInt8](repeating: 0, count: capacity)
        while true {
            let log = followed[key]!.log
            let n = buffer.withUnsafeMutableBytes {
                Self.read(fd, into: $0.baseAddress!, count: capacity, at: log.offset, parts: capacity >= 2 * minimumPart ? workers : 1)
            }
            guard n > 0 else { return }
            let path = relativeFolder + "/" + log.name
            var read = buffer.withUnsafeBytes { raw in
                Self.parse(UnsafeRawBufferPointer(rebasing: raw[0..<n]), path: path, timeZone: timeZone,
                           firstLine: log.lines + 1, detailFromDay: detailFromDay, problemLimit: max(0, 100 - log.problems.count),
                           workers: workers, minimumPart: minimumPart)
            }
            if read.consumed == 0 {
                // No line end in a whole batch: not a visit log line; skip it rather than stall.
                guard n == capacity else { return }
                read.consumed = n
                read.lines = 0
                read.problems = [Problem(path: path, line: log.lines + 1, severity: .error,
                                         message: "a line longer than \(capacity) bytes is not a visit line; skipped")]
            }
            let consumed = read.consumed
            // Changed in place: a copy of the entry would copy its ledger on every batch.
            update(key) { log in
                if log.prefix.count < Self.prefixLength, log.offset < Int64(Self.prefixLength) {
                    log.prefix += buffer[0..<min(Self.prefixLength - Int(log.offset), consumed)]
                }
                log.offset += Int64(consumed)
                log.lines += read.lines
                log.ledger.merge(read.ledger)
                log.problems += read.problems.prefix(max(0, 100 - log.problems.count))
            }
            combined.merge(read.ledger)
            unsaved = true
            if n < capacity { return }
        }
    }

    /// `pread` of `count` bytes at `offset`, in `parts` pieces side by side: the kernel's copy
    /// out of the page cache was a sixth of a cold ingest and ran on one core while the other
    /// waited for the batch. Returns what one `pread` of the whole would: the bytes read up to
    /// the first short piece (the end of the file), or -1 when the first piece fails.
    static func read(_ fd: Int32, into buffer: UnsafeMutableRawPointer, count: Int, at offset: Int64, parts: Int) -> Int {
        read(into: buffer, count: count, at: offset, parts: parts) { pread(fd, $0, $1, off_t($2)) }
    }

    /// `read(_:into:count:at:parts:)` through `readAt(buffer, count, offset)`. A piece that
    /// comes back short ends the read there even if a later one got bytes: the file grew
    /// between the two, and those bytes are read again, in order, with the next batch.
    static func read(into buffer: UnsafeMutableRawPointer, count: Int, at offset: Int64, parts: Int,
                     readAt: (UnsafeMutableRawPointer, Int, Int64) -> Int) -> Int {
        guard parts > 1 else { return readAt(buffer, count, offset) }
        var results = [Int](repeating: 0, count: parts)
        let bounds = (0...parts).map { count * $0 / parts }
        results.withUnsafeMutableBufferPointer { results in
            let results = results
            DispatchQueue.concurrentPerform(iterations: parts) { part in
                let length = bounds[part + 1] - bounds[part]
                results[part] = readAt(buffer + bounds[part], length, offset + Int64(bounds[part]))
            }
        }
        var total = 0
        for part in 0..<parts {
            guard results[part] >= 0 else { return part == 0 ? -1 : total }
            total += results[part]
            if results[part] < bounds[part + 1] - bounds[part] { break }
        }
        return total
    }

    /// What the lines of one batch hold.
    private struct BatchRead {
        var consumed = 0
        var lines = 0
        var ledger = VisitorLedger()
        var problems: [Problem] = []
    }

    /// Parses the complete lines of `bytes`. A large batch is cut at line ends into one part a core,
    /// parsed side by side: a cold start on years of logs then takes a fraction of the time. Line
    /// numbers of later parts are put right once the lines of the parts before them are known.
    private static func parse(_ bytes: UnsafeRawBufferPointer, path: String, timeZone: ZoneRules, firstLine: Int,
                              detailFromDay: Int64, problemLimit: Int, workers: Int, minimumPart: Int) -> BatchRead {
        let parts = bytes.count >= 2 * minimumPart ? max(1, min(workers, bytes.count / minimumPart)) : 1
        var bounds = [0]
        let base = bytes.baseAddress!.assumingMemoryBound(to: UInt8.self)
        for part in 1..<parts {
            let target = max(bounds.last!, bytes.count * part / parts)
            guard let newline = memchr(base + target, 0x0A, bytes.count - target) else { break }
            bounds.append(UnsafeRawPointer(newline) - bytes.baseAddress! + 1)
        }
        bounds.append(bytes.count)
        var reads = [BatchRead](repeating: BatchRead(), count: bounds.count - 1)
        reads.withUnsafeMutableBufferPointer { results in
            let results = results
            DispatchQueue.concurrentPerform(iterations: results.count) { part in
                var read = BatchRead()
                read.ledger.detailFromDay = detailFromDay
                let slice = UnsafeRawBufferPointer(rebasing: bytes[bounds[part]..<bounds[part + 1]])
                (read.consumed, read.lines) = VisitorLogParser.parse(bytes: slice, path: path, timeZone: timeZone, firstLine: 1,
                                                                     into: &read.ledger, problems: &read.problems,
                                                                     problemLimit: problemLimit)
                results[part] = read
            }
        }
        var total = BatchRead()
        for read in reads {
            // A part before the last always ends at a line end, so the consumed bytes are contiguous.
            let shift = firstLine - 1 + total.lines
            total.problems += read.problems.map { var p = $0; p.line = p.line.map { $0 + shift }; return p }
            total.consumed += read.consumed
            total.lines += read.lines
            total.ledger.merge(read.ledger)
        }
        total.problems = Array(total.problems.prefix(problemLimit))
        return total
    }

    private func update(_ key: FileKey, _ change: (inout VisitorCheckpoint.Log) -> Void) {
        change(&followed[key]!.log)
    }

    private func openIfNeeded(_ key: FileKey, _ name: String) -> Bool {
        if followed[key]!.descriptor >= 0 { return true }
        let fd = open(folder + "/" + name, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return false }
        var info = stat()
        // The name may have moved on to another file since it was listed.
        guard fstat(fd, &info) == 0, UInt64(info.st_dev) == key.device, UInt64(info.st_ino) == key.inode else {
            close(fd)
            return false
        }
        followed[key]!.descriptor = fd
        return true
    }

    private func currentSize(_ key: FileKey) -> Int64? {
        var info = stat()
        guard let fd = followed[key]?.descriptor, fd >= 0, fstat(fd, &info) == 0 else { return nil }
        return Int64(info.st_size)
    }

    private func prefixMatches(_ key: FileKey, _ prefix: [UInt8]) -> Bool {
        prefix.isEmpty || Self.readBytes(followed[key]!.descriptor, at: 0, count: prefix.count) == prefix
    }

    private static func readBytes(_ fd: Int32, at offset: Int64, count: Int) -> [UInt8]? {
        var bytes = [UInt8](repeating: 0, count: count)
        let n = bytes.withUnsafeMutableBytes { pread(fd, $0.baseAddress, count, off_t(offset)) }
        return n == count ? bytes : nil
    }

    /// Starts a log over from its first byte; its visits so far stay counted unless they are
    /// about to be read again (`keepingVisits: false`, a change of time zone).
    private func reset(_ key: FileKey, keepingVisits: Bool) {
        guard var entry = followed[key] else { return }
        if keepingVisits { retired.merge(entry.log.ledger) }
        entry.log.offset = 0
        entry.log.lines = 0
        entry.log.prefix = []
        entry.log.ledger = VisitorLedger()
        entry.log.problems = []
        followed[key] = entry
        if !keepingVisits { recombine() }
        unsaved = true
    }

    /// A log that is gone: its visits stay counted, it is no longer followed.
    private func retire(_ key: FileKey) {
        guard let entry = followed.removeValue(forKey: key) else { return }
        if entry.descriptor >= 0 { close(entry.descriptor) }
        retired.merge(entry.log.ledger)
        unsaved = true
    }

    private func recombine() {
        combined = retired
        for entry in followed.values { combined.merge(entry.log.ledger) }
    }

    /// Regular files in the folder by identity; temporary and hidden names left out.
    private func list() -> [FileKey: Listed] {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder) else { return [:] }
        var listing: [FileKey: Listed] = [:]
        for name in names where !TemporaryNames.isIgnored(name) {
            var info = stat()
            guard lstat(folder + "/" + name, &info) == 0, info.st_mode & S_IFMT == S_IFREG else { continue }
            listing[FileKey(device: UInt64(info.st_dev), inode: UInt64(info.st_ino))] = Listed(name: name, size: Int64(info.st_size))
        }
        return listing
    }

    // MARK: - Memory and the checkpoint

    /// Once an hour, days that ended two days ago or earlier become quarter hours (see
    /// `MinuteCounts`), and pages read for such days are compact from the start.
    /// Only for the screen (with a checkpoint): `kiosk visitors --at` may ask for "now" at any past
    /// minute, and a one-shot command has no memory to save.
    private func compactIfDue(_ now: Date) {
        guard checkpointPath != nil else { return }
        let minute = Int64((now.timeIntervalSince1970 / 60).rounded(.down))
        if let last = lastCompaction, abs(minute - last) < 60 { return }
        lastCompaction = minute
        retired.compact(beforeDay: detailFromDay)
        combined.compact(beforeDay: detailFromDay)
        for key in followed.keys { followed[key]!.log.ledger.compact(beforeDay: detailFromDay) }
        unsaved = true
    }

    /// The first UTC day kept in single minutes: the day of two days (2,880 minutes) ago.
    static func detailFromDay(at now: Date) -> Int64 {
        (Int64((now.timeIntervalSince1970 / 60).rounded(.down)) - 2 * 1440).floorDivided(by: 1440)
    }

    private func saveIfDue(_ now: Date, structural: Bool) {
        guard checkpointPath != nil, unsaved else { saveDueAt = nil; return }
        if structural || now.timeIntervalSince(lastSave) >= saveInterval || now < lastSave {
            if savesDuringRefresh { save(now) } else { saveDueAt = min(saveDueAt ?? now, now) }
        } else {
            saveDueAt = min(saveDueAt ?? .distantFuture, lastSave.addingTimeInterval(saveInterval))
        }
    }

    /// Makes the save `refresh` booked, when it is due (see `savesDuringRefresh`).
    public func saveIfDue(now: Date = Date()) {
        guard let due = saveDueAt, due <= now else { return }
        if unsaved { save(now) } else { saveDueAt = nil }
    }

    private func save(_ now: Date) {
        guard let checkpointPath else { return }
        let checkpoint = VisitorCheckpoint(zone: zone ?? "", retired: retired,
                                           logs: followed.values.map(\.log).sorted { ($0.device, $0.inode) < ($1.device, $1.inode) })
        do {
            try VisitorCheckpoint.writeAtomically(checkpoint.encoded(), to: checkpointPath)
            unsaved = false
            saveProblem = nil
            saveDueAt = nil
        } catch {
            // A full or read-only state folder: counting goes on in memory; say so, retry later.
            saveProblem = Problem(path: checkpointPath, severity: .warning,
                                  message: "visitor counts cannot be saved (\(error)); they are kept in memory and re-read after a restart")
            saveDueAt = now.addingTimeInterval(30)
        }
        lastSave = now
    }
}
