package io.hashmatch.decode;

/**
 * What an image's header declares, read without decoding pixels (see {@link ImageDecoder#probe}).
 *
 * <p>Immutable; thread-safe.
 *
 * @param format the container format, detected from the magic number
 * @param width declared width in pixels (positive)
 * @param height declared height in pixels (positive)
 */
public record ImageInfo(ImageFormat format, long width, long height) {}
