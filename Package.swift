// swift-tools-version:6.1
import PackageDescription

let package = Package(
    name: "SkewKit",
    platforms: [.macOS(.v15)],
    products: [
        .library(name: "SkewKit", targets: ["OTPCore", "Reports", "TimeSources", "Drift", "Fleet", "Benchmarks", "History", "QRCodes",
                                            "TokenProtocol", "Tokens", "PCSC", "TokenEmulator", "Probe", "ProbeVerifiers", "Diagnose", "SeedFiles", "Provisioning", "Files",
                                            "LibraryLoader", "Serve"]),
        .executable(name: "skew", targets: ["skew"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.0.0"),
        // `skew serve` (docs/serve.md). No traits: swift-configuration and the full-Foundation extras
        // are not needed, and each costs build time.
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1", traits: []),
        .package(url: "https://github.com/hummingbird-project/hummingbird-websocket", from: "2.8.1"),
    ],
    targets: [
        .systemLibrary(name: "COpenSSL", pkgConfig: "libcrypto", providers: [.apt(["libssl-dev"])]),
        // Headers only: these libraries are opened with dlopen by CLibraryLoader in the commands that
        // use them, not linked (docs/design.md, "Conventions").
        .systemLibrary(name: "CZbar", providers: [.apt(["libzbar-dev"])]),
        .systemLibrary(name: "CQREncode", providers: [.apt(["libqrencode-dev"])]),
        .systemLibrary(name: "CPNG", providers: [.apt(["libpng-dev"])]),
        .systemLibrary(name: "CTurboJPEG", providers: [.apt(["libturbojpeg0-dev"])]),
        .systemLibrary(name: "CPCSC", providers: [.apt(["libpcsclite-dev"])]),
        .target(name: "CLibraryLoader", dependencies: ["CZbar", "CQREncode", "CPNG", "CTurboJPEG", "CCurl", "CPCSC"]),
        .target(name: "LibraryLoader", dependencies: ["CLibraryLoader"]),
        .target(name: "OTPCore", dependencies: ["COpenSSL"]),
        .target(name: "QRCodes", dependencies: ["OTPCore", "CZbar", "CQREncode", "CPNG", "CTurboJPEG", "CLibraryLoader", "LibraryLoader"]),
        .target(name: "Files"),
        .target(name: "CDisplayWidth"),
        .target(name: "CGetRandom"),
        .target(name: "SeedFiles", dependencies: ["OTPCore", "COpenSSL", "CGetRandom"]),
        .target(name: "Reports", dependencies: ["OTPCore", "Drift", "Fleet", "Benchmarks", "History", "Probe", "Diagnose", "TokenProtocol", "Tokens", "SeedFiles", "Provisioning", "TimeSources", "CDisplayWidth"],
                plugins: ["BuildStamp"]),
        .plugin(name: "BuildStamp", capability: .buildTool()),
        .target(name: "Diagnose", dependencies: ["OTPCore"]),
        .target(name: "TimeSources"),
        .target(name: "Fleet", dependencies: ["Drift", "Tokens"]),
        .target(name: "Benchmarks"),
        .target(name: "Drift", resources: [.embedInCode("Profiles/verifier-profiles.json")]),
        .target(name: "History", dependencies: [.product(name: "GRDB", package: "GRDB.swift")]),
        .target(name: "TokenProtocol", dependencies: ["OTPCore", "COpenSSL"]),
        .target(name: "Tokens", dependencies: ["TokenProtocol", "OTPCore", "Drift", "TimeSources"]),
        .target(name: "Provisioning", dependencies: ["Tokens", "TokenProtocol", "OTPCore", "SeedFiles"]),
        .target(name: "PCSC", dependencies: ["CPCSC", "CLibraryLoader", "LibraryLoader", "TokenProtocol"]),
        .target(name: "TokenEmulator", dependencies: ["TokenProtocol", "OTPCore", "Files"]),
        .target(name: "Probe", dependencies: ["OTPCore"]),
        .systemLibrary(name: "CCurl", providers: [.apt(["libcurl4-openssl-dev"])]),
        .target(name: "ProbeVerifiers", dependencies: ["Probe", "OTPCore", "CCurl", "CLibraryLoader", "LibraryLoader"]),
        // The local web page of `skew serve`: server, access checks, embedded assets, pages (docs/serve.md).
        .target(name: "Serve", dependencies: ["OTPCore", "QRCodes", "LibraryLoader", "SeedFiles", "Diagnose", "Reports",
                                              "PCSC", "Tokens", "TokenProtocol", "History", "Drift", "Probe", "ProbeVerifiers", "Fleet",
                                              .product(name: "Hummingbird", package: "hummingbird"),
                                              .product(name: "HummingbirdWebSocket", package: "hummingbird-websocket")],
                resources: [.embedInCode("Assets")]),
        .executableTarget(
            name: "skew",
            dependencies: [
                "OTPCore", "Reports", "TimeSources", "Drift", "Fleet", "Benchmarks", "History", "QRCodes", "PCSC", "TokenProtocol", "Tokens", "TokenEmulator",
                "Probe", "ProbeVerifiers", "Diagnose", "SeedFiles", "Provisioning", "Files", "LibraryLoader", "Serve",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .executableTarget(name: "skew-fuzz", dependencies: ["OTPCore", "TimeSources", "TokenProtocol", "Tokens", "TokenEmulator", "Probe"]),
        .target(name: "TestSupport", path: "Tests/TestSupport"),
        .testTarget(name: "OTPCoreTests", dependencies: ["OTPCore", "COpenSSL", "TestSupport"]),
        .testTarget(name: "ReportsTests", dependencies: ["Reports", "Benchmarks", "Tokens", "Files", "TestSupport"]),
        .testTarget(name: "FilesTests", dependencies: ["Files", "TestSupport"]),
        .testTarget(name: "TimeSourcesTests", dependencies: ["TimeSources"]),
        .testTarget(name: "DriftTests", dependencies: ["Drift"]),
        .testTarget(name: "FleetTests", dependencies: ["Fleet", "Drift", "Tokens"]),
        .testTarget(name: "BenchmarksTests", dependencies: ["Benchmarks"]),
        .testTarget(name: "HistoryTests", dependencies: ["History", "TestSupport", .product(name: "GRDB", package: "GRDB.swift")]),
        .testTarget(name: "QRCodesTests", dependencies: ["QRCodes", "OTPCore", "TestSupport"]),
        .testTarget(name: "TokenProtocolTests", dependencies: ["TokenProtocol", "Tokens", "TokenEmulator", "OTPCore", "COpenSSL", "TestSupport"]),
        .testTarget(name: "TokensTests", dependencies: ["Tokens", "TokenProtocol", "TokenEmulator", "OTPCore", "Provisioning", "SeedFiles", "TestSupport"]),
        .testTarget(name: "ProbeTests", dependencies: ["Probe", "ProbeVerifiers", "OTPCore"]),
        .testTarget(name: "SeedFilesTests", dependencies: ["SeedFiles", "OTPCore", "TestSupport"]),
        .testTarget(name: "DiagnoseTests", dependencies: ["Diagnose", "OTPCore", "TestSupport"]),
        .testTarget(name: "ServeTests", dependencies: ["Serve", "OTPCore", "QRCodes", "TestSupport"]),
        .testTarget(name: "IntegrationTests", dependencies: ["OTPCore", "History", "QRCodes", "PCSC", "TokenProtocol", "skew", "Serve",
                                                          "TestSupport"]),
    ]
)
