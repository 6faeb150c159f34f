import Foundation
import Testing
@testable import KioskCore

/// A measurer with fixed metrics: half an em a character, so layout tests need no font.
struct FixedMeasurer: TextMeasurer {
    func width(of text: String, font: FontSpec) -> Double { Double(text.count * font.size) * 0.5 }
    func lineHeight(of font: FontSpec) -> Double { Double(font.size) * 1.25 }
}

/// Availability that reports only listed paths as decoded.
struct ReadyOnly: ImageAvailability {
    var paths: Set<String>
    var failed: Set<String> = []
    func isReady(_ image: ImageRef) -> Bool { paths.contains(image.path) || failed.contains(image.path) }
    func hasFailed(_ image: ImageRef) -> Bool { failed.contains(image.path) }
}

let hanoi = ZoneRules.named("Asia/Ho_Chi_Minh")!

extension ZoneRules {
    /// Foundation's TimeZone of the same name, for tests that check the kiosk against Foundation.
    var foundation: TimeZone { TimeZone(identifier: identifier)! }
}

func instant(_ iso: String) -> Date {
    let f = ISO8601DateFormatter()
    return f.date(from: iso)!
}

func sampleContent() -> KioskContent {
    var ledger = VisitorLedger()
    ledger.record(at: Int64(instant("2024-06-11T08:00:00+07:00").timeIntervalSince1970), count: 5, isOut: false)
    let honours = [
        Honour(name: "Nguyễn Thị Thu Hằng", kind: .individual, award: "Bằng khen của Chủ tịch UBND tỉnh",
               date: HonourDate(year: 2024, month: 3, day: 8), unit: "Hội hữu nghị Việt Nam – Lào"),
        Honour(name: "Báo Hòa An", kind: .collective, award: "Giấy khen", date: HonourDate(year: 2023)),
    ]
    let albums = [Album(title: "Hội nghị tổng kết", photos: [Photo(path: "gallery/a/1.jpg", caption: "Khai mạc"),
                                                           Photo(path: "gallery/a/2.jpg")])]
    return KioskContent(honours: honours, albums: albums, ticker: ["Tin một", "Tin hai"], visitors: ledger,
                        dataFolder: "/data")
}

/// Every line of text a frame draws, both layers.
func texts(_ frame: Frame) -> [String] {
    frame.allCommands.withTapesWrittenOut.compactMap { if case .text(let s, _, _, _, _, _) = $0 { return s } else { return nil } }
}

/// A person at the screen with an injected clock: every event meets the frame that would be on
/// screen at its moment, as on the real screen.
protocol ScreenVisitor {
    var state: KioskState { get set }
    var now: Date { get set }
    func frame() -> Frame
}

extension ScreenVisitor {
    var map: InteractionMap { frame().interaction }

    mutating func send(_ event: InputEvent) {
        state.apply(.input(event), at: now, map: frame().interaction)
    }

    mutating func wait(_ seconds: Double) {
        now = now.addingTimeInterval(seconds)
        state.expireIdle(at: now, map: frame().interaction)
    }

    mutating func tap(x: Double, y: Double) {
        send(.pointerDown(x: x, y: y)); wait(0.08); send(.pointerUp(x: x, y: y))
    }

    /// Taps the middle of the element that means `target` on the current frame.
    mutating func tap(_ target: TapTarget, sourceLocation: Testing.SourceLocation = #_sourceLocation) {
        guard let hit = map.targets.last(where: { $0.target == target }) else {
            Issue.record("nothing on screen means \(target)", sourceLocation: sourceLocation)
            return
        }
        tap(x: hit.rect.x + hit.rect.width / 2, y: hit.rect.y + hit.rect.height / 2)
    }
}
