import Foundation

/// Compares a rendered frame with a stored PNG, with a tolerance for the last bits of
/// anti-aliasing; on a mismatch the actual frame is written beside the expected one.
public enum GoldenFrame {
    /// The outcome of one comparison, with the figures for the test's message.
    public struct Result: CustomStringConvertible {
        public var matches: Bool
        public var differingPixels: Int
        public var totalPixels: Int
        public var note: String
        public var description: String {
            "\(note): \(differingPixels) of \(totalPixels) pixels differ"
        }
    }

    /// A pixel differs when a channel is off by more than this.
    public static let channelTolerance = 24
    /// The frame fails when more than this share of its pixels differ: 0.05 % is about 460
    /// pixels at 1280×720, less than one short word of small text, so a changed label fails
    /// while anti-aliasing noise from another FreeType build does not.
    public static let pixelShare = 0.0005

    public static func compare(_ frame: OffscreenFrame, expectedPNG path: String) -> Result {
        let actual = frame.pixels()
        let total = frame.width * frame.height
        let actualPath = (path as NSString).deletingPathExtension + ".actual.png"
        guard let expected = PNGFile.read(path) else {
            if ProcessInfo.processInfo.environment["KIOSK_RECORD_GOLDEN"] == "1" {
                try? FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
                do { try frame.writePNG(to: path) } catch { return Result(matches: false, differingPixels: total, totalPixels: total, note: "\(error)") }
                return Result(matches: true, differingPixels: 0, totalPixels: total, note: "recorded \(path)")
            }
            try? frame.writePNG(to: actualPath)
            return Result(matches: false, differingPixels: total, totalPixels: total,
                          note: "\(path) is missing (actual frame written to \(actualPath); record with KIOSK_RECORD_GOLDEN=1)")
        }
        guard expected.width == frame.width, expected.height == frame.height else {
            try? frame.writePNG(to: actualPath)
            return Result(matches: false, differingPixels: total, totalPixels: total,
                          note: "\(path) is \(expected.width)×\(expected.height), the frame \(frame.width)×\(frame.height)")
        }
        let differing = countDifferences(actual, expected.rgba)
        let matches = Double(differing) <= Double(total) * pixelShare
        if matches { try? FileManager.default.removeItem(atPath: actualPath) } else { try? frame.writePNG(to: actualPath) }
        return Result(matches: matches, differingPixels: differing, totalPixels: total,
                      note: matches ? path : "\(path) differs (actual frame written to \(actualPath))")
    }

    static func countDifferences(_ a: [UInt8], _ b: [UInt8]) -> Int {
        var count = 0
        var i = 0
        while i + 3 < a.count && i + 3 < b.count {
            if abs(Int(a[i]) - Int(b[i])) > channelTolerance || abs(Int(a[i + 1]) - Int(b[i + 1])) > channelTolerance
                || abs(Int(a[i + 2]) - Int(b[i + 2])) > channelTolerance { count += 1 }
            i += 4
        }
        return count
    }
}
