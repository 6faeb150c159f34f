import Foundation
import Testing
@testable import KioskData

/// The batch read in pieces side by side gives what one `pread` of the whole gives: the same
/// bytes, and the same count where the file ends inside the batch (in the first piece, in a
/// later one, exactly at a piece's end) or before it.
@Test func aBatchReadInPiecesIsOnePread() throws {
    let folder = try DataFolder()
    let path = folder.path + "/entrance.log"
    var bytes = [UInt8]()
    for i in 0..<100_000 { bytes.append(UInt8(truncatingIfNeeded: i &* 31 &+ i / 7)) }
    #expect(FileManager.default.createFile(atPath: path, contents: Data(bytes)))
    let fd = open(path, O_RDONLY)
    #expect(fd >= 0)
    defer { close(fd) }
    // (count, offset): the whole file; the end in the first of two pieces; in the last of
    // three; exactly at the end of the first of two; from past the end.
    let cases: [(Int, Int64)] = [(100_000, 0), (60_000, 80_000), (90_000, 20_000), (40_000, 80_000), (10_000, 100_000), (30_000, 1)]
    for (count, offset) in cases {
        var whole = [UInt8](repeating: 0, count: count)
        let expected = whole.withUnsafeMutableBytes { pread(fd, $0.baseAddress, count, off_t(offset)) }
        for parts in [1, 2, 3] {
            var pieces = [UInt8](repeating: 0, count: count)
            let got = pieces.withUnsafeMutableBytes { VisitorLogIngest.read(fd, into: $0.baseAddress!, count: count, at: offset, parts: parts) }
            #expect(got == expected, "count \(count) at \(offset) in \(parts) pieces")
            if expected > 0 { #expect(pieces[0..<expected] == whole[0..<expected], "count \(count) at \(offset) in \(parts) pieces") }
        }
    }
    // A descriptor that cannot be read fails as pread does.
    var buffer = [UInt8](repeating: 0, count: 64)
    #expect(buffer.withUnsafeMutableBytes { VisitorLogIngest.read(-1, into: $0.baseAddress!, count: 64, at: 0, parts: 2) } == -1)
}

/// A log that grows between the two pieces' reads (the first piece ends short at the old end,
/// the second finds the new lines): the read stops at the old end, so no bytes are skipped.
@Test func aLogThatGrowsBetweenThePiecesIsReadUpToTheOldEnd() {
    var buffer = [UInt8](repeating: 0, count: 100)
    let got = buffer.withUnsafeMutableBytes { raw in
        VisitorLogIngest.read(into: raw.baseAddress!, count: 100, at: 0, parts: 2) { piece, count, offset in
            let length = offset == 0 ? 30 : count   // the first piece: the file's old end
            piece.initializeMemory(as: UInt8.self, repeating: offset == 0 ? 1 : 2, count: length)
            return length
        }
    }
    #expect(got == 30)
    #expect(buffer[0..<30].allSatisfy { $0 == 1 })
}
