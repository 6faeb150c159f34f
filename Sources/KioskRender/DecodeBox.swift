import KioskCore

/// The areas a picture has been asked to fill, cropped (cover) and whole (contain), and so the
/// size to decode it to: enough pixels for the largest of them, never more than the picture
/// has or the renderer's largest texture allows.
///
/// A portrait shown whole on a 1920×1080 screen needs 810×1080 pixels; taken as a box to cover,
/// it would be decoded to 1920×2560, six times the memory.
struct DecodeBox: Sendable, Equatable {
    var coverWidth = 0, coverHeight = 0
    var containWidth = 0, containHeight = 0
    /// The renderer's largest texture side; 0 when it has none.
    var maxSide = 0

    init() {}

    /// An area to cover.
    init(width: Int, height: Int) { include(width: width, height: height, fit: .cover) }

    mutating func include(width: Int, height: Int, fit: ImageFit) {
        switch fit {
        case .cover: coverWidth = max(coverWidth, width, 1); coverHeight = max(coverHeight, height, 1)
        case .contain: containWidth = max(containWidth, width, 1); containHeight = max(containHeight, height, 1)
        }
    }

    /// Some area grew by more than `factor` since `earlier`.
    func exceeds(_ earlier: DecodeBox, by factor: Double) -> Bool {
        func grew(_ now: Int, _ then: Int) -> Bool { Double(now) > Double(then) * factor }
        return grew(coverWidth, earlier.coverWidth) || grew(coverHeight, earlier.coverHeight)
            || grew(containWidth, earlier.containWidth) || grew(containHeight, earlier.containHeight)
    }

    /// The size to decode an upright `sourceWidth`×`sourceHeight` picture to, keeping its
    /// proportions, never enlarged.
    func target(sourceWidth: Int, sourceHeight: Int) -> (width: Int, height: Int) {
        let sw = Double(max(1, sourceWidth)), sh = Double(max(1, sourceHeight))
        let cover = coverWidth > 0 ? max(Double(coverWidth) / sw, Double(coverHeight) / sh) : 0
        let contain = containWidth > 0 ? min(Double(containWidth) / sw, Double(containHeight) / sh) : 0
        var scale = min(1, max(cover, contain))
        if scale == 0 { scale = 1 }
        if maxSide > 0 { scale = min(scale, Double(maxSide) / max(sw, sh)) }
        return (max(1, Int((sw * scale).rounded())), max(1, Int((sh * scale).rounded())))
    }
}
