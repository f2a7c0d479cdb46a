package io.diode.pocketic.embedded.management;

/** {@code variant { running; stopping; stopped }}. */
public enum CanisterStatus {
    RUNNING("running"),
    STOPPING("stopping"),
    STOPPED("stopped");

    private final String candidName;

    CanisterStatus(String candidName) {
        this.candidName = candidName;
    }

    public String candidName() {
        return candidName;
    }
}
