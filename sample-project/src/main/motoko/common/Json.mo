/// A small, strict JSON (RFC 8259) parser and string escaper: enough to read JSON-RPC replies of an
/// Ethereum node and to write requests. Numbers are kept as their source text (no precision loss);
/// nesting is limited so a hostile reply cannot exhaust the stack.
import Char "mo:core/Char";
import Nat32 "mo:core/Nat32";
import Text "mo:core/Text";
import List "mo:core/List";

module {
  public type Json = {
    #null_;
    #bool : Bool;
    /// The number exactly as written in the input.
    #number : Text;
    #string : Text;
    #array : [Json];
    /// Members in input order; a repeated name keeps every occurrence (`field` returns the first).
    #object_ : [(Text, Json)];
  };

  public let MAX_DEPTH : Nat = 32;

  /// Parses a complete JSON text; the error says what was wrong and at which character.
  public func parse(text : Text) : { #ok : Json; #err : Text } {
    let chars = Text.toArray(text);
    var pos = 0;

    func fail(message : Text) : { #err : Text } = #err(message # " at character " # debug_show (pos));

    func skipWhitespace() {
      while (pos < chars.size() and (chars[pos] == ' ' or chars[pos] == '\n' or chars[pos] == '\r' or chars[pos] == '\t')) {
        pos += 1;
      };
    };

    func expectWord(word : Text, value : Json) : { #ok : Json; #err : Text } {
      for (c in word.chars()) {
        if (pos >= chars.size() or chars[pos] != c) return fail("invalid literal, expected '" # word # "'");
        pos += 1;
      };
      #ok(value);
    };

    func hexValue(c : Char) : ?Nat32 {
      let code = Char.toNat32(c);
      if (c >= '0' and c <= '9') ?(code - 48) else if (c >= 'a' and c <= 'f') ?(code - 87) else if (c >= 'A' and c <= 'F') ?(code - 55) else null;
    };

    func readHex4() : ?Nat32 {
      if (pos + 4 > chars.size()) return null;
      var value : Nat32 = 0;
      for (i in [0, 1, 2, 3].vals()) {
        switch (hexValue(chars[pos + i])) {
          case (?digit) value := value * 16 + digit;
          case null return null;
        };
      };
      pos += 4;
      ?value;
    };

    func parseString() : { #ok : Text; #err : Text } {
      // at the opening quote
      pos += 1;
      var out = "";
      loop {
        if (pos >= chars.size()) return fail("unterminated string");
        let c = chars[pos];
        pos += 1;
        if (c == '\"') return #ok(out);
        if (Char.toNat32(c) < 0x20) return fail("control character in string");
        if (c != '\\') { out #= Char.toText(c) } else {
          if (pos >= chars.size()) return fail("unterminated escape");
          let escaped = chars[pos];
          pos += 1;
          switch escaped {
            case '\"' out #= "\"";
            case '\\' out #= "\\";
            case '/' out #= "/";
            case 'b' out #= Char.toText(Char.fromNat32(8));
            case 'f' out #= Char.toText(Char.fromNat32(12));
            case 'n' out #= "\n";
            case 'r' out #= "\r";
            case 't' out #= "\t";
            case 'u' {
              let ?unit = readHex4() else return fail("invalid \\u escape");
              var codePoint = unit;
              if (unit >= 0xD800 and unit <= 0xDBFF) {
                // A high surrogate must be followed by an escaped low surrogate.
                if (pos + 1 >= chars.size() or chars[pos] != '\\' or chars[pos + 1] != 'u') return fail("unpaired surrogate");
                pos += 2;
                let ?low = readHex4() else return fail("invalid \\u escape");
                if (low < 0xDC00 or low > 0xDFFF) return fail("unpaired surrogate");
                codePoint := 0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00);
              } else if (unit >= 0xDC00 and unit <= 0xDFFF) return fail("unpaired surrogate");
              out #= Char.toText(Char.fromNat32(codePoint));
            };
            case _ return fail("invalid escape '\\" # Char.toText(escaped) # "'");
          };
        };
      };
    };

    func isDigit(c : Char) : Bool = c >= '0' and c <= '9';

    func parseNumber() : { #ok : Json; #err : Text } {
      let start = pos;
      if (chars[pos] == '-') pos += 1;
      if (pos >= chars.size() or not isDigit(chars[pos])) return fail("invalid number");
      if (chars[pos] == '0') pos += 1 else { while (pos < chars.size() and isDigit(chars[pos])) pos += 1 };
      if (pos < chars.size() and chars[pos] == '.') {
        pos += 1;
        if (pos >= chars.size() or not isDigit(chars[pos])) return fail("invalid number");
        while (pos < chars.size() and isDigit(chars[pos])) pos += 1;
      };
      if (pos < chars.size() and (chars[pos] == 'e' or chars[pos] == 'E')) {
        pos += 1;
        if (pos < chars.size() and (chars[pos] == '+' or chars[pos] == '-')) pos += 1;
        if (pos >= chars.size() or not isDigit(chars[pos])) return fail("invalid number");
        while (pos < chars.size() and isDigit(chars[pos])) pos += 1;
      };
      var number = "";
      var i = start;
      while (i < pos) { number #= Char.toText(chars[i]); i += 1 };
      #ok(#number number);
    };

    func parseValue(depth : Nat) : { #ok : Json; #err : Text } {
      if (depth > MAX_DEPTH) return fail("nesting deeper than " # debug_show (MAX_DEPTH));
      skipWhitespace();
      if (pos >= chars.size()) return fail("unexpected end of input");
      switch (chars[pos]) {
        case 'n' expectWord("null", #null_);
        case 't' expectWord("true", #bool true);
        case 'f' expectWord("false", #bool false);
        case '\"' switch (parseString()) { case (#ok s) #ok(#string s); case (#err e) #err e };
        case '[' {
          pos += 1;
          let items = List.empty<Json>();
          skipWhitespace();
          if (pos < chars.size() and chars[pos] == ']') { pos += 1; return #ok(#array([])) };
          loop {
            switch (parseValue(depth + 1)) { case (#ok v) List.add(items, v); case (#err e) return #err e };
            skipWhitespace();
            if (pos >= chars.size()) return fail("unterminated array");
            if (chars[pos] == ']') { pos += 1; return #ok(#array(List.toArray(items))) };
            if (chars[pos] != ',') return fail("expected ',' or ']'");
            pos += 1;
          };
        };
        case '{' {
          pos += 1;
          let members = List.empty<(Text, Json)>();
          skipWhitespace();
          if (pos < chars.size() and chars[pos] == '}') { pos += 1; return #ok(#object_([])) };
          loop {
            skipWhitespace();
            if (pos >= chars.size() or chars[pos] != '\"') return fail("expected a member name");
            let name = switch (parseString()) { case (#ok s) s; case (#err e) return #err e };
            skipWhitespace();
            if (pos >= chars.size() or chars[pos] != ':') return fail("expected ':'");
            pos += 1;
            switch (parseValue(depth + 1)) { case (#ok v) List.add(members, (name, v)); case (#err e) return #err e };
            skipWhitespace();
            if (pos >= chars.size()) return fail("unterminated object");
            if (chars[pos] == '}') { pos += 1; return #ok(#object_(List.toArray(members))) };
            if (chars[pos] != ',') return fail("expected ',' or '}'");
            pos += 1;
          };
        };
        case c {
          if (c == '-' or isDigit(c)) parseNumber() else fail("unexpected character '" # Char.toText(c) # "'");
        };
      };
    };

    switch (parseValue(0)) {
      case (#err e) #err e;
      case (#ok value) {
        skipWhitespace();
        if (pos != chars.size()) fail("trailing characters after the JSON value") else #ok value;
      };
    };
  };

  /// The first member called `name` of an object; null for a missing member or a non-object.
  public func field(json : Json, name : Text) : ?Json {
    switch json {
      case (#object_ members) {
        for ((key, value) in members.vals()) { if (key == name) return ?value };
        null;
      };
      case _ null;
    };
  };

  /// `text` as a JSON string literal, quotes included.
  public func quote(text : Text) : Text {
    var out = "\"";
    for (c in text.chars()) {
      out #= switch c {
        case '\"' "\\\"";
        case '\\' "\\\\";
        case '\n' "\\n";
        case '\r' "\\r";
        case '\t' "\\t";
        case _ {
          let code = Char.toNat32(c);
          if (code < 0x20) {
            let table = Text.toArray("0123456789abcdef");
            "\\u00" # Char.toText(table[Nat32.toNat(code / 16)]) # Char.toText(table[Nat32.toNat(code % 16)]);
          } else Char.toText(c);
        };
      };
    };
    out # "\"";
  };
};
