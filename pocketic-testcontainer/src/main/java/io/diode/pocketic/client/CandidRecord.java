package io.diode.pocketic.client;

import java.util.Map;
import java.util.TreeMap;
import org.ic4j.candid.parser.IDLType;
import org.ic4j.candid.parser.IDLValue;
import org.ic4j.candid.types.Label;
import org.ic4j.candid.types.Type;

/**
 * Builds a Candid record or variant value for ic4j-candid with explicit field types, so that optional, nat and
 * blob fields get exactly the types the management canister's interface declares.
 */
final class CandidRecord {

    private final Map<Label, Object> values = new TreeMap<>();
    private final Map<Label, IDLType> types = new TreeMap<>();

    CandidRecord field(String name, Object value, IDLType type) {
        Label label = Label.createNamedLabel(name);
        values.put(label, value);
        types.put(label, type);
        return this;
    }

    Map<Label, Object> values() {
        return values;
    }

    IDLType recordType() {
        return IDLType.createType(Type.RECORD, types);
    }

    IDLValue toRecord() {
        return IDLValue.create(values, recordType());
    }

    static IDLType opt(IDLType inner) {
        return IDLType.createType(Type.OPT, inner);
    }

    static IDLType vec(IDLType inner) {
        return IDLType.createType(Type.VEC, inner);
    }

    static IDLType blob() {
        return vec(IDLType.createType(Type.NAT8));
    }

    static IDLType nat() {
        return IDLType.createType(Type.NAT);
    }

    static IDLType principal() {
        return IDLType.createType(Type.PRINCIPAL);
    }

    static IDLType nat64() {
        return IDLType.createType(Type.NAT64);
    }
}
