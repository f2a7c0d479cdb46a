package io.diode.pocketic.embedded.management;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;

/**
 * Reference Candid messages written by {@code @dfinity/candid} (see
 * {@code src/test/resources/management/candid-fixtures/generate.mjs}), and a canonical rendering of any
 * message's types and values, so that two encodings can be compared for meaning rather than byte order.
 */
final class CandidFixtures {

    private CandidFixtures() {}

    static byte[] fixture(String name) {
        String resource = "/management/candid-fixtures/" + name + ".hex";
        try (InputStream in = CandidFixtures.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture " + resource);
            }
            return HexFormat.of().parseHex(new String(in.readAllBytes(), StandardCharsets.US_ASCII).trim());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Leaves {@code encoded} in {@code target/candid-java-encodings/<fixture>.hex}, where
     * {@code generate.mjs --verify} checks it with {@code @dfinity/candid}; returns it.
     */
    static byte[] recordJavaEncoding(String fixture, byte[] encoded) {
        try {
            Path directory = Path.of("target", "candid-java-encodings");
            Files.createDirectories(directory);
            Files.writeString(
                    directory.resolve(fixture + ".hex"), HexFormat.of().formatHex(encoded) + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return encoded;
    }

    /**
     * Every argument's value in canonical form ({@link TestCandid#canonical}), read by ic-candid, which is itself
     * checked against {@code @dfinity/candid} (ic-candid's {@code CandidRoundTripTest}). (ic4j's decoder was tried
     * for this and mis-types variants nested in opt and in vec of records.)
     */
    static String canonical(byte[] message) {
        return TestCandid.canonical(message);
    }
}
