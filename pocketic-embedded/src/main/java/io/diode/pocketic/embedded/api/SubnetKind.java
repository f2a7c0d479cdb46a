package io.diode.pocketic.embedded.api;

/**
 * The kind of the instance's one subnet. On the IC, application subnets charge cycles for everything a canister
 * does; system subnets (the NNS and the other subnets the protocol runs on) charge nothing.
 */
public enum SubnetKind {
    APPLICATION("Application"),
    SYSTEM("System");

    private final String pocketIcName;

    SubnetKind(String pocketIcName) {
        this.pocketIcName = pocketIcName;
    }

    /** The name the PocketIC REST API gives this kind in its topology. */
    public String pocketIcName() {
        return pocketIcName;
    }
}
