import Foundation
@testable import KioskCore
import Testing

/// The lobby's highlights rotate the newest honours: chosen once per load without sorting the
/// roll, in exactly the order `HonourOrder.newestFirst` gives.
@Suite struct HighlightsOrderTests {
    /// A roll with many ties: bare years and months shared, names repeated, two files.
    func roll(_ count: Int, seed: UInt64) -> [Honour] {
        var rng = SplitMix64(seed: seed)
        let names = ["Nguyễn Văn An", "Trần Thị Bình", "Lê Văn An", "Báo Hòa An", "Hội hữu nghị Việt – Lào", "Phạm Thu Hà"]
        return (0..<count).map { i in
            let year = Int.random(in: 2019...2024, using: &rng)
            let month: Int? = Bool.random(using: &rng) ? Int.random(in: 1...3, using: &rng) : nil
            return Honour(name: names.randomElement(using: &rng)!, kind: .individual, award: "Bằng khen \(i)",
                          date: HonourDate(year: year, month: month),
                          source: SourceLocation(path: i % 3 == 0 ? "honours/2023.csv" : "honours.csv", line: i + 2))
        }
    }

    @Test func newestAreTheSortsFirstWhateverTheInputOrder() {
        for seed in 1...20 as ClosedRange<UInt64> {
            let honours = roll(300, seed: seed)
            let expected = Array(HonourOrder.newestFirst(honours).prefix(HighlightsPanel.rotationSize))
            #expect(HonourOrder.newest(HighlightsPanel.rotationSize, of: honours) == expected, "shuffled, seed \(seed)")
            // As the loader hands them over: already newest first.
            let sorted = HonourOrder.newestFirst(honours)
            #expect(HonourOrder.newest(HighlightsPanel.rotationSize, of: sorted) == expected, "newest first, seed \(seed)")
            #expect(HonourOrder.newest(HighlightsPanel.rotationSize, of: sorted.reversed()) == expected, "oldest first, seed \(seed)")
            #expect(HonourCatalog(honours).newest == expected)
        }
    }

    @Test func fewerHonoursThanTheRotation() {
        let honours = roll(5, seed: 7)
        #expect(HonourOrder.newest(12, of: honours) == HonourOrder.newestFirst(honours))
        #expect(HonourOrder.newest(0, of: honours).isEmpty)
        #expect(HonourCatalog([]).newest.isEmpty)
    }

    @Test func theLobbyShowsTheNewestHonourFirst() {
        var content = sampleContent()
        let older = Honour(name: "Đặng Văn Cũ", kind: .individual, award: "Giấy khen", date: HonourDate(year: 1999))
        let newer = Honour(name: "Vũ Thị Mới", kind: .individual, award: "Bằng khen", date: HonourDate(year: 2099, month: 1, day: 1))
        // Not in newest-first order: the panel must not rely on the loader's order alone.
        content.honours = [older] + content.honours + [newer]
        let rotation = content.settings.highlightSeconds * Double(min(HighlightsPanel.rotationSize, content.honours.count))
        // The first slot of a rotation shows the newest.
        let at = Date(timeIntervalSince1970: (1_763_434_800 / rotation).rounded(.down) * rotation + 1)
        let ctx = FrameContext(width: 1280, height: 720, now: at, content: content, state: KioskState(homeScene: .lobby),
                               measurer: FixedMeasurer())
        #expect(texts(FrameBuilder.build(ctx)).contains("Vũ Thị Mới"))
    }
}
