package io.hashmatch.decode;

/**
 * What {@link ImageHeaderProbe} read from a file's header, before any pixel is decoded.
 *
 * @param format the container format
 * @param width declared width in pixels (positive)
 * @param height declared height in pixels (positive)
 * @param pngColourType PNG colour type (0, 2, 3, 4, 6), or -1 for other formats
 * @param bitDepth bits per sample where the header says so (PNG, BMP bits per pixel, TIFF), else -1
 * @param jpegComponents number of JPEG colour components (1 grey, 3 YCbCr/RGB, 4 CMYK/YCCK), else -1
 * @param bodyOffset where the completeness check resumes: after the JPEG SOF segment, after the GIF image
 *     descriptor, else 0
 */
record ImageHeader(
        ImageFormat format,
        long width,
        long height,
        int pngColourType,
        int bitDepth,
        int jpegComponents,
        int bodyOffset) {

    /** width x height; {@link Long#MAX_VALUE} when that overflows (TIFF sizes are 32-bit unsigned each). */
    long pixels() {
        return Math.multiplyHigh(width, height) == 0 && width * height >= 0 ? width * height : Long.MAX_VALUE;
    }

    /** "4000x3000" */
    String size() {
        return width + "x" + height;
    }
}
