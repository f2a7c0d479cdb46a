package io.diode.candid;

import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * A parsed .did file: its named types (in declaration order), its service (null when the file declares none),
 * the service's init arguments (for {@code service : (InitArgs) -> {...}}), and the names that argument lists
 * gave their arguments ({@code (key : text, value : nat)}), by function type identity, and the order in which
 * records and variants were written (the wire order sorts them by id), by type identity.
 */
public record DidFile(
        Map<String, IdlType.Ref> types,
        IdlType.Service service,
        List<IdlType> initArguments,
        Map<IdlType.Func, List<String>> argumentNames,
        Map<IdlType, List<Label>> declarationOrder) {

    public DidFile {
        types = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(types));
        initArguments = List.copyOf(initArguments);
        IdentityHashMap<IdlType.Func, List<String>> names = new IdentityHashMap<>(argumentNames);
        argumentNames = java.util.Collections.unmodifiableMap(names);
        declarationOrder = java.util.Collections.unmodifiableMap(new IdentityHashMap<>(declarationOrder));
    }

    /** The fields of a record or cases of a variant of this file in the order the file wrote them (not wire order). */
    public List<IdlType.Field> inDeclarationOrder(IdlType type) {
        List<IdlType.Field> fields = switch (type) {
            case IdlType.Record record -> record.fields();
            case IdlType.Variant variant -> variant.cases();
            default -> List.of();
        };
        List<Label> order = declarationOrder.get(type);
        if (order == null) {
            return fields;
        }
        return fields.stream()
                .sorted(java.util.Comparator.comparingInt(f -> order.indexOf(f.label())))
                .toList();
    }

    public static DidFile parse(String source) {
        return DidParser.parse(source);
    }

    /** The name the .did file gave argument {@code index} of {@code func}, or null. */
    public String argumentName(IdlType.Func func, int index) {
        List<String> names = argumentNames.get(func);
        return names == null || index >= names.size() ? null : names.get(index);
    }

    /** The service's method, or an error naming the methods there are. */
    public IdlType.Method method(String name) {
        if (service == null) {
            throw new CandidException("the .did file declares no service");
        }
        IdlType.Method method = service.method(name);
        if (method == null) {
            throw new CandidException("the service has no method \"" + name + "\"; it has "
                    + service.methods().stream().map(IdlType.Method::name).toList());
        }
        return method;
    }
}
