package dev.wxauth.server.user;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * What {@link AvatarImage} reads from each format's header, and the broken, truncated and disguised files it refuses,
 * byte by byte (the HTTP tests upload real PNG, JPEG and WebP files).
 */
class AvatarImageTests {

	static byte[] hex(String hex) {
		return HexFormat.of().parseHex(hex.replace(" ", ""));
	}

	/** A PNG's signature and IHDR (with its CRC) for the size, then IEND. */
	static byte[] png(int width, int height) {
		byte[] ihdr = hex("0000000d 49484452" + "%08x%08x".formatted(width, height) + "08020000 00");
		java.util.zip.CRC32 crc = new java.util.zip.CRC32();
		crc.update(ihdr, 4, 17);
		return concat(hex("89504e470d0a1a0a"), ihdr, hex("%08x".formatted(crc.getValue())),
				hex("00000000 49454e44 ae426082"));
	}

	static byte[] concat(byte[]... parts) {
		byte[] all = new byte[0];
		for (byte[] part : parts) {
			int at = all.length;
			all = Arrays.copyOf(all, at + part.length);
			System.arraycopy(part, 0, all, at, part.length);
		}
		return all;
	}

	static byte[] riff(String chunk, byte[] data) {
		byte[] padded = Arrays.copyOf(data, data.length + (data.length % 2));
		int length = 4 + 8 + padded.length;
		return concat("RIFF".getBytes(), le32(length), "WEBP".getBytes(), chunk.getBytes(), le32(data.length), padded);
	}

	static byte[] le32(int value) {
		return new byte[] { (byte) value, (byte) (value >> 8), (byte) (value >> 16), (byte) (value >> 24) };
	}

	static void assertRefused(byte[] bytes) {
		assertThatExceptionOfType(AvatarImage.InvalidAvatarException.class).isThrownBy(() -> AvatarImage.of(bytes));
	}

	@Test
	void ofWhenPngThenSizeFromIhdr() {
		AvatarImage image = AvatarImage.of(png(132, 64));

		assertThat(image.contentType()).isEqualTo("image/png");
		assertThat(image.width()).isEqualTo(132);
		assertThat(image.height()).isEqualTo(64);
	}

	@Test
	void ofWhenPngHeaderDamagedOrTruncatedThenRefused() {
		byte[] damaged = png(64, 64);
		damaged[18]++;

		assertRefused(damaged);
		assertRefused(Arrays.copyOf(png(64, 64), 30));
		assertRefused(png(0x80000000, 64));
		assertRefused(png(64, 2049));
		assertRefused(png(15, 64));
	}

	@Test
	void ofWhenJpegThenSizeFromTheFirstFrameHeaderAfterOtherSegments() {
		// SOI, APP0 (JFIF), fill bytes, a progressive frame header (SOF2): 8 bits, 120 lines, 200 samples a line
		byte[] jpeg = hex("ffd8 ffe0 0010 4a46494600 0101 00 0001 0001 00 00 ffff ffc2 0011 08 0078 00c8 03 012200"
				+ " 021101 031101 ffda");

		AvatarImage image = AvatarImage.of(jpeg);

		assertThat(image.contentType()).isEqualTo("image/jpeg");
		assertThat(image.width()).isEqualTo(200);
		assertThat(image.height()).isEqualTo(120);
	}

	@Test
	void ofWhenJpegWithoutAFrameHeaderOrBrokenThenRefused() {
		assertRefused(hex("ffd8 ffda 0008 0102030405 ffd9"));
		assertRefused(hex("ffd8 ffe0 0010 4a4649"));
		assertRefused(hex("ffd8 ffe0 0001 ffc0"));
		assertRefused(hex("ffd8 ff"));
		assertRefused(hex("ffd8 ffc4 0004 0000 ffd9"));
		assertRefused(hex("ffd8 ffc0 0006 08 0010 00"));
	}

	@Test
	void ofWhenWebpLossyThenSizeFromTheKeyFrame() {
		// frame tag (key frame), start code, 14-bit width and height with a scale in the two bits above
		byte[] vp8 = hex("9d0100 9d012a 4000 2040 000000");
		vp8[0] = 0x50;

		AvatarImage image = AvatarImage.of(riff("VP8 ", vp8));

		assertThat(image.contentType()).isEqualTo("image/webp");
		assertThat(image.width()).isEqualTo(64);
		assertThat(image.height()).isEqualTo(32);
	}

	@Test
	void ofWhenWebpExtendedThenSizeFromTheCanvas() {
		AvatarImage image = AvatarImage.of(riff("VP8X", hex("10 000000 ff0100 7f0000")));

		assertThat(image.width()).isEqualTo(512);
		assertThat(image.height()).isEqualTo(128);
	}

	@Test
	void ofWhenWebpBrokenThenRefused() {
		byte[] lossless = riff("VP8L", hex("2f1fc007008888fe07"));
		assertThat(AvatarImage.of(lossless).width()).isEqualTo(32);

		assertRefused(Arrays.copyOf(lossless, lossless.length - 4));
		assertRefused(riff("VP8L", hex("2e1fc007008888fe07")));
		assertRefused(riff("VP8 ", hex("9d0100 000000 4000 2000 00")));
		assertRefused(riff("ALPH", hex("00000000000000000000")));
		assertRefused(riff("VP8X", hex("10 000000 ff0f00 7f0000")));
		assertRefused(hex("52494646 04000000 57454250"));
	}

	@Test
	void ofWhenAnythingElseThenRefused() {
		assertRefused("<svg xmlns=\"http://www.w3.org/2000/svg\"><script>alert(1)</script></svg>".getBytes());
		assertRefused("GIF89a".getBytes());
		assertRefused(new byte[0]);
		assertRefused(hex("424d"));
		assertRefused(concat(png(64, 64), new byte[1024 * 1024]));
	}

	// ---- metadata stripped ----

	/** A JPEG marker segment: the marker, its length, its data. */
	static byte[] segment(int marker, byte[] data) {
		return concat(new byte[] { (byte) 0xFF, (byte) marker, (byte) ((data.length + 2) >> 8), (byte) (data.length + 2) },
				data);
	}

	static byte[] ascii(String text) {
		return text.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
	}

	/** A PNG chunk: its length, type, data and CRC. */
	static byte[] chunk(String type, byte[] data) {
		byte[] typed = concat(ascii(type), data);
		java.util.zip.CRC32 crc = new java.util.zip.CRC32();
		crc.update(typed);
		return concat(hex("%08x".formatted(data.length)), typed, hex("%08x".formatted(crc.getValue())));
	}

	/** A RIFF chunk of a WebP: its FourCC, little-endian length, data and padding to an even length. */
	static byte[] riffChunk(String fourCc, byte[] data) {
		return concat(ascii(fourCc), le32(data.length), Arrays.copyOf(data, data.length + (data.length % 2)));
	}

	static byte[] webp(byte[]... chunks) {
		byte[] all = concat(chunks);
		return concat(ascii("RIFF"), le32(4 + all.length), ascii("WEBP"), all);
	}

	static final String GPS = "GPSLatitude 31.2304 N GPSLongitude 121.4737 E";

	@Test
	void ofWhenJpegCarriesExifXmpCommentsAndATrailerThenOnlyWhatDecodesItIsKept() {
		byte[] jfifWithThumbnail = concat(ascii("JFIF\0"), hex("0102 01 0048 0048 01 01"), hex("ff0000"));
		byte[] jfif = concat(ascii("JFIF\0"), hex("0102 01 0048 0048 00 00"));
		byte[] icc = concat(ascii("ICC_PROFILE\0"), hex("0101"), ascii("a colour profile"));
		byte[] adobe = concat(ascii("Adobe"), hex("0064 0000 0000 01"));
		byte[] quantization = segment(0xDB, concat(hex("00"), new byte[64]));
		byte[] frame = segment(0xC0, hex("08 0078 00c8 01 011100"));
		byte[] huffman = segment(0xC4, concat(hex("00"), new byte[16]));
		byte[] scan = segment(0xDA, hex("01 0100 003f00"));
		// entropy-coded data: a stuffed 0xFF and a restart marker are data, not segments
		byte[] data = hex("12ff0034 ffd0 5678");
		byte[] jpeg = concat(hex("ffd8"), segment(0xE0, jfifWithThumbnail), segment(0xE1, concat(ascii("Exif\0\0"),
				ascii(GPS))), segment(0xE1, concat(ascii("http://ns.adobe.com/xap/1.0/\0"), ascii("<x:xmpmeta>" + GPS))),
				segment(0xE2, icc), segment(0xED, concat(ascii("Photoshop 3.0\0"), ascii(GPS))), segment(0xEE, adobe),
				segment(0xFE, ascii(GPS)), quantization, frame, huffman, scan, data,
				segment(0xE1, concat(ascii("Exif\0\0"), ascii(GPS))), scan, data, hex("ffd9"), ascii(GPS));

		AvatarImage image = AvatarImage.of(jpeg);

		assertThat(image.bytes()).isEqualTo(concat(hex("ffd8"), segment(0xE0, jfif), segment(0xE2, icc),
				segment(0xEE, adobe), quantization, frame, huffman, scan, data, scan, data, hex("ffd9")));
		assertThat(new String(image.bytes(), java.nio.charset.StandardCharsets.ISO_8859_1)).doesNotContain("GPS");
		assertThat(image.width()).isEqualTo(200);
		assertThat(image.height()).isEqualTo(120);
	}

	@Test
	void ofWhenPngCarriesTextExifAndTimeChunksThenOnlyWhatDrawsItIsKept() {
		byte[] signatureAndHeader = Arrays.copyOf(png(64, 64), 33);
		byte[] gamma = chunk("gAMA", hex("0000b18f"));
		byte[] transparency = chunk("tRNS", hex("0000"));
		byte[] data = chunk("IDAT", hex("789c 6300 0000 0100 01"));
		byte[] end = chunk("IEND", new byte[0]);
		byte[] png = concat(signatureAndHeader, chunk("tEXt", ascii("Comment\0" + GPS)), gamma,
				chunk("zTXt", concat(ascii("Raw profile type exif\0\0"), hex("789c0300000000 01"))),
				chunk("iTXt", ascii("XML:com.adobe.xmp\0\0\0\0\0<x:xmpmeta>" + GPS)),
				chunk("eXIf", concat(hex("4d4d002a"), ascii(GPS))), chunk("tIME", hex("07ea 0b 1e 10 00 00")),
				chunk("gpSx", ascii(GPS)), transparency, data, end, ascii(GPS));

		AvatarImage image = AvatarImage.of(png);

		assertThat(image.bytes()).isEqualTo(concat(signatureAndHeader, gamma, transparency, data, end));
		assertThat(image.width()).isEqualTo(64);
	}

	@Test
	void ofWhenWebpCarriesExifAndXmpChunksThenTheyAndTheirFlagsGo() {
		// VP8X with the ICC profile, EXIF and XMP flags set; a 32 x 32 canvas
		byte[] icc = riffChunk("ICCP", ascii("a colour profile"));
		byte[] lossless = riffChunk("VP8L", hex("2f1fc007008888fe07"));
		byte[] webp = webp(riffChunk("VP8X", hex("2c 000000 1f0000 1f0000")), icc, lossless,
				riffChunk("EXIF", concat(hex("4d4d002a"), ascii(GPS))), riffChunk("XMP ", ascii("<x:xmpmeta>" + GPS)),
				riffChunk("GPS!", ascii(GPS)));

		AvatarImage image = AvatarImage.of(concat(webp, ascii(GPS)));

		assertThat(image.bytes()).isEqualTo(webp(riffChunk("VP8X", hex("20 000000 1f0000 1f0000")), icc, lossless));
		assertThat(image.width()).isEqualTo(32);
	}

	@Test
	void ofWhenAnImageWithMetadataIsCutShortOrDamagedThenTakenOrRefusedNeverAnotherFailure() {
		byte[] jpeg = concat(hex("ffd8"), segment(0xE1, concat(ascii("Exif\0\0"), ascii(GPS))),
				segment(0xC0, hex("08 0078 00c8 01 011100")), segment(0xDA, hex("01 0100 003f00")), hex("12ff0034 ffd9"));
		byte[] png = concat(Arrays.copyOf(png(64, 64), 33), chunk("tEXt", ascii(GPS)), chunk("IEND", new byte[0]));
		byte[] webp = webp(riffChunk("VP8X", hex("2c 000000 1f0000 1f0000")), riffChunk("EXIF", ascii(GPS)),
				riffChunk("ANMF", concat(new byte[16], riffChunk("VP8L", hex("2f1fc007008888fe07")))));
		java.util.Random random = new java.util.Random(18);
		for (byte[] image : List.of(jpeg, png, webp)) {
			for (int length = 0; length <= image.length; length++) {
				takenOrRefused(Arrays.copyOf(image, length));
			}
			for (int i = 0; i < 2000; i++) {
				byte[] damaged = image.clone();
				damaged[random.nextInt(damaged.length)] = (byte) random.nextInt(256);
				takenOrRefused(damaged);
			}
		}
	}

	static void takenOrRefused(byte[] bytes) {
		try {
			AvatarImage image = AvatarImage.of(bytes);
			assertThat(image.bytes().length).isLessThanOrEqualTo(bytes.length);
		}
		catch (AvatarImage.InvalidAvatarException ex) {
			// refused: as good as taken
		}
	}

	@Test
	void ofWhenNoMetadataThenTheBytesAsTheyCame() {
		byte[] lossless = riff("VP8L", hex("2f1fc007008888fe07"));

		assertThat(AvatarImage.of(png(64, 64)).bytes()).isEqualTo(png(64, 64));
		assertThat(AvatarImage.of(lossless).bytes()).isEqualTo(lossless);
	}

}
