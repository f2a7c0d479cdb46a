package io.diode.maven.build;

/** A file in the output directory with its size and SHA-256 (hex). */
public record ModuleFile(String file, long size, String sha256) {}
