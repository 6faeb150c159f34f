/// Interface labels in each display language. Vietnamese is the default and the reference.
public struct Labels: Sendable {
    public let language: DisplayLanguage
    public init(_ language: DisplayLanguage) { self.language = language }

    private func pick(_ vi: String, _ en: String) -> String { language == .vi ? vi : en }

    public var visitorsTitle: String { pick("Thống kê truy cập", "Visitor statistics") }
    public var now: String { pick("Đang truy cập", "Now") }
    public var today: String { pick("Trong ngày", "Today") }
    public var week: String { pick("Trong tuần", "This week") }
    public var month: String { pick("Trong tháng", "This month") }
    public var year: String { pick("Trong năm", "This year") }
    public var total: String { pick("Tổng số", "Total") }
    public var honoursTitle: String { pick("Bảng vinh danh", "Honour roll") }
    public var highlightsTitle: String { pick("Vinh danh", "Honoured") }
    public var ticker: String { pick("TIN NÓNG", "NEWS") }
    public var collective: String { pick("Tập thể", "Collective") }
    public var individual: String { pick("Cá nhân", "Individual") }
    public var noPhotos: String { pick("Chưa có ảnh", "No photos yet") }
    public var noHonours: String { pick("Chưa có dữ liệu vinh danh", "No honours yet") }
    public var last30Days: String { pick("Lượt truy cập 30 ngày qua", "Visits, last 30 days") }
    public var touchToBrowse: String { pick("Chạm vào màn hình để xem bảng vinh danh", "Touch the screen to browse the honour roll") }
    public func recipients(_ count: Int) -> String {
        let n = NumberText.grouped(count, language)
        return pick("\(n) tập thể và cá nhân", count == 1 ? "1 recipient" : "\(n) recipients")
    }
    public func dataProblems(_ count: Int) -> String {
        pick("\(count) lỗi dữ liệu", count == 1 ? "1 data problem" : "\(count) data problems")
    }
    public func kind(_ kind: HonourKind) -> String { kind == .collective ? collective : individual }
}
