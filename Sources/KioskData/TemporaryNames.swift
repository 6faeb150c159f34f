/// Names that editors, sync tools and spreadsheets use for files that are not finished:
/// they are never loaded, and changes to them never trigger a reload.
public enum TemporaryNames {
    public static func isIgnored(_ fileName: String) -> Bool {
        if fileName.hasPrefix(".") { return true }                          // dot-files, rsync's .name.XXXXXX, .~lock.*#, .syncthing.*.tmp
        if fileName.hasPrefix("~") { return true }                          // ~syncthing~*, Office's ~$name
        if fileName.hasSuffix("~") || fileName.hasSuffix("#") { return true }
        if fileName == "4913" { return true }                               // vim's probe file
        let lower = fileName.lowercased()
        for suffix in [".swp", ".swx", ".swo", ".part", ".tmp", ".temp", ".crdownload", ".partial", ".bak"] where lower.hasSuffix(suffix) {
            return true
        }
        return false
    }
}
