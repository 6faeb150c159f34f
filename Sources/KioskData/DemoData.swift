import FoundationEssentials

/// Finds the demo data shipped in `Assets/demo`, from the working folder or beside the binary.
public enum DemoData {
    public static func locate() -> String? {
        var candidates = [FileManager.default.currentDirectoryPath + "/Assets/demo"]
        // .build/<config>/kiosk → the package root is a few folders up.
        var dir = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent()
        for _ in 0..<5 {
            candidates.append(dir.appendingPathComponent("Assets/demo").path)
            dir = dir.deletingLastPathComponent()
        }
        candidates.append("/usr/local/share/kiosk/demo")
        candidates.append("/usr/share/kiosk/demo")
        return candidates.first { FileManager.default.fileExists(atPath: $0 + "/honours.csv") }
    }
}
