package io.diode.pocketic.embedded.management;

import static io.diode.pocketic.embedded.management.CandidFixtures.canonical;
import static io.diode.pocketic.embedded.management.CandidFixtures.fixture;
import static io.diode.pocketic.embedded.management.CandidFixtures.recordJavaEncoding;
import static org.assertj.core.api.Assertions.assertThat;

import io.diode.pocketic.embedded.api.HttpHeader;
import java.math.BigInteger;
import java.util.List;
import org.ic4j.types.Principal;
import org.junit.jupiter.api.Test;

/**
 * Encodes the same values that {@code @dfinity/candid} encoded into the fixtures and compares types and
 * values (type-table order may differ between encoders, so bytes are not compared).
 */
class ManagementResultEncoderTest {

    private static final Principal ANONYMOUS = Principal.fromString("2vxsx-fae");
    private static final Principal CANISTER = Principal.fromString("rrkah-fqaaa-aaaaa-aaaaq-cai");
    private static final Principal OTHER = Principal.fromString("ryjl3-tyaaa-aaaaa-aaaba-cai");

    @Test
    void canisterStatusWithEveryField() {
        CanisterStatusResult status = new CanisterStatusResult(
                CanisterStatus.STOPPING,
                false,
                12,
                new DefiniteCanisterSettings(
                        List.of(ANONYMOUS, CANISTER),
                        BigInteger.ZERO,
                        BigInteger.ZERO,
                        BigInteger.valueOf(2_592_000),
                        BigInteger.valueOf(5_000_000_000_000L),
                        new LogVisibility.AllowedViewers(List.of(OTHER)),
                        BigInteger.valueOf(3_221_225_472L),
                        BigInteger.ZERO,
                        List.of(new EnvironmentVariable("ZONE", "eu-1"))),
                sequence(32),
                BigInteger.valueOf(1_234_567),
                new MemoryMetrics(nat(1), nat(2), nat(3), nat(4), nat(5), nat(6), nat(7), nat(8)),
                BigInteger.TWO.pow(70),
                BigInteger.ZERO,
                BigInteger.valueOf(123_456),
                new QueryStats(nat(9), nat(10), nat(11), nat(12)));

        assertThat(canonical(
                        recordJavaEncoding("canister_status_result", ManagementResultEncoder.canisterStatus(status))))
                .isEqualTo(canonical(fixture("canister_status_result")));
    }

    @Test
    void canisterStatusOfARunningCanisterWithoutModule() {
        CanisterStatusResult status = new CanisterStatusResult(
                CanisterStatus.RUNNING,
                true,
                -1L,
                new DefiniteCanisterSettings(
                        List.of(),
                        BigInteger.valueOf(100),
                        BigInteger.valueOf(8),
                        BigInteger.ZERO,
                        BigInteger.ZERO,
                        LogVisibility.PUBLIC,
                        BigInteger.ZERO,
                        BigInteger.ZERO,
                        List.of()),
                null,
                BigInteger.ZERO,
                MemoryMetrics.EMPTY,
                BigInteger.ZERO,
                BigInteger.ZERO,
                BigInteger.ZERO,
                QueryStats.NONE);

        assertThat(canonical(recordJavaEncoding(
                        "canister_status_result_running_no_module", ManagementResultEncoder.canisterStatus(status))))
                .isEqualTo(canonical(fixture("canister_status_result_running_no_module")));
    }

    @Test
    void canisterInfoWithEveryKindOfChange() {
        CanisterInfoResult info = new CanisterInfoResult(
                7,
                List.of(
                        new CanisterChange(
                                1_700_000_000_000_000_000L,
                                0,
                                new CanisterChange.FromUser(ANONYMOUS),
                                new CanisterChange.Creation(List.of(ANONYMOUS), null)),
                        new CanisterChange(
                                1_700_000_001_000_000_000L,
                                1,
                                new CanisterChange.FromCanister(OTHER, 5L),
                                new CanisterChange.CodeDeployment(CanisterChange.DeploymentMode.UPGRADE, sequence(32))),
                        new CanisterChange(
                                1_700_000_002_000_000_000L,
                                2,
                                new CanisterChange.FromCanister(OTHER, null),
                                new CanisterChange.ControllersChange(List.of(ANONYMOUS, OTHER))),
                        new CanisterChange(
                                1_700_000_003_000_000_000L,
                                3,
                                new CanisterChange.FromUser(ANONYMOUS),
                                new CanisterChange.CodeUninstall())),
                null,
                List.of(ANONYMOUS, OTHER));

        assertThat(canonical(recordJavaEncoding("canister_info_result", ManagementResultEncoder.canisterInfo(info))))
                .isEqualTo(canonical(fixture("canister_info_result")));
    }

    @Test
    void createCanisterResult() {
        assertThat(recordJavaEncoding("create_canister_result", ManagementResultEncoder.createCanister(CANISTER)))
                .isEqualTo(fixture("create_canister_result"));
    }

    @Test
    void chunkResults() {
        assertThat(canonical(recordJavaEncoding(
                        "upload_chunk_result",
                        ManagementResultEncoder.uploadChunk(new byte[] {(byte) 0xaa, (byte) 0xbb}))))
                .isEqualTo(canonical(fixture("upload_chunk_result")));
        assertThat(canonical(recordJavaEncoding(
                        "stored_chunks_result",
                        ManagementResultEncoder.storedChunks(List.of(new byte[] {1}, new byte[] {2, 3})))))
                .isEqualTo(canonical(fixture("stored_chunks_result")));
    }

    @Test
    void rawRandAndEmptyResults() {
        assertThat(recordJavaEncoding("raw_rand_result", ManagementResultEncoder.rawRand(sequence(32))))
                .isEqualTo(fixture("raw_rand_result"));
        assertThat(recordJavaEncoding("empty_result", ManagementResultEncoder.empty()))
                .isEqualTo(fixture("empty_result"));
    }

    @Test
    void httpResultAndTransformArguments() {
        HttpRequestResult ok = new HttpRequestResult(
                BigInteger.valueOf(200), List.of(new HttpHeader("content-length", "2")), new byte[] {'o', 'k'});
        assertThat(canonical(recordJavaEncoding("http_request_result", ManagementResultEncoder.httpRequestResult(ok))))
                .isEqualTo(canonical(fixture("http_request_result")));

        HttpRequestResult notFound =
                new HttpRequestResult(BigInteger.valueOf(404), List.of(new HttpHeader("a", "b")), new byte[] {1, 2});
        assertThat(canonical(recordJavaEncoding(
                        "transform_args", ManagementResultEncoder.transformArgs(notFound, new byte[] {7}))))
                .isEqualTo(canonical(fixture("transform_args")));
    }

    @Test
    void encodedHttpResultDecodesBackToTheSameValue() {
        HttpRequestResult result = new HttpRequestResult(
                BigInteger.TWO.pow(65), List.of(new HttpHeader("x", "ü"), new HttpHeader("", "")), new byte[300]);

        HttpRequestResult decoded =
                ManagementArgumentDecoder.transformResult(ManagementResultEncoder.httpRequestResult(result));

        assertThat(decoded.status()).isEqualTo(result.status());
        assertThat(decoded.headers()).isEqualTo(result.headers());
        assertThat(decoded.body()).isEqualTo(result.body());
    }

    private static BigInteger nat(long value) {
        return BigInteger.valueOf(value);
    }

    private static byte[] sequence(int length) {
        byte[] bytes = new byte[length];
        for (int i = 0; i < length; i++) {
            bytes[i] = (byte) i;
        }
        return bytes;
    }
}
