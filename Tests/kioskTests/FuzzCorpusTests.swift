import Foundation
import Testing

/// The fuzz corpus, with the reproducers of every crash fuzzing found (`regress-*`), replayed
/// through `kiosk-fuzz` in the ordinary build: each target's invariants hold on each input.
@Suite struct FuzzCorpusTests {
    @Test func everyParserKeepsItsInvariantsOnTheWholeCorpus() throws {
        let fuzz = KioskBinary.url.deletingLastPathComponent().appendingPathComponent("kiosk-fuzz")
        let corpus = KioskBinary.demoFolder.deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Fuzz/corpus")
        let result = try KioskBinary.run(["all", corpus.path], executable: fuzz)
        #expect(result.status == 0, "\(result.err)")
        let total = result.out.split(separator: "\n").last.flatMap { Int($0.split(separator: " ")[2]) } ?? 0
        #expect(total >= 80, "\(result.out)")
        for target in ["honours", "csv", "captions", "ticker", "settings", "counter", "visitorlog", "datefield", "datapath", "textdecoding", "script", "collation", "image-header", "exif", "xmp", "schedule"] {
            #expect(result.out.contains("\(target): ran "), "\(target) has no corpus")
        }
    }
}
