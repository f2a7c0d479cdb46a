package io.diode.pocketic.embedded.server;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * {@code java -jar pocketic-embedded.jar}: runs the server until it is killed or its {@code --ttl} runs out.
 * Exit codes: 0 after the time-to-live ran out, 2 for a bad command line, 1 when the server cannot start.
 */
public final class Main {

    private Main() {}

    public static void main(String[] args) throws InterruptedException {
        System.exit(run(args, EngineInstances.factory(), System.out, System.err));
    }

    static int run(String[] args, InstanceFactory factory, PrintStream out, PrintStream err)
            throws InterruptedException {
        ServerCommandLine commandLine;
        try {
            commandLine = ServerCommandLine.parse(args);
        } catch (IllegalArgumentException e) {
            err.println("error: " + e.getMessage());
            err.print(ServerCommandLine.USAGE);
            return 2;
        }
        if (commandLine.help()) {
            out.print(ServerCommandLine.USAGE);
            return 0;
        }
        PocketIcServer server;
        try {
            server = PocketIcServer.start(commandLine.toOptions(factory));
        } catch (RuntimeException e) {
            err.println("error: " + e.getMessage());
            return 1;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            commandLine.portFile().ifPresent(Main::deleteQuietly);
        }));
        if (commandLine.portFile().isPresent()) {
            try {
                writePortFile(commandLine.portFile().get(), server.port());
            } catch (IOException e) {
                err.println("error: cannot write the port file "
                        + commandLine.portFile().get() + ": " + e.getMessage());
                server.close();
                return 1;
            }
        }
        out.println("pocketic-embedded listening on " + server.baseUrl());
        out.flush();
        server.awaitStop();
        commandLine.portFile().ifPresent(Main::deleteQuietly);
        return 0;
    }

    /** Written whole or not at all: launchers poll this file and must never read a partial port. */
    static void writePortFile(Path portFile, int port) throws IOException {
        Path absolute = portFile.toAbsolutePath();
        Path temporary = Files.createTempFile(absolute.getParent(), ".pocketic-port-", ".tmp");
        try {
            Files.writeString(temporary, port + "\n", StandardCharsets.UTF_8);
            Files.move(temporary, absolute, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // only a leftover file; the next start overwrites it
        }
    }
}
