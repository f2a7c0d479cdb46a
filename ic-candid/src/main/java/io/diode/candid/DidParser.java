package io.diode.candid;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Parses the Candid interface description language (.did): type definitions and a service, as the Candid
 * specification's grammar writes them. {@code import} is not supported (the error says so).
 */
final class DidParser {

    private final String source;
    private int position;
    private final Map<String, IdlType.Ref> types = new LinkedHashMap<>();
    private final Map<IdlType.Func, List<String>> argumentNames = new IdentityHashMap<>();
    private final Map<IdlType, List<Label>> declarationOrder = new IdentityHashMap<>();

    private DidParser(String source) {
        this.source = source;
    }

    static DidFile parse(String source) {
        DidParser parser = new DidParser(source);
        return parser.file();
    }

    private DidFile file() {
        IdlType serviceType = null;
        int serviceAt = 0;
        List<IdlType> initArguments = List.of();
        skipSpace();
        while (position < source.length()) {
            String keyword = identifier();
            switch (keyword) {
                case "type" -> {
                    String name = identifier();
                    expect("=");
                    IdlType definition = dataType();
                    reference(name).define(definition);
                }
                case "import" -> throw error("import is not supported: paste the imported definitions into this file");
                case "service" -> {
                    if (serviceType != null) {
                        throw error("a .did file declares at most one service");
                    }
                    serviceAt = position;
                    if (!peek(":")) {
                        identifier(); // the service's own name
                    }
                    expect(":");
                    if (peek("(")) {
                        initArguments = tuple(null);
                        expect("->");
                    }
                    serviceType = peek("{") ? actorType() : reference(identifier());
                }
                default -> throw error("expected \"type\" or \"service\", found \"" + keyword + "\"");
            }
            if (!tryConsume(";") && position < source.length()) {
                throw error("expected \";\" after the definition");
            }
            skipSpace();
        }
        for (IdlType.Ref type : types.values()) {
            type.target(); // every used name is defined
            type.resolve(); // and none is defined as itself
        }
        IdlType.Service service = null;
        if (serviceType != null) {
            if (!(serviceType.resolve() instanceof IdlType.Service resolved)) {
                position = serviceAt;
                throw error("the service's type " + serviceType + " is not a service type");
            }
            service = resolved;
        }
        return new DidFile(types, service, initArguments, argumentNames, declarationOrder);
    }

    // ---- types ---------------------------------------------------------------------------------------------

    private IdlType dataType() {
        skipSpace();
        String word = identifier();
        IdlType.Primitive primitive = IdlType.Primitive.ofKeyword(word);
        if (primitive != null) {
            return primitive;
        }
        return switch (word) {
            case "opt" -> new IdlType.Opt(dataType());
            case "vec" -> new IdlType.Vec(dataType());
            case "blob" -> IdlType.blob();
            case "record" -> {
                List<IdlType.Field> fields = fields(true);
                IdlType.Record record = new IdlType.Record(fields);
                declarationOrder.put(
                        record, fields.stream().map(IdlType.Field::label).toList());
                yield record;
            }
            case "variant" -> {
                List<IdlType.Field> cases = fields(false);
                IdlType.Variant variant = new IdlType.Variant(cases);
                declarationOrder.put(
                        variant, cases.stream().map(IdlType.Field::label).toList());
                yield variant;
            }
            case "func" -> functionType();
            case "service" -> actorType();
            default -> reference(word);
        };
    }

    private IdlType.Ref reference(String name) {
        return types.computeIfAbsent(name, IdlType.Ref::new);
    }

    private List<IdlType.Field> fields(boolean record) {
        expect("{");
        List<IdlType.Field> fields = new ArrayList<>();
        long nextId = 0;
        while (!tryConsume("}")) {
            int start = position;
            Label label = null;
            skipSpace();
            if (position < source.length() && source.charAt(position) == '"') {
                label = Label.named(text());
            } else if (position < source.length() && Character.isDigit(source.charAt(position))) {
                BigInteger id = number();
                label = Label.id(id.longValueExact());
            } else {
                String word = identifier();
                skipSpace();
                if (peek(":") || peek(";") || peek("}")) {
                    if (!record || peek(":")) {
                        label = Label.named(word);
                    }
                }
                if (label == null) {
                    position = start; // a positional record field: the word starts its type
                }
            }
            IdlType type;
            if (label != null && tryConsume(":")) {
                type = dataType();
            } else if (label != null && !record) {
                type = IdlType.Primitive.NULL; // a variant case without a type
            } else if (label != null) {
                throw error("expected \":\" and a type after field " + label);
            } else {
                label = Label.id(nextId);
                type = dataType();
            }
            nextId = label.id() + 1;
            fields.add(new IdlType.Field(label, type));
            if (!tryConsume(";")) {
                expect("}");
                break;
            }
        }
        return fields;
    }

    private IdlType.Func functionType() {
        List<String> names = new ArrayList<>();
        List<IdlType> arguments = tuple(names);
        expect("->");
        List<IdlType> results = tuple(null);
        List<String> modes = new ArrayList<>();
        while (true) {
            skipSpace();
            int start = position;
            if (position < source.length() && Character.isLetter(source.charAt(position))) {
                String word = identifier();
                if (word.equals("query") || word.equals("oneway") || word.equals("composite_query")) {
                    modes.add(word);
                    continue;
                }
            }
            position = start;
            break;
        }
        IdlType.Func func = new IdlType.Func(arguments, results, modes);
        argumentNames.put(func, names);
        return func;
    }

    private List<IdlType> tuple(List<String> names) {
        expect("(");
        List<IdlType> types = new ArrayList<>();
        while (!tryConsume(")")) {
            skipSpace();
            int start = position;
            String name = null;
            if (position < source.length() && source.charAt(position) == '"') {
                name = text();
                expect(":");
            } else if (position < source.length() && isIdentifierStart(source.charAt(position))) {
                String word = identifier();
                skipSpace();
                if (peek(":")) {
                    tryConsume(":");
                    name = word;
                } else {
                    position = start;
                }
            }
            types.add(dataType());
            if (names != null) {
                names.add(name);
            }
            if (!tryConsume(",")) {
                expect(")");
                break;
            }
        }
        return types;
    }

    private IdlType.Service actorType() {
        expect("{");
        List<IdlType.Method> methods = new ArrayList<>();
        while (!tryConsume("}")) {
            skipSpace();
            String name = position < source.length() && source.charAt(position) == '"' ? text() : identifier();
            expect(":");
            skipSpace();
            IdlType type = peek("(") ? functionType() : reference(identifier());
            methods.add(new IdlType.Method(name, type));
            if (!tryConsume(";")) {
                expect("}");
                break;
            }
        }
        return new IdlType.Service(methods);
    }

    // ---- lexing --------------------------------------------------------------------------------------------

    private void skipSpace() {
        while (position < source.length()) {
            char c = source.charAt(position);
            if (Character.isWhitespace(c)) {
                position++;
            } else if (source.startsWith("//", position)) {
                int end = source.indexOf('\n', position);
                position = end < 0 ? source.length() : end + 1;
            } else if (source.startsWith("/*", position)) {
                int end = source.indexOf("*/", position + 2);
                if (end < 0) {
                    throw error("a /* comment is never closed");
                }
                position = end + 2;
            } else {
                return;
            }
        }
    }

    private static boolean isIdentifierStart(char c) {
        return Character.isLetter(c) || c == '_';
    }

    private String identifier() {
        skipSpace();
        int start = position;
        if (position < source.length() && isIdentifierStart(source.charAt(position))) {
            position++;
            while (position < source.length()
                    && (Character.isLetterOrDigit(source.charAt(position)) || source.charAt(position) == '_')) {
                position++;
            }
            return source.substring(start, position);
        }
        throw error("expected a name");
    }

    private BigInteger number() {
        skipSpace();
        int start = position;
        while (position < source.length()
                && (Character.isDigit(source.charAt(position)) || source.charAt(position) == '_')) {
            position++;
        }
        return new BigInteger(source.substring(start, position).replace("_", ""));
    }

    private String text() {
        skipSpace();
        if (position >= source.length() || source.charAt(position) != '"') {
            throw error("expected a quoted name");
        }
        StringBuilder out = new StringBuilder();
        position++;
        while (position < source.length() && source.charAt(position) != '"') {
            char c = source.charAt(position++);
            if (c == '\\' && position < source.length()) {
                char escaped = source.charAt(position++);
                switch (escaped) {
                    case 'n' -> out.append('\n');
                    case 't' -> out.append('\t');
                    case 'r' -> out.append('\r');
                    case 'u' -> {
                        int close = source.indexOf('}', position);
                        out.appendCodePoint(Integer.parseInt(source.substring(position + 1, close), 16));
                        position = close + 1;
                    }
                    default -> {
                        if (Character.digit(escaped, 16) >= 0
                                && position < source.length()
                                && Character.digit(source.charAt(position), 16) >= 0) {
                            // \HH: one byte of UTF-8; bytes of one character come as consecutive escapes
                            java.io.ByteArrayOutputStream utf8 = new java.io.ByteArrayOutputStream();
                            utf8.write(Integer.parseInt("" + escaped + source.charAt(position++), 16));
                            while (source.startsWith("\\", position)
                                    && position + 2 < source.length()
                                    && Character.digit(source.charAt(position + 1), 16) >= 0
                                    && Character.digit(source.charAt(position + 2), 16) >= 0) {
                                utf8.write(Integer.parseInt(source.substring(position + 1, position + 3), 16));
                                position += 3;
                            }
                            out.append(utf8.toString(java.nio.charset.StandardCharsets.UTF_8));
                        } else {
                            out.append(escaped);
                        }
                    }
                }
            } else {
                out.append(c);
            }
        }
        if (position >= source.length()) {
            throw error("a quoted name is never closed");
        }
        position++;
        return out.toString();
    }

    private boolean peek(String token) {
        skipSpace();
        return source.startsWith(token, position);
    }

    private boolean tryConsume(String token) {
        if (peek(token)) {
            position += token.length();
            return true;
        }
        return false;
    }

    private void expect(String token) {
        if (!tryConsume(token)) {
            throw error("expected \"" + token + "\"");
        }
    }

    private CandidException error(String detail) {
        int line = 1;
        int column = 1;
        for (int i = 0; i < Math.min(position, source.length()); i++) {
            if (source.charAt(i) == '\n') {
                line++;
                column = 1;
            } else {
                column++;
            }
        }
        String near = source.substring(Math.min(position, source.length()), Math.min(source.length(), position + 20));
        return new CandidException("invalid .did at line " + line + ", column " + column + ": " + detail
                + (near.isEmpty() ? " (at the end)" : " (near \"" + near.replace("\n", " ") + "\")"));
    }
}
