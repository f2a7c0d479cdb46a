package io.diode.pocketic.embedded.engine;

/**
 * The kinds of execution the IC interface specification distinguishes ("I G U RQ NRQ CQ Ry Rt CRy CRt C
 * CC F T s" in its System API table); they decide which {@code ic0} functions a canister may call.
 */
enum EntryPoint {
    INIT("init", "I"),
    POST_UPGRADE("post upgrade", "I"),
    PRE_UPGRADE("pre upgrade", "G"),
    UPDATE("update", "U"),
    REPLICATED_QUERY("replicated query", "RQ"),
    NON_REPLICATED_QUERY("non-replicated query", "NRQ"),
    COMPOSITE_QUERY("composite query", "CQ"),
    REPLY_CALLBACK("reply callback", "Ry"),
    REJECT_CALLBACK("reject callback", "Rt"),
    CLEANUP("cleanup", "C"),
    /** Callbacks of calls a composite query made, run in the same non-replicated execution. */
    COMPOSITE_REPLY_CALLBACK("composite reply callback", "CRy"),
    COMPOSITE_REJECT_CALLBACK("composite reject callback", "CRt"),
    COMPOSITE_CLEANUP("composite cleanup", "CC"),
    SYSTEM_TASK("system task", "T"),
    INSPECT_MESSAGE("inspect message", "F"),
    /** The module's WebAssembly start function, run when the instance is created. */
    START("start", "s");

    private final String modeName;
    private final String specCode;

    EntryPoint(String modeName, String specCode) {
        this.modeName = modeName;
        this.specCode = specCode;
    }

    /** As the replica names the mode in "cannot be executed in ... mode". */
    String modeName() {
        return modeName;
    }

    String specCode() {
        return specCode;
    }

    /** Executions outside consensus, whose changes are all discarded: queries and composite query call graphs. */
    boolean isNonReplicated() {
        return this == NON_REPLICATED_QUERY
                || this == COMPOSITE_QUERY
                || this == COMPOSITE_REPLY_CALLBACK
                || this == COMPOSITE_REJECT_CALLBACK
                || this == COMPOSITE_CLEANUP;
    }
}
