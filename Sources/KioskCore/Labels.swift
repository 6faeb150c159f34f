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
    public var searchPlaceholder: String { pick("Tìm theo tên, đơn vị…", "Search a name or a unit…") }
    public var allKinds: String { pick("Tất cả", "All") }
    public var allYears: String { pick("Mọi năm", "All years") }
    public var allAwards: String { pick("Mọi hình thức", "All awards") }
    public var showAll: String { pick("Xem tất cả", "Show all") }
    public var touchForDetails: String { pick("Chạm vào một tên để xem chi tiết", "Touch a name for details") }
    public var keyDelete: String { pick("Xoá", "Delete") }
    public var keyClear: String { pick("Xoá hết", "Clear") }
    public var keySpace: String { pick("Dấu cách", "Space") }
    public var keyDone: String { pick("Xong", "Done") }
    public var award: String { pick("Hình thức khen thưởng", "Award") }
    public var awardedBy: String { pick("Cấp khen", "Awarded by") }
    public var date: String { pick("Ngày khen thưởng", "Date") }
    public var citation: String { pick("Thành tích", "Citation") }
    public var close: String { pick("× Đóng", "× Close") }
    public var previous: String { pick("‹ Trước", "‹ Previous") }
    public var next: String { pick("Sau ›", "Next ›") }
    public func noMatches(_ search: String) -> String {
        search.isEmpty ? pick("Không có kết quả phù hợp", "Nothing matches these filters")
                       : pick("Không tìm thấy “\(search)”", "No results for “\(search)”")
    }
    public func matches(_ count: Int, of total: Int) -> String {
        let n = NumberText.grouped(count, language), all = NumberText.grouped(total, language)
        return pick("\(n) / \(all) tập thể và cá nhân", "\(n) of \(all) recipients")
    }
    public func position(_ index: Int, of count: Int) -> String {
        "\(NumberText.grouped(index + 1, language)) / \(NumberText.grouped(count, language))"
    }
    public func recipients(_ count: Int) -> String {
        let n = NumberText.grouped(count, language)
        return pick("\(n) tập thể và cá nhân", count == 1 ? "1 recipient" : "\(n) recipients")
    }
    public func dataProblems(_ count: Int) -> String {
        pick("\(count) lỗi dữ liệu", count == 1 ? "1 data problem" : "\(count) data problems")
    }
    public var pause: String { pick("Tạm dừng", "Pause") }
    public var resume: String { pick("Tiếp tục", "Resume") }
    public var paused: String { pick("Đã tạm dừng", "Paused") }
    public var albums: String { pick("Album ảnh", "Albums") }
    public var chooseAlbum: String { pick("Chọn album ảnh", "Choose an album") }
    public var allAlbums: String { pick("Tất cả ảnh", "All photos") }
    public var home: String { pick("Trang chính", "Home") }
    public func photoCount(_ count: Int) -> String {
        let n = NumberText.grouped(count, language)
        return pick("\(n) ảnh", count == 1 ? "1 photo" : "\(n) photos")
    }
    public func photoPosition(_ index: Int, of count: Int) -> String {
        pick("Ảnh \(position(index, of: count))", "Photo \(position(index, of: count))")
    }
    public func kind(_ kind: HonourKind) -> String { kind == .collective ? collective : individual }
}
