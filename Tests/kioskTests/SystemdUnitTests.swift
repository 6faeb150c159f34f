import Foundation
import Testing

/// The service as Scripts/install.sh installs it: the unit passes `systemd-analyze verify` and
/// keeps an exposure of 2.0 or better, and a staged install puts every file in its place without
/// ever overwriting a data folder that is already there. Nothing here touches the system: the
/// install is staged (`--destdir`) and the systemd tools work on files or on `--root`.
@Suite struct SystemdUnitTests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()
    static let unit = repository.appendingPathComponent("systemd/kiosk.service")
    static let analyze = SystemTool.find("systemd-analyze")
    static let noAnalyze: Comment = "systemd-analyze was not found (it comes with Debian's systemd package; Scripts/setup.sh installs it)"

    /// Stages the install into `folder` with the kiosk binary built beside the tests.
    static func stage(into folder: URL, _ extra: [String] = []) throws -> (status: Int32, out: String, err: String) {
        try KioskBinary.run(["--destdir", folder.path, "--binary", KioskBinary.url.path] + extra,
                            executable: repository.appendingPathComponent("Scripts/install.sh"))
    }

    /// `verify` is clean for the unit as installed. verify insists that ExecStart='s binary exists
    /// and is executable, so it checks a copy whose ExecStart= names the staged binary (the real
    /// one, built with the tests) instead of /usr/local/bin/kiosk; every other line is the
    /// installed unit's. (systemd 252's `verify --root=` would also look for sysinit.target and
    /// /bin/kill inside the staged tree, which holds only what the install writes.)
    @Test(.enabled(if: analyze != nil, noAnalyze)) func verifyIsClean() throws {
        let work = try TemporaryFolder()
        let staged = work.url.appendingPathComponent("root")
        let install = try Self.stage(into: staged)
        try #require(install.status == 0, "install.sh failed: \(install.err)")
        let installed = try String(contentsOf: staged.appendingPathComponent("usr/local/lib/systemd/system/kiosk.service"), encoding: .utf8)
        #expect(installed.contains("\nExecStart=/usr/local/bin/kiosk run --fullscreen\n"))
        let binary = staged.appendingPathComponent("usr/local/bin/kiosk").path
        let copy = work.url.appendingPathComponent("verify/kiosk.service")
        try FileManager.default.createDirectory(at: copy.deletingLastPathComponent(), withIntermediateDirectories: true)
        try installed.replacingOccurrences(of: "\nExecStart=/usr/local/bin/kiosk ", with: "\nExecStart=\(binary) ")
            .write(to: copy, atomically: true, encoding: .utf8)
        let result = try KioskBinary.run(["verify", copy.path], executable: Self.analyze!)
        #expect(result.status == 0, "systemd-analyze verify: \(result.out)\(result.err)")
        #expect((result.out + result.err).trimmingCharacters(in: .whitespacesAndNewlines).isEmpty,
                "systemd-analyze verify is not silent:\n\(result.out)\(result.err)")
    }

    /// `systemd-analyze security` rates the unit 2.0 or better ("OK"), both by its own threshold
    /// (in tenths: 20 is 2.0) and by the overall level it prints.
    @Test(.enabled(if: analyze != nil, noAnalyze)) func exposureIsAtMostTwo() throws {
        let result = try KioskBinary.run(["security", "--offline=yes", "--threshold=20", Self.unit.path], executable: Self.analyze!)
        #expect(result.status == 0, "exposure above 2.0:\n\(result.out)\(result.err)")
        let line = (result.out + result.err).split(separator: "\n").first { $0.contains("Overall exposure level for kiosk.service") }
        let level = line.flatMap { $0.split(separator: ":").last?.split(separator: " ").first }.flatMap { Double($0) }
        let exposure = try #require(level, "no overall exposure level in:\n\(result.out)\(result.err)")
        #expect(exposure <= 2.0, "exposure \(exposure)")
    }

    /// A staged install writes each file where systemd and kiosk read it, the unit unchanged,
    /// and seeds the data folder from the demo data because none is there yet.
    @Test func stagingPutsEveryFileInPlace() throws {
        let work = try TemporaryFolder()
        let root = work.url
        let result = try Self.stage(into: root, ["--lock-down"])
        try #require(result.status == 0, "install.sh failed: \(result.err)")
        let files = FileManager.default
        func at(_ path: String) -> URL { root.appendingPathComponent(String(path.dropFirst())) }
        #expect(files.isExecutableFile(atPath: at("/usr/local/bin/kiosk").path))
        #expect(try Data(contentsOf: at("/usr/local/bin/kiosk")) == Data(contentsOf: KioskBinary.url))
        #expect(files.fileExists(atPath: at("/usr/local/share/kiosk/demo/honours.csv").path))
        #expect(files.fileExists(atPath: at("/usr/local/share/doc/kiosk/README.md").path))
        let pairs = [("/usr/local/lib/systemd/system/kiosk.service", "systemd/kiosk.service"),
                     ("/usr/local/lib/sysusers.d/kiosk.conf", "systemd/kiosk.sysusers"),
                     ("/usr/local/lib/tmpfiles.d/kiosk.conf", "systemd/kiosk.tmpfiles"),
                     ("/etc/sysctl.d/90-kiosk-lockdown.conf", "systemd/lockdown/sysctl.d/90-kiosk-lockdown.conf"),
                     ("/etc/systemd/logind.conf.d/90-kiosk-lockdown.conf", "systemd/lockdown/logind.conf.d/90-kiosk-lockdown.conf"),
                     ("/etc/systemd/system.conf.d/90-kiosk-lockdown.conf", "systemd/lockdown/system.conf.d/90-kiosk-lockdown.conf")]
        for (installed, source) in pairs {
            #expect(files.contents(atPath: at(installed).path) == files.contents(atPath: Self.repository.appendingPathComponent(source).path),
                    "\(installed) is not \(source)")
        }
        for masked in ["getty@tty1.service", "autovt@tty1.service", "ctrl-alt-del.target"] {
            let link = try? files.destinationOfSymbolicLink(atPath: at("/etc/systemd/system/" + masked).path)
            #expect(link == "/dev/null", "\(masked) is not masked")
        }
        #expect(files.fileExists(atPath: at("/srv/kiosk/honours.csv").path), "the data folder was not seeded")
        let mode = try files.attributesOfItem(atPath: at("/srv/kiosk").path)[.posixPermissions] as? Int
        #expect(mode == 0o2775, "data folder mode \(String(mode ?? 0, radix: 8))")
        let leftovers = try files.subpathsOfDirectory(atPath: root.path).filter { $0.hasSuffix(".new") }
        #expect(leftovers.isEmpty, "temporary files left: \(leftovers)")
    }

    /// Staff's data folder is never touched, however often the install runs, and without
    /// --lock-down nothing is masked.
    @Test func stagingNeverOverwritesTheDataFolder() throws {
        let work = try TemporaryFolder()
        let data = work.url.appendingPathComponent("srv/kiosk")
        try FileManager.default.createDirectory(at: data, withIntermediateDirectories: true)
        try "Tin của cơ quan\n".write(to: data.appendingPathComponent("ticker.txt"), atomically: true, encoding: .utf8)
        for _ in 0..<2 {
            let result = try Self.stage(into: work.url)
            try #require(result.status == 0, "install.sh failed: \(result.err)")
            #expect(result.err.contains("keeping the existing data folder /srv/kiosk"), "\(result.err)")
        }
        #expect(try String(contentsOf: data.appendingPathComponent("ticker.txt"), encoding: .utf8) == "Tin của cơ quan\n")
        #expect(try FileManager.default.contentsOfDirectory(atPath: data.path) == ["ticker.txt"])
        #expect(!FileManager.default.fileExists(atPath: work.url.appendingPathComponent("etc/systemd/system/getty@tty1.service").path))

        // A data folder that is a symbolic link (to a release folder, a share) is kept as well,
        // even when it dangles.
        let linked = try TemporaryFolder()
        try FileManager.default.createDirectory(at: linked.url.appendingPathComponent("srv"), withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: linked.url.appendingPathComponent("srv/kiosk").path, withDestinationPath: "/nonexistent/release-2")
        let result = try Self.stage(into: linked.url)
        try #require(result.status == 0, "install.sh failed: \(result.err)")
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: linked.url.appendingPathComponent("srv/kiosk").path) == "/nonexistent/release-2")
    }

    /// The staged sysusers.d and tmpfiles.d files do what they say when systemd's own tools
    /// apply them to the staged tree: the kiosk user in video, render and input, the kiosk-data
    /// group, and /srv/kiosk created setgid and group-writable when it is missing.
    @Test(.enabled(if: SystemTool.find("systemd-sysusers") != nil && SystemTool.find("systemd-tmpfiles") != nil,
                   "systemd-sysusers or systemd-tmpfiles was not found (Debian's systemd package)"),
          .enabled(if: geteuid() == 0, "systemd-sysusers --root and systemd-tmpfiles --root need root to set owners"))
    func sysusersAndTmpfilesCreateUserAndFolder() throws {
        let work = try TemporaryFolder()
        let root = work.url
        try #require(try Self.stage(into: root).status == 0)
        try FileManager.default.removeItem(at: root.appendingPathComponent("srv/kiosk"))
        // An empty /etc, as on a fresh image: sysusers writes passwd and group there.
        try FileManager.default.createDirectory(at: root.appendingPathComponent("etc"), withIntermediateDirectories: true)
        let users = try KioskBinary.run(["--root=\(root.path)", "kiosk.conf"], executable: SystemTool.find("systemd-sysusers")!)
        #expect(users.status == 0, "\(users.err)")
        let group = try String(contentsOf: root.appendingPathComponent("etc/group"), encoding: .utf8)
        let members = Dictionary(group.split(separator: "\n").map { line -> (String, [String]) in
            let fields = line.split(separator: ":", omittingEmptySubsequences: false)
            return (String(fields[0]), fields[3].split(separator: ",").map(String.init))
        }, uniquingKeysWith: { a, _ in a })
        for name in ["video", "render", "input"] { #expect(members[name]?.contains("kiosk") == true, "kiosk is not in \(name)") }
        let passwd = try String(contentsOf: root.appendingPathComponent("etc/passwd"), encoding: .utf8)
        #expect(passwd.split(separator: "\n").contains { $0.hasPrefix("kiosk:") && $0.hasSuffix(":/usr/sbin/nologin") }, "\(passwd)")
        let dataGroup = try #require(group.split(separator: "\n").first { $0.hasPrefix("kiosk-data:") }?.split(separator: ":")[2])

        let folders = try KioskBinary.run(["--root=\(root.path)", "--create", "kiosk.conf"], executable: SystemTool.find("systemd-tmpfiles")!)
        #expect(folders.status == 0, "\(folders.err)")
        let attributes = try FileManager.default.attributesOfItem(atPath: root.appendingPathComponent("srv/kiosk").path)
        #expect(attributes[.posixPermissions] as? Int == 0o2775)
        #expect((attributes[.groupOwnerAccountID] as? NSNumber)?.stringValue == String(dataGroup))
    }
}

/// Finds a program on PATH (and in /usr/sbin, /sbin, where Debian keeps some systemd tools).
enum SystemTool {
    static func find(_ name: String) -> URL? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? ""
        let folders = path.split(separator: ":").map(String.init) + ["/usr/bin", "/bin", "/usr/sbin", "/sbin"]
        return folders.lazy.map { URL(fileURLWithPath: $0).appendingPathComponent(name) }
            .first { FileManager.default.isExecutableFile(atPath: $0.path) }
    }
}
