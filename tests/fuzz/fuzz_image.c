/* libFuzzer target: any bytes as a photo, through what the build does with
 * one: image_probe (format, size from the header, whole file, EXIF
 * orientation) as images_plan does, then, when it passes, image_render
 * (stb_image decode, turned upright, resized, encoded) as an images_run
 * worker does.  The pixel limit is lower than the default 100 megapixels
 * so that a header that claims a large picture is refused instead of
 * being decoded slowly; the code paths are the same. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "image.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct image_info info;
	char *why = NULL;
	if (image_probe(data, size, 1 << 20, &info, &why) < 0) {
		free(why);
		return 0;
	}
	if (image_orientation(data, size) != info.orientation)
		abort();
	struct image_config c = {.widths = {64}, .nwidths = 1, .quality = 82, .max_pixels = 1 << 20};
	unsigned char *out = NULL;
	size_t out_len;
	int w, h;
	if (image_render(data, size, &c, 64, &out, &out_len, &w, &h, &why) == 0) {
		/* never wider than asked for or than the picture, turned upright */
		if (w > 64 || w > info.width || h < 1)
			abort();
		free(out);
	} else {
		free(why);
	}
	return 0;
}
