#include "kiosk_jpeg.h"

#include <setjmp.h>
#include <stdio.h>   /* jpeglib.h uses FILE without including it */
#include <stdlib.h>
#include <string.h>

#include <jpeglib.h>
#include <jerror.h>   /* after jpeglib.h: which messages exist depends on jconfig.h */

/* SDL_PIXELFORMAT_RGB888 is a native-endian 0xXXRRGGBB word. The A variants, not X: libjpeg-turbo
 * leaves an X byte undefined but sets an alpha byte to 0xFF, as the rest of the kiosk does. */
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
#define XRGB_OUT JCS_EXT_ARGB
#define XRGB_IN JCS_EXT_XRGB
enum { X_AT = 0, R_AT = 1, G_AT = 2, B_AT = 3 };
#else
#define XRGB_OUT JCS_EXT_BGRA
#define XRGB_IN JCS_EXT_BGRX
enum { B_AT = 0, G_AT = 1, R_AT = 2, X_AT = 3 };
#endif

/* What libjpeg may allocate for one picture. Only progressive JPEGs keep a whole-image buffer
 * (2 bytes a sample: 72 MB for 24 megapixels in 4:2:0); beyond this one is refused, not decoded. */
#ifndef MEMORY_LIMIT
#define MEMORY_LIMIT (512L << 20)
#endif

struct kiosk_error {
    struct jpeg_error_mgr pub;
    jmp_buf jump;
    /* The stop was a warning that means lost or wrong pixels, not a fatal error. */
    int damaged;
    char message[JMSG_LENGTH_MAX];
    /* The encoder's output, here rather than in a local so it is still known after a longjmp. */
    unsigned char *buffer;
    unsigned long buffer_size;
};

static void stop(j_common_ptr cinfo) {
    struct kiosk_error *e = (struct kiosk_error *)cinfo->err;
    (*cinfo->err->format_message)(cinfo, e->message);
    longjmp(e->jump, 1);
}

/* Whether the warning libjpeg is giving means the picture it delivers is not the one encoded.
 * libjpeg carries on after these, filling what it lost with grey; a kiosk would rather skip the
 * photo. Bytes of padding before the final EOI marker lose nothing and are common enough in
 * phones' files to let through; unknown JFIF versions, Adobe transform codes or a bad ICC
 * profile (unused here) harm no pixel either. */
static int means_damage(const struct jpeg_error_mgr *err) {
    switch (err->msg_code) {
    case JWRN_EXTRANEOUS_DATA:
        return err->msg_parm.i[1] != JPEG_EOI;
    case JWRN_JPEG_EOF:
    case JWRN_HIT_MARKER:
    case JWRN_MUST_RESYNC:
    case JWRN_HUFF_BAD_CODE:
    case JWRN_BOGUS_PROGRESSION:
#if defined(D_ARITH_CODING_SUPPORTED) || JPEG_LIB_VERSION >= 70
    case JWRN_ARITH_BAD_CODE:
#endif
        return 1;
    default:
        return 0;
    }
}

/* libjpeg's default prints warnings to stderr and goes on; a damaged picture stops here instead. */
static void emit(j_common_ptr cinfo, int level) {
    if (level >= 0) return;   /* trace messages */
    cinfo->err->num_warnings++;
    if (means_damage(cinfo->err)) {
        ((struct kiosk_error *)cinfo->err)->damaged = 1;
        stop(cinfo);
    }
}

static struct jpeg_error_mgr *errors(struct kiosk_error *e) {
    memset(e, 0, sizeof *e);
    jpeg_std_error(&e->pub);
    e->pub.error_exit = stop;
    e->pub.emit_message = emit;
    return &e->pub;
}

static void say(char *err, size_t errlen, const char *format, const char *detail) {
    if (err != NULL && errlen > 0) snprintf(err, errlen, format, detail);
}

static void report(const struct kiosk_error *e, char *err, size_t errlen) {
    if (e->pub.msg_code == JERR_NO_BACKING_STORE)   /* libjpeg's words for "over MEMORY_LIMIT" */
        say(err, errlen, "%s", "the JPEG is too large to decode (a progressive JPEG of this size needs over 512 MB)");
    else
        say(err, errlen, e->damaged ? "the JPEG is damaged or cut off (%s)" : "the JPEG cannot be decoded (%s)", e->message);
}

/* One row of CMYK to XRGB. Photoshop writes CMYK inverted (0 = full ink) and marks it with an
 * Adobe segment; without one, the values are taken as plain ink amounts. */
static void cmyk_row(const unsigned char *in, unsigned char *out, int width, int inverted) {
    for (int x = 0; x < width; x++, in += 4, out += 4) {
        unsigned c = in[0], m = in[1], y = in[2], k = in[3];
        if (!inverted) { c = 255 - c; m = 255 - m; y = 255 - y; k = 255 - k; }
        out[R_AT] = (unsigned char)((c * k + 127) / 255);
        out[G_AT] = (unsigned char)((m * k + 127) / 255);
        out[B_AT] = (unsigned char)((y * k + 127) / 255);
        out[X_AT] = 0xFF;
    }
}

/* ---- Restart points ----------------------------------------------------------------------------
 * A baseline JPEG with a restart interval (DRI) resets its Huffman state and DC predictions at each
 * RSTn marker, so a decoder can begin there: given the header with the height of what is left and
 * the data from the marker on, libjpeg decodes the lower part of the picture as a picture of its
 * own, with the same pixels (at n/8 ≤ 4/8 chroma is IDCT-scaled, never upsampled across rows). A
 * usable point begins a row of MCUs and follows the 8k-th marker: libjpeg expects RST0 first. */

/* The scan's layout as the header gives it, and where the header's bytes end. */
struct scan_layout {
    size_t header_size;       /* up to the first byte of entropy-coded data */
    size_t height_at;         /* the SOF's 16-bit height */
    unsigned restart_interval; /* in MCUs */
    unsigned mcus_per_row, mcu_height, height;
};

/* The header's markers, read by hand: libjpeg does not tell where SOF's bytes were. Returns 0 for a
 * single-scan baseline JPEG with restart markers, -1 for anything else. */
static int scan_layout(const unsigned char *d, size_t size, struct scan_layout *out) {
    size_t at = 2, sof = 0;
    unsigned interval = 0, width = 0, height = 0, components = 0, max_h = 1, max_v = 1;
    if (size < 4 || d[0] != 0xFF || d[1] != 0xD8) return -1;
    while (at + 4 <= size) {
        if (d[at] != 0xFF) return -1;
        unsigned m = d[at + 1];
        if (m == 0xFF) return -1;   /* fill bytes between markers: rare, and not worth slicing */
        size_t length = ((size_t)d[at + 2] << 8) | d[at + 3];
        if (length < 2 || at + 2 + length > size) return -1;
        const unsigned char *p = d + at + 4;
        if (m == 0xC0 || m == 0xC1) {   /* baseline or extended sequential Huffman */
            if (length < 8) return -1;
            sof = at + 5;
            height = ((unsigned)p[1] << 8) | p[2];
            width = ((unsigned)p[3] << 8) | p[4];
            components = p[5];
            if (components < 1 || components > 4 || length < 8 + 3 * components) return -1;
            for (unsigned c = 0; c < components; c++) {
                unsigned h = p[7 + 3 * c] >> 4, v = p[7 + 3 * c] & 15;
                if (h > max_h) max_h = h;
                if (v > max_v) max_v = v;
            }
        } else if ((m >= 0xC2 && m <= 0xCF && m != 0xC4 && m != 0xC8 && m != 0xCC)) {
            return -1;   /* progressive, lossless or arithmetic: not sliced */
        } else if (m == 0xDD) {
            if (length < 4) return -1;
            interval = ((unsigned)p[0] << 8) | p[1];
        } else if (m == 0xDA) {
            if (sof == 0 || interval == 0 || width == 0 || height == 0) return -1;
            /* Only every component in one interleaved scan (a single-component scan of a colour
             * picture would be one of several). */
            if (length < 3 || p[0] != components) return -1;
            unsigned mcu_w = 8 * max_h, mcu_h = 8 * max_v;
            if (components == 1) mcu_w = mcu_h = 8;
            out->header_size = at + 2 + length;
            out->height_at = sof;
            out->restart_interval = interval;
            out->mcus_per_row = (width + mcu_w - 1) / mcu_w;
            out->mcu_height = mcu_h;
            out->height = height;
            return 0;
        }
        at += 2 + length;
    }
    return -1;
}

int kiosk_jpeg_restarts(const unsigned char *data, size_t size, const int *rows, struct kiosk_jpeg_start *starts, int count) {
    struct scan_layout layout;
    if (data == NULL || rows == NULL || starts == NULL || count < 1 || scan_layout(data, size, &layout) != 0) return 0;
    for (int i = 0; i < count; i++) starts[i].row = -1;
    /* Markers RST0…RST7 in turn, each ending interval k; 0xFF 0x00 is a stuffed data byte, 0xFF
     * 0xFF fill, anything else ends the scan. Numbering gone wrong means damage: stop, and let the
     * whole decode report it. */
    const unsigned char *p = data + layout.header_size, *end = data + size;
    unsigned long k = 0;
    int found = 0;
    while (p + 1 < end) {
        const unsigned char *ff = memchr(p, 0xFF, (size_t)(end - p) - 1);
        if (ff == NULL) break;
        unsigned m = ff[1];
        if (m == 0x00 || m == 0xFF) { p = ff + 1 + (m == 0x00); continue; }
        if (m < 0xD0 || m > 0xD7 || m - 0xD0 != k % 8) break;
        k++;
        p = ff + 2;
        /* Interval k begins here, at MCU k·interval. */
        unsigned long mcu = k * layout.restart_interval;
        if (k % 8 != 0 || mcu % layout.mcus_per_row != 0) continue;
        unsigned long row = mcu / layout.mcus_per_row * layout.mcu_height;
        if (row >= layout.height) break;
        for (int i = 0; i < count; i++) {
            /* The point nearest each row asked for. */
            long want = rows[i], have = starts[i].row;
            if (have < 0 || labs((long)row - want) < labs(have - want)) {
                if (have < 0) found++;
                starts[i].row = (int)row;
                starts[i].offset = (size_t)(p - data);
                starts[i].header_size = layout.header_size;
                starts[i].height_at = layout.height_at;
            }
        }
    }
    return found == count ? count : 0;
}

/* libjpeg's input for a decode from a restart point: the header with the height of what is left,
 * then the data from the point to the end of the file. */
struct slice_source {
    struct jpeg_source_mgr pub;
    unsigned char *header;   /* from libjpeg's permanent pool: freed with the decompressor */
    const unsigned char *rest;
    size_t rest_size;
    int stage;
};

static void slice_init(j_decompress_ptr cinfo) { (void)cinfo; }
static void slice_term(j_decompress_ptr cinfo) { (void)cinfo; }

static boolean slice_fill(j_decompress_ptr cinfo) {
    struct slice_source *s = (struct slice_source *)cinfo->src;
    static const JOCTET eoi[2] = { 0xFF, (JOCTET)JPEG_EOI };
    if (s->stage == 0) {
        s->stage = 1;
        s->pub.next_input_byte = s->rest;
        s->pub.bytes_in_buffer = s->rest_size;
        return TRUE;
    }
    /* Past the end of the file: as jpeg_mem_src, a warning (which `emit` makes a failure). */
    WARNMS(cinfo, JWRN_JPEG_EOF);
    s->pub.next_input_byte = eoi;
    s->pub.bytes_in_buffer = 2;
    return TRUE;
}

static void slice_skip(j_decompress_ptr cinfo, long count) {
    struct jpeg_source_mgr *src = cinfo->src;
    if (count <= 0) return;
    while ((size_t)count > src->bytes_in_buffer) {
        count -= (long)src->bytes_in_buffer;
        (void)(*src->fill_input_buffer)(cinfo);
    }
    src->next_input_byte += count;
    src->bytes_in_buffer -= (size_t)count;
}

/* The header is copied without its APPn segments (EXIF can take 64 KB; nothing in them matters
 * to the pixels once libjpeg has the colour space, and Adobe's APP14 is kept for that). */
static int slice_source_init(j_decompress_ptr cinfo, struct slice_source *s, const unsigned char *data, size_t size,
                             const struct kiosk_jpeg_start *start) {
    memset(s, 0, sizeof *s);
    if (start->header_size > size || start->offset > size || start->offset < start->header_size || start->height_at + 2 > start->header_size)
        return -1;
    s->header = (*cinfo->mem->alloc_small)((j_common_ptr)cinfo, JPOOL_PERMANENT, start->header_size);
    size_t at = 2, n = 2, sof_out = 0;
    s->header[0] = 0xFF;
    s->header[1] = 0xD8;
    while (at + 4 <= start->header_size) {
        if (data[at] != 0xFF) return -1;
        unsigned m = data[at + 1];
        size_t length = ((size_t)data[at + 2] << 8) | data[at + 3];
        size_t whole = 2 + length;
        if (at + whole > start->header_size) return -1;
        int keep = !(m >= 0xE0 && m <= 0xEF && m != 0xEE) && m != 0xFE;   /* not APPn (but APP14) nor COM */
        if (keep) {
            if (at <= start->height_at && start->height_at < at + whole) sof_out = n + (start->height_at - at);
            memcpy(s->header + n, data + at, whole);
            n += whole;
        }
        at += whole;
    }
    if (at != start->header_size || sof_out == 0) return -1;
    unsigned height = ((unsigned)data[start->height_at] << 8) | data[start->height_at + 1];
    if ((unsigned)start->row >= height) return -1;
    unsigned left = height - (unsigned)start->row;
    s->header[sof_out] = (unsigned char)(left >> 8);
    s->header[sof_out + 1] = (unsigned char)(left & 0xFF);
    s->rest = data + start->offset;
    s->rest_size = size - start->offset;
    s->stage = 0;
    s->pub.init_source = slice_init;
    s->pub.fill_input_buffer = slice_fill;
    s->pub.skip_input_data = slice_skip;
    s->pub.resync_to_restart = jpeg_resync_to_restart;
    s->pub.term_source = slice_term;
    s->pub.next_input_byte = s->header;
    s->pub.bytes_in_buffer = n;
    return 0;
}

/* Rows a decode hands over at once: libjpeg gives 1 or 2 a call (2 for 4:2:0 at 8/8 and below),
 * and the step function is called once a batch rather than once a row. */
enum { BATCH_ROWS = 8 };

/* The header, and with `step` the picture too: one routine, because the setjmp must stay in the
 * frame that cleans up. `step` is never called while a libjpeg call is under way, so a longjmp
 * never jumps over its (Swift) frames. The whole file is in memory: libjpeg-turbo's fast Huffman
 * path runs only while a few kilobytes of data are buffered ahead, which stdio's 4 KB buffer
 * seldom has. */
static int decode(const unsigned char *data, size_t size, const struct kiosk_jpeg_start *start, struct kiosk_jpeg_info *info,
                  int scale_num, int out_width, int out_height, kiosk_jpeg_step_fn step, void *context, char *err, size_t errlen) {
    struct jpeg_decompress_struct cinfo;
    struct kiosk_error e;
    struct slice_source slice;
    /* Where this decode's rows start in the scaled picture: restart points begin on a whole MCU
     * row (8 or 16 rows), so n/8 of it is whole too. */
    const int first_row = start != NULL ? (int)(((long)start->row * scale_num) / 8) : 0;
    volatile int rows_here = out_height - first_row;   /* volatile: read after the setjmp */
    memset(&cinfo, 0, sizeof cinfo);
    cinfo.err = errors(&e);
    if (setjmp(e.jump)) {
        report(&e, err, errlen);
        jpeg_destroy_decompress(&cinfo);
        return -1;
    }
    jpeg_create_decompress(&cinfo);
    cinfo.mem->max_memory_to_use = MEMORY_LIMIT;
    if (start != NULL) {
        if (slice_source_init(&cinfo, &slice, data, size, start) != 0) {
            say(err, errlen, "%s", "the restart point is not in this JPEG");
            jpeg_destroy_decompress(&cinfo);
            return -1;
        }
        cinfo.src = &slice.pub;
    } else {
        jpeg_mem_src(&cinfo, data, (unsigned long)size);
    }
    jpeg_read_header(&cinfo, TRUE);
    if (step == NULL) {
        info->width = (int)cinfo.image_width;
        info->height = (int)cinfo.image_height;
        info->multiple_scans = jpeg_has_multiple_scans(&cinfo) ? 1 : 0;
        jpeg_destroy_decompress(&cinfo);
        return 0;
    }
    int cmyk = cinfo.jpeg_color_space == JCS_CMYK || cinfo.jpeg_color_space == JCS_YCCK;
    cinfo.out_color_space = cmyk ? JCS_CMYK : XRGB_OUT;
    cinfo.scale_num = (unsigned)scale_num;
    cinfo.scale_denom = 8;
    /* Below 8/8 libjpeg-turbo picks reduced-size IDCTs whatever the method (SIMD ones at 1/2 and
     * 1/4, plain C at 3/8, 5/8…7/8). At 8/8 IFAST saved about 4 % and loses accuracy. */
    cinfo.dct_method = JDCT_ISLOW;
    /* At 1/2 and below, 4:2:0 chroma is IDCT-scaled to full size and never upsampled; above, the
     * interpolating upsampler costs 3–5 % over the merged one and gives exactly SDL_image's
     * pixels, without 2-pixel steps of colour along edges. */
    cinfo.do_fancy_upsampling = TRUE;
    jpeg_calc_output_dimensions(&cinfo);
    if ((int)cinfo.output_width != out_width || (int)cinfo.output_height != rows_here) {
        char detail[96];
        snprintf(detail, sizeof detail, "%u×%u at %d/8, not the %d×%d expected",
                 cinfo.output_width, cinfo.output_height, scale_num, out_width, rows_here);
        say(err, errlen, "the JPEG decodes to %s", detail);
        jpeg_destroy_decompress(&cinfo);
        return -1;
    }
    jpeg_start_decompress(&cinfo);
    /* Skipped in whole iMCU rows (2 at a time): a skip that ends inside one decodes that part. */
    JDIMENSION skip_rows = 2 * (JDIMENSION)(cinfo.max_v_samp_factor * cinfo.min_DCT_scaled_size);
    int pitch = out_width * 4;
    JSAMPARRAY batch = (*cinfo.mem->alloc_sarray)((j_common_ptr)&cinfo, JPOOL_IMAGE, (JDIMENSION)pitch, BATCH_ROWS);
    JSAMPARRAY ink = cmyk ? (*cinfo.mem->alloc_sarray)((j_common_ptr)&cinfo, JPOOL_IMAGE, cinfo.output_width * 4, 1) : NULL;
    /* The rows of `batch` are separate allocations: hand them over contiguous. */
    unsigned char *rows = (unsigned char *)(*cinfo.mem->alloc_large)((j_common_ptr)&cinfo, JPOOL_IMAGE, (size_t)pitch * BATCH_ROWS);
    for (int i = 0; i < BATCH_ROWS; i++) batch[i] = rows + (size_t)i * (size_t)pitch;
    int action = step(context, first_row, 0, NULL, pitch);
    while (cinfo.output_scanline < cinfo.output_height && action != KIOSK_JPEG_STOP) {
        JDIMENSION first = cinfo.output_scanline, left = cinfo.output_height - first;
        if (action == KIOSK_JPEG_SKIP) {
            /* A skip to the very end would not read the rest of the data (nor notice damage in
             * it): nothing asks for one, and it is taken as a stop. */
            if (skip_rows >= left) break;
            jpeg_skip_scanlines(&cinfo, skip_rows);
            action = step(context, first_row + (int)cinfo.output_scanline, 0, NULL, pitch);
            continue;
        }
        JDIMENSION got = 0, want = left < BATCH_ROWS ? left : BATCH_ROWS;
        while (got < want) {
            JDIMENSION n;
            if (cmyk) {
                n = jpeg_read_scanlines(&cinfo, ink, 1);
                if (n == 1) cmyk_row(ink[0], batch[got], out_width, cinfo.saw_Adobe_marker);
            } else {
                n = jpeg_read_scanlines(&cinfo, batch + got, want - got);
            }
            if (n == 0) {   /* a memory source never suspends; refuse rather than spin */
                say(err, errlen, "%s", "the JPEG decoder stopped giving rows");
                jpeg_destroy_decompress(&cinfo);
                return -1;
            }
            got += n;
        }
        action = step(context, first_row + (int)first, (int)got, rows, pitch);
    }
    if (cinfo.output_scanline == cinfo.output_height) {
        /* Reads up to the end marker, so damage after the last row is still noticed. */
        jpeg_finish_decompress(&cinfo);
    }
    jpeg_destroy_decompress(&cinfo);
    return 0;
}

int kiosk_jpeg_info(const unsigned char *data, size_t size, struct kiosk_jpeg_info *info, char *err, size_t errlen) {
    if (data == NULL || info == NULL) {
        say(err, errlen, "%s", "no data");
        return -1;
    }
    return decode(data, size, NULL, info, 8, 0, 0, NULL, NULL, err, errlen);
}

int kiosk_jpeg_header(const unsigned char *data, size_t size, int *width, int *height,
                      char *err, size_t errlen) {
    struct kiosk_jpeg_info info;
    if (width == NULL || height == NULL) {
        say(err, errlen, "%s", "no data");
        return -1;
    }
    int result = kiosk_jpeg_info(data, size, &info, err, errlen);
    if (result == 0) { *width = info.width; *height = info.height; }
    return result;
}

int kiosk_jpeg_decode_steps(const unsigned char *data, size_t size, int scale_num, int out_width, int out_height,
                            kiosk_jpeg_step_fn step, void *context, char *err, size_t errlen) {
    if (data == NULL || step == NULL) {
        say(err, errlen, "%s", "no data or nothing to take the rows");
        return -1;
    }
    if (scale_num < 1 || scale_num > 16 || out_width < 1 || out_height < 1) {
        say(err, errlen, "%s", "bad scale or size");
        return -1;
    }
    return decode(data, size, NULL, NULL, scale_num, out_width, out_height, step, context, err, errlen);
}

int kiosk_jpeg_decode_steps_from(const unsigned char *data, size_t size, const struct kiosk_jpeg_start *start, int scale_num,
                                 int out_width, int out_height, kiosk_jpeg_step_fn step, void *context, char *err, size_t errlen) {
    if (data == NULL || step == NULL || start == NULL) {
        say(err, errlen, "%s", "no data, no restart point or nothing to take the rows");
        return -1;
    }
    if (scale_num < 1 || scale_num > 8 || out_width < 1 || out_height < 1) {
        say(err, errlen, "%s", "bad scale or size");
        return -1;
    }
    return decode(data, size, start, NULL, scale_num, out_width, out_height, step, context, err, errlen);
}

/* kiosk_jpeg_decode's rows, copied where they belong. */
struct whole_picture { unsigned char *pixels; int pitch; };

static int copy_rows(void *context, int row, int count, const unsigned char *rows, int pitch) {
    struct whole_picture *picture = context;
    for (int i = 0; i < count; i++)
        memcpy(picture->pixels + (size_t)(row + i) * (size_t)picture->pitch, rows + (size_t)i * (size_t)pitch, (size_t)pitch);
    return KIOSK_JPEG_DECODE;
}

int kiosk_jpeg_decode(const unsigned char *data, size_t size, int scale_num,
                      unsigned char *pixels, int pitch, int out_width, int out_height,
                      char *err, size_t errlen) {
    if (data == NULL || pixels == NULL) {
        say(err, errlen, "%s", "no data or no pixels");
        return -1;
    }
    if (scale_num < 1 || scale_num > 16 || out_width < 1 || out_height < 1 || pitch / 4 < out_width) {
        say(err, errlen, "%s", "bad scale, size or row pitch");
        return -1;
    }
    struct whole_picture picture = { pixels, pitch };
    return decode(data, size, NULL, NULL, scale_num, out_width, out_height, copy_rows, &picture, err, errlen);
}

/* An EXIF segment (big-endian TIFF) holding only the orientation tag. */
static void write_orientation(j_compress_ptr cinfo, int orientation) {
    static const unsigned char head[] = {
        'E', 'x', 'i', 'f', 0, 0,
        'M', 'M', 0, 42, 0, 0, 0, 8,       /* TIFF header, IFD0 at 8 */
        0, 1,                              /* one entry */
        0x01, 0x12, 0, 3, 0, 0, 0, 1,      /* orientation, SHORT, one value */
    };
    unsigned char segment[sizeof head + 8];
    memcpy(segment, head, sizeof head);
    unsigned char tail[8] = {0, (unsigned char)orientation, 0, 0, 0, 0, 0, 0};   /* value, padding, no next IFD */
    memcpy(segment + sizeof head, tail, sizeof tail);
    jpeg_write_marker(cinfo, JPEG_APP0 + 1, segment, sizeof segment);
}

int kiosk_jpeg_encode(const unsigned char *pixels, int pitch, int width, int height, int quality,
                      int flags, int orientation, unsigned char **out, size_t *out_size,
                      char *err, size_t errlen) {
    struct jpeg_compress_struct cinfo;
    struct kiosk_error e;
    if (pixels == NULL || out == NULL || out_size == NULL || width < 1 || height < 1 || pitch / 4 < width) {
        say(err, errlen, "%s", "no pixels, no output or a bad size");
        return -1;
    }
    memset(&cinfo, 0, sizeof cinfo);
    cinfo.err = errors(&e);
    if (setjmp(e.jump)) {
        report(&e, err, errlen);
        jpeg_destroy_compress(&cinfo);
        free(e.buffer);
        return -1;
    }
    jpeg_create_compress(&cinfo);
    jpeg_mem_dest(&cinfo, &e.buffer, &e.buffer_size);
    int cmyk = (flags & KIOSK_JPEG_CMYK) != 0;
    cinfo.image_width = (JDIMENSION)width;
    cinfo.image_height = (JDIMENSION)height;
    cinfo.input_components = 4;
    cinfo.in_color_space = cmyk ? JCS_CMYK : XRGB_IN;
    jpeg_set_defaults(&cinfo);   /* 4:2:0 for colour; an Adobe segment for CMYK */
    if (flags & KIOSK_JPEG_GRAYSCALE) jpeg_set_colorspace(&cinfo, JCS_GRAYSCALE);
    jpeg_set_quality(&cinfo, quality, TRUE);
    if (flags & KIOSK_JPEG_PROGRESSIVE) jpeg_simple_progression(&cinfo);
    if (flags & KIOSK_JPEG_RESTARTS) cinfo.restart_in_rows = 1;   /* one restart marker a row of MCUs */
    jpeg_start_compress(&cinfo, TRUE);
    if (orientation >= 2 && orientation <= 8) write_orientation(&cinfo, orientation);
    JSAMPARRAY ink = cmyk ? (*cinfo.mem->alloc_sarray)((j_common_ptr)&cinfo, JPOOL_IMAGE, (JDIMENSION)width * 4, 1) : NULL;
    while (cinfo.next_scanline < cinfo.image_height) {
        JSAMPROW row = (JSAMPROW)(pixels + (size_t)cinfo.next_scanline * (size_t)pitch);
        if (cmyk) {
            /* Inverted CMYK as Photoshop writes it: K' is the brightest channel, C'M'Y' the
             * channels relative to it, so that R = C'·K'/255 and so on. */
            for (int x = 0; x < width; x++) {
                const unsigned char *p = row + 4 * x;
                unsigned char *q = ink[0] + 4 * x;
                unsigned r = p[R_AT], g = p[G_AT], b = p[B_AT];
                unsigned k = r > g ? (r > b ? r : b) : (g > b ? g : b);
                q[0] = k ? (unsigned char)((r * 255 + k / 2) / k) : 255;
                q[1] = k ? (unsigned char)((g * 255 + k / 2) / k) : 255;
                q[2] = k ? (unsigned char)((b * 255 + k / 2) / k) : 255;
                q[3] = (unsigned char)k;
            }
            row = ink[0];
        }
        jpeg_write_scanlines(&cinfo, &row, 1);
    }
    jpeg_finish_compress(&cinfo);
    jpeg_destroy_compress(&cinfo);
    *out = e.buffer;
    *out_size = e.buffer_size;
    return 0;
}

void kiosk_jpeg_free(unsigned char *buffer) { free(buffer); }
