import Foundation
import Testing

/// The printing commands on the shipped demo data.
@Suite struct CommandTests {
    @Test func checkPassesOnTheDemoData() throws {
        let result = try KioskBinary.run(["check", "--data", KioskBinary.demoFolder.path])
        #expect(result.status == 0, "\(result.out)\(result.err)")
        #expect(result.err.contains("honours"))
    }

    @Test func checkFailsWithPathLineAndColumn() throws {
        let folder = try TemporaryFolder()
        try "name,kind,award,date\nNguyễn Văn An,individual,Giấy khen,31/02/2024\nTrần Thị Bình,cá nhân,Bằng khen,2024-01-05\n"
            .write(to: folder.url.appendingPathComponent("honours.csv"), atomically: true, encoding: .utf8)
        let result = try KioskBinary.run(["check", "--data", folder.url.path])
        #expect(result.status == 1)
        #expect(result.out.contains("honours.csv:2:"), "\(result.out)")
        #expect(result.out.contains("error"))
    }

    @Test func configOptionReplacesKioskToml() throws {
        let folder = try TemporaryFolder()
        let config = folder.url.appendingPathComponent("other.toml")
        try "language = \"fr\"\n".write(to: config, atomically: true, encoding: .utf8)
        let result = try KioskBinary.run(["check", "--data", KioskBinary.demoFolder.path, "--config", config.path])
        #expect(result.status == 1)
        #expect(result.out.contains("\(config.path):1:1: error: language must be"), "\(result.out)")
    }

    @Test func visitorsPrintsTheSixFiguresAsJSON() throws {
        let folder = try TemporaryFolder()
        let visitors = folder.url.appendingPathComponent("visitors")
        try FileManager.default.createDirectory(at: visitors, withIntermediateDirectories: true)
        try """
        2024-06-10T23:30:00+07:00 in 8
        2024-06-11T09:20:00+07:00 in 16
        2024-06-01T10:00:00+07:00 in 2

        """.write(to: visitors.appendingPathComponent("a.log"), atomically: true, encoding: .utf8)
        let result = try KioskBinary.run(["visitors", "--data", folder.url.path, "--at", "2024-06-11T09:30:00+07:00"])
        #expect(result.status == 0, "\(result.err)")
        #expect(result.out.trimmingCharacters(in: .whitespacesAndNewlines)
                == #"{"now":16,"today":16,"week":24,"month":26,"year":26,"total":26}"#)
    }

    @Test func honoursPrintsJSONLinesAndFilters() throws {
        let all = try KioskBinary.run(["honours", "--data", KioskBinary.demoFolder.path])
        #expect(all.status == 0)
        let lines = all.out.split(separator: "\n")
        #expect(lines.count >= 40)
        for line in lines {
            let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
            #expect(object?["name"] is String)
            #expect(["individual", "collective"].contains(object?["kind"] as? String))
            #expect(object?["award"] is String && object?["date"] is String && object?["unit"] is String)
        }
        let collectives = try KioskBinary.run(["honours", "--data", KioskBinary.demoFolder.path, "--kind", "collective"])
        #expect(collectives.out.split(separator: "\n").allSatisfy { $0.contains(#""kind":"collective""#) })
        #expect(!collectives.out.isEmpty)
        let inVietnamese = try KioskBinary.run(["honours", "--data", KioskBinary.demoFolder.path, "--kind", "Tập thể"])
        #expect(inVietnamese.out == collectives.out)
        let searched = try KioskBinary.run(["honours", "--data", KioskBinary.demoFolder.path, "--search", "thang"])
        let names = searched.out.split(separator: "\n").compactMap { line in
            (try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])?["name"] as? String
        }
        #expect(names.contains("Trần Văn Thắng") && names.contains("Lê Hoàng Thăng"), "\(names)")
        let year = try KioskBinary.run(["honours", "--data", KioskBinary.demoFolder.path, "--year", "2022"])
        #expect(year.out.split(separator: "\n").allSatisfy { $0.contains(#""date":"2022"#) })
        #expect(try KioskBinary.run(["honours", "--data", KioskBinary.demoFolder.path, "--kind", "khách"]).status != 0)
    }

    @Test func renderIsDeterministic() throws {
        let folder = try TemporaryFolder()
        let a = folder.url.appendingPathComponent("a.png").path, b = folder.url.appendingPathComponent("b.png").path
        for out in [a, b] {
            let result = try KioskBinary.run(["render", "--data", KioskBinary.demoFolder.path, "--out", out,
                                              "--size", "640x360", "--at", "2024-06-11T09:30:00+07:00"])
            #expect(result.status == 0, "\(result.err)")
        }
        let first = try #require(RGBAImage(path: a)), second = try #require(RGBAImage(path: b))
        #expect(first.width == 640 && first.height == 360)
        #expect(first.bytes == second.bytes)
    }

    static let goldenFolder = KioskBinary.demoFolder.deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Tests/KioskRenderTests")

    /// The binary plays a script to the same frame the golden test checked by eye.
    @Test func renderPlaysAScriptToTheGoldenFrame() throws {
        let folder = try TemporaryFolder()
        let out = folder.url.appendingPathComponent("card.png").path
        let script = Self.goldenFolder.appendingPathComponent("Scripts/card.script").path
        let result = try KioskBinary.run(["render", "--data", KioskBinary.demoFolder.path, "--out", out, "--scene", "honours",
                                          "--at", "2026-11-18T09:41:03+07:00", "--script", script])
        #expect(result.status == 0, "\(result.err)")
        let frame = try #require(RGBAImage(path: out))
        let golden = try #require(RGBAImage(path: Self.goldenFolder.appendingPathComponent("Golden/honours-card.png").path))
        #expect(frame.width == golden.width && frame.height == golden.height)
        var differing = 0
        for i in stride(from: 0, to: min(frame.bytes.count, golden.bytes.count), by: 4)
        where (0..<3).contains(where: { abs(Int(frame.bytes[i + $0]) - Int(golden.bytes[i + $0])) > 24 }) {
            differing += 1
        }
        #expect(differing < frame.width * frame.height / 2000, "\(differing) pixels differ from the golden card")
    }

    @Test func aMistakeInAScriptIsReportedWithItsPlace() throws {
        let folder = try TemporaryFolder()
        let script = folder.url.appendingPathComponent("bad.script")
        try "0.5 tap 100 200\n1.0 tap 10 abc\n".write(to: script, atomically: true, encoding: .utf8)
        let result = try KioskBinary.run(["render", "--data", KioskBinary.demoFolder.path, "--out",
                                          folder.url.appendingPathComponent("x.png").path, "--script", script.path])
        #expect(result.status == 1)
        #expect(result.err.contains("bad.script:2:12: error:"), "\(result.err)")
        #expect(!FileManager.default.fileExists(atPath: folder.url.appendingPathComponent("x.png").path))
    }

    /// People by given name, collectives by full name, in Vietnamese order: as on the screen.
    @Test func honoursPrintsTheScreensOrder() throws {
        let all = try KioskBinary.run(["honours", "--data", KioskBinary.demoFolder.path])
        let names = all.out.split(separator: "\n").compactMap { line in
            (try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])?["name"] as? String
        }
        #expect(Array(names.prefix(5)) == ["Đỗ Thị Mai Anh", "Ban Đối ngoại Liên hiệp các tổ chức hữu nghị tỉnh", "Trần Quốc Bảo",
                                          "Báo Hòa An", "Trịnh Thị Ngọc Bích"], "\(names)")
        let thang = names.filter { $0.hasSuffix("Thăng") || $0.hasSuffix("Thắng") }
        #expect(thang == ["Lê Hoàng Thăng", "Trần Văn Thắng"])   // ă before â, tones after letters
        let award = try KioskBinary.run(["honours", "--data", KioskBinary.demoFolder.path, "--award", "bang khen", "--kind", "individual"])
        #expect(award.status == 0, "\(award.err)")
        let awarded = award.out.split(separator: "\n")
        #expect(!awarded.isEmpty && awarded.allSatisfy { $0.contains(#""award":"Bằng khen"#) && $0.contains(#""kind":"individual""#) })
        #expect(try KioskBinary.run(["honours", "--data", KioskBinary.demoFolder.path, "--award", "huân chương"]).status != 0)
    }
}
