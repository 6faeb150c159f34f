import KioskCore

/// A bounded memo that keeps what was used recently: two generations, the older dropped whole
/// when the newer fills. Lookups and inserts are O(1), with none of the bookkeeping of a
/// strict LRU, which a per-frame measurement cache can't afford.
struct RecentCache<Key: Hashable, Value> {
    private var current: [Key: Value] = [:]
    private var previous: [Key: Value] = [:]
    let capacity: Int

    init(capacity: Int) { self.capacity = max(1, capacity) }

    mutating func value(for key: Key) -> Value? {
        if let value = current[key] { return value }
        guard let value = previous[key] else { return nil }
        insert(value, for: key)   // used again: it moves to the new generation
        return value
    }

    mutating func insert(_ value: Value, for key: Key) {
        if current.count >= capacity {
            previous = current
            current = [:]
        }
        current[key] = value
    }

    mutating func removeAll() {
        current = [:]
        previous = [:]
    }

    var count: Int { current.count + previous.count }
}

/// A string in a font: the key of the text caches.
struct TextKey: Hashable {
    let text: String
    let font: FontSpec

    // Swift hashes and compares Strings by their canonical (NFC) form, which for Vietnamese
    // text goes through Unicode normalisation on every lookup: a ticker tick looked its
    // headlines up that way several times a frame. The UTF-8 bytes are enough for a cache: two
    // spellings of one text are only two entries.
    func hash(into hasher: inout Hasher) {
        var text = text
        text.withUTF8 { hasher.combine(bytes: UnsafeRawBufferPointer($0)) }
        hasher.combine(font)
    }

    static func == (a: TextKey, b: TextKey) -> Bool {
        a.font == b.font && a.text.utf8.count == b.text.utf8.count && a.text.utf8.elementsEqual(b.text.utf8)
    }
}
