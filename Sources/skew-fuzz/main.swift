import Foundation

// libFuzzer driver for SkewKit's parsers. Built only by scripts/fuzz, which passes
// -sanitize=fuzzer,address and -DFUZZING; the target is chosen with SKEW_FUZZ_TARGET.
// SwiftPM gives executables their own `main`, so libFuzzer is entered through
// LLVMFuzzerRunDriver instead of its built-in main.

#if FUZZING
@_silgen_name("LLVMFuzzerRunDriver")
func runDriver(_ argc: UnsafeMutablePointer<CInt>,
               _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
               _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt) -> CInt

nonisolated(unsafe) var selectedTarget: (@Sendable ([UInt8]) -> Void)?

@_cdecl("LLVMFuzzerTestOneInput")
public func testOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    selectedTarget?(data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? [])
    return 0
}

let name = ProcessInfo.processInfo.environment["SKEW_FUZZ_TARGET"] ?? ""
guard let target = FuzzTargets.all[name] else {
    FileHandle.standardError.write(Data("SKEW_FUZZ_TARGET must be one of: \(FuzzTargets.all.keys.sorted().joined(separator: ", "))\n".utf8))
    exit(64)
}
selectedTarget = target
var argc = CommandLine.argc
var argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
exit(runDriver(&argc, &argv, testOneInput))
#else
print("skew-fuzz targets: \(FuzzTargets.all.keys.sorted().joined(separator: ", ")). Build and run them with scripts/fuzz.")
#endif
