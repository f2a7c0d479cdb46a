package io.diode.maven.release;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.apache.maven.shared.invoker.DefaultInvocationRequest;
import org.apache.maven.shared.invoker.DefaultInvoker;
import org.apache.maven.shared.invoker.InvocationRequest;
import org.apache.maven.shared.invoker.InvocationResult;
import org.apache.maven.shared.invoker.MavenInvocationException;

/**
 * Runs real Maven builds of a test project with maven-invoker, against the local repository the invoker
 * plugin's {@code install} goal filled with this plugin (and, through a file repository, the outer build's
 * local repository for everything else). Each run's log is kept next to the project for diagnosis.
 */
final class MavenProjectRunner {
    /** A finished build: exit code and its whole log. */
    record Build(int exitCode, String log) {
        boolean succeeded() {
            return exitCode == 0;
        }
    }

    private final Path project;
    private final File mavenHome;
    private final Path localRepository;
    private final Path settings;
    private int runs;

    MavenProjectRunner(Path project) throws IOException {
        this.project = project;
        this.mavenHome = new File(required("maven.home"));
        this.localRepository = Path.of(required("diode.it.localRepository"));
        this.settings = project.resolve("it-settings.xml");
        String outer = Path.of(required("diode.it.outerRepository")).toUri().toString();
        Files.writeString(settings, """
                <settings>
                  <profiles><profile><id>outer</id>
                    <repositories><repository><id>outer</id><url>%1$s</url>
                      <releases><checksumPolicy>ignore</checksumPolicy></releases><snapshots><checksumPolicy>ignore</checksumPolicy></snapshots>
                    </repository></repositories>
                    <pluginRepositories><pluginRepository><id>outer</id><url>%1$s</url>
                      <releases><checksumPolicy>ignore</checksumPolicy></releases><snapshots><checksumPolicy>ignore</checksumPolicy></snapshots>
                    </pluginRepository></pluginRepositories>
                  </profile></profiles>
                  <activeProfiles><activeProfile>outer</activeProfile></activeProfiles>
                </settings>
                """.formatted(outer));
    }

    static String required(String property) {
        String value = System.getProperty(property);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException(
                    "System property " + property + " is not set; run this test through Maven (failsafe).");
        }
        return value;
    }

    Build run(List<String> goals, Properties properties) throws MavenInvocationException, IOException {
        runs++;
        StringBuilder log = new StringBuilder();
        InvocationRequest request = new DefaultInvocationRequest()
                .setBaseDirectory(project.toFile())
                .setGoals(new ArrayList<>(goals))
                .setProperties(properties)
                .setBatchMode(true)
                .setOffline(false)
                .setLocalRepositoryDirectory(localRepository.toFile())
                .setUserSettingsFile(settings.toFile())
                .setShowErrors(false)
                .setNoTransferProgress(true)
                .setOutputHandler(line -> log.append(line).append('\n'))
                .setErrorHandler(line -> log.append(line).append('\n'))
                .setJavaHome(new File(System.getProperty("java.home")));
        DefaultInvoker invoker = new DefaultInvoker();
        invoker.setMavenHome(mavenHome);
        InvocationResult result = invoker.execute(request);
        Files.writeString(
                project.resolve("build-" + runs + ".log"),
                String.join(" ", goals) + "\n" + log,
                StandardCharsets.UTF_8);
        if (result.getExecutionException() != null) {
            throw new IllegalStateException(
                    "Maven did not run: " + result.getExecutionException().getMessage(),
                    result.getExecutionException());
        }
        return new Build(result.getExitCode(), log.toString());
    }
}
