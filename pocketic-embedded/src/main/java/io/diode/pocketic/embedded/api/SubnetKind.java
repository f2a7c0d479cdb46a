package io.diode.pocketic.embedded.api;

import java.util.ArrayList;
import java.util.List;
import org.ic4j.types.Principal;

/**
 * The kinds of subnet PocketIC offers. On the IC, application subnets (and the fiduciary and SNS subnets, which are
 * application subnets of a larger size) charge cycles for everything a canister does; system subnets (the NNS, the
 * Internet Identity and Bitcoin subnets, and other system subnets) charge nothing.
 *
 * <p>The named kinds (NNS, SNS, II, fiduciary, Bitcoin) host fixed canister-id ranges, those of their mainnet
 * counterparts, so that a canister created there with a mainnet id ({@code specified_id}) keeps it; canisters created
 * without one get ids from a range of their own, as PocketIC allocates them.
 */
public enum SubnetKind {
    APPLICATION("Application", true, 13),
    VERIFIED_APPLICATION("VerifiedApplication", true, 13),
    SYSTEM("System", false, 13),
    NNS(
            "NNS",
            false,
            40,
            "rwlgt-iiaaa-aaaaa-aaaaa-cai",
            "renrk-eyaaa-aaaaa-aaada-cai",
            "qoctq-giaaa-aaaaa-aaaea-cai",
            "n5n4y-3aaaa-aaaaa-p777q-cai"),
    SNS("SNS", true, 34, "ybpmr-kqaaa-aaaaq-aaaaa-cai", "ekjw2-zyaaa-aaaaq-p777q-cai"),
    II(
            "II",
            false,
            34,
            "rdmx6-jaaaa-aaaaa-aaadq-cai",
            "rdmx6-jaaaa-aaaaa-aaadq-cai",
            "uc7f6-kaaaa-aaaaq-qaaaa-cai",
            "ijz7v-ziaaa-aaaaq-7777q-cai"),
    FIDUCIARY("Fiduciary", true, 34, "mf7xa-laaaa-aaaar-qaaaa-cai", "qoznl-yiaaa-aaaar-7777q-cai"),
    BITCOIN("Bitcoin", false, 13, "g3wsl-eqaaa-aaaan-aaaaa-cai", "2qqia-xyaaa-aaaan-p777q-cai");

    private final String pocketIcName;
    private final boolean chargesCycles;
    private final int nodeCount;
    private final List<String> fixedRanges;

    SubnetKind(String pocketIcName, boolean chargesCycles, int nodeCount, String... fixedRanges) {
        this.pocketIcName = pocketIcName;
        this.chargesCycles = chargesCycles;
        this.nodeCount = nodeCount;
        this.fixedRanges = List.of(fixedRanges);
    }

    /** The name the PocketIC REST API gives this kind ({@code subnet_kind} in its topology). */
    public String pocketIcName() {
        return pocketIcName;
    }

    /** Whether canisters on such a subnet pay cycles (application-type subnets) or not (system subnets). */
    public boolean chargesCycles() {
        return chargesCycles;
    }

    /** The number of nodes PocketIC gives such a subnet (what the fee model of an application subnet scales with). */
    public int nodeCount() {
        return nodeCount;
    }

    /** Whether an instance has at most one subnet of this kind (the named subnets). */
    public boolean isNamed() {
        return !fixedRanges.isEmpty();
    }

    /** The mainnet canister-id ranges (inclusive) a subnet of this kind hosts; empty for the unnamed kinds. */
    public List<SubnetInfo.CanisterIdRange> fixedRanges() {
        List<SubnetInfo.CanisterIdRange> ranges = new ArrayList<>();
        for (int i = 0; i < fixedRanges.size(); i += 2) {
            ranges.add(new SubnetInfo.CanisterIdRange(
                    Principal.fromString(fixedRanges.get(i)), Principal.fromString(fixedRanges.get(i + 1))));
        }
        return List.copyOf(ranges);
    }
}
