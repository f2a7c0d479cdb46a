package io.diode.maven.release;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.ic4j.candid.parser.IDLArgs;
import org.ic4j.candid.parser.IDLType;
import org.ic4j.candid.parser.IDLValue;
import org.ic4j.candid.types.Label;
import org.ic4j.candid.types.Type;
import org.ic4j.types.Principal;

/**
 * Candid arguments and replies of the management-canister methods the release goals call, after the IC
 * interface specification's {@code ic.did}. Values are given explicit types so that {@code nat}, {@code opt}
 * and {@code blob} fields are encoded exactly as declared.
 */
final class ManagementCandid {
    private ManagementCandid() {
    }

    static byte[] provisionalCreateCanisterWithCycles(BigInteger cycles) {
        Map<Label, IDLType> settingsType = new TreeMap<>();
        settingsType.put(label("controllers"), opt(vec(principal())));
        return record(new Fields()
                .add("amount", Optional.of(cycles), opt(nat()))
                .add("settings", Optional.empty(), opt(IDLType.createType(Type.RECORD, settingsType))));
    }

    static byte[] installCode(Principal canister, InstallMode mode, byte[] wasm, byte[] arg, boolean keepMainMemory) {
        return record(new Fields()
                .add("mode", modeValue(mode, keepMainMemory), modeType(mode, keepMainMemory))
                .add("canister_id", canister, principal())
                .add("wasm_module", wasm, blob())
                .add("arg", arg, blob()));
    }

    static byte[] uploadChunk(Principal canister, byte[] chunk) {
        return record(new Fields().add("canister_id", canister, principal()).add("chunk", chunk, blob()));
    }

    static byte[] installChunkedCode(Principal canister, InstallMode mode, List<byte[]> chunkHashes, byte[] wasmModuleHash,
                                     byte[] arg, boolean keepMainMemory) {
        Map<Label, IDLType> hashType = new TreeMap<>();
        hashType.put(label("hash"), blob());
        List<Map<Label, Object>> hashes = new ArrayList<>();
        for (byte[] hash : chunkHashes) {
            Map<Label, Object> entry = new TreeMap<>();
            entry.put(label("hash"), hash);
            hashes.add(entry);
        }
        return record(new Fields()
                .add("mode", modeValue(mode, keepMainMemory), modeType(mode, keepMainMemory))
                .add("target_canister", canister, principal())
                .add("store_canister", Optional.empty(), opt(principal()))
                .add("chunk_hashes_list", hashes.toArray(), vec(IDLType.createType(Type.RECORD, hashType)))
                .add("wasm_module_hash", wasmModuleHash, blob())
                .add("arg", arg, blob()));
    }

    static byte[] canisterIdOnly(Principal canister) {
        return record(new Fields().add("canister_id", canister, principal()));
    }

    static Principal decodeCreatedCanister(byte[] reply) throws ReleaseException {
        CandidReply candid = CandidReply.of("provisional_create_canister_with_cycles");
        Map<Label, Object> record = candid.record(CandidReply.firstValue(reply, "provisional_create_canister_with_cycles"), "the result");
        return candid.principal(candid.field(record, "canister_id"), "canister_id");
    }

    static byte[] decodeChunkHash(byte[] reply) throws ReleaseException {
        CandidReply candid = CandidReply.of("upload_chunk");
        Map<Label, Object> record = candid.record(CandidReply.firstValue(reply, "upload_chunk"), "the result");
        return candid.blob(candid.field(record, "hash"), "hash");
    }

    static CanisterStatus decodeCanisterStatus(byte[] reply) throws ReleaseException {
        CandidReply candid = CandidReply.of("canister_status");
        Map<Label, Object> record = candid.record(CandidReply.firstValue(reply, "canister_status"), "the result");
        String status = candid.variant(candid.field(record, "status"), "status", "running", "stopping", "stopped").getKey();
        Map<Label, Object> settings = candid.record(candid.field(record, "settings"), "settings");
        List<Principal> controllers = new ArrayList<>();
        for (Object controller : candid.vector(candid.field(settings, "controllers"), "settings.controllers")) {
            controllers.add(candid.principal(controller, "a controller"));
        }
        Optional<?> hash = candid.optional(candid.field(record, "module_hash"), "module_hash");
        Optional<String> moduleHash = hash.isPresent()
                ? Optional.of(HexFormat.of().formatHex(candid.blob(hash.get(), "module_hash"))) : Optional.empty();
        return new CanisterStatus(status, candid.nat(candid.field(record, "cycles"), "cycles"),
                candid.nat(candid.field(record, "memory_size"), "memory_size"), moduleHash, controllers);
    }

    /**
     * The install mode as a one-case variant. ic4j-candid 0.7.2 always writes variant index 0, which would pick
     * the wrong case of the full {@code canister_install_mode}; a one-case variant type is a Candid subtype of
     * it, so the management canister decodes the intended case.
     */
    private static Map<Label, Object> modeValue(InstallMode mode, boolean keepMainMemory) {
        Map<Label, Object> variant = new TreeMap<>();
        if (mode == InstallMode.UPGRADE) {
            Map<Label, Object> options = new TreeMap<>();
            if (keepMainMemory) {
                Map<Label, Object> keep = new TreeMap<>();
                keep.put(label("keep"), null);
                options.put(label("wasm_memory_persistence"), Optional.of(keep));
            }
            variant.put(label("upgrade"), Optional.of(options));
        } else {
            variant.put(label(mode.candidName()), null);
        }
        return variant;
    }

    private static IDLType modeType(InstallMode mode, boolean keepMainMemory) {
        Map<Label, IDLType> cases = new TreeMap<>();
        if (mode == InstallMode.UPGRADE) {
            Map<Label, IDLType> options = new TreeMap<>();
            if (keepMainMemory) {
                Map<Label, IDLType> persistence = new TreeMap<>();
                persistence.put(label("keep"), IDLType.createType(Type.NULL));
                options.put(label("wasm_memory_persistence"), opt(IDLType.createType(Type.VARIANT, persistence)));
            }
            cases.put(label("upgrade"), opt(IDLType.createType(Type.RECORD, options)));
        } else {
            cases.put(label(mode.candidName()), IDLType.createType(Type.NULL));
        }
        return IDLType.createType(Type.VARIANT, cases);
    }

    static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }

    private static byte[] record(Fields fields) {
        return IDLArgs.create(List.of(IDLValue.create(fields.values, IDLType.createType(Type.RECORD, fields.types)))).toBytes();
    }

    private static Label label(String name) {
        return Label.createNamedLabel(name);
    }

    static IDLType opt(IDLType inner) {
        return IDLType.createType(Type.OPT, inner);
    }

    static IDLType vec(IDLType inner) {
        return IDLType.createType(Type.VEC, inner);
    }

    static IDLType blob() {
        return vec(IDLType.createType(Type.NAT8));
    }

    static IDLType nat() {
        return IDLType.createType(Type.NAT);
    }

    static IDLType principal() {
        return IDLType.createType(Type.PRINCIPAL);
    }

    /** Field values and their declared types, kept in label order as ic4j-candid expects. */
    private static final class Fields {
        final Map<Label, Object> values = new TreeMap<>();
        final Map<Label, IDLType> types = new TreeMap<>();

        Fields add(String name, Object value, IDLType type) {
            values.put(label(name), value);
            types.put(label(name), type);
            return this;
        }
    }
}
