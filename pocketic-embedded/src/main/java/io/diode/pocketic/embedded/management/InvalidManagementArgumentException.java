package io.diode.pocketic.embedded.management;

/**
 * A management-canister call whose Candid argument is malformed or has the wrong type. The engine turns it
 * into a reject (canister error) whose message is {@link #getMessage()}, like the replica's
 * "Error decoding candid: ...".
 */
public final class InvalidManagementArgumentException extends RuntimeException {

    private final String method;

    public InvalidManagementArgumentException(String method, String detail, Throwable cause) {
        super(
                "Error decoding candid argument of management method " + method + ": " + detail
                        + ". Send the argument type the IC interface specification gives for " + method + ".",
                cause);
        this.method = method;
    }

    public String method() {
        return method;
    }
}
