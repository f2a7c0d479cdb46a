package io.diode.maven.release;

import java.util.HexFormat;
import java.util.List;
import org.ic4j.candid.parser.IDLArgs;

/**
 * An init or upgrade argument written in Candid text, for example {@code (record { limit = 1024 : nat; name = "a" })}.
 * <p>
 * Parsing goes through ic4j-candid's value parser, which has no interface at hand: annotate numbers with their
 * type ({@code 42 : nat}), because an unannotated number is an {@code int}, which a {@code nat} parameter rejects.
 * ic4j-candid 0.7.2 parses numbers, text, bool, records and annotated numbers; it does not parse {@code opt},
 * {@code variant}, {@code blob}, {@code principal} or {@code vec} values. For those, give the encoded argument as
 * hex instead ({@code hex:4449444c...}, for example from {@code didc encode}). An empty text or {@code ()} means
 * no arguments.
 */
public final class CandidTextArgument {
    private static final String HEX_PREFIX = "hex:";
    private static final byte[] NO_ARGUMENTS = {'D', 'I', 'D', 'L', 0, 0};

    private CandidTextArgument() {}

    /** Encodes {@code text}; {@code where} names the parameter in error messages. */
    public static byte[] encode(String text, String where) throws ReleaseException {
        if (text == null || text.isBlank() || text.replaceAll("\\s", "").equals("()")) {
            return NO_ARGUMENTS.clone();
        }
        String trimmed = text.trim();
        if (trimmed.startsWith(HEX_PREFIX)) {
            try {
                byte[] bytes = HexFormat.of()
                        .parseHex(trimmed.substring(HEX_PREFIX.length()).replaceAll("\\s", ""));
                if (bytes.length < 4 || bytes[0] != 'D' || bytes[1] != 'I' || bytes[2] != 'D' || bytes[3] != 'L') {
                    throw new ReleaseException(
                            where + " is hex but not a Candid message (it must start with 4449444c, \"DIDL\").");
                }
                return bytes;
            } catch (IllegalArgumentException notHex) {
                throw new ReleaseException(
                        where + " starts with 'hex:' but is not hexadecimal: " + notHex.getMessage());
            }
        }
        try {
            IDLArgs args = IDLArgs.fromIDL(trimmed);
            List<?> values = args.getArgs();
            if (values.isEmpty()) {
                return NO_ARGUMENTS.clone();
            }
            return args.toBytes();
        } catch (RuntimeException | Error unparsable) {
            throw new ReleaseException(
                    where + " is not Candid text that this plugin can encode: " + trimmed
                            + ". Write it as a parenthesised tuple with annotated numbers, for example (record { limit = 1024 : nat }),"
                            + " or give the encoded bytes as hex:4449444c... (opt, variant, blob, principal and vec values need hex).");
        }
    }
}
