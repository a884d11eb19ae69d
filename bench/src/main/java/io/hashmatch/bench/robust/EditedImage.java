package io.hashmatch.bench.robust;

import java.awt.Rectangle;
import java.awt.image.BufferedImage;

/**
 * One edited copy of a source photograph, before encoding.
 *
 * <p>Geometry: {@code sourceKept} is the part of the source (in source pixels) whose content the copy shows, and
 * {@code placed} the rectangle of the copy (in its pixels) where that content lies, scaled (and for
 * {@link EditKind#MIRROR_CROP5} mirrored). For edits that change the whole picture without moving it (filters,
 * rotation, stretch) both are the whole image. Not thread-safe (holds a mutable image).
 *
 * @param image the edited pixels, RGB
 * @param sourceKept the part of the source shown
 * @param placed where it lies in {@code image}
 * @param jpegQuality JPEG quality 1..100 to save it with, or 0 for lossless PNG
 */
public record EditedImage(BufferedImage image, Rectangle sourceKept, Rectangle placed, int jpegQuality) {

    /** File extension of the encoding: {@code jpg} or {@code png}. */
    public String extension() {
        return jpegQuality == 0 ? "png" : "jpg";
    }
}
