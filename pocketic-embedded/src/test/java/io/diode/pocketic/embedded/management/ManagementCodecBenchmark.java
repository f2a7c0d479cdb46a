package io.diode.pocketic.embedded.management;

import io.diode.candid.VariantValue;
import io.diode.ic.management.ManagementCandidTypes;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.ic4j.candid.parser.IDLArgs;
import org.ic4j.types.Principal;

/**
 * Prints how long the management codecs take for the messages that matter: decoding an install_code with a
 * Motoko-sized module (2 MiB; ic4j's generic decoder on the same bytes for comparison), decoding a
 * create_canister, encoding a canister_status result. Run as described in the module README.
 */
public final class ManagementCodecBenchmark {

    private static final Principal CANISTER = Principal.fromString("rrkah-fqaaa-aaaaa-aaaaq-cai");

    private ManagementCodecBenchmark() {}

    public static void main(String[] args) {
        byte[] module = new byte[2 * 1024 * 1024];
        new Random(42).nextBytes(module);
        byte[] installCode = TestCandid.encode(
                ManagementCandidTypes.INSTALL_CODE_ARGS,
                Map.of(
                        "mode",
                        new VariantValue(
                                "upgrade",
                                Optional.of(Map.of(
                                        "skip_pre_upgrade", Optional.empty(),
                                        "wasm_memory_persistence", Optional.of(VariantValue.of("keep"))))),
                        "canister_id",
                        CANISTER,
                        "wasm_module",
                        module,
                        "arg",
                        new byte[] {'D', 'I', 'D', 'L', 0, 0},
                        "sender_canister_version",
                        Optional.empty()));
        byte[] createCanister = TestCandid.encode(
                ManagementCandidTypes.CREATE_CANISTER_ARGS,
                Map.of(
                        "settings",
                                Optional.of(Map.of(
                                        "controllers", Optional.of(List.of(CANISTER)),
                                        "compute_allocation", Optional.empty(),
                                        "memory_allocation", Optional.empty(),
                                        "freezing_threshold", Optional.of(BigInteger.valueOf(2_592_000)),
                                        "reserved_cycles_limit", Optional.empty(),
                                        "log_visibility", Optional.empty(),
                                        "wasm_memory_limit", Optional.empty(),
                                        "wasm_memory_threshold", Optional.empty(),
                                        "environment_variables", Optional.empty())),
                        "sender_canister_version", Optional.of(1L)));
        CanisterStatusResult status = new CanisterStatusResult(
                CanisterStatus.RUNNING,
                false,
                3,
                DefiniteCanisterSettings.defaults(List.of(CANISTER)),
                new byte[32],
                BigInteger.valueOf(3_000_000),
                MemoryMetrics.EMPTY,
                BigInteger.TEN.pow(13),
                BigInteger.ZERO,
                BigInteger.valueOf(123_456),
                QueryStats.NONE);

        measure(
                "decode install_code (2 MiB module)",
                200,
                () -> ManagementArgumentDecoder.installCode(installCode).wasmModule().length);
        measure(
                "ic4j IDLArgs.fromBytes, same bytes",
                3,
                () -> IDLArgs.fromBytes(installCode).getArgs().size());
        measure(
                "decode create_canister",
                200_000,
                () -> ManagementArgumentDecoder.createCanister(createCanister)
                        .settings()
                        .controllers()
                        .size());
        measure("encode canister_status result", 200_000, () -> ManagementResultEncoder.canisterStatus(status).length);
    }

    private static void measure(String name, int iterations, java.util.function.IntSupplier operation) {
        long sink = 0;
        for (int i = 0; i < Math.max(1, iterations / 5); i++) {
            sink += operation.getAsInt(); // warm-up
        }
        long start = System.nanoTime();
        for (int i = 0; i < iterations; i++) {
            sink += operation.getAsInt();
        }
        double microsPerCall = (System.nanoTime() - start) / 1_000.0 / iterations;
        System.out.printf("%-40s %12.1f µs/op  (%d ops, checksum %d)%n", name, microsPerCall, iterations, sink);
    }
}
