package io.diode.pocketic.launcher;

import io.diode.pocketic.embedded.server.PocketIcServer;
import java.net.URI;

/**
 * The {@code pocketic-embedded} server in this JVM: no Docker, no binary, fastest start. Needs
 * {@code io.diode:pocketic-embedded} on the class path (an optional dependency of this module).
 */
public final class InProcessPocketIcServer implements RunningPocketIcServer {

    private static final String SERVER_CLASS = "io.diode.pocketic.embedded.server.PocketIcServer";

    private final PocketIcServer server;

    private InProcessPocketIcServer(PocketIcServer server) {
        this.server = server;
    }

    /** Whether pocketic-embedded is on the class path; checked without loading the engine. */
    public static boolean isAvailable() {
        try {
            Class.forName(SERVER_CLASS, false, InProcessPocketIcServer.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }

    public static InProcessPocketIcServer start() {
        if (!isAvailable()) {
            throw new PocketIcLaunchException("the in-process backend needs io.diode:pocketic-embedded on the test "
                    + "class path: add it as a test dependency, or choose -Dpocketic.backend=container|binary");
        }
        return new InProcessPocketIcServer(PocketIcServer.start());
    }

    @Override
    public URI url() {
        return URI.create(server.baseUrl());
    }

    @Override
    public String description() {
        return "in-process pocketic-embedded server";
    }

    @Override
    public void close() {
        server.close();
    }
}
