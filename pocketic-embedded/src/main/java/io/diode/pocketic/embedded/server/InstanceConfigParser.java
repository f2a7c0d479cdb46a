package io.diode.pocketic.embedded.server;

import com.fasterxml.jackson.databind.JsonNode;
import io.diode.pocketic.embedded.api.SubnetKind;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads the body of {@code POST /instances} (PocketIC's {@code InstanceConfig}) and refuses, by name, every option
 * this engine cannot honour. Subnets (PocketIC's {@code ExtendedSubnetConfigSet}): the named ones ({@code nns},
 * {@code sns}, {@code ii}, {@code fiduciary}, {@code bitcoin}) and any number of {@code system}, {@code application}
 * and {@code verified_application} subnets, each created empty ({@code "state_config": "New"}).
 */
final class InstanceConfigParser {

    /** Generated canister-id ranges come from the top of the id space; this bounds them (and the memory). */
    static final int MAX_SUBNETS = 64;

    /** The genesis of the IC mainnet, 06 May 2021 21:17:10 CEST: the real server refuses earlier start times. */
    static final Instant EARLIEST_INITIAL_TIME = io.diode.pocketic.embedded.api.InstanceConfig.GENESIS;

    private InstanceConfigParser() {}

    static InstanceSettings parse(RequestObject config) {
        List<SubnetKind> subnets = parseSubnets(config.object("subnet_config_set"));
        requireAbsent(config, "http_gateway_config", "an HTTP gateway (http_gateway_config)");
        requireAbsent(config, "state_dir", "loading or saving state (state_dir)");
        requireAbsent(config, "bitcoind_addr", "a bitcoind connection (bitcoind_addr)");
        requireAbsent(config, "dogecoind_addr", "a dogecoind connection (dogecoind_addr)");
        config.optionalObject("icp_config")
                .ifPresent(icpConfig -> requireAllAbsent(
                        icpConfig,
                        "icp_config",
                        List.of(
                                "beta_features",
                                "canister_backtrace",
                                "function_name_length_limits",
                                "canister_execution_rate_limiting")));
        config.optionalObject("icp_features")
                .ifPresent(features -> requireAllAbsent(
                        features,
                        "icp_features",
                        List.of(
                                "registry",
                                "cycles_minting",
                                "icp_token",
                                "cycles_token",
                                "nns_governance",
                                "sns",
                                "ii",
                                "nns_ui",
                                "bitcoin",
                                "dogecoin",
                                "canister_migration")));
        config.optional("incomplete_state").ifPresent(flag -> {
            if (!flag.isTextual() || !flag.textValue().equals("Disabled")) {
                throw RestApiException.unsupported("incomplete_state " + flag);
            }
        });
        requireFalseOrAbsent(config, "mainnet_nns_subnet_id");
        requireFalseOrAbsent(config, "disable_ingress_validation");
        config.optional("log_level"); // only tunes the real server's logging
        InstanceSettings settings = config.optional("initial_time")
                .map(InstanceConfigParser::parseInitialTime)
                .orElse(InstanceSettings.defaults());
        config.requireNoOtherFields();
        return settings.withSubnets(subnets);
    }

    /** The named subnets ({@code null} or a spec) and the lists of subnets of the other kinds. */
    private static List<SubnetKind> parseSubnets(RequestObject subnets) {
        List<SubnetKind> kinds = new ArrayList<>();
        Map<String, SubnetKind> named = new LinkedHashMap<>();
        named.put("nns", SubnetKind.NNS);
        named.put("sns", SubnetKind.SNS);
        named.put("ii", SubnetKind.II);
        named.put("fiduciary", SubnetKind.FIDUCIARY);
        named.put("bitcoin", SubnetKind.BITCOIN);
        named.forEach((field, kind) -> subnets.optional(field)
                .filter(spec -> !spec.isNull())
                .ifPresent(spec -> {
                    parseSubnetSpec(RequestObject.of(spec, "the " + field + " subnet's spec"));
                    kinds.add(kind);
                }));
        Map<String, SubnetKind> lists = new LinkedHashMap<>();
        lists.put("system", SubnetKind.SYSTEM);
        lists.put("application", SubnetKind.APPLICATION);
        lists.put("verified_application", SubnetKind.VERIFIED_APPLICATION);
        lists.forEach((field, kind) -> {
            if (subnets.optional(field).isPresent()) {
                List<JsonNode> specs = subnets.array(field);
                if (specs.size() > MAX_SUBNETS) {
                    throw RestApiException.badRequest(field + " asks for " + specs.size() + " subnets; this engine"
                            + " creates at most " + MAX_SUBNETS + " subnets of a kind");
                }
                for (JsonNode spec : specs) {
                    parseSubnetSpec(RequestObject.of(spec, "an " + field + " subnet's spec"));
                    kinds.add(kind);
                }
            }
        });
        subnets.optional("cloud_engine").ifPresent(list -> {
            if (!list.isArray() || !list.isEmpty()) {
                throw RestApiException.unsupported("cloud_engine subnets");
            }
        });
        subnets.requireNoOtherFields();
        if (kinds.isEmpty()) {
            // PocketIC's own check (ExtendedSubnetConfigSet::validate)
            throw RestApiException.badRequest("ExtendedSubnetConfigSet must contain at least one subnet");
        }
        return kinds;
    }

    private static void parseSubnetSpec(RequestObject spec) {
        spec.optional("state_config").ifPresent(state -> {
            if (!state.isTextual() || !state.textValue().equals("New")) {
                throw RestApiException.unsupported(
                        "subnet state_config " + RequestObject.describe(state) + " (only \"New\": an empty subnet)");
            }
        });
        spec.optional("instruction_config").ifPresent(config -> {
            if (!config.isTextual() || !config.textValue().equals("Production")) {
                throw RestApiException.unsupported(
                        "instruction_config " + RequestObject.describe(config) + " (only \"Production\")");
            }
        });
        spec.optional("cost_schedule").ifPresent(schedule -> {
            if (!schedule.isTextual() || !schedule.textValue().equals("Normal")) {
                throw RestApiException.unsupported(
                        "cost_schedule " + RequestObject.describe(schedule) + " (only \"Normal\": cycles are charged)");
            }
        });
        // Deterministic time slicing only splits long executions over rounds; this engine runs each message
        // to completion in one round, which both settings observe identically for messages within limits.
        spec.optional("dts_flag").ifPresent(flag -> {
            if (!flag.isTextual()
                    || !(flag.textValue().equals("Enabled") || flag.textValue().equals("Disabled"))) {
                throw RestApiException.badRequest(
                        "dts_flag must be \"Enabled\" or \"Disabled\", not " + RequestObject.describe(flag));
            }
        });
        spec.requireNoOtherFields();
    }

    private static InstanceSettings parseInitialTime(JsonNode node) {
        RequestObject initialTime = RequestObject.of(node, "initial_time");
        Optional<RequestObject> timestamp = initialTime.optionalObject("Timestamp");
        Optional<RequestObject> autoProgress = initialTime.optionalObject("AutoProgress");
        initialTime.requireNoOtherFields();
        if (timestamp.isPresent() == autoProgress.isPresent()) {
            throw RestApiException.badRequest("initial_time must be {\"Timestamp\": {\"nanos_since_epoch\": n}} or "
                    + "{\"AutoProgress\": {\"artificial_delay_ms\": n}}");
        }
        if (timestamp.isPresent()) {
            Instant time = timestamp.get().timeNanos("nanos_since_epoch");
            timestamp.get().requireNoOtherFields();
            if (time.isBefore(EARLIEST_INITIAL_TIME)) {
                throw RestApiException.badRequest("initial_time " + time + " is before " + EARLIEST_INITIAL_TIME
                        + ", the earliest time an instance can start at (as on the real PocketIC server)");
            }
            return new InstanceSettings(Optional.of(time), Optional.empty(), List.of(SubnetKind.APPLICATION));
        }
        return new InstanceSettings(
                Optional.empty(), Optional.of(parseAutoProgress(autoProgress.get())), List.of(SubnetKind.APPLICATION));
    }

    /** Reads PocketIC's {@code AutoProgressConfig}. */
    static Duration parseAutoProgress(RequestObject config) {
        Duration delay = config.optional("artificial_delay_ms")
                .map(value -> Duration.ofMillis(RequestObject.unsignedValue(
                                value, "artificial_delay_ms", BigInteger.valueOf(Long.MAX_VALUE / 1_000_000))
                        .longValue()))
                .orElse(Duration.ZERO);
        config.requireNoOtherFields();
        return delay;
    }

    private static void requireAbsent(RequestObject config, String field, String feature) {
        if (config.optional(field).isPresent()) {
            throw RestApiException.unsupported(feature);
        }
    }

    private static void requireAllAbsent(RequestObject object, String name, List<String> fields) {
        for (String field : fields) {
            object.optional(field).ifPresent(value -> {
                throw RestApiException.unsupported(name + "." + field + " = " + value);
            });
        }
        object.requireNoOtherFields();
    }

    private static void requireFalseOrAbsent(RequestObject config, String field) {
        config.optional(field).ifPresent(value -> {
            if (!value.isBoolean() || value.booleanValue()) {
                throw RestApiException.unsupported(field + " = " + value);
            }
        });
    }
}
