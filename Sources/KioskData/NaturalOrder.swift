/// File names in the order people number them: "IMG_2.jpg" before "IMG_10.jpg", as a file
/// manager shows them, rather than by character codes.
enum NaturalOrder {
    static func less(_ a: String, _ b: String) -> Bool {
        var x = Array(a.unicodeScalars)[...], y = Array(b.unicodeScalars)[...]
        while let p = x.first, let q = y.first {
            if isDigit(p) && isDigit(q) {
                let m = x.prefix(while: isDigit), n = y.prefix(while: isDigit)
                // Compare as numbers of any length: without leading zeros, longer is larger.
                let u = m.drop(while: { $0 == "0" }), v = n.drop(while: { $0 == "0" })
                if u.count != v.count { return u.count < v.count }
                if !u.elementsEqual(v) { return u.lexicographicallyPrecedes(v, by: { $0.value < $1.value }) }
                if m.count != n.count { return m.count > n.count }   // "007" before "7": stable either way
                x = x.dropFirst(m.count); y = y.dropFirst(n.count)
            } else {
                if p != q { return p.value < q.value }
                x = x.dropFirst(); y = y.dropFirst()
            }
        }
        return x.isEmpty && !y.isEmpty
    }

    private static func isDigit(_ s: Unicode.Scalar) -> Bool { s.value >= 48 && s.value <= 57 }
}
