#include "kiosk_pixels.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

/* Sixteen bytes (four pixels) at a time through the compiler's generic vectors: SSE2 on x86-64,
 * NEON on a Raspberry Pi, without a line of either. */
typedef uint8_t v16u8 __attribute__((vector_size(16)));
typedef uint8_t v8u8 __attribute__((vector_size(8)));
typedef uint16_t v8u16 __attribute__((vector_size(16)));
typedef uint32_t v4u32 __attribute__((vector_size(16)));

static inline v16u8 load16(const unsigned char *p) { v16u8 v; memcpy(&v, p, 16); return v; }
static inline void store16(unsigned char *p, v16u8 v) { memcpy(p, &v, 16); }

/* (d * (256 - a) + sa) >> 8 on eight channels; sa is s * a. At most 255 * 256: no overflow. */
static inline v8u16 mix8(v8u16 d, v8u16 sa, uint16_t keep) { return (d * keep + sa) >> 8; }

static inline v16u8 opaque(v16u8 v) {
    v4u32 w = (v4u32)v | 0xFF000000u;
    return (v16u8)w;
}

static inline uint32_t mix1(uint32_t d, uint32_t s, unsigned a) {
    uint32_t keep = 256 - a;
    uint32_t rb = (((d & 0xFF00FFu) * keep + (s & 0xFF00FFu) * a) >> 8) & 0xFF00FFu;
    uint32_t g = (((d & 0x00FF00u) * keep + (s & 0x00FF00u) * a) >> 8) & 0x00FF00u;
    return rb | g | 0xFF000000u;
}

void kiosk_blend_solid(unsigned char *dst, int dst_pitch, int w, int h, unsigned rgb, unsigned alpha) {
    if (w <= 0 || h <= 0) return;
    alpha &= 0xFF;
    const uint16_t keep = (uint16_t)(256 - alpha);
    /* The colour times alpha, channel by channel in memory order (B, G, R, X on little-endian). */
    uint32_t word = rgb | 0xFF000000u;
    uint8_t bytes[4];
    memcpy(bytes, &word, 4);
    v8u16 sa;
    for (int i = 0; i < 8; i++) sa[i] = (uint16_t)(bytes[i & 3] * alpha);
    for (int y = 0; y < h; y++) {
        unsigned char *row = dst + (size_t)y * dst_pitch;
        int x = 0;
        for (; x + 4 <= w; x += 4) {
            v16u8 d = load16(row + 4 * x);
            v8u8 lo = __builtin_shufflevector(d, d, 0, 1, 2, 3, 4, 5, 6, 7);
            v8u8 hi = __builtin_shufflevector(d, d, 8, 9, 10, 11, 12, 13, 14, 15);
            v8u8 l = __builtin_convertvector(mix8(__builtin_convertvector(lo, v8u16), sa, keep), v8u8);
            v8u8 u = __builtin_convertvector(mix8(__builtin_convertvector(hi, v8u16), sa, keep), v8u8);
            store16(row + 4 * x, opaque(__builtin_shufflevector(l, u, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15)));
        }
        for (; x < w; x++) {
            uint32_t d;
            memcpy(&d, row + 4 * x, 4);
            d = mix1(d, rgb, alpha);
            memcpy(row + 4 * x, &d, 4);
        }
    }
}

/* out = under + (over - under) * alpha / 256; `out` may be `under`. */
static void mix_row(unsigned char *out, const unsigned char *under, const unsigned char *over, int w, unsigned alpha) {
    const uint16_t keep = (uint16_t)(256 - alpha), a = (uint16_t)alpha;
    int x = 0;
    for (; x + 4 <= w; x += 4) {
        v16u8 d = load16(under + 4 * x), s = load16(over + 4 * x);
        v8u8 dl = __builtin_shufflevector(d, d, 0, 1, 2, 3, 4, 5, 6, 7);
        v8u8 dh = __builtin_shufflevector(d, d, 8, 9, 10, 11, 12, 13, 14, 15);
        v8u8 sl = __builtin_shufflevector(s, s, 0, 1, 2, 3, 4, 5, 6, 7);
        v8u8 sh = __builtin_shufflevector(s, s, 8, 9, 10, 11, 12, 13, 14, 15);
        v8u8 l = __builtin_convertvector(mix8(__builtin_convertvector(dl, v8u16), __builtin_convertvector(sl, v8u16) * a, keep), v8u8);
        v8u8 u = __builtin_convertvector(mix8(__builtin_convertvector(dh, v8u16), __builtin_convertvector(sh, v8u16) * a, keep), v8u8);
        store16(out + 4 * x, opaque(__builtin_shufflevector(l, u, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15)));
    }
    for (; x < w; x++) {
        uint32_t d, s;
        memcpy(&d, under + 4 * x, 4);
        memcpy(&s, over + 4 * x, 4);
        d = mix1(d, s, alpha);
        memcpy(out + 4 * x, &d, 4);
    }
}

static void blend_row(unsigned char *dst, const unsigned char *src, int w, unsigned alpha) { mix_row(dst, dst, src, w, alpha); }

void kiosk_mix_pixels(unsigned char *dst, int dst_pitch, const unsigned char *a, int a_pitch,
                      const unsigned char *b, int b_pitch, int w, int h, unsigned alpha) {
    if (w <= 0 || h <= 0) return;
    alpha &= 0xFF;
    for (int y = 0; y < h; y++)
        mix_row(dst + (size_t)y * dst_pitch, a + (size_t)y * a_pitch, b + (size_t)y * b_pitch, w, alpha);
}

void kiosk_blend_pixels(unsigned char *dst, int dst_pitch, const unsigned char *src, int src_pitch,
                        int w, int h, unsigned alpha) {
    if (w <= 0 || h <= 0) return;
    alpha &= 0xFF;
    for (int y = 0; y < h; y++) blend_row(dst + (size_t)y * dst_pitch, src + (size_t)y * src_pitch, w, alpha);
}

/* ---- Linear scaling -------------------------------------------------------------------------
 * SDL_SoftStretchLinear maps destination pixel i to the source position start + i * step in
 * 16.16 fixed point, where step = (src << 16) / dst and start = (step + 1) / 2 - 0.5; its weights
 * are that position's 7 fractional bits below the integer part. Destination pixels whose position
 * lies before the first source pixel (left padding) or whose integer part is past the second to
 * last (right padding) take the first or last source pixel alone. */

enum { PRECISION = 7, ONE = 1 << PRECISION };

struct axis {
    int64_t start;
    int step;
    int left_pad, right_pad;
};

static void axis_setup(int src_n, int dst_n, struct axis *a) {
    int step = (int)(((uint32_t)src_n << 16) / (uint32_t)dst_n);
    int64_t half = ((int64_t)step * 0x8000 + 0x8000) >> 16;
    a->start = half - 0x8000;
    a->step = step;
    a->left_pad = 0;
    a->right_pad = 0;
    int64_t fp = a->start;
    for (int i = 0; i < dst_n; i++) {
        if (fp < 0) a->left_pad++;
        else if ((int)((uint32_t)fp >> 16) > src_n - 2) a->right_pad++;
        fp += step;
    }
}

/* The source index and weight of the second of the two pixels, for destination pixel i. The
 * right padding's "second to last at full weight of the last" is written as "the last at weight
 * 0": the same value, without reading past the row. */
static void axis_at(const struct axis *a, int src_n, int dst_n, int i, int *index, int *frac) {
    if (i < a->left_pad) {
        *index = 0;
        *frac = 0;
    } else if (i > dst_n - 1 - a->right_pad) {
        *index = src_n - 1;
        *frac = 0;
    } else {
        int64_t fp = a->start + (int64_t)i * a->step;
        *index = (int)((uint32_t)fp >> 16);
        *frac = (int)((uint32_t)(fp >> (16 - PRECISION)) & (ONE - 1));
    }
}

int kiosk_stretch_linear(const unsigned char *src, int src_pitch, int src_w, int src_h,
                         int dst_w, int dst_h, int part_x, int part_y, int part_w, int part_h,
                         unsigned char *dst, int dst_pitch, unsigned alpha) {
    if (part_w <= 0 || part_h <= 0 || src_w <= 0 || src_h <= 0) return 0;
    alpha &= 0xFF;
    struct axis ax, ay;
    axis_setup(src_w, dst_w, &ax);
    axis_setup(src_h, dst_h, &ay);

    /* Per destination column: the source column and the pair of weights (1 - f, f) as the two
     * 16-bit halves of a word, for a multiply-add. */
    int *column = malloc(sizeof(int) * (size_t)part_w);
    int32_t *weights = malloc(sizeof(int32_t) * (size_t)part_w);
    int first = src_w, last = 0;
    for (int j = 0; j < part_w; j++) {
        int index, frac;
        axis_at(&ax, src_w, dst_w, part_x + j, &index, &frac);
        column[j] = index;
        weights[j] = (int32_t)((uint32_t)(ONE - frac) | (uint32_t)frac << 16);
        if (index < first) first = index;
        if (index > last) last = index;
    }
    /* The vertically mixed source row, columns first…last + 1, 4 channels of 16 bits each, with
     * a zero pixel after the row's end (read only at weight 0). */
    int span = last - first + 2;
    int have = (last + 1 < src_w ? last + 1 : src_w - 1) - first + 1;
    uint16_t *mixed = calloc((size_t)span * 4 + 8, sizeof(uint16_t));
    unsigned char *line = alpha == 255 ? NULL : malloc((size_t)part_w * 4 + 16);
    if (!column || !weights || !mixed || (alpha != 255 && !line)) {
        free(column); free(weights); free(mixed); free(line);
        return -1;
    }

    for (int r = 0; r < part_h; r++) {
        int i = part_y + r, row0, frac;
        axis_at(&ay, src_h, dst_h, i, &row0, &frac);
        /* The right padding's last row is row0 at weight 0; the next row is read only then. */
        int row1 = row0 + 1 < src_h ? row0 + 1 : row0;
        const uint16_t f1 = (uint16_t)frac, f0 = (uint16_t)(ONE - frac);
        const unsigned char *s0 = src + (size_t)row0 * src_pitch + 4 * (size_t)first;
        const unsigned char *s1 = src + (size_t)row1 * src_pitch + 4 * (size_t)first;
        int c = 0;
        for (; c + 2 <= have; c += 2) {
            v8u8 a, b;
            memcpy(&a, s0 + 4 * c, 8);
            memcpy(&b, s1 + 4 * c, 8);
            v8u16 v = __builtin_convertvector(a, v8u16) * f0 + __builtin_convertvector(b, v8u16) * f1;
            memcpy(mixed + 4 * c, &v, 16);
        }
        for (; c < have; c++)
            for (int k = 0; k < 4; k++) mixed[4 * c + k] = (uint16_t)(s0[4 * c + k] * f0 + s1[4 * c + k] * f1);

        unsigned char *out = line ? line : dst + (size_t)r * dst_pitch;
        int j = 0;
#if defined(__SSE2__)
        for (; j + 4 <= part_w; j += 4) {
            __m128i sums[4];
            for (int k = 0; k < 4; k++) {
                /* Both pixels' channels, interleaved (p0c0 p1c0 p0c1 p1c1 …), times (1 - f, f). */
                __m128i pair = _mm_loadu_si128((const __m128i *)(mixed + 4 * (column[j + k] - first)));
                __m128i woven = _mm_unpacklo_epi16(pair, _mm_srli_si128(pair, 8));
                sums[k] = _mm_srli_epi32(_mm_madd_epi16(woven, _mm_set1_epi32(weights[j + k])), 2 * PRECISION);
            }
            __m128i p01 = _mm_packs_epi32(sums[0], sums[1]), p23 = _mm_packs_epi32(sums[2], sums[3]);
            _mm_storeu_si128((__m128i *)(out + 4 * j), _mm_packus_epi16(p01, p23));
        }
#endif
        for (; j < part_w; j++) {
            const uint16_t *p = mixed + 4 * (column[j] - first);
            uint32_t w0 = (uint32_t)weights[j] & 0xFFFF, w1 = (uint32_t)weights[j] >> 16;
            for (int k = 0; k < 4; k++) out[4 * j + k] = (unsigned char)((p[k] * w0 + p[4 + k] * w1) >> (2 * PRECISION));
        }
        if (line) blend_row(dst + (size_t)r * dst_pitch, line, part_w, alpha);
    }
    free(column);
    free(weights);
    free(mixed);
    free(line);
    return 0;
}
