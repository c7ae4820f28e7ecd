/* image.c — what an image file is: its kind, size and colours, and whether it can be read to
 * its end, by libpng and libjpeg (its pixels are read a row at a time and dropped: a file cut
 * short or damaged after a good header is refused here, with its place, instead of drawn half
 * by the readers or left out of the PDF; gen/pdf/image.c draws it). Nothing is printed: both
 * libraries' messages are silenced. */
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jpeglib.h>
#include <png.h>

#include "../i18n.h"
#include "../model.h"
#include "load.h"

/* ---- JPEG ---- */

/* libjpeg reports errors by calling error_exit, which must not return: back to the reader. */
struct jpeg_err {
	struct jpeg_error_mgr mgr;
	jmp_buf back;
};

static void jpeg_fail(j_common_ptr cinfo)
{
	longjmp(((struct jpeg_err *)cinfo->err)->back, 1);
}

static void jpeg_quiet(j_common_ptr cinfo)
{
	(void)cinfo; /* a warning ("premature end of JPEG file") is counted, not printed */
}

static const char *probe_jpeg(const unsigned char *data, size_t len, struct image *im)
{
	struct jpeg_decompress_struct cinfo;
	struct jpeg_err err;
	const char *volatile why = NULL; /* kept across the longjmp */
	cinfo.err = jpeg_std_error(&err.mgr);
	err.mgr.error_exit = jpeg_fail;
	err.mgr.output_message = jpeg_quiet;
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
		why = N_("a CMYK JPEG (as printers' software saves them), which the archived PDF, in "
		      "sRGB, cannot hold: save it as an RGB JPEG or a PNG");
	else if (cinfo.num_components != 1 && cinfo.num_components != 3)
		why = N_("a JPEG whose colours are neither grey nor RGB: save it as an RGB JPEG");
	else if (cinfo.data_precision != 8)
		why = N_("a JPEG of more than 8 bits a sample, which PDF readers do not draw: save it "
		      "as an ordinary JPEG");
	else if (cinfo.arith_code)
		why = N_("a JPEG with arithmetic coding, which PDF readers do not draw: save it as an "
		      "ordinary JPEG");
	if (!why && (double)im->width * im->height <= IMAGE_MAX_PIXELS) {
		/* every scan decoded (at an eighth of the size: the data is all read, the most of
		 * the arithmetic left out); a cut or damaged one leaves a warning */
		cinfo.scale_num = 1;
		cinfo.scale_denom = 8;
		cinfo.dct_method = JDCT_IFAST;
		cinfo.do_fancy_upsampling = FALSE;
		jpeg_start_decompress(&cinfo);
		JSAMPARRAY row = (*cinfo.mem->alloc_sarray)((j_common_ptr)&cinfo, JPOOL_IMAGE,
							     cinfo.output_width *
								     (JDIMENSION)cinfo.output_components,
							     1);
		while (cinfo.output_scanline < cinfo.output_height)
			jpeg_read_scanlines(&cinfo, row, 1);
		jpeg_finish_decompress(&cinfo);
		if (err.mgr.num_warnings > 0)
			why = N_("a JPEG image cut short or damaged (it cannot be read to its end)");
	}
	jpeg_destroy_decompress(&cinfo);
	return why;
}

/* ---- PNG ---- */

struct png_src {
	const unsigned char *p;
	size_t n, at;
};

static void png_from_memory(png_structp png, png_bytep out, size_t len)
{
	struct png_src *s = png_get_io_ptr(png);
	if (s->n - s->at < len)
		png_error(png, "cut short");
	memcpy(out, s->p + s->at, len);
	s->at += len;
}

static void png_quiet(png_structp png, png_const_charp msg)
{
	(void)png, (void)msg; /* a damaged ancillary chunk is dropped by libpng, not printed */
}

static void png_fail(png_structp png, png_const_charp msg)
{
	(void)msg;
	png_longjmp(png, 1);
}

static const char *probe_png(const unsigned char *data, size_t len, struct image *im)
{
	struct png_src src = {data, len, 0};
	png_structp png = png_create_read_struct(PNG_LIBPNG_VER_STRING, NULL, png_fail, png_quiet);
	png_infop info = png ? png_create_info_struct(png) : NULL;
	png_bytep volatile row = NULL; /* kept across the longjmp */
	if (!png || !info) {
		png_destroy_read_struct(&png, &info, NULL);
		return N_("not a PNG image that can be read (a damaged or cut file?)");
	}
	if (setjmp(png_jmpbuf(png))) {
		free(row);
		png_destroy_read_struct(&png, &info, NULL);
		return N_("not a PNG image that can be read (a damaged or cut file?)");
	}
	png_set_read_fn(png, &src, png_from_memory);
	png_read_info(png, info);
	im->kind = IMAGE_PNG;
	im->width = (int)png_get_image_width(png, info);
	im->height = (int)png_get_image_height(png, info);
	/* transparency (an alpha channel or a tRNS colour) or 16-bit samples: flattened */
	im->flatten = (png_get_color_type(png, info) & PNG_COLOR_MASK_ALPHA) ||
		      png_get_valid(png, info, PNG_INFO_tRNS) || png_get_bit_depth(png, info) == 16;
	if ((double)im->width * im->height <= IMAGE_MAX_PIXELS) {
		/* every row of every pass read, one row's room at a time, to the end */
		int passes = png_set_interlace_handling(png);
		png_read_update_info(png, info);
		row = malloc(png_get_rowbytes(png, info) + 1);
		if (!row)
			png_error(png, "out of memory");
		for (int pass = 0; pass < passes; pass++)
			for (int y = 0; y < im->height; y++)
				png_read_row(png, row, NULL);
		png_read_end(png, NULL);
	}
	free(row);
	png_destroy_read_struct(&png, &info, NULL);
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
