import OTPCore
import SeedFiles

/// `--assign users.csv`: one account (a UPN) per line, given to tokens in the order they are
/// presented, or `serial,account` lines, given by serial. A first line `upn` or `serial,upn` is a
/// header. Either form throughout: a mix would leave it unclear which token gets which account.
public enum AssignmentList {
    public static func read(_ text: String, input: String) throws(InputError) -> [Assignment] {
        var records = try CSVText.records(text, input: input)
        if let first = records.first, ["upn", "account", "serial"].contains(first.fields[0].trimmingCharacters(in: .whitespaces).lowercased()) {
            records.removeFirst()
        }
        guard let width = records.first?.fields.count else {
            throw InputError(input: input, problem: "the file names no accounts", fix: "write one UPN per line, or serial,upn per line")
        }
        var serials = Set<String>()
        return try records.map { line, fields throws(InputError) -> Assignment in
            let values = fields.map { $0.trimmingCharacters(in: .whitespaces) }
            guard values.count == width, (1...2).contains(width), !values.contains(where: \.isEmpty) else {
                throw InputError(input: "\(input) line \(line)", problem: "expected \(width == 2 ? "serial,upn" : "one upn") like the first line, found \(values.count) field\(values.count == 1 ? "" : "s")",
                                 fix: "use one form throughout: a UPN per line, or serial,upn per line")
            }
            guard width == 2 else { return Assignment(serial: nil, account: values[0]) }
            guard serials.insert(values[0]).inserted else {
                throw InputError(input: "\(input) line \(line)", problem: "serial \(values[0]) is assigned twice", fix: "give every token one account")
            }
            return Assignment(serial: values[0], account: values[1])
        }
    }
}
