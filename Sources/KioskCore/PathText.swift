/// File paths joined and taken apart as NSString's path methods do, which live in Foundation
/// proper and not in FoundationEssentials (Package.swift says why the kiosk loads only the latter).
public enum PathText {
    /// `base/component`: NSString's `appendingPathComponent`, which drops the base's trailing
    /// slashes and keeps the component as written.
    public static func appending(_ component: String, to base: String) -> String {
        if base.isEmpty { return component }
        let head = trimmingTrailingSlashes(base)
        if component.isEmpty { return head.isEmpty ? "/" : head }
        return head + "/" + component
    }

    /// The folder a path names a file or folder in: NSString's `deletingLastPathComponent`
    /// ("/a/b/" → "/a", "/a" → "/", "a" → "").
    public static func parent(of path: String) -> String {
        let trimmed = trimmingTrailingSlashes(path)
        if trimmed.isEmpty { return path.hasPrefix("/") ? "/" : "" }
        guard let slash = trimmed.lastIndex(of: "/") else { return "" }
        let head = trimmingTrailingSlashes(String(trimmed[..<slash]))
        return head.isEmpty ? "/" : head
    }

    /// The last part of a path: NSString's `lastPathComponent` ("/a/b/" → "b", "/" → "/").
    public static func lastComponent(of path: String) -> String {
        let trimmed = trimmingTrailingSlashes(path)
        if trimmed.isEmpty { return path.hasPrefix("/") ? "/" : "" }
        guard let slash = trimmed.lastIndex(of: "/") else { return trimmed }
        return String(trimmed[trimmed.index(after: slash)...])
    }

    /// What follows the last dot of the last part, "" for none or a name that only starts with
    /// one (".hidden"): NSString's `pathExtension`.
    public static func pathExtension(of path: String) -> String {
        let name = lastComponent(of: path)
        guard let dot = name.lastIndex(of: "."), dot != name.startIndex else { return "" }
        return String(name[name.index(after: dot)...])
    }

    /// The path without slashes at its end; "/" alone becomes "".
    private static func trimmingTrailingSlashes(_ path: String) -> String {
        var text = Substring(path)
        while text.last == "/" { text = text.dropLast() }
        return String(text)
    }
}
