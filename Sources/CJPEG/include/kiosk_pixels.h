#ifndef KIOSK_PIXELS_H
#define KIOSK_PIXELS_H

/*
 * The blends and the linear scaling that SDL's software renderer spends most of a crossfade or a
 * scene fade in, done on 4–8 pixels at a time, with SDL's own arithmetic so the pixels are SDL's
 * to the bit:
 *
 * - a blend with a constant alpha (a translucent fill, a picture at an opacity) is, per channel,
 *   d + (s - d) * a / 256 rounded down, which is (d * (256 - a) + s * a) >> 8; SDL's blitters
 *   for an opaque 32-bit source with a surface alpha (the MMX/SSE loop and the RLE one) compute
 *   exactly that, and set the X byte to 0xFF;
 * - linear scaling is SDL_SoftStretchLinear's SSE2/NEON path: 7-bit weights, the vertical sum
 *   kept whole and the horizontal one shifted by 14, with its edge padding.
 *
 * Pixels are 32-bit XRGB words (SDL_PIXELFORMAT_RGB888); pitches are in bytes. Rectangles are
 * already clipped by the caller: every pixel named is read or written.
 */

#ifdef __cplusplus
extern "C" {
#endif

/* dst = dst + (rgb - dst) * alpha / 256 over `w`×`h` pixels (alpha 0…255). */
void kiosk_blend_solid(unsigned char *dst, int dst_pitch, int w, int h, unsigned rgb, unsigned alpha);

/* dst = dst + (src - dst) * alpha / 256 over `w`×`h` pixels (alpha 0…255). */
void kiosk_blend_pixels(unsigned char *dst, int dst_pitch, const unsigned char *src, int src_pitch,
                        int w, int h, unsigned alpha);

/* dst = a + (b - a) * alpha / 256 over `w`×`h` pixels: `a` copied, then `b` blended over it. */
void kiosk_mix_pixels(unsigned char *dst, int dst_pitch, const unsigned char *a, int a_pitch,
                      const unsigned char *b, int b_pitch, int w, int h, unsigned alpha);

/* The part (`part_x`, `part_y`, `part_w`×`part_h`) of `src` (`src_w`×`src_h`) scaled linearly to
 * `dst_w`×`dst_h`, as SDL_SoftStretchLinear makes that whole picture; written to `dst` (the
 * part's top-left pixel) when `alpha` is 255, blended over it as above otherwise. The part lies
 * inside the scaled picture; sizes are at most 65535. Returns 0, or -1 when out of memory (then
 * nothing is written). */
int kiosk_stretch_linear(const unsigned char *src, int src_pitch, int src_w, int src_h,
                         int dst_w, int dst_h, int part_x, int part_y, int part_w, int part_h,
                         unsigned char *dst, int dst_pitch, unsigned alpha);

#ifdef __cplusplus
}
#endif

#endif
