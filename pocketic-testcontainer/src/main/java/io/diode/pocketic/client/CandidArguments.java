package io.diode.pocketic.client;

import java.util.ArrayList;
import java.util.List;
import org.ic4j.candid.parser.IDLArgs;
import org.ic4j.candid.parser.IDLType;
import org.ic4j.candid.parser.IDLValue;
import org.ic4j.candid.pojo.PojoDeserializer;
import org.ic4j.candid.pojo.PojoSerializer;
import org.ic4j.candid.types.Type;

/**
 * Java values to and from Candid through ic4j-candid: {@link IDLValue}s pass through unchanged, Java types ic4j
 * maps by itself (String, Boolean, numbers, BigInteger, Principal, Optional, arrays) are converted directly, and
 * any other object as an ic4j POJO (fields annotated with {@code @Name}/{@code @Field}).
 */
public final class CandidArguments {

    private CandidArguments() {}

    public static byte[] encode(Object... arguments) {
        List<IDLValue> values = new ArrayList<>(arguments.length);
        for (Object argument : arguments) {
            values.add(toValue(argument));
        }
        return IDLArgs.create(values).toBytes();
    }

    /**
     * The first value of a Candid reply as {@code type}; {@code Void.class} accepts any reply and answers null.
     *
     * @throws PocketIcException when the bytes are not Candid or the first value does not fit {@code type}
     */
    public static <T> T decode(byte[] reply, Class<T> type) {
        if (type == Void.class || type == void.class) {
            return null;
        }
        List<IDLValue> values;
        try {
            values = IDLArgs.fromBytes(reply).getArgs();
        } catch (RuntimeException e) {
            throw new PocketIcException("the reply is not valid Candid: " + e.getMessage(), e);
        }
        if (values.isEmpty()) {
            throw new PocketIcException("the reply has no value, expected a " + type.getSimpleName());
        }
        IDLValue first = values.getFirst();
        try {
            Object value =
                    IDLType.isDefaultType(type) ? first.getValue() : first.getValue(PojoDeserializer.create(), type);
            if (value != null && !type.isInstance(value) && !isBoxed(type, value)) {
                throw new PocketIcException("the reply is a Candid " + first.getType() + " ("
                        + value.getClass().getSimpleName() + "), expected a " + type.getSimpleName());
            }
            @SuppressWarnings("unchecked")
            T result = (T) value;
            return result;
        } catch (PocketIcException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new PocketIcException(
                    "cannot read the Candid reply (" + first.getType() + ") as a " + type.getSimpleName() + ": "
                            + e.getMessage(),
                    e);
        }
    }

    private static boolean isBoxed(Class<?> type, Object value) {
        return type.isPrimitive()
                && switch (value) {
                    case Integer ignored -> type == int.class;
                    case Long ignored -> type == long.class;
                    case Boolean ignored -> type == boolean.class;
                    case Short ignored -> type == short.class;
                    case Byte ignored -> type == byte.class;
                    case Double ignored -> type == double.class;
                    case Float ignored -> type == float.class;
                    default -> false;
                };
    }

    private static IDLValue toValue(Object argument) {
        if (argument instanceof IDLValue value) {
            return value;
        }
        if (argument == null) {
            throw new IllegalArgumentException(
                    "a Candid argument cannot be null; use Optional.empty() for an " + "empty opt");
        }
        if (argument instanceof byte[] bytes) {
            return IDLValue.create(bytes, IDLType.createType(Type.VEC, IDLType.createType(Type.NAT8)));
        }
        if (IDLType.isDefaultType(argument.getClass())) {
            return IDLValue.create(argument);
        }
        return IDLValue.create(argument, PojoSerializer.create());
    }
}
