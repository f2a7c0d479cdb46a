package io.diode.candid;

import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * A parsed .did file: its named types (in declaration order), its service (null when the file declares none),
 * the service's init arguments (for {@code service : (InitArgs) -> {...}}), and the names that argument lists
 * gave their arguments ({@code (key : text, value : nat)}), by function type identity.
 */
public record DidFile(Map<String, IdlType.Ref> types, IdlType.Service service, List<IdlType> initArguments,
        Map<IdlType.Func, List<String>> argumentNames) {

    public DidFile {
        types = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(types));
        initArguments = List.copyOf(initArguments);
        IdentityHashMap<IdlType.Func, List<String>> names = new IdentityHashMap<>(argumentNames);
        argumentNames = java.util.Collections.unmodifiableMap(names);
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
