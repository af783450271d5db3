// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "SkewKit",
    platforms: [.macOS(.v15)],
    products: [
        .library(name: "SkewKit", targets: ["OTPCore", "Probe", "Reports"]),
        .executable(name: "skew", targets: ["skew"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
    ],
    targets: [
        .systemLibrary(name: "COpenSSL", pkgConfig: "libcrypto", providers: [.apt(["libssl-dev"])]),
        .target(name: "OTPCore", dependencies: ["COpenSSL"]),
        .target(name: "Probe", dependencies: ["OTPCore"]),
        .systemLibrary(name: "CCurl", pkgConfig: "libcurl", providers: [.apt(["libcurl4-openssl-dev"])]),
        .target(name: "ProbeVerifiers", dependencies: ["Probe", "OTPCore", "CCurl"]),
        .target(name: "Reports", dependencies: ["OTPCore", "Probe"]),
        .executableTarget(
            name: "skew",
            dependencies: [
                "OTPCore", "Reports", "Probe", "ProbeVerifiers",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .testTarget(name: "OTPCoreTests", dependencies: ["OTPCore", "COpenSSL"]),
        .testTarget(name: "ReportsTests", dependencies: ["Reports"]),
        .testTarget(name: "ProbeTests", dependencies: ["Probe", "ProbeVerifiers", "OTPCore"]),
        .testTarget(name: "IntegrationTests", dependencies: ["OTPCore", "skew"]),
    ]
)
