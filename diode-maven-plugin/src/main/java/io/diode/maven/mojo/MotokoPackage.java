package io.diode.maven.mojo;

import java.io.File;

/** A {@code <package>} element: imports of {@code mo:<name>/...} resolve to files under {@code path}. */
public class MotokoPackage {
    String name;
    File path;
}
