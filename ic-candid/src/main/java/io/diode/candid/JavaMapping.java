package io.diode.candid;

import java.lang.reflect.Array;
import java.lang.reflect.Constructor;
import java.lang.reflect.GenericArrayType;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.lang.reflect.WildcardType;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Converts between typed Java values and the values {@link CandidEncoder}/{@link CandidDecoder} take and give,
 * guided by the Candid type (which decides, e.g., nat vs int for a BigInteger).
 *
 * <p>Java side: {@code Optional} for {@code opt}; {@code List} (or {@code byte[]} for blob) for {@code vec};
 * Java records for Candid records, their components matched by {@link CandidName} or by name; sealed interfaces
 * whose permitted records are the cases for variants (a case record with no components has no payload, one with a
 * single component without {@link CandidName} holds the whole payload, otherwise its components are the fields of
 * a record payload); enums for variants without payloads; BigInteger or any fitting number for {@code nat}/{@code int};
 * byte/short/int/long (raw bits for the unsigned types) for the fixed widths; {@link Principal}; {@link FuncRef}.
 * Plain maps, lists and {@link VariantValue}s pass through, so untyped code works too.
 */
public final class JavaMapping {

    private JavaMapping() {}

    // ---- Java → Candid -------------------------------------------------------------------------------------

    public static Object toCandid(IdlType type, Object value) {
        return toCandid(type, value, "value");
    }

    private static Object toCandid(IdlType type, Object value, String path) {
        IdlType resolved = type.resolve();
        if (value == null) {
            return resolved instanceof IdlType.Opt ? Optional.empty() : null;
        }
        return switch (resolved) {
            case IdlType.Opt opt ->
                value instanceof Optional<?> optional
                        ? optional.map(inner -> toCandid(opt.inner(), inner, path))
                        : Optional.of(toCandid(opt.inner(), value, path));
            case IdlType.Vec vec -> {
                if (value instanceof byte[]) {
                    yield value;
                }
                List<?> list = value instanceof List<?> l ? l : value.getClass().isArray() ? arrayToList(value) : null;
                if (list == null) {
                    throw new CandidException(path + ": " + resolved + " needs a List, got "
                            + value.getClass().getName());
                }
                List<Object> out = new ArrayList<>(list.size());
                for (int i = 0; i < list.size(); i++) {
                    out.add(toCandid(vec.element(), list.get(i), path + "[" + i + "]"));
                }
                yield out;
            }
            case IdlType.Record record -> recordToCandid(record, value, path);
            case IdlType.Variant variant -> variantToCandid(variant, value, path);
            default -> value;
        };
    }

    private static Object recordToCandid(IdlType.Record record, Object value, String path) {
        Map<String, Object> fields = new LinkedHashMap<>();
        if (value instanceof Map<?, ?> map) {
            for (IdlType.Field field : record.fields()) {
                String key = field.label().text();
                if (map.containsKey(key)) {
                    fields.put(key, toCandid(field.type(), map.get(key), path + "." + key));
                }
            }
            return fields;
        }
        if (value instanceof List<?> list && record.isTuple()) {
            for (IdlType.Field field : record.fields()) {
                int index = (int) field.label().id();
                fields.put(
                        field.label().text(),
                        toCandid(field.type(), index < list.size() ? list.get(index) : null, path + "." + index));
            }
            return fields;
        }
        if (!value.getClass().isRecord()) {
            throw new CandidException(path + ": " + record + " needs a Java record or a Map, got "
                    + value.getClass().getName());
        }
        for (RecordComponent component : value.getClass().getRecordComponents()) {
            String label = label(component);
            IdlType.Field field = findField(record.fields(), label);
            if (field == null) {
                throw new CandidException(path + ": " + value.getClass().getSimpleName() + "." + component.getName()
                        + " has no field \"" + label + "\" in " + record);
            }
            fields.put(label, toCandid(field.type(), read(component, value), path + "." + label));
        }
        return fields;
    }

    private static Object variantToCandid(IdlType.Variant variant, Object value, String path) {
        if (value instanceof VariantValue chosen) {
            IdlType.Field option = findField(variant.cases(), chosen.label());
            if (option == null) {
                throw new CandidException(path + ": " + variant + " has no case \"" + chosen.label() + "\"");
            }
            return new VariantValue(
                    chosen.label(), toCandid(option.type(), chosen.value(), path + "#" + chosen.label()));
        }
        Class<?> type = value.getClass();
        String label = type.isEnum() ? enumLabel((Enum<?>) value) : caseLabel(type);
        IdlType.Field option = findField(variant.cases(), label);
        if (option == null) {
            throw new CandidException(
                    path + ": " + variant + " has no case \"" + label + "\" (from " + type.getName() + ")");
        }
        if (type.isEnum() || type.getRecordComponents() == null || type.getRecordComponents().length == 0) {
            Object payload = option.type().resolve() instanceof IdlType.Record ? Map.of() : null;
            return new VariantValue(label, toCandid(option.type(), payload, path));
        }
        RecordComponent[] components = type.getRecordComponents();
        if (components.length == 1 && components[0].getAnnotation(CandidName.class) == null) {
            return new VariantValue(label, toCandid(option.type(), read(components[0], value), path + "#" + label));
        }
        return new VariantValue(label, toCandid(option.type(), value, path + "#" + label));
    }

    // ---- Candid → Java -------------------------------------------------------------------------------------

    /** The decoded Candid value as {@code javaType}. */
    public static Object fromCandid(IdlType type, Object value, Type javaType) {
        return fromCandid(type, value, javaType, "value");
    }

    private static Object fromCandid(IdlType type, Object value, Type javaType, String path) {
        Class<?> raw = rawClass(javaType);
        if (raw == Object.class || raw == void.class || raw == Void.class) {
            return raw == Object.class ? value : null;
        }
        IdlType resolved = type.resolve();
        if (raw == Optional.class) {
            Type inner = typeArgument(javaType, 0);
            IdlType innerType = resolved instanceof IdlType.Opt opt ? opt.inner() : resolved;
            Optional<?> optional = value instanceof Optional<?> o ? o : Optional.ofNullable(value);
            return optional.map(v -> fromCandid(innerType, v, inner, path));
        }
        if (value == null) {
            if (raw.isPrimitive()) {
                throw new CandidException(path + ": no value for " + raw.getName());
            }
            return null;
        }
        if (raw == byte[].class) {
            if (value instanceof byte[]) {
                return value;
            }
            List<?> list = (List<?>) value;
            byte[] bytes = new byte[list.size()];
            for (int i = 0; i < bytes.length; i++) {
                bytes[i] = ((Number) list.get(i)).byteValue();
            }
            return bytes;
        }
        if (List.class.isAssignableFrom(raw)) {
            Type element = typeArgument(javaType, 0);
            IdlType elementType = resolved instanceof IdlType.Vec vec ? vec.element() : IdlType.Primitive.RESERVED;
            List<?> list = value instanceof byte[] bytes ? bytesToList(bytes) : (List<?>) value;
            List<Object> out = new ArrayList<>(list.size());
            for (int i = 0; i < list.size(); i++) {
                out.add(fromCandid(elementType, list.get(i), element, path + "[" + i + "]"));
            }
            return out;
        }
        if (raw.isRecord() && value instanceof Map<?, ?> map && resolved instanceof IdlType.Record record) {
            return construct(raw, record, map, path);
        }
        if (value instanceof VariantValue chosen && resolved instanceof IdlType.Variant variant) {
            return variantFromCandid(raw, variant, chosen, path);
        }
        if (Number.class.isAssignableFrom(boxed(raw)) || raw == BigInteger.class) {
            // nat8..nat64 arrive as same-width raw bits; read into another Java type, they mean their unsigned value
            boolean unsigned = resolved == IdlType.Primitive.NAT8
                    || resolved == IdlType.Primitive.NAT16
                    || resolved == IdlType.Primitive.NAT32
                    || resolved == IdlType.Primitive.NAT64;
            if (unsigned && value.getClass() != boxed(raw)) {
                value = switch (value) {
                    case Byte b -> BigInteger.valueOf(b & 0xff);
                    case Short h -> BigInteger.valueOf(h & 0xffff);
                    case Integer i -> BigInteger.valueOf(Integer.toUnsignedLong(i));
                    case Long l -> new BigInteger(Long.toUnsignedString(l));
                    default -> value;
                };
            }
            return number(value, raw, path);
        }
        if (!boxed(raw).isInstance(value)) {
            throw new CandidException(path + ": a Candid " + type + " value ("
                    + value.getClass().getSimpleName() + ") cannot be a " + javaType.getTypeName());
        }
        return value;
    }

    private static Object construct(Class<?> raw, IdlType.Record record, Map<?, ?> map, String path) {
        RecordComponent[] components = raw.getRecordComponents();
        Object[] arguments = new Object[components.length];
        Class<?>[] parameterTypes = new Class<?>[components.length];
        for (int i = 0; i < components.length; i++) {
            String label = label(components[i]);
            IdlType.Field field = findField(record.fields(), label);
            parameterTypes[i] = components[i].getType();
            if (field == null) {
                throw new CandidException(path + ": " + raw.getSimpleName() + "." + components[i].getName()
                        + " has no field \"" + label + "\" in " + record);
            }
            arguments[i] = fromCandid(field.type(), map.get(label), components[i].getGenericType(), path + "." + label);
        }
        return instantiate(raw, parameterTypes, arguments);
    }

    private static Object variantFromCandid(Class<?> raw, IdlType.Variant variant, VariantValue chosen, String path) {
        IdlType caseType = findField(variant.cases(), chosen.label()).type();
        if (raw == VariantValue.class) {
            return chosen;
        }
        if (raw.isEnum()) {
            for (Object constant : raw.getEnumConstants()) {
                if (enumLabel((Enum<?>) constant).equals(chosen.label())) {
                    return constant;
                }
            }
            throw new CandidException(
                    path + ": " + raw.getName() + " has no constant for case \"" + chosen.label() + "\"");
        }
        Class<?>[] cases = raw.isSealed() ? raw.getPermittedSubclasses() : new Class<?>[0];
        for (Class<?> option : cases) {
            if (!caseLabel(option).equals(chosen.label())) {
                continue;
            }
            RecordComponent[] components = option.getRecordComponents();
            if (components == null || components.length == 0) {
                return instantiate(option, new Class<?>[0], new Object[0]);
            }
            if (components.length == 1 && components[0].getAnnotation(CandidName.class) == null) {
                Object payload = fromCandid(
                        caseType, chosen.value(), components[0].getGenericType(), path + "#" + chosen.label());
                return instantiate(option, new Class<?>[] {components[0].getType()}, new Object[] {payload});
            }
            return construct(
                    option,
                    (IdlType.Record) caseType.resolve(),
                    (Map<?, ?>) chosen.value(),
                    path + "#" + chosen.label());
        }
        throw new CandidException(path + ": " + raw.getName() + " has no case for \"" + chosen.label()
                + "\" (a sealed interface needs a permitted record per case, named by @CandidName)");
    }

    private static Object number(Object value, Class<?> raw, String path) {
        Class<?> target = boxed(raw);
        BigInteger big = switch (value) {
            case BigInteger b -> b;
            case Byte b when raw != byte.class && raw != Byte.class -> BigInteger.valueOf(b);
            case Number n when value instanceof Float || value instanceof Double -> null;
            case Number n -> BigInteger.valueOf(n.longValue());
            default -> throw new CandidException(path + ": " + value.getClass().getSimpleName() + " is not a number");
        };
        if (big == null || target == value.getClass()) {
            if (target == Float.class) {
                return ((Number) value).floatValue();
            }
            if (target == Double.class) {
                return ((Number) value).doubleValue();
            }
            return value;
        }
        try {
            if (target == BigInteger.class) {
                return big;
            } else if (target == Long.class) {
                return Nat.toLong(big);
            } else if (target == Integer.class) {
                return Nat.toInt(big);
            } else if (target == Short.class) {
                return big.shortValueExact();
            } else if (target == Byte.class) {
                return big.byteValueExact();
            } else if (target == Double.class) {
                return big.doubleValue();
            } else if (target == Float.class) {
                return big.floatValue();
            }
        } catch (ArithmeticException tooLarge) {
            throw new CandidException(
                    path + ": " + big + " does not fit a " + raw.getSimpleName() + "; declare it as BigInteger",
                    tooLarge);
        }
        throw new CandidException(path + ": a number cannot be a " + raw.getName());
    }

    // ---- reflection helpers --------------------------------------------------------------------------------

    static String label(RecordComponent component) {
        CandidName name = component.getAnnotation(CandidName.class);
        return name != null ? name.value() : component.getName();
    }

    static String caseLabel(Class<?> type) {
        CandidName name = type.getAnnotation(CandidName.class);
        return name != null ? name.value() : type.getSimpleName();
    }

    private static String enumLabel(Enum<?> constant) {
        try {
            CandidName name =
                    constant.getDeclaringClass().getField(constant.name()).getAnnotation(CandidName.class);
            return name != null ? name.value() : constant.name();
        } catch (NoSuchFieldException impossible) {
            return constant.name();
        }
    }

    private static IdlType.Field findField(List<IdlType.Field> fields, String label) {
        for (IdlType.Field field : fields) {
            if (field.label().text().equals(label)) {
                return field;
            }
        }
        return null;
    }

    private static Object read(RecordComponent component, Object record) {
        try {
            component.getAccessor().setAccessible(true);
            return component.getAccessor().invoke(record);
        } catch (IllegalAccessException | InvocationTargetException e) {
            throw new CandidException("cannot read " + component, e);
        }
    }

    private static Object instantiate(Class<?> type, Class<?>[] parameterTypes, Object[] arguments) {
        try {
            Constructor<?> constructor = type.getDeclaredConstructor(parameterTypes);
            constructor.setAccessible(true);
            return constructor.newInstance(arguments);
        } catch (InvocationTargetException e) {
            throw new CandidException("cannot create " + type.getName() + ": " + e.getCause(), e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new CandidException("cannot create " + type.getName() + ": " + e, e);
        }
    }

    private static Class<?> rawClass(Type type) {
        return switch (type) {
            case Class<?> c -> c;
            case ParameterizedType p -> (Class<?>) p.getRawType();
            case WildcardType w -> rawClass(w.getUpperBounds()[0]);
            case GenericArrayType a ->
                Array.newInstance(rawClass(a.getGenericComponentType()), 0).getClass();
            default -> Object.class;
        };
    }

    private static Type typeArgument(Type type, int index) {
        return type instanceof ParameterizedType p ? p.getActualTypeArguments()[index] : Object.class;
    }

    private static Class<?> boxed(Class<?> type) {
        if (!type.isPrimitive()) {
            return type;
        }
        return switch (type.getName()) {
            case "boolean" -> Boolean.class;
            case "byte" -> Byte.class;
            case "short" -> Short.class;
            case "int" -> Integer.class;
            case "long" -> Long.class;
            case "float" -> Float.class;
            case "double" -> Double.class;
            default -> Void.class;
        };
    }

    private static List<Object> arrayToList(Object array) {
        List<Object> list = new ArrayList<>();
        for (int i = 0; i < Array.getLength(array); i++) {
            list.add(Array.get(array, i));
        }
        return list;
    }

    private static List<Object> bytesToList(byte[] bytes) {
        List<Object> list = new ArrayList<>(bytes.length);
        for (byte b : bytes) {
            list.add(b);
        }
        return list;
    }
}
