import CUTF8Proc
import Glibc

/// Unicode's canonical forms (NFC and NFD) by utf8proc, for `precomposedStringWithCanonicalMapping`
/// and `decomposedStringWithCanonicalMapping`, which live in Foundation proper, not in
/// FoundationEssentials (Package.swift says why the kiosk loads only the latter).
public enum UnicodeForms {
    /// The canonical composition (NFC) of `text`: "Nguyễn" typed as base letters and combining
    /// marks comes out as the precomposed letters.
    public static func composed(_ text: String) -> String { transformed(text, utf8proc_NFC) }

    /// The canonical decomposition (NFD) of `text`: every precomposed letter as its base letter
    /// followed by its marks, in canonical order.
    public static func decomposed(_ text: String) -> String { transformed(text, utf8proc_NFD) }

    private static func transformed(_ text: String, _ form: (UnsafePointer<utf8proc_uint8_t>?) -> UnsafeMutablePointer<utf8proc_uint8_t>?) -> String {
        if text.utf8.allSatisfy({ $0 < 0x80 }) { return text }   // ASCII is its own NFC and NFD
        // utf8proc reads a NUL-terminated string, so a NUL in the text would end it early; text
        // with one (never in a data folder's names) keeps its pieces between the NULs transformed.
        if text.utf8.contains(0) {
            return text.split(separator: "\0", omittingEmptySubsequences: false).map { transformed(String($0), form) }.joined(separator: "\0")
        }
        return text.withCString { cString in
            cString.withMemoryRebound(to: utf8proc_uint8_t.self, capacity: text.utf8.count + 1) { bytes in
                guard let result = form(bytes) else { return text }   // only on running out of memory
                defer { free(result) }
                return String(cString: UnsafeRawPointer(result).assumingMemoryBound(to: CChar.self))
            }
        }
    }
}
