package io.diode.maven.build;

import io.diode.ic.Sha256;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The local files one canister's main file imports, directly or through other imports: relative
 * imports ({@code "../shared/Lib"} → {@code Lib.mo} or {@code Lib/lib.mo}), package imports of
 * configured aliases ({@code "mo:lib/X"}) and {@code "blob:file:"} imports. {@code mo:core},
 * {@code mo:⛔}, {@code ic:} and {@code canister:} imports come with the compiler, so its identity
 * covers them. The {@link #digest() digest} changes when any file in the closure changes, appears
 * or disappears, and only then: editing a file no canister imports recompiles nothing.
 */
public final class ImportClosure {
    // `import X "url"`, `import { a; b } "url"`, `import X = "url"`. Comments are removed first;
    // a string that merely looks like an import only adds a dependency, which costs a rebuild at most.
    private static final Pattern IMPORT = Pattern.compile("\\bimport\\s+[^\"]*?\"((?:[^\"\\\\]|\\\\.)*)\"");

    private final Map<String, String> files;

    private ImportClosure(Map<String, String> files) {
        this.files = files;
    }

    /**
     * @param sourceRoot the Motoko source tree (file names in the digest are relative to it)
     * @param packages   the configured package aliases
     */
    public static ImportClosure of(Path main, Path sourceRoot, List<PackageAlias> packages) throws IOException {
        Map<String, String> files = new TreeMap<>();
        Deque<Path> pending = new ArrayDeque<>();
        pending.add(main.toAbsolutePath().normalize());
        while (!pending.isEmpty()) {
            Path file = pending.removeFirst();
            String key = label(file, sourceRoot, packages);
            if (files.containsKey(key)) {
                continue;
            }
            if (!Files.isRegularFile(file)) {
                // The compiler will report it; the entry makes the file's later appearance a change.
                files.put(key, "missing");
                continue;
            }
            byte[] content = Files.readAllBytes(file);
            files.put(key, Sha256.hex(content));
            if (!file.getFileName().toString().endsWith(".mo")) {
                continue;
            }
            for (String url : importsOf(new String(content, StandardCharsets.UTF_8))) {
                resolve(url, file.getParent(), packages).ifPresent(pending::add);
            }
        }
        return new ImportClosure(files);
    }

    /** The import URLs of one Motoko source text, in order. */
    static List<String> importsOf(String source) {
        List<String> urls = new ArrayList<>();
        Matcher matcher = IMPORT.matcher(withoutComments(source));
        while (matcher.find()) {
            urls.add(matcher.group(1));
        }
        return urls;
    }

    /** The files in the closure (relative to the source root, or {@code mo:<package>/...}) and their SHA-256. */
    public Map<String, String> files() {
        return files;
    }

    public String digest() {
        MessageDigest digest = Sha256.newDigest();
        files.forEach((name, hash) -> {
            digest.update(name.getBytes(StandardCharsets.UTF_8));
            digest.update((byte) 0);
            digest.update(hash.getBytes(StandardCharsets.UTF_8));
            digest.update((byte) 0);
        });
        return HexFormat.of().formatHex(digest.digest());
    }

    private static Optional<Path> resolve(String url, Path directory, List<PackageAlias> packages) {
        if (url.startsWith("blob:file:")) {
            return Optional.of(
                    directory.resolve(url.substring("blob:file:".length())).normalize());
        }
        if (url.startsWith("mo:")) {
            String rest = url.substring(3);
            int slash = rest.indexOf('/');
            String name = slash < 0 ? rest : rest.substring(0, slash);
            for (PackageAlias alias : packages) {
                if (alias.name().equals(name)) {
                    Path root = alias.directory().toAbsolutePath().normalize();
                    return Optional.of(
                            library(slash < 0 ? root.resolve("lib") : root.resolve(rest.substring(slash + 1))));
                }
            }
            return Optional.empty();
        }
        if (url.contains(":")) {
            return Optional.empty();
        }
        return Optional.of(library(directory.resolve(url).normalize()));
    }

    /** moc's rule: {@code X} names {@code X.mo}, else {@code X/lib.mo}. */
    private static Path library(Path path) {
        String name = path.getFileName() == null ? "" : path.getFileName().toString();
        if (name.endsWith(".mo") && Files.isRegularFile(path)) {
            return path;
        }
        Path file = path.resolveSibling(name + ".mo");
        if (Files.isRegularFile(file)) {
            return file;
        }
        Path lib = path.resolve("lib.mo");
        return Files.isRegularFile(lib) ? lib : file;
    }

    private static String label(Path file, Path sourceRoot, List<PackageAlias> packages) {
        Path root = sourceRoot.toAbsolutePath().normalize();
        if (file.startsWith(root)) {
            return root.relativize(file).toString().replace('\\', '/');
        }
        for (PackageAlias alias : packages) {
            Path packageRoot = alias.directory().toAbsolutePath().normalize();
            if (file.startsWith(packageRoot)) {
                return "mo:" + alias.name() + "/"
                        + packageRoot.relativize(file).toString().replace('\\', '/');
            }
        }
        return file.toString().replace('\\', '/');
    }

    /** Drops line comments and (nested) block comments, keeping string literals intact. */
    static String withoutComments(String source) {
        StringBuilder kept = new StringBuilder(source.length());
        int depth = 0;
        boolean inString = false;
        for (int i = 0; i < source.length(); i++) {
            char c = source.charAt(i);
            char next = i + 1 < source.length() ? source.charAt(i + 1) : '\0';
            if (depth > 0) {
                if (c == '/' && next == '*') {
                    depth++;
                    i++;
                } else if (c == '*' && next == '/') {
                    depth--;
                    i++;
                }
                continue;
            }
            if (inString) {
                kept.append(c);
                if (c == '\\' && next != '\0') {
                    kept.append(next);
                    i++;
                } else if (c == '"') {
                    inString = false;
                }
                continue;
            }
            if (c == '\'' && next != '\0') {
                // A character literal such as '"' or '\'' must not open a string.
                int end = source.indexOf('\'', next == '\\' ? i + 3 : i + 2);
                if (end > i && end - i <= 12) {
                    kept.append(source, i, end + 1);
                    i = end;
                    continue;
                }
                kept.append(c);
            } else if (c == '"') {
                inString = true;
                kept.append(c);
            } else if (c == '/' && next == '/') {
                while (i < source.length() && source.charAt(i) != '\n') {
                    i++;
                }
                kept.append('\n');
            } else if (c == '/' && next == '*') {
                depth = 1;
                i++;
                kept.append(' ');
            } else {
                kept.append(c);
            }
        }
        return kept.toString();
    }
}
