import FoundationEssentials
import Glibc
import KioskCore

/// What the visit-log ingest has read, saved in the state folder so that a restart resumes where
/// it stopped instead of reading years of logs again.
///
/// For each followed log: its device and inode, its first bytes (to notice a file that was
/// truncated or replaced), the offset read up to, and the visits those bytes stand for. Visits
/// of logs that are gone (rotated away and deleted) are kept in `retired`. The file is written
/// to a temporary name, synced and renamed over the old one, so a power cut leaves either the
/// old or the new checkpoint; the counts are consistent with the offsets in both, and the bytes
/// after an old offset are simply read again. A checkpoint that fails its checksum is ignored
/// (a full re-read gives the same figures, only slower).
struct VisitorCheckpoint: Equatable {
    /// One followed log.
    struct Log: Equatable {
        var device: UInt64
        var inode: UInt64
        var name: String
        var offset: Int64
        var lines: Int
        var prefix: [UInt8]
        var ledger: VisitorLedger
        var problems: [Problem]
    }

    /// The time zone lines without an offset were read in: another zone means reading again.
    var zone: String
    var retired: VisitorLedger
    var logs: [Log]

    static let magic = Array("KIOSK-VISITS 2\n".utf8)

    func encoded() -> [UInt8] {
        var out = CheckpointWriter()
        out.bytes(Self.magic)
        out.string(zone)
        out.ledger(retired)
        out.unsigned(UInt64(logs.count))
        for log in logs {
            out.unsigned(log.device); out.unsigned(log.inode); out.string(log.name)
            out.unsigned(UInt64(log.offset)); out.unsigned(UInt64(log.lines)); out.data(log.prefix)
            out.ledger(log.ledger)
            out.unsigned(UInt64(log.problems.count))
            for problem in log.problems {
                out.unsigned(UInt64(problem.line ?? 0)); out.unsigned(UInt64(problem.column ?? 0))
                out.unsigned(problem.severity == .error ? 1 : 0); out.string(problem.message)
            }
        }
        let sum = CheckpointWriter.checksum(out.buffer)
        for shift in stride(from: 0, to: 64, by: 8) { out.buffer.append(UInt8(truncatingIfNeeded: sum >> UInt64(shift))) }
        return out.buffer
    }

    /// nil for anything that is not a whole, intact checkpoint of this version.
    init?(decoding bytes: [UInt8], logPathPrefix: String) {
        guard bytes.count >= Self.magic.count + 8 else { return nil }
        let body = bytes[..<(bytes.count - 8)]
        var stored: UInt64 = 0
        for (i, byte) in bytes.suffix(8).enumerated() { stored |= UInt64(byte) << UInt64(i * 8) }
        guard CheckpointWriter.checksum(body) == stored else { return nil }
        var input = CheckpointReader(body)
        guard input.bytes(Self.magic.count) == Self.magic, let zone = input.string(), let retired = input.ledger(),
              let count = input.unsigned(), count < 1_000_000 else { return nil }
        var logs: [Log] = []
        for _ in 0..<count {
            guard let device = input.unsigned(), let inode = input.unsigned(), let name = input.string(),
                  let offset = input.unsigned(), let lines = input.unsigned(), let prefix = input.data(),
                  let ledger = input.ledger(), let problemCount = input.unsigned(), problemCount < 100_000 else { return nil }
            var problems: [Problem] = []
            for _ in 0..<problemCount {
                guard let line = input.unsigned(), let column = input.unsigned(), let severity = input.unsigned(),
                      let message = input.string() else { return nil }
                problems.append(Problem(path: logPathPrefix + name, line: line == 0 ? nil : Int(line),
                                        column: column == 0 ? nil : Int(column), severity: severity == 1 ? .error : .warning,
                                        message: message))
            }
            logs.append(Log(device: device, inode: inode, name: name, offset: Int64(offset), lines: Int(lines), prefix: prefix,
                            ledger: ledger, problems: problems))
        }
        guard input.atEnd else { return nil }
        self.init(zone: zone, retired: retired, logs: logs)
    }

    init(zone: String, retired: VisitorLedger, logs: [Log]) {
        self.zone = zone; self.retired = retired; self.logs = logs
    }

    /// Writes `bytes` to `path` so that a crash at any instant leaves the old or the new file:
    /// a temporary file, fsync, rename, fsync of the folder.
    static func writeAtomically(_ bytes: [UInt8], to path: String) throws {
        let folder = PathText.parent(of: path)
        let temporary = path + ".new"
        let fd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw CheckpointError(operation: "create \(temporary)", code: errno) }
        var written = 0
        while written < bytes.count {
            let n = bytes[written...].withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
            if n < 0 && errno == EINTR { continue }
            guard n > 0 else { let code = errno; close(fd); unlink(temporary); throw CheckpointError(operation: "write \(temporary)", code: code) }
            written += n
        }
        guard fsync(fd) == 0 else { let code = errno; close(fd); unlink(temporary); throw CheckpointError(operation: "fsync \(temporary)", code: code) }
        close(fd)
        guard rename(temporary, path) == 0 else { let code = errno; unlink(temporary); throw CheckpointError(operation: "rename to \(path)", code: code) }
        let dir = open(folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if dir >= 0 { fsync(dir); close(dir) }
    }
}

/// A checkpoint that could not be written (state folder full, read-only, gone).
struct CheckpointError: Error, CustomStringConvertible {
    var operation: String
    var code: Int32
    var description: String { "cannot \(operation): \(String(cString: strerror(code)))" }
}

/// Little-endian varints and length-prefixed bytes.
private struct CheckpointWriter {
    var buffer: [UInt8] = []

    mutating func unsigned(_ value: UInt64) {
        var v = value
        while v >= 0x80 { buffer.append(UInt8(v & 0x7F) | 0x80); v >>= 7 }
        buffer.append(UInt8(v))
    }
    mutating func signed(_ value: Int64) { unsigned(UInt64(bitPattern: (value << 1) ^ (value >> 63))) }
    mutating func bytes(_ value: [UInt8]) { buffer += value }
    mutating func data(_ value: [UInt8]) { unsigned(UInt64(value.count)); buffer += value }
    mutating func string(_ value: String) { data(Array(value.utf8)) }

    /// Each side as its day pages: the day as a delta, the page's width, then its non-zero slots
    /// as (slot delta, count): a few bytes a busy minute, nothing for an empty one.
    mutating func ledger(_ ledger: VisitorLedger) {
        unsigned(ledger.hasDirections ? 1 : 0)
        for side in [ledger.ins, ledger.outs] {
            let pages = side.pages.filter { $0.total != 0 }
            unsigned(UInt64(pages.count))
            var previousDay: Int64 = 0
            for page in pages {
                signed(page.day - previousDay)
                previousDay = page.day
                unsigned(UInt64(page.slots.count))
                let used = page.slots.indices.filter { page.slots[$0] != 0 }
                unsigned(UInt64(used.count))
                var previousSlot = 0
                for slot in used {
                    unsigned(UInt64(slot - previousSlot))
                    unsigned(UInt64(page.slots[slot]))
                    previousSlot = slot
                }
            }
        }
    }

    /// FNV-1a, 64 bits: catches a torn or foreign file, not an attacker.
    static func checksum<C: Collection>(_ bytes: C) -> UInt64 where C.Element == UInt8 {
        var hash: UInt64 = 0xcbf29ce484222325
        for byte in bytes { hash = (hash ^ UInt64(byte)) &* 0x100000001b3 }
        return hash
    }
}

private struct CheckpointReader {
    let buffer: ArraySlice<UInt8>
    var index: Int

    init(_ buffer: ArraySlice<UInt8>) { self.buffer = buffer; index = buffer.startIndex }
    var atEnd: Bool { index == buffer.endIndex }

    mutating func unsigned() -> UInt64? {
        var value: UInt64 = 0
        var shift: UInt64 = 0
        while index < buffer.endIndex, shift < 64 {
            let byte = buffer[index]
            index += 1
            value |= UInt64(byte & 0x7F) << shift
            if byte & 0x80 == 0 { return value }
            shift += 7
        }
        return nil
    }
    mutating func signed() -> Int64? {
        guard let u = unsigned() else { return nil }
        return Int64(bitPattern: (u >> 1) ^ (0 &- (u & 1)))
    }
    mutating func bytes(_ count: Int) -> [UInt8]? {
        guard count >= 0, buffer.endIndex - index >= count else { return nil }
        defer { index += count }
        return Array(buffer[index..<(index + count)])
    }
    mutating func data() -> [UInt8]? {
        guard let count = unsigned(), count <= UInt64(buffer.endIndex - index) else { return nil }
        return bytes(Int(count))
    }
    mutating func string() -> String? { data().flatMap { String(bytes: $0, encoding: .utf8) } }

    mutating func ledger() -> VisitorLedger? {
        guard let directions = unsigned() else { return nil }
        var sides: [MinuteCounts] = []
        // No log holds 2^53 visits; a bound keeps sums of a forged file from overflowing.
        var visits = 0
        for _ in 0..<2 {
            guard let pageCount = unsigned(), pageCount <= UInt64(buffer.endIndex - index) else { return nil }
            var side = MinuteCounts()
            var day: Int64 = 0
            for _ in 0..<pageCount {
                guard let delta = signed(), let width = unsigned(), width == 96 || width == 1440,
                      let used = unsigned(), used <= width else { return nil }
                day &+= delta
                var slots = [Int](repeating: 0, count: Int(width))
                var slot = 0
                for i in 0..<used {
                    guard let step = unsigned(), step < width, i == 0 || step > 0, let count = unsigned(), count > 0,
                          count <= 1 << 53, visits + Int(count) <= 1 << 53 else { return nil }
                    visits += Int(count)
                    slot += Int(step)
                    guard slot < slots.count else { return nil }
                    slots[slot] = Int(count)
                }
                guard side.insert(day: day, slots: slots) else { return nil }
            }
            sides.append(side)
        }
        return VisitorLedger(ins: sides[0], outs: sides[1], hasDirections: directions == 1)
    }
}
