package io.hashmatch.service.lists;

import java.nio.file.Path;

/**
 * A process that rewrites the manifest of a work directory as fast as it can until it is killed: version i lists
 * uploads {@code l0..l(i-1)}. {@link ServedListsManifestTest} kills it with SIGKILL at a random moment.
 */
final class ManifestWriterChild {
    private ManifestWriterChild() {}

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        ServedListsManifest m = ServedListsManifest.EMPTY;
        for (int i = 0; ; i++) {
            m = m.withUpload("l" + i, "l" + i + "." + i + ".hmsnap");
            m.write(dir);
            if (i == 0) {
                System.out.println("writing");
                System.out.flush();
            }
        }
    }
}
