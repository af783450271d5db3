// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "SkewKit",
    platforms: [.macOS(.v15)],
    products: [
        .library(name: "SkewKit", targets: ["OTPCore", "Reports", "TimeSources", "Drift", "History", "QRCodes",
                                            "TokenProtocol", "PCSC", "TokenEmulator", "Probe", "ProbeVerifiers", "Diagnose", "SeedFiles"]),
        .executable(name: "skew", targets: ["skew"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.0.0"),
    ],
    targets: [
        .systemLibrary(name: "COpenSSL", pkgConfig: "libcrypto", providers: [.apt(["libssl-dev"])]),
        .systemLibrary(name: "CZbar", pkgConfig: "zbar", providers: [.apt(["libzbar-dev"])]),
        .systemLibrary(name: "CQREncode", pkgConfig: "libqrencode", providers: [.apt(["libqrencode-dev"])]),
        .systemLibrary(name: "CPNG", pkgConfig: "libpng", providers: [.apt(["libpng-dev"])]),
        .systemLibrary(name: "CTurboJPEG", pkgConfig: "libturbojpeg", providers: [.apt(["libturbojpeg0-dev"])]),
        .systemLibrary(name: "CPCSC", pkgConfig: "libpcsclite", providers: [.apt(["libpcsclite-dev"])]),
        .target(name: "OTPCore", dependencies: ["COpenSSL"]),
        .target(name: "QRCodes", dependencies: ["OTPCore", "CZbar", "CQREncode", "CPNG", "CTurboJPEG"]),
        .target(name: "CDisplayWidth"),
        .target(name: "CGetRandom"),
        .target(name: "SeedFiles", dependencies: ["OTPCore", "COpenSSL", "CGetRandom"]),
        .target(name: "Reports", dependencies: ["OTPCore", "Drift", "History", "Probe", "Diagnose", "SeedFiles", "CDisplayWidth"],
                plugins: ["BuildStamp"]),
        .plugin(name: "BuildStamp", capability: .buildTool()),
        .target(name: "Diagnose", dependencies: ["OTPCore"]),
        .target(name: "TimeSources"),
        .target(name: "Drift"),
        .target(name: "History", dependencies: [.product(name: "GRDB", package: "GRDB.swift")]),
        .target(name: "TokenProtocol", dependencies: ["OTPCore", "COpenSSL", "Drift"]),
        .target(name: "PCSC", dependencies: ["CPCSC", "TokenProtocol"]),
        .target(name: "TokenEmulator", dependencies: ["TokenProtocol", "OTPCore", "Reports"]),
        .target(name: "Probe", dependencies: ["OTPCore"]),
        .systemLibrary(name: "CCurl", pkgConfig: "libcurl", providers: [.apt(["libcurl4-openssl-dev"])]),
        .target(name: "ProbeVerifiers", dependencies: ["Probe", "OTPCore", "CCurl"]),
        .executableTarget(
            name: "skew",
            dependencies: [
                "OTPCore", "Reports", "TimeSources", "Drift", "History", "QRCodes", "PCSC", "TokenProtocol", "TokenEmulator",
                "Probe", "ProbeVerifiers", "Diagnose", "SeedFiles",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .executableTarget(name: "skew-fuzz", dependencies: ["OTPCore", "TimeSources", "TokenProtocol", "TokenEmulator", "Probe"]),
        .target(name: "TestSupport", path: "Tests/TestSupport"),
        .testTarget(name: "OTPCoreTests", dependencies: ["OTPCore", "COpenSSL", "TestSupport"]),
        .testTarget(name: "ReportsTests", dependencies: ["Reports", "TestSupport"]),
        .testTarget(name: "TimeSourcesTests", dependencies: ["TimeSources"]),
        .testTarget(name: "DriftTests", dependencies: ["Drift"]),
        .testTarget(name: "HistoryTests", dependencies: ["History", "TestSupport"]),
        .testTarget(name: "QRCodesTests", dependencies: ["QRCodes", "OTPCore", "TestSupport"]),
        .testTarget(name: "TokenProtocolTests", dependencies: ["TokenProtocol", "TokenEmulator", "OTPCore", "COpenSSL", "TestSupport"]),
        .testTarget(name: "ProbeTests", dependencies: ["Probe", "ProbeVerifiers", "OTPCore"]),
        .testTarget(name: "SeedFilesTests", dependencies: ["SeedFiles", "OTPCore", "TestSupport"]),
        .testTarget(name: "DiagnoseTests", dependencies: ["Diagnose", "OTPCore", "TestSupport"]),
        .testTarget(name: "IntegrationTests", dependencies: ["OTPCore", "History", "QRCodes", "PCSC", "TokenProtocol", "skew",
                                                          "TestSupport"]),
    ]
)
