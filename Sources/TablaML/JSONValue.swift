import Foundation

/// Any JSON value: how a caller's own metadata rides inside a checkpoint without the
/// engine knowing its type.
public enum JSONValue: Codable, Equatable, Sendable {
    /// `null`.
    case null
    /// `true` / `false`.
    case bool(Bool)
    /// A number with a fraction or exponent (a double).
    case number(Double)
    /// A whole number, kept exactly (a seed of 2^63 does not round to a double).
    case integer(Int64)
    /// A whole number above `Int64.max`, kept exactly.
    case unsigned(UInt64)
    /// A string.
    case string(String)
    /// An array.
    case array([JSONValue])
    /// An object.
    case object([String: JSONValue])

    /// Converts any encodable value through its JSON encoding.
    public init<T: Encodable>(encoding value: T) throws {
        let data = try JSONFormat.encoder().encode(value)
        self = try JSONDecoder().decode(JSONValue.self, from: data)
    }

    /// Decodes this value as `T` through its JSON encoding.
    public func decode<T: Decodable>(as type: T.Type) throws -> T {
        try JSONDecoder().decode(T.self, from: JSONFormat.encoder().encode(self))
    }

    /// Decodes a JSON value.
    public init(from decoder: Decoder) throws {
        let c = try decoder.singleValueContainer()
        if c.decodeNil() {
            self = .null
        } else if let b = try? c.decode(Bool.self) {
            self = .bool(b)
        } else if let i = try? c.decode(Int64.self) {
            self = .integer(i)
        } else if let u = try? c.decode(UInt64.self) {
            self = .unsigned(u)
        } else if let n = try? c.decode(Double.self) {
            self = .number(n)
        } else if let s = try? c.decode(String.self) {
            self = .string(s)
        } else if let a = try? c.decode([JSONValue].self) {
            self = .array(a)
        } else {
            self = .object(try c.decode([String: JSONValue].self))
        }
    }

    /// Encodes the JSON value.
    public func encode(to encoder: Encoder) throws {
        var c = encoder.singleValueContainer()
        switch self {
        case .null: try c.encodeNil()
        case .bool(let b): try c.encode(b)
        case .number(let n): try c.encode(n)
        case .integer(let i): try c.encode(i)
        case .unsigned(let u): try c.encode(u)
        case .string(let s): try c.encode(s)
        case .array(let a): try c.encode(a)
        case .object(let o): try c.encode(o)
        }
    }
}
