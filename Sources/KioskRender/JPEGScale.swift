/// The n/8 scale to decode a JPEG at: the smallest of the fast ones that still covers the target.
///
/// libjpeg-turbo decodes at any n/8, but only 1/8, 2/8, 4/8 and 8/8 have SIMD inverse DCTs; the
/// others run plain C ones (3×3 and 6×6 blocks at 3/8, 12×12 for chroma at 6/8). Measured on a
/// 24-megapixel photo, 4/8 decodes in less time than 3/8 and 8/8 in less than 6/8 or 7/8, so
/// the smallest covering n is rounded up to the next of those and the area filter takes the
/// rest: 3/8 would only save the filter a few pixels per row.
enum JPEGScale {
    /// The eighths libjpeg-turbo decodes with SIMD code, smallest first.
    static let fast = [1, 2, 4, 8]

    /// The scale n (of 1, 2, 4, 8) for a `width`×`height` JPEG (as stored) to cover
    /// `targetWidth`×`targetHeight`, and that output's size: each side ceil(side·n/8), rounded
    /// as libjpeg rounds it. 8/8 when nothing smaller covers it (the target is never larger
    /// than the picture, see DecodeBox).
    static func choose(width: Int, height: Int, targetWidth: Int, targetHeight: Int) -> (n: Int, width: Int, height: Int) {
        let n = fast.first { scaled(width, $0) >= targetWidth && scaled(height, $0) >= targetHeight } ?? 8
        return (n, scaled(width, n), scaled(height, n))
    }

    /// The same for a stored picture to fill `box` (cover or contain, DecodeBox.target) once
    /// `orientation` (EXIF 1…8) has turned it upright.
    static func choose(width: Int, height: Int, orientation: Int, box: DecodeBox) -> (n: Int, width: Int, height: Int) {
        let turned = ExifOrientation.swapsSides(orientation)
        let upright = box.target(sourceWidth: turned ? height : width, sourceHeight: turned ? width : height)
        let target = turned ? (upright.height, upright.width) : (upright.width, upright.height)
        return choose(width: width, height: height, targetWidth: target.0, targetHeight: target.1)
    }

    /// A side at n/8, rounded up as libjpeg does.
    static func scaled(_ side: Int, _ n: Int) -> Int { (side * n + 7) / 8 }
}
