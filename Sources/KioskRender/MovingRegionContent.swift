import CSDL2
import KioskCore

/// What one region of the moving layer was drawn from: its commands, the clip each met and
/// what the loader held of the pictures among them. A region drawn from the same as in the
/// last frame holds the same pixels, so the canvas leaves it alone and does not send it: the
/// ticker's label box while the tape scrolls beside it, the lobby's crossfade between its
/// steps.
struct MovingRegionContent: Equatable {
    let region: [Int32]
    let commands: [DrawCommand]
    let clips: [Int32]
    let pictures: [ImageRef]
    let pictureStates: [Int]

    init(_ part: Damage.Part, of all: [DrawCommand], states: ([ImageRef]) -> [Int]) {
        region = [part.region.x, part.region.y, part.region.w, part.region.h]
        commands = part.members.map { all[$0.index] }
        clips = part.members.flatMap { [$0.clip.x, $0.clip.y, $0.clip.w, $0.clip.h] }
        pictures = commands.compactMap { if case .image(let ref, _, _, _) = $0 { ref } else { nil } }
        pictureStates = states(pictures)
    }

    /// A picture in it is not decoded (or failed): what it draws then, a stand-in or nothing,
    /// can change while its commands stay the same, so such a region is always drawn again.
    var waitsForPictures: Bool { pictureStates.contains { $0 <= 0 } }
}
