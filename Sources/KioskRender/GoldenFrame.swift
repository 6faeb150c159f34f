import FoundationEssentials
import KioskCore

/// How different two frames may be and still match: anti-aliasing and font rasterisation vary
/// in the last bits between library versions, layout mistakes don't hide in them.
public struct GoldenTolerance: Sendable, Equatable {
    /// A pixel differs when any channel is off by more than this.
    public var channel: Int
    /// The frame fails when more than this share of its pixels differ: 0.05 % is about 460
    /// pixels at 1280×720, less than one short word of small text, so a changed label fails
    /// while anti-aliasing noise from another FreeType build does not.
    public var differingShare: Double
    public init(channel: Int = 24, differingShare: Double = 0.0005) {
        self.channel = channel; self.differingShare = differingShare
    }
    public static let standard = GoldenTolerance()
}

/// The outcome of a golden-frame comparison, with the figures for a test's failure message.
public struct GoldenResult: CustomStringConvertible, Sendable {
    public enum Outcome: String, Sendable {
        case matched, recorded, differs, sizeMismatch, missing, unreadable
    }
    public var outcome: Outcome
    /// True when matched or recorded.
    public var matches: Bool { outcome == .matched || outcome == .recorded }
    public var differingPixels: Int
    public var totalPixels: Int
    /// The largest difference of one channel anywhere in the frame.
    public var maxChannelDifference: Int
    public var expectedPath: String
    /// Where the actual frame was written, on a mismatch.
    public var actualPath: String?
    public var note: String

    public var description: String {
        let share = totalPixels > 0 ? Double(differingPixels) / Double(totalPixels) * 100 : 0
        var text = "\(outcome.rawValue): \(expectedPath): \(differingPixels) of \(totalPixels) pixels differ "
            + "(\(Digits.fixed(share, decimals: 3)) %), largest channel difference \(maxChannelDifference)"
        if !note.isEmpty { text += "; \(note)" }
        if let actualPath { text += "; actual frame written to \(actualPath)" }
        return text
    }
}

/// The golden-frame harness: compares a rendered frame with a PNG stored in the repository.
///
/// On a mismatch the actual frame is written beside the expected one as `NAME.actual.png`
/// (ignored by git), to look at both. A missing expected PNG is written when
/// `KIOSK_RECORD_GOLDEN=1` (recording mode); existing ones are never overwritten, delete one
/// to record it again.
public enum GoldenFrame {
    /// Whether a missing expected frame is recorded: `KIOSK_RECORD_GOLDEN=1` in the environment.
    public static var recordingRequested: Bool { ProcessInfo.processInfo.environment["KIOSK_RECORD_GOLDEN"] == "1" }

    /// Compares `frame` with the PNG at `expectedPNG`. `record` overrides the environment
    /// (tests of the harness itself must not depend on how the suite was started).
    public static func compare(_ frame: OffscreenFrame, expectedPNG: String,
                               tolerance: GoldenTolerance = .standard, record: Bool? = nil) -> GoldenResult {
        compare(frame.image(), expectedPNG: expectedPNG, tolerance: tolerance, record: record)
    }

    /// Compares RGBA bytes (row by row, 4 a pixel) with the PNG at `expectedPNG`.
    public static func compare(pixels: [UInt8], width: Int, height: Int, expectedPNG: String,
                               tolerance: GoldenTolerance = .standard, record: Bool? = nil) -> GoldenResult {
        compare(RGBAImage(width: width, height: height, pixels: pixels), expectedPNG: expectedPNG,
                tolerance: tolerance, record: record)
    }

    public static func compare(_ actual: RGBAImage, expectedPNG path: String,
                               tolerance: GoldenTolerance = .standard, record: Bool? = nil) -> GoldenResult {
        let total = actual.width * actual.height
        let actualPath = actualPath(for: path)
        var result = GoldenResult(outcome: .matched, differingPixels: 0, totalPixels: total, maxChannelDifference: 0,
                                  expectedPath: path, actualPath: nil, note: "")
        func fail(_ outcome: GoldenResult.Outcome, _ note: String) -> GoldenResult {
            result.outcome = outcome
            result.note = note
            do {
                try actual.writePNG(to: actualPath)
                result.actualPath = actualPath
            } catch {
                result.note += "; could not write the actual frame: \(error)"
            }
            return result
        }

        guard FileManager.default.fileExists(atPath: path) else {
            if record ?? recordingRequested {
                do {
                    try FileManager.default.createDirectory(at: URL(fileURLWithPath: path).deletingLastPathComponent(),
                                                            withIntermediateDirectories: true)
                    try actual.writePNG(to: path)
                    result.outcome = .recorded
                    result.note = "recorded (KIOSK_RECORD_GOLDEN=1)"
                    return result
                } catch {
                    return fail(.unreadable, "could not record: \(error)")
                }
            }
            result.differingPixels = total
            return fail(.missing, "no expected frame; run with KIOSK_RECORD_GOLDEN=1 to record it, then look at it")
        }
        let expected: RGBAImage
        do { expected = try RGBAImage(contentsOfFile: path) } catch {
            result.differingPixels = total
            return fail(.unreadable, "\(error)")
        }
        guard expected.width == actual.width, expected.height == actual.height else {
            result.differingPixels = total
            return fail(.sizeMismatch, "expected \(expected.width)×\(expected.height), got \(actual.width)×\(actual.height)")
        }
        let (differing, largest) = differences(actual.pixels, expected.pixels, channelTolerance: tolerance.channel)
        result.differingPixels = differing
        result.maxChannelDifference = largest
        if Double(differing) > Double(total) * tolerance.differingShare {
            return fail(.differs, "more than \(tolerance.differingShare * 100) % differ by more than \(tolerance.channel)")
        }
        // A stale .actual.png from an earlier failing run would only mislead.
        try? FileManager.default.removeItem(atPath: actualPath)
        return result
    }

    /// `lobby.png` → `lobby.actual.png`, in the same folder.
    public static func actualPath(for expectedPNG: String) -> String {
        let url = URL(fileURLWithPath: expectedPNG)
        return url.deletingPathExtension().appendingPathExtension("actual.png").path
    }

    /// Pixels where some channel differs by more than the tolerance, and the largest channel
    /// difference seen.
    static func differences(_ a: [UInt8], _ b: [UInt8], channelTolerance: Int) -> (count: Int, largest: Int) {
        var count = 0, largest = 0
        a.withUnsafeBufferPointer { pa in
            b.withUnsafeBufferPointer { pb in
                var i = 0
                let n = min(pa.count, pb.count)
                while i + 3 < n {
                    var worst = 0
                    for c in 0..<4 { worst = max(worst, abs(Int(pa[i + c]) - Int(pb[i + c]))) }
                    if worst > channelTolerance { count += 1 }
                    largest = max(largest, worst)
                    i += 4
                }
            }
        }
        return (count, largest)
    }
}
