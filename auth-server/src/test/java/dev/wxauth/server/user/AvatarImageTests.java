package dev.wxauth.server.user;

import java.util.Arrays;
import java.util.HexFormat;

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

}
