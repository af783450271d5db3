import OTPCore

/// Splits a command line the way a POSIX shell splits words (spaces, single and double quotes,
/// backslash escapes), without a shell: nothing is expanded or executed.
public enum CommandLineWords {
    public static func split(_ text: String, input: String) throws(InputError) -> [String] {
        var words: [String] = []
        var current = ""
        var inWord = false
        var quote: Character?
        var escaped = false
        for character in text {
            if escaped {
                current.append(character)
                escaped = false
                continue
            }
            switch (quote, character) {
            case (nil, "\\"), ("\"", "\\"):
                escaped = true
                inWord = true
            case (nil, "'"), (nil, "\""):
                quote = character
                inWord = true
            case ("'", "'"), ("\"", "\""):
                quote = nil
            case (nil, " "), (nil, "\t"), (nil, "\n"):
                if inWord { words.append(current) }
                current = ""
                inWord = false
            default:
                current.append(character)
                inWord = true
            }
        }
        guard quote == nil, !escaped else {
            throw InputError(input: input, problem: "the command line ends inside a quote or after a backslash",
                             fix: "close every quote, as in \(input) 'check {code}'")
        }
        if inWord { words.append(current) }
        guard !words.isEmpty else {
            throw InputError(input: input, problem: "the command is empty", fix: "give the program to run and its arguments")
        }
        return words
    }
}
