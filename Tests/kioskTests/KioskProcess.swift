import KioskRender
import Foundation
import Testing

/// Runs the real `kiosk` binary built beside the tests, against a data folder of the test's own.
struct KioskBinary {
    static var url: URL {
        let beside = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
            .deletingLastPathComponent().appendingPathComponent("kiosk")
        if FileManager.default.isExecutableFile(atPath: beside.path) { return beside }
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        return root.appendingPathComponent(".build/debug/kiosk")
    }

    static var demoFolder: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Assets/demo")
    }

    /// Runs a command to completion and returns its exit status, standard output and error.
    static func run(_ arguments: [String], executable: URL = url) throws -> (status: Int32, out: String, err: String) {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        let errData = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: outData, as: UTF8.self), String(decoding: errData, as: UTF8.self))
    }

    /// Starts `kiosk run` with SDL's offscreen video driver, so no display is needed.
    /// `environment` is added to the test's own (a DISPLAY there replaces the offscreen driver).
    /// `executable`: another program to start instead, that runs the kiosk (a wrapper such as env).
    static func start(_ arguments: [String], log: URL, environment: [String: String] = [:], executable: URL = url) throws -> Process {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        var env = ProcessInfo.processInfo.environment
        env["SDL_VIDEODRIVER"] = "offscreen"
        for name in ["NOTIFY_SOCKET", "WATCHDOG_USEC", "WATCHDOG_PID", "KIOSK_DATA", "STATE_DIRECTORY"] { env[name] = nil }
        if environment["DISPLAY"] != nil { env["SDL_VIDEODRIVER"] = "x11" }
        env.merge(environment) { $1 }
        process.environment = env
        FileManager.default.createFile(atPath: log.path, contents: nil)
        let handle = try FileHandle(forWritingTo: log)
        process.standardOutput = handle
        process.standardError = handle
        try process.run()
        return process
    }
}

/// A temporary copy of a folder, removed at the end of the test.
final class TemporaryFolder {
    let url: URL
    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("kiosk-e2e-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }
    deinit { try? FileManager.default.removeItem(at: url) }
}

/// Polls `condition` until it holds or `seconds` pass; no fixed sleeps.
func eventually(_ seconds: Double, _ condition: () throws -> Bool) rethrows -> Bool {
    let deadline = Date().addingTimeInterval(seconds)
    while Date() < deadline {
        if try condition() { return true }
        usleep(20_000)
    }
    return try condition()
}

/// A PNG read back through SDL_image as RGBA bytes.
struct RGBAImage {
    var width: Int, height: Int, bytes: [UInt8]

    init?(path: String) {
        guard let image = PNGFile.read(path) else { return nil }
        width = image.width; height = image.height; bytes = image.rgba
    }

    /// How many pixels differ between two images of the same size in rows `rows`.
    func differingPixels(from other: RGBAImage, rows: Range<Int>) -> Int {
        var count = 0
        for y in rows {
            for x in 0..<width {
                let i = (y * width + x) * 4
                if abs(Int(bytes[i]) - Int(other.bytes[i])) > 8 || abs(Int(bytes[i + 1]) - Int(other.bytes[i + 1])) > 8
                    || abs(Int(bytes[i + 2]) - Int(other.bytes[i + 2])) > 8 { count += 1 }
            }
        }
        return count
    }
}

/// Reads `status.json` written by the running screen.
func readStatus(_ folder: URL) -> [String: Any]? {
    guard let data = try? Data(contentsOf: folder.appendingPathComponent("status.json")) else { return nil }
    return (try? JSONSerialization.jsonObject(with: data)) as? [String: Any]
}
