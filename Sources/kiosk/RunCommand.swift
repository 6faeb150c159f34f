import ArgumentParser
import FoundationEssentials
import KioskCore
import KioskData
import KioskRender

/// `kiosk run`: the screen itself, live on the data folder.
struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "run", abstract: "Show the screen (the default command).")
    @OptionGroup var common: CommonOptions
    @Flag(help: "Cover the whole screen (the real lobby screen).") var fullscreen = false
    @Option(help: "Window size when not full screen.") var window = PixelSize(width: 1280, height: 720)
    @Option(help: "The scene to show unattended: lobby, honours, gallery or counter (default: kiosk.toml's playlist, else lobby).")
    var scene: SceneID?
    @Flag(help: "Let Escape, Ctrl+Q or the window's close button end the program.") var allowQuit = false

    func run() throws {
        let root = try common.dataFolder()
        let stateFolder = try common.stateFolder()
        let loop = try MainLoop(root: root, stateFolder: stateFolder, options: self)
        try loop.run()
    }
}
