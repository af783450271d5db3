// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "SkewKit",
    platforms: [.macOS(.v15)],
    products: [
        .library(name: "SkewKit", targets: ["OTPCore", "Reports", "QRCodes"]),
        .executable(name: "skew", targets: ["skew"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
    ],
    targets: [
        .systemLibrary(name: "COpenSSL", pkgConfig: "libcrypto", providers: [.apt(["libssl-dev"])]),
        .systemLibrary(name: "CZbar", pkgConfig: "zbar", providers: [.apt(["libzbar-dev"])]),
        .systemLibrary(name: "CQREncode", pkgConfig: "libqrencode", providers: [.apt(["libqrencode-dev"])]),
        .systemLibrary(name: "CPNG", pkgConfig: "libpng", providers: [.apt(["libpng-dev"])]),
        .systemLibrary(name: "CTurboJPEG", pkgConfig: "libturbojpeg", providers: [.apt(["libturbojpeg0-dev"])]),
        .target(name: "OTPCore", dependencies: ["COpenSSL"]),
        .target(name: "QRCodes", dependencies: ["OTPCore", "CZbar", "CQREncode", "CPNG", "CTurboJPEG"]),
        .target(name: "Reports", dependencies: ["OTPCore"]),
        .executableTarget(
            name: "skew",
            dependencies: [
                "OTPCore", "Reports", "QRCodes",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .testTarget(name: "OTPCoreTests", dependencies: ["OTPCore", "COpenSSL"]),
        .testTarget(name: "ReportsTests", dependencies: ["Reports"]),
        .testTarget(name: "QRCodesTests", dependencies: ["QRCodes", "OTPCore"]),
        .testTarget(name: "IntegrationTests", dependencies: ["OTPCore", "QRCodes", "skew"]),
    ]
)
