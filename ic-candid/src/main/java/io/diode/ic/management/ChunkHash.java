package io.diode.ic.management;

/** {@code chunk_hash}: {@code record { hash : blob }}, the SHA-256 of a chunk (upload_chunk's result). */
public record ChunkHash(byte[] hash) {}
