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

/* What the header tells before a decode: the stored size, and whether the picture comes in
 * several scans (progressive), which libjpeg must read whole before it gives the first row. */
struct kiosk_jpeg_info {
    int width, height;
    int multiple_scans;
};

int kiosk_jpeg_info(const unsigned char *data, size_t size, struct kiosk_jpeg_info *info,
                    char *err, size_t errlen);

/* What a decode does from the row it has reached: decode the next rows, skip them (their data
 * is still read, so damage is still noticed, but no pixel is made), or stop there. */
enum {
    KIOSK_JPEG_DECODE = 0,
    KIOSK_JPEG_SKIP = 1,
    KIOSK_JPEG_STOP = 2,
};

/* Called with rows [row, row + count) of the scaled picture, `pitch` bytes apart, in XRGB; with
 * count 0 and no rows at the start and after each skip. Returns what to do next. Valid only
 * during the call; never called from inside libjpeg, so an error never jumps over it. */
typedef int (*kiosk_jpeg_step_fn)(void *context, int row, int count, const unsigned char *rows, int pitch);

/* Decodes the JPEG in `data` at `scale_num`/8 as `step` asks: all of it, or a band of rows (two
 * decoders on two threads can share a picture: one skips to the lower band while the other
 * decodes the upper one). The size and the failures are kiosk_jpeg_decode's; a decode that
 * reaches the last row also reads up to the end marker. A skip that would reach the last row
 * stops instead. */
int kiosk_jpeg_decode_steps(const unsigned char *data, size_t size, int scale_num, int out_width, int out_height,
                            kiosk_jpeg_step_fn step, void *context, char *err, size_t errlen);

/* A place a decode may begin other than the top: a restart marker at the start of a row of MCUs. */
struct kiosk_jpeg_start {
    int row;               /* the first row (full size) decoded from here */
    size_t offset;         /* the entropy-coded data of that row */
    size_t header_size;    /* where the header's bytes end */
    size_t height_at;      /* where the frame header's height is */
};

/* For a baseline JPEG with restart markers (DRI), the usable restart point nearest each of `rows`
 * (full-size rows), written to `starts`. Returns `count`, or 0 when the JPEG has no such points
 * (no restart markers, progressive, several scans, markers out of order): decode it from the top. */
int kiosk_jpeg_restarts(const unsigned char *data, size_t size, const int *rows, struct kiosk_jpeg_start *starts, int count);

/* As kiosk_jpeg_decode_steps, from a restart point `start` (from kiosk_jpeg_restarts) to the
 * bottom: the rows above it are not read at all, and rows are numbered as in the whole picture.
 * `out_width`×`out_height` is the whole picture's scaled size; `scale_num` at most 8. */
int kiosk_jpeg_decode_steps_from(const unsigned char *data, size_t size, const struct kiosk_jpeg_start *start, int scale_num,
                                 int out_width, int out_height, kiosk_jpeg_step_fn step, void *context, char *err, size_t errlen);

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
    KIOSK_JPEG_RESTARTS = 8,     /* a restart marker every row of MCUs, as many cameras write */
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
