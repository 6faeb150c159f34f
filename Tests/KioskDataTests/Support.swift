import Foundation
import KioskCore
import KioskData

/// A temporary data folder, removed when the test ends.
final class DataFolder {
    let url: URL
    var path: String { url.path }

    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("kiosk-data-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(at: url) }

    func write(_ relative: String, _ text: String) throws { try write(relative, Data(text.utf8)) }

    /// A picture's header and no pixels: enough for the gallery, which reads headers only.
    func writePhoto(_ relative: String, width: Int = 640, height: Int = 480) throws {
        let png = relative.lowercased().hasSuffix(".png")
        try write(relative, Data(png ? ImageSample.png(width: width, height: height) : ImageSample.jpeg(width: width, height: height)))
    }

    func write(_ relative: String, _ data: Data) throws {
        let target = url.appendingPathComponent(relative)
        try FileManager.default.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
        try data.write(to: target)
    }

    /// Saves the way editors do: a temporary name in the same folder, then a rename.
    func writeByRename(_ relative: String, _ text: String) throws {
        let target = url.appendingPathComponent(relative)
        let temporary = target.deletingLastPathComponent().appendingPathComponent(".\(target.lastPathComponent).tmp")
        try Data(text.utf8).write(to: temporary)
        guard rename(temporary.path, target.path) == 0 else { throw CocoaError(.fileWriteUnknown) }
    }
}

/// Polls until `condition` holds or `seconds` pass.
func eventually(_ seconds: Double, _ condition: () -> Bool) -> Bool {
    let deadline = Date().addingTimeInterval(seconds)
    while Date() < deadline {
        if condition() { return true }
        usleep(10_000)
    }
    return condition()
}

/// Collects watcher callbacks across threads.
final class ChangeLog: @unchecked Sendable {
    private let lock = NSLock()
    private var batches: [DataChanges] = []
    func add(_ batch: DataChanges) { lock.lock(); batches.append(batch); lock.unlock() }
    var all: Set<String> { lock.lock(); defer { lock.unlock() }; return batches.reduce(into: Set()) { $0.formUnion($1.paths) } }
    var finished: Set<String> { lock.lock(); defer { lock.unlock() }; return batches.reduce(into: Set()) { $0.formUnion($1.finished) } }
    var count: Int { lock.lock(); defer { lock.unlock() }; return batches.count }
}

let hanoi = ZoneRules.named("Asia/Ho_Chi_Minh")!

func utf16(_ text: String, bigEndian: Bool) -> Data {
    var data = Data(bigEndian ? [0xFE, 0xFF] : [0xFF, 0xFE])
    for unit in text.utf16 {
        let bytes = bigEndian ? [UInt8(unit >> 8), UInt8(unit & 0xFF)] : [UInt8(unit & 0xFF), UInt8(unit >> 8)]
        data.append(contentsOf: bytes)
    }
    return data
}
