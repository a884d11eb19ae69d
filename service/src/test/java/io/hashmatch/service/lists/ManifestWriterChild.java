package io.hashmatch.service.lists;

import java.nio.file.Path;

/**
 * A process that rewrites the manifest of a work directory as fast as it can until it is killed: write i lists uploads
 * {@code l0..li}, and "wrote i" is printed once it returned. {@link ServedListsManifestTest} kills it with SIGKILL
 * after a random number of writes.
 */
final class ManifestWriterChild {
    private ManifestWriterChild() {}

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        ServedListsManifest m = ServedListsManifest.EMPTY;
        for (int i = 0; ; i++) {
            m = m.withUpload("l" + i, "l" + i + "." + i + ".hmsnap");
            m.write(dir);
            System.out.println("wrote " + i);
            System.out.flush();
        }
    }
}
