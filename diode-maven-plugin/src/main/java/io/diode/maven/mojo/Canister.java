package io.diode.maven.mojo;

import java.io.File;
import java.util.List;

/** A {@code <canister>} element of the plugin configuration; Maven fills the fields. */
public class Canister {
    /** Output file stem and canister name, for example {@code zone}. */
    String name;
    /** The .mo file declaring the actor, relative to the project directory. */
    File main;
    /** Extra moc flags for this canister only (after the common {@code flags}). */
    List<String> flags;
    /** Version recorded in the manifest; defaults to the project version. */
    String version;
}
