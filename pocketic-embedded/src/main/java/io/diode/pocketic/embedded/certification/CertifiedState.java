package io.diode.pocketic.embedded.certification;

import com.fasterxml.jackson.dataformat.cbor.CBORFactory;
import com.fasterxml.jackson.dataformat.cbor.CBORGenerator;
import io.diode.pocketic.embedded.api.CallResult;
import io.diode.pocketic.embedded.api.MessageId;
import io.diode.pocketic.embedded.api.SubnetInfo;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.ic4j.types.Principal;

/**
 * The part of an instance's state tree a certificate is about (IC interface specification, "The system state
 * tree"), assembled from the engine's answers: {@code time}, {@code canister/<id>/...},
 * {@code request_status/<id>/...} and {@code subnet/<id>/...}. A certificate reveals the requested paths and
 * prunes the rest, so agents can tell an absent value (such as the module hash of an empty canister) from a
 * hidden one.
 */
public final class CertifiedState {

    private static final int SELF_DESCRIBED_CBOR_TAG = 55799;
    private static final CBORFactory CBOR = new CBORFactory();

    private LabeledTree.Node tree;

    /** A state holding only the time, which every certificate carries. */
    public CertifiedState(long timeNanos) {
        tree = LabeledTree.empty()
                .with(
                        List.of(label("time")),
                        LabeledTree.leaf(RepresentationIndependentHash.leb128(BigInteger.valueOf(timeNanos))));
    }

    /** The paths of a data certificate: the canister's certified data, and the time. */
    public static List<List<byte[]>> dataCertificatePaths(Principal canister) {
        return List.of(
                List.of(label("canister"), canister.getValue(), label("certified_data")), List.of(label("time")));
    }

    public CertifiedState withCertifiedData(Principal canister, byte[] certifiedData) {
        return with(LabeledTree.leaf(certifiedData), label("canister"), canister.getValue(), label("certified_data"));
    }

    /** The module hash leaf; an empty canister has none, so leave it out for those. */
    public CertifiedState withModuleHash(Principal canister, byte[] moduleHash) {
        return with(LabeledTree.leaf(moduleHash), label("canister"), canister.getValue(), label("module_hash"));
    }

    /** Controllers as the spec encodes them: a self-described CBOR array of principal blobs. */
    public CertifiedState withControllers(Principal canister, List<Principal> controllers) {
        return with(
                LabeledTree.leaf(cborArrayOfBlobs(
                        controllers.stream().map(Principal::getValue).toList())),
                label("canister"),
                canister.getValue(),
                label("controllers"));
    }

    /**
     * The status of an ingress message: {@code processing} while it runs, then {@code replied} with the reply or
     * {@code rejected} with the reject code, message and error code.
     */
    public CertifiedState withRequestStatus(MessageId requestId, Optional<CallResult> result) {
        byte[] id = requestId.bytes();
        byte[] prefix = label("request_status");
        if (result.isEmpty()) {
            return with(LabeledTree.leaf("processing"), prefix, id, label("status"));
        }
        switch (result.get()) {
            case CallResult.Reply reply -> {
                with(LabeledTree.leaf("replied"), prefix, id, label("status"));
                with(LabeledTree.leaf(reply.data()), prefix, id, label("reply"));
            }
            case CallResult.Reject reject -> {
                with(LabeledTree.leaf("rejected"), prefix, id, label("status"));
                with(
                        LabeledTree.leaf(RepresentationIndependentHash.leb128(
                                BigInteger.valueOf(reject.code().code()))),
                        prefix,
                        id,
                        label("reject_code"));
                with(LabeledTree.leaf(reject.message()), prefix, id, label("reject_message"));
                if (reject.errorCode() != null) {
                    with(LabeledTree.leaf(reject.errorCode()), prefix, id, label("error_code"));
                }
            }
        }
        return this;
    }

    /**
     * The subnet's entry: its public key (DER), the canister id ranges it hosts (a self-described CBOR array of
     * {@code [low, high]} principal pairs), and each node's public key (DER), which query signatures use.
     */
    public CertifiedState withSubnet(SubnetInfo subnet, byte[] publicKeyDer, Map<Principal, byte[]> nodeKeys) {
        byte[] prefix = label("subnet");
        byte[] id = subnet.subnetId().getValue();
        with(LabeledTree.leaf(publicKeyDer), prefix, id, label("public_key"));
        with(LabeledTree.leaf(cborRanges(subnet.canisterRanges())), prefix, id, label("canister_ranges"));
        nodeKeys.forEach((node, key) ->
                with(LabeledTree.leaf(key), prefix, id, label("node"), node.getValue(), label("public_key")));
        return this;
    }

    /** The hash tree revealing {@code paths} (and always the time), everything else pruned. */
    public HashTree witness(List<List<byte[]>> paths) {
        List<List<byte[]>> withTime = new ArrayList<>(paths);
        withTime.add(List.of(label("time")));
        return tree.witness(withTime);
    }

    /** The CBOR certificate of {@link #witness(List)}, signed with the subnet's key. */
    public byte[] certificate(StateRootSigner signer, List<List<byte[]>> paths) {
        return SubnetSigningKey.certificate(witness(paths), signer);
    }

    private CertifiedState with(LabeledTree value, byte[]... path) {
        tree = tree.with(List.of(path), value);
        return this;
    }

    public static byte[] label(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] cborArrayOfBlobs(List<byte[]> blobs) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (CBORGenerator out = CBOR.createGenerator(bytes)) {
            out.writeTag(SELF_DESCRIBED_CBOR_TAG);
            out.writeStartArray(null, blobs.size());
            for (byte[] blob : blobs) {
                out.writeBinary(blob);
            }
            out.writeEndArray();
        } catch (IOException e) {
            throw new UncheckedIOException("writing CBOR to memory failed", e);
        }
        return bytes.toByteArray();
    }

    private static byte[] cborRanges(List<SubnetInfo.CanisterIdRange> ranges) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (CBORGenerator out = CBOR.createGenerator(bytes)) {
            out.writeTag(SELF_DESCRIBED_CBOR_TAG);
            out.writeStartArray(null, ranges.size());
            for (SubnetInfo.CanisterIdRange range : ranges) {
                out.writeStartArray(null, 2);
                out.writeBinary(range.start().getValue());
                out.writeBinary(range.end().getValue());
                out.writeEndArray();
            }
            out.writeEndArray();
        } catch (IOException e) {
            throw new UncheckedIOException("writing CBOR to memory failed", e);
        }
        return bytes.toByteArray();
    }
}
