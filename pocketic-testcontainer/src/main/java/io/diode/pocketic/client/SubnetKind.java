package io.diode.pocketic.client;

/** The kinds of subnet a PocketIC instance can have; the names are those of the REST API. */
public enum SubnetKind {
    APPLICATION("Application"),
    BITCOIN("Bitcoin"),
    FIDUCIARY("Fiduciary"),
    II("II"),
    NNS("NNS"),
    SNS("SNS"),
    SYSTEM("System"),
    VERIFIED_APPLICATION("VerifiedApplication");

    private final String jsonName;

    SubnetKind(String jsonName) {
        this.jsonName = jsonName;
    }

    public String jsonName() {
        return jsonName;
    }

    public static SubnetKind fromJson(String name) {
        for (SubnetKind kind : values()) {
            if (kind.jsonName.equals(name)) {
                return kind;
            }
        }
        throw new IllegalArgumentException("unknown subnet kind \"" + name + "\"");
    }
}
