import Foundation
import Testing
@testable import KioskData

private typealias S = ImageSample

/// The message `parse` throws for `bytes`, or nil when it parses.
private func refusal(_ bytes: [UInt8]) -> String? {
    do { _ = try ImageHeader.parse(bytes); return nil } catch { return "\(error)" }
}

@Suite struct ImageHeaderTests {
    // MARK: - JPEG

    @Test func jpegSizeComesFromTheFrameHeader() throws {
        let header = try ImageHeader.parse(S.jpeg(width: 6000, height: 4000))
        #expect(header == ImageHeader(format: .jpeg, width: 6000, height: 4000, orientation: 1, description: nil))
        #expect(header.pixels == 24_000_000 && header.uprightWidth == 6000)
    }

    @Test(arguments: 1...8, [false, true])
    func jpegOrientationInEitherByteOrder(orientation: Int, littleEndian: Bool) throws {
        let header = try ImageHeader.parse(S.jpeg(width: 600, height: 400, [S.app1(exif: S.exif(orientation: orientation, littleEndian: littleEndian))]))
        #expect(header.orientation == orientation)
        let turned = orientation >= 5
        #expect(header.uprightWidth == (turned ? 400 : 600) && header.uprightHeight == (turned ? 600 : 400))
        #expect(header.width == 600 && header.pixels == 240_000)
    }

    @Test func nonsenseOrientationIsUpright() throws {
        for orientation in [0, 9, 0xFFFF] {
            #expect(try ImageHeader.parse(S.jpeg([S.app1(exif: S.exif(orientation: orientation))])).orientation == 1)
        }
        // A LONG where a SHORT belongs, and an IFD offset far outside the segment.
        let long = S.tiff(littleEndian: false, [S.Entry(tag: 0x0112, type: 4, count: 1, value: S.be32(6))])
        #expect(try ImageHeader.parse(S.jpeg([S.app1(exif: long)])).orientation == 1)
        let lost = S.utf8("MM") + S.be16(42) + S.be32(0x7FFF_FFF0)
        #expect(try ImageHeader.parse(S.jpeg([S.app1(exif: lost)])).orientation == 1)
    }

    @Test func fillBytesAndRestartMarkersBetweenSegments() throws {
        var bytes = S.jpeg(width: 10, height: 20)
        bytes.insert(contentsOf: [0xFF, 0xFF, 0xFF, 0xD0], at: 2)
        #expect(try ImageHeader.parse(bytes).width == 10)
    }

    @Test func exifDescriptionInUTF8IsNFC() throws {
        let title = "Đại hội đại biểu nhiệm kỳ 2023–2028"
        for written in [title, title.decomposedStringWithCanonicalMapping] {
            for littleEndian in [false, true] {
                let header = try ImageHeader.parse(S.jpeg([S.app1(exif: S.exif(orientation: 6, description: written, littleEndian: littleEndian))]))
                #expect(header.description == title && header.orientation == 6)
            }
        }
    }

    @Test func exifDescriptionNotUTF8IsLatin1() throws {
        let tiff = S.tiff(littleEndian: true, [S.Entry(tag: 0x010E, type: 2, count: 7, value: [0x43, 0x61, 0x66, 0xE9, 0x20, 0, 0])])
        #expect(try ImageHeader.parse(S.jpeg([S.app1(exif: tiff)])).description == "Café")
        // Four bytes or fewer sit inside the entry itself.
        let short = S.tiff(littleEndian: false, [.text(0x010E, "Hoa")])
        #expect(try ImageHeader.parse(S.jpeg([S.app1(exif: short)])).description == "Hoa")
    }

    @Test func xmpDescriptionComesFirst() throws {
        let bytes = S.jpeg([S.app1(exif: S.exif(description: "From EXIF")), S.app13(iptcCaption: S.utf8("From IPTC")),
                            S.app1(xmpDescription: "Tom &amp; Jerry &lt;3 &quot;x&quot; &#7913; &#x1EE9; &bogus; &#xZZ;")])
        #expect(try ImageHeader.parse(bytes).description == "Tom & Jerry <3 \"x\" ứ ứ &bogus; &#xZZ;")
    }

    @Test func iptcCaptionBeforeExif() throws {
        let bytes = S.jpeg([S.app1(exif: S.exif(description: "From EXIF")), S.app13(iptcCaption: S.utf8("Hội nghị tổng kết"))])
        #expect(try ImageHeader.parse(bytes).description == "Hội nghị tổng kết")
        let latin1 = S.jpeg([S.app13(iptcCaption: [0x4E, 0x6F, 0xEB, 0x6C])])
        #expect(try ImageHeader.parse(latin1).description == "Noël")
    }

    @Test func windowsTitleAndComment() throws {
        let both = S.tiff(littleEndian: false, [.xp(0x9C9C, "Ghi chú"), .xp(0x9C9B, "Tiêu đề")])
        #expect(try ImageHeader.parse(S.jpeg([S.app1(exif: both)])).description == "Tiêu đề")
        let comment = S.tiff(littleEndian: true, [.xp(0x9C9C, "Ghi chú")])
        #expect(try ImageHeader.parse(S.jpeg([S.app1(exif: comment)])).description == "Ghi chú")
    }

    @Test func cameraPlaceholdersAreNoCaption() throws {
        for placeholder in ["OLYMPUS DIGITAL CAMERA         ", "SONY DSC", "DCIM", "default", "Default", "   ", "\0\0\0 \0"] {
            #expect(try ImageHeader.parse(S.jpeg([S.app1(exif: S.exif(description: placeholder))])).description == nil, "\(placeholder)")
        }
        // A placeholder gives way to the next field that says something.
        let tiff = S.tiff(littleEndian: true, [.text(0x010E, "SONY DSC"), .xp(0x9C9B, "Chia tay")])
        #expect(try ImageHeader.parse(S.jpeg([S.app1(exif: tiff)])).description == "Chia tay")
    }

    @Test func captionIsOneTrimmedLineOfAtMost500Characters() throws {
        #expect(PictureText.caption("  Dòng một\r\n\r\nDòng hai\u{2028}ba\0bốn\t ") == "Dòng một Dòng hai ba bốn")
        let long = String(repeating: "ế", count: 499) + " " + String(repeating: "x", count: 100)
        let caption = try #require(PictureText.caption(long))
        #expect(caption.count == 499 && caption.last == "ế")
    }

    @Test func jpegCutOffBeforeItsSize() {
        let whole = S.jpeg([S.app1(exif: S.exif(orientation: 6))])
        let sof = whole.count - 40
        for cut in [2, 3, 20, 100, sof] {
            #expect(refusal(Array(whole.prefix(cut))) == "the JPEG ends before its size is given (cut off?)", "\(cut)")
        }
        let noFrame: [UInt8] = [0xFF, 0xD8] + S.segment(0xDB, [0, 1, 2]) + [0xFF, 0xD9]
        #expect(refusal(noFrame) == "a JPEG that ends without giving its size")
        let scanFirst: [UInt8] = [0xFF, 0xD8] + S.segment(0xDA, [0, 1, 2]) + S.segment(0xC0, [8, 0, 1, 0, 1, 1, 0, 0, 0])
        #expect(refusal(scanFirst) == "a JPEG whose picture data comes before its size")
        #expect(refusal([0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x01]) == "a JPEG with a broken segment (length 1 at byte 4)")
        #expect(refusal(S.jpeg(width: 0, height: 480)) == "the JPEG gives its size as 0 × 480 pixels")
    }

    // MARK: - PNG and WebP

    @Test func pngSizeAndMetadata() throws {
        #expect(try ImageHeader.parse(S.png(width: 300, height: 200)) == ImageHeader(format: .png, width: 300, height: 200))
        let described = S.png(width: 30, height: 20, [S.chunk("eXIf", S.exif(orientation: 6, littleEndian: true)),
                                                     S.chunk("tEXt", S.utf8("Title") + [0] + S.utf8("Tiêu đề")),
                                                     S.chunk("tEXt", S.utf8("Description") + [0] + S.utf8("Mô tả"))])
        #expect(try ImageHeader.parse(described) == ImageHeader(format: .png, width: 30, height: 20, orientation: 6, description: "Mô tả"))
        let international = S.png(width: 1, height: 1, [S.chunk("iTXt", S.utf8("Title") + [0, 0, 0] + S.utf8("vi") + [0, 0] + S.utf8("Tiêu đề"))])
        #expect(try ImageHeader.parse(international).description == "Tiêu đề")
    }

    @Test func pngRefusals() {
        #expect(refusal(Array(S.png(width: 1, height: 1).prefix(20))) == "the PNG ends before its size is given (cut off?)")
        #expect(refusal(Array(S.png(width: 1, height: 1).prefix(5))) == "the PNG ends before its size is given (cut off?)")
        var noHeader = S.png(width: 1, height: 1)
        noHeader.replaceSubrange(12..<16, with: S.utf8("IDAT"))
        #expect(refusal(noHeader) == "a PNG without its IHDR header")
        #expect(refusal(S.png(width: 0x8000_0000, height: 1)) == "the PNG gives its size as 2147483648 × 1 pixels")
    }

    @Test func hugePNGParsesButIsNotRead() throws {
        let bytes = S.png(width: 100_000, height: 100_000)
        #expect(try ImageHeader.parse(bytes).pixels == 10_000_000_000)
        let folder = try DataFolder()
        try folder.write("huge.png", Data(bytes))
        #expect(throws: ImageHeaderError("the picture is 100000 × 100000 pixels (10000 megapixels), over the limit of 50 megapixels; not shown")) {
            try ImageHeader.read(path: folder.path + "/huge.png", limits: PictureLimits())
        }
        let small = PictureLimits(maxPixels: 9_999_999_999)
        #expect(throws: ImageHeaderError.self) { try ImageHeader.read(path: folder.path + "/huge.png", limits: small) }
        let enough = PictureLimits(maxPixels: 10_000_000_000)
        #expect(try ImageHeader.read(path: folder.path + "/huge.png", limits: enough).width == 100_000)
    }

    @Test func webpLossyLosslessAndExtended() throws {
        #expect(try ImageHeader.parse(S.webpLossy(width: 400, height: 300)) == ImageHeader(format: .webp, width: 400, height: 300))
        #expect(try ImageHeader.parse(S.webpLossless(width: 16383, height: 5)) == ImageHeader(format: .webp, width: 16383, height: 5))
        for littleEndian in [false, true] {
            let exif = S.exif(orientation: 8, description: "Lễ khai mạc", littleEndian: littleEndian)
            let header = try ImageHeader.parse(S.webpExtended(width: 5000, height: 3000, exif: exif))
            #expect(header == ImageHeader(format: .webp, width: 5000, height: 3000, orientation: 8, description: "Lễ khai mạc"))
            #expect(header.uprightWidth == 3000)
        }
    }

    @Test func webpRefusals() {
        #expect(refusal(Array(S.webpLossy(width: 4, height: 3).prefix(10))) == "the WebP ends before its size is given (cut off?)")
        #expect(refusal(Array(S.webpLossy(width: 4, height: 3).prefix(25))) == "the WebP ends before its size is given (cut off?)")
        #expect(refusal(S.webp([S.riffChunk("VP8 ", [0, 0, 0, 1, 2, 3, 0, 0, 0, 0])])) == "a WebP with a broken VP8 header")
        #expect(refusal(S.webp([S.riffChunk("ALPH", [0, 0])])) == "a WebP without its VP8, VP8L or VP8X header")
    }

    // MARK: - Everything else

    @Test func otherFilesAreRefusedByTheirFirstBytes() {
        #expect(refusal([]) == "an empty file")
        #expect(refusal(S.utf8("GIF89a") + [0x10, 0, 0x10, 0]) == "not a JPEG, PNG or WebP picture (it starts with \"GIF89a\")")
        #expect(refusal(S.utf8("BM") + [0x36, 0x0C, 0, 0]) == "not a JPEG, PNG or WebP picture (it starts with \"BM6\")")
        #expect(refusal(S.utf8("Tên,Giải thưởng,Ngày\n")) == "not a JPEG, PNG or WebP picture (it starts with \"Tên,Giải thư\")")
        #expect(refusal(S.utf8("hello, world, this is text")) == "not a JPEG, PNG or WebP picture (it starts with \"hello, world\")")
        #expect(refusal([0, 1, 0xFF]) == "not a JPEG, PNG or WebP picture (it starts with the bytes 00 01 FF)")
        #expect(refusal([0, 0, 0, 0x18] + S.utf8("ftypheic") + [0, 0]) == "not a JPEG, PNG or WebP picture (it starts with the bytes "
                + "00 00 00 18 66 74 79 70, an HEIC or AVIF picture as iPhones save them; save it as JPEG)")
        #expect(refusal(S.utf8("RIFF") + S.le32(4) + S.utf8("WAVE")) == "not a JPEG, PNG or WebP picture (it starts with \"RIFF\")")
    }

    @Test func everyCutAndEveryFlippedByteOfEverySampleIsAHeaderOrAMessage() {
        var random = SystemRandomNumberGenerator()
        for (name, bytes) in S.all {
            #expect(refusal(bytes) == nil, "\(name)")
            for cut in 0..<bytes.count { checkInvariants(Array(bytes.prefix(cut))) }
            for _ in 0..<300 {
                var mutated = bytes
                for _ in 0..<Int.random(in: 1...4, using: &random) {
                    mutated[Int.random(in: 0..<mutated.count, using: &random)] = UInt8.random(in: 0...255, using: &random)
                }
                checkInvariants(mutated)
            }
        }
    }

    private func checkInvariants(_ bytes: [UInt8]) {
        do {
            let header = try ImageHeader.parse(bytes)
            #expect(header.width > 0 && header.height > 0 && (1...8).contains(header.orientation))
            #expect(header.uprightWidth * header.uprightHeight == header.pixels)
            if let description = header.description { #expect(!description.isEmpty && description.count <= 500) }
        } catch let error as ImageHeaderError {
            #expect(!error.message.isEmpty)
        } catch {
            Issue.record("not an ImageHeaderError: \(error)")
        }
    }

    // MARK: - Files

    @Test func demoPhotosAreJPEGsWithASize() throws {
        let gallery = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Assets/demo/gallery")
        let albums = try FileManager.default.contentsOfDirectory(atPath: gallery.path)
        var count = 0
        for album in albums {
            for file in try FileManager.default.contentsOfDirectory(atPath: gallery.appendingPathComponent(album).path) where file.hasSuffix(".jpg") {
                let header = try ImageHeader.read(path: gallery.appendingPathComponent(album).appendingPathComponent(file).path, limits: PictureLimits())
                #expect(header.format == .jpeg && header.width > 0 && header.height > 0, "\(album)/\(file)")
                if file == "01-don-doan.jpg" { #expect(header.width == 1600 && header.height == 1067) }
                count += 1
            }
        }
        #expect(count >= 15)
    }

    @Test func readRefusesEmptyAndOversizedFilesWithoutReadingThem() throws {
        let folder = try DataFolder()
        try folder.write("empty.jpg", Data())
        #expect(throws: ImageHeaderError("an empty file")) { try ImageHeader.read(path: folder.path + "/empty.jpg", limits: PictureLimits()) }
        // 80 MiB claimed, nothing written: a sparse file.
        let big = folder.path + "/big.jpg"
        try folder.write("big.jpg", Data(S.jpeg()))
        let handle = try #require(FileHandle(forWritingAtPath: big))
        try handle.truncate(atOffset: 80 << 20)
        try handle.close()
        #expect(throws: ImageHeaderError("the file is 80 MB, over the limit of 64 MB")) {
            try ImageHeader.read(path: big, limits: PictureLimits())
        }
        #expect(throws: ImageHeaderError("not a file, so not a picture")) { try ImageHeader.read(path: folder.path, limits: PictureLimits()) }
        #expect(throws: ImageHeaderError.self) { try ImageHeader.read(path: folder.path + "/missing.jpg", limits: PictureLimits()) }
    }

    @Test func aSizeGivenPastTheFirstBytesReadIsNotCalledCutOff() throws {
        // Five full ICC-profile segments (APP2, 64 KiB each) before the frame header.
        let icc = S.segment(0xE2, [UInt8](repeating: 7, count: 65_533))
        let bytes = S.jpeg(width: 8, height: 8, Array(repeating: icc, count: 5))
        #expect(refusal(Array(bytes.prefix(ImageHeader.bytesNeeded))) == "the JPEG ends before its size is given (cut off?)")
        let folder = try DataFolder()
        try folder.write("icc.jpg", Data(bytes))
        #expect(throws: ImageHeaderError("the JPEG gives its size only after its first 256 KiB; not shown")) {
            try ImageHeader.read(path: folder.path + "/icc.jpg", limits: PictureLimits())
        }
    }

    @Test func sizesInMessagesRoundUp() {
        #expect(ImageHeaderError.amount(64 << 20, per: 1 << 20) == "64")
        #expect(ImageHeaderError.amount((64 << 20) + 1, per: 1 << 20) == "64.1")
        #expect(ImageHeaderError.amount(50_950_001, per: 1_000_000) == "51")
        #expect(ImageHeaderError.amount(700_000, per: 1_000_000) == "0.7")
    }
}
