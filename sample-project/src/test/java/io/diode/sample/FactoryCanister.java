package io.diode.sample;

import io.diode.pocketic.client.CandidArguments;
import io.diode.pocketic.client.CanisterSettings;
import io.diode.pocketic.client.PocketIc;
import java.math.BigInteger;
import java.util.List;
import java.util.Optional;
import org.ic4j.candid.parser.IDLType;
import org.ic4j.candid.parser.IDLValue;
import org.ic4j.candid.types.Type;
import org.ic4j.types.Principal;

/**
 * The Factory canister on a PocketIC instance, called the way {@code factory.did} reads. Its admin is the
 * principal that created it (the Factory's admins are its controllers).
 */
final class FactoryCanister {

    /** What the Factory gets on creation: enough for several Zones (1 T each) above its 2 T default reserve. */
    static final BigInteger STARTING_CYCLES = new BigInteger("100000000000000");

    private final PocketIc pic;
    private final Principal id;
    private final Principal admin;

    private FactoryCanister(PocketIc pic, Principal id, Principal admin) {
        this.pic = pic;
        this.id = id;
        this.admin = admin;
    }

    /** Creates a canister controlled by {@code admin} with {@code cycles} and installs {@code wasm} on it. */
    static FactoryCanister install(PocketIc pic, Principal admin, byte[] wasm, BigInteger cycles) {
        Principal canister = pic.createCanister(admin, CanisterSettings.none(), cycles, Optional.empty());
        pic.installCode(admin, canister, wasm, CandidArguments.encode());
        return new FactoryCanister(pic, canister, admin);
    }

    Principal id() {
        return id;
    }

    Principal admin() {
        return admin;
    }

    /** Upgrades the Factory itself to {@code wasm}, keeping its state (enhanced orthogonal persistence). */
    void upgradeTo(byte[] wasm) {
        pic.upgradeCanister(admin, id, wasm, CandidArguments.encode());
    }

    // ---- zones ---------------------------------------------------------------------------------------------

    CandidValue createZone(Principal caller, CreateZoneArgs args) {
        return update(caller, "create_zone", args.toCandid());
    }

    /** {@code create_zone} as the admin, which must succeed; the new Zone. */
    ZoneCanister createZone(CreateZoneArgs args) {
        return new ZoneCanister(pic, createZone(admin, args).ok().field("canister").principal());
    }

    List<CandidValue> listZones() {
        return query("list_zones").vec();
    }

    Optional<Principal> zoneCanister(String zoneId) {
        return query("get_zone_canister", zoneId).opt().map(CandidValue::principal);
    }

    Optional<String> canisterZone(Principal canister) {
        return query("get_canister_zone", canister).opt().map(CandidValue::text);
    }

    /** The {@code list_zones} record of {@code canister}. */
    CandidValue zoneRecord(Principal canister) {
        return listZones().stream().filter(record -> record.field("canister").principal().toString().equals(canister.toString()))
                .findFirst().orElseThrow(() -> new AssertionError(canister + " is not in list_zones"));
    }

    /** {@code reattach_zone}: the Factory takes a self-managed Zone back once it is a controller again. */
    CandidValue reattachZone(Principal caller, Principal canister) {
        return update(caller, "reattach_zone", canister);
    }

    // ---- owner requests ------------------------------------------------------------------------------------

    /** {@code request_zone} for a call that must answer without an outcall (refused up front). */
    CandidValue requestZone(Principal caller, ZoneRequest request) {
        return update(caller, "request_zone", request);
    }

    /**
     * Submits {@code request_zone} and runs rounds until the ownership check's HTTP outcall is pending; the test
     * inspects it and answers it ({@link PendingOutcallCall#answer}).
     */
    PendingOutcallCall startZoneRequest(Principal caller, ZoneRequest request) {
        return PendingOutcallCall.submit(pic, id, caller, "request_zone", CandidArguments.encode(request));
    }

    CandidValue configureRequests(Principal caller, RequestPolicy policy) {
        return update(caller, "configure_requests", policy);
    }

    CandidValue requestPolicy() {
        return query("get_request_policy");
    }

    // ---- battery -------------------------------------------------------------------------------------------

    CandidValue refillZones(Principal caller) {
        return update(caller, "refill_zones");
    }

    Optional<CandidValue> lastRefillReport() {
        return query("get_last_refill_report").opt();
    }

    /** {@code get_fleet_monitoring}: per Zone, its balance samples, burn per day and seconds until freezing. */
    List<CandidValue> fleetMonitoring() {
        return query("get_fleet_monitoring").vec();
    }

    CandidValue configure(Principal caller, FactorySettings settings) {
        return update(caller, "configure", settings);
    }

    /** {@code configure} as the admin, which must succeed. */
    void configure(FactorySettings settings) {
        configure(admin, settings).ok();
    }

    FactorySettings settings() {
        return FactorySettings.from(query("get_settings"));
    }

    BigInteger cyclesBalance() {
        return query("cycles_balance").nat();
    }

    // ---- upgrades and versions -----------------------------------------------------------------------------

    /** {@code upgrade_zones}: {@code batch} empty = all children. */
    CandidValue upgradeZones(Principal caller, Optional<List<Principal>> batch) {
        IDLType type = IDLType.createType(Type.OPT, IDLType.createType(Type.VEC, IDLType.createType(Type.PRINCIPAL)));
        return update(caller, "upgrade_zones",
                IDLValue.create(batch.map(list -> list.toArray(Principal[]::new)), type));
    }

    BigInteger version() {
        return query("get_version").nat();
    }

    BigInteger zoneCodeVersion() {
        return query("get_zone_code_version").nat();
    }

    // ---- plumbing ------------------------------------------------------------------------------------------

    private CandidValue update(Principal caller, String method, Object... arguments) {
        return CandidValue.decode(pic.updateCall(id, caller, method, CandidArguments.encode(arguments)));
    }

    private CandidValue query(String method, Object... arguments) {
        return CandidValue.decode(pic.queryCall(id, Principal.anonymous(), method, CandidArguments.encode(arguments)));
    }
}
