package io.diode.maven.candid;

import io.diode.candid.DidFile;
import io.diode.candid.IdlType;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Writes the Java source of a typed actor interface for a Candid service: one interface annotated
 * {@code @CandidService} (carrying the .did text, which gives the exact Candid types at run time) with a method
 * per Candid method and, nested in it, a Java type for every record (a Java record), variant (a sealed interface
 * of case records, or an enum when no case has a payload) and multi-value result. Names follow Java conventions;
 * the Candid names stay in {@code @CandidName}/{@code @CandidMethod} annotations.
 *
 * <p>Named types that only rename another type ({@code type Id = nat64}) are written as what they rename.
 * Anonymous records and variants are named after where they appear ({@code Room} field {@code status} →
 * {@code RoomStatus}); a variant case whose payload is an anonymous record gets that record's fields as its own
 * components.
 */
public final class JavaActorGenerator {

    private static final Set<String> RESERVED = Set.of(
            "abstract",
            "assert",
            "boolean",
            "break",
            "byte",
            "case",
            "catch",
            "char",
            "class",
            "const",
            "continue",
            "default",
            "do",
            "double",
            "else",
            "enum",
            "extends",
            "final",
            "finally",
            "float",
            "for",
            "goto",
            "if",
            "implements",
            "import",
            "instanceof",
            "int",
            "interface",
            "long",
            "native",
            "new",
            "package",
            "private",
            "protected",
            "public",
            "return",
            "short",
            "static",
            "strictfp",
            "super",
            "switch",
            "synchronized",
            "this",
            "throw",
            "throws",
            "transient",
            "try",
            "void",
            "volatile",
            "while",
            "true",
            "false",
            "null",
            "var",
            "yield",
            "record",
            "sealed",
            "permits",
            "non",
            "_",
            // record components cannot override these Object methods' names with an accessor of another type
            "hashCode",
            "toString",
            "getClass",
            "equals",
            "notify",
            "notifyAll",
            "wait",
            "clone",
            "finalize");

    private final DidFile did;
    private final String interfaceName;
    private final Map<IdlType, String> declaredNames = new IdentityHashMap<>();
    private final Map<IdlType.Ref, String> aliasTypes = new IdentityHashMap<>();
    private final Set<IdlType.Ref> aliasesInProgress = java.util.Collections.newSetFromMap(new IdentityHashMap<>());
    private final Set<String> usedTypeNames = new HashSet<>();
    private final Deque<Declaration> pending = new ArrayDeque<>();

    private record Declaration(String name, IdlType type) {}

    private JavaActorGenerator(DidFile did, String interfaceName) {
        this.did = did;
        this.interfaceName = interfaceName;
        usedTypeNames.add(interfaceName);
    }

    /**
     * The source of {@code packageName.interfaceName} for the service in {@code didText}.
     *
     * @throws io.diode.candid.CandidException if the .did text does not parse or declares no service
     */
    public static String generate(String didText, String packageName, String interfaceName) {
        DidFile did = DidFile.parse(didText);
        if (did.service() == null) {
            throw new io.diode.candid.CandidException("the .did file declares no service, so there is no actor to "
                    + "generate; add a \"service : { ... }\" declaration");
        }
        return new JavaActorGenerator(did, interfaceName).write(didText, packageName);
    }

    /** {@code zone_manager} → {@code ZoneManager}. */
    public static String typeName(String candidName) {
        StringBuilder out = new StringBuilder();
        for (String part : candidName.split("[^A-Za-z0-9]+")) {
            if (!part.isEmpty()) {
                out.append(Character.toUpperCase(part.charAt(0))).append(part.substring(1));
            }
        }
        if (out.isEmpty() || !Character.isJavaIdentifierStart(out.charAt(0))) {
            out.insert(0, 'T');
        }
        return out.toString();
    }

    /** {@code display_name} → {@code displayName}; Java keywords get a trailing underscore. */
    public static String memberName(String candidName) {
        if (candidName.matches("\\d+")) {
            return "item" + candidName;
        }
        String upper = typeName(candidName);
        String name = Character.toLowerCase(upper.charAt(0)) + upper.substring(1);
        return RESERVED.contains(name) ? name + "_" : name;
    }

    private String write(String didText, String packageName) {
        // every named record and variant first, even when no method uses it: named types keep their own names
        // (an anonymous type named after its place never takes one), and a .did's vocabulary is worth having whole
        for (IdlType.Ref named : did.types().values()) {
            if (named.target() instanceof IdlType.Record || named.target() instanceof IdlType.Variant) {
                refType(named, false);
            }
        }
        StringBuilder methods = new StringBuilder();
        Set<String> methodNames = new HashSet<>();
        for (IdlType.Method method : did.service().methods()) {
            IdlType.Func func = method.func();
            String javaName = unique(memberName(method.name()), methodNames);
            String context = typeName(method.name());
            String returnType;
            if (func.results().isEmpty()) {
                returnType = "void";
            } else if (func.results().size() == 1) {
                returnType = javaType(func.results().getFirst(), context + "Result", false);
            } else {
                String name = uniqueTypeName(context + "Result");
                IdlType tuple = IdlType.tuple(func.results().toArray(IdlType[]::new));
                declaredNames.put(tuple, name);
                pending.add(new Declaration(name, tuple));
                returnType = interfaceName + "." + name;
            }
            List<String> parameters = new ArrayList<>();
            Set<String> parameterNames = new HashSet<>();
            for (int i = 0; i < func.arguments().size(); i++) {
                String given = did.argumentName(func, i);
                String name = unique(given != null ? memberName(given) : "arg" + i, parameterNames);
                String argumentContext = context
                        + (func.arguments().size() == 1
                                ? "Argument"
                                : typeName(given != null ? given : "argument" + i));
                parameters.add(javaType(func.arguments().get(i), argumentContext, false) + " " + name);
            }
            methods.append("\n    /** Candid: {@code ")
                    .append(javadoc(method.name() + " : " + func.signature()))
                    .append("}. */\n")
                    .append("    @CandidMethod(")
                    .append(literal(method.name()))
                    .append(")\n")
                    .append("    ")
                    .append(returnType)
                    .append(' ')
                    .append(javaName)
                    .append('(')
                    .append(String.join(", ", parameters))
                    .append(");\n");
        }
        // the init arguments' types, even when no method uses them: callers build init arguments from them
        String initArguments = initArgumentsJavadoc();
        StringBuilder types = new StringBuilder();
        while (!pending.isEmpty()) {
            Declaration declaration = pending.poll();
            types.append('\n').append(declare(declaration.name(), declaration.type()));
        }
        StringBuilder source = new StringBuilder();
        source.append("// Generated by diode:build from the canister's Candid interface. Do not edit.\n");
        if (!packageName.isEmpty()) {
            source.append("package ").append(packageName).append(";\n\n");
        }
        source.append("import io.diode.candid.CandidMethod;\n")
                .append("import io.diode.candid.CandidName;\n")
                .append("import io.diode.candid.CandidService;\n\n")
                .append("/**\n * The canister's service as a Java interface; get an actor for it from your client.")
                .append(initArguments)
                .append("\n */\n")
                .append("@CandidService(did = ")
                .append(interfaceName)
                .append(".CANDID)\n")
                .append("public interface ")
                .append(interfaceName)
                .append(" {\n\n")
                .append("    /** The Candid interface this actor was generated from. */\n")
                .append("    String CANDID = ")
                .append(multiLineLiteral(didText))
                .append(";\n")
                .append(methods)
                .append(types)
                .append("}\n");
        return source.toString();
    }

    /** Says which Java types the init arguments take, for setupCanister callers. */
    private String initArgumentsJavadoc() {
        if (did.initArguments().isEmpty()) {
            return "";
        }
        List<String> types = new ArrayList<>();
        for (int i = 0; i < did.initArguments().size(); i++) {
            types.add(javaType(
                    did.initArguments().get(i), did.initArguments().size() == 1 ? "InitArgs" : "InitArg" + i, false));
        }
        return "\n * Init arguments (in this order): {@code " + javadoc(String.join(", ", types)) + "}.";
    }

    // ---- Java types ----------------------------------------------------------------------------------------

    private String javaType(IdlType type, String context, boolean boxed) {
        return switch (type) {
            case IdlType.Ref ref -> refType(ref, boxed);
            case IdlType.Primitive primitive -> primitiveType(primitive, boxed);
            case IdlType.Opt opt -> "java.util.Optional<" + javaType(opt.inner(), context, true) + ">";
            case IdlType.Vec vec ->
                vec.element().resolve() == IdlType.Primitive.NAT8 && !(vec.element() instanceof IdlType.Ref)
                        ? "byte[]"
                        : "java.util.List<" + javaType(vec.element(), context + "Item", true) + ">";
            case IdlType.Record record -> declared(record, context);
            case IdlType.Variant variant -> declared(variant, context);
            case IdlType.Func func -> "io.diode.candid.FuncRef";
            case IdlType.Service service -> "io.diode.candid.Principal";
        };
    }

    private String refType(IdlType.Ref ref, boolean boxed) {
        IdlType target = ref.target();
        if (target instanceof IdlType.Record || target instanceof IdlType.Variant) {
            return declared(target, typeName(ref.name()));
        }
        String known = aliasTypes.get(ref);
        if (known != null) {
            return boxed ? box(known) : known;
        }
        if (!aliasesInProgress.add(ref)) {
            return "Object"; // a type made only of opt/vec around itself has no finite Java type
        }
        String java = javaType(target, typeName(ref.name()), false);
        aliasesInProgress.remove(ref);
        aliasTypes.put(ref, java);
        return boxed ? box(java) : java;
    }

    private String declared(IdlType composite, String context) {
        String known = declaredNames.get(composite);
        if (known == null) {
            known = uniqueTypeName(context);
            declaredNames.put(composite, known);
            pending.add(new Declaration(known, composite));
        }
        return interfaceName + "." + known;
    }

    private static String primitiveType(IdlType.Primitive primitive, boolean boxed) {
        String unboxed = switch (primitive) {
            case NULL, EMPTY -> "Void";
            case BOOL -> "boolean";
            case NAT, INT -> "java.math.BigInteger";
            case NAT8, INT8 -> "byte";
            case NAT16, INT16 -> "short";
            case NAT32, INT32 -> "int";
            case NAT64, INT64 -> "long";
            case FLOAT32 -> "float";
            case FLOAT64 -> "double";
            case TEXT -> "String";
            case RESERVED -> "Object";
            case PRINCIPAL -> "io.diode.candid.Principal";
        };
        return boxed ? box(unboxed) : unboxed;
    }

    private static String box(String type) {
        return switch (type) {
            case "boolean" -> "Boolean";
            case "byte" -> "Byte";
            case "short" -> "Short";
            case "int" -> "Integer";
            case "long" -> "Long";
            case "float" -> "Float";
            case "double" -> "Double";
            default -> type;
        };
    }

    // ---- declarations --------------------------------------------------------------------------------------

    private String declare(String name, IdlType type) {
        StringBuilder out = new StringBuilder();
        out.append("    /** Candid: {@code ")
                .append(javadoc(abbreviate(type.toString())))
                .append("}. */\n");
        if (type instanceof IdlType.Record record) {
            out.append("    record ")
                    .append(name)
                    .append('(')
                    .append(components(record, name, "        "))
                    .append(") {\n    }\n");
        } else {
            IdlType.Variant variant = (IdlType.Variant) type;
            boolean enumLike = !variant.cases().isEmpty()
                    && variant.cases().stream().allMatch(c -> c.type().resolve() == IdlType.Primitive.NULL);
            if (enumLike) {
                out.append("    enum ").append(name).append(" {\n");
                List<String> constants = new ArrayList<>();
                Set<String> used = new HashSet<>();
                for (IdlType.Field option : did.inDeclarationOrder(variant)) {
                    String constant = unique(constantName(option.label().text()), used);
                    constants.add(
                            "        @CandidName(" + literal(option.label().text()) + ") " + constant);
                }
                out.append(String.join(",\n", constants)).append("\n    }\n");
                return out.toString();
            }
            out.append("    sealed interface ").append(name).append(" {\n");
            Set<String> caseNames = new HashSet<>(Set.of(name));
            for (IdlType.Field option : did.inDeclarationOrder(variant)) {
                String caseName = unique(typeName(option.label().text()), caseNames);
                String components;
                IdlType payload = option.type();
                if (payload.resolve() == IdlType.Primitive.NULL) {
                    components = "";
                } else if (payload instanceof IdlType.Record inline) {
                    components = components(inline, name + caseName, "            ");
                } else {
                    components = javaType(payload, name + caseName, false) + " value";
                }
                out.append("        @CandidName(")
                        .append(literal(option.label().text()))
                        .append(")\n")
                        .append("        record ")
                        .append(caseName)
                        .append('(')
                        .append(components)
                        .append(") implements ")
                        .append(name)
                        .append(" {\n        }\n");
            }
            out.append("    }\n");
        }
        return out.toString();
    }

    private String components(IdlType.Record record, String owner, String indent) {
        List<String> components = new ArrayList<>();
        Set<String> used = new HashSet<>();
        for (IdlType.Field field : did.inDeclarationOrder(record)) {
            String label = field.label().text();
            String name = unique(memberName(label), used);
            components.add("\n" + indent + "@CandidName(" + literal(label) + ") "
                    + javaType(field.type(), owner + typeName(label.matches("\\d+") ? "item" + label : label), false)
                    + " " + name);
        }
        return String.join(",", components);
    }

    private static String constantName(String label) {
        String upper = label.replaceAll("([a-z0-9])([A-Z])", "$1_$2")
                .replaceAll("[^A-Za-z0-9]+", "_")
                .toUpperCase(Locale.ROOT);
        if (upper.isEmpty() || !Character.isJavaIdentifierStart(upper.charAt(0))) {
            upper = "C_" + upper;
        }
        return upper;
    }

    private String uniqueTypeName(String wanted) {
        return unique(wanted, usedTypeNames);
    }

    private static String unique(String wanted, Set<String> used) {
        String name = wanted;
        for (int i = 2; !used.add(name); i++) {
            name = wanted + i;
        }
        return name;
    }

    private static String abbreviate(String text) {
        return text.length() > 200 ? text.substring(0, 197) + "..." : text;
    }

    private static String javadoc(String text) {
        // braces stay: Candid types balance them, which {@code} allows
        return text.replace("*/", "*&#47;").replace("@", "&#64;");
    }

    static String literal(String text) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : text.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20 || c > 0x7e) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }

    private static String multiLineLiteral(String text) {
        List<String> lines = new ArrayList<>();
        for (String line : text.split("\n", -1)) {
            lines.add(literal(line + "\n"));
        }
        if (lines.size() > 1 && text.endsWith("\n")) {
            lines.removeLast();
        }
        return String.join("\n            + ", lines);
    }
}
