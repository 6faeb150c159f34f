import Foundation
import KioskCore

// MARK: - script

/// `kiosk render --script`: any bytes give a script or one problem that points into them, and
/// a script's timeline is ordered, bounded and ends at its duration.
func fuzzScript(_ data: Data) {
    let path = "fuzz.script"
    let text = String(decoding: data, as: UTF8.self)
    let script: InputScript
    do {
        script = try InputScript.parse(text, path: path)
    } catch let problem as Problem {
        check(problem.path == path && problem.severity == .error, "script: problem \(problem)")
        check((problem.line ?? 0) >= 1 && (problem.line ?? 0) <= maxLine(data), "script: problem line \(problem) (max \(maxLine(data)))")
        check((problem.column ?? 0) >= 1, "script: problem without a column: \(problem)")
        consumeText(problem.message)
        return
    } catch {
        check(false, "script: parse threw something that is not a Problem: \(error)")
        return
    }
    var last = 0.0
    for step in script.steps {
        check(step.time >= last && step.time.isFinite, "script: step times go backwards: \(step.time) after \(last)")
        check(step.line >= 1 && step.line <= maxLine(data), "script: step line \(step.line)")
        last = step.time
    }
    let timeline = script.timeline()
    check(timeline.count <= data.count * 3600 + 16, "script: \(timeline.count) events from \(data.count) bytes")
    var previous = 0.0
    for (time, event) in timeline {
        check(time >= previous && time <= script.duration + 1e-9, "script: event at \(time) (previous \(previous), duration \(script.duration))")
        previous = time
        consume(event)
    }
    // The same text gives the same script.
    check((try? InputScript.parse(text, path: path)) == script, "script: a second parse differs")
}

// MARK: - collation

/// Vietnamese collation and the honour catalog's search on arbitrary text: the order is a total
/// order that ignores how the text is normalised, and the byte search finds exactly what a
/// plain containment test over folded text finds.
func fuzzCollation(_ data: Data) {
    let text = String(decoding: data, as: UTF8.self)
    let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    let a = lines.first ?? "", b = lines.count > 1 ? lines[1] : ""
    let keyA = VietnameseCollation.key(a), keyB = VietnameseCollation.key(b)
    check(VietnameseCollation.key(a.decomposedStringWithCanonicalMapping) == keyA
          && VietnameseCollation.key(a.precomposedStringWithCanonicalMapping) == keyA, "collation: NFC/NFD keys differ for \(a.debugDescription)")
    check(!(keyA < keyB && keyB < keyA), "collation: \(a.debugDescription) and \(b.debugDescription) each before the other")
    check((keyA == keyB) == (!(keyA < keyB) && !(keyB < keyA)), "collation: equal keys are not mutually unordered")
    if let letter = VietnameseCollation.indexLetter(a) {
        check(VietnameseCollation.alphabet.contains(letter), "collation: index letter \(letter) not in the alphabet")
    }

    // A roll from the remaining lines; the first line is the query.
    let names = lines.dropFirst().prefix(64).filter { !$0.isEmpty }
    let honours = names.enumerated().map { i, name in
        Honour(name: name, kind: i % 3 == 0 ? .collective : .individual, award: i % 2 == 0 ? "Bằng khen \(name)" : name,
               date: HonourDate(year: 2000 + i % 7), unit: String(name.reversed()), source: SourceLocation(path: "h.csv", line: i + 1))
    }
    let catalog = HonourCatalog(honours)
    check(catalog.honours.count == honours.count, "collation: the catalog lost honours")
    check(HonourNameOrder.sorted(catalog.honours) == catalog.honours, "collation: sorting the sorted roll changed it")
    let words = SearchKey.fold(a).split(whereSeparator: { $0.isWhitespace }).map(String.init)
    let matches = catalog.matches(HonourQuery(search: a))
    // Containment over bytes: Foundation's String.contains (range(of:)) traps on some inputs
    // with NULs on Linux, and the reference must not be the thing that crashes.
    func contains(_ haystack: [UInt8], _ needle: [UInt8]) -> Bool {
        guard needle.count <= haystack.count else { return false }
        if needle.isEmpty { return true }
        return (0...(haystack.count - needle.count)).contains { start in haystack[start..<start + needle.count].elementsEqual(needle) }
    }
    let expected = catalog.honours.indices.filter { i in
        let h = catalog.honours[i]
        let fields = [h.name, h.unit, h.title, h.award].map { Array(SearchKey.fold($0).utf8) }
        return words.allSatisfy { word in fields.contains { contains($0, Array(word.utf8)) } }
    }
    check(matches == expected, "collation: search \(a.debugDescription) gave \(matches), plain containment \(expected)")
    let starts = catalog.letterStarts(in: matches)
    for (letter, position) in starts {
        check(position < matches.count && catalog.indexLetters[matches[position]] == letter, "collation: letter \(letter) starts at \(position)")
    }
}
