import FoundationEssentials
import KioskCore
import KioskData

/// Loads a data folder once, for the commands that print rather than show.
enum ContentLoading {
    static func load(_ common: CommonOptions) throws -> KioskContent {
        let root = try common.dataFolder()
        var content = DataFolderLoader(root: root, configPath: common.config).load(previous: nil)
        if let language = common.language { content.settings.language = language }
        return content
    }
}
