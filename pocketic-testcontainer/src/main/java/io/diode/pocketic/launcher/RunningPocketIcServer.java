package io.diode.pocketic.launcher;

import java.net.URI;

/** A PocketIC server this process started (in-process, as a child process, or in a container); close stops it. */
public interface RunningPocketIcServer extends AutoCloseable {

    /** The base URL clients use, e.g. {@code http://127.0.0.1:40123}. */
    URI url();

    /** What kind of server this is, for messages and logs. */
    String description();

    @Override
    void close();
}
