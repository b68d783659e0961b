package dev.wxauth.server.user;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.zip.CRC32;

import org.springframework.util.Assert;

/**
 * An avatar as a person uploads it, taken for what its bytes are, never for its file name or declared type: a PNG,
 * JPEG or WebP image whose own header gives its size, within {@value #MIN_SIDE} to {@value #MAX_SIDE} pixels a side
 * and at most {@value #MAX_BYTES} bytes. Its size is read from the header alone (PNG's {@code IHDR}, JPEG's start of
 * frame, WebP's {@code VP8 }, {@code VP8L} or {@code VP8X} chunk), every read checked against the length: the image
 * is never decoded,
 * so that no decoder ever meets untrusted bytes here; whoever shows the image decodes it, as it would any image on the
 * web. What the file says beyond the picture (EXIF with a photo's GPS position, XMP, comments, text chunks) is not
 * kept: {@link #bytes()} are the image without it ({@link AvatarMetadata}), never encoded again.
 *
 * @see <a href="https://www.w3.org/TR/png-3/#11IHDR">PNG, IHDR</a>
 * @see <a href="https://www.w3.org/Graphics/JPEG/itu-t81.pdf">ITU T.81, B.2.2 frame header</a>
 * @see <a href="https://developers.google.com/speed/webp/docs/riff_container">WebP container</a>
 */
public final class AvatarImage {

	/** WeChat's avatars (132 pixels a side) are a few kilobytes; a photo the person crops is well under this. */
	public static final int MAX_BYTES = 1024 * 1024;

	public static final int MIN_SIDE = 16;

	public static final int MAX_SIDE = 2048;

	private static final byte[] PNG_SIGNATURE = { (byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n' };

	private final String contentType;

	private final byte[] bytes;

	private final int width;

	private final int height;

	private AvatarImage(String contentType, byte[] bytes, int width, int height) {
		this.contentType = contentType;
		this.bytes = bytes;
		this.width = width;
		this.height = height;
	}

	/**
	 * @param bytes the uploaded file, as it came
	 * @return the image, its metadata stripped
	 * @throws InvalidAvatarException when the bytes are no PNG, JPEG or WebP image whose header can be read, or its
	 * size or dimensions are out of bounds
	 */
	public static AvatarImage of(byte[] bytes) {
		Assert.notNull(bytes, "bytes cannot be null");
		if (bytes.length > MAX_BYTES) {
			throw new InvalidAvatarException("The image is larger than " + MAX_BYTES + " bytes");
		}
		AvatarImage image;
		if (startsWith(bytes, 0, PNG_SIGNATURE)) {
			image = png(bytes);
		}
		else if (bytes.length >= 3 && unsigned(bytes[0]) == 0xFF && unsigned(bytes[1]) == 0xD8
				&& unsigned(bytes[2]) == 0xFF) {
			image = jpeg(bytes);
		}
		else if (bytes.length >= 12 && startsWith(bytes, 0, ascii("RIFF")) && startsWith(bytes, 8, ascii("WEBP"))) {
			image = webp(bytes);
		}
		else {
			throw new InvalidAvatarException("The file is not a PNG, JPEG or WebP image");
		}
		if (image.width < MIN_SIDE || image.height < MIN_SIDE || image.width > MAX_SIDE || image.height > MAX_SIDE) {
			throw new InvalidAvatarException("The image is " + image.width + " x " + image.height + " pixels: each side "
					+ "must be " + MIN_SIDE + " to " + MAX_SIDE + " pixels");
		}
		return new AvatarImage(image.contentType, AvatarMetadata.stripped(image.contentType, bytes), image.width,
				image.height);
	}

	/** {@code image/png}, {@code image/jpeg} or {@code image/webp}: what the bytes are. */
	public String contentType() {
		return this.contentType;
	}

	public byte[] bytes() {
		return this.bytes.clone();
	}

	public int width() {
		return this.width;
	}

	public int height() {
		return this.height;
	}

	@Override
	public String toString() {
		return "AvatarImage[" + this.contentType + ", " + this.width + "x" + this.height + ", " + this.bytes.length
				+ " bytes]";
	}

	/** The signature, then {@code IHDR} as the first chunk (13 bytes: width, height, ...) with its CRC. */
	private static AvatarImage png(byte[] bytes) {
		int ihdr = PNG_SIGNATURE.length;
		if (bytes.length < ihdr + 25 || int32(bytes, ihdr) != 13 || !startsWith(bytes, ihdr + 4, ascii("IHDR"))) {
			throw new InvalidAvatarException("The PNG image has no header (IHDR)");
		}
		CRC32 crc = new CRC32();
		crc.update(bytes, ihdr + 4, 17);
		if (crc.getValue() != (int32(bytes, ihdr + 21) & 0xFFFFFFFFL)) {
			throw new InvalidAvatarException("The PNG image's header (IHDR) is damaged");
		}
		// a width or height of 2^31 or more reads negative: out of bounds either way
		return new AvatarImage("image/png", bytes, int32(bytes, ihdr + 8), int32(bytes, ihdr + 12));
	}

	/**
	 * Segments from the start of image up to the first start of frame ({@code SOF0} to {@code SOF15} but
	 * {@code DHT}, {@code JPG} and {@code DAC}), whose header gives the height and width; image data or the end of the
	 * image before it leave the size unknown.
	 */
	private static AvatarImage jpeg(byte[] bytes) {
		int position = 2;
		while (true) {
			if (position >= bytes.length || unsigned(bytes[position]) != 0xFF) {
				throw new InvalidAvatarException("The JPEG image ends or breaks before its frame header");
			}
			while (position < bytes.length && unsigned(bytes[position]) == 0xFF) {
				// fill bytes before a marker
				position++;
			}
			if (position >= bytes.length) {
				throw new InvalidAvatarException("The JPEG image ends before its frame header");
			}
			int marker = unsigned(bytes[position++]);
			if (marker == 0x01 || (marker >= 0xD0 && marker <= 0xD7)) {
				// TEM and RSTn stand alone: no length follows
				continue;
			}
			if (marker == 0x00 || marker == 0xD8 || marker == 0xD9 || marker == 0xDA) {
				throw new InvalidAvatarException("The JPEG image has no frame header before its data");
			}
			if (position + 2 > bytes.length) {
				throw new InvalidAvatarException("The JPEG image ends before its frame header");
			}
			int length = uint16(bytes, position);
			if (length < 2 || position + length > bytes.length) {
				throw new InvalidAvatarException("The JPEG image has a segment longer than the file");
			}
			if (isStartOfFrame(marker)) {
				if (length < 8) {
					throw new InvalidAvatarException("The JPEG image's frame header is too short");
				}
				// length, sample precision, then the number of lines (height) and of samples per line (width)
				return new AvatarImage("image/jpeg", bytes, uint16(bytes, position + 5), uint16(bytes, position + 3));
			}
			position += length;
		}
	}

	private static boolean isStartOfFrame(int marker) {
		return marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC;
	}

	/**
	 * {@code RIFF}, the file's length, {@code WEBP}, then the first chunk: a lossy frame ({@code VP8 }: a key frame's
	 * start code, then 14-bit width and height), a lossless one ({@code VP8L}: its signature byte, then width - 1 and
	 * height - 1 in 14 bits each) or the extended header ({@code VP8X}: the canvas' width - 1 and height - 1 in 24 bits
	 * each). All little-endian.
	 */
	private static AvatarImage webp(byte[] bytes) {
		long riffLength = uint32LittleEndian(bytes, 4);
		if (riffLength < 4 || riffLength + 8 > bytes.length || bytes.length < 20) {
			throw new InvalidAvatarException("The WebP image is shorter than it says");
		}
		long chunkLength = uint32LittleEndian(bytes, 16);
		if (20 + chunkLength > riffLength + 8) {
			throw new InvalidAvatarException("The WebP image's first chunk is longer than the file");
		}
		if (startsWith(bytes, 12, ascii("VP8 ")) && chunkLength >= 10) {
			boolean keyFrame = (bytes[20] & 0x01) == 0;
			if (!keyFrame || unsigned(bytes[23]) != 0x9D || unsigned(bytes[24]) != 0x01
					|| unsigned(bytes[25]) != 0x2A) {
				throw new InvalidAvatarException("The WebP image's lossy frame has no key frame header");
			}
			return new AvatarImage("image/webp", bytes, uint16LittleEndian(bytes, 26) & 0x3FFF,
					uint16LittleEndian(bytes, 28) & 0x3FFF);
		}
		if (startsWith(bytes, 12, ascii("VP8L")) && chunkLength >= 5) {
			long bits = uint32LittleEndian(bytes, 21);
			if (unsigned(bytes[20]) != 0x2F || (bits >>> 29) != 0) {
				throw new InvalidAvatarException("The WebP image's lossless frame has no valid header");
			}
			return new AvatarImage("image/webp", bytes, (int) (bits & 0x3FFF) + 1, (int) ((bits >>> 14) & 0x3FFF) + 1);
		}
		if (startsWith(bytes, 12, ascii("VP8X")) && chunkLength >= 10) {
			return new AvatarImage("image/webp", bytes, uint24LittleEndian(bytes, 24) + 1,
					uint24LittleEndian(bytes, 27) + 1);
		}
		throw new InvalidAvatarException("The WebP image has no VP8, VP8L or VP8X header");
	}

	private static boolean startsWith(byte[] bytes, int offset, byte[] prefix) {
		return bytes.length - offset >= prefix.length
				&& Arrays.equals(bytes, offset, offset + prefix.length, prefix, 0, prefix.length);
	}

	private static byte[] ascii(String text) {
		return text.getBytes(StandardCharsets.US_ASCII);
	}

	private static int unsigned(byte b) {
		return b & 0xFF;
	}

	private static int uint16(byte[] bytes, int offset) {
		return (unsigned(bytes[offset]) << 8) | unsigned(bytes[offset + 1]);
	}

	private static int int32(byte[] bytes, int offset) {
		return (uint16(bytes, offset) << 16) | uint16(bytes, offset + 2);
	}

	private static int uint16LittleEndian(byte[] bytes, int offset) {
		return unsigned(bytes[offset]) | (unsigned(bytes[offset + 1]) << 8);
	}

	private static int uint24LittleEndian(byte[] bytes, int offset) {
		return uint16LittleEndian(bytes, offset) | (unsigned(bytes[offset + 2]) << 16);
	}

	private static long uint32LittleEndian(byte[] bytes, int offset) {
		return (uint16LittleEndian(bytes, offset) | ((long) uint16LittleEndian(bytes, offset + 2) << 16));
	}

	/** The bytes are not an avatar we take; the message says why, for the app's developer. */
	public static final class InvalidAvatarException extends RuntimeException {

		InvalidAvatarException(String message) {
			super(message);
		}

	}

}
