import Foundation
import Testing

/// An X server of the test's own (Xvfb), whose keyboard xdotool drives through XTEST as a
/// visitor's keyboard would.
final class VirtualDisplay {
    let display: String
    private let server: Process

    /// Nil when Xvfb or xdotool is missing (Scripts/setup.sh installs both).
    init?() {
        guard let xvfb = Self.which("Xvfb"), Self.which("xdotool") != nil else { return nil }
        guard let number = (60..<99).shuffled().first(where: { !FileManager.default.fileExists(atPath: "/tmp/.X11-unix/X\($0)") && !FileManager.default.fileExists(atPath: "/tmp/.X\($0)-lock") }) else { return nil }
        display = ":\(number)"
        server = Process()
        server.executableURL = URL(fileURLWithPath: xvfb)
        server.arguments = [display, "-screen", "0", "1280x720x24", "-nolisten", "tcp"]
        server.standardOutput = FileHandle.nullDevice
        server.standardError = FileHandle.nullDevice
        do { try server.run() } catch { return nil }
        guard eventually(10, { FileManager.default.fileExists(atPath: "/tmp/.X11-unix/X\(number)") }) else { return nil }
    }

    deinit {
        // SIGKILL: a child started from a test thread inherits its blocked signals, SIGTERM among
        // them, and Xvfb would never see a terminate(). Its lock and socket are left to remove.
        kill(server.processIdentifier, SIGKILL)
        server.waitUntilExit()
        let number = display.dropFirst()
        try? FileManager.default.removeItem(atPath: "/tmp/.X11-unix/X\(number)")
        try? FileManager.default.removeItem(atPath: "/tmp/.X\(number)-lock")
    }

    /// Runs xdotool on this display; its exit status.
    @discardableResult
    func xdotool(_ arguments: [String]) -> Int32 {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Self.which("xdotool")!)
        process.arguments = arguments
        process.environment = ["DISPLAY": display]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        do { try process.run() } catch { return -1 }
        process.waitUntilExit()
        return process.terminationStatus
    }

    static func which(_ name: String) -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        return path.split(separator: ":").map { "\($0)/\(name)" }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }
}

/// A visitor must not be able to leave the screen: no key, key chord or Ctrl+C ends the real
/// full-screen window unless it was started with `--allow-quit`.
@Suite(.serialized) struct NoWayOutTests {
    private func startFullScreen(on screen: VirtualDisplay, _ work: TemporaryFolder, allowQuit: Bool) throws -> Process {
        let data = work.url.appendingPathComponent("data")
        try FileManager.default.copyItem(at: KioskBinary.demoFolder, to: data)
        var arguments = ["run", "--fullscreen", "--data", data.path, "--state", work.url.appendingPathComponent("state").path]
        if allowQuit { arguments.append("--allow-quit") }
        let log = work.url.appendingPathComponent("kiosk.log")
        let process = try KioskBinary.start(arguments, log: log, environment: ["DISPLAY": screen.display])
        let drawn = eventually(30) { ((try? String(contentsOf: log, encoding: .utf8)) ?? "").contains("first frame on screen") }
        #expect(drawn, "no first frame: \((try? String(contentsOf: log, encoding: .utf8)) ?? "")")
        // The pointer over the window gives it the keyboard (there is no window manager).
        screen.xdotool(["mousemove", "640", "360"])
        return process
    }

    @Test func noKeyChordOrCtrlCQuitsWithoutAllowQuit() throws {
        guard let screen = VirtualDisplay() else {
            print("NoWayOutTests: skipped, Xvfb or xdotool missing (Scripts/setup.sh installs them)")
            return
        }
        let work = try TemporaryFolder()
        let process = try startFullScreen(on: screen, work, allowQuit: false)
        defer { if process.isRunning { process.terminate(); process.waitUntilExit() } }
        for chord in ["Escape", "ctrl+q", "ctrl+Q", "ctrl+w", "ctrl+c", "alt+F4", "ctrl+alt+BackSpace", "ctrl+alt+Delete",
                      "ctrl+alt+F2", "alt+Tab", "super", "Escape", "q", "ctrl+Escape"] {
            #expect(screen.xdotool(["key", "--delay", "30", chord]) == 0, "xdotool could not send \(chord)")
        }
        kill(process.processIdentifier, SIGINT)
        // Long enough for any of them to have ended it (the positive test below quits in well under this).
        usleep(1_500_000)
        #expect(process.isRunning, "the screen was left: exit \(process.terminationStatus)")
        let log = (try? String(contentsOf: work.url.appendingPathComponent("kiosk.log"), encoding: .utf8)) ?? ""
        #expect(log.contains("ignoring SIGINT"))

        // SIGTERM, systemd's stop, still ends it, cleanly and at once.
        let asked = Date()
        kill(process.processIdentifier, SIGTERM)
        process.waitUntilExit()
        let took = Date().timeIntervalSince(asked)
        #expect(process.terminationReason == .exit && process.terminationStatus == 0)
        #expect(took < 1, "SIGTERM took \(took) s")
    }

    /// The same keys reach the window: with `--allow-quit` they do quit, so the test above
    /// proves a refusal and not keys lost on the way.
    @Test(arguments: ["Escape", "ctrl+q"])
    func withAllowQuitTheKeyQuits(chord: String) throws {
        guard let screen = VirtualDisplay() else { return }
        let work = try TemporaryFolder()
        let process = try startFullScreen(on: screen, work, allowQuit: true)
        defer { if process.isRunning { process.terminate(); process.waitUntilExit() } }
        screen.xdotool(["key", chord])
        #expect(eventually(10) { !process.isRunning }, "\(chord) did not quit with --allow-quit")
        if !process.isRunning { #expect(process.terminationStatus == 0) }
    }
}
