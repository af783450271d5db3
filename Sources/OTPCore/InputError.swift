/// Bad input from a person: names the input, what is wrong with it and how to fix it.
///
/// The message never includes secret material, only positions and character classes.
public struct InputError: Error, Sendable, Equatable, CustomStringConvertible {
    public var input: String
    public var problem: String
    public var fix: String

    public init(input: String, problem: String, fix: String) {
        self.input = input
        self.problem = problem
        self.fix = fix
    }

    public var description: String { "\(input): \(problem). Fix: \(fix)." }
}
