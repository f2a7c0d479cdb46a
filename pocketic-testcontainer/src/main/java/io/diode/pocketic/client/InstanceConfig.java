package io.diode.pocketic.client;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.diode.ic.IcTime;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;

/**
 * The subnets of a new PocketIC instance (the REST API's {@code ExtendedSubnetConfigSet}) and its start time.
 * The default is what PicJS and the Rust crate create: one application subnet.
 */
public final class InstanceConfig {

    private final Map<SubnetKind, Integer> subnets = new EnumMap<>(SubnetKind.class);
    private Optional<Instant> initialTime = Optional.empty();

    private InstanceConfig() {}

    /** One application subnet. */
    public static InstanceConfig defaults() {
        return new InstanceConfig().withApplicationSubnets(1);
    }

    /** No subnet yet: add them with the {@code with...} methods. */
    public static InstanceConfig empty() {
        return new InstanceConfig();
    }

    public InstanceConfig withApplicationSubnets(int count) {
        return withSubnets(SubnetKind.APPLICATION, count);
    }

    public InstanceConfig withSystemSubnets(int count) {
        return withSubnets(SubnetKind.SYSTEM, count);
    }

    /** NNS, SNS, II, Fiduciary and Bitcoin exist at most once; application, system and verified ones many times. */
    public InstanceConfig withSubnets(SubnetKind kind, int count) {
        boolean single =
                kind != SubnetKind.APPLICATION && kind != SubnetKind.SYSTEM && kind != SubnetKind.VERIFIED_APPLICATION;
        if (count < 0 || (single && count > 1)) {
            throw new IllegalArgumentException("an instance has " + (single ? "0 or 1 " : "0 or more ")
                    + kind.jsonName() + " subnet(s), not " + count);
        }
        subnets.put(kind, count);
        return this;
    }

    public InstanceConfig withInitialTime(Instant time) {
        initialTime = Optional.of(time);
        return this;
    }

    /** The body of {@code POST /instances}. */
    public ObjectNode toJson() {
        if (subnets.values().stream().allMatch(count -> count == 0)) {
            throw new IllegalArgumentException(
                    "an instance needs at least one subnet; start from " + "InstanceConfig.defaults()");
        }
        JsonNodeFactory factory = JsonNodeFactory.instance;
        ObjectNode body = factory.objectNode();
        ObjectNode set = body.putObject("subnet_config_set");
        for (SubnetKind kind : new SubnetKind[] {
            SubnetKind.NNS, SubnetKind.SNS, SubnetKind.II, SubnetKind.FIDUCIARY, SubnetKind.BITCOIN
        }) {
            if (subnets.getOrDefault(kind, 0) == 1) {
                set.set(fieldName(kind), newSubnet(factory));
            } else {
                set.putNull(fieldName(kind));
            }
        }
        for (SubnetKind kind :
                new SubnetKind[] {SubnetKind.SYSTEM, SubnetKind.APPLICATION, SubnetKind.VERIFIED_APPLICATION}) {
            ArrayNode list = set.putArray(fieldName(kind));
            for (int i = 0; i < subnets.getOrDefault(kind, 0); i++) {
                list.add(newSubnet(factory));
            }
        }
        // PocketIC v13+ requires this list; it is not configurable from clients.
        set.putArray("cloud_engine");
        initialTime.ifPresent(time ->
                body.putObject("initial_time").putObject("Timestamp").put("nanos_since_epoch", IcTime.toNanos(time)));
        return body;
    }

    private static ObjectNode newSubnet(JsonNodeFactory factory) {
        return factory.objectNode()
                .put("state_config", "New")
                .put("instruction_config", "Production")
                .put("dts_flag", "Enabled");
    }

    private static String fieldName(SubnetKind kind) {
        return switch (kind) {
            case NNS -> "nns";
            case SNS -> "sns";
            case II -> "ii";
            case FIDUCIARY -> "fiduciary";
            case BITCOIN -> "bitcoin";
            case SYSTEM -> "system";
            case APPLICATION -> "application";
            case VERIFIED_APPLICATION -> "verified_application";
        };
    }
}
