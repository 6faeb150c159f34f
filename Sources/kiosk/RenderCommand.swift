import ArgumentParser
import FoundationEssentials
import Glibc
import KioskCore
import KioskData
import KioskRender

/// `kiosk render`: one frame to a PNG, headless and deterministic for the same arguments.
struct RenderCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "render", abstract: "Render one frame to a PNG without a window.")
    @OptionGroup var common: CommonOptions
    @Option(help: "The PNG to write.") var out: String
    @Option(help: "The scene: lobby, honours, gallery or counter (default: kiosk.toml's playlist at --at, else lobby).")
    var scene: SceneID?
    @Option(help: "Frame size.") var size = PixelSize(width: 1280, height: 720)
    @Option(help: "The instant shown (ISO-8601; default: now). The same instant gives the same pixels.") var at: String?
    @Option(help: "Timed taps, drags and typing played from --at before the frame, which shows the moment the script ends.")
    var script: String?

    func run() throws {
        let content = try ContentLoading.load(common)
        let timeZone = content.settings.displayTimeZone
        let now = try at.map { try InstantArgument.parse($0, timeZone: timeZone) } ?? Date()
        let input = try script.map(Self.readScript) ?? InputScript.parse("", path: "")
        let frame = try OffscreenFrame(width: size.width, height: size.height)
        // The playlist's scene at that instant, as the unattended screen would show it.
        let home = scene ?? content.settings.schedule.playlistScene(at: now)?.scene ?? .lobby
        var state = KioskState(homeScene: home, language: content.settings.language)
        state.idleSeconds = content.settings.idleSeconds
        func context(_ state: KioskState, at instant: Date) -> FrameContext {
            FrameContext(width: Double(size.width), height: Double(size.height), now: instant, content: content,
                         state: state, measurer: frame.measurer, images: AllImagesReady())
        }
        let end = ScriptPlayer.play(input, on: &state, from: now) { FrameBuilder.build(context($0, at: $1)) }
        // Decoding happens while drawing: a photo found broken in the first pass is passed over
        // in a second, as the live screen passes over it once its decode has failed.
        var ctx = context(state, at: end)
        ctx.images = frame.images
        frame.pictureBrightness = ctx.theme.pictureBrightness
        frame.render(FrameBuilder.build(ctx).allCommands, background: ctx.theme.background)
        if frame.images.statistics.failed > 0 {
            frame.render(FrameBuilder.build(ctx).allCommands, background: ctx.theme.background)
        }
        for (path, error) in frame.images.failedPictures.sorted(by: { $0.key < $1.key }) {
            StandardErrorLines.write("kiosk: \(path): \(error.message)\n")
        }
        try frame.writePNG(to: out)
    }

    /// The script, or a `path:line:column: error: message` a person can act on.
    static func readScript(_ path: String) throws -> InputScript {
        func fail(_ message: String) -> ExitCode {
            StandardErrorLines.write(message + "\n")
            return ExitCode(1)
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            let reason = access(path, R_OK) == 0 ? "it could not be read to its end" : String(cString: strerror(errno))
            throw fail("\(path): error: cannot read the script (\(reason))")
        }
        do { return try InputScript.parse(String(decoding: data, as: UTF8.self), path: path) } catch let problem as Problem {
            throw fail(problem.description)
        }
    }
}
