/// A bounds-checked window on part of a byte array, for the picture header readers.
///
/// Offsets in picture headers come from the file, so any of them may point anywhere: every
/// read here is relative to the window and gives nil outside it, never a trap. Copying a window
/// shares the array (no bytes are copied).
struct ByteWindow {
    let bytes: [UInt8]
    /// Absolute bounds in `bytes`: start ≤ end ≤ bytes.count always holds.
    let start: Int
    let end: Int

    /// The whole array.
    init(_ bytes: [UInt8]) { self.bytes = bytes; start = 0; end = bytes.count }

    private init(_ bytes: [UInt8], start: Int, end: Int) { self.bytes = bytes; self.start = start; self.end = end }

    var count: Int { end - start }

    /// `length` bytes at `offset`, or nil unless they all lie inside the window.
    func window(at offset: Int, length: Int) -> ByteWindow? {
        guard offset >= 0, length >= 0, offset <= count, length <= count - offset else { return nil }
        return ByteWindow(bytes, start: start + offset, end: start + offset + length)
    }

    /// From `offset` for at most `length` bytes: a segment whose stated length runs past the
    /// bytes we have is read as far as it goes.
    func window(from offset: Int, upTo length: Int = .max) -> ByteWindow? {
        guard offset >= 0, offset <= count else { return nil }
        return ByteWindow(bytes, start: start + offset, end: start + offset + min(max(length, 0), count - offset))
    }

    func u8(_ offset: Int) -> Int? {
        guard offset >= 0, offset < count else { return nil }
        return Int(bytes[start + offset])
    }

    /// An unsigned integer of `size` bytes (at most 4, so it always fits an Int).
    func uint(_ offset: Int, size: Int, littleEndian: Bool) -> Int? {
        guard size >= 1, size <= 4, offset >= 0, offset <= count - size else { return nil }
        var value = 0
        for i in 0..<size {
            let byte = Int(bytes[start + offset + (littleEndian ? size - 1 - i : i)])
            value = value << 8 | byte
        }
        return value
    }

    func u16be(_ offset: Int) -> Int? { uint(offset, size: 2, littleEndian: false) }
    func u32be(_ offset: Int) -> Int? { uint(offset, size: 4, littleEndian: false) }
    func u16le(_ offset: Int) -> Int? { uint(offset, size: 2, littleEndian: true) }
    func u32le(_ offset: Int) -> Int? { uint(offset, size: 4, littleEndian: true) }

    /// True when the window holds `prefix` at `offset`.
    func has(_ prefix: [UInt8], at offset: Int = 0) -> Bool {
        guard offset >= 0, offset <= count - prefix.count else { return false }
        for (i, byte) in prefix.enumerated() where bytes[start + offset + i] != byte { return false }
        return true
    }

    /// True when the window holds `text` (ASCII) at `offset`.
    func has(_ text: String, at offset: Int = 0) -> Bool { has(Array(text.utf8), at: offset) }

    /// The first offset at or after `from` where `pattern` starts, before `until` (window-relative).
    func firstOffset(of pattern: [UInt8], from: Int = 0, until: Int = .max) -> Int? {
        guard let first = pattern.first else { return nil }
        let last = min(until, count) - pattern.count
        var at = max(from, 0)
        while at <= last {
            if bytes[start + at] == first && has(pattern, at: at) { return at }
            at += 1
        }
        return nil
    }

    /// The bytes of the window, copied out (for text decoding).
    var array: [UInt8] { Array(bytes[start..<end]) }
}
