package io.diode.candid;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Writes a JavaScript program that builds the same Candid types and values with {@code @dfinity/candid}'s IDL
 * (recursive types as {@code IDL.Rec()}), so that the reference implementation can encode them independently.
 */
final class JsIdl {

    private final Map<IdlType.Ref, String> recursiveNames = new IdentityHashMap<>();
    private final StringBuilder declarations = new StringBuilder();

    static String program(List<IdlType> types, List<Object> values) {
        JsIdl js = new JsIdl();
        List<String> typeExpressions = new ArrayList<>();
        for (IdlType type : types) {
            typeExpressions.add(js.type(type));
        }
        List<String> valueExpressions = new ArrayList<>();
        for (int i = 0; i < types.size(); i++) {
            valueExpressions.add(js.value(types.get(i), values.get(i)));
        }
        return js.declarations + "return { types: [" + String.join(", ", typeExpressions) + "], values: ["
                + String.join(", ", valueExpressions) + "] };";
    }

    private String type(IdlType type) {
        return switch (type) {
            case IdlType.Ref ref
            when isRecursive(ref) -> {
                String name = recursiveNames.get(ref);
                if (name == null) {
                    name = "rec" + recursiveNames.size();
                    recursiveNames.put(ref, name);
                    declarations.append("const ").append(name).append(" = IDL.Rec();\n");
                    String definition = type(ref.target());
                    declarations
                            .append(name)
                            .append(".fill(")
                            .append(definition)
                            .append(");\n");
                }
                yield name;
            }
            case IdlType.Ref ref -> type(ref.target());
            case IdlType.Primitive primitive ->
                "IDL."
                        + switch (primitive) {
                            case NULL -> "Null";
                            case BOOL -> "Bool";
                            case TEXT -> "Text";
                            case RESERVED -> "Reserved";
                            case EMPTY -> "Empty";
                            case PRINCIPAL -> "Principal";
                            default ->
                                Character.toUpperCase(primitive.keyword.charAt(0)) + primitive.keyword.substring(1);
                        };
            case IdlType.Opt opt -> "IDL.Opt(" + type(opt.inner()) + ")";
            case IdlType.Vec vec -> "IDL.Vec(" + type(vec.element()) + ")";
            case IdlType.Record record
            when record.isTuple() && !record.fields().isEmpty() ->
                "IDL.Tuple("
                        + String.join(
                                ", ",
                                record.fields().stream()
                                        .map(f -> type(f.type()))
                                        .toList()) + ")";
            case IdlType.Record record -> "IDL.Record({" + fields(record.fields()) + "})";
            case IdlType.Variant variant -> "IDL.Variant({" + fields(variant.cases()) + "})";
            case IdlType.Func func ->
                "IDL.Func(["
                        + String.join(
                                ", ", func.arguments().stream().map(this::type).toList())
                        + "], ["
                        + String.join(
                                ", ", func.results().stream().map(this::type).toList()) + "], ["
                        + String.join(
                                ", ",
                                func.modes().stream().map(m -> "'" + m + "'").toList()) + "])";
            case IdlType.Service service ->
                "IDL.Service({"
                        + String.join(
                                ", ",
                                service.methods().stream()
                                        .map(m -> quote(m.name()) + ": " + type(m.type()))
                                        .toList())
                        + "})";
        };
    }

    private String fields(List<IdlType.Field> fields) {
        return String.join(
                ", ",
                fields.stream()
                        .map(f -> quote(key(f.label())) + ": " + type(f.type()))
                        .toList());
    }

    private static String key(Label label) {
        return label.name() != null ? label.name() : "_" + label.id() + "_";
    }

    private String value(IdlType type, Object value) {
        IdlType resolved = type.resolve();
        return switch (resolved) {
            case IdlType.Primitive primitive ->
                switch (primitive) {
                    case NULL, RESERVED -> "null";
                    case BOOL -> value.toString();
                    case NAT, INT -> "BigInt('" + value + "')";
                    case NAT64 -> "BigInt('" + Long.toUnsignedString((Long) value) + "')";
                    case INT64 -> "BigInt('" + value + "')";
                    case NAT8 -> Integer.toString(Byte.toUnsignedInt((Byte) value));
                    case NAT16 -> Integer.toString(Short.toUnsignedInt((Short) value));
                    case NAT32 -> Long.toString(Integer.toUnsignedLong((Integer) value));
                    case INT8, INT16, INT32 -> value.toString();
                    case FLOAT32 -> "Math.fround(" + (double) (Float) value + ")";
                    case FLOAT64 -> value.toString();
                    case TEXT -> quote((String) value);
                    case PRINCIPAL -> principal((Principal) value);
                    case EMPTY -> throw new IllegalArgumentException("no value has type empty");
                };
            case IdlType.Opt opt ->
                ((Optional<?>) value)
                        .map(inner -> "[" + value(opt.inner(), inner) + "]")
                        .orElse("[]");
            case IdlType.Vec vec
            when value instanceof byte[] bytes -> {
                List<String> elements = new ArrayList<>();
                for (byte b : bytes) {
                    elements.add(Integer.toString(b & 0xff));
                }
                yield "new Uint8Array([" + String.join(", ", elements) + "])";
            }
            case IdlType.Vec vec ->
                "["
                        + String.join(
                                ", ",
                                ((List<?>) value)
                                        .stream()
                                                .map(element -> value(vec.element(), element))
                                                .toList())
                        + "]";
            case IdlType.Record record
            when record.isTuple() && !record.fields().isEmpty() ->
                "["
                        + String.join(
                                ", ",
                                record.fields().stream()
                                        .map(f -> value(
                                                f.type(),
                                                ((Map<?, ?>) value)
                                                        .get(f.label().text())))
                                        .toList())
                        + "]";
            case IdlType.Record record ->
                "{"
                        + String.join(
                                ", ",
                                record.fields().stream()
                                        .map(f -> quote(key(f.label())) + ": "
                                                + value(
                                                        f.type(),
                                                        ((Map<?, ?>) value)
                                                                .get(f.label().text())))
                                        .toList())
                        + "}";
            case IdlType.Variant variant -> {
                VariantValue chosen = (VariantValue) value;
                IdlType.Field option = variant.cases().stream()
                        .filter(c -> c.label().text().equals(chosen.label()))
                        .findFirst()
                        .orElseThrow();
                yield "{" + quote(key(option.label())) + ": " + value(option.type(), chosen.value()) + "}";
            }
            case IdlType.Func func -> {
                FuncRef ref = (FuncRef) value;
                yield "[" + principal(ref.service()) + ", " + quote(ref.method()) + "]";
            }
            case IdlType.Service service -> principal((Principal) value);
            case IdlType.Ref ref -> throw new IllegalStateException();
        };
    }

    private static String principal(Principal principal) {
        return "Principal.fromText('" + principal.toText() + "')";
    }

    static String quote(String text) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : text.toCharArray()) {
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c < 0x20 || c > 0x7e) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.append('"').toString();
    }

    private static boolean isRecursive(IdlType.Ref ref) {
        return reaches(ref.target(), ref, new java.util.HashSet<>());
    }

    private static boolean reaches(IdlType type, IdlType.Ref goal, java.util.Set<String> visited) {
        return switch (type) {
            case IdlType.Ref ref -> ref == goal || (visited.add(ref.name()) && reaches(ref.target(), goal, visited));
            case IdlType.Opt opt -> reaches(opt.inner(), goal, visited);
            case IdlType.Vec vec -> reaches(vec.element(), goal, visited);
            case IdlType.Record record -> record.fields().stream().anyMatch(f -> reaches(f.type(), goal, visited));
            case IdlType.Variant variant -> variant.cases().stream().anyMatch(f -> reaches(f.type(), goal, visited));
            case IdlType.Func func ->
                func.arguments().stream().anyMatch(t -> reaches(t, goal, visited))
                        || func.results().stream().anyMatch(t -> reaches(t, goal, visited));
            case IdlType.Service service -> service.methods().stream().anyMatch(m -> reaches(m.type(), goal, visited));
            case IdlType.Primitive primitive -> false;
        };
    }
}
