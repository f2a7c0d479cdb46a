package io.diode.pocketic.embedded.server;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Reads the body of {@code POST /instances} (PocketIC's {@code InstanceConfig}) and refuses, by name, every option
 * this engine cannot honour: it simulates exactly one application subnet, created empty.
 */
final class InstanceConfigParser {

    private static final String ONE_SUBNET = "pocketic-embedded simulates exactly one application subnet "
            + "(subnet_config_set {\"application\": [{\"state_config\": \"New\", ...}]}); ";

    /** The genesis of the IC mainnet, 06 May 2021 21:17:10 CEST: the real server refuses earlier start times. */
    static final Instant EARLIEST_INITIAL_TIME = io.diode.pocketic.embedded.api.InstanceConfig.GENESIS;

    private InstanceConfigParser() {
    }

    static InstanceSettings parse(RequestObject config) {
        parseSubnets(config.object("subnet_config_set"));
        requireAbsent(config, "http_gateway_config", "an HTTP gateway (http_gateway_config)");
        requireAbsent(config, "state_dir", "loading or saving state (state_dir)");
        requireAbsent(config, "bitcoind_addr", "a bitcoind connection (bitcoind_addr)");
        requireAbsent(config, "dogecoind_addr", "a dogecoind connection (dogecoind_addr)");
        config.optionalObject("icp_config").ifPresent(icpConfig -> requireAllAbsent(icpConfig, "icp_config",
                List.of("beta_features", "canister_backtrace", "function_name_length_limits",
                        "canister_execution_rate_limiting")));
        config.optionalObject("icp_features").ifPresent(features -> requireAllAbsent(features, "icp_features",
                List.of("registry", "cycles_minting", "icp_token", "cycles_token", "nns_governance", "sns", "ii",
                        "nns_ui", "bitcoin", "dogecoin", "canister_migration")));
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
        return settings;
    }

    private static void parseSubnets(RequestObject subnets) {
        for (String named : List.of("nns", "sns", "ii", "fiduciary", "bitcoin")) {
            if (subnets.optional(named).isPresent()) {
                throw RestApiException.badRequest(ONE_SUBNET + "a " + named + " subnet is not supported");
            }
        }
        for (String many : List.of("system", "verified_application", "cloud_engine")) {
            subnets.optional(many).ifPresent(list -> {
                if (!list.isArray() || !list.isEmpty()) {
                    throw RestApiException.badRequest(ONE_SUBNET + many + " subnets are not supported");
                }
            });
        }
        List<JsonNode> application = subnets.array("application");
        if (application.size() != 1) {
            throw RestApiException.badRequest(ONE_SUBNET + "asked for " + application.size()
                    + " application subnets");
        }
        parseSubnetSpec(RequestObject.of(application.getFirst(), "the application subnet's spec"));
        subnets.requireNoOtherFields();
    }

    private static void parseSubnetSpec(RequestObject spec) {
        spec.optional("state_config").ifPresent(state -> {
            if (!state.isTextual() || !state.textValue().equals("New")) {
                throw RestApiException.unsupported("subnet state_config " + RequestObject.describe(state)
                        + " (only \"New\": an empty subnet)");
            }
        });
        spec.optional("instruction_config").ifPresent(config -> {
            if (!config.isTextual() || !config.textValue().equals("Production")) {
                throw RestApiException.unsupported("instruction_config " + RequestObject.describe(config)
                        + " (only \"Production\")");
            }
        });
        spec.optional("cost_schedule").ifPresent(schedule -> {
            if (!schedule.isTextual() || !schedule.textValue().equals("Normal")) {
                throw RestApiException.unsupported("cost_schedule " + RequestObject.describe(schedule)
                        + " (only \"Normal\": cycles are charged)");
            }
        });
        // Deterministic time slicing only splits long executions over rounds; this engine runs each message
        // to completion in one round, which both settings observe identically for messages within limits.
        spec.optional("dts_flag").ifPresent(flag -> {
            if (!flag.isTextual() || !(flag.textValue().equals("Enabled") || flag.textValue().equals("Disabled"))) {
                throw RestApiException.badRequest("dts_flag must be \"Enabled\" or \"Disabled\", not "
                        + RequestObject.describe(flag));
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
            return new InstanceSettings(Optional.of(time), Optional.empty());
        }
        return new InstanceSettings(Optional.empty(), Optional.of(parseAutoProgress(autoProgress.get())));
    }

    /** Reads PocketIC's {@code AutoProgressConfig}. */
    static Duration parseAutoProgress(RequestObject config) {
        Duration delay = config.optional("artificial_delay_ms")
                .map(value -> Duration.ofMillis(RequestObject.unsignedValue(value, "artificial_delay_ms",
                        BigInteger.valueOf(Long.MAX_VALUE / 1_000_000)).longValue()))
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
