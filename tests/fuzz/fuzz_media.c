/* libFuzzer target: any bytes as an MP3, MP4, Ogg and WebM file, through
 * media_duration as a build reads a page's audio and video: no read past
 * the end, no hang, and a duration, when one is given, within
 * MEDIA_MAX_MS. */
#include <stdint.h>
#include <stdlib.h>

#include "media.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const enum media_container all[] = {MEDIA_MP3, MEDIA_MP4, MEDIA_OGG, MEDIA_WEBM};
	for (size_t i = 0; i < sizeof all / sizeof *all; i++) {
		uint64_t ms;
		const char *why;
		int r = media_duration(data, size, all[i], &ms, &why);
		if ((r == 0 && (ms > MEDIA_MAX_MS || why != NULL)) || (r != 0 && why == NULL))
			abort();
	}
	return 0;
}
