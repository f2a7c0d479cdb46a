package io.diode.sample;

import java.math.BigInteger;
import org.ic4j.candid.annotations.Field;
import org.ic4j.candid.annotations.Name;
import org.ic4j.candid.types.Type;

/** The Factory's battery settings ({@code Settings} in factory.did): {@code configure} / {@code get_settings}. */
record FactorySettings(
        @Name("refill_target_cycles") @Field(Type.NAT) BigInteger refillTargetCycles,
        @Name("factory_reserve_cycles") @Field(Type.NAT) BigInteger factoryReserveCycles,
        @Name("per_child_quota_cycles") @Field(Type.NAT) BigInteger perChildQuotaCycles,
        @Name("aggregate_quota_cycles") @Field(Type.NAT) BigInteger aggregateQuotaCycles,
        @Name("quota_period_seconds") @Field(Type.NAT) BigInteger quotaPeriodSeconds,
        @Name("refill_interval_seconds") @Field(Type.NAT) BigInteger refillIntervalSeconds,
        @Name("zone_creation_cycles") @Field(Type.NAT) BigInteger zoneCreationCycles) {

    static FactorySettings from(CandidValue settings) {
        return new FactorySettings(settings.field("refill_target_cycles").nat(),
                settings.field("factory_reserve_cycles").nat(), settings.field("per_child_quota_cycles").nat(),
                settings.field("aggregate_quota_cycles").nat(), settings.field("quota_period_seconds").nat(),
                settings.field("refill_interval_seconds").nat(), settings.field("zone_creation_cycles").nat());
    }

    FactorySettings withRefillTarget(BigInteger cycles) {
        return new FactorySettings(cycles, factoryReserveCycles, perChildQuotaCycles, aggregateQuotaCycles,
                quotaPeriodSeconds, refillIntervalSeconds, zoneCreationCycles);
    }

    FactorySettings withReserve(BigInteger cycles) {
        return new FactorySettings(refillTargetCycles, cycles, perChildQuotaCycles, aggregateQuotaCycles,
                quotaPeriodSeconds, refillIntervalSeconds, zoneCreationCycles);
    }

    FactorySettings withQuotas(BigInteger perChild, BigInteger aggregate) {
        return new FactorySettings(refillTargetCycles, factoryReserveCycles, perChild, aggregate,
                quotaPeriodSeconds, refillIntervalSeconds, zoneCreationCycles);
    }

    FactorySettings withRefillInterval(long seconds) {
        return new FactorySettings(refillTargetCycles, factoryReserveCycles, perChildQuotaCycles,
                aggregateQuotaCycles, quotaPeriodSeconds, BigInteger.valueOf(seconds), zoneCreationCycles);
    }

    FactorySettings withZoneCreationCycles(BigInteger cycles) {
        return new FactorySettings(refillTargetCycles, factoryReserveCycles, perChildQuotaCycles,
                aggregateQuotaCycles, quotaPeriodSeconds, refillIntervalSeconds, cycles);
    }
}
