import Foundation

// kiosk-fuzz: fuzz entries for the parsers of KioskData.
//
// Ordinary build:     kiosk-fuzz TARGET FILE|DIR...   replays inputs through TARGET (regression run)
//                     kiosk-fuzz all DIR...           replays DIR/<target>/ and DIR/<target>-* for every target
// With -DKIOSK_FUZZING and -sanitize=fuzzer:
//                     kiosk-fuzz TARGET [libFuzzer options] [corpus dirs]   runs libFuzzer on TARGET
// See Fuzz/README.md.

/// libFuzzer children (-fork, -jobs, -minimize_crash) re-run this program without the TARGET
/// argument, so the target is also handed down in the environment.
let targetEnvironmentVariable = "KIOSK_FUZZ_TARGET"

func usage() -> Never {
    var text = "usage: kiosk-fuzz TARGET FILE|DIR...   (replay inputs)\n"
    text += "       kiosk-fuzz all DIR...           (replay DIR/<target>/ and DIR/<target>-* for every target)\n"
    #if KIOSK_FUZZING
    text += "       kiosk-fuzz TARGET [libFuzzer options] [corpus dirs]   (this build runs libFuzzer)\n"
    #endif
    text += "targets:\n"
    for target in fuzzTargets { text += "  \(target.name.padding(toLength: 13, withPad: " ", startingAt: 0)) \(target.summary)\n" }
    FileHandle.standardError.write(Data(text.utf8))
    exit(2)
}

/// Every regular file under `path` (or `path` itself), sorted so runs are repeatable.
func inputFiles(_ path: String) -> [String]? {
    var isDirectory: ObjCBool = false
    guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else { return nil }
    guard isDirectory.boolValue else { return [path] }
    guard let enumerator = FileManager.default.enumerator(atPath: path) else { return [] }
    var files: [String] = []
    for case let relative as String in enumerator {
        let full = (path as NSString).appendingPathComponent(relative)
        var dir: ObjCBool = false
        if FileManager.default.fileExists(atPath: full, isDirectory: &dir), !dir.boolValue,
           !(relative as NSString).lastPathComponent.hasPrefix(".") {
            files.append(full)
        }
    }
    return files.sorted()
}

/// Runs every input under `paths` through `target`; returns how many ran.
func replay(_ target: FuzzTarget, _ paths: [String]) -> Int {
    currentTargetName = target.name
    var count = 0
    for path in paths {
        guard let files = inputFiles(path) else {
            FileHandle.standardError.write(Data("kiosk-fuzz: no such file or folder: \(path)\n".utf8))
            exit(2)
        }
        for file in files {
            guard let data = FileManager.default.contents(atPath: file) else {
                FileHandle.standardError.write(Data("kiosk-fuzz: cannot read \(file)\n".utf8))
                exit(2)
            }
            currentInputName = file
            target.run(data)
            count += 1
        }
    }
    currentInputName = nil
    return count
}

func replayMain(_ arguments: [String]) -> Never {
    guard arguments.count >= 3 else { usage() }
    if arguments[1] == "all" {
        var total = 0
        for root in arguments[2...] {
            let names = (try? FileManager.default.contentsOfDirectory(atPath: root)) ?? []
            for target in fuzzTargets {
                // DIR/<target>/ (a corpus) and DIR/<target>-* (reproducers, as libFuzzer names them).
                let inputs = names.filter { $0 == target.name || $0.hasPrefix(target.name + "-") }.sorted()
                    .map { (root as NSString).appendingPathComponent($0) }
                guard !inputs.isEmpty else { continue }
                let count = replay(target, inputs)
                print("\(target.name): ran \(count) inputs")
                total += count
            }
        }
        print("all: ran \(total) inputs")
        exit(0)
    }
    guard let target = fuzzTarget(named: arguments[1]) else { usage() }
    let count = replay(target, Array(arguments[2...]))
    print("\(target.name): ran \(count) inputs")
    exit(0)
}

#if KIOSK_FUZZING
/// libFuzzer's entry for programs that have their own `main` (compiler-rt FuzzerDriver.cpp).
@_silgen_name("LLVMFuzzerRunDriver")
func LLVMFuzzerRunDriver(
    _ argc: UnsafeMutablePointer<CInt>,
    _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
    _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt
) -> CInt

nonisolated(unsafe) var activeTarget: FuzzTarget?

func fuzzMain(_ arguments: [String]) -> Never {
    var rest = Array(arguments.dropFirst())
    let target: FuzzTarget
    if let first = rest.first, let named = fuzzTarget(named: first) {
        target = named
        rest.removeFirst()
        setenv(targetEnvironmentVariable, named.name, 1)
    } else if let name = ProcessInfo.processInfo.environment[targetEnvironmentVariable], let named = fuzzTarget(named: name) {
        target = named
    } else {
        usage()
    }
    activeTarget = target
    currentTargetName = target.name
    // argv for libFuzzer: the program and everything after TARGET; libFuzzer keeps the pointers.
    let cStrings = ([arguments[0]] + rest).map { strdup($0) } + [nil]
    let argv = UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>.allocate(capacity: cStrings.count)
    argv.initialize(from: cStrings, count: cStrings.count)
    var argc = CInt(cStrings.count - 1)
    var argvPointer: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = argv
    let status = LLVMFuzzerRunDriver(&argc, &argvPointer) { bytes, size in
        let data = size == 0 || bytes == nil ? Data() : Data(bytes: bytes!, count: size)
        activeTarget!.run(data)
        return 0
    }
    exit(status)
}

fuzzMain(CommandLine.arguments)
#else
replayMain(CommandLine.arguments)
#endif
