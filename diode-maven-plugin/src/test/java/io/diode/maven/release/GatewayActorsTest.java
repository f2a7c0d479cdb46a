package io.diode.maven.release;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.diode.candid.CandidDecoder;
import io.diode.candid.CandidEncoder;
import io.diode.candid.CandidMethod;
import io.diode.candid.CandidName;
import io.diode.candid.CandidService;
import io.diode.candid.IdlType;
import io.diode.candid.VariantValue;
import java.math.BigInteger;
import java.util.List;
import java.util.Optional;
import org.ic4j.types.Principal;
import org.junit.jupiter.api.Test;

/** The generated-actor interfaces over the release goals' gateway: queries and updates, variants, rejects. */
class GatewayActorsTest {

    @CandidService(did = FactoryApi.CANDID)
    interface FactoryApi {
        String CANDID = """
                type Outcome = variant { created : principal; refused : text; queued };
                service : {
                  create_zone : (text, opt nat) -> (Outcome);
                  zone_count : () -> (nat) query;
                }
                """;

        sealed interface Outcome {
            @CandidName("created")
            record Created(io.diode.candid.Principal value) implements Outcome {}

            @CandidName("refused")
            record Refused(String value) implements Outcome {}

            @CandidName("queued")
            record Queued() implements Outcome {}
        }

        @CandidMethod("create_zone")
        Outcome createZone(String name, Optional<BigInteger> cycles);

        @CandidMethod("zone_count")
        BigInteger zoneCount();
    }

    @Test
    void queriesAndUpdatesGoThroughTheGatewayWithTypedValues() {
        FakeReplicaGateway gateway = new FakeReplicaGateway();
        Principal factory = gateway.addCanister(Optional.of("00"));
        gateway.answer(factory, "zone_count", argument -> CandidEncoder.encode(IdlType.Primitive.NAT, BigInteger.TEN));
        gateway.answer(factory, "create_zone", argument -> {
            List<Object> arguments =
                    CandidDecoder.decode(argument, List.of(IdlType.Primitive.TEXT, IdlType.opt(IdlType.Primitive.NAT)));
            assertThat(arguments).containsExactly("zone-7", Optional.of(BigInteger.TWO));
            IdlType outcome =
                    io.diode.candid.DidFile.parse(FactoryApi.CANDID).types().get("Outcome");
            return CandidEncoder.encode(outcome, new VariantValue("refused", "no cycles"));
        });
        FactoryApi api = GatewayActors.actor(gateway, factory, FactoryApi.class);

        assertThat(api.zoneCount()).isEqualTo(BigInteger.TEN);
        assertThat(api.createZone("zone-7", Optional.of(BigInteger.TWO)))
                .isEqualTo(new FactoryApi.Outcome.Refused("no cycles"));
        assertThat(gateway.journal).containsExactly("update create_zone"); // the query was not sent as an update
    }

    @Test
    void aRejectIsAnUncheckedReleaseExceptionWithTheRejectInside() {
        FakeReplicaGateway gateway = new FakeReplicaGateway();
        Principal factory = gateway.addCanister(Optional.of("00"));
        FactoryApi api = GatewayActors.actor(gateway, factory, FactoryApi.class);
        assertThatThrownBy(api::zoneCount)
                .isInstanceOfSatisfying(
                        GatewayActors.UncheckedReleaseException.class,
                        failure -> assertThat(failure.getCause())
                                .isInstanceOf(CanisterCallException.class)
                                .hasMessageContaining("has no method zone_count"));
    }
}
