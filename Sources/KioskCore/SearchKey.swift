import FoundationEssentials

/// Folds text for search the way people type on a screen without Vietnamese input:
/// "Thắng", "THANG" and "thang" all become "thang"; đ and Đ become d.
public enum SearchKey {
    public static func fold(_ text: String) -> String {
        var out = String.UnicodeScalarView()
        // Canonical decomposition splits every tone and vowel mark off its base letter;
        // dropping the combining marks (U+0300–U+036F) leaves the bare letters.
        CanonicalDecomposition.forEachScalar(of: text) { scalar in
            switch scalar.value {
            case 0x0300...0x036F: break
            case 0x0110, 0x0111: out.append("d")   // Đ đ have no decomposition
            default: out.append(scalar)
            }
        }
        return String(out).lowercased()
    }
}
