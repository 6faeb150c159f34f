import Foundation
import Testing
@testable import KioskCore

// InstantText against Foundation's own formatters, the oracle it replaces on the running screen.

/// Instants spread over 1970–2100 (status.json stamps the clock's now; before 1970 the formatter
/// rounds towards the epoch instead of down), with edges: the epoch, a leap day, the ends of a
/// year, and fractions of a second on both sides of the millisecond the formatters round to
/// before they drop the fraction (x.9994 is second x, x.9995 second x + 1).
private let instants: [Date] = {
    var out: [Date] = [0, 951_782_400, 951_868_799.999, 1_718_073_000.75, 1_735_689_599.5, 4_102_444_799, 1_819_130_735.9994, 1_819_130_735.9995, 1_819_130_735.99999]
        .map { Date(timeIntervalSince1970: $0) }
    var rng = SystemRandomNumberGenerator()
    // Whole milliseconds, so no random instant lies within rounding error of a boundary.
    for _ in 0..<2000 { out.append(Date(timeIntervalSince1970: Double(Int64.random(in: 0...4_102_444_800_000, using: &rng)) / 1000)) }
    return out
}()

@Test func theUTCStampIsWhatISO8601DateFormatterWrites() {
    let iso = ISO8601DateFormatter()
    for date in instants {
        #expect(InstantText.iso8601UTC(date) == iso.string(from: date), "\(date.timeIntervalSince1970)")
    }
}

@Test func theWeekdayAndTimeIsWhatDateFormatterWritesInTheZone() {
    for name in ["Asia/Ho_Chi_Minh", "Europe/Berlin", "America/St_Johns", "UTC"] {
        let zone = TimeZone(identifier: name)!
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = zone
        formatter.dateFormat = "EEE HH:mm"
        for date in instants.prefix(500) {
            #expect(InstantText.weekdayAndTime(date, offsetSeconds: zone.secondsFromGMT(for: date)) == formatter.string(from: date),
                    "\(name) \(date.timeIntervalSince1970)")
        }
    }
}
