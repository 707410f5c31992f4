import Testing
import TablaNotation
@testable import TablaGeneration

/// The shipped model has tokens only for shipped bols: a user's bol is read as the
/// shipped bol with the same strokes, or the one its `like=` names.
@Suite("User bols as tokens")
struct UserBolTokenTests {
    @Test func userBolTakesItsShippedEquivalentsToken() throws {
        var splitter = BolSplitter.standard
        guard case .success(let dhaan) = splitter.define("Dhaan strokes=na+ge"),
              case .success(let chaanti) = splitter.define("Chaanti strokes=na+te like=Tin") else {
            Issue.record("refused")
            return
        }
        let v = TokenVocabulary.standard
        // Dha is Ge + Na: the same strokes in another order.
        #expect(v.names[Int(v.token(.bol(dhaan[0])))] == "Dha")
        #expect(v.names[Int(v.token(.bol(chaanti[0])))] == "Tin")
        let (c, d) = NotationParser(splitter: splitter).check("taal: dadra\nDhaan Chaanti Na | Dha Tin Na ||")
        #expect(d.isEmpty, "\(d)")
        let stream = TokenStream(c)
        #expect(stream.tokens.map { v.names[Int($0)] } == ["<s>", "Dha", "Tin", "Na", "Dha", "Tin", "Na"])
    }
}
