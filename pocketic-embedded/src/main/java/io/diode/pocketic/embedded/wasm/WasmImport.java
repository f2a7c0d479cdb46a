package io.diode.pocketic.embedded.wasm;

/**
 * One import of a module. Exactly one of the type fields is set, matching {@code kind}.
 *
 * @param functionType the signature, for {@link ExternalKind#FUNCTION} imports
 * @param tableType for {@link ExternalKind#TABLE} imports
 * @param memoryLimits for {@link ExternalKind#MEMORY} imports
 * @param globalType for {@link ExternalKind#GLOBAL} imports
 */
public record WasmImport(
        String module,
        String name,
        ExternalKind kind,
        FunctionType functionType,
        TableType tableType,
        Limits memoryLimits,
        GlobalType globalType) {

    /** {@code module.name}, as messages show it. */
    public String qualifiedName() {
        return module + "." + name;
    }
}
