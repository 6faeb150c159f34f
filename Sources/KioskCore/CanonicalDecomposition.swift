import FoundationEssentials

/// Canonical decomposition (NFD) of the text a data folder holds, without a trip through a
/// C string and utf8proc for every string.
///
/// Folding and collating 1,000 names, units and awards asked Foundation (since replaced by
/// utf8proc, `UnicodeForms`) to decompose a few thousand short strings, which was most of what
/// preparing an honour roll cost. Nearly all of that text is Latin, Vietnamese precomposed
/// letters (U+1E00–U+1EFF) and general punctuation, none of which is a combining mark: such text
/// decomposes scalar by scalar, each into a base letter and its marks, already in canonical
/// order, so a table of those scalars' decompositions gives exactly what the whole decomposition
/// gives. The table is `UnicodeForms.decomposed`'s own answer for each scalar, asked once. Text
/// with any other scalar (a combining mark, another script) goes to `UnicodeForms`.
public enum CanonicalDecomposition {
    /// Calls `body` with every scalar of `text`'s canonical decomposition, in order.
    @inline(__always)
    public static func forEachScalar(of text: String, _ body: (Unicode.Scalar) -> Void) {
        let table = Table.shared
        if text.unicodeScalars.allSatisfy({ table.index($0) != nil }) {
            for scalar in text.unicodeScalars {
                let i = table.index(scalar)!
                for j in Int(table.starts[i])..<Int(table.starts[i + 1]) { body(table.scalars[j]) }
            }
        } else {
            for scalar in UnicodeForms.decomposed(text).unicodeScalars { body(scalar) }
        }
    }

    /// `UnicodeForms.decomposed(text)` (Foundation's `decomposedStringWithCanonicalMapping`), the same scalars.
    public static func decomposed(_ text: String) -> String {
        var out = String.UnicodeScalarView()
        forEachScalar(of: text) { out.append($0) }
        return String(out)
    }

    /// The ranges the table covers; a scalar in them that is not a starter, or decomposes into
    /// something that does not begin with one, is left out (and its text goes to `UnicodeForms`).
    static let ranges: [ClosedRange<UInt32>] = [0x0000...0x02FF, 0x1E00...0x1EFF, 0x2000...0x206F]

    final class Table: @unchecked Sendable {
        static let shared = Table()
        /// Decompositions back to back; scalar at table index i decomposes to scalars[starts[i]..<starts[i + 1]].
        let scalars: [Unicode.Scalar]
        let starts: [UInt16]
        /// Whether table index i may take the fast path.
        let usable: [Bool]

        private init() {
            var scalars: [Unicode.Scalar] = [], starts: [UInt16] = [0], usable: [Bool] = []
            for range in CanonicalDecomposition.ranges {
                for value in range {
                    guard let scalar = Unicode.Scalar(value) else { starts.append(UInt16(scalars.count)); usable.append(false); continue }
                    let parts = Array(UnicodeForms.decomposed(String(String.UnicodeScalarView([scalar]))).unicodeScalars)
                    let ok = scalar.properties.canonicalCombiningClass == .notReordered
                        && parts.first.map { $0.properties.canonicalCombiningClass == .notReordered } == true
                        && parts.dropFirst().allSatisfy { $0.properties.canonicalCombiningClass != .notReordered }
                    if ok { scalars += parts }
                    starts.append(UInt16(scalars.count))
                    usable.append(ok)
                }
            }
            self.scalars = scalars; self.starts = starts; self.usable = usable
        }

        /// The table index of `scalar`, or nil when it is not covered.
        @inline(__always)
        func index(_ scalar: Unicode.Scalar) -> Int? {
            let v = scalar.value
            let i: Int
            if v < 0x0300 { i = Int(v) }
            else if v >= 0x1E00 && v <= 0x1EFF { i = 0x300 + Int(v - 0x1E00) }
            else if v >= 0x2000 && v <= 0x206F { i = 0x400 + Int(v - 0x2000) }
            else { return nil }
            return usable[i] ? i : nil
        }
    }
}
