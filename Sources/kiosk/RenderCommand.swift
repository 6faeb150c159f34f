import ArgumentParser
import Foundation
import KioskCore
import KioskData
import KioskRender

/// `kiosk render`: one frame to a PNG, headless and deterministic for the same arguments.
struct RenderCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "render", abstract: "Render one frame to a PNG without a window.")
    @OptionGroup var common: CommonOptions
    @Option(help: "The PNG to write.") var out: String
    @Option(help: "The scene: lobby, honours, gallery or counter.") var scene: SceneID = .lobby
    @Option(help: "Frame size.") var size = PixelSize(width: 1280, height: 720)
    @Option(help: "The instant shown (ISO-8601; default: now). The same instant gives the same pixels.") var at: String?

    func run() throws {
        let content = try ContentLoading.load(common)
        let timeZone = TimeZone(identifier: content.settings.timeZone)!
        let now = try at.map { try InstantArgument.parse($0, timeZone: timeZone) } ?? Date()
        let frame = try OffscreenFrame(width: size.width, height: size.height)
        let state = KioskState(homeScene: scene, language: content.settings.language)
        let ctx = FrameContext(width: Double(size.width), height: Double(size.height), now: now, content: content,
                               state: state, measurer: frame.measurer, images: AllImagesReady())
        frame.render(FrameBuilder.build(ctx).allCommands, background: ctx.theme.background)
        try frame.writePNG(to: out)
    }
}
