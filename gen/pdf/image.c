/* image.c — a report's images into the PDF. libharu loads PNGs and JPEGs; PDF/A-1 forbids
 * the soft mask libharu would write for a PNG's transparency, and PDF 1.4 16-bit samples,
 * so such a PNG is decoded by libpng, composited onto white in 8 bits, and loaded raw.
 * A JPEG is embedded as it is (DCTDecode), grey or RGB (the loader refused the others). */
#include <stdlib.h>
#include <string.h>

#include <png.h>

#include "pdf_int.h"

static HPDF_Image load_flattened(HPDF_Doc pdf, const struct image *im)
{
	png_image png;
	memset(&png, 0, sizeof png);
	png.version = PNG_IMAGE_VERSION;
	if (!png_image_begin_read_from_memory(&png, im->data, im->len))
		return NULL;
	bool grey = (png.format & PNG_FORMAT_FLAG_COLOR) == 0;
	png.format = grey ? PNG_FORMAT_GRAY : PNG_FORMAT_RGB;
	size_t size = PNG_IMAGE_SIZE(png);
	unsigned char *px = malloc(size ? size : 1);
	png_color white = {255, 255, 255};
	HPDF_Image img = NULL;
	if (px && png_image_finish_read(&png, &white, px, 0, NULL))
		img = HPDF_LoadRawImageFromMem(pdf, px, png.width, png.height,
					       grey ? HPDF_CS_DEVICE_GRAY : HPDF_CS_DEVICE_RGB, 8);
	png_image_free(&png);
	free(px);
	return img;
}

HPDF_Image pdf_image_load(HPDF_Doc pdf, const struct image *im)
{
	if (im->kind == IMAGE_JPEG)
		return HPDF_LoadJpegImageFromMem(pdf, im->data, (HPDF_UINT)im->len);
	if (im->flatten)
		return load_flattened(pdf, im);
	return HPDF_LoadPngImageFromMem(pdf, im->data, (HPDF_UINT)im->len);
}
