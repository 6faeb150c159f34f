import CSDL2
import KioskCore
@testable import KioskRender
import Testing

/// Fonts are found at run time through fontconfig and must cover Vietnamese.
@Suite struct FontTests {
    @Test func findsAFaceThatCoversVietnamese() throws {
        let fonts = try FontLibrary()
        for weight in [FontWeight.regular, .bold] {
            let path = try #require(fonts.fontPaths[weight])
            #expect(FileManager.default.fileExists(atPath: path), "\(weight): \(path)")
            let font = try fonts.font(FontSpec(size: 24, weight: weight))
            // Every letter of the probe has a glyph in the face SDL_ttf opened, not just in
            // fontconfig's idea of it.
            for scalar in FontDiscovery.vietnameseProbe {
                #expect(TTF_GlyphIsProvided32(font, scalar) != 0, "U+\(String(scalar, radix: 16)) missing in \(path)")
            }
        }
        #expect(fonts.fontPaths[.regular] != fonts.fontPaths[.bold] || fonts.faces[.bold]!.syntheticBold)
    }

    @Test func cachesOneFacePerSizeAndWeight() throws {
        let fonts = try FontLibrary()
        let a = try fonts.font(FontSpec(size: 20))
        #expect(try fonts.font(FontSpec(size: 20)) == a)
        #expect(try fonts.font(FontSpec(size: 21)) != a)
        #expect(try fonts.font(FontSpec(size: 20, weight: .bold)) != a)
    }

    @Test func widthsArePositiveAndGrowWithTheText() throws {
        let measurer = TextMeasurerSDL(fonts: try FontLibrary())
        let font = FontSpec(size: 24)
        let text = "Liên hiệp các tổ chức hữu nghị tỉnh"
        var previous = 0.0
        for n in 1...text.count {
            let width = measurer.width(of: String(text.prefix(n)), font: font)
            #expect(width > 0)
            #expect(width >= previous, "width fell at \(n) characters")
            previous = width
        }
        #expect(measurer.width(of: "", font: font) == 0)
        #expect(measurer.width(of: text, font: FontSpec(size: 48)) > measurer.width(of: text, font: font) * 1.8)
        #expect(measurer.width(of: text, font: FontSpec(size: 24, weight: .bold)) > measurer.width(of: text, font: font))
        // Cached answers are the same answers.
        #expect(measurer.width(of: text, font: font) == previous)
    }

    @Test func lineHeightFollowsTheSize() throws {
        let measurer = TextMeasurerSDL(fonts: try FontLibrary())
        let small = measurer.lineHeight(of: FontSpec(size: 20)), large = measurer.lineHeight(of: FontSpec(size: 40))
        #expect(small >= 20 && small <= 34)
        #expect(large > small * 1.8)
    }
}

import Foundation
