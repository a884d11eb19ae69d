package io.hashmatch.decode;

/**
 * What an image's header declares, read without decoding pixels (see {@link ImageDecoder#probe}).
 *
 * <p>Immutable; thread-safe.
 *
 * @param format the container format, detected from the magic number
 * @param width declared width in pixels (positive)
 * @param height declared height in pixels (positive)
 * @param decodeBytes a bound on the memory decoding and hashing this file takes at its peak, in bytes: the file's
 *     copy, the decoded pixels at the decoder's sample size, their 8-bit copy and the decoder's buffers that grow
 *     with the image (pessimistic where the header does not tell; {@link Long#MAX_VALUE} when it overflows). A
 *     caller can admit decodes against a memory budget with it before any pixel is allocated.
 */
public record ImageInfo(ImageFormat format, long width, long height, long decodeBytes) {}
