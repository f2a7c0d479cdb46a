package io.diode.ic.management;

import io.diode.candid.CandidName;
import io.diode.candid.Principal;

/** {@code upload_chunk_args}. */
public record UploadChunkArgs(@CandidName("canister_id") Principal canisterId, byte[] chunk) {}
