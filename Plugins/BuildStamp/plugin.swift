import Foundation
import PackagePlugin

/// Stamps the commit a build was made from into the module it is applied to, so that
/// `skew --version` and every JSON report can say which source produced them. It runs before every
/// build (a commit changes no input file SwiftPM watches) and rewrites the file only when the
/// commit changed, so an unchanged tree does not recompile.
@main
struct BuildStamp: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: Target) throws -> [Command] {
        let output = context.pluginWorkDirectoryURL.appending(path: "generated")
        let script = context.package.directoryURL.appending(path: "Plugins/BuildStamp/stamp.sh")
        return [.prebuildCommand(displayName: "Stamping the source commit",
                                 executable: URL(fileURLWithPath: "/bin/sh"),
                                 arguments: [script.path, context.package.directoryURL.path, output.path],
                                 outputFilesDirectory: output)]
    }
}
