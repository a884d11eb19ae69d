package io.hashmatch.scan;

import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * Where disk image scans keep their progress, so that a killed scan resumes inside an image and not from its start:
 * the units of each image an earlier run did ({@link Journal}'s unit lines), and where the units done now go. A disk
 * image scan numbers its units in an order the image fixes (see {@link DiskImageScan}). The {@link Scanner} sets them
 * up for its run; until then, and without a scanner, nothing is kept. Thread-safe: units are done on any thread.
 */
final class ImageCheckpoints {
    /** One done unit of the image at {@code image}, with its records (none when nothing was carved there). */
    record Unit(String image, int unit, List<ScannedFile> records) {}

    private volatile Map<String, Map<Integer, List<ScannedFile>>> earlier = Map.of();
    private volatile BiConsumer<String, Integer> before = (image, unit) -> {};
    private volatile Consumer<Unit> sink = unit -> {};

    /**
     * Starts a run.
     *
     * @param earlier for each image an earlier run did not finish (its path), its units done, by unit
     * @param before told of each unit this run is about to do (the image's path, the unit), on the thread that will
     *     do it ({@link Scanner.Builder#beforeScanning})
     * @param sink where each unit done in this run goes, on the thread that did it
     */
    void start(
            Map<String, Map<Integer, List<ScannedFile>>> earlier,
            BiConsumer<String, Integer> before,
            Consumer<Unit> sink) {
        this.earlier = earlier;
        this.before = before;
        this.sink = sink;
    }

    /** The units of the image at {@code image} that an earlier run did, by unit. */
    Map<Integer, List<ScannedFile>> earlier(String image) {
        Map<Integer, List<ScannedFile>> done = earlier.get(image);
        return done == null ? Map.of() : done;
    }

    /** Says that unit {@code unit} of the image at {@code image}, not done by an earlier run, is about to be done. */
    void starting(String image, int unit) {
        before.accept(image, unit);
    }

    /** Keeps unit {@code unit} of the image at {@code image} as done with {@code records}. */
    void done(String image, int unit, List<ScannedFile> records) {
        sink.accept(new Unit(image, unit, List.copyOf(records)));
    }
}
