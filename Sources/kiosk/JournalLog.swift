import FoundationEssentials
import KioskCore
import Glibc
import Logging

/// swift-log's handler for the screen: one line a message on standard error, prefixed with the
/// syslog priority (`<3>` error, `<4>` warning, `<6>` info…) that journald reads from a service's
/// stderr, so `journalctl -u kiosk -p warning` shows the data problems and nothing else.
///
/// At a terminal the prefix would only be noise for the person reading it, so there it is left
/// out, and warnings and errors start with their level's name instead.
struct JournalLogHandler: LogHandler {
    var logLevel: Logger.Level
    var metadata: Logger.Metadata = [:]
    /// Whether lines carry `<N>` priority prefixes (not at a terminal).
    let withPriority: Bool

    init(logLevel: Logger.Level, withPriority: Bool) {
        self.logLevel = logLevel
        self.withPriority = withPriority
    }

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(level: Logger.Level, message: Logger.Message, metadata extra: Logger.Metadata?,
             source: String, file: String, function: String, line: UInt) {
        StandardErrorLines.write(Self.format(level: level, message: "\(message)", withPriority: withPriority))
    }

    /// The line(s) for one message. A message of several lines gets its prefix on each, or
    /// journald would file the later lines as info.
    static func format(level: Logger.Level, message: String, withPriority: Bool) -> String {
        message.split(separator: "\n", omittingEmptySubsequences: false).map { line in
            if withPriority { return "<\(priority(level))>kiosk: \(line)\n" }
            switch level {
            case .warning, .error, .critical: return "kiosk: \(level.rawValue): \(line)\n"
            default: return "kiosk: \(line)\n"
            }
        }.joined()
    }

    /// sd-daemon(3)'s SD_ERR … SD_DEBUG.
    static func priority(_ level: Logger.Level) -> Int {
        switch level {
        case .trace, .debug: return 7
        case .info: return 6
        case .notice: return 5
        case .warning: return 4
        case .error: return 3
        case .critical: return 2
        }
    }
}

/// Whole lines to fd 2 in one write each, so lines from the decode thread and the main loop
/// never interleave mid-line in the journal.
enum StandardErrorLines {
    private static let lock = Lock()

    static func write(_ text: String) {
        lock.lock(); defer { lock.unlock() }
        let bytes = Array(text.utf8)
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeBytes { Glibc.write(2, $0.baseAddress! + offset, $0.count - offset) }
            if written < 0 && errno == EINTR { continue }
            if written <= 0 { return }   // stderr gone: nothing better to do with a log line
            offset += written
        }
    }
}

/// The process's logger, set up once before anything logs.
enum KioskLog {
    /// `KIOSK_LOG_LEVEL` (trace, debug, info, notice, warning, error, critical) lowers or raises
    /// what reaches the journal; info by default.
    static let logger: Logger = {
        let level = ProcessInfo.processInfo.environment["KIOSK_LOG_LEVEL"].flatMap { Logger.Level(rawValue: $0.lowercased()) } ?? .info
        let withPriority = isatty(2) == 0
        LoggingSystem.bootstrap { _ in JournalLogHandler(logLevel: level, withPriority: withPriority) }
        return Logger(label: "kiosk")
    }()
}
