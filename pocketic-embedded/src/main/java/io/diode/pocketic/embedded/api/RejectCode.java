package io.diode.pocketic.embedded.api;

/** Reject codes of the IC interface specification. */
public enum RejectCode {
    SYS_FATAL(1),
    SYS_TRANSIENT(2),
    DESTINATION_INVALID(3),
    CANISTER_REJECT(4),
    CANISTER_ERROR(5),
    SYS_UNKNOWN(6);

    private final int code;

    RejectCode(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    public static RejectCode of(int code) {
        for (RejectCode value : values()) {
            if (value.code == code) {
                return value;
            }
        }
        throw new IllegalArgumentException("no IC reject code " + code);
    }
}
