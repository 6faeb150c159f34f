import Foundation
import KioskCore
import KioskRender

/// `kiosk-bench honours`: the honour roll's interactive costs over a large roll — preparing the
/// catalog, a search keystroke, and a frame of a scroll — on SDL's software renderer.
enum HonoursBench {
    /// A roll of `count` realistic recipients: Vietnamese names from common family, middle and
    /// given names (with their tones), four kinds of award, twenty years, a tenth collectives.
    static func roll(_ count: Int) -> [Honour] {
        let family = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô", "Dương", "Lý"]
        let middle = ["Văn", "Thị", "Đức", "Minh", "Quốc", "Ngọc", "Hữu", "Thanh", "Thu", "Xuân", "Hoàng", "Kim"]
        let given = ["An", "Anh", "Bình", "Bích", "Cường", "Dũng", "Đức", "Giang", "Hà", "Hải", "Hằng", "Hiếu", "Hòa", "Hương",
                     "Khánh", "Lan", "Linh", "Long", "Mai", "Minh", "Nam", "Nga", "Oanh", "Phúc", "Quân", "Sơn", "Tâm",
                     "Thắng", "Thăng", "Thảo", "Trang", "Tuấn", "Uyên", "Việt", "Vinh", "Xuân", "Yến", "Ánh", "Ân", "Ơn"]
        let places = ["Hòa An", "Vân Sơn", "Đồng Lâm", "Mường Khê", "Sông Mây", "Bắc Hà", "Yên Thế"]
        let awards = ["Bằng khen của Chủ tịch UBND tỉnh", "Giấy khen của Liên hiệp các tổ chức hữu nghị tỉnh",
                      "Kỷ niệm chương Vì hòa bình, hữu nghị giữa các dân tộc", "Bằng khen của Ủy ban MTTQ Việt Nam tỉnh"]
        var random = SplitMix(seed: 2024)
        func pick<T>(_ list: [T]) -> T { list[Int(random.next() % UInt64(list.count))] }
        return (0..<count).map { i in
            let collective = i % 10 == 9
            let name = collective ? "Chi hội hữu nghị \(pick(["huyện", "xã", "phường"])) \(pick(places)) \(i / 10)"
                                  : "\(pick(family)) \(pick(middle)) \(pick(given))"
            return Honour(name: name, kind: collective ? .collective : .individual, award: pick(awards),
                          date: HonourDate(year: 2005 + Int(random.next() % 20), month: 1 + i % 12, day: 1 + i % 28),
                          awardedBy: "UBND tỉnh Hòa An", title: collective ? "" : "Hội viên",
                          unit: "Hội hữu nghị Việt Nam – \(pick(["Lào", "Nga", "Nhật Bản", "Đức", "Campuchia"])) tỉnh",
                          citation: "Đã có thành tích xuất sắc trong công tác đối ngoại nhân dân",
                          source: SourceLocation(path: "honours.csv", line: i + 2))
        }
    }

    static func run(_ options: Options) {
        let count = options.count ?? 10_000
        let honours = roll(count)
        print("honour roll: \(count) generated recipients, \(options.runs) runs; software renderer, offscreen")

        var prepare: [Double] = []
        var content = KioskContent(dataFolder: "/nonexistent")
        for _ in 0..<options.runs {
            let start = now()
            content = KioskContent(honours: honours, ticker: ["Tin một", "Tin hai"], dataFolder: "/nonexistent")
            prepare.append(now() - start)
        }
        print("  prepare the catalog (sort, fold, index): \(Summary(prepare).text)")

        // Each keystroke is a new query: "n", "ng", … "nguyen", then "thang", "hoa", "lao".
        let typed = ["nguyen", "thang", "hoa an", "lao"]
        var searches: [Double] = [], keystrokes: [Double] = []
        for size in [(1280, 720), (1920, 1080)] {
            guard let frame = try? OffscreenFrame(width: size.0, height: size.1) else { fail("no offscreen SDL renderer") }
            var state = KioskState(homeScene: .honours)
            state.browser.keyboardOpen = true
            func draw(_ at: Date) -> Double {
                let start = now()
                let ctx = FrameContext(width: Double(size.0), height: Double(size.1), now: at, content: content, state: state,
                                       measurer: frame.measurer, images: AllImagesReady())
                let built = FrameBuilder.build(ctx)
                frame.render(built.commands, moving: built.moving, background: ctx.theme.background)
                return now() - start
            }
            let at = Date(timeIntervalSince1970: 1_763_433_663)
            _ = draw(at)   // fonts open, glyph caches warm, as on a screen that has run a while
            searches = []; keystrokes = []
            for _ in 0..<options.runs {
                for word in typed {
                    for end in word.indices {
                        let query = HonourQuery(search: String(word[...end]))
                        let start = now()
                        let matches = content.catalog.matches(query)
                        searches.append(now() - start)
                        precondition(matches.count <= count)
                        state.browser.query = query
                        keystrokes.append(draw(at))
                    }
                    state.browser.query = HonourQuery()
                    _ = content.catalog.matches(state.browser.query)
                }
            }
            print("  \(size.0)×\(size.1) search keystroke, matching only: \(Summary(searches).millis)")
            print("  \(size.0)×\(size.1) search keystroke, matching + frame: \(Summary(keystrokes).millis)")
            if size.0 == 1920 {
                BenchReport.add(Figure("search keystroke over \(count) honours, matching (each of \(searches.count) keystrokes)", unit: "ms",
                                       runs: searches.map { $0 * 1000 }, budget: 2))
                BenchReport.add(Figure("search keystroke over \(count) honours, matching + 1920×1080 frame", unit: "ms",
                                       runs: keystrokes.map { $0 * 1000 }))
            }

            // A fling through the list: every frame of it, at 60 Hz, until it stops.
            state = KioskState(homeScene: .honours)
            var frames: [Double] = []
            for _ in 0..<options.runs {
                state.browser = HonoursBrowser()
                let start = at
                _ = draw(start)
                let map = FrameBuilder.build(FrameContext(width: Double(size.0), height: Double(size.1), now: start, content: content,
                                                          state: state, measurer: frame.measurer)).interaction
                guard let list = map.scroll else { fail("the honours scene has no scrolling list") }
                state.browser.scroll.grab(at: start, maxOffset: list.maxOffset, viewport: list.rect.height)
                state.browser.scroll.release(velocity: 4000, at: start, maxOffset: list.maxOffset, viewport: list.rect.height)
                var t = 0.0
                while state.browser.scroll.isMoving(at: start.addingTimeInterval(t), maxOffset: list.maxOffset) && t < 5 {
                    t += 1.0 / 60
                    frames.append(draw(start.addingTimeInterval(t)))
                }
            }
            print("  \(size.0)×\(size.1) scroll frame (fling, build + draw, \(frames.count) frames): \(Summary(frames).percentiles)")
        }
        let median = Summary(searches).median
        print(String(format: "required: search keystroke ≤ 2 ms (matching): %.3f ms, %@", median * 1000, median <= 0.002 ? "met" : "NOT met"))
    }
}

extension Summary {
    var millis: String { String(format: "median %.3f ms   min %.3f ms   max %.3f ms", median * 1000, min * 1000, max * 1000) }
}
