// swift-tools-version:6.0
import PackageDescription

// Module layout follows DESIGN.md: a pure core, a data module, one render module that alone
// imports SDL, and a thin executable. Language mode 5 keeps C interop with SDL readable; the
// threads that exist (watcher, decoders) hand over immutable snapshots instead of sharing state.
//
// The kiosk's modules import FoundationEssentials, never Foundation: Foundation proper
// (libFoundation.so, CoreFoundation's start-up) and FoundationInternationalization with ICU
// (which TimeZone and Calendar load) cost the running screen about 10 MiB of its 60 MiB budget
// (a hello-world's PSS: 9.8 MiB with FoundationEssentials, 16.1 with Foundation, 19.9 once a
// Calendar asks ICU for a zone). What the kiosk took from them has small stand-ins: ZoneRules
// (the system's tz files), UnicodeForms (utf8proc), PathText, Digits and Lock. Tests and the
// benchmark may import Foundation.
let package = Package(
    name: "Kiosk",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "kiosk", targets: ["kiosk"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        // The screen's journal lines go through swift-log (JournalLogHandler in Sources/kiosk).
        .package(url: "https://github.com/apple/swift-log", from: "1.5.0"),
    ],
    targets: [
        .systemLibrary(name: "CSDL2", pkgConfig: "sdl2 SDL2_ttf SDL2_image",
                       providers: [.apt(["libsdl2-dev", "libsdl2-ttf-dev", "libsdl2-image-dev"])]),
        .systemLibrary(name: "CFontconfig", pkgConfig: "fontconfig",
                       providers: [.apt(["libfontconfig-dev"])]),
        // libjpeg-turbo's scaled decode for photos: a 24-megapixel JPEG is decoded at the smallest
        // n/8 of its size that still fills the screen (4/8 for 1080p) instead of whole. C, because
        // libjpeg reports errors by longjmp, which must not jump over Swift frames; this owns the setjmp.
        .target(name: "CJPEG", linkerSettings: [.linkedLibrary("jpeg")]),
        // NFC and NFD for names typed either way (Foundation's were in the part the kiosk no longer loads).
        .systemLibrary(name: "CUTF8Proc", pkgConfig: "libutf8proc", providers: [.apt(["libutf8proc-dev"])]),
        .target(name: "KioskCore", dependencies: ["CUTF8Proc"]),
        .target(name: "KioskData", dependencies: ["KioskCore"]),
        .target(name: "KioskRender", dependencies: ["KioskCore", "KioskData", "CSDL2", "CFontconfig", "CJPEG",
                                                   .product(name: "Logging", package: "swift-log")]),
        .executableTarget(name: "kiosk", dependencies: [
            "KioskCore", "KioskData", "KioskRender",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
            .product(name: "Logging", package: "swift-log"),
        ]),
        // Fuzz entries for the data parsers; see Fuzz/README.md (builds without sanitizers too).
        .executableTarget(name: "kiosk-fuzz", dependencies: ["KioskCore", "KioskData"]),
        // Benchmarks: the data path against a machine reference (`kiosk-bench ingest`: visitor logs vs. wc -l),
        // start-up, the honour roll's keystroke and scroll frame (`kiosk-bench honours`), and a camera
        // JPEG decoded for the screen against SDL_image's whole decode (`kiosk-bench decode`).
        .executableTarget(name: "kiosk-bench", dependencies: ["KioskCore", "KioskData", "KioskRender"]),
        .testTarget(name: "KioskCoreTests", dependencies: ["KioskCore"]),
        .testTarget(name: "KioskDataTests", dependencies: ["KioskData"]),
        .testTarget(name: "KioskRenderTests", dependencies: ["KioskRender", "KioskData", "CJPEG"],
                    resources: [.copy("Golden")]),
        .testTarget(name: "kioskTests", dependencies: ["KioskRender"]),
    ],
    swiftLanguageModes: [.v5]
)
