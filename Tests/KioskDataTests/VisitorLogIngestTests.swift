import Foundation
import KioskCore
import Testing
@testable import KioskData

/// Exact counts through every way a visit log changes, with restarts and crashes between the changes.
@Suite(.serialized) struct VisitorLogIngestTests {
    static let hanoi = ZoneRules.named("Asia/Ho_Chi_Minh")!
    static let later = ISO8601DateFormatter().date(from: "2025-01-01T00:00:00Z")!

    /// A data folder with a visitors folder, a state folder, and the number of `in` visits written.
    final class World {
        let data: DataFolder
        let state: DataFolder
        var written = 0
        private var minute = 0
        var visitors: String { data.path + "/visitors" }
        var checkpoint: String { state.path + "/visitors.checkpoint" }

        init() throws {
            data = try DataFolder()
            state = try DataFolder()
            try FileManager.default.createDirectory(atPath: visitors, withIntermediateDirectories: true)
        }

        /// Lines with increasing minutes; `in` lines add their count to `written`.
        func lines(_ counts: [Int], out: Bool = false) -> String {
            counts.map { count in
                minute += 1
                if !out { written += count }
                return String(format: "2024-06-11T%02d:%02d:00+07:00 %@ %d\n", 8 + minute / 60, minute % 60, out ? "out" : "in", count)
            }.joined()
        }

        func append(_ name: String, _ text: String) {
            let fd = open(visitors + "/" + name, O_WRONLY | O_APPEND | O_CREAT, 0o644)
            precondition(fd >= 0)
            _ = text.withCString { write(fd, $0, strlen($0)) }
            close(fd)
        }

        func contents(_ name: String) -> String { (try? String(contentsOfFile: visitors + "/" + name, encoding: .utf8)) ?? "" }
        func move(_ from: String, _ to: String) { precondition(rename(visitors + "/" + from, visitors + "/" + to) == 0) }
        func remove(_ name: String) { precondition(unlink(visitors + "/" + name) == 0) }
        func truncate(_ name: String) { precondition(Glibc.truncate(visitors + "/" + name, 0) == 0) }

        func ingest() -> VisitorLogIngest { VisitorLogIngest(folder: visitors, checkpointPath: checkpoint) }
    }

    static func total(_ ingest: VisitorLogIngest) -> Int {
        ingest.refresh(timeZone: hanoi).ledger.figures(at: later, timeZone: hanoi).total
    }

    /// One change to the folder. `rotates`: logrotate's work or a deletion, which comes hours after
    /// the appends it touches. By then the running screen has read them (within a moment of each
    /// append) and saved what it read (within `saveInterval`, 2 s), so the harness reads and saves
    /// before such a step. Without that no reader could know bytes that were deleted unread, or a
    /// log renamed out of `*.log` before it was ever seen.
    struct Step {
        var name: String
        var rotates = false
        var apply: (World) -> Void
    }

    static let steps: [Step] = [
        Step(name: "append") { w in w.append("entrance.log", w.lines([1, 2, 1])) },
        Step(name: "partial line") { w in
            w.append("entrance.log", String(w.lines([5]).dropLast()))
            w.written -= 5   // not a visit until its newline arrives
        },
        Step(name: "newline arrives") { w in w.append("entrance.log", "\n"); w.written += 5 },
        Step(name: "second log with outs") { w in w.append("side.log", w.lines([2]) + w.lines([1], out: true)) },
        Step(name: "rename and create", rotates: true) { w in
            w.move("entrance.log", "entrance.log.1")
            w.append("entrance.log.1", w.lines([1]))   // the writer had it open still
            w.append("entrance.log", w.lines([2, 2]))
        },
        Step(name: "copytruncate", rotates: true) { w in
            w.append("side.log", w.lines([1]))
            let copy = w.contents("side.log")
            w.append("side.log.1", copy)
            w.truncate("side.log")
            w.append("side.log", w.lines([3]))
        },
        Step(name: "truncate in place", rotates: true) { w in
            w.truncate("entrance.log")
            w.append("entrance.log", w.lines([2]))
        },
        Step(name: "rotated log deleted", rotates: true) { w in w.remove("entrance.log.1") },
        Step(name: "another file under the same name", rotates: true) { w in
            w.remove("side.log")
            w.append("side.log", w.lines([3]))
        },
        Step(name: "replaced whole by a sync tool") { w in
            let grown = w.contents("entrance.log") + w.lines([1])
            let temporary = w.visitors + "/.entrance.log.tmp"
            try! grown.write(toFile: temporary, atomically: false, encoding: .utf8)
            w.move(".entrance.log.tmp", "entrance.log")
        },
        Step(name: "new entrance") { w in w.append("gate-2.log", w.lines([4, 1])) },
    ]

    /// The screen saves the checkpoint after the counts are on screen: a refresh then only books
    /// the save, and `saveIfDue` makes it; what it saves resumes exactly.
    @Test func aSaveBookedByARefreshIsMadeBySaveIfDue() throws {
        let world = try World()
        world.append("entrance.log", world.lines([1, 2]))
        let ingest = world.ingest()
        ingest.savesDuringRefresh = false
        #expect(Self.total(ingest) == 3)
        #expect(!FileManager.default.fileExists(atPath: world.checkpoint), "the refresh saved")
        let due = try #require(ingest.saveDueAt)
        ingest.saveIfDue(now: due)
        #expect(FileManager.default.fileExists(atPath: world.checkpoint))
        #expect(ingest.saveDueAt == nil)
        world.append("entrance.log", world.lines([4]))
        let resumed = world.ingest()
        #expect(Self.total(resumed) == world.written)
    }

    @Test func everyStepReadAtOnceCountsExactly() throws {
        let world = try World()
        let ingest = world.ingest()
        for step in Self.steps {
            step.apply(world)
            #expect(Self.total(ingest) == world.written, "after \(step.name)")
        }
    }

    /// A restart (clean, with the checkpoint saved) after each step in turn.
    @Test(arguments: 0..<steps.count)
    func aRestartAfterAnyStepCountsExactly(restartAfter: Int) throws {
        let world = try World()
        var ingest = world.ingest()
        for (index, step) in Self.steps.enumerated() {
            step.apply(world)
            _ = Self.total(ingest)
            if index == restartAfter {
                ingest.flush()
                ingest = world.ingest()
            }
        }
        #expect(Self.total(ingest) == world.written)
    }

    /// kill -9: the process dies with whatever checkpoint was last written, after any step, with
    /// reads skipped between steps (changes arrive faster than the debounce) at random.
    @Test(arguments: 0..<200)
    func aCrashAtAnyMomentNeitherLosesNorDoubles(seed: Int) throws {
        var random = SplitMix(seed: UInt64(seed))
        let world = try World()
        var ingest = world.ingest()
        ingest.saveInterval = random.next() % 2 == 0 ? 0 : 3600
        let crashAfter = Int(random.next() % UInt64(Self.steps.count))
        for (index, step) in Self.steps.enumerated() {
            if step.rotates { _ = Self.total(ingest); ingest.flush() }
            step.apply(world)
            if random.next() % 2 == 0 { _ = Self.total(ingest) }
            if index == crashAfter {
                ingest = world.ingest()   // no flush: only what was saved survives
                ingest.saveInterval = random.next() % 2 == 0 ? 0 : 3600
                _ = Self.total(ingest)    // the screen loads as it starts
            }
        }
        #expect(Self.total(ingest) == world.written, "seed \(seed), crash after \(Self.steps[crashAfter].name)")
    }

    @Test func onlyNewBytesAreReadAfterTheFirstPass() throws {
        let world = try World()
        world.append("entrance.log", world.lines([1, 1, 1]))
        let ingest = world.ingest()
        #expect(Self.total(ingest) == 3)
        // Change the third line's count in place, past the remembered first bytes and without
        // changing the length: a reader that started over would now count 1 + 1 + 3 + 1.
        var lines = world.contents("entrance.log").split(separator: "\n").map(String.init)
        lines[2] = lines[2].replacingOccurrences(of: " in 1", with: " in 3")
        let fd = open(world.visitors + "/entrance.log", O_WRONLY)
        _ = (lines.joined(separator: "\n") + "\n").withCString { pwrite(fd, $0, strlen($0), 0) }
        close(fd)
        world.append("entrance.log", world.lines([1]))
        #expect(Self.total(ingest) == 4)
    }

    @Test func aRestartResumesFromTheCheckpointWithoutReadingAgain() throws {
        let world = try World()
        world.append("entrance.log", world.lines(Array(repeating: 1, count: 50)))
        let first = world.ingest()
        #expect(Self.total(first) == 50)
        first.flush()
        let checkpoint = try #require(VisitorCheckpoint(decoding: Array(try Data(contentsOf: URL(fileURLWithPath: world.checkpoint))),
                                                       logPathPrefix: "visitors/"))
        #expect(checkpoint.logs.map(\.offset) == [Int64(world.contents("entrance.log").utf8.count)])
        #expect(checkpoint.logs.first?.lines == 50)
        world.append("entrance.log", world.lines([2]))
        #expect(Self.total(world.ingest()) == 52)
    }

    @Test func aDamagedCheckpointIsIgnoredAndTheLogsAreReadAgain() throws {
        let world = try World()
        world.append("entrance.log", world.lines([1, 2, 3]))
        let first = world.ingest()
        _ = Self.total(first)
        first.flush()
        var bytes = try Data(contentsOf: URL(fileURLWithPath: world.checkpoint))
        bytes[bytes.count / 2] ^= 0xFF
        try bytes.write(to: URL(fileURLWithPath: world.checkpoint))
        #expect(Self.total(world.ingest()) == 6)
        try Data(bytes.prefix(10)).write(to: URL(fileURLWithPath: world.checkpoint))
        #expect(Self.total(world.ingest()) == 6)
    }

    @Test func aStateFolderThatCannotBeWrittenIsReportedAndCountingGoesOn() throws {
        let world = try World()
        let ingest = VisitorLogIngest(folder: world.visitors, checkpointPath: world.state.path + "/missing/visitors.checkpoint")
        world.append("entrance.log", world.lines([1, 2]))
        let read = ingest.refresh(timeZone: Self.hanoi)
        #expect(read.ledger.figures(at: Self.later, timeZone: Self.hanoi).total == 3)
        #expect(read.problems.map(\.severity) == [.warning])
        #expect(read.problems.first?.message.contains("cannot be saved") == true)
    }

    @Test func anotherTimeZoneReadsLinesWithoutAnOffsetAgain() throws {
        let world = try World()
        world.append("entrance.log", "2024-06-11 23:30:00 in 1\n2024-06-12T01:00:00+07:00 in 1\n")
        let ingest = world.ingest()
        let day = ISO8601DateFormatter().date(from: "2024-06-12T12:00:00+07:00")!
        #expect(ingest.refresh(timeZone: Self.hanoi).ledger.figures(at: day, timeZone: Self.hanoi).today == 1)
        // Read in UTC, 23:30 on the 11th is 06:30 on the 12th in Hanoi.
        let utc = ZoneRules.utc
        #expect(ingest.refresh(timeZone: utc).ledger.figures(at: day, timeZone: Self.hanoi).today == 2)
    }

    @Test func badLinesAreReportedWithTheirLineAcrossReads() throws {
        let world = try World()
        world.append("entrance.log", world.lines([1]) + "nonsense\n")
        let ingest = world.ingest()
        _ = ingest.refresh(timeZone: Self.hanoi)
        world.append("entrance.log", world.lines([1]) + "2024-13-01T00:00:00Z\n")
        let read = ingest.refresh(timeZone: Self.hanoi)
        #expect(read.problems.map { "\($0.path):\($0.line ?? 0)" } == ["visitors/entrance.log:2", "visitors/entrance.log:4"])
        #expect(read.ledger.figures(at: Self.later, timeZone: Self.hanoi).total == 2)
        ingest.flush()
        #expect(world.ingest().refresh(timeZone: Self.hanoi).problems.count == 2, "problems survive a restart")
    }

    /// Garbage without a newline longer than a whole batch (a binary file named .log) is skipped
    /// with a problem instead of stalling the log; visits after it count.
    @Test func aRunWithoutNewlinesLongerThanABatchIsSkipped() throws {
        let world = try World()
        world.append("entrance.log", world.lines([2]) + String(repeating: "x", count: 100_000) + "\n" + world.lines([3]))
        let ingest = world.ingest()
        ingest.batchSize = 64 << 10
        let read = ingest.refresh(timeZone: Self.hanoi)
        #expect(read.ledger.figures(at: Self.later, timeZone: Self.hanoi).total == 5)
        #expect(read.problems.contains { $0.message.contains("longer than 65536 bytes") })
    }

    /// A log of several batches, each split over four threads: the same counts, lines and problems
    /// (with their line numbers) as one thread reading it, and a half-written last line left unread.
    @Test func aLargeLogSplitOverThreadsReadsAsOnThreadOne() throws {
        let world = try World()
        // Small batches and parts, so a log of a few hundred kilobytes crosses several of both.
        let batchSize = 64 << 10, minimumPart = 4 << 10
        var text = ""
        var badLines: [Int] = []
        var (day, month, second) = (28, 2, 0)
        var line = 0
        while text.utf8.count < 5 * batchSize + 1000 {
            line += 1
            second += line % 7
            if second >= 86_400 { second -= 86_400; day += 1 }
            if day > CivilDays.daysIn(month: month, year: 2024) { day = 1; month += 1 }
            if line % 4_000 == 0 {
                text += "not a visit \(line)\n"
                badLines.append(line)
            } else {
                text += String(format: "2024-%02d-%02dT%02d:%02d:%02d+07:00", month, day, second / 3600, second / 60 % 60, second % 60)
                    + (line % 3 == 0 ? " out\n" : " in \(line % 5 + 1)\n")
            }
        }
        world.append("entrance.log", text + "2024-06-11T09:30:00+07:00 in")
        var reads: [(ledger: VisitorLedger, problems: [Problem])] = []
        for workers in [1, 4] {
            let ingest = VisitorLogIngest(folder: world.visitors, checkpointPath: nil)
            ingest.workers = workers
            ingest.batchSize = batchSize
            ingest.minimumPart = minimumPart
            reads.append(ingest.refresh(timeZone: Self.hanoi))
        }
        #expect(reads[0].ledger == reads[1].ledger)
        #expect(reads[1].problems.compactMap(\.line) == Array(badLines.prefix(100)))
        #expect(reads[0].problems == reads[1].problems)
        #expect(reads[1].ledger.ins.total > 0 && reads[1].ledger.outs.total > 0)
    }
}

/// A small seeded generator, so a failing crash case can be run again by its seed.
struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed &+ 0x9E3779B97F4A7C15 }
    mutating func next() -> UInt64 {
        state &+= 0x9E3779B97F4A7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58476D1CE4E5B9
        z = (z ^ (z >> 27)) &* 0x94D049BB133111EB
        return z ^ (z >> 31)
    }
}
