#ifndef KIOSK_JPEG_H
#define KIOSK_JPEG_H

/*
 * JPEG decoding (and, for tests and the benchmark, encoding) with libjpeg-turbo.
 *
 * libjpeg reports errors by longjmp, which Swift cannot survive: these functions own the setjmp,
 * never let an error escape, and report it as a message in `err` (always NUL-terminated when
 * errlen > 0). They return 0 on success and -1 on failure.
 *
 * Pixels are 32-bit XRGB in native byte order, SDL_PIXELFORMAT_RGB888, with the X byte 0xFF.
 */

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/* The stored size of the JPEG in `data` (before any EXIF turn). */
int kiosk_jpeg_header(const unsigned char *data, size_t size, int *width, int *height,
                      char *err, size_t errlen);

/* Decodes the JPEG in `data` at scale `scale_num`/8 (1…16) into `pixels`, rows `pitch` bytes apart.
 * `out_width`×`out_height` must be the scaled size, each side ceil(side * scale_num / 8): anything
 * else is refused before a pixel is written. Grayscale, YCbCr, RGB, CMYK and YCCK are decoded;
 * warnings that mean lost or wrong pixels (a cut-off file, corrupt entropy data) are failures. */
int kiosk_jpeg_decode(const unsigned char *data, size_t size, int scale_num,
                      unsigned char *pixels, int pitch, int out_width, int out_height,
                      char *err, size_t errlen);

enum {
    KIOSK_JPEG_GRAYSCALE = 1,    /* one channel, the luminance of the pixels */
    KIOSK_JPEG_CMYK = 2,         /* Adobe (Photoshop) inverted CMYK, as printers' files are */
    KIOSK_JPEG_PROGRESSIVE = 4,
};

/* Encodes `width`×`height` XRGB pixels at `quality` (1…100, 4:2:0 for colour) with the `flags`
 * above and, when `orientation` is 2…8, an EXIF segment holding it. On success `*out` is a buffer
 * of `*out_size` bytes to release with kiosk_jpeg_free. */
int kiosk_jpeg_encode(const unsigned char *pixels, int pitch, int width, int height, int quality,
                      int flags, int orientation, unsigned char **out, size_t *out_size,
                      char *err, size_t errlen);

void kiosk_jpeg_free(unsigned char *buffer);

#ifdef __cplusplus
}
#endif

#endif
