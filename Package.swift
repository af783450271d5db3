// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "SkewKit",
    platforms: [.macOS(.v15)],
    products: [
        .library(name: "SkewKit", targets: ["OTPCore", "Reports", "TokenProtocol", "PCSC", "TokenEmulator"]),
        .executable(name: "skew", targets: ["skew"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
    ],
    targets: [
        .systemLibrary(name: "COpenSSL", pkgConfig: "libcrypto", providers: [.apt(["libssl-dev"])]),
        .target(name: "OTPCore", dependencies: ["COpenSSL"]),
        .target(name: "Reports", dependencies: ["OTPCore"]),
        .systemLibrary(name: "CPCSC", pkgConfig: "libpcsclite", providers: [.apt(["libpcsclite-dev"])]),
        .target(name: "TokenProtocol", dependencies: ["OTPCore", "COpenSSL"]),
        .target(name: "PCSC", dependencies: ["CPCSC", "TokenProtocol"]),
        .target(name: "TokenEmulator", dependencies: ["TokenProtocol", "OTPCore", "Reports"]),
        .executableTarget(
            name: "skew",
            dependencies: [
                "OTPCore", "Reports", "PCSC", "TokenProtocol", "TokenEmulator",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .testTarget(name: "OTPCoreTests", dependencies: ["OTPCore", "COpenSSL"]),
        .testTarget(name: "ReportsTests", dependencies: ["Reports"]),
        .testTarget(name: "TokenProtocolTests", dependencies: ["TokenProtocol", "TokenEmulator", "OTPCore", "COpenSSL"]),
        .testTarget(name: "IntegrationTests", dependencies: ["OTPCore", "PCSC", "TokenProtocol", "skew"]),
    ]
)
