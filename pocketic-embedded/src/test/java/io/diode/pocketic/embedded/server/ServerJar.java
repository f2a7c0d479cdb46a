package io.diode.pocketic.embedded.server;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The runnable jar that {@code package} builds, launched as a separate process the way launchers do. */
final class ServerJar implements AutoCloseable {

    static final Path JAR = Path.of("target/pocketic-embedded.jar").toAbsolutePath();

    final Process process;
    final Path portFile;
    final Path log;

    private ServerJar(Process process, Path portFile, Path log) {
        this.process = process;
        this.portFile = portFile;
        this.log = log;
    }

    /** Starts {@code java -jar pocketic-embedded.jar --port-file <temp> <extra arguments>}. */
    static ServerJar start(Path directory, String... extraArguments) throws IOException {
        if (!Files.isRegularFile(JAR)) {
            throw new IllegalStateException(JAR + " is missing: integration tests run after `package`");
        }
        Path portFile = directory.resolve("server.port");
        Path log = directory.resolve("server.log");
        List<String> command =
                new ArrayList<>(List.of(java(), "-jar", JAR.toString(), "--port-file", portFile.toString()));
        command.addAll(List.of(extraArguments));
        Process process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        return new ServerJar(process, portFile, log);
    }

    /** The java launcher of the JVM running the tests: a JDK that can run the jar. */
    static String java() {
        return ProcessHandle.current().info().command().orElse("java");
    }

    /** Waits for the port file, as launchers do, and returns the port. */
    int awaitPort(long timeoutMillis) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        while (System.nanoTime() < deadline) {
            if (Files.exists(portFile)) {
                String content = Files.readString(portFile).trim();
                if (!content.isEmpty()) {
                    return Integer.parseInt(content);
                }
            }
            if (!process.isAlive()) {
                throw new IllegalStateException("the server exited with " + process.exitValue() + ":\n" + output());
            }
            Thread.sleep(5);
        }
        throw new IllegalStateException("no port file after " + timeoutMillis + " ms:\n" + output());
    }

    String output() throws IOException {
        return Files.exists(log) ? Files.readString(log) : "";
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }
}
