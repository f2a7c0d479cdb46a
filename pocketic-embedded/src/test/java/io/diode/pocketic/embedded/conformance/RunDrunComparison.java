package io.diode.pocketic.embedded.conformance;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Compares a replayed run with the replica's recorded output. Both sides go through test/run.sh's normalisation
 * (the parts that apply to drun output); then a run is <em>exact</em> when every line matches, <em>text-only</em>
 * when the lines match once the texts of rejects and traps are masked (same outcomes, same error codes, same
 * replies and debug output otherwise), and <em>failing</em> otherwise.
 */
final class RunDrunComparison {

    enum Verdict {
        EXACT,
        TEXT_ONLY,
        FAILING
    }

    record Result(Verdict verdict, String firstDifference) {}

    private static final Pattern ERROR_CODE_PREFIX = Pattern.compile("IC0\\d{3}: ");
    private static final Pattern REJECT_LINE = Pattern.compile("^((?:ingress )?Err: IC\\d{4}): .*$");
    private static final String CONSIDER = "Consider gracefully handling failures";

    private RunDrunComparison() {}

    static Result compare(List<String> expected, List<String> actual) {
        List<String> want = normalize(expected);
        List<String> got = normalize(actual);
        if (want.equals(got)) {
            return new Result(Verdict.EXACT, "");
        }
        String difference = firstDifference(want, got);
        if (maskTexts(want).equals(maskTexts(got))) {
            return new Result(Verdict.TEXT_ONLY, difference);
        }
        return new Result(Verdict.FAILING, firstDifference(maskTexts(want), maskTexts(got)));
    }

    /** test/run.sh's normalize(), the parts that concern drun output. */
    static List<String> normalize(List<String> lines) {
        List<String> out = new ArrayList<>();
        for (String line : lines.stream()
                .flatMap(text -> java.util.Arrays.stream(text.split("\n", -1)))
                .toList()) {
            if (line.contains("PocketIC") || line.equals("ic_trap")) {
                continue;
            }
            String normalized = line.replace("\u0000", "")
                    .replaceAll("\u001b\\[[0-9;]*[a-zA-Z]", "")
                    .replaceAll("wasm:0x[a-f0-9]*:", "wasm:0x___:")
                    .replaceAll(" calling func\\$[0-9]*", " calling func\\$NNN")
                    .replaceAll("trap at 0x[a-f0-9]*", "trap at 0x___:")
                    .replace("wasm `unreachable` instruction executed", "unreachable")
                    .replaceAll("(?i)Ignore Diff:.*", "Ignore Diff: (ignored)")
                    .replaceAll("(?i)Motoko compiler [^ ]* \\(source .*\\)", "Motoko compiler (source XXX)")
                    .replaceAll("(?i)Motoko compiler \\(source .*\\)", "Motoko compiler (source XXX)")
                    .replaceAll("(?i)Motoko \\(source .*\\)", "Motoko (source XXX)");
            out.add(normalized);
            if (normalized.contains("RTS error: Cannot grow memory")
                    || normalized.contains("RTS error: Cannot allocate memory")) {
                break;
            }
        }
        while (!out.isEmpty() && out.getLast().isEmpty()) {
            out.removeLast();
        }
        return out;
    }

    private static List<String> maskTexts(List<String> lines) {
        List<String> out = new ArrayList<>();
        boolean inReject = false;
        for (String line : lines) {
            var reject = REJECT_LINE.matcher(line);
            if (reject.matches()) {
                out.add(reject.group(1) + ": …");
                inReject = true;
                continue;
            }
            if (inReject
                    && !line.startsWith("debug.print: ")
                    && !line.startsWith("ingress ")
                    && !line.startsWith("Ok: ")
                    && !line.startsWith("Err: ")) {
                continue; // continuation lines of a multi-line reject text
            }
            inReject = false;
            String masked = ERROR_CODE_PREFIX.matcher(line).replaceAll("");
            int error = indexOfAny(masked, "Error from Canister", "No route to canister", "Canister ", CONSIDER);
            if (masked.startsWith("debug.print: ") && error >= 0) {
                masked = masked.substring(0, error) + "…";
            }
            out.add(masked);
        }
        return out;
    }

    private static int indexOfAny(String text, String... needles) {
        int best = -1;
        for (String needle : needles) {
            int at = text.indexOf(needle);
            if (at >= 0 && (best < 0 || at < best)) {
                best = at;
            }
        }
        return best;
    }

    private static String firstDifference(List<String> want, List<String> got) {
        for (int i = 0; i < Math.max(want.size(), got.size()); i++) {
            String w = i < want.size() ? want.get(i) : "(end)";
            String g = i < got.size() ? got.get(i) : "(end)";
            if (!w.equals(g)) {
                return "line " + (i + 1) + ": expected `" + shorten(w) + "`, got `" + shorten(g) + "`";
            }
        }
        return "";
    }

    private static String shorten(String line) {
        String oneLine = line.replace("|", "\\|");
        return oneLine.length() > 160 ? oneLine.substring(0, 160) + "…" : oneLine;
    }
}
