/* image.c — what an image file is: its kind, size and colours, read from its header by
 * libpng and libjpeg (nothing decoded here; gen/pdf/image.c draws it). */
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jpeglib.h>
#include <png.h>

#include "../i18n.h"
#include "load.h"

/* libjpeg reports errors by calling error_exit, which must not return: back to the reader. */
struct jpeg_err {
	struct jpeg_error_mgr mgr;
	jmp_buf back;
};

static void jpeg_fail(j_common_ptr cinfo)
{
	longjmp(((struct jpeg_err *)cinfo->err)->back, 1);
}

static const char *probe_jpeg(const unsigned char *data, size_t len, struct image *im)
{
	struct jpeg_decompress_struct cinfo;
	struct jpeg_err err;
	const char *volatile why = NULL; /* kept across the longjmp */
	cinfo.err = jpeg_std_error(&err.mgr);
	err.mgr.error_exit = jpeg_fail;
	if (setjmp(err.back)) {
		jpeg_destroy_decompress(&cinfo);
		return N_("not a JPEG image that can be read (a damaged or cut file?)");
	}
	jpeg_create_decompress(&cinfo);
	jpeg_mem_src(&cinfo, data, (unsigned long)len);
	jpeg_read_header(&cinfo, TRUE);
	im->kind = IMAGE_JPEG;
	im->width = (int)cinfo.image_width;
	im->height = (int)cinfo.image_height;
	if (cinfo.jpeg_color_space == JCS_CMYK || cinfo.jpeg_color_space == JCS_YCCK)
		why = N_("a CMYK JPEG (as printers' software saves them) cannot go into the archived "
		      "PDF, whose colours are sRGB: save it as an RGB JPEG or a PNG");
	else if (cinfo.num_components != 1 && cinfo.num_components != 3)
		why = N_("a JPEG whose colours are neither grey nor RGB: save it as an RGB JPEG");
	else if (cinfo.data_precision != 8)
		why = N_("a JPEG of more than 8 bits a sample, which PDF readers do not draw: save it "
		      "as an ordinary JPEG");
	else if (cinfo.arith_code)
		why = N_("a JPEG with arithmetic coding, which PDF readers do not draw: save it as an "
		      "ordinary JPEG");
	jpeg_destroy_decompress(&cinfo);
	return why;
}

static const char *probe_png(const unsigned char *data, size_t len, struct image *im)
{
	png_image png;
	memset(&png, 0, sizeof png);
	png.version = PNG_IMAGE_VERSION;
	if (!png_image_begin_read_from_memory(&png, data, len))
		return N_("not a PNG image that can be read (a damaged or cut file?)");
	im->kind = IMAGE_PNG;
	im->width = (int)png.width;
	im->height = (int)png.height;
	/* transparency (an alpha channel or a tRNS colour) or 16-bit samples: flattened */
	im->flatten = (png.format & (PNG_FORMAT_FLAG_ALPHA | PNG_FORMAT_FLAG_LINEAR)) != 0;
	png_image_free(&png);
	return NULL;
}

const char *image_probe(const unsigned char *data, size_t len, struct image *im)
{
	if (len >= 8 && png_sig_cmp(data, 0, 8) == 0)
		return probe_png(data, len, im);
	if (len >= 3 && data[0] == 0xFF && data[1] == 0xD8 && data[2] == 0xFF)
		return probe_jpeg(data, len, im);
	return N_("not a PNG or JPEG image (save it as PNG or JPEG)");
}

void image_free(cmark_mem *mem, void *p)
{
	(void)mem;
	struct image *im = p;
	if (!im)
		return;
	free(im->name);
	free(im->data);
	free(im);
}
