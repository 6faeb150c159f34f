import Foundation
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

let hanoi = TimeZone(identifier: "Asia/Ho_Chi_Minh")!

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
    frame.allCommands.compactMap { if case .text(let s, _, _, _, _, _) = $0 { return s } else { return nil } }
}
