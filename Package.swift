// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "SkewKit",
    platforms: [.macOS(.v15)],
    products: [
        .library(name: "SkewKit", targets: ["OTPCore", "Diagnose", "Reports"]),
        .executable(name: "skew", targets: ["skew"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
    ],
    targets: [
        .systemLibrary(name: "COpenSSL", pkgConfig: "libcrypto", providers: [.apt(["libssl-dev"])]),
        .target(name: "OTPCore", dependencies: ["COpenSSL"]),
        .target(name: "Diagnose", dependencies: ["OTPCore"]),
        .target(name: "Reports", dependencies: ["OTPCore", "Diagnose"]),
        .executableTarget(
            name: "skew",
            dependencies: [
                "OTPCore", "Diagnose", "Reports",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .testTarget(name: "OTPCoreTests", dependencies: ["OTPCore", "COpenSSL"]),
        .testTarget(name: "ReportsTests", dependencies: ["Reports"]),
        .testTarget(name: "DiagnoseTests", dependencies: ["Diagnose", "OTPCore"]),
        .testTarget(name: "IntegrationTests", dependencies: ["OTPCore", "skew"]),
    ]
)
