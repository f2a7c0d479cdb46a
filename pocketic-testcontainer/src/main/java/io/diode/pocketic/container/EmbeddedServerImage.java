package io.diode.pocketic.container;

import io.diode.pocketic.launcher.GraalJitFlags;
import io.diode.pocketic.launcher.PocketIcLaunchException;
import io.diode.pocketic.launcher.TemporaryDirectory;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.spi.ToolProvider;
import java.util.stream.Stream;
import org.testcontainers.images.builder.ImageFromDockerfile;

/**
 * A Docker image of the {@code pocketic-embedded} server built on this machine, with no registry: {@code FROM
 * scratch} plus a Java runtime made by {@code jlink} from the running JDK, the shared libraries that runtime links
 * against (found with {@code ldd}), and the server jar. Linux only, because the runtime is this host's.
 */
public final class EmbeddedServerImage {

    /** The tag the image gets; rebuilding replaces it, so repeated test runs do not pile up images. */
    public static final String IMAGE_NAME = "diode/pocketic-embedded:local";

    /** What the server jar needs (jdeps --print-module-deps on it) plus the JDK services the engine uses. */
    static final List<String> MODULES = List.of(
            "java.base",
            "java.desktop",
            "java.logging",
            "java.management",
            "java.naming",
            "java.net.http",
            "java.sql",
            "jdk.httpserver",
            "jdk.incubator.vector",
            "jdk.internal.vm.ci",
            "jdk.jfr",
            "jdk.management",
            "jdk.unsupported",
            "jdk.zipfs");

    private static final Pattern LDD_LIBRARY = Pattern.compile("(?:=>\\s*)?(/\\S+)\\s+\\(0x[0-9a-f]+\\)");

    /** Built once per jar and JVM: jlink and the image build take about a minute. */
    private static final Map<Path, ImageFromDockerfile> BUILT = new ConcurrentHashMap<>();

    private EmbeddedServerImage() {}

    /**
     * Prepares the build context and answers the image, built when a container first needs it.
     *
     * @param serverJar the runnable server jar, {@code pocketic-embedded/target/pocketic-embedded.jar}
     */
    public static ImageFromDockerfile build(Path serverJar) {
        return BUILT.computeIfAbsent(serverJar.toAbsolutePath().normalize(), EmbeddedServerImage::prepare);
    }

    private static ImageFromDockerfile prepare(Path serverJar) {
        if (!Files.isRegularFile(serverJar)) {
            throw new PocketIcLaunchException(
                    "no server jar at " + serverJar + ": build it with " + "./mvnw -pl pocketic-embedded package");
        }
        Path context;
        List<String> jvmFlags;
        try {
            // kept until the JVM exits: the image is built lazily, when a container first needs it
            context = TemporaryDirectory.create("pocketic-image-").path();
            Path rootfs = context.resolve("rootfs");
            Path java = rootfs.resolve("opt/java");
            jlink(java);
            for (String library : sharedLibraries(java)) {
                Path target = rootfs.resolve(library.substring(1));
                Files.createDirectories(target.getParent());
                // follows symbolic links: the image gets the library itself under the name the loader asks for
                Files.copy(Path.of(library), target, StandardCopyOption.REPLACE_EXISTING);
            }
            Files.createDirectories(rootfs.resolve("app"));
            Files.copy(serverJar, rootfs.resolve("app/pocketic-embedded.jar"), StandardCopyOption.REPLACE_EXISTING);
            // the Graal compiler beside the jar goes into the image too, so canister code runs compiled there as well
            List<String> imageCompilerJars = new ArrayList<>();
            Optional<List<Path>> compilerJars = Runtime.version().feature() >= 25
                    ? GraalJitFlags.compilerJars(
                            serverJar.toAbsolutePath().getParent().resolve(GraalJitFlags.DIRECTORY))
                    : Optional.empty();
            if (compilerJars.isPresent()) {
                Path directory = Files.createDirectories(rootfs.resolve("app/" + GraalJitFlags.DIRECTORY));
                for (Path jar : compilerJars.get()) {
                    Files.copy(jar, directory.resolve(jar.getFileName()), StandardCopyOption.REPLACE_EXISTING);
                    imageCompilerJars.add("/app/" + GraalJitFlags.DIRECTORY + "/" + jar.getFileName());
                }
            }
            jvmFlags = imageCompilerJars.isEmpty() ? List.of() : GraalJitFlags.flags(imageCompilerJars);
            Files.createDirectories(rootfs.resolve("tmp"));
            Files.writeString(rootfs.resolve("tmp/.keep"), "");
        } catch (IOException e) {
            throw new PocketIcLaunchException("cannot prepare the pocketic-embedded image: " + e.getMessage(), e);
        }
        return new ImageFromDockerfile(IMAGE_NAME, false)
                .withFileFromPath("rootfs", context.resolve("rootfs"))
                .withFileFromString("Dockerfile", dockerfile(jvmFlags));
    }

    /** @param jvmFlags extra flags of the server's JVM (the Graal JIT's, when the image carries the compiler) */
    static String dockerfile(List<String> jvmFlags) {
        StringBuilder flags = new StringBuilder();
        for (String flag : jvmFlags) {
            flags.append('"').append(flag).append("\", ");
        }
        return """
                FROM scratch
                COPY rootfs/ /
                ENV JAVA_HOME=/opt/java
                EXPOSE %d
                ENTRYPOINT ["/opt/java/bin/java", "-XX:+UseSerialGC", "-XX:-UsePerfData", "-Djava.io.tmpdir=/tmp", \
                "-Duser.home=/tmp", %s"-jar", "/app/pocketic-embedded.jar", \
                "--ip-addr", "0.0.0.0", "--port", "%d", "--ttl", "900"]
                """.formatted(PocketIcContainer.PORT, flags, PocketIcContainer.PORT);
    }

    private static void jlink(Path output) {
        ToolProvider jlink = ToolProvider.findFirst("jlink")
                .orElseThrow(() -> new PocketIcLaunchException(
                        "building the pocketic-embedded image needs jlink: run the build with a JDK (21+), not a JRE"));
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        try (PrintStream out = new PrintStream(log, true, StandardCharsets.UTF_8)) {
            int exit = jlink.run(
                    out,
                    out,
                    "--add-modules",
                    String.join(",", MODULES),
                    "--output",
                    output.toString(),
                    "--strip-debug",
                    "--no-header-files",
                    "--no-man-pages");
            if (exit != 0) {
                throw new PocketIcLaunchException(
                        "jlink failed (exit " + exit + "): " + log.toString(StandardCharsets.UTF_8)
                                + "\nA JDK without jmods must be able to link its own run-time image (JEP 493).");
            }
        }
    }

    /** Every shared library the runtime's executables and libraries load, with the dynamic loader itself. */
    static Set<String> sharedLibraries(Path java) throws IOException {
        List<Path> binaries = new ArrayList<>();
        binaries.add(java.resolve("bin/java"));
        try (Stream<Path> files = Files.walk(java.resolve("lib"))) {
            files.filter(file -> file.getFileName().toString().endsWith(".so")).forEach(binaries::add);
        }
        Set<String> libraries = new LinkedHashSet<>();
        for (Path binary : binaries) {
            for (String line : ldd(binary)) {
                if (line.contains("not found")) {
                    // an optional library of an optional module (e.g. desktop graphics); the server never loads it
                    continue;
                }
                Matcher matcher = LDD_LIBRARY.matcher(line);
                if (matcher.find() && !matcher.group(1).startsWith(java.toString())) {
                    libraries.add(matcher.group(1));
                }
            }
        }
        if (libraries.stream().noneMatch(library -> library.contains("libc.so"))) {
            throw new PocketIcLaunchException("ldd found no C library for " + java.resolve("bin/java")
                    + "; the pocketic-embedded image can only be built on Linux with glibc");
        }
        return libraries;
    }

    private static List<String> ldd(Path binary) throws IOException {
        Process process;
        try {
            process = new ProcessBuilder("ldd", binary.toString())
                    .redirectErrorStream(true)
                    .start();
        } catch (IOException e) {
            throw new PocketIcLaunchException(
                    "building the pocketic-embedded image needs ldd (Linux): " + e.getMessage(), e);
        }
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new PocketIcLaunchException("ldd " + binary + " did not finish in 30 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PocketIcLaunchException("interrupted while running ldd", e);
        }
        return output.lines().toList();
    }
}
