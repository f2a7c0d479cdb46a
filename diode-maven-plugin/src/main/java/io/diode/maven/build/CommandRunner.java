package io.diode.maven.build;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs an external command (moc, node, npm) in a given environment and collects its output. */
public final class CommandRunner {
    private final CompilerEnvironment environment;
    private final Duration timeout;

    public CommandRunner(CompilerEnvironment environment, Duration timeout) {
        this.environment = environment;
        this.timeout = timeout;
    }

    /** The outcome of a finished command: its exit code and its stdout and stderr interleaved. */
    public record Result(int exitCode, String output) {
        public boolean succeeded() {
            return exitCode == 0;
        }
    }

    public Result run(List<String> command, Path workingDirectory) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        if (workingDirectory != null) {
            builder.directory(workingDirectory.toFile());
        }
        builder.environment().clear();
        builder.environment().putAll(environment.variables());
        Process process = builder.start();
        process.getOutputStream().close();
        // Read on another thread so a chatty process cannot block on a full pipe while we wait.
        OutputCollector collector = new OutputCollector(process.getInputStream());
        Thread reader = Thread.ofVirtual().start(collector);
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new IOException("'" + String.join(" ", command) + "' did not finish within " + timeout.toSeconds()
                        + " s and was stopped.");
            }
            reader.join();
        } catch (InterruptedException interrupted) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("Interrupted while running " + command.getFirst(), interrupted);
        }
        return new Result(process.exitValue(), collector.text());
    }

    private static final class OutputCollector implements Runnable {
        private final InputStream input;
        private volatile String text = "";

        OutputCollector(InputStream input) {
            this.input = input;
        }

        @Override
        public void run() {
            try (input) {
                text = new String(input.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException ignored) {
                // The process died; whatever it printed before is all there is.
            }
        }

        String text() {
            return text;
        }
    }
}
