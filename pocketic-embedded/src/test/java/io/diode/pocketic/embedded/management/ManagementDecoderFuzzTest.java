package io.diode.pocketic.embedded.management;

import static io.diode.pocketic.embedded.management.CandidFixtures.fixture;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * Corrupted arguments (bytes flipped, inserted, removed, cut off) either decode or fail with
 * {@link InvalidManagementArgumentException}: never another exception, which would escape as an engine error.
 * Deterministic (fixed seed), so a failure reproduces.
 */
class ManagementDecoderFuzzTest {

    private static final int MUTATIONS_PER_FIXTURE = 1_000;

    private static final Map<String, Consumer<byte[]>> DECODERS = Map.of(
            "create_canister_full", ManagementArgumentDecoder::createCanister,
            "provisional_create_canister_with_cycles", ManagementArgumentDecoder::provisionalCreateCanisterWithCycles,
            "install_code_upgrade_keep", ManagementArgumentDecoder::installCode,
            "install_chunked_code", ManagementArgumentDecoder::installChunkedCode,
            "update_settings", ManagementArgumentDecoder::updateSettings,
            "http_request_full", ManagementArgumentDecoder::httpRequest,
            "http_request_result", ManagementArgumentDecoder::transformResult,
            "canister_info", ManagementArgumentDecoder::canisterInfo,
            "canister_id_record", bytes -> ManagementArgumentDecoder.canisterId("canister_status", bytes));

    @Test
    void corruptedArgumentsFailOnlyWithTheDocumentedException() {
        Random random = new Random(20_261_123);
        List<String> unexpected = new ArrayList<>();
        int rejected = 0;
        for (Map.Entry<String, Consumer<byte[]>> decoder : DECODERS.entrySet()) {
            byte[] original = fixture(decoder.getKey());
            for (int i = 0; i < MUTATIONS_PER_FIXTURE; i++) {
                byte[] corrupted = mutate(original, random);
                try {
                    decoder.getValue().accept(corrupted);
                } catch (InvalidManagementArgumentException expected) {
                    rejected++;
                } catch (RuntimeException | Error other) {
                    unexpected.add(
                            decoder.getKey() + " " + java.util.HexFormat.of().formatHex(corrupted) + " -> " + other);
                }
            }
        }
        assertThat(unexpected)
                .as("exceptions other than InvalidManagementArgumentException")
                .isEmpty();
        assertThat(rejected)
                .as("most corruptions are detected")
                .isGreaterThan(DECODERS.size() * MUTATIONS_PER_FIXTURE / 2);
    }

    private static byte[] mutate(byte[] original, Random random) {
        byte[] bytes = original.clone();
        int mutations = 1 + random.nextInt(3);
        for (int m = 0; m < mutations && bytes.length > 0; m++) {
            int at = random.nextInt(bytes.length);
            switch (random.nextInt(5)) {
                case 0 -> bytes[at] = (byte) random.nextInt(256);
                case 1 -> bytes[at] ^= (byte) (1 << random.nextInt(8));
                case 2 -> bytes = Arrays.copyOf(bytes, at);
                case 3 -> {
                    byte[] longer = new byte[bytes.length + 1];
                    System.arraycopy(bytes, 0, longer, 0, at);
                    longer[at] = (byte) random.nextInt(256);
                    System.arraycopy(bytes, at, longer, at + 1, bytes.length - at);
                    bytes = longer;
                }
                default -> {
                    byte[] shorter = new byte[bytes.length - 1];
                    System.arraycopy(bytes, 0, shorter, 0, at);
                    System.arraycopy(bytes, at + 1, shorter, at, bytes.length - at - 1);
                    bytes = shorter;
                }
            }
        }
        return bytes;
    }
}
