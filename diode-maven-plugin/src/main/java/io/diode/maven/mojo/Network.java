package io.diode.maven.mojo;

/**
 * A {@code <network>} element of the release goals' configuration:
 * {@code <network><name>staging</name><url>http://10.0.0.5:4943</url><local>true</local></network>}.
 */
public class Network {
    /** The name selected with {@code -Ddiode.network} and used as key in the canister-id file. */
    String name;
    /** The replica or boundary-node URL. */
    String url;
    /** Whether this is a development network (root key fetched from it, anonymous identity and provisional creation allowed); default false. */
    boolean local;
}
