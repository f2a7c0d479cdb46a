package io.diode.pocketic.client;

import java.util.Arrays;

/** The IC's reject codes (interface specification, "Reject codes"), with the names PocketIC's JSON uses. */
public enum RejectCode {
    SYS_FATAL(1, "SysFatal"),
    SYS_TRANSIENT(2, "SysTransient"),
    DESTINATION_INVALID(3, "DestinationInvalid"),
    CANISTER_REJECT(4, "CanisterReject"),
    CANISTER_ERROR(5, "CanisterError"),
    SYS_UNKNOWN(6, "SysUnknown");

    private final int code;
    private final String pocketIcName;

    RejectCode(int code, String pocketIcName) {
        this.code = code;
        this.pocketIcName = pocketIcName;
    }

    public int code() {
        return code;
    }

    public String pocketIcName() {
        return pocketIcName;
    }

    public static RejectCode of(int code) {
        return Arrays.stream(values())
                .filter(value -> value.code == code)
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no IC reject code " + code + " (1 to 6)"));
    }

    /** Accepts the enum name PocketIC writes ({@code "CanisterError"}) or the number as text. */
    public static RejectCode fromPocketIc(String name) {
        for (RejectCode value : values()) {
            if (value.pocketIcName.equals(name)) {
                return value;
            }
        }
        try {
            return of(Integer.parseInt(name));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("unknown reject code \"" + name + "\"");
        }
    }
}
