import ArgumentParser

/// The `kiosk` executable: the screen and the tools office staff and integrators use around it.
@main
struct KioskCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "kiosk",
        abstract: "A lobby screen: visitor counter, honour roll and photo gallery fed by a data folder.",
        subcommands: [RunCommand.self, RenderCommand.self, CheckCommand.self, VisitorsCommand.self, HonoursCommand.self],
        defaultSubcommand: RunCommand.self
    )

    static func main() {
        Allocator.configure()
        // Before anything logs: swift-log's handler can be chosen only once per process.
        _ = KioskLog.logger
        main(nil)
    }
}
