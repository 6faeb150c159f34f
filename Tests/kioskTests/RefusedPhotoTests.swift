import Foundation
import KioskRender
import Testing

/// Files that are not photos, or photos too large or too broken to show, are refused with a
/// clear message; the good photos beside them are shown; and refusing them costs no memory
/// (the process's peak, read from the kernel, stays far below what decoding would take).
@Suite struct RefusedPhotoTests {
    /// Runs the binary to completion and returns its exit status, its output and its peak
    /// resident memory in MiB: its VmHWM, read every 2 ms while it runs. Not wait4's
    /// ru_maxrss: posix_spawn starts the child in the parent's memory (vfork), and the kernel
    /// counts the parent's high-water mark into the child's at exec, so a test runner past
    /// 160 MiB made every render look that big.
    static func runMeasuringPeak(_ arguments: [String]) throws -> (status: Int32, out: String, err: String, peakMiB: Double) {
        let work = FileManager.default.temporaryDirectory.appendingPathComponent("kiosk-peak-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: work) }
        let outPath = work.appendingPathComponent("out").path, errPath = work.appendingPathComponent("err").path
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 1, outPath, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        posix_spawn_file_actions_addopen(&actions, 2, errPath, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        let argv = ([KioskBinary.url.path] + arguments).map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var environment = ProcessInfo.processInfo.environment
        environment["SDL_VIDEODRIVER"] = "offscreen"
        let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { envp.forEach { free($0) } }
        var pid: pid_t = 0
        guard posix_spawn(&pid, KioskBinary.url.path, &actions, nil, argv, envp) == 0 else {
            throw CocoaError(.executableLoad)
        }
        var status: Int32 = 0
        var peakKiB = 0
        while true {
            let reaped = waitpid(pid, &status, WNOHANG)
            if reaped == pid { break }
            if reaped < 0 && errno != EINTR { break }
            // VmHWM only grows, and the last reading is at most 2 ms before the exit.
            if let text = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8),
               let line = text.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }),
               let kib = Int(line.split(separator: " ", omittingEmptySubsequences: true).dropFirst().first ?? "") {
                peakKiB = max(peakKiB, kib)
            }
            usleep(2000)
        }
        let exit = (status & 0x7F) == 0 ? (status >> 8) & 0xFF : 128 + (status & 0x7F)
        let out = (try? String(contentsOfFile: outPath, encoding: .utf8)) ?? ""
        let err = (try? String(contentsOfFile: errPath, encoding: .utf8)) ?? ""
        return (exit, out, err, Double(peakKiB) / 1024)
    }

    /// A PNG signature and an IHDR that claims `width`×`height`, with a correct CRC, and a
    /// scrap of IDAT: a decoder that trusted the header would ask for width·height·4 bytes.
    static func claimingPNG(width: UInt32, height: UInt32) -> Data {
        func be(_ v: UInt32) -> [UInt8] { [UInt8(v >> 24), UInt8(v >> 16 & 0xFF), UInt8(v >> 8 & 0xFF), UInt8(v & 0xFF)] }
        func chunk(_ type: String, _ body: [UInt8]) -> [UInt8] {
            let typed = Array(type.utf8) + body
            return be(UInt32(body.count)) + typed + be(crc32(typed))
        }
        let ihdr = be(width) + be(height) + [8, 6, 0, 0, 0]
        return Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A] + chunk("IHDR", ihdr)
                    + chunk("IDAT", [0x78, 0x9C, 0x03, 0x00]) + chunk("IEND", []))
    }

    static func crc32(_ bytes: [UInt8]) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in bytes {
            crc ^= UInt32(byte)
            for _ in 0..<8 { crc = crc & 1 == 1 ? (crc >> 1) ^ 0xEDB8_8320 : crc >> 1 }
        }
        return ~crc
    }

    /// The bad files, each with what its report must say.
    static let cases: [(name: String, bytes: () throws -> Data, says: String)] = [
        ("wrong-magic.jpg", { Data("GIF89a\u{1}\u{0}\u{1}\u{0} a GIF with a JPEG's name".utf8) }, "not a JPEG, PNG or WebP"),
        ("huge.png", { claimingPNG(width: 100_000, height: 100_000) }, "megapixels"),
        ("empty.jpg", { Data() }, "empty"),
        ("truncated.jpg", {
            let demo = KioskBinary.demoFolder.appendingPathComponent("gallery/Hội nghị tổng kết năm 2024/01-khai-mac.jpg")
            let whole = try Data(contentsOf: demo)
            return whole.prefix(whole.count / 2)
        }, "cut off"),
    ]

    @Test(arguments: 0..<4)
    func aBadPhotoIsRefusedWithItsNameAndCostsNoMemory(index: Int) throws {
        let bad = Self.cases[index]
        let work = try TemporaryFolder()
        let data = work.url.appendingPathComponent("data")
        let album = data.appendingPathComponent("gallery/Album")
        try FileManager.default.createDirectory(at: album, withIntermediateDirectories: true)
        // The bad file first in the album, a good photo after it.
        try bad.bytes().write(to: album.appendingPathComponent("1-" + bad.name))
        let good = try Data(contentsOf: KioskBinary.demoFolder.appendingPathComponent("gallery/Hội nghị tổng kết năm 2024/02-dai-bieu.jpg"))
        try good.write(to: album.appendingPathComponent("2-good.jpg"))

        let check = try KioskBinary.run(["check", "--data", data.path])
        #expect(check.status == 1, "kiosk check must fail on \(bad.name): \(check.out)\(check.err)")
        let line = check.out.split(separator: "\n").first { $0.contains("1-" + bad.name) }.map(String.init) ?? ""
        #expect(line.hasPrefix("gallery/Album/1-\(bad.name): error: ") && line.contains(bad.says), "\(check.out)")

        // The first slide (the bad photo's turn) shows the good one instead, never black.
        let out = work.url.appendingPathComponent("frame.png").path
        let render = try Self.runMeasuringPeak(["render", "--data", data.path, "--scene", "gallery", "--size", "640x360",
                                                "--at", "2023-11-14T22:13:24Z", "--out", out])
        #expect(render.status == 0, "\(render.err)")
        #expect(render.peakMiB < 100, "peak \(render.peakMiB) MiB rendering beside \(bad.name)")
        let frame = try #require(RGBAImage(path: out))
        let i = (180 * frame.width + 320) * 4
        #expect(Int(frame.bytes[i]) + Int(frame.bytes[i + 1]) + Int(frame.bytes[i + 2]) > 60, "the centre of the frame is black")
    }
}
