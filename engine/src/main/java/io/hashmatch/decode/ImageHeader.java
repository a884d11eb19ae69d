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
 * @param progressive a progressive JPEG (libjpeg then holds every coefficient of the image), else false
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
        boolean progressive,
        int bodyOffset) {

    /** width x height; {@link Long#MAX_VALUE} when that overflows (TIFF sizes are 32-bit unsigned each). */
    long pixels() {
        return Math.multiplyHigh(width, height) == 0 && width * height >= 0 ? width * height : Long.MAX_VALUE;
    }

    /**
     * A bound on the memory one decode and hash of this image takes at its peak, in bytes: the native copy of the
     * file ({@code fileBytes}), the decoder's output at its own sample size and channel count, the 8-bit copy
     * hashmatch narrows it to, and the decoder's working buffers that scale with the image (a progressive JPEG's
     * coefficients, the pure-Java decoders' ARGB raster). Pessimistic on purpose: where the header does not say
     * (palette transparency, CMYK output), the larger case is assumed. Saturates at
     * {@link Long#MAX_VALUE}.
     */
    long decodeBytes(long fileBytes) {
        long perPixel =
                switch (format) {
                    // decoded at 1 or 2 bytes per sample (grey, BGR, BGRA; palette and grey+alpha may come out as
                    // BGRA), plus the 8-bit copy of a 16-bit result
                    case PNG -> {
                        int channels = pngColourType == 0 ? 1 : pngColourType == 2 ? 3 : 4;
                        yield bitDepth == 16 ? channels * 3L : channels;
                    }
                    // output BGR (or grey; CMYK counted as 4), plus libjpeg's whole-image coefficient buffer of a
                    // progressive JPEG (2 bytes per coefficient per component)
                    case JPEG -> (jpegComponents == 1 ? 1 : 4) + (progressive ? 2L * jpegComponents : 0);
                    // Commons Imaging's ARGB raster plus the BGRA copy
                    case GIF -> 8;
                    // OpenCV's BGRA, or the ImageIO fallback's raster plus the BGRA copy
                    case BMP -> 8;
                    // libwebp's BGRA plus its YUV planes
                    case WEBP -> 6;
                    // up to 4 samples of up to 4 bytes, the 8-bit copy, or the ImageIO fallback
                    case TIFF -> 4L * Math.max(1, Math.min(4, (bitDepth + 7) / 8)) + 4 + 8;
                };
        // the PDQ downsampler's rows and columns: a few floats per pixel of width and height
        long buffers = (width + height) * 256;
        long pixels = pixels();
        if (pixels > (Long.MAX_VALUE - buffers - Math.max(0, fileBytes)) / perPixel) {
            return Long.MAX_VALUE;
        }
        return pixels * perPixel + buffers + Math.max(0, fileBytes);
    }

    /** "4000x3000" */
    String size() {
        return width + "x" + height;
    }
}
