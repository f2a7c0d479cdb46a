package io.diode.pocketic.embedded.conformance;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The name under which a compiled run-drun module is cached: a SHA-256 over the compiler, its flags, the module's
 * path and the text of the module and of every local file it imports, transitively. A changed checkout or flag
 * therefore compiles again, and an unchanged module is never compiled twice, whichever test or run asks for it.
 */
final class ModuleCacheKey {

    /** The compiler and the script that drives it; a change to either compiles everything again. */
    private static final String COMPILER = "npm motoko 4.10.0";

    private static final Path COMPILE_SCRIPT = Path.of("src/test/resources/run-drun/compile.js");
    /** {@code import X "path"}, {@code import {a; b} "path"}; the path is what Motoko resolves relative to the file. */
    private static final Pattern IMPORT = Pattern.compile("\\bimport\\b[^\"]*?\"([^\"]+)\"");

    private ModuleCacheKey() {}

    static String of(Path runDrun, String file, RunDrunTest.CompilerOptions options) {
        MessageDigest digest = sha256();
        update(digest, COMPILER);
        update(digest, read(COMPILE_SCRIPT));
        update(digest, options.cacheText());
        update(digest, file);
        // sorted by path, so the key does not depend on the order imports are found in
        TreeMap<String, String> sources = new TreeMap<>();
        Deque<Path> pending = new ArrayDeque<>(List.of(runDrun.resolve(file).normalize()));
        if (!options.actorIdl().isEmpty()) {
            // the Candid files an ic: import may read
            try (var dids = Files.list(runDrun.resolve(options.actorIdl()))) {
                dids.filter(did -> did.toString().endsWith(".did")).sorted().forEach(pending::add);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        while (!pending.isEmpty()) {
            Path next = pending.pop();
            String key = runDrun.relativize(next).toString();
            if (sources.containsKey(key)) {
                continue;
            }
            String text = read(next);
            sources.put(key, text);
            Matcher imports = IMPORT.matcher(text);
            while (imports.find()) {
                resolve(next.getParent(), imports.group(1)).ifPresent(pending::push);
            }
        }
        sources.forEach((path, text) -> {
            update(digest, path);
            update(digest, text);
        });
        return HexFormat.of().formatHex(digest.digest());
    }

    /** Motoko's rule for a local import: {@code p.mo}, {@code p} + {@code .mo}, or {@code p/lib.mo}. */
    private static Optional<Path> resolve(Path directory, String imported) {
        if (imported.contains(":")) {
            return Optional.empty(); // mo:…, ic:…, canister:… are not files of the checkout
        }
        Path base = directory.resolve(imported).normalize();
        for (Path candidate : List.of(base, Path.of(base + ".mo"), base.resolve("lib.mo"), Path.of(base + ".did"))) {
            if (Files.isRegularFile(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    private static void update(MessageDigest digest, String text) {
        digest.update(text.getBytes(StandardCharsets.UTF_8));
        digest.update((byte) 0);
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
    }
}
